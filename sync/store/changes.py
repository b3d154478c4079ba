"""Changes kept once by id: push (one transaction, all or nothing) and pull by cursor with
backfill when a scope grows (a part of `Store`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from forms import entities, hlc
from forms.changes import encode

from ..dialect import Connection
from .model import Refusal, Refused, User, _Batch

# A change stamped further ahead of the server's clock than this is refused (a laptop whose
# clock is a day fast is wrong; one stamp from the far future would drag every clock after it).
FUTURE_MARGIN_MS = hlc.DAY


class Changes:
    """The changes table: stored once by id, pulled by cursor in each user's scope."""

    def push(
        self, user: User, changes: list[dict[str, Any]], origin_device: str | None = None
    ) -> list[dict[str, Any]]:
        """Store a batch once by id; all or nothing. Returns per change id, status, author."""
        results: list[dict[str, Any]] = []
        refusals: list[Refusal] = []
        with self.connection() as conn, conn.write():
            batch = _Batch(user, origin_device, self._bodies(conn, [c["id"] for c in changes]))
            for change in changes:
                outcome = self._push_one(conn, batch, change)
                if isinstance(outcome, Refusal):
                    refusals.append(outcome)
                else:
                    results.append(outcome)
            if refusals:
                raise Refused(refusals)
            conn.executemany(
                "INSERT INTO changes (id, entity, entity_id, project_id, round_id, author_id,"
                " device_id, body, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                batch.rows,
            )
        # Only here, after COMMIT, has the batch been stored durably.
        return results

    def _bodies(self, conn: Connection, ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for part, marks in _parts(ids):
            found.update(conn.all(f"SELECT id, body FROM changes WHERE id IN ({marks})", part))
        return found

    def _push_one(self, conn: Connection, batch: _Batch, change: dict[str, Any]):
        change_id, user = change["id"], batch.user
        # Nothing from the wire is trusted: the change must fit its entity's declared fields,
        # and its clock stamp may not run far ahead of ours, before anything is stored.
        reasons = entities.check(change, now=hlc.wall_millis(), ahead=self.future_margin_ms)
        if reasons:
            return Refusal(change_id, 422, "；".join(reasons)[:1000])
        entity = entities.get(change["entity"])
        if change_id in batch.bodies:
            kept = json.loads(batch.bodies[change_id])
            if {**kept, "author_id": None} != {**change, "author_id": None}:
                return Refusal(change_id, 409, "同一编号的变更内容不同")
            return {"id": change_id, "status": "duplicate", "author_id": kept.get("author_id")}
        stored = dict(change)
        actor = user
        relayed = user.role == "office" and change.get("device") != batch.origin_device
        if not relayed:
            # Authorship comes from the token; only the office relays others' changes
            # (bundles carried in from offline laptops) with the author they were made by.
            stored["author_id"] = user.id
        else:
            # ...and a relayed change is in scope only if its author could have pushed it.
            actor = self._user_by_id(conn, batch, change.get("author_id")) or user
        project_id, round_id = self._scope_of(conn, entity.name, change)
        # Whose work it is, person by person: not known for the office's own laptop, which
        # pushes the work of everyone signed in there under its one token (the laptop's own
        # check, by signed-in person, holds there).
        person = stored["author_id"] if user.role != "office" or relayed else None
        denied = self._deny_own_verification(conn, batch, change, person, project_id) or self._deny(
            conn, batch, actor, entity.name, change, project_id, round_id
        )
        if denied:
            return Refusal(change_id, 403, denied)
        body = encode(stored)
        batch.bodies[change_id] = body
        batch.rows.append(
            (
                change_id,
                entity.name,
                change["entity_id"],
                project_id,
                round_id,
                stored["author_id"],
                user.device_id,
                body,
                batch.now,
            )
        )
        self._index(conn, entity.name, change, project_id, round_id)
        if entity.name in ("project", "assignment", "unit"):
            batch.visible.clear()  # a user's scope may have grown
        return {"id": change_id, "status": "stored", "author_id": stored["author_id"]}

    def pull(self, user: User, since: int, limit: int) -> tuple[list[str], int, bool]:
        """Bodies after `since` in the user's scope, the next cursor, and whether there is more.

        Writers commit in sequence order (see dialect.py), so everything up to the highest
        committed sequence is final: that is the watermark pages are served up to.

        When a user's scope grows (a project newly assigned), the project's history before the
        cursor is sent too ("backfill"), until a later pull shows the device stored it.
        """
        with self.connection() as conn, conn.read():
            watermark = conn.one("SELECT COALESCE(MAX(seq), 0) FROM changes")[0]
            projects = None if user.role == "office" else sorted(self.visible_projects(conn, user))
            route = set() if projects is None else self._route_only(conn, user, projects)
            where, params = self._pull_filter(conn, user, projects)
            if route:  # backfill of a new route's projects, their base data (see _route_only)
                projects = sorted({*projects, *route})
            rows = conn.all(
                f"SELECT seq, body, entity, entity_id FROM changes WHERE seq > ? AND seq <= ?"
                f" AND device_id <> ?{where} ORDER BY seq LIMIT ?",
                [since, watermark, user.device_id, *params, limit],
            )
            served = (
                {}
                if projects is None
                else dict(
                    (p, (c, ok))
                    for p, c, ok in conn.all(
                        "SELECT project_id, backfill_cursor, confirmed FROM device_projects"
                        " WHERE device_id = ?",
                        [user.device_id],
                    )
                )
            )
            need = (
                []
                if projects is None or since == 0
                else [
                    p
                    for p in projects
                    if p not in served or (not served[p][1] and since < served[p][0])
                ]
            )
            backfill = self._backfill(conn, user, [p for p in need if p not in route], since)
            backfill += self._backfill(conn, user, [p for p in need if p in route], since, True)
            if projects is not None:
                backfill += self._photos_of_links(conn, user, rows, backfill, since)
        if len(rows) == limit:
            cursor, more = rows[-1][0], True
        else:
            cursor, more = max(watermark, since), False
        if projects is not None:
            self._note_served(user, projects, served, need, since, cursor)
        return [r[1] for r in backfill] + [r[1] for r in rows], cursor, more

    def _photos_of_links(
        self, conn: Connection, user: User, rows: list[tuple], backfill: list[tuple], since: int
    ) -> list[tuple]:
        """Photo rows stored before `since` whose photo a link being sent now puts in the
        user's scope: a photo's row usually reaches the server before its link, when nobody
        but the office could see it yet. (Sent again harmlessly if the device has them.)"""
        links = [r[3] for r in [*backfill, *rows] if r[2] == "photo_link"]
        bodies: list[tuple] = []
        for part, marks in _parts(links):
            bodies += conn.all(
                "SELECT seq, body, entity, entity_id FROM changes WHERE entity = 'photo'"
                f" AND seq <= ? AND device_id <> ? AND entity_id IN (SELECT photo_id"
                f" FROM scope_photo_links WHERE link_id IN ({marks})) ORDER BY seq",
                [since, user.device_id, *part],
            )
        sent = {r[1] for r in backfill}
        return [r for r in dict.fromkeys(bodies) if r[1] not in sent]

    def _backfill(
        self,
        conn: Connection,
        user: User,
        projects: list[str],
        since: int,
        base_only: bool = False,
    ) -> list[tuple]:
        """Changes of projects newly in the user's scope; only the project records themselves
        for a reviewer's route projects (`base_only`)."""
        bodies: list[tuple] = []
        only = " AND entity = 'project'" if base_only else ""
        for part, marks in _parts(projects):
            bodies += conn.all(
                "SELECT seq, body, entity, entity_id FROM changes WHERE"
                f" project_id IN ({marks}) AND round_id IS NULL{only} AND seq <= ?"
                " AND device_id <> ? ORDER BY seq",
                [*part, since, user.device_id],
            )
        return bodies

    def _note_served(
        self,
        user: User,
        projects: list[str],
        served: dict,
        need: list[str],
        since: int,
        cursor: int,
    ) -> None:
        """Remember which projects' histories this device has been sent, and which it stored
        (it pulls again from at least the cursor it was given: that page is in its store)."""
        fresh = [
            (user.device_id, p, cursor, 0 if p in need else 1) for p in projects if p not in served
        ]
        resend = [(cursor, user.device_id, p) for p in need if p in served]
        confirmed = [
            (user.device_id, p)
            for p, (c, ok) in served.items()
            if not ok and since >= c and p not in need
        ]
        if not (fresh or resend or confirmed):
            return
        with self.connection() as conn, conn.write():
            conn.executemany(
                "INSERT INTO device_projects (device_id, project_id, backfill_cursor,"
                " confirmed) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                fresh,
            )
            conn.executemany(
                "UPDATE device_projects SET backfill_cursor = ?"
                " WHERE device_id = ? AND project_id = ?",
                resend,
            )
            conn.executemany(
                "UPDATE device_projects SET confirmed = 1 WHERE device_id = ? AND project_id = ?",
                confirmed,
            )

    def count_changes(self) -> int:
        with self.connection() as conn:
            return conn.one("SELECT COUNT(*) FROM changes")[0]

    def change_ids(self) -> list[str]:
        with self.connection() as conn:
            return [r[0] for r in conn.all("SELECT id FROM changes ORDER BY seq")]


def _parts(items: list[str], size: int = 500) -> Iterator[tuple[list[str], str]]:
    """`items` in parts small enough for one `IN (...)` each, with that part's placeholders."""
    for start in range(0, len(items), size):
        part = items[start : start + size]
        yield part, ", ".join("?" for _ in part)
