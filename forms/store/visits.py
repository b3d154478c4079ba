"""Visits (现场走访) by name, and whether a record a form names exists."""

from __future__ import annotations

from typing import Any

from . import first, rows

# The tables a form's reference fields may name (forms.form_definitions.Lookups). Fixed here: SQL
# identifiers never come from data.
_REFERENCED = {"people", "units", "projects"}


def exists(db: Any, table: str, record_id: str) -> bool:
    """Whether `table` (people, units or projects) holds a record with this id."""
    if table not in _REFERENCED:
        raise ValueError(table)
    return db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [record_id]).fetchone() is not None


def get(db: Any, visit_id: str) -> dict[str, Any] | None:
    return first(db, "SELECT * FROM visits WHERE id = ?", [visit_id])


def for_project(db: Any, project_id: str) -> list[dict[str, Any]]:
    """The project's visits, newest first, with who made each."""
    return rows(
        db,
        "SELECT visits.*, people.name AS author_name FROM visits"
        " LEFT JOIN people ON people.id = visits.author_id"
        " WHERE project_id = ? ORDER BY visited_at DESC",
        [project_id],
    )
