"""What the dashboard shows, computed in one call off the UI thread (Qt-free).

For the office: every rate, the coverage and compliance gaps, the monthly reports missing,
problems by category, status and unit, and investment against plan by district. For a leader
or commissioner: today's work — visits due, problems due this week and overdue on their
projects, monthly reports to file — and the rates of their own projects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import charts, compliance, coverage, escalation, monthly_reports, periods, rates
from .store import people as people_store
from .store import problems as problem_store
from .store import projects as project_store
from .store import reminders as reminder_store
from .store import supervision as store

if TYPE_CHECKING:
    from .store.supervision import Reader

WEEK = 7


def last_full_month(today: dt.date) -> periods.Period:
    """The month before `today`'s: the latest whose visit duty is over."""
    previous = today.replace(day=1) - dt.timedelta(days=1)
    return periods.month(previous.year, previous.month)


def this_month(today: dt.date) -> str:
    return f"{today.year:04d}-{today.month:02d}"


@dataclass
class OfficeBoard:
    today: dt.date
    rates: list[rates.RateResult]
    warnings: list[str]
    coverage: coverage.Coverage
    compliance: compliance.Compliance
    monthly: monthly_reports.MonthlyStatus
    problems: dict[str, list[dict[str, Any]]]  # by category | status | unit
    charts: list[charts.BarChart] = field(default_factory=list)
    ladder: escalation.Ladder = field(default_factory=lambda: escalation.Ladder([]))
    # this month's monthly-report reminders by project id: {"times", "last_on"}
    reminded: dict[str, dict[str, Any]] = field(default_factory=dict)


def office(db: Reader, today: dt.date) -> OfficeBoard:
    defs, warnings = rates.definitions(db)
    found = rates.compute(db, today, defs=defs)
    board = OfficeBoard(
        today,
        found,
        warnings,
        coverage.compute(db),
        compliance.compute(db, last_full_month(today), today),
        monthly_reports.status(db, this_month(today), today),
        {by: store.problem_counts(db, by, today) for by in ("category", "status", "unit")},
    )
    overdue = problem_store.ProblemFilter(overdue=True, today=today)
    board.ladder = escalation.ladder(
        db, today, problem_store.problem_rows(db, problem_store.problem_ids(db, overdue))
    )
    board.reminded = reminder_store.of_month(db, board.monthly.month)
    board.charts = [
        charts.investment_by_district(db),
        charts.problems_by_category(board.problems["category"]),
        charts.rates_chart(found),
    ]
    return board


@dataclass
class PersonBoard:
    today: dt.date
    person: dict[str, Any] | None
    visits_due: list[dict[str, Any]]
    due_this_week: list[dict[str, Any]]
    overdue: list[dict[str, Any]]
    reports_to_file: list[dict[str, Any]]
    report_due: dt.date
    rates: list[rates.RateResult]


def person(db: Reader, person_id: str, today: dt.date) -> PersonBoard:
    mine = project_store.my_projects(db, person_id, today)
    problems = store.my_problems_due(db, person_id, today + dt.timedelta(days=WEEK))
    month = this_month(today)
    return PersonBoard(
        today,
        people_store.person(db, person_id),
        [p for p in mine if p["visit_due"]],
        [p for p in problems if p["deadline"] >= today.isoformat()],
        [p for p in problems if p["deadline"] < today.isoformat()],
        _with_reminders(store.reports_to_file(db, person_id, month), db, month),
        monthly_reports.due_date_in(db, month),
        rates.compute(db, today, scope=rates.Scope(person_id=person_id)),
    )


def _with_reminders(rows: list[dict[str, Any]], db: Reader, month: str) -> list[dict[str, Any]]:
    """Each report still to file with the day the office last reminded of it (or None)."""
    reminded = reminder_store.of_month(db, month)
    return [{**r, "reminded_on": reminded.get(r["id"], {}).get("last_on")} for r in rows]
