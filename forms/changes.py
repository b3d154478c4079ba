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


# No check for circular references: a change is parsed JSON or our own plain dicts, which have
# none (one would still fail, with RecursionError); the check cost a sixth of each encoding.
_ENCODER = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), check_circular=False
)


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

Stamp = tuple[str, str]  # (hlc, change id) of the write a field's value comes from


def field_stamps(conn, entity: str, ids: list[str]) -> dict[str, dict[str, Stamp]]:
    """{entity id: {field: winning stamp}} of these records of a mutable entity.

    `field_stamps` holds one row per record and change whose values the record still shows
    (schema 0009): a record imported whole is one row, not one per field."""
    out: dict[str, dict[str, Stamp]] = {}
    ordered = sorted(set(ids))
    for at in range(0, len(ordered), _CHUNK):
        chunk = ordered[at : at + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for entity_id, change_id, hlc, names in conn.execute(
            "SELECT entity_id, change_id, hlc, fields FROM field_stamps"
            f" WHERE entity = ? AND entity_id IN ({marks})",
            [entity, *chunk],
        ):
            clock = out.setdefault(entity_id, {})
            for name in json.loads(names):
                if name not in clock or clock[name][0] < hlc:
                    clock[name] = (hlc, change_id)
    return out


class _Batch:
    """The writes of a list of changes, gathered in memory then written table by table."""

    def __init__(self, conn, changes: list[Change]) -> None:
        self.conn = conn
        self.journal: list[tuple] = []
        self.appends: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}  # (table, id) -> winning fields
        # (entity, id) -> {field: stamp}: the winning stamps, as stored and as they become
        self.clocks = self._clocks(changes)
        self.stored = set(self.clocks)  # records whose stamps are rewritten, not only added
        # Records whose stamps changed; for a new record whose fields all come from one change
        # (a record made here or imported), that stamp and those fields.
        self.stamped: dict[tuple[str, str], tuple[Stamp, dict[str, Any]] | None] = {}
        self.touched: dict[str, list[str]] = {}

    def _clocks(self, changes: list[Change]) -> dict[tuple[str, str], dict[str, Stamp]]:
        wanted: dict[str, list[str]] = {}
        for change in changes:
            if entities.get(change["entity"]).mutable:
                wanted.setdefault(change["entity"], []).append(change["entity_id"])
        return {
            (name, entity_id): clock
            for name, ids in wanted.items()
            for entity_id, clock in field_stamps(self.conn, name, ids).items()
        }

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
        hlc = change["hlc"]
        stamp = (hlc, change["id"])
        clock = self.clocks.get(key)
        fields = declared_fields(entity, change)
        if not clock:  # a record new to this store: every field wins
            self.clocks[key] = dict.fromkeys(fields, stamp)
            self.stamped[key] = (stamp, fields)  # all from one change, so far
            self.rows.setdefault((entity.table, change["entity_id"]), {}).update(
                {f: v if v.__class__ in _PLAIN else _column_value(v) for f, v in fields.items()}
            )
            return
        row = None
        for field, value in fields.items():
            current = clock.get(field)
            if current is not None and current[0] >= hlc:
                continue  # an older write: kept in the journal, not applied
            if row is None:
                row = self.rows.setdefault((entity.table, change["entity_id"]), {})
                self.stamped[key] = None  # from several changes: grouped when written
            clock[field] = stamp
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
        self._write_stamps()
        # Tables in the order their entities are declared (units and people before projects,
        # projects before their links and stages): a row whose parent is written after it
        # would make every later parent row look for orphans until the commit.
        order = {entity.table: n for n, entity in enumerate(entities.ENTITIES.values())}
        upserts: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
        for (table, entity_id), fields in self.rows.items():
            upserts.setdefault((table, tuple(fields)), []).append([entity_id, *fields.values()])
        statements = [
            (table, columns, values, True) for (table, columns), values in upserts.items()
        ]
        statements += [
            (table, columns, values, False) for (table, columns), values in self.appends.items()
        ]
        statements.sort(key=lambda s: order.get(s[0], len(order)))
        for table, columns, values, mutable in statements:
            if mutable and not columns:  # a change that sets no field: the record only
                conn.executemany(
                    f"INSERT INTO {table} (id) VALUES (?) ON CONFLICT(id) DO NOTHING", values
                )
            elif mutable:
                updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
                conn.executemany(
                    f"INSERT INTO {table} (id, {', '.join(columns)})"
                    f" VALUES ({', '.join('?' for _ in range(len(columns) + 1))})"
                    f" ON CONFLICT(id) DO UPDATE SET {updates}",
                    values,
                )
            else:
                conn.executemany(
                    f"INSERT OR IGNORE INTO {table} ({', '.join(columns)})"
                    f" VALUES ({', '.join('?' for _ in columns)})",
                    values,
                )

    def _write_stamps(self) -> None:
        """One row per changed record and change its values come from, with the fields it
        holds: a stored record's rows are replaced, a new record's added."""
        rows = []
        for key, whole in self.stamped.items():
            if whole is not None:
                (hlc, change_id), names = whole
                if names:  # a change with no fields holds none
                    rows.append((*key, change_id, hlc, _names_json(names)))
                continue
            by_stamp: dict[Stamp, list[str]] = {}
            for field, stamp in self.clocks[key].items():
                by_stamp.setdefault(stamp, []).append(field)
            for (hlc, change_id), names in by_stamp.items():
                rows.append((*key, change_id, hlc, _names_json(sorted(names))))
        self.conn.executemany(
            "DELETE FROM field_stamps WHERE entity = ? AND entity_id = ?",
            [key for key in self.stamped if key in self.stored],
        )
        self.conn.executemany(
            "INSERT INTO field_stamps (entity, entity_id, change_id, hlc, fields)"
            " VALUES (?, ?, ?, ?, ?)",
            rows,
        )


def _names_json(names: Any) -> str:
    """A JSON list of field names. They are the entity's declared names (declared_fields), plain
    identifiers with nothing to escape, so joined rather than encoded: one per record written."""
    return '["' + '","'.join(names) + '"]' if names else "[]"


# What json.dumps(value, ensure_ascii=False, sort_keys=True) gives, without making an encoder
_COLUMN_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, check_circular=False)


def _column_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return _COLUMN_JSON.encode(value)
    if isinstance(value, bool):
        return int(value)
    return value
