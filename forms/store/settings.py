"""Synced settings (`settings`: key → JSON text), read by name: the only reader of the table."""

from __future__ import annotations

import json
from typing import Any


def _value(raw: str | None) -> Any:
    try:
        return json.loads(raw) if raw is not None else None
    except (TypeError, ValueError):
        return raw


def with_prefix(db: Any, prefix: str) -> dict[str, Any]:
    """Every setting whose key starts with `prefix`, values decoded from JSON."""
    rows = db.execute(
        "SELECT id, value FROM settings WHERE substr(id, 1, ?) = ?", [len(prefix), prefix]
    ).fetchall()
    return {key: _value(raw) for key, raw in rows}


def every(db: Any) -> dict[str, Any]:
    """Every setting, values decoded from JSON (text that is not JSON stays as it is)."""
    return with_prefix(db, "")


def raw(db: Any, key: str) -> str | None:
    """The setting's stored JSON text, undecoded (None when unset): the one read of a key."""
    row = db.execute("SELECT value FROM settings WHERE id = ?", [key]).fetchone()
    return row[0] if row else None


def get(db: Any, key: str, default: Any = None) -> Any:
    value = raw(db, key)
    return default if value is None else _value(value)
