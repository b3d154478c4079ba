"""The screens' queries against a demo workspace, checked against plain Python over the rows."""

from __future__ import annotations

import datetime as dt

from forms.ledger_search import LedgerFilter, LedgerIndex
from forms.store import people as people_store
from forms.store import problems as problem_store
from forms.store import projects as project_store
from forms.store import units as unit_store

TODAY = dt.date(2026, 11, 23)


def test_counts_are_the_aggregates_of_the_rows(demo_ws):
    rows = list(demo_ws.db.query("SELECT status, deadline FROM problems"))
    c = problem_store.counts(demo_ws.db, TODAY)
    assert c.open_problems == sum(r["status"] != "closed" for r in rows)
    assert c.overdue_problems == sum(
        r["status"] != "closed" and bool(r["deadline"]) and r["deadline"] < "2026-11-23"
        for r in rows
    )
    assert c.projects == demo_ws.db.execute("SELECT count(*) FROM projects").fetchone()[0]


def test_my_projects_counts_and_visit_dates(demo_ws):
    person = next(p for p in people_store.people(demo_ws.db) if p["role"] == "leader")
    mine = project_store.my_projects(demo_ws.db, person["id"], TODAY)
    assert len({p["stage"] for p in mine}) >= 4  # the packaging rule of the demo
    for p in mine:
        visits = [
            v[0]
            for v in demo_ws.db.execute(
                "SELECT visited_at FROM visits WHERE project_id = ?", [p["id"]]
            )
        ]
        assert p["last_visit"] == (max(visits) if visits else None)
        problems = list(
            demo_ws.db.query(
                "SELECT status, deadline FROM problems WHERE project_id = ?", [p["id"]]
            )
        )
        assert p["open_problems"] == sum(q["status"] != "closed" for q in problems)


def test_visit_due_follows_role_intervals():
    assert project_store.visit_due("commissioner", None, TODAY) == "due"
    assert (
        project_store.visit_due("commissioner", (TODAY - dt.timedelta(days=30)).isoformat(), TODAY)
        == "due"
    )
    assert (
        project_store.visit_due("commissioner", (TODAY - dt.timedelta(days=25)).isoformat(), TODAY)
        == "soon"
    )
    assert (
        project_store.visit_due("commissioner", (TODAY - dt.timedelta(days=3)).isoformat(), TODAY)
        is None
    )
    assert (
        project_store.visit_due("leader", (TODAY - dt.timedelta(days=60)).isoformat(), TODAY)
        is None
    )
    assert (
        project_store.visit_due("leader", (TODAY - dt.timedelta(days=90)).isoformat(), TODAY)
        == "due"
    )
    assert project_store.visit_due("office", None, TODAY) is None


def test_problem_filters(demo_ws):
    db = demo_ws.db
    district = unit_store.units(db, "district")[0]["id"]
    ids = problem_store.problem_ids(
        db,
        problem_store.ProblemFilter(status="open", district_id=district, overdue=True, today=TODAY),
    )
    rows = problem_store.problem_rows(db, ids)
    assert [r["id"] for r in rows] == ids and ids
    for r in rows:
        assert r["status"] != "closed" and r["deadline"] < "2026-11-23"
    expected = db.execute(
        "SELECT count(*) FROM problems q JOIN projects p ON p.id = q.project_id"
        " WHERE p.district_id = ? AND q.status != 'closed' AND q.deadline < '2026-11-23'",
        [district],
    ).fetchone()[0]
    assert len(ids) == expected


def test_ledger_index_search_and_filters(demo_ws):
    index = LedgerIndex.load(demo_ws.db)
    rows = list(demo_ws.db.query("SELECT * FROM projects"))
    assert len(index) == len(rows)
    word = "铝合金"
    found = {index.value(i, "id") for i in index.filter(LedgerFilter(text=word))}
    assert found == {r["id"] for r in rows if word in r["name"] or word in r["enterprise"]}
    code = rows[3]["code"].lower()
    assert [index.value(i, "id") for i in index.filter(LedgerFilter(text=code))] == [rows[3]["id"]]
    both = index.filter(LedgerFilter(stage="produce", province_key=True))
    assert {index.value(i, "id") for i in both} == {
        r["id"] for r in rows if r["stage"] == "produce" and r["province_key"]
    }
    ordered = index.sort(list(range(len(index))), "total_investment", descending=True)
    totals = [index.value(i, "total_investment") for i in ordered]
    assert totals == sorted(totals, reverse=True)
