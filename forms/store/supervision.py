"""SQL of the supervision board besides the rates: coverage of the four stages by leaders,
visit compliance (every participant of a visit counts), monthly reports and today's work."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING, Any

from . import query as _query
from .problems import open_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

    Reader = Database | sqlite3.Connection


# -- coverage ----------------------------------------------------------------------------------


def leader_stages(db: Reader, district_id: str | None = None) -> list[dict[str, Any]]:
    """Every leader with the stages of the projects they package (NULL: none), by name."""
    where = " AND pe.unit_id = :district" if district_id else ""
    return list(
        _query(
            db,
            "SELECT pe.id, pe.name, pe.title, group_concat(DISTINCT p.stage) AS stages,"
            " count(DISTINCT p.id) AS projects FROM people pe"
            " LEFT JOIN assignments a ON a.person_id = pe.id AND a.active = 1 AND a.role = 'leader'"
            " LEFT JOIN projects p ON p.id = a.project_id"
            f" WHERE pe.role = 'leader'{where} GROUP BY pe.id ORDER BY pe.name, pe.id",
            {"district": district_id},
        )
    )


def projects_without(db: Reader, role: str | None, district_id: str | None = None) -> list[str]:
    """Codes of projects with no active assignment (of `role`, or of anyone), by code."""
    role_sql = " AND a.role = :role" if role else ""
    district = " AND p.district_id = :district" if district_id else ""
    return [
        r[0]
        for r in db.execute(
            "SELECT p.code FROM projects p WHERE NOT EXISTS (SELECT 1 FROM assignments a"
            f" WHERE a.project_id = p.id AND a.active = 1{role_sql}){district}"
            " ORDER BY p.code, p.id",
            {"role": role, "district": district_id},
        )
    ]


# -- compliance --------------------------------------------------------------------------------

# Who attended which visit: the author and every person the visit form lists as participant,
# each once per visit (UNION drops an author who also listed themselves).
_ATTENDANCE = """
    SELECT v.id AS visit_id, v.project_id, v.author_id AS person_id,
           substr(v.visited_at, 1, 7) AS month
    FROM visits v
    WHERE v.visited_at >= :first AND v.visited_at < :after AND v.author_id IS NOT NULL
    UNION
    SELECT v.id, v.project_id, j.value, substr(v.visited_at, 1, 7)
    FROM visits v, json_each(v.data, '$.participants') j
    WHERE v.visited_at >= :first AND v.visited_at < :after AND j.type = 'text'
"""


def attendance(
    db: Reader, first: dt.date, last: dt.date, district_id: str | None = None
) -> list[dict[str, Any]]:
    """Per person and active assignment: visits attended on the assigned project per month in
    [first, last]; a person with no assignment appears once with project NULL."""
    district = " AND (pe.unit_id = :district OR p.district_id = :district)" if district_id else ""
    return list(
        _query(
            db,
            f"WITH att AS ({_ATTENDANCE}),"
            " counted AS (SELECT person_id, project_id, month, count(*) AS visits FROM att"
            "   GROUP BY person_id, project_id, month)"
            " SELECT pe.id AS person_id, pe.name AS person_name, pe.role AS person_role,"
            " a.id AS assignment_id, a.role AS duty, a.since, p.id AS project_id,"
            " p.code AS project_code, p.name AS project_name, c.month, c.visits"
            " FROM people pe"
            " LEFT JOIN assignments a ON a.person_id = pe.id AND a.active = 1"
            "   AND a.role IN ('leader', 'commissioner')"
            " LEFT JOIN projects p ON p.id = a.project_id"
            " LEFT JOIN counted c ON c.person_id = pe.id AND c.project_id = a.project_id"
            " WHERE (pe.role IN ('leader', 'commissioner') OR a.id IS NOT NULL)"
            f"{district}",  # unordered: compliance.compute orders the few people itself
            {
                "first": first.isoformat(),
                "after": (last + dt.timedelta(days=1)).isoformat(),
                "district": district_id,
            },
        )
    )


# -- monthly reports ---------------------------------------------------------------------------


def monthly_status(db: Reader, month: str, district_id: str | None = None) -> list[dict[str, Any]]:
    """Every project with its commissioners and its report for `month` (the latest values,
    the first time it was filed), by code; report columns are NULL when none was filed."""
    district = " WHERE p.district_id = :district" if district_id else ""
    return list(
        _query(
            db,
            "WITH f AS (SELECT project_id, min(reported_at) AS first_reported_at,"
            "   count(*) AS reports, max(hlc) AS last_hlc FROM monthly_reports"
            "   WHERE month = :month GROUP BY project_id),"
            " c AS (SELECT a.project_id, group_concat(pe.name, '、') AS commissioners"
            "   FROM assignments a JOIN people pe ON pe.id = a.person_id"
            "   WHERE a.active = 1 AND a.role = 'commissioner' GROUP BY a.project_id)"
            " SELECT p.id, p.code, p.name, p.stage, p.district_id, d.name AS district_name,"
            " p.year_plan_investment, c.commissioners,"
            " f.first_reported_at, f.reports, r.reported_at, r.investment_month,"
            " r.investment_to_date, r.author_id"
            " FROM projects p LEFT JOIN units d ON d.id = p.district_id"
            " LEFT JOIN c ON c.project_id = p.id LEFT JOIN f ON f.project_id = p.id"
            " LEFT JOIN monthly_reports r ON r.project_id = p.id AND r.month = :month"
            "   AND r.hlc = f.last_hlc"
            f"{district} ORDER BY p.code",
            {"month": month, "district": district_id},
        )
    )


def reports_to_file(db: Reader, person_id: str, month: str) -> list[dict[str, Any]]:
    """The person's commissioner projects with no report for `month` yet."""
    return list(
        _query(
            db,
            "SELECT p.id, p.code, p.name FROM assignments a JOIN projects p ON p.id = a.project_id"
            " WHERE a.person_id = ? AND a.active = 1 AND a.role = 'commissioner'"
            " AND NOT EXISTS (SELECT 1 FROM monthly_reports r WHERE r.project_id = p.id"
            " AND r.month = ?) ORDER BY p.code",
            [person_id, month],
        )
    )


# -- problems for the board --------------------------------------------------------------------


def my_problems_due(db: Reader, person_id: str, until: dt.date) -> list[dict[str, Any]]:
    """Open problems on the person's projects with a deadline on or before `until`."""
    return list(
        _query(
            db,
            "SELECT q.id, q.category, q.description, q.deadline, q.status, p.code, p.name"
            " AS project_name, p.id AS project_id FROM problems q JOIN projects p"
            f" ON p.id = q.project_id WHERE {open_sql()} AND q.deadline <= ?"
            " AND q.project_id IN (SELECT project_id FROM assignments WHERE person_id = ?"
            " AND active = 1) ORDER BY q.deadline, p.code",
            [until.isoformat(), person_id],
        )
    )


def problem_counts(db: Reader, by: str, today: dt.date) -> list[dict[str, Any]]:
    """Problems per category, status or responsible unit: all, open, overdue."""
    column = {"category": "q.category", "status": "q.status", "unit": "q.unit_id"}[by]
    # Counted first, named after: one lookup per unit, not one per problem.
    key = "(SELECT name FROM units WHERE id = c.key)" if by == "unit" else "c.key"
    return list(
        _query(
            db,
            f"SELECT {key} AS key, total, open, overdue FROM (SELECT {column} AS key,"
            f" count(*) AS total, sum({open_sql()}) AS open,"
            f" sum({open_sql()} AND q.deadline < :today) AS overdue"
            f" FROM problems q GROUP BY {column}) c ORDER BY open DESC, total DESC",
            {"today": today.isoformat()},
        )
    )


def investment_by_district(db: Reader) -> list[dict[str, Any]]:
    """This year's planned and completed investment per district (integer 元)."""
    return list(
        _query(
            db,
            "SELECT p.district_id AS key, coalesce(d.name, '') AS name,"
            " coalesce(sum(p.year_plan_investment), 0) AS plan,"
            " coalesce(sum(p.year_completed_investment), 0) AS done, count(*) AS projects"
            " FROM projects p LEFT JOIN units d ON d.id = p.district_id"
            " GROUP BY p.district_id ORDER BY d.name",
        )
    )


def projects_for(
    db: Reader,
    *,
    district_id: str | None = None,
    open_category: str | None = None,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Projects of a district, or with open problems of a category (a chart's drill-down)."""
    where, params = [], {}
    if district_id:
        where.append("p.district_id = :district")
        params["district"] = district_id
    if open_category:
        where.append(
            f"p.id IN (SELECT project_id FROM problems q WHERE {open_sql()}"
            " AND q.category = :category)"
        )
        params["category"] = open_category
    note = (
        "(SELECT count(*) || ' 个未销号' FROM problems q WHERE q.project_id = p.id"
        f" AND {open_sql()} AND q.category = :category)"
        if open_category
        else "NULL"
    )
    return list(
        _query(
            db,
            f"SELECT p.id, p.code, p.name, p.stage, d.name AS district_name, {note} AS note"
            " FROM projects p LEFT JOIN units d ON d.id = p.district_id"
            f" WHERE {' AND '.join(where) or '1'} ORDER BY p.code, p.id",
            params,
        )
    )
