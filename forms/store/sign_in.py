"""The device-local sign-in and audit tables (migration 0008_sign_in)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any


def password_row(conn: sqlite3.Connection, person_id: str) -> dict[str, Any] | None:
    cursor = conn.execute(
        "SELECT person_id, password_hash, set_by, set_at, failed, last_failed_at"
        " FROM sign_in WHERE person_id = ?",
        [person_id],
    )
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def any_password(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sign_in LIMIT 1").fetchone() is not None


def anyone_to_sign_in(conn: sqlite3.Connection) -> bool:
    """Whether anyone could sign in here: a person in the ledger, or a password set."""
    return any_password(conn) or conn.execute("SELECT 1 FROM people LIMIT 1").fetchone() is not None


def put_password(conn: sqlite3.Connection, person_id: str, hashed: str, set_by, at: str) -> None:
    conn.execute(
        "INSERT INTO sign_in (person_id, password_hash, set_by, set_at, failed)"
        " VALUES (?, ?, ?, ?, 0) ON CONFLICT(person_id) DO UPDATE SET"
        " password_hash = excluded.password_hash, set_by = excluded.set_by,"
        " set_at = excluded.set_at, failed = 0, last_failed_at = NULL",
        [person_id, hashed, set_by, at],
    )


def note_failure(conn: sqlite3.Connection, person_id: str, at: str) -> None:
    conn.execute(
        "UPDATE sign_in SET failed = failed + 1, last_failed_at = ? WHERE person_id = ?",
        [at, person_id],
    )


def note_success(conn: sqlite3.Connection, person_id: str, hashed: str | None) -> None:
    if hashed:  # argon2 asked for a rehash (parameters raised since it was set)
        conn.execute(
            "UPDATE sign_in SET password_hash = ? WHERE person_id = ?", [hashed, person_id]
        )
    conn.execute(
        "UPDATE sign_in SET failed = 0, last_failed_at = NULL WHERE person_id = ?", [person_id]
    )


def add_audit(
    conn: sqlite3.Connection, at: str, device: str, person_id: str | None, action: str, detail
) -> None:
    conn.execute(
        "INSERT INTO audit_events (at, device, person_id, action, detail) VALUES (?, ?, ?, ?, ?)",
        [at, device, person_id, action, detail],
    )


def audit_events(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    cursor = conn.execute(
        "SELECT audit_events.seq, audit_events.at, audit_events.device, audit_events.person_id,"
        " people.name AS person_name, audit_events.action, audit_events.detail"
        " FROM audit_events LEFT JOIN people ON people.id = audit_events.person_id"
        " ORDER BY audit_events.seq"
    )
    columns = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(columns, row, strict=True))


def journal(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every change this workspace holds, in journal order, with its author's name."""
    cursor = conn.execute(
        "SELECT changes.rowid AS seq, changes.hlc, changes.device, changes.author_id,"
        " people.name AS author_name, changes.entity, changes.entity_id, changes.op, changes.body"
        " FROM changes LEFT JOIN people ON people.id = changes.author_id ORDER BY changes.rowid"
    )
    columns = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(columns, row, strict=True))
