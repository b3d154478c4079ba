"""Applying changes: the one path by which any record, local or received, enters the store.

A change is a plain dict, the unit of sync::

    {"id": uuid7, "entity": "project", "entity_id": uuid7, "op": "set" | "append",
     "fields": {...}, "hlc": stamp, "author_id": person id or None, "device": device id}

Applying is idempotent (the same change twice is a no-op) and order-independent for mutable
fields (last writer wins per field by HLC), so two devices that saw the same changes in any order
hold the same records.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import entities

if TYPE_CHECKING:
    from sqlite_utils import Database

Change = dict[str, Any]


class ChangeConflict(ValueError):
    """The same change id arrived with a different body."""


def encode(change: Change) -> str:
    return json.dumps(change, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def apply(db: Database, change: Change) -> bool:
    """Apply one change inside the caller's transaction; False if it was already here."""
    return bool(apply_all(db, [change]))


def apply_all(db: Database, changes: list[Change]) -> list[Change]:
    """Apply changes in order inside the caller's transaction; returns those that were new."""
    new: list[Change] = []
    touched: dict[str, list[str]] = {}
    conn = db.conn
    for change in changes:
        body = encode(change)
        row = conn.execute("SELECT body FROM changes WHERE id = ?", (change["id"],)).fetchone()
        if row is not None:
            if row[0] != body:
                raise ChangeConflict(f"change {change['id']} arrived with a different body")
            continue
        entity = entities.get(change["entity"])
        if entity.mutable:
            _apply_fields(conn, entity, change)
        else:
            _append(conn, entity, change)
        conn.execute(
            "INSERT INTO changes (id, entity, entity_id, op, hlc, author_id, device, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                change["id"],
                change["entity"],
                change["entity_id"],
                change["op"],
                change["hlc"],
                change.get("author_id"),
                change.get("device"),
                body,
            ),
        )
        touched.setdefault(entity.name, []).append(change["entity_id"])
        new.append(change)
    for name, ids in touched.items():
        for hook in entities.get(name).after_apply:
            hook(db, ids)
    return new


def _append(conn, entity: entities.Entity, change: Change) -> None:
    # Append-only rows carry their change's stamp and author: the author is whoever the change
    # came from (on the server: the token's user), never a field of the body.
    fields = {
        "id": change["entity_id"],
        **change["fields"],
        "hlc": change["hlc"],
        "author_id": change.get("author_id"),
    }
    columns = ", ".join(fields)
    marks = ", ".join("?" for _ in fields)
    conn.execute(
        f"INSERT OR IGNORE INTO {entity.table} ({columns}) VALUES ({marks})",
        [_column_value(v) for v in fields.values()],
    )


def _apply_fields(conn, entity: entities.Entity, change: Change) -> None:
    winners: dict[str, Any] = {}
    for field, value in change["fields"].items():
        current = conn.execute(
            "SELECT hlc FROM field_clock WHERE entity = ? AND entity_id = ? AND field = ?",
            (entity.name, change["entity_id"], field),
        ).fetchone()
        if current is not None and current[0] >= change["hlc"]:
            continue  # an older write: kept in the journal, not applied
        conn.execute(
            "INSERT OR REPLACE INTO field_clock (entity, entity_id, field, hlc, change_id)"
            " VALUES (?, ?, ?, ?, ?)",
            (entity.name, change["entity_id"], field, change["hlc"], change["id"]),
        )
        winners[field] = value
    if not winners:
        return
    columns = ["id", *winners]
    updates = ", ".join(f"{c} = excluded.{c}" for c in winners)
    conn.execute(
        f"INSERT INTO {entity.table} ({', '.join(columns)})"
        f" VALUES ({', '.join('?' for _ in columns)})"
        f" ON CONFLICT(id) DO UPDATE SET {updates}",
        [change["entity_id"], *(_column_value(v) for v in winners.values())],
    )


def _column_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return int(value)
    return value
