"""The workspace's queries by name: one module per kind of record, the only place in `forms`
where SQL text is written (as ODK Central's `lib/model/query/`). A caller writes
`store.notices.open_for_unit(db, unit_id)`, never SQL.

Each function takes a sqlite-utils `Database` (or the bare `sqlite3.Connection` under it) so
the desktop can run reads on its reader connection. Writes of shared records still go through
`Workspace.record` (one change, journaled and queued in the same transaction).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any


def query(db: Any, sql: str, params: Sequence | dict[str, Any] = ()) -> Iterator[dict[str, Any]]:
    """Rows as dicts, as sqlite-utils' `db.query` gives them, from either kind of connection."""
    cursor = db.execute(sql, params)
    keys = [d[0] for d in cursor.description]
    return (dict(zip(keys, row, strict=True)) for row in cursor)


def rows(db: Any, sql: str, params: Sequence | dict[str, Any] = ()) -> list[dict[str, Any]]:
    """Every row, as dicts."""
    return list(query(db, sql, params))


def first(db: Any, sql: str, params: Sequence | dict[str, Any] = ()) -> dict[str, Any] | None:
    """The first row as a dict, or None."""
    return next(query(db, sql, params), None)
