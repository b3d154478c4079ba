"""People by name: who can sign in, one person, and what the role rules ask (forms/roles.py)."""

from __future__ import annotations

import sqlite3
from typing import Any

from . import first, rows


def people(db: Any) -> list[dict[str, Any]]:
    """Everyone who can sign in, leaders first, then by name."""
    return rows(
        db,
        "SELECT people.id, people.name, people.role, people.title, units.name AS unit_name"
        " FROM people LEFT JOIN units ON units.id = people.unit_id"
        " ORDER BY CASE people.role WHEN 'leader' THEN 0 WHEN 'commissioner' THEN 1"
        " WHEN 'office' THEN 2 ELSE 3 END, people.name",
    )


def person(db: Any, person_id: str) -> dict[str, Any] | None:
    return first(db, "SELECT * FROM people WHERE id = ?", [person_id])


def role(conn: sqlite3.Connection, person_id: str) -> str | None:
    row = conn.execute("SELECT role FROM people WHERE id = ?", [person_id]).fetchone()
    return row[0] if row else None


def assigning_leader(conn: sqlite3.Connection, problem_id: str) -> str | None:
    """The leader who last assigned the problem (交办), if a leader did."""
    row = conn.execute(
        "SELECT problem_events.author_id FROM problem_events"
        " JOIN people ON people.id = problem_events.author_id"
        " WHERE problem_id = ? AND kind = 'assigned' AND people.role = 'leader'"
        " ORDER BY problem_events.hlc DESC, problem_events.id DESC LIMIT 1",
        [problem_id],
    ).fetchone()
    return row[0] if row else None


def raised_by(conn: sqlite3.Connection, problem_id: str) -> str | None:
    row = conn.execute(
        "SELECT author_id FROM problem_events WHERE problem_id = ? AND kind = 'registered'"
        " ORDER BY hlc, id LIMIT 1",
        [problem_id],
    ).fetchone()
    return row[0] if row else None


def is_assigned(conn: sqlite3.Connection, person_id: str, project_id: str | None) -> bool:
    row = conn.execute(
        "SELECT 1 FROM assignments WHERE person_id = ? AND project_id = ? AND active",
        [person_id, project_id],
    ).fetchone()
    return row is not None


def id_named(conn: Any, name: str) -> str | None:
    """The person called `name` (the first by id, should two share it)."""
    row = conn.execute(
        "SELECT id FROM people WHERE name = ? ORDER BY id LIMIT 1", [name]
    ).fetchone()
    return row[0] if row else None


def with_role(db: Any, role: str | None = None) -> list[dict[str, Any]]:
    """Every column of the people of `role` (all when None), by name."""
    sql = "SELECT * FROM people" + (" WHERE role = ?" if role else "") + " ORDER BY name"
    return rows(db, sql, [role] if role else [])


def active_assignment(conn: Any, person_id: str, project_id: str) -> str | None:
    """The id of the person's active link to the project (包抓/包联), if there is one."""
    row = conn.execute(
        "SELECT id FROM assignments WHERE person_id = ? AND project_id = ? AND active = 1",
        [person_id, project_id],
    ).fetchone()
    return row[0] if row else None


def assigned_to(db: Any, project_id: str) -> list[dict[str, Any]]:
    """The people actively linked to the project, with their part and since when, by name."""
    return rows(
        db,
        "SELECT people.*, assignments.role AS assignment_role, assignments.since"
        " FROM assignments JOIN people ON people.id = assignments.person_id"
        " WHERE assignments.project_id = ? AND assignments.active = 1 ORDER BY people.name",
        [project_id],
    )


def ids_named(conn: Any, name: str) -> list[str]:
    """Ids of everyone called `name`, by id (a name can be shared)."""
    return [r[0] for r in conn.execute("SELECT id FROM people WHERE name = ? ORDER BY id", [name])]
