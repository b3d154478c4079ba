"""A real office's ledger: columns known by their values, .xls files, unit names by alias,
projects without a code, and the dry run as tables."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import xlwt

from desktop.cli import main
from forms import ledger, projects, units
from forms.errors import UserError
from forms.ledger import aliases, report

HEADER = ["序号", "项目名称", "建设单位", "所在区县", "项目类别", "阶段", "总投资（万元）"]
ROWS = [
    [1, "高性能铝合金型材项目", "甲铝业有限公司", "高新区", "新材料", "加快建设", 12000],
    [2, "汽车轮毂项目", "乙汽配有限公司", "经开区", "汽车零部件", "招引落地", 8000],
    [3, "光伏组件项目", "丙能源有限公司", "城关区", "新能源", "投产达效", 30000],
]


def xlsx(path: Path, header=HEADER, rows=ROWS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年重点项目台账"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def xls(path: Path, header=HEADER, rows=ROWS) -> Path:
    """The old binary format, as WPS and Excel 2003 save it."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    sheet.write(0, 0, "2026年重点项目台账")
    for r, row in enumerate([header, *rows], start=1):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def known_units(ws) -> None:
    for name in ("高新技术产业开发区", "经济技术开发区", "城关区"):
        units.ensure_unit(ws, name, "district")


def test_项目类别_full_of_industry_chains_is_the_chain(ws, tmp_path):
    plan = ledger.dry_run(ws, xlsx(tmp_path / "t.xlsx"))
    by_label = {c.label: c for c in plan.columns}
    assert by_label["项目类别"].field == "industry_chain" and by_label["项目类别"].by_values
    assert by_label["阶段"].field == "stage"
    assert not plan.errors, [e.line() for e in plan.errors]
    assert [a.fields["industry_chain"] for a in plan.actions][:2] == ["new_materials", "auto_parts"]
    assert [a.fields["stage"] for a in plan.actions] == ["build", "attract", "produce"]


def test_a_column_of_stage_names_is_the_stage_whatever_its_header(ws, tmp_path):
    header = ["项目名称", "建设单位", "总投资（万元）", "分类"]
    rows = [["甲项目", "甲公司", 1, "加快建设"], ["乙项目", "乙公司", 2, "谋划储备"]]
    plan = ledger.dry_run(ws, xlsx(tmp_path / "t.xlsx", header, rows))
    assert {c.label: c.field for c in plan.columns}["分类"] == "stage"
    # The person's own mapping wins over what the values suggest.
    plan = ledger.dry_run(ws, xlsx(tmp_path / "t.xlsx", header, rows), mapping={"分类": "notes"})
    assert {c.label: c.field for c in plan.columns}["分类"] == "notes"


def test_xls_is_read_like_xlsx(ws, tmp_path):
    from_xls = ledger.dry_run(ws, xls(tmp_path / "old.xls"))
    from_xlsx = ledger.dry_run(ws, xlsx(tmp_path / "new.xlsx"))
    assert [a.fields for a in from_xls.actions] == [a.fields for a in from_xlsx.actions]
    assert from_xls.actions[0].fields["total_investment"] == 12000 * 10000
    ledger.apply(ws, from_xls)
    assert projects.count(ws) == 3


def test_projects_without_a_code_get_one(ws, tmp_path):
    plan = ledger.dry_run(ws, xlsx(tmp_path / "t.xlsx"))
    codes = [a.fields["code"] for a in plan.actions]
    assert codes == [f"ZD-{plan.year}-0001", f"ZD-{plan.year}-0002", f"ZD-{plan.year}-0003"]
    ledger.apply(ws, plan)
    assert sorted(p["code"] for p in projects.all_projects(ws)) == codes
    # The same sheet again: matched by name and enterprise, nothing new, no new codes.
    again = ledger.dry_run(ws, xlsx(tmp_path / "t.xlsx"))
    assert again.count("unchanged") == 3 and not again.generated_codes
    more = ROWS + [[4, "新项目", "丁公司", "城关区", "新材料", "谋划储备", 1]]
    later = ledger.dry_run(ws, xlsx(tmp_path / "t2.xlsx", rows=more))
    assert later.generated_codes == {6: f"ZD-{plan.year}-0004"}


def test_district_names_matched_by_confirmed_alias(ws, tmp_path):
    known_units(ws)
    path = xlsx(tmp_path / "t.xlsx")
    plan = ledger.dry_run(ws, path)
    assert plan.suggested == {"高新区": "高新技术产业开发区", "经开区": "经济技术开发区"}
    assert plan.aliases == {}  # suggestions only: nothing renamed until confirmed
    with pytest.raises(UserError, match="不存在"):
        ledger.dry_run(ws, path, aliases={"高新区": "没有这个区"})
    plan = ledger.dry_run(ws, path, aliases={"高新区": "高新技术产业开发区"})
    assert plan.aliases == {"高新区": "高新技术产业开发区"}
    assert plan.suggested == {"经开区": "经济技术开发区"}
    ledger.apply(ws, plan, author_id=None)
    names = {u["name"] for u in units.units(ws)}
    assert "高新区" not in names and "经开区" in names  # the unconfirmed one became a unit
    stored = json.loads(
        ws.db.execute("SELECT value FROM settings WHERE id = 'unit_aliases'").fetchone()[0]
    )
    assert stored == {"高新区": units.find_unit(ws, "高新技术产业开发区")}
    # Remembered: the next import uses it without being told, and finds nothing to change.
    again = ledger.dry_run(ws, path)
    assert again.aliases == {"高新区": "高新技术产业开发区"}
    assert again.count("unchanged") == 3


def test_alias_key_rules():
    assert aliases.key("高新技术产业开发区") == aliases.key("高新区")
    assert aliases.key("经济技术开发区") == aliases.key("经开区")
    assert aliases.key("城关区") == aliases.key("城关")
    assert aliases.suggest({"城关"}, {"城关区": "u1", "城西区": "u2"}) == {"城关": "城关区"}
    with pytest.raises(UserError):
        aliases.parse(["没有等号"])


def test_cli_dry_run_prints_tables_and_confirms_an_alias(tmp_path, capsys):
    home = tmp_path / "ws"
    from forms.workspace import Workspace

    with Workspace.open(home) as ws:
        known_units(ws)
    path = xls(tmp_path / "old.xls")
    assert main(["--home", str(home), "import-ledger", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    mapping = next(line for line in lines if line.startswith("E "))
    assert "项目类别" in mapping and "industry_chain" in mapping and "按内容" in mapping
    assert "--alias 高新区=高新技术产业开发区" in out
    assert any(line.startswith("3 ") and "新建" in line and "自动编号" in line for line in lines)
    code = main(
        ["--home", str(home), "import-ledger", str(path), "--alias", "高新区=高新技术产业开发区"]
    )
    assert code == 0
    with Workspace.open(home) as ws:
        assert "高新区" not in {u["name"] for u in units.units(ws)}


def test_text_table_counts_chinese_as_two_columns():
    text = report.table(("列", "name"), [("项目名称", "x"), ("A", "yy")])
    first, rule, *rest = text.splitlines()
    assert report.width(rest[0].split("  ")[0]) == report.width("项目名称")
    assert rule.startswith("--------  ")
