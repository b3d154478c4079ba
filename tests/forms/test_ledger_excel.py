"""Excel ledger import and export, on workbooks the tests make with openpyxl."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import openpyxl
import pytest

from forms import demo, ledger, people, projects, units
from forms.errors import UserError
from forms.ledger import values
from forms.ledger.snapshot import Snapshot
from forms.workspace import Workspace

from . import ledger_sheets as sheets


def change_count(ws) -> int:
    return ws.db.execute("SELECT count(*) FROM changes").fetchone()[0]


def by_code(ws) -> dict[str, dict]:
    return {p["code"]: p for p in projects.all_projects(ws)}


def people_of(ws, project_id: str, role: str) -> list[str]:
    return sorted(
        p["name"] for p in people.assigned_people(ws, project_id) if p["assignment_role"] == role
    )


def test_clean_sheet_dry_run_writes_nothing_then_apply(ws, tmp_path):
    path = sheets.clean(tmp_path / "clean.xlsx")
    plan = ledger.dry_run(ws, path)
    assert (plan.count("create"), plan.count("update"), plan.errors) == (3, 0, [])
    assert change_count(ws) == 0 and projects.count(ws) == 0

    result = ledger.apply(ws, plan)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    got = by_code(ws)
    first = got["XM001"]
    assert first["name"] == "年产10万吨再生铝项目"
    assert first["total_investment"] == 520_000_000
    assert first["year_plan_investment"] == 120_005_000  # 12000.5 万元, exactly
    assert first["started_plan"] == "2026-03-01"
    assert first["stage"] == "build" and first["industry_chain"] == "aluminium"
    assert first["province_key"] == 1 and got["XM002"]["province_key"] == 0
    assert got["XM002"]["total_investment"] == 80_000_000  # "8,000" typed as text
    assert got["XM003"]["total_investment"] == 30_002_500
    assert got["XM003"]["province_key"] is None
    names = units.unit_names(ws)
    assert names[first["district_id"]] == "城关区"
    assert got["XM003"]["district_id"] == first["district_id"]  # one unit per name
    assert sorted(names[u] for u in json.loads(first["responsible_units"])) == [
        "市发展改革委",
        "市商务局",
    ]
    assert people_of(ws, first["id"], "leader") == ["王伟"]
    assert people_of(ws, first["id"], "commissioner") == ["张敏", "李娜"]
    # "王伟（副市长）" is the same 王伟, not a new person
    assert people_of(ws, got["XM002"]["id"], "leader") == ["王伟"]
    assert [p["name"] for p in people.people(ws, "leader")] == ["王伟", "赵强"]
    # every write went through the journal and the outbox
    assert ws.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == change_count(ws) > 0
    assert len(projects.stage_history(ws, first["id"])) == 1


def test_messy_sheet(ws, tmp_path):
    plan = ledger.dry_run(ws, sheets.messy(tmp_path / "messy.xlsx"))
    assert plan.errors == []
    assert plan.sheet == "2026年台账"
    assert [a.row for a in plan.actions] == [6, 8, 10]  # sheet row numbers, as Excel shows
    ledger.apply(ws, plan)
    got = {p["name"]: p for p in projects.all_projects(ws)}
    assert len(got) == 3  # no 合计, blank or section rows imported
    wheel, ceramic, vaccine = got["铝合金轮毂项目"], got["碳化硅陶瓷项目"], got["疫苗灌装项目"]
    assert wheel["total_investment"] == 123_450_000  # 1.2345 亿元
    assert ceramic["total_investment"] == 50_000_000  # "0.5" 亿元
    assert wheel["year_plan_investment"] == 30_000_000  # 3000 万元
    assert ceramic["year_plan_investment"] == 8_007_500  # 800.75 万元
    assert ceramic["year_completed_investment"] == 2_000_000
    assert wheel["year_completed_investment"] is None  # "—"
    assert vaccine["year_plan_investment"] is None  # "-"
    assert wheel["started_plan"] == "2023-05-01"  # "2023.5"
    assert wheel["started_actual"] == "2023-06-18"  # an Excel date
    assert ceramic["started_plan"] == "2023-05-01"  # "2023年5月"
    assert ceramic["started_actual"] == "2023-05-01"  # "2023/5/1"
    assert vaccine["started_plan"] == "2023-05-01"  # "2023-05-01"
    assert wheel["stage"] == "build"  # from 一、加快建设项目
    assert ceramic["stage"] == "upgrade"  # "技改" in the row wins
    assert vaccine["stage"] == "produce"  # from 二、投产达效项目
    assert wheel["enterprise"] == "金阳铝业有限公司"
    assert ceramic["notes"] == "按期推进" and wheel["notes"] is None
    assert people_of(ws, ceramic["id"], "leader") == ["刘洋", "陈杰"]
    assert people_of(ws, vaccine["id"], "leader") == []  # "/"
    assert units.unit_names(ws)[wheel["district_id"]] == "东湖县"


def test_reimport_changes_nothing(ws, tmp_path):
    path = sheets.messy(tmp_path / "messy.xlsx")
    ledger.import_ledger(ws, path)
    before = change_count(ws)
    plan, result = ledger.import_ledger(ws, path)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert change_count(ws) == before


def test_apply_compares_again_when_something_was_recorded_since_the_dry_run(ws, tmp_path):
    path = sheets.clean(tmp_path / "clean.xlsx")
    plan = ledger.dry_run(ws, path)
    assert plan.count("create") == 3
    ledger.import_ledger(ws, path)  # the same sheet, imported in between (another window)
    before = change_count(ws)
    result = ledger.apply(ws, plan)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert projects.count(ws) == 3 and change_count(ws) == before


def test_an_apply_that_failed_leaves_nothing_and_can_be_retried(ws, tmp_path, monkeypatch):
    """The dry run's snapshot is used once: the failed apply had added the units it made to
    it, which the rollback undid; the retry reads the workspace again."""
    from forms import changes

    path = sheets.clean(tmp_path / "clean.xlsx")
    plan = ledger.dry_run(ws, path)
    real = changes.apply_all

    def disk_full(db, received):
        raise OSError("disk full")

    monkeypatch.setattr(changes, "apply_all", disk_full)
    with pytest.raises(OSError):
        ledger.apply(ws, plan)
    assert change_count(ws) == 0 and projects.count(ws) == 0
    monkeypatch.setattr(changes, "apply_all", real)
    result = ledger.apply(ws, plan)
    assert result.created == 3
    first = by_code(ws)["XM001"]
    assert units.unit_names(ws)[first["district_id"]] == "城关区"
    # one row of field stamps per record written: a project imported whole is one row
    records = ws.db.execute("SELECT count(DISTINCT entity_id) FROM changes WHERE op = 'set'")
    stamps = ws.db.execute("SELECT count(*) FROM field_stamps")
    assert stamps.fetchone()[0] == records.fetchone()[0]


def test_updated_sheet_updates_only_changed_fields(ws, tmp_path):
    ledger.import_ledger(ws, sheets.clean(tmp_path / "v1.xlsx"))
    rows = [list(r) for r in sheets.CLEAN_ROWS]
    rows[0][8] = 15000  # 年度计划投资 of XM001
    rows[0][10] = "孙磊"  # a new leader for XM001
    rows[1][0] = 9  # 序号 is not a ledger field
    rows[2][1] = None  # no code: matched by name + enterprise instead
    rows[2][14] = "已入库"
    rows.append(
        [
            4,
            "XM004",
            "新项目",
            "新企业有限公司",
            "高新技术产业开发区",
            "新能源",
            "储备",
            100,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ]
    )
    before = change_count(ws)
    plan = ledger.dry_run(ws, sheets.clean(tmp_path / "v2.xlsx", rows))
    assert (plan.count("create"), plan.count("update"), plan.count("unchanged")) == (1, 2, 1)
    changed = {a.fields["name"]: a.changed for a in plan.actions if a.action == "update"}
    assert changed == {
        "年产10万吨再生铝项目": ["leaders", "year_plan_investment"],
        "智能输送装备项目": ["notes"],
    }
    ledger.apply(ws, plan)
    got = by_code(ws)
    assert got["XM001"]["year_plan_investment"] == 150_000_000
    assert people_of(ws, got["XM001"]["id"], "leader") == ["孙磊"]  # 王伟's link ended
    assert got["XM003"]["notes"] == "已入库"
    assert units.unit_names(ws)[got["XM004"]["district_id"]] == "高新技术产业开发区"
    project_changes = [
        json.loads(b)["fields"]
        for (b,) in ws.db.execute(
            "SELECT body FROM changes WHERE entity = 'project' ORDER BY rowid"
        ).fetchall()[3:]
    ]
    assert {"year_plan_investment": 150_000_000} in project_changes
    assert {"notes": "已入库"} in project_changes
    assert change_count(ws) > before
    # and the updated sheet imported again changes nothing
    after = change_count(ws)
    ledger.import_ledger(ws, tmp_path / "v2.xlsx")
    assert change_count(ws) == after


def test_row_errors_name_row_column_value_and_reason(ws, tmp_path):
    rows = [list(r) for r in sheets.CLEAN_ROWS]
    rows[0][7] = "五万"  # not an amount
    rows[1][9] = "明年春天"  # not a date
    rows[1][6] = "观望"  # not a stage
    rows[2][13] = "也许"  # not yes/no
    rows.append(
        [
            4,
            "XM004",
            None,
            "某企业",
            "城关区",
            None,
            None,
            5,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ]
    )  # no name
    rows.append(
        [
            5,
            "XM005",
            "负数项目",
            "某企业",
            "城关区",
            None,
            None,
            -5,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ]
    )
    plan = ledger.dry_run(ws, sheets.clean(tmp_path / "bad.xlsx", rows))
    got = [(e.row, e.column, e.value, e.zh) for e in plan.errors]
    assert got == [
        (2, "总投资（万元）", "五万", "不是金额"),
        (3, "项目类别", "观望", "不是“五个一批”类别"),
        (3, "计划开工时间", "明年春天", "不是日期"),
        (4, "省重大", "也许", "应填“是”或“否”"),
        (5, "项目名称", None, "项目名称为空"),
        (6, "总投资（万元）", -5, "金额不能为负数"),
    ]
    assert all(e.en for e in plan.errors)
    assert plan.errors[0].line() == "第2行 总投资（万元） “五万” 不是金额 (not an amount)"
    with pytest.raises(UserError, match="5 行有错误"):
        ledger.apply(ws, plan)
    assert change_count(ws) == 0 and projects.count(ws) == 0


def test_duplicate_codes_are_errors_on_both_rows(ws, tmp_path):
    rows = [list(r) for r in sheets.CLEAN_ROWS]
    rows[2][1] = "XM001"
    plan = ledger.dry_run(ws, sheets.clean(tmp_path / "dup.xlsx", rows))
    assert [(e.row, e.value) for e in plan.errors] == [(2, "XM001"), (4, "XM001")]
    assert "重复" in plan.errors[0].zh
    with pytest.raises(UserError):
        ledger.apply(ws, plan)
    assert change_count(ws) == 0
    # a duplicate of a row that has another error is still a duplicate
    rows[0][7] = "很多"
    plan = ledger.dry_run(ws, sheets.clean(tmp_path / "dup2.xlsx", rows))
    assert plan.bad_rows == [2, 4]
    assert ledger.apply(ws, plan, skip_bad_rows=True).skipped_rows == [2, 4]
    assert sorted(by_code(ws)) == ["XM002"]


def test_skip_bad_rows_writes_the_good_ones(ws, tmp_path):
    rows = [list(r) for r in sheets.CLEAN_ROWS]
    rows[1][7] = "很多"
    plan = ledger.dry_run(ws, sheets.clean(tmp_path / "some-bad.xlsx", rows))
    result = ledger.apply(ws, plan, skip_bad_rows=True)
    assert (result.created, result.skipped_rows) == (2, [3])
    assert sorted(by_code(ws)) == ["XM001", "XM003"]


def test_mapping_corrects_columns(ws, tmp_path):
    header = list(sheets.CLEAN_HEADER)
    header[7] = "投资额"  # not recognised by itself
    header[14] = "情况"
    path = sheets.clean(tmp_path / "odd.xlsx", header=header)
    plan = ledger.dry_run(ws, path)
    assert plan.unmapped == ["投资额", "情况"]
    plan = ledger.dry_run(
        ws, path, mapping={"投资额": "total_investment", "o": "notes", "省重大": "ignore"}
    )
    assert plan.unmapped == []
    ledger.apply(ws, plan)
    got = by_code(ws)
    assert got["XM001"]["total_investment"] == 520_000_000
    assert got["XM002"]["notes"] == "新签约" and got["XM001"]["province_key"] is None
    with pytest.raises(UserError, match="未知的字段"):
        ledger.dry_run(ws, path, mapping={"投资额": "money"})
    with pytest.raises(UserError, match="不存在"):
        ledger.dry_run(ws, path, mapping={"没有这列": "notes"})


@pytest.mark.parametrize("kind", ["random", "text", "truncated", "csv", "empty", "xls"])
def test_broken_files_are_refused_with_a_clear_message(ws, tmp_path, kind):
    path = sheets.broken_files(tmp_path)[kind]
    with pytest.raises(UserError) as caught:
        ledger.dry_run(ws, path)
    message = str(caught.value)
    assert path.name in message and "\n" not in message
    assert (".xls" in message) if kind == "xls" else ("损坏" in message)
    assert change_count(ws) == 0


def test_missing_file_and_sheet_without_header(ws, tmp_path):
    with pytest.raises(UserError, match="找不到文件"):
        ledger.dry_run(ws, tmp_path / "nope.xlsx")
    book = openpyxl.Workbook()
    book.active.append(["月报"])
    book.active.append(["甲", "乙", "丙"])
    book.active.append([1, 2, 3])
    book.save(tmp_path / "nohead.xlsx")
    with pytest.raises(UserError, match="找不到台账表头"):
        ledger.dry_run(ws, tmp_path / "nohead.xlsx")
    with pytest.raises(UserError, match="没有名为"):
        ledger.dry_run(ws, sheets.clean(tmp_path / "c.xlsx"), sheet="Sheet9")
    assert change_count(ws) == 0


def test_read_only_workspace_writes_nothing(ws, tmp_path):
    plan = ledger.dry_run(ws, sheets.clean(tmp_path / "clean.xlsx"))
    ws.db.execute("PRAGMA query_only = 1")  # as a read-only file would (root ignores chmod)
    with pytest.raises(UserError, match="read-only"):
        ledger.apply(ws, plan)
    ws.db.execute("PRAGMA query_only = 0")
    assert change_count(ws) == 0 and projects.count(ws) == 0
    assert ws.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def ledger_rows(ws) -> dict[str, dict]:
    """Every project as the ledger sees it (names, not ids), keyed by code."""
    snap = Snapshot.load(ws)
    out = {}
    for project_id in snap.projects:
        view = snap.ledger_view(project_id)
        out[view["code"]] = {f: view.get(f) for f in ledger.FIELD_NAMES}
    return out


def test_export_round_trip(tmp_path):
    with Workspace.open(tmp_path / "a") as source:
        demo.build(source, size=demo.Size(60, 10, 0, 0), today=dt.date(2026, 11, 23))
        # amounts that are not whole 万元 must survive exactly
        first = projects.all_projects(source)[0]
        projects.update(
            source, first["id"], {"total_investment": 1_234_567_891, "notes": "含 — 符号"}
        )
        assert ledger.export(source, tmp_path / "out.xlsx") == 60
        expected = ledger_rows(source)
        before = change_count(source)
        plan, result = ledger.import_ledger(source, tmp_path / "out.xlsx")
        assert (result.unchanged, change_count(source)) == (60, before)
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert "台账" in sheet["A1"].value and sheet["H2"].value == "总投资（万元）"
    with Workspace.open(tmp_path / "b") as fresh:
        plan, result = ledger.import_ledger(fresh, tmp_path / "out.xlsx")
        assert (result.created, plan.errors) == (60, [])
        assert ledger_rows(fresh) == expected
        assert by_code(fresh)[first["code"]]["total_investment"] == 1_234_567_891


def test_export_to_unwritable_place_is_a_user_error(ws, tmp_path):
    with pytest.raises(UserError, match="无法写入"):
        ledger.export(ws, tmp_path / "no" / "such" / "dir" / "x.xlsx")


def test_section_heading_under_a_one_row_header(ws, tmp_path):
    rows = [["一、谋划储备项目"]] + [list(r) for r in sheets.CLEAN_ROWS]
    for row in rows[1:]:
        row[6] = None  # no stage column value: the section says it
    plan = ledger.dry_run(ws, sheets.clean(tmp_path / "sections.xlsx", rows))
    assert plan.errors == [] and [a.fields["stage"] for a in plan.actions] == ["reserve"] * 3


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        (dt.datetime(2023, 5, 18), "2023-05-18"),
        ("2023-05-01", "2023-05-01"),
        ("2023/5/1", "2023-05-01"),
        ("2023.5", "2023-05-01"),
        (2023.5, "2023-05-01"),
        (2023.12, "2023-12-01"),
        ("2023年5月", "2023-05-01"),
        ("2023年5月18日", "2023-05-18"),
        ("20230518", "2023-05-18"),
        (45064, "2023-05-18"),
        ("—", None),
        ("/", None),
        (" ", None),
    ],
)
def test_date_forms(raw, iso):
    assert values.date(raw) == iso


@pytest.mark.parametrize("raw", ["2023-13-01", "2023年2月30日", "明年", 2023, True])
def test_not_dates(raw):
    with pytest.raises(values.CellError):
        values.date(raw)


@pytest.mark.parametrize(
    ("raw", "unit", "yuan"),
    [
        (1234.5678, "万元", 12_345_678),
        ("1,234.5678", "万元", 12_345_678),
        (0.1 + 0.2, "万元", 3_000),
        (1.23456789, "亿元", 123_456_789),
        ("3 万元", "万元", 30_000),
        (Decimal("0.00005"), "万元", 1),
        ("—", "万元", None),
    ],
)
def test_money_is_exact_integer_yuan(raw, unit, yuan):
    assert values.money(raw, unit) == yuan


def test_names_in_one_cell():
    assert values.names("王  伟、张三 李四，赵六（副市长）\n孙七") == [
        "王伟",
        "张三",
        "李四",
        "赵六（副市长）",
        "孙七",
    ]
    assert values.person("赵六（副市长）") == ("赵六", "副市长")
