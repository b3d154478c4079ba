"""What the Excel ledger's import and export read (forms/ledger): the projects, the names of
units and people, active assignments, confirmed unit aliases, and a mark of the journal that
says whether anything was recorded since a dry run."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

    Reader = Database | sqlite3.Connection


def projects(db: Reader) -> Iterator[dict[str, Any]]:
    """Every project, whole, by id."""
    cursor = db.execute("SELECT * FROM projects ORDER BY id")
    keys = [d[0] for d in cursor.description]
    return (dict(zip(keys, row, strict=True)) for row in cursor)


def unit_names(db: Reader) -> list[tuple[str, str]]:
    """(id, name) of every unit, by id: the oldest unit of a name comes first."""
    return db.execute("SELECT id, name FROM units ORDER BY id").fetchall()


def person_names(db: Reader) -> list[tuple[str, str]]:
    """(id, name) of every person, by id."""
    return db.execute("SELECT id, name FROM people ORDER BY id").fetchall()


def active_assignments(db: Reader) -> list[tuple[str, str, str, str]]:
    """(assignment id, person id, project id, role) of every active link, by id."""
    return db.execute(
        "SELECT id, person_id, project_id, role FROM assignments WHERE active = 1 ORDER BY id"
    ).fetchall()


def setting_text(db: Reader, key: str) -> str | None:
    """A shared setting's stored text (JSON), undecoded: the caller checks its shape."""
    row = db.execute("SELECT value FROM settings WHERE id = ?", [key]).fetchone()
    return row[0] if row else None


def journal_mark(db: Reader) -> int:
    """The rowid of the journal's last change. The journal is append-only (a trigger refuses
    deletes, so a rowid is never handed out twice) and every record is written through it: an
    equal mark means nothing was recorded in between."""
    return db.execute("SELECT coalesce(max(rowid), 0) FROM changes").fetchone()[0]
