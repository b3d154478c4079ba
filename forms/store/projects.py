"""Projects by name: the visit form's choices, a person's own projects with their visit duty,
one project's screen, and the ledger's rows.

Counts are SQL aggregates: the screens never load a table to count it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from . import first, problems, query, rows, units

if TYPE_CHECKING:
    import sqlite3

    from sqlite_utils import Database

    Reader = Database | sqlite3.Connection

# How often an assigned person should visit (002_d23a99ef1920ac99.txt): service commissioners
# 1–2 times a month, linked leaders 1–2 times a quarter. A visit is due once this many days
# have passed since the person's own last visit; "soon" a week before.
VISIT_INTERVAL_DAYS = {"commissioner": 30, "leader": 90}
VISIT_SOON_DAYS = 7


def project_choices(db: Reader, person_id: str | None) -> list[dict[str, Any]]:
    """Projects to pick on a visit form: the person's own first, then all others by code.
    Two plain reads sorted here: an EXISTS per project costs ~10× more at 20,000 projects."""
    mine = {
        row[0]
        for row in db.execute(
            "SELECT project_id FROM assignments WHERE person_id = ? AND active = 1", [person_id]
        )
    }
    found = [
        {"id": pid, "code": code, "name": name, "mine": int(pid in mine)}
        for pid, code, name in db.execute("SELECT id, code, name FROM projects")
    ]
    # As SQL's ORDER BY mine DESC, code, name: NULL codes first within each group.
    found.sort(key=lambda r: (-r["mine"], r["code"] is not None, r["code"] or "", r["name"] or ""))
    return found


# -- one project by id, code or name ----------------------------------------------------------


def get(db: Any, project_id: str) -> dict[str, Any] | None:
    return first(db, "SELECT * FROM projects WHERE id = ?", [project_id])


def id_with_code(db: Any, code: str) -> str | None:
    row = db.execute("SELECT id FROM projects WHERE code = ?", [code]).fetchone()
    return row[0] if row else None


def id_named(db: Any, name: str, enterprise: str | None) -> str | None:
    """The project of this name and enterprise (a missing enterprise matches a missing one)."""
    row = db.execute(
        "SELECT id FROM projects WHERE name = ? AND coalesce(enterprise, '') = ?",
        [name, enterprise or ""],
    ).fetchone()
    return row[0] if row else None


def every_project(db: Any) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM projects ORDER BY code, name, id")


def stage_history(db: Any, project_id: str) -> list[dict[str, Any]]:
    return list(
        query(db, "SELECT * FROM stage_changes WHERE project_id = ? ORDER BY hlc", [project_id])
    )


def count(db: Any) -> int:
    return db.execute("SELECT count(*) FROM projects").fetchone()[0]


# -- my projects -----------------------------------------------------------------------------------


def my_projects(db: Reader, person_id: str, today: dt.date) -> list[dict[str, Any]]:
    """The person's assigned projects with visit dates and problem counts, ordered by stage."""
    mine = rows(
        db,
        "SELECT p.id, p.code, p.name, p.enterprise, p.stage, a.role,"
        " (SELECT max(visited_at) FROM visits v WHERE v.project_id = p.id) AS last_visit,"
        " (SELECT max(visited_at) FROM visits v WHERE v.project_id = p.id"
        "   AND v.author_id = :person) AS my_last_visit,"
        f" (SELECT count(*) FROM problems q WHERE q.project_id = p.id AND {problems.open_sql()}) AS open_problems,"
        f" (SELECT count(*) FROM problems q WHERE q.project_id = p.id AND {problems.open_sql()}"
        "   AND q.deadline < :today) AS overdue_problems"
        " FROM assignments a JOIN projects p ON p.id = a.project_id"
        " WHERE a.person_id = :person AND a.active = 1"
        " ORDER BY CASE p.stage WHEN 'reserve' THEN 0 WHEN 'attract' THEN 1 WHEN 'build' THEN 2"
        " WHEN 'upgrade' THEN 3 WHEN 'produce' THEN 4 ELSE 5 END, p.code",
        {"person": person_id, "today": today.isoformat()},
    )
    for row in mine:
        row["days_since"] = days_since(row["last_visit"], today)
        row["my_days_since"] = days_since(row["my_last_visit"], today)
        row["visit_due"] = visit_due(row["role"], row["my_last_visit"], today)
    return mine


def days_since(when: str | None, today: dt.date) -> int | None:
    if not when:
        return None
    return (today - dt.date.fromisoformat(when[:10])).days


def visit_due(role: str | None, last_visit: str | None, today: dt.date) -> str | None:
    """'due' when the person's visit interval has passed (or they never went), 'soon' a week
    before, None otherwise or for roles without a visit duty."""
    interval = VISIT_INTERVAL_DAYS.get(role or "")
    if interval is None:
        return None
    days = days_since(last_visit, today)
    if days is None or days >= interval:
        return "due"
    return "soon" if days >= interval - VISIT_SOON_DAYS else None


# -- one project -----------------------------------------------------------------------------------


def project_detail(db: Reader, project_id: str) -> dict[str, Any] | None:
    """A project with everything its screen shows: names of its units, stage history, people,
    visits (newest first) and problems."""
    project = first(
        db,
        "SELECT p.*, d.name AS district_name, l.name AS lead_unit_name FROM projects p"
        " LEFT JOIN units d ON d.id = p.district_id LEFT JOIN units l ON l.id = p.lead_unit_id"
        " WHERE p.id = ?",
        [project_id],
    )
    if project is None:
        return None
    unit_ids = json.loads(project["responsible_units"] or "[]")
    names = units.unit_names(db, unit_ids)
    project["responsible_unit_names"] = [names.get(u, u) for u in unit_ids]
    return {
        "project": project,
        "stages": rows(
            db,
            "SELECT s.*, people.name AS author_name FROM stage_changes s"
            " LEFT JOIN people ON people.id = s.author_id WHERE project_id = ? ORDER BY s.hlc",
            [project_id],
        ),
        "people": rows(
            db,
            "SELECT people.id, people.name, people.title, a.role, a.since FROM assignments a"
            " JOIN people ON people.id = a.person_id WHERE a.project_id = ? AND a.active = 1"
            " ORDER BY a.role, people.name",
            [project_id],
        ),
        "visits": rows(
            db,
            "SELECT v.id, v.visited_at, v.kind, v.progress_text, v.cumulative_investment,"
            " v.data, people.name AS author_name FROM visits v"
            " LEFT JOIN people ON people.id = v.author_id"
            " WHERE v.project_id = ? ORDER BY v.visited_at DESC, v.id",
            [project_id],
        ),
        "problems": problems.problem_rows(
            db, problems.problem_ids(db, problems.ProblemFilter(project_id=project_id))
        ),
    }


# -- ledger ----------------------------------------------------------------------------------------

LEDGER_COLUMNS = (
    "id",
    "code",
    "name",
    "enterprise",
    "district_id",
    "district_name",
    "park",
    "industry_chain",
    "stage",
    "total_investment",
    "cumulative_investment",
    "province_key",
    "city_key",
    "open_problems",
)


def ledger_rows(db: Reader) -> list[tuple]:
    """Every project with the ledger's columns (`LEDGER_COLUMNS`), by code."""
    return db.execute(
        "SELECT p.id, p.code, p.name, p.enterprise, p.district_id, d.name, p.park,"
        " p.industry_chain, p.stage, p.total_investment, p.cumulative_investment,"
        " coalesce(p.province_key, 0), coalesce(p.city_key, 0), coalesce(o.n, 0)"
        " FROM projects p LEFT JOIN units d ON d.id = p.district_id"
        f" LEFT JOIN (SELECT project_id, count(*) AS n FROM problems q WHERE {problems.open_sql()}"
        "            GROUP BY project_id) o ON o.project_id = p.id"
        " ORDER BY p.code, p.name, p.id"
    ).fetchall()
