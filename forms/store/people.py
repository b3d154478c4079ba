"""Queries about people that the role rules ask (forms/roles.py)."""

from __future__ import annotations

import sqlite3


def role(conn: sqlite3.Connection, person_id: str) -> str | None:
    row = conn.execute("SELECT role FROM people WHERE id = ?", [person_id]).fetchone()
    return row[0] if row else None


def setting_value(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE id = ?", [key]).fetchone()
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
