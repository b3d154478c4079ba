"""Follow-through: problem numbers on two offline laptops, a notice's life, 催办, provisional
文号 the office confirms, and the escalation ladder on working days."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from forms import escalation, notices, numbers, problems, projects, units, workdays
from forms.documents import notice as notice_doc
from forms.documents import numbering
from forms.errors import UserError
from forms.store import notices as notice_store
from forms.store import problems as problem_store
from forms.workspace import Workspace

from .pdfcheck import text

TODAY = dt.date(2026, 11, 23)  # a Monday


def _changes(ws: Workspace) -> list[dict]:
    return [json.loads(r[0]) for r in ws.db.execute("SELECT body FROM changes ORDER BY hlc")]


def _problem(ws, project, unit_id, n, *, raised="2026-09-01", deadline="2026-10-30"):
    return problems.register(
        ws,
        project,
        {
            "category": "land",
            "description": f"用地问题{n}",
            "raised_on": raised,
            "unit_id": unit_id,
            "deadline": deadline,
        },
        author_id=None,
    )


@pytest.fixture
def office(tmp_path):
    ws = Workspace.open(tmp_path / "office")
    numbering.set_lane(ws, numbering.OFFICE_LANE)
    ws.record("setting", "notice_prefix", {"value": json.dumps("工专班督")})
    ws.record("setting", "organ_name", {"value": json.dumps("市重大项目建设工作专班")})
    yield ws
    ws.close()


def _unit_with_problems(ws, name="市自然资源和规划局", count=3):
    unit_id = units.ensure_unit(ws, name, "department")
    project = projects.create(ws, {"code": "XM1", "name": "测试项目", "stage": "build"})
    return unit_id, [_problem(ws, project, unit_id, n) for n in range(count)]


# -- problem numbers ---------------------------------------------------------------------------


def test_problem_numbers_from_two_offline_laptops_never_collide(office, tmp_path) -> None:
    unit_id, _ = _unit_with_problems(office, count=2)
    laptops = [Workspace.open(tmp_path / f"laptop{n}") for n in range(2)]
    for laptop in laptops:
        laptop.receive(_changes(office))  # set up from the office, then offline
    project = office.db.execute("SELECT id FROM projects").fetchone()[0]
    for n in range(5):
        for laptop in laptops:
            _problem(laptop, project, unit_id, n)
    for laptop in laptops:
        office.receive(_changes(laptop))
    for laptop in laptops:
        laptop.receive(_changes(office))
    for ws in (office, *laptops):
        got = [r[0] for r in ws.db.execute("SELECT number FROM problems")]
        assert len(got) == 12 and len(set(got)) == 12
        assert all(re.fullmatch(r"Q26-\d{2}-\d{4}", n) and len(n) <= 16 for n in got)
        assert problem_store.duplicate_numbers(ws.db) == {}
        assert numbering.lane_conflicts(ws) == {}
    lanes = {n[4:6] for n in got}
    assert len(lanes) == 3 and "00" in lanes  # the office and one lane per laptop
    # Each laptop's numbers are consecutive in its own lane.
    mine = sorted(
        r[0]
        for r in laptops[0].db.execute("SELECT number FROM problems WHERE author_id IS NULL")
        if r[0][4:6] == f"{numbering.lanes(laptops[0])[laptops[0].device_id]:02d}"
    )
    assert [int(n[-4:]) for n in mine] == [1, 2, 3, 4, 5]
    for laptop in laptops:
        laptop.close()


def test_a_number_is_found_in_the_register_and_never_reused(office) -> None:
    _, ids = _unit_with_problems(office, count=3)
    number = problems.get(office, ids[1])["number"]
    assert number == "Q26-00-0002"
    assert problem_store.by_number(office.db, number.lower()) == [ids[1]]
    found = problem_store.problem_ids(office.db, problem_store.ProblemFilter(search="00-0002"))
    assert found == [ids[1]]
    assert problem_store.problem_rows(office.db, ids)[0]["number"] == "Q26-00-0001"
    assert numbers.next_number(office, 2026) == "Q26-00-0004"
    assert numbers.next_number(office, 2027) == "Q27-00-0001"


# -- notices -----------------------------------------------------------------------------------


def test_a_notice_lives_issued_delivered_replied_closed(office) -> None:
    unit_id, ids = _unit_with_problems(office)
    (nid,) = notice_doc.issue(office, unit_id, today=TODAY)
    row = notice_store.get(office.db, nid)
    assert row["shown_number"] == "工专班督〔2026〕1号" and row["state"] == "issued"
    assert row["deadline"] == "2026-12-07"  # ten working days
    assert not notices.reply_overdue(row, dt.date(2026, 12, 7))
    assert notices.reply_overdue(row, dt.date(2026, 12, 8))
    notices.deliver(
        office, "工专班督〔2026〕1号", on=dt.date(2026, 11, 24), note="李明签收", author_id=None
    )
    assert notice_store.get(office.db, nid)["state"] == "delivered"
    payload = notice_doc.qr_payload(row["number"], nid, [])
    notices.reply(
        office, payload, on=dt.date(2026, 12, 1), text="已协调落实用地指标", author_id=None
    )
    row = notice_store.get(office.db, nid)
    assert row["state"] == "replied" and row["replied_on"] == "2026-12-01"
    assert not notices.reply_overdue(row, dt.date(2026, 12, 20))
    with pytest.raises(UserError, match="理由"):
        notices.close(office, row["number"], on=dt.date(2026, 12, 2), reason=" ", author_id=None)
    notices.close(
        office, row["number"], on=dt.date(2026, 12, 2), reason="已当面督导", author_id=None
    )
    assert notice_store.get(office.db, nid)["state"] == "closed"
    before = office.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    with pytest.raises(UserError, match="已办结"):
        notices.reply(office, row["number"], on=TODAY, text="再次回复", author_id=None)
    with pytest.raises(UserError, match="没有文号"):
        notices.deliver(office, "工专班督〔2026〕99号", on=TODAY, author_id=None)
    assert office.db.execute("SELECT count(*) FROM changes").fetchone()[0] == before
    kinds = [e["kind"] for e in notices.history(office, nid)]
    assert kinds == ["delivered", "replied", "closed"]


def test_a_notice_closes_when_all_its_problems_are_closed(office) -> None:
    unit_id, ids = _unit_with_problems(office, count=2)
    (nid,) = notice_doc.issue(office, unit_id, today=TODAY)
    office.record("person", "office-person", {"name": "督查室", "role": "office"})
    for pid in ids:
        problems._event(office, pid, "reported_done", "someone")
        problems.act(office, pid, "verify", author_id="office-person")
    assert notice_store.get(office.db, nid)["state"] == "closed"


def test_issuing_again_makes_a_reminder_citing_the_first_notice(office) -> None:
    unit_id, ids = _unit_with_problems(office, count=3)
    (first,) = notice_doc.issue(office, unit_id, today=TODAY, problem_ids=ids[:2])
    issued = notice_doc.issue(office, unit_id, today=dt.date(2026, 12, 8))
    assert len(issued) == 2  # a new notice for the third problem, a 催办 for the two
    new, reminder = (notice_store.get(office.db, i) for i in issued)
    assert new["doc_kind"] == "notice" and new["problem_id_list"] == [ids[2]]
    assert reminder["doc_kind"] == "reminder" and reminder["cites_id"] == first
    assert reminder["cited_number"] == "工专班督〔2026〕1号"
    assert sorted(reminder["problem_id_list"]) == sorted(ids[:2])
    assert [new["shown_number"], reminder["shown_number"]] == [
        "工专班督〔2026〕2号",
        "工专班督〔2026〕3号",
    ]
    pdf = notice_doc.build(office, reminder["id"]).pdf
    body = text(pdf).replace("\n", "").replace(" ", "")
    assert "关于催办超期问题的通知" in body
    assert "我办于2026年11月23日印发《关于督促办理超期问题的通知》（工专班督〔2026〕1号）" in body
    history = [e["kind"] for e in problems.events(office, ids[0])]
    assert history.count("noticed") == 2


def test_offline_laptop_gives_provisional_numbers_the_office_confirms(office, tmp_path) -> None:
    unit_id, ids = _unit_with_problems(office, count=2)
    laptop = Workspace.open(tmp_path / "laptop")
    laptop.receive(_changes(office))
    (provisional,) = notice_doc.issue(laptop, unit_id, today=TODAY, problem_ids=ids[:1])
    (definitive,) = notice_doc.issue(office, unit_id, today=TODAY, problem_ids=ids[1:])
    lane = numbering.lanes(laptop)[laptop.device_id]
    row = notice_store.get(laptop.db, provisional)
    assert row["number"] == f"工专班督〔2026〕临{lane:02d}-1号" and row["provisional"]
    pdf_text = text(notice_doc.build(laptop, provisional).pdf).replace("\n", "")
    assert "临时文号" in pdf_text and row["number"] in pdf_text
    with pytest.raises(UserError, match="0 号段"):
        numbering.confirm(laptop, provisional, "工专班督")
    office.receive(_changes(laptop))
    assert numbering.confirm(office, provisional, "工专班督") == "工专班督〔2026〕2号"
    laptop.receive(_changes(office))
    for ws in (office, laptop):
        row = notice_store.get(ws.db, provisional)
        assert row["shown_number"] == "工专班督〔2026〕2号"
        assert notices.find(ws, row["number"])["id"] == provisional  # the paper's number
        assert notice_store.get(ws.db, definitive)["shown_number"] == "工专班督〔2026〕1号"
    (third,) = notice_doc.issue(office, unit_id, today=TODAY, problem_ids=ids[:1])
    assert notice_store.get(office.db, third)["doc_kind"] == "reminder"
    assert notice_store.get(office.db, third)["shown_number"] == "工专班督〔2026〕3号"
    laptop.close()


def test_notice_events_arriving_before_the_notice_still_fold(office, tmp_path) -> None:
    unit_id, _ = _unit_with_problems(office, count=1)
    (nid,) = notice_doc.issue(office, unit_id, today=TODAY)
    notices.deliver(office, "工专班督〔2026〕1号", on=TODAY, author_id=None)
    other = Workspace.open(tmp_path / "other")
    body = _changes(office)
    other.receive([c for c in body if c["entity"] != "notice"])
    other.receive([c for c in body if c["entity"] == "notice"])
    assert notice_store.get(other.db, nid)["state"] == "delivered"
    other.close()


# -- escalation --------------------------------------------------------------------------------


def test_the_ladder_climbs_one_rung_at_a_time_on_working_days(office) -> None:
    unit_id, ids = _unit_with_problems(office, count=2)
    cal = workdays.Calendar()
    rows = lambda: [  # noqa: E731
        r for r in office.db.query("SELECT * FROM problems") if r["id"] in ids
    ]
    # Deadline Friday 30 October; Monday 2 November is 1 working day over.
    (p,) = [
        x
        for x in escalation.propose(office, dt.date(2026, 11, 2), cal, rows())
        if x.problem["id"] == ids[0]
    ]
    assert p.overdue_workdays == 1 and p.next_step == "remind"
    assert escalation.propose(office, dt.date(2026, 10, 30), cal, rows()) == []
    escalation.remind(office, ids, today=dt.date(2026, 11, 2), note="电话提醒", author_id=None)
    steps = {x.next_step for x in escalation.propose(office, dt.date(2026, 11, 3), cal, rows())}
    assert steps == {None}  # 2 working days: the notice rung (3) is not reached yet
    steps = {x.next_step for x in escalation.propose(office, dt.date(2026, 11, 4), cal, rows())}
    assert steps == {"notice"}
    notice_doc.issue(office, unit_id, today=dt.date(2026, 11, 4), problem_ids=ids)
    later = escalation.propose(office, dt.date(2026, 11, 13), cal, rows())
    assert {x.overdue_workdays for x in later} == {10} and {x.next_step for x in later} == {
        "bulletin"
    }
    bulletin_id = escalation.bulletin(office, ids, today=dt.date(2026, 11, 13), author_id=None)
    row = notice_store.get(office.db, bulletin_id)
    assert row["shown_number"] == "工专班通〔2026〕1号" and row["unit_id"] is None
    pdf = notice_doc.build(office, bulletin_id).pdf
    body = text(pdf).replace("\n", "").replace(" ", "")
    assert "关于重大项目建设问题超期未办结情况的通报" in body and "附件：超期未办结问题清单" in body
    assert problems.get(office, ids[0])["number"] in body
    assert {
        x.next_step for x in escalation.propose(office, dt.date(2026, 11, 27), cal, rows())
    } == {"interview"}
    with pytest.raises(UserError, match="约谈结果"):
        escalation.interview(
            office,
            ids,
            held_on=dt.date(2026, 11, 27),
            convened_by="王副市长",
            attendees="局长",
            outcome="",
            unit_id=unit_id,
            author_id=None,
        )
    escalation.interview(
        office,
        ids,
        held_on=dt.date(2026, 11, 27),
        convened_by="王副市长",
        attendees="市自然资源和规划局局长",
        outcome="承诺12月15日前办结",
        unit_id=unit_id,
        author_id=None,
    )
    final = escalation.propose(office, dt.date(2026, 12, 30), cal, rows())
    assert {x.reached for x in final} == {"interview"} and {x.next_step for x in final} == {None}
    kinds = [e["kind"] for e in problems.events(office, ids[0])]
    assert kinds == ["registered", "reminded", "noticed", "bulletined", "interviewed"]
    # A new deadline starts the ladder again.
    problems.act(
        office,
        ids[0],
        "extend",
        author_id=None,
        note="延期",
        deadline="2026-12-31",
        today=dt.date(2026, 12, 1),
    )
    again = [
        x
        for x in escalation.propose(office, dt.date(2027, 1, 4), cal, rows())
        if x.problem["id"] == ids[0]
    ]
    assert again[0].reached is None and again[0].next_step == "remind"


def test_the_office_sets_the_thresholds(office) -> None:
    escalation.set_thresholds(office, {"notice": 5, "bulletin": 15}, author_id=None)
    assert escalation.thresholds(office) == {
        "remind": 1,
        "notice": 5,
        "bulletin": 15,
        "interview": 20,
    }
    with pytest.raises(UserError, match="逐级"):
        escalation.set_thresholds(office, {"interview": 2}, author_id=None)


def test_a_past_deadline_is_refused(office) -> None:
    _, ids = _unit_with_problems(office, count=1)
    with pytest.raises(problems.LifecycleError, match="已经过去"):
        problems.act(
            office, ids[0], "extend", author_id=None, note="x", deadline="2026-11-20", today=TODAY
        )


def test_excel_export_lists_problems_by_number(demo_ws, tmp_path) -> None:
    import openpyxl

    from forms.ledger.export import export

    export(demo_ws, tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
    assert book.sheetnames == ["项目台账", "问题清单"]
    rows = list(book["问题清单"].iter_rows(values_only=True))
    assert rows[0][0] == "问题编号" and len(rows) == 601
    numbers = {r[0] for r in rows[1:]}
    assert len(numbers) == 600 and all(re.fullmatch(r"Q2[56]-00-\d{4}", n) for n in numbers)


def test_migration_0005_keeps_old_problems_and_notices_usable(tmp_path) -> None:
    import shutil
    from pathlib import Path

    from forms.schema import migrations

    old = Path(__file__).resolve().parent.parent / "data" / "workspace-0001.sqlite"
    shutil.copy(old, tmp_path / "workspace.sqlite")
    with Workspace.open(tmp_path) as ws:
        assert "0005_follow_through" in [m.name for m in migrations.applied(ws.db)]
        ids = problem_store.problem_ids(ws.db, problem_store.ProblemFilter())
        rows = problem_store.problem_rows(ws.db, ids)
        assert rows and all(re.fullmatch(r"#[0-9a-f]{6}", r["number"]) for r in rows)
        assert problem_store.by_number(ws.db, rows[0]["number"]) == [rows[0]["id"]]
        # An old lane-scheme notice number takes no part in the office's sequence.
        ws.record(
            "notice",
            "old-notice",
            {"number": "工专班督〔2026〕18001号", "year": 2026, "seq": 18001, "status": "issued"},
        )
        assert notice_store.last_definitive_seq(ws.db, 2026, "notice") == 0
        project = ws.db.execute("SELECT id FROM projects LIMIT 1").fetchone()[0]
        pid = _problem(ws, project, None, 1)
        assert re.fullmatch(r"Q26-\d{2}-0001", problems.get(ws, pid)["number"])
        assert ws.db.execute("SELECT count(*) FROM notice_events").fetchone()[0] == 0


def test_the_office_edits_the_draft_before_issuing(office) -> None:
    unit_id, ids = _unit_with_problems(office, count=3)
    before = office.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    draft = notice_doc.draft(
        office,
        unit_id,
        today=TODAY,
        problem_ids=ids[:2],
        due=dt.date(2026, 12, 4),
        remarks="请于本周内召开专题协调会。",
    )
    body = text(draft.pdf).replace("\n", "")
    assert notice_doc.DRAFT_NUMBER in body and "请于本周内召开专题协调会。" in body
    assert "2026年12月4日" in body and draft.record_id is None
    assert office.db.execute("SELECT count(*) FROM changes").fetchone()[0] == before
    with pytest.raises(UserError, match="应晚于印发日期"):
        notice_doc.issue(office, unit_id, today=TODAY, problem_ids=ids, due=TODAY)
    assert office.db.execute("SELECT count(*) FROM changes").fetchone()[0] == before
    (nid,) = notice_doc.issue(
        office,
        unit_id,
        today=TODAY,
        problem_ids=ids[:2],
        due=dt.date(2026, 12, 4),
        remarks="请于本周内召开专题协调会。",
    )
    row = notice_store.get(office.db, nid)
    assert row["deadline"] == "2026-12-04" and row["problem_id_list"] == ids[:2]
    assert row["shown_number"] == "工专班督〔2026〕1号"  # the draft spent no number
    assert "请于本周内召开专题协调会。" in text(notice_doc.build(office, nid).pdf).replace("\n", "")
