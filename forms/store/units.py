"""Units (departments, districts, parks, enterprises) by name."""

from __future__ import annotations

from typing import Any

from . import query


def units(db: Any, *kinds: str) -> list[dict[str, Any]]:
    """Units of the given kinds (all when none), by name."""
    where = f" WHERE kind IN ({','.join('?' * len(kinds))})" if kinds else ""
    return list(query(db, f"SELECT id, name, kind FROM units{where} ORDER BY kind, name", kinds))


def unit_names(db: Any, ids: list[str]) -> dict[str, str]:
    """id → name of these units (those that exist)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {
        r[0]: r[1] for r in db.execute(f"SELECT id, name FROM units WHERE id IN ({marks})", ids)
    }
