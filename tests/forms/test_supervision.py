"""Coverage, visit compliance and monthly reporting on the hand-built board, with the answers
worked out by hand; and the same on the demo workspace without error."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from forms import board as board_module
from forms import compliance, coverage, monthly_reports, periods, workdays
from forms.errors import UserError
from forms.visits import InvalidForm

from .board_fixture import D, build


@pytest.fixture
def board(ws):
    return build(ws)


def test_coverage_lists_missing_stages_and_unpackaged_projects(board):
    found = coverage.compute(board.ws.conn)
    gaps = {g.leader: g.missing_stages for g in found.leaders}
    # L1 packages build, attract and upgrade projects; L2 none at all (listed, not an error);
    # L3 all four stages and so is not listed.
    assert gaps == {"L1": ["produce"], "L2": ["attract", "build", "upgrade", "produce"]}
    assert found.unassigned == ["P7"]  # P8 has a commissioner
    assert found.without_leader == ["P7", "P8"]
    assert found.to_json()["leaders"][0] == {
        "leader": "L1",
        "person_id": board.ids["L1"],
        "projects": 3,
        "missing_stages": ["produce"],
    }


def test_coverage_of_one_district(board):
    west = coverage.compute(board.ws.conn, board.ids["西区"])
    assert [g.leader for g in west.leaders] == ["L2"] and west.unassigned == ["P7"]
    assert west.without_leader == ["P7"]


def people(found):
    return {p.name: p for p in found.people}


def test_quarter_compliance_counts_every_participant(board):
    found = people(compliance.compute(board.ws.conn, periods.parse("2026-Q3"), D))
    c1 = {p.code: [(w.label, w.visits) for w in p.windows] for p in found["C1"].projects}
    assert c1 == {
        "P1": [("2026-07", 1), ("2026-08", 0), ("2026-09", 1)],  # not the visit of 30 June
        "P2": [("2026-07", 1), ("2026-08", 0), ("2026-09", 0)],  # a participant of O's visit
        "P3": [("2026-07", 0), ("2026-08", 1), ("2026-09", 0)],  # a participant of L3's visit
    }
    assert found["C1"].behind == 5  # months without a visit: 1 + 2 + 2
    assert found["C2"].behind == 1  # P4 every month; P8 only owed from September (since 15 Aug)
    assert [(p.code, p.owed, p.behind) for p in found["C2"].projects] == [
        ("P4", 3, 0),
        ("P8", 1, 1),
    ]
    assert found["L1"].behind == 2  # P1 through C1's visit; P2 and P5 never
    assert found["L3"].behind == 3  # P3 visited; P4 P5 P6 not
    assert found["L2"].projects == [] and found["L2"].to_json()["no_assignments"] is True
    assert "O" not in found  # the office has no visit duty


def test_who_is_behind_and_by_how_much(board):
    found = compliance.compute(board.ws.conn, periods.parse("2026-Q3"), D)
    assert [(p["person"], p["behind"]) for p in found.to_json()["behind"]] == [
        ("C1", 5),
        ("L3", 3),
        ("L1", 2),
        ("C2", 1),
    ]


def test_a_month_owes_nothing_until_it_is_over(board):
    november = people(compliance.compute(board.ws.conn, periods.parse("2026-11"), D))
    assert all(p.behind == 0 for p in november.values())
    september = people(compliance.compute(board.ws.conn, periods.parse("2026-09"), D))
    assert september["C1"].behind == 2  # P2 and P3 unvisited in September
    # A leader's window over a month is its quarter, owed once the quarter is over.
    assert september["L1"].behind == 2
    august = people(compliance.compute(board.ws.conn, periods.parse("2026-08"), D))
    assert august["L1"].behind == 0 and august["L1"].projects[0].windows[0].owed is False


def test_compliance_by_district(board):
    west = people(compliance.compute(board.ws.conn, periods.parse("2026-Q3"), D, board.ids["西区"]))
    assert set(west) >= {"L2", "L3", "C2"} and "L1" not in west


def test_periods_are_checked():
    assert periods.parse("2026-Q3").months == ["2026-07", "2026-08", "2026-09"]
    assert periods.parse("2026-11").last == dt.date(2026, 11, 30)
    for bad in ("2026-13", "2026Q3", "Q3-2026", ""):
        with pytest.raises(UserError):
            periods.parse(bad)


def test_monthly_status_by_the_20th(board):
    found = monthly_reports.status(board.ws.conn, "2026-11", D)
    states = {p.row["code"]: p.state(D) for p in found.projects}
    assert states == {
        "P1": "on_time",  # first filed on the 15th, corrected on the 25th
        "P2": "late",  # the 22nd
        **{code: "missing" for code in ("P3", "P4", "P5", "P6", "P7", "P8")},
    }
    data = found.to_json()
    assert data["due"] == "2026-11-20" and data["reported"] == 2 and data["on_time"] == 1
    p1 = next(p for p in data["projects"] if p["code"] == "P1")
    assert p1["investment_month"] == 6_000_000  # the correction's figures
    assert p1["reported_at"] == "2026-11-15T10:00" and p1["commissioners"] == ["C1"]
    early = monthly_reports.status(board.ws.conn, "2026-11", dt.date(2026, 11, 10))
    assert {p.state(early.today) for p in early.projects} == {"on_time", "late", "pending"}


def test_the_due_day_is_the_last_working_day_on_or_before_the_20th():
    due = monthly_reports.due_date
    assert due("2026-11") == dt.date(2026, 11, 20)  # a Friday
    assert due("2026-12") == dt.date(2026, 12, 18)  # the 20th is a Sunday
    assert due("2026-06") == dt.date(2026, 6, 18)  # Saturday; Friday the 19th is 端午
    # Friday the 20th falls in the Spring Festival (15th–23rd); Saturday the 14th is 调休
    assert due("2026-02") == dt.date(2026, 2, 14)
    assert due("2026-09") == dt.date(2026, 9, 20)  # a Sunday, but a 调休 working day


def test_the_due_day_follows_the_offices_schedule_for_an_unpublished_year(board):
    assert monthly_reports.due_date_in(board.ws.conn, "2027-02") == dt.date(2027, 2, 19)
    assert monthly_reports.status(board.ws.conn, "2027-02", D).warning  # counted Mon–Fri
    workdays.set_schedule(
        board.ws, 2027, ["2027-02-17", "2027-02-18", "2027-02-19"], [], author_id=None
    )
    assert monthly_reports.due_date_in(board.ws.conn, "2027-02") == dt.date(2027, 2, 16)
    assert monthly_reports.status(board.ws.conn, "2027-02", D).warning is None


def test_a_report_on_the_20th_of_a_weekend_month_is_late(board):
    """December 2026: due Friday the 18th; a report on Sunday the 20th came in late."""
    for project, day in (("P1", "2026-12-18T17:00"), ("P2", "2026-12-20T09:00")):
        monthly_reports.record(
            board.ws,
            {"project_id": board.ids[project], "month": "2026-12", "reported_at": day,
             "investment_month": 1, "investment_to_date": 1, "progress_text": "施工"},
            author_id=board.ids["C1"],
        )  # fmt: skip
    found = monthly_reports.status(board.ws.conn, "2026-12", dt.date(2026, 12, 19))
    states = {p.row["code"]: p.state(found.today) for p in found.projects}
    assert found.due == dt.date(2026, 12, 18)
    assert states["P1"] == "on_time" and states["P2"] == "late" and states["P3"] == "missing"
    # the commissioner's dashboard says the same day
    assert board_module.person(board.ws.conn, board.ids["C1"], dt.date(2026, 12, 1)).report_due == (
        dt.date(2026, 12, 18)
    )


def test_a_monthly_report_is_validated_and_nothing_half_written(board):
    before = board.ws.db.execute("SELECT count(*) FROM monthly_reports").fetchone()[0]
    with pytest.raises(InvalidForm) as e:
        monthly_reports.record(
            board.ws,
            {"project_id": "nope", "month": "2026-13", "reported_at": "2026-11-15T10:00",
             "investment_month": -1, "investment_to_date": 0, "progress_text": ""},
            author_id=board.ids["C1"],
        )  # fmt: skip
    assert {err.field for err in e.value.errors} == {
        "project_id",
        "month",
        "investment_month",
        "progress_text",
    }
    assert board.ws.db.execute("SELECT count(*) FROM monthly_reports").fetchone()[0] == before


def test_a_monthly_report_is_one_synced_append_only_change(board):
    row = board.ws.db.execute(
        "SELECT c.entity, c.op, c.author_id, o.seq IS NOT NULL FROM changes c"
        " LEFT JOIN outbox o ON o.change_id = c.id ORDER BY c.rowid DESC LIMIT 1"
    ).fetchone()
    assert row == ("monthly_report", "append", board.ids["C1"], 1)
    stored = board.ws.db.execute(
        "SELECT data, form_id, form_version FROM monthly_reports ORDER BY hlc DESC LIMIT 1"
    ).fetchone()
    assert json.loads(stored[0])["month"] == "2026-11" and stored[1:] == ("monthly_report", 1)


def test_the_demo_workspace_computes_without_error(demo_ws):
    assert coverage.compute(demo_ws.conn).leaders_total == 8
    for period in ("2026-Q3", "2026-11", "2026-Q4"):
        found = compliance.compute(demo_ws.conn, periods.parse(period), D)
        assert found.people and json.dumps(found.to_json())
    assert len(monthly_reports.status(demo_ws.conn, "2026-11", D).projects) == 200
