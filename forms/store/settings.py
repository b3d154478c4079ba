"""Synced settings (`settings`: key → JSON text), read by name."""

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


def get(db: Any, key: str, default: Any = None) -> Any:
    row = db.execute("SELECT value FROM settings WHERE id = ?", [key]).fetchone()
    return default if row is None or row[0] is None else _value(row[0])
