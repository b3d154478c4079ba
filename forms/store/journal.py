"""The journal (`changes`): the bodies of changes it already holds, by id."""

from __future__ import annotations

from typing import Any

_CHUNK = 500  # ids per IN (...), well under SQLite's variable limit


def bodies(db: Any, ids: list[str]) -> dict[str, str]:
    """id → journaled body, for those of these changes the journal holds."""
    known: dict[str, str] = {}
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        marks = ",".join("?" for _ in part)
        known.update(db.execute(f"SELECT id, body FROM changes WHERE id IN ({marks})", part))
    return known
