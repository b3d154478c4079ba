"""The rows the documents (forms/documents/) print: problems as a notice lists them, units,
notices, visits and projects with the names they show, the monthly figures."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from . import first, query, rows
from . import problems as problem_store

PROBLEM_ROWS = f"""
    SELECT problems.*, {problem_store.number_sql("problems")} AS problem_number,
           projects.name AS project_name, projects.code AS project_code,
           projects.enterprise AS enterprise, units.name AS unit_name
    FROM problems
    JOIN projects ON projects.id = problems.project_id
    LEFT JOIN units ON units.id = problems.unit_id
"""


def unit_by_name(db: Any, name: str) -> dict[str, Any] | None:
    return first(db, "SELECT * FROM units WHERE name = ? ORDER BY id LIMIT 1", [name])


def unit(db: Any, unit_id: str) -> dict[str, Any] | None:
    return first(db, "SELECT * FROM units WHERE id = ?", [unit_id])


def problems(
    db: Any,
    *,
    unit_id: str | None = None,
    status: str | None = None,
    overdue_on: dt.date | None = None,
    ids: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Problems filtered as in the register, oldest deadline first."""
    where, params = [], []
    if unit_id:
        where.append("problems.unit_id = ?")
        params.append(unit_id)
    if status:
        where.append("problems.status = ?")
        params.append(status)
    if overdue_on:
        where.append(
            f"{problem_store.open_sql('problems')} AND problems.deadline IS NOT NULL"
            " AND problems.deadline < ?"
        )
        params.append(overdue_on.isoformat())
    if ids is not None:
        where.append(f"problems.id IN ({','.join('?' * len(ids))})")
        params.extend(ids)
    sql = PROBLEM_ROWS + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY problems.deadline, projects.code, problems.raised_on, problems.id"
    return rows(db, sql, params)


def units_with_overdue(db: Any, today: dt.date) -> list[dict[str, Any]]:
    return rows(
        db,
        "SELECT units.*, count(*) AS overdue FROM problems JOIN units ON units.id = problems.unit_id"
        f" WHERE {problem_store.open_sql('problems')} AND problems.deadline < ?"
        " GROUP BY units.id ORDER BY units.name",
        [today.isoformat()],
    )


def notice(db: Any, notice_id: str) -> dict[str, Any] | None:
    return first(db, "SELECT * FROM notices WHERE id = ?", [notice_id])


def visit(db: Any, visit_id: str) -> dict[str, Any] | None:
    row = first(
        db,
        "SELECT visits.*, people.name AS author_name, people.title AS author_title"
        " FROM visits LEFT JOIN people ON people.id = visits.author_id WHERE visits.id = ?",
        [visit_id],
    )
    if row:
        row["values"] = json.loads(row["data"] or "{}")
    return row


def project(db: Any, project_id: str) -> dict[str, Any] | None:
    return first(
        db,
        "SELECT projects.*, units.name AS district_name, lead.name AS lead_unit_name"
        " FROM projects LEFT JOIN units ON units.id = projects.district_id"
        " LEFT JOIN units AS lead ON lead.id = projects.lead_unit_id WHERE projects.id = ?",
        [project_id],
    )


def people_names(db: Any, ids: list[str]) -> list[str]:
    if not ids:
        return []
    names = {
        r["id"]: r["name"]
        for r in query(
            db, f"SELECT id, name FROM people WHERE id IN ({','.join('?' * len(ids))})", ids
        )
    }
    return [names.get(i, i) for i in ids]


def visit_problems(db: Any, visit_id: str) -> list[dict[str, Any]]:
    return list(
        query(db, PROBLEM_ROWS + " WHERE problems.visit_id = ? ORDER BY problems.id", [visit_id])
    )


def projects_with_district(db: Any) -> list[dict[str, Any]]:
    return rows(
        db,
        "SELECT projects.*, units.name AS district_name FROM projects"
        " LEFT JOIN units ON units.id = projects.district_id ORDER BY projects.code",
    )


def problem_events_in(db: Any, first: str, last: str) -> list[dict[str, Any]]:
    """Problem events whose day falls in [first, last] (ISO dates)."""
    return rows(
        db,
        "SELECT kind, substr(at, 1, 10) AS day FROM problem_events"
        " WHERE substr(at, 1, 10) BETWEEN ? AND ?",
        [first, last],
    )


def open_problem_count(db: Any, on: str) -> int:
    return db.execute(
        f"SELECT count(*) FROM problems q WHERE {problem_store.open_on_sql()}", {"day": on}
    ).fetchone()[0]
