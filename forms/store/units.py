"""Units (departments, districts, parks, enterprises) by name."""

from __future__ import annotations

from typing import Any

from . import rows


def units(db: Any, *kinds: str) -> list[dict[str, Any]]:
    """Units of the given kinds (all when none), by name."""
    where = f" WHERE kind IN ({','.join('?' * len(kinds))})" if kinds else ""
    return rows(db, f"SELECT id, name, kind FROM units{where} ORDER BY kind, name", kinds)


def unit_names(db: Any, ids: list[str]) -> dict[str, str]:
    """id → name of these units (those that exist)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {
        r[0]: r[1] for r in db.execute(f"SELECT id, name FROM units WHERE id IN ({marks})", ids)
    }


def id_named(db: Any, name: str) -> str | None:
    """The unit called `name` (the first by id, should two share it)."""
    row = db.execute("SELECT id FROM units WHERE name = ? ORDER BY id LIMIT 1", [name]).fetchone()
    return row[0] if row else None


def all_of_kind(db: Any, kind: str | None = None) -> list[dict[str, Any]]:
    """Every column of the units of `kind` (all when None), by name."""
    sql = "SELECT * FROM units" + (" WHERE kind = ?" if kind else "") + " ORDER BY name"
    return rows(db, sql, [kind] if kind else [])


def every_name(db: Any) -> dict[str, str]:
    """id → name of every unit."""
    return dict(db.execute("SELECT id, name FROM units").fetchall())


def districts_named(db: Any, name: str) -> list[str]:
    """Ids of the districts and parks called `name`, by id."""
    rows = db.execute(
        "SELECT id FROM units WHERE name = ? AND kind IN ('district', 'park') ORDER BY id", [name]
    ).fetchall()
    return [r[0] for r in rows]
