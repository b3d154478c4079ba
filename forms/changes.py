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
from .store import journal

if TYPE_CHECKING:
    from sqlite_utils import Database

Change = dict[str, Any]


class ChangeConflict(ValueError):
    """The same change id arrived with a different body."""


class InvalidChange(ValueError):
    """A change that does not fit its entity's declared fields (callers check first with
    `entities.check`; this is the last guard before SQL)."""


def declared_fields(entity: entities.Entity, change: Change) -> dict[str, Any]:
    """The change's fields keyed by the entity's own declared names, in declaration order: the
    only names ever used as columns. A key the entity does not declare is refused."""
    fields = change["fields"]
    undeclared = [name for name in fields if name not in entity.fields]
    if undeclared:
        raise InvalidChange(f"{entity.name} has no field {str(undeclared[0])[:64]!r}")
    return {name: fields[name] for name in entity.fields if name in fields}


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def encode(change: Change) -> str:
    return _ENCODER.encode(change)


def apply(db: Database, change: Change) -> bool:
    """Apply one change inside the caller's transaction; False if it was already here."""
    return bool(apply_all(db, [change]))


def apply_all(db: Database, changes: list[Change]) -> list[Change]:
    """Apply changes in order inside the caller's transaction; returns those that were new.

    The result is that of applying them one by one, but the work is batched: the journal,
    the field clocks and the records are written with one statement per table and column
    set, so applying thousands of changes (a pull, a ledger import) costs no per-change query.
    """
    conn = db.conn
    known = journal.bodies(conn, [c["id"] for c in changes])
    batch = _Batch(conn, changes)
    new: list[Change] = []
    for change in changes:
        body = encode(change)
        if change["id"] in known:
            if known[change["id"]] != body:
                raise ChangeConflict(f"change {change['id']} arrived with a different body")
            continue
        known[change["id"]] = body
        batch.add(entities.get(change["entity"]), change, body)
        new.append(change)
    if not new:
        return new
    if len(new) > 1 and conn.in_transaction:
        # Rows are written grouped by table, not in change order: references are checked
        # when the transaction commits instead (the pragma ends with the transaction).
        conn.execute("PRAGMA defer_foreign_keys = ON")
    batch.write()
    for name, ids in batch.touched.items():
        for hook in entities.get(name).after_apply:
            hook(db, ids)
    return new


_PLAIN = {str, int, float, type(None)}  # stored as they are
_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit


class _Batch:
    """The writes of a list of changes, gathered in memory then written table by table."""

    def __init__(self, conn, changes: list[Change]) -> None:
        self.conn = conn
        self.journal: list[tuple] = []
        self.appends: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}  # (table, id) -> winning fields
        # (entity, id) -> {field: (hlc, change id)}: the field clocks to write
        self.clock_rows: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
        self.touched: dict[str, list[str]] = {}
        self.clocks = self._clocks(changes)

    def _clocks(self, changes: list[Change]) -> dict[tuple[str, str], dict[str, str]]:
        wanted: dict[str, set[str]] = {}
        for change in changes:
            if entities.get(change["entity"]).mutable:
                wanted.setdefault(change["entity"], set()).add(change["entity_id"])
        out: dict[tuple[str, str], dict[str, str]] = {}
        for name, ids in wanted.items():
            ordered = sorted(ids)
            for at in range(0, len(ordered), _CHUNK):
                chunk = ordered[at : at + _CHUNK]
                marks = ", ".join("?" for _ in chunk)
                for entity_id, field, hlc in self.conn.execute(
                    "SELECT entity_id, field, hlc FROM field_clock"
                    f" WHERE entity = ? AND entity_id IN ({marks})",
                    [name, *chunk],
                ):
                    out.setdefault((name, entity_id), {})[field] = hlc
        return out

    def add(self, entity: entities.Entity, change: Change, body: str) -> None:
        if entity.mutable:
            self._fields(entity, change)
        else:
            self._append(entity, change)
        self.journal.append(
            (
                change["id"],
                change["entity"],
                change["entity_id"],
                change["op"],
                change["hlc"],
                change.get("author_id"),
                change.get("device"),
                body,
            )
        )
        self.touched.setdefault(entity.name, []).append(change["entity_id"])

    def _fields(self, entity: entities.Entity, change: Change) -> None:
        key = (entity.name, change["entity_id"])
        hlc, stamp = change["hlc"], (change["hlc"], change["id"])
        clocks = self.clocks.setdefault(key, {})
        fields = declared_fields(entity, change)
        if not clocks:  # a record new to this store: every field wins
            clocks.update(dict.fromkeys(fields, hlc))
            self.clock_rows.setdefault(key, {}).update(dict.fromkeys(fields, stamp))
            self.rows.setdefault((entity.table, change["entity_id"]), {}).update(
                {f: v if v.__class__ in _PLAIN else _column_value(v) for f, v in fields.items()}
            )
            return
        row = clock_rows = None
        for field, value in fields.items():
            current = clocks.get(field)
            if current is not None and current >= hlc:
                continue  # an older write: kept in the journal, not applied
            if row is None:
                row = self.rows.setdefault((entity.table, change["entity_id"]), {})
                clock_rows = self.clock_rows.setdefault(key, {})
            clocks[field] = hlc
            clock_rows[field] = stamp
            row[field] = value if value.__class__ in _PLAIN else _column_value(value)

    def _append(self, entity: entities.Entity, change: Change) -> None:
        # Append-only rows carry their change's stamp and author: the author is whoever the
        # change came from (on the server: the token's user), never a field of the body.
        fields = {
            "id": change["entity_id"],
            **declared_fields(entity, change),
            "hlc": change["hlc"],
            "author_id": change.get("author_id"),
        }
        key = (entity.table, tuple(fields))
        self.appends.setdefault(key, []).append(
            [v if v.__class__ in _PLAIN else _column_value(v) for v in fields.values()]
        )

    def write(self) -> None:
        conn = self.conn
        conn.executemany(
            "INSERT INTO changes (id, entity, entity_id, op, hlc, author_id, device, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            self.journal,
        )
        conn.executemany(
            "INSERT OR REPLACE INTO field_clock (entity, entity_id, field, hlc, change_id)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (name, entity_id, field, hlc, change_id)
                for (name, entity_id), fields in self.clock_rows.items()
                for field, (hlc, change_id) in fields.items()
            ],
        )
        upserts: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
        for (table, entity_id), fields in self.rows.items():
            upserts.setdefault((table, tuple(fields)), []).append([entity_id, *fields.values()])
        for (table, columns), values in upserts.items():
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
            conn.executemany(
                f"INSERT INTO {table} (id, {', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in range(len(columns) + 1))})"
                f" ON CONFLICT(id) DO UPDATE SET {updates}",
                values,
            )
        for (table, columns), values in self.appends.items():
            conn.executemany(
                f"INSERT OR IGNORE INTO {table} ({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})",
                values,
            )


def _column_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return int(value)
    return value
