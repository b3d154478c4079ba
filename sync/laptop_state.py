"""The laptop's sync state in its workspace: cursor, secrets, outbox, changes set aside or
refused, photos confirmed, attempts. Its SQL is forms/store/sync.py's, asked by name.

Everything here runs inside `ws.transaction()` so that what a sync step learned (a page of
changes and the cursor after it, a pushed batch and its removal from the outbox) is stored
together or not at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from forms import entities
from forms.changes import Change, ChangeConflict, encode
from forms.store import journal
from forms.store import sync as store
from forms.workspace import Workspace

from . import photo_files


def now() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


# -- key/values ------------------------------------------------------------------------------


def get(ws: Workspace, key: str, default: str | None = None) -> str | None:
    return store.state(ws.conn, key, default)


def put(ws: Workspace, **values: Any) -> None:
    with ws.transaction():
        for key, value in values.items():
            store.put_state(ws.conn, key, None if value is None else str(value))


# -- secrets ---------------------------------------------------------------------------------
#
# The device token and the bundle-signing key are never in the workspace file in plain text:
# they are sealed (AES-GCM) with a key kept in its own file beside it (SECRET_KEY, mode 0600 in
# the 0700 workspace folder). A copy of the database alone (a support copy, a backup of the
# .sqlite file, a stray sync) then reveals neither; someone with the user's account and folder
# still can, as with any secret an unattended program must use. (The OS keyring would need a
# desktop session the command line and the tests do not always have.)

SECRET_KEY = "secret.key"
_SEALED = "enc1:"


def put_secret(ws: Workspace, key: str, value: str) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    sealed = AESGCM(_secret_key(ws)).encrypt(nonce, value.encode(), key.encode())
    put(ws, **{key: _SEALED + (nonce + sealed).hex()})


def get_secret(ws: Workspace, key: str) -> str | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    stored = get(ws, key)
    if stored is None:
        return None
    if not stored.startswith(_SEALED):  # written by an older SiteLedger: seal it now
        put_secret(ws, key, stored)
        return stored
    raw = bytes.fromhex(stored.removeprefix(_SEALED))
    try:
        return AESGCM(_secret_key(ws)).decrypt(raw[:12], raw[12:], key.encode()).decode()
    except InvalidTag:
        return None  # the key file was replaced: as if never enrolled (enrol again)


def _secret_key(ws: Workspace) -> bytes:
    path = ws.home / SECRET_KEY
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(os.urandom(32))
        f.flush()
        os.fsync(f.fileno())
    return path.read_bytes()


def learn_devices(ws: Workspace, server_id: str, server_key: str, revoked: list[str]) -> None:
    """What the server says about its devices: its key (if this workspace had none yet, from
    an enrolment before bundles were signed) and which devices are revoked."""
    with ws.transaction():
        if get(ws, "server_key") is None:
            put(ws, server_id=server_id, server_key=server_key)
        store.add_revoked(ws.conn, revoked, now())


def revoked(ws: Workspace, device_id: str) -> bool:
    return store.is_revoked(ws.conn, device_id)


def cursor(ws: Workspace) -> int:
    return int(get(ws, "cursor", "0") or 0)


# -- outbox ----------------------------------------------------------------------------------


def outbox_batch(ws: Workspace, size: int) -> list[str]:
    """The next changes to push, as their journaled canonical JSON (sent as they are)."""
    return outbox_after(ws, size, 0)[0]


def outbox_after(ws: Workspace, size: int, after: int) -> tuple[list[str], int]:
    """The changes queued after outbox position `after`, and the position of the last."""
    rows = store.outbox_after(ws.conn, after, size)
    return [body for (_seq, body) in rows], (rows[-1][0] if rows else after)


def acknowledge(ws: Workspace, results: list[dict[str, Any]]) -> None:
    """The server stored these: take them off the outbox, with the author it recorded."""
    with ws.transaction():
        reauthor_many(ws, {r["id"]: r.get("author_id") for r in results})
        store.drop_from_outbox(ws.conn, [r["id"] for r in results])


def set_aside(ws: Workspace, refused: list[dict[str, Any]]) -> None:
    """Refused changes leave the queue (so the rest can go) and are kept with the reason."""
    with ws.transaction():
        for item in refused:
            store.set_aside(ws.conn, item["id"], item["status"], item["reason"], now())


def set_aside_list(ws: Workspace) -> list[dict[str, Any]]:
    return store.set_aside_rows(ws.conn)


def requeue_set_aside(ws: Workspace) -> int:
    """Put set-aside changes back in the queue (after an app update or a scope change)."""
    with ws.transaction():
        return store.requeue_set_aside(ws.conn)


def reauthor(ws: Workspace, change_id: str, author_id: str | None) -> bool:
    """Record the author the server set on one of our changes (authorship is the token's)."""
    return reauthor_many(ws, {change_id: author_id}) > 0


def reauthor_many(ws: Workspace, authors: dict[str, str | None]) -> int:
    """`reauthor` for many changes at once, in the caller's transaction; returns how many."""
    bodies: list[tuple[str | None, str, str]] = []
    rows: dict[str, list[tuple[str | None, str, str | None]]] = {}
    for change_id, author_id, body, entity, entity_id in store.change_authors(
        ws.conn, list(authors)
    ):
        new = authors[change_id]
        if author_id == new:
            continue
        bodies.append((new, _with_author(body, author_id, new), change_id))
        rows.setdefault(entity, []).append((new, entity_id, author_id))
    store.put_change_authors(ws.conn, bodies)
    for name, updates in rows.items():
        entity = entities.get(name)
        if entity.mutable:
            continue  # a mutable record keeps no author of its own: the journal has it
        store.put_record_authors(ws.conn, entity.table, updates)
        for hook in entity.after_apply:
            hook(ws.db, [entity_id for _new, entity_id, _old in updates])
    return len(bodies)


@functools.lru_cache(maxsize=256)
def _author_prefixes(old: str | None, new: str | None) -> tuple[str, str]:
    return '{"author_id":' + encode(old) + ",", '{"author_id":' + encode(new) + ","


def _with_author(body: str, old: str | None, new: str | None) -> str:
    """The canonical body with its author replaced. Canonical JSON sorts its keys, so
    "author_id" comes first: splice it rather than parse and re-encode (the same text)."""
    prefix, replacement = _author_prefixes(old, new)
    if body.startswith(prefix):
        return replacement + body[len(prefix) :]
    change = json.loads(body)
    change["author_id"] = new
    return encode(change)


# -- pull ------------------------------------------------------------------------------------


def checked(changes: list[object]) -> tuple[list[Change], list[tuple[object, str]]]:
    """The received changes that pass the entity schema, and the others with their reasons.
    Nothing from the wire reaches SQL before this (DESIGN.md §4)."""
    from forms import hlc

    good: list[Change] = []
    bad: list[tuple[object, str]] = []
    wall = hlc.wall_millis()
    for change in changes:
        # (a stamp far ahead of this laptop's clock is refused too: it would drag the clock)
        reasons = entities.check(change, now=wall, ahead=hlc.RECEIVE_AHEAD)
        if reasons:
            bad.append((change, "；".join(reasons)[:1000]))
        else:
            good.append(change)  # type: ignore[arg-type]
    return good, bad


def refuse_received(ws: Workspace, refused: list[tuple[object, str]], source: str) -> None:
    """Keep received changes that failed the schema out of the store, with the reason (in the
    caller's transaction): shown, never applied, never blocking what came with them."""
    at = now()
    for change, reason in refused:
        change_id = change.get("id") if isinstance(change, dict) else None
        body = json.dumps(change, ensure_ascii=False, default=str)[:4000]
        key = change_id if isinstance(change_id, str) else "sha256:" + _digest(body)
        store.refuse_received(ws.conn, key[:200], source, reason, body, at)


def refused_received(ws: Workspace) -> list[dict[str, Any]]:
    return store.refused_received(ws.conn)


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def apply_page(ws: Workspace, changes: list[Change], next_cursor: int, key: str = "cursor") -> int:
    """Apply a pulled page and store the cursor after it, in one transaction. Changes that
    fail the entity schema are set aside (recorded, not applied); the rest go in."""
    changes, refused = checked(changes)
    with ws.transaction():
        if refused:
            refuse_received(ws, refused, "pull")
        _reconcile_known(ws, changes)
        new = ws.receive(changes)
        store.put_state(ws.conn, key, str(next_cursor))
    return new


def _known_bodies(ws: Workspace, changes: list[Change]) -> dict[str, str]:
    return journal.bodies(ws.conn, [c["id"] for c in changes])


def drop_known(ws: Workspace, changes: list[Change]) -> list[Change]:
    """The changes not yet in the journal; a known id with another body (but for the author,
    which the server may have set) is a contradiction."""
    known = _known_bodies(ws, changes)
    fresh = []
    for change in changes:
        body = known.get(change["id"])
        if body is None:
            fresh.append(change)
        elif body != encode(change) and not _same_but_author(json.loads(body), change):
            raise ChangeConflict(f"change {change['id']} arrived with a different body")
    return fresh


def _same_but_author(a: Change, b: Change) -> bool:
    return {**a, "author_id": None} == {**b, "author_id": None}


def _reconcile_known(ws: Workspace, changes: list[Change]) -> None:
    """A change we already hold may come back with the author the server set: adopt it."""
    known = _known_bodies(ws, changes)
    for change in changes:
        body = known.get(change["id"])
        if body is not None and body != encode(change):
            if _same_but_author(json.loads(body), change):
                reauthor(ws, change["id"], change.get("author_id"))


# -- photos ----------------------------------------------------------------------------------


# Photo functions run on the workspace's one writer: the photo lane itself (network and files,
# `Client.move_photos`) never touches the database; what it found is recorded here afterwards.


def photos_to_upload(db: Database, photos_dir: Path) -> dict[str, Path]:
    """Referenced photos this laptop has and the server has not confirmed: working hash -> the
    file here, in hash order."""
    sent = store.photos_sent(db)
    return {
        sha: path
        for sha, path in sorted(photo_files.referenced(db, photos_dir).items())
        if sha not in sent and path.exists()
    }


def photos_started(db: Database, pending: list[str]) -> set[str]:
    """Which of `pending` (working hashes) an earlier sync started to upload; notes them all
    as started, in one write, before this sync sends any of their bytes."""
    started = store.state(db, "photos_started")
    before = set(json.loads(started)) if started else set()
    with db.atomic():
        store.put_state(db, "photos_started", json.dumps(sorted(pending)))
    return before & set(pending)


def photos_unpushed(ws: Workspace, pending: dict[str, Path]) -> dict[str, str]:
    """Of the photos to upload (working hashes), those whose photo record is still in the
    outbox: the change's id -> the working hash. The server takes a photo's bytes only once it
    holds the record naming them."""
    working = {p.original: p.working for p in photo_files.referenced_photos(ws.db, ws.photos_dir)}
    held: dict[str, str] = {}
    for change_id, original in store.outbox_photo_records(ws.conn):
        if working.get(original) in pending:
            held[change_id] = working[original]
    return held


def photos_missing(db: Database, photos_dir: Path) -> list[photo_files.LaptopPhoto]:
    """Referenced photos whose working copy is not (yet) on this laptop: their records wait."""
    return [
        photo for photo in photo_files.referenced_photos(db, photos_dir) if not photo.path.exists()
    ]


def photos_sent(db: Database, hashes: list[str]) -> None:
    """The server confirmed these photos (by working hash) whole and matching their hashes."""
    if not hashes:
        return
    with db.atomic():
        store.note_photos_sent(db.conn, hashes, now())


# -- attempts: a sync that makes no progress on the same item twice says so ----------------

STALLED = 2  # attempts in a row without progress


def note_photo_attempts(
    ws: Workspace, waiting: dict[str, str], offsets: dict[str, int], confirmed: list[str]
) -> None:
    """Remember, per photo still waiting, the server's offset and why; a photo whose offset did
    not move since the last attempt counts one more attempt without progress."""
    attempts = _json_state(ws, "photo_attempts")
    for sha in confirmed:
        attempts.pop(sha, None)
    for sha, reason in waiting.items():
        before = attempts.get(sha)
        offset = offsets.get(sha, -1)
        stalled = before is not None and offset <= before["offset"]
        attempts[sha] = {
            "offset": offset,
            "tries": before["tries"] + 1 if stalled else 1,
            "reason": reason,
        }
    _put_json_state(ws, "photo_attempts", attempts)


def note_push_attempt(ws: Workspace, reason: str | None) -> None:
    """After a sync: the change at the head of the outbox, and how many syncs in a row ended
    with that same change still at the head."""
    head = store.outbox_head(ws.conn)
    before = _json_state(ws, "push_attempts")
    if head is None:
        after = {}
    elif before.get("head") == head:
        after = {"head": head, "tries": before["tries"] + 1, "reason": reason}
    else:
        after = {"head": head, "tries": 1, "reason": reason}
    _put_json_state(ws, "push_attempts", after)


def _json_state(ws: Workspace, key: str) -> dict:
    value = get(ws, key)
    return json.loads(value) if value else {}


def _put_json_state(ws: Workspace, key: str, value: dict) -> None:
    put(ws, **{key: json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None})


class Wait(str):
    """One line of what still waits: the Chinese as the string itself (the command line prints
    it), its English for an English screen, and whether it made no progress twice in a row."""

    en: str
    stalled: bool

    def __new__(cls, zh: str, en: str, stalled: bool = False) -> Wait:
        line = super().__new__(cls, zh)
        line.en, line.stalled = en, stalled
        return line


def waits(ws: Workspace, photos: dict[str, Path] | None = None) -> list[Wait]:
    """What still waits to reach the server and why, one line each."""
    lines = []
    outbox = store.outbox_count(ws.conn)
    if outbox:
        push = _json_state(ws, "push_attempts")
        zh, en = (
            f"{outbox} 条变更尚未推送到服务器",
            f"{outbox} changes not pushed to the server yet",
        )
        stalled = push.get("tries", 0) >= STALLED
        if stalled:
            zh += f"；变更 {push['head'][:13]} 多次推送未完成"
            en += f"; change {push['head'][:13]} failed to push several times"
        if push.get("reason"):
            zh, en = zh + f"（{push['reason']}）", en + f" ({push['reason']})"
        lines.append(Wait(zh, en, stalled))
    attempts = _json_state(ws, "photo_attempts")
    for sha in photos if photos is not None else photos_to_upload(ws.db, ws.photos_dir):
        tried, short = attempts.get(sha), sha[:12]
        if tried is None:
            lines.append(Wait(f"照片 {short} 尚未上传", f"photo {short} not uploaded yet"))
        elif tried["tries"] >= STALLED:
            lines.append(
                Wait(
                    f"照片 {short} 多次上传未完成：{tried['reason']}",
                    f"photo {short} failed to upload several times: {tried['reason']}",
                    stalled=True,
                )
            )
        else:
            lines.append(
                Wait(
                    f"照片 {short} 尚未上传完成：{tried['reason']}",
                    f"photo {short} not fully uploaded yet: {tried['reason']}",
                )
            )
    return lines


# -- status ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    server_url: str | None
    user_name: str | None
    last_sync: str | None
    last_error: str | None
    changes_waiting: int
    photos_waiting: int
    photos_missing: int
    set_aside: int
    refused_received: int = 0
    waits: tuple[Wait, ...] = ()  # what still waits to reach the server, and why

    @property
    def synced(self) -> bool:
        """Nothing of this laptop's waits for the server (set-aside changes count apart)."""
        return not self.changes_waiting and not self.photos_waiting


def status(ws: Workspace) -> Status:
    uploads = photos_to_upload(ws.db, ws.photos_dir)
    return Status(
        server_url=get(ws, "server_url"),
        user_name=get(ws, "user_name"),
        last_sync=get(ws, "last_sync"),
        last_error=get(ws, "last_error"),
        changes_waiting=store.outbox_count(ws.conn),
        photos_waiting=len(uploads),
        photos_missing=len(photos_missing(ws.db, ws.photos_dir)),
        set_aside=store.set_aside_count(ws.conn),
        refused_received=store.refused_count(ws.conn),
        waits=tuple(waits(ws, uploads)),
    )
