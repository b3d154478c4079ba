"""The workspace's sync tables by name: the sync state (key → text), the outbox, changes set
aside or refused, devices the server revoked, photos the server confirmed, and the authors the
server set on our changes. Asked by sync/laptop_state.py, which holds the transactions."""

from __future__ import annotations

from typing import Any

from . import rows

_CHUNK = 500  # ids per IN (...), well under SQLite's variable limit


# -- sync state --------------------------------------------------------------------------------


def state(db: Any, key: str, default: str | None = None) -> str | None:
    """The stored value (None when stored as NULL), or `default` when the key was never set."""
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def put_state(db: Any, key: str, value: str | None) -> None:
    db.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


# -- devices -----------------------------------------------------------------------------------


def add_revoked(db: Any, device_ids: list[str], at: str) -> None:
    db.executemany(
        "INSERT OR IGNORE INTO sync_revoked_devices (device_id, revoked_at) VALUES (?, ?)",
        [(device_id, at) for device_id in device_ids],
    )


def is_revoked(db: Any, device_id: str) -> bool:
    return (
        db.execute("SELECT 1 FROM sync_revoked_devices WHERE device_id = ?", [device_id]).fetchone()
        is not None
    )


# -- outbox ------------------------------------------------------------------------------------


def outbox_after(db: Any, after: int, size: int) -> list[tuple[int, str]]:
    """(position, journaled body) of the changes queued after position `after`, in order."""
    return db.execute(
        "SELECT outbox.seq, changes.body FROM outbox JOIN changes"
        " ON changes.id = outbox.change_id WHERE outbox.seq > ? ORDER BY outbox.seq LIMIT ?",
        [after, size],
    ).fetchall()


def outbox_head(db: Any) -> str | None:
    """The change next in line to push."""
    row = db.execute("SELECT change_id FROM outbox ORDER BY seq LIMIT 1").fetchone()
    return row[0] if row else None


def outbox_count(db: Any) -> int:
    return db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]


def drop_from_outbox(db: Any, change_ids: list[str]) -> None:
    db.executemany("DELETE FROM outbox WHERE change_id = ?", [(i,) for i in change_ids])


def outbox_photo_records(db: Any) -> list[tuple[str, str]]:
    """(change id, photo id) of the photo records still queued."""
    return db.execute(
        "SELECT changes.id, changes.entity_id FROM outbox JOIN changes"
        " ON changes.id = outbox.change_id WHERE changes.entity = 'photo'"
    ).fetchall()


# -- set aside (refused by the server) and refused on arrival ----------------------------------


def set_aside(db: Any, change_id: str, status: int, reason: str, at: str) -> None:
    """Keep a change the server refused, with the reason, out of the outbox."""
    db.execute(
        "INSERT OR REPLACE INTO sync_set_aside (change_id, status, reason, set_aside_at)"
        " VALUES (?, ?, ?, ?)",
        [change_id, status, reason, at],
    )
    db.execute("DELETE FROM outbox WHERE change_id = ?", [change_id])


def set_aside_rows(db: Any) -> list[dict[str, Any]]:
    return rows(
        db,
        "SELECT sync_set_aside.*, changes.entity, changes.entity_id FROM sync_set_aside"
        " JOIN changes ON changes.id = sync_set_aside.change_id ORDER BY set_aside_at",
    )


def set_aside_count(db: Any) -> int:
    return db.execute("SELECT COUNT(*) FROM sync_set_aside").fetchone()[0]


def requeue_set_aside(db: Any) -> int:
    """Put every set-aside change back in the outbox; how many."""
    ids = [r[0] for r in db.execute("SELECT change_id FROM sync_set_aside")]
    for change_id in ids:
        db.execute("INSERT OR IGNORE INTO outbox (change_id) VALUES (?)", [change_id])
    db.execute("DELETE FROM sync_set_aside")
    return len(ids)


def refuse_received(db: Any, key: str, source: str, reason: str, body: str, at: str) -> None:
    db.execute(
        "INSERT OR REPLACE INTO sync_refused_in (change_id, source, reason, body, refused_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [key, source, reason, body, at],
    )


def refused_received(db: Any) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM sync_refused_in ORDER BY refused_at")


def refused_count(db: Any) -> int:
    return db.execute("SELECT COUNT(*) FROM sync_refused_in").fetchone()[0]


# -- the journal: bodies and authors -----------------------------------------------------------


def change_authors(db: Any, ids: list[str]) -> list[tuple[str, str | None, str, str, str]]:
    """(id, author id, body, entity, entity id) of those of these changes the journal holds."""
    found: list[tuple[str, str | None, str, str, str]] = []
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        marks = ",".join("?" for _ in part)
        found += db.execute(
            f"SELECT id, author_id, body, entity, entity_id FROM changes WHERE id IN ({marks})",
            part,
        ).fetchall()
    return found


def put_change_authors(db: Any, bodies: list[tuple[str | None, str, str]]) -> None:
    """(new author, new body, change id) for each reauthored change."""
    db.executemany("UPDATE changes SET author_id = ?, body = ? WHERE id = ?", bodies)


def put_record_authors(
    db: Any, table: str, updates: list[tuple[str | None, str, str | None]]
) -> None:
    """(new author, record id, old author) for append-only records of a registered entity's
    `table` (forms/entities.py names it: the identifier never comes from data)."""
    db.executemany(f"UPDATE {table} SET author_id = ? WHERE id = ? AND author_id IS ?", updates)


# -- photos ------------------------------------------------------------------------------------


def photos_sent(db: Any) -> set[str]:
    """Working hashes the server confirmed whole."""
    return {r[0] for r in db.execute("SELECT sha256 FROM sync_photos_sent")}


def note_photos_sent(db: Any, hashes: list[str], at: str) -> None:
    db.executemany(
        "INSERT OR IGNORE INTO sync_photos_sent (sha256, sent_at) VALUES (?, ?)",
        [(sha, at) for sha in hashes],
    )


def queue(db: Any, change_ids: list[str]) -> None:
    """Put journaled changes (back) in the outbox; those already queued stay where they are."""
    db.executemany(
        "INSERT OR IGNORE INTO outbox (change_id) VALUES (?)", [(i,) for i in change_ids]
    )


# -- bundles (sync by file, sync/bundle.py) ----------------------------------------------------


def bundle_window(db: Any) -> tuple[int, int, dict[str, int]]:
    """What a bundle carries: journal rows after the least any peer acknowledged, through the
    last row now; and each peer's received-through row."""
    acked = db.execute("SELECT MIN(acked_through) FROM sync_peers").fetchone()[0] or 0
    through = db.execute("SELECT COALESCE(MAX(rowid), 0) FROM changes").fetchone()[0]
    acks = dict(db.execute("SELECT device, received_through FROM sync_peers"))
    return acked, through, acks


def journal_bodies(db: Any, after: int, through: int) -> Any:
    """A cursor of (body,) of the journal rows in (after, through], in journal order."""
    return db.execute(
        "SELECT body FROM changes WHERE rowid > ? AND rowid <= ? ORDER BY rowid", [after, through]
    )


def bundle_imported(db: Any, bundle_id: str) -> bool:
    return (
        db.execute("SELECT 1 FROM sync_bundles WHERE bundle_id = ?", [bundle_id]).fetchone()
        is not None
    )


def note_bundle(
    db: Any, bundle_id: str, peer: str, acked: int, received: int, at: str, new: int
) -> None:
    """The bundle is imported: the peer's acknowledgements move forward (never back)."""
    db.execute(
        "INSERT INTO sync_peers (device, acked_through, received_through) VALUES (?, ?, ?)"
        " ON CONFLICT(device) DO UPDATE SET"
        " acked_through = MAX(acked_through, excluded.acked_through),"
        " received_through = MAX(received_through, excluded.received_through)",
        [peer, acked, received],
    )
    db.execute(
        "INSERT INTO sync_bundles (bundle_id, from_device, imported_at, new_changes)"
        " VALUES (?, ?, ?, ?)",
        [bundle_id, peer, at, new],
    )


# -- conflicts (sync/conflicts.py) -------------------------------------------------------------


def settled_conflicts(db: Any) -> dict[tuple[str, str, str], str]:
    """(entity, id, field) → the stamp through which the office settled its conflict."""
    return {
        (e, i, f): h
        for e, i, f, h in db.execute(
            "SELECT entity, entity_id, field, through_hlc FROM sync_resolved"
        )
    }


def settle(db: Any, entity: str, entity_id: str, field: str, through: str) -> None:
    db.execute(
        "INSERT OR REPLACE INTO sync_resolved (entity, entity_id, field, through_hlc)"
        " VALUES (?, ?, ?, ?)",
        [entity, entity_id, field, through],
    )


def writes_of(db: Any, entities: list[str]) -> Any:
    """A cursor of (id, entity, entity id, hlc, author, device, body) of every journaled
    change to these (mutable) entities, oldest stamp first."""
    marks = ",".join("?" for _ in entities)
    return db.execute(
        "SELECT id, entity, entity_id, hlc, author_id, device, body FROM changes"
        f" WHERE entity IN ({marks}) ORDER BY hlc",
        entities,
    )


def record_label(db: Any, table: str, record_id: str) -> str | None:
    """What a record of a registered entity's `table` is called: its name or its number."""
    columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
    column = "name" if "name" in columns else "number" if "number" in columns else None
    if column is None:
        return None
    row = db.execute(f"SELECT {column} FROM {table} WHERE id = ?", [record_id]).fetchone()
    return str(row[0]) if row and row[0] else None
