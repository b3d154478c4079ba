import datetime as dt

import pytest

from forms import dump, people, problems, projects, units, visits
from forms.workspace import Workspace


@pytest.fixture
def setup(ws):
    unit = units.ensure_unit(ws, "市自然资源和规划局", "department")
    reporter = people.ensure_person(ws, "王伟", "commissioner")
    office = people.ensure_person(ws, "李娜", "office")
    project = projects.create(ws, {"name": "年产10万吨铝合金项目", "stage": "build"})
    return ws, unit, reporter, office, project


def _visit(ws, project, reporter, unit, **extra):
    values = {
        "project_id": project,
        "visited_at": "2026-11-20T10:00",
        "kind": "routine",
        "progress_text": "主体结构施工",
        **extra,
    }
    return visits.record(
        ws,
        values,
        author_id=reporter,
        new_problems=[
            {
                "category": "land",
                "description": "用地未征收",
                "raised_on": "2026-11-20",
                "unit_id": unit,
                "deadline": "2026-12-20",
            },
            {"category": "utilities", "description": "专线未接入", "raised_on": "2026-11-20"},
        ],
    )


def test_visit_with_two_problems_and_ledger_update(setup):
    ws, unit, reporter, office, project = setup
    visit_id = _visit(
        ws, project, reporter, unit, cumulative_investment=50_000_000, started_actual="2026-03-01"
    )
    rows = list(
        ws.db.query("SELECT * FROM problems WHERE visit_id = ? ORDER BY category", [visit_id])
    )
    assert [r["status"] for r in rows] == ["registered", "registered"]
    assert rows[0]["unit_id"] == unit and rows[0]["deadline"] == "2026-12-20"
    assert rows[0]["author_id"] == reporter
    assert projects.get(ws, project)["cumulative_investment"] == 50_000_000
    assert projects.get(ws, project)["started_actual"] == "2026-03-01"


def test_invalid_visit_writes_nothing(setup):
    ws, unit, reporter, office, project = setup
    before = ws.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    with pytest.raises(visits.InvalidForm) as caught:
        visits.record(
            ws,
            {
                "project_id": project,
                "visited_at": "2026-11-20T10:00",
                "kind": "routine",
                "progress_text": "",
            },
            author_id=reporter,
            new_problems=[
                {
                    "category": "land",
                    "description": "x",
                    "raised_on": "2026-11-20",
                    "deadline": "2026-11-01",
                }
            ],
        )
    fields = {e.field for e in caught.value.errors}
    assert fields == {"progress_text", "problems[0].deadline"}
    assert ws.db.execute("SELECT count(*) FROM changes").fetchone()[0] == before


def test_full_lifecycle_with_second_person_rule(setup):
    ws, unit, reporter, office, project = setup
    _visit(ws, project, reporter, unit)
    pid = ws.db.execute("SELECT id FROM problems WHERE category = 'land'").fetchone()[0]
    problems.act(
        ws, pid, "assign", author_id=office, unit_id=unit, assignee="张强", deadline="2026-12-31"
    )
    assert problems.get(ws, pid)["status"] == "assigned"
    problems.act(ws, pid, "progress", author_id=office, note="已对接")
    assert problems.get(ws, pid)["status"] == "in_progress"
    problems.act(ws, pid, "report_done", author_id=reporter)
    with pytest.raises(problems.LifecycleError, match="cannot also verify"):
        problems.act(ws, pid, "verify", author_id=reporter)
    problems.act(ws, pid, "verify", author_id=office)
    closed = problems.get(ws, pid)
    assert closed["status"] == "closed" and closed["closed_on"]
    with pytest.raises(problems.LifecycleError, match="reason"):
        problems.act(ws, pid, "reopen", author_id=office, note=" ")
    problems.act(ws, pid, "reopen", author_id=office, note="问题反弹")
    assert problems.get(ws, pid)["status"] == "reopened"
    kinds = [e["kind"] for e in problems.events(ws, pid)]
    assert kinds == ["registered", "assigned", "progress", "reported_done", "verified", "reopened"]


def test_actions_refused_in_wrong_state(setup):
    ws, unit, reporter, office, project = setup
    _visit(ws, project, reporter, unit)
    pid = ws.db.execute("SELECT id FROM problems WHERE category = 'land'").fetchone()[0]
    with pytest.raises(problems.LifecycleError):
        problems.act(ws, pid, "verify", author_id=office)
    with pytest.raises(problems.LifecycleError, match="responsible unit"):
        problems.act(ws, pid, "assign", author_id=office)
    with pytest.raises(problems.LifecycleError, match="before"):
        problems.act(ws, pid, "extend", author_id=office, note="x", deadline="2026-01-01")


def test_events_from_two_devices_both_count(tmp_path):
    import json

    a, b = Workspace.open(tmp_path / "a"), Workspace.open(tmp_path / "b")
    unit = units.ensure_unit(a, "市水务局", "department")
    person = people.ensure_person(a, "王伟", "commissioner")
    project = projects.create(a, {"name": "项目", "stage": "build"})
    pid = problems.register(
        a,
        project,
        {"category": "utilities", "description": "缺水", "raised_on": "2026-11-01"},
        author_id=person,
    )

    def journal(ws):
        return [json.loads(r[0]) for r in ws.db.execute("SELECT body FROM changes")]

    b.receive(journal(a))
    problems.act(a, pid, "progress", author_id=person, note="甲记录的进展")
    problems.act(b, pid, "assign", author_id=person, unit_id=unit, deadline="2026-12-01")
    ja, jb = journal(a), journal(b)
    a.receive(jb)
    b.receive(ja)
    assert len(problems.events(a, pid)) == 3
    assert dump.dumps(a) == dump.dumps(b)


def test_traffic_light():
    today = dt.date(2026, 11, 23)
    p = {"status": "assigned", "raised_on": "2026-11-01", "deadline": "2026-12-11"}
    assert problems.light(p, today) == "green"
    assert problems.light({**p, "deadline": "2026-11-30"}, today) == "yellow"
    assert problems.light({**p, "deadline": "2026-11-22"}, today) == "red"
    assert problems.is_overdue({**p, "deadline": "2026-11-22"}, today)
    assert problems.light({**p, "status": "closed"}, today) is None
