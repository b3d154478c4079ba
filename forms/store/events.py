"""The records that events belong to: which problems or notices a batch of events names, so
their state can be folded again."""

from __future__ import annotations

from typing import Any

# Event table -> the column naming what it belongs to. Fixed here: SQL identifiers never come
# from data.
_PARENT = {"problem_events": "problem_id", "notice_events": "notice_id"}
_CHUNK = 500  # ids per IN (...), well under SQLite's variable limit


def parents(db: Any, table: str, event_ids: list[str]) -> list[str]:
    """The distinct parents (problem or notice ids) of these events of `table`."""
    column = _PARENT[table]
    found: list[str] = []
    for start in range(0, len(event_ids), _CHUNK):
        chunk = event_ids[start : start + _CHUNK]
        marks = ",".join("?" for _ in chunk)
        found += [
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT {column} FROM {table} WHERE id IN ({marks})", chunk
            ).fetchall()
        ]
    return found
