"""The server's store: the only place with the server's SQL, on SQLite or PostgreSQL alike.

Changes are kept once by id with a server sequence number (`seq`) that pulls page by. A push is
one write transaction: every change is checked (known entity, in the pusher's scope, same body as
any copy already here) and, if one is refused, nothing of the batch is written and the refusals are
returned so the client can set those aside and push the rest (never blocking its queue).

Scope: the server keeps small indexes, updated in the same transaction as the changes, from which
entity each change belongs to a project (and so a district), and who is assigned to which project.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import queue
import secrets
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms import entities
from forms.changes import encode
from forms.ids import new_id
from forms.photos import files

from .dialect import Connection, Dialect, SQLiteDialect, for_url

ROLES = ("office", "leader", "commissioner", "reviewer")
# Entities that belong to a project through a field of theirs.
PROJECT_FIELD = {"visit", "stage_change", "problem", "assignment"}
# Reference data everyone reads and only the office writes.
GLOBAL_ENTITIES = {"unit", "person", "notice", "setting"}
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class User:
    id: str
    name: str
    role: str
    district: str | None
    device_id: str = ""


@dataclass
class _Batch:
    """What one push transaction knows as it goes through its changes."""

    user: User
    origin_device: str | None
    bodies: dict[str, str]  # id -> stored body, for ids already here or earlier in the batch
    rows: list[tuple] = field(default_factory=list)
    visible: set[str] | None = None
    now: str = field(default_factory=lambda: _now())


@dataclass
class Refusal:
    id: str
    status: int  # 403 out of scope, 409 same id other body, 422 not a change we know
    reason: str


class Refused(Exception):
    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__(f"{len(refusals)} changes refused")
        self.refusals = refusals


def _schema(d: Dialect) -> list[str]:
    return [
        f"""CREATE TABLE IF NOT EXISTS changes (
            seq {d.serial}, id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL,
            entity_id TEXT NOT NULL, project_id TEXT, round_id TEXT, author_id TEXT,
            device_id TEXT NOT NULL, body TEXT NOT NULL, stored_at TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS changes_project ON changes(project_id, seq)",
        """CREATE TABLE IF NOT EXISTS users (
            id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
            district TEXT, created_at TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS devices (
            id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
            token_hash TEXT NOT NULL UNIQUE, name TEXT, created_at TEXT NOT NULL,
            revoked_at TEXT)""",
        """CREATE TABLE IF NOT EXISTS enroll_codes (
            code_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
            expires_at TEXT NOT NULL, used_at TEXT)""",
        """CREATE TABLE IF NOT EXISTS photos (
            sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, stored_at TEXT NOT NULL)""",
        # Scope indexes, maintained from the changes themselves.
        """CREATE TABLE IF NOT EXISTS scope_rows (
            entity TEXT NOT NULL, entity_id TEXT NOT NULL, project_id TEXT, round_id TEXT,
            PRIMARY KEY (entity, entity_id))""",
        """CREATE TABLE IF NOT EXISTS scope_projects (
            project_id TEXT PRIMARY KEY, district_id TEXT, hlc TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS scope_assignments (
            id TEXT PRIMARY KEY, person_id TEXT, project_id TEXT, active INTEGER)""",
        # Which projects' histories each device was sent (backfill when its scope grows).
        """CREATE TABLE IF NOT EXISTS device_projects (
            device_id TEXT NOT NULL, project_id TEXT NOT NULL, backfill_cursor BIGINT NOT NULL,
            confirmed INTEGER NOT NULL, PRIMARY KEY (device_id, project_id))""",
        """CREATE TABLE IF NOT EXISTS scope_units (unit_id TEXT PRIMARY KEY, name TEXT)""",
        """CREATE TABLE IF NOT EXISTS scope_round_members (
            round_id TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (round_id, person_id))""",
        """CREATE TABLE IF NOT EXISTS scope_round_projects (
            round_id TEXT NOT NULL, project_id TEXT NOT NULL, PRIMARY KEY (round_id, project_id))""",
    ]


class Store:
    """Server storage; thread-safe through a small pool of connections."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._pool: queue.LifoQueue[Connection] = queue.LifoQueue()
        self._photo_rows = GroupCommit(self._write_photo_rows)
        with self.connection() as conn:
            with conn.write():
                for statement in _schema(dialect):
                    conn.execute(statement)

    @classmethod
    def open(cls, data: Path, database: str | None = None) -> Store:
        """The store for a data folder: its SQLite file, or the given database URL."""
        data.mkdir(parents=True, exist_ok=True)
        url_file = data / "database.url"
        if database is None and url_file.exists():
            database = url_file.read_text().strip()
        if database:
            url_file.write_text(database + "\n")
            url_file.chmod(0o600)
            return cls(for_url(database))
        return cls(SQLiteDialect(data / "server.sqlite"))

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            conn = Connection(self.dialect)
        try:
            yield conn
        except BaseException:
            # A connection in an unknown state is not handed to the next request.
            conn.close()
            raise
        self._pool.put(conn)

    def close(self) -> None:
        while not self._pool.empty():
            self._pool.get_nowait().close()

    # -- accounts ------------------------------------------------------------------------------

    def add_user(
        self, name: str, role: str, district: str | None = None, person_id: str | None = None
    ) -> User:
        """A user; `person_id` links it to the ledger's person of that id (its changes are
        then authored by that person, and its assignments give it its projects)."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        user = User(person_id or new_id(), name, role, district)
        with self.connection() as conn, conn.write():
            if conn.one("SELECT 1 FROM users WHERE name = ? OR id = ?", [name, user.id]):
                raise ValueError(f"a user called {name!r} (or with that person id) already exists")
            conn.execute(
                "INSERT INTO users (id, name, role, district, created_at) VALUES (?, ?, ?, ?, ?)",
                [user.id, name, role, district, _now()],
            )
        return user

    def user_by_name(self, name: str) -> User | None:
        with self.connection() as conn:
            row = conn.one("SELECT id, name, role, district FROM users WHERE name = ?", [name])
        return User(*row) if row else None

    def enroll_code(self, user_name: str, ttl: dt.timedelta) -> str:
        """A one-time code for enrolling one device of the user; only its hash is kept."""
        user = self.user_by_name(user_name)
        if user is None:
            raise ValueError(f"no user called {user_name!r}")
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        code = f"{raw[:5]}-{raw[5:]}"
        expires = (dt.datetime.now(dt.UTC) + ttl).isoformat(timespec="seconds")
        with self.connection() as conn, conn.write():
            conn.execute(
                "INSERT INTO enroll_codes (code_hash, user_id, expires_at) VALUES (?, ?, ?)",
                [hash_secret(_normal_code(code)), user.id, expires],
            )
        return code

    def enroll(self, code: str, device_name: str) -> tuple[User, str] | None:
        """Spend a code: a new device with its own token, or None if the code is no good."""
        token = secrets.token_urlsafe(32)
        device_id = new_id()
        with self.connection() as conn, conn.write():
            row = conn.one(
                "SELECT users.id, users.name, users.role, users.district, expires_at, used_at"
                " FROM enroll_codes JOIN users ON users.id = enroll_codes.user_id"
                " WHERE code_hash = ?",
                [hash_secret(_normal_code(code))],
            )
            if row is None or row[5] is not None or row[4] <= _now():
                return None
            conn.execute(
                "UPDATE enroll_codes SET used_at = ? WHERE code_hash = ?",
                [_now(), hash_secret(_normal_code(code))],
            )
            conn.execute(
                "INSERT INTO devices (id, user_id, token_hash, name, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [device_id, row[0], hash_secret(token), device_name[:200], _now()],
            )
        return User(*row[:4], device_id=device_id), token

    def authenticate(self, token: str) -> User | None:
        with self.connection() as conn:
            row = conn.one(
                "SELECT users.id, users.name, users.role, users.district, devices.id"
                " FROM devices JOIN users ON users.id = devices.user_id"
                " WHERE token_hash = ? AND revoked_at IS NULL",
                [hash_secret(token)],
            )
        return User(*row) if row else None

    def revoke(self, device_id: str | None = None, user_name: str | None = None) -> int:
        """Revoke one device, or every device of a user; returns how many."""
        with self.connection() as conn, conn.write():
            if device_id:
                where, params = "id = ?", [device_id]
            else:
                where, params = "user_id = (SELECT id FROM users WHERE name = ?)", [user_name]
            found = conn.all(f"SELECT id FROM devices WHERE {where} AND revoked_at IS NULL", params)
            conn.execute(
                f"UPDATE devices SET revoked_at = ? WHERE {where} AND revoked_at IS NULL",
                [_now(), *params],
            )
        return len(found)

    def devices(self) -> list[tuple]:
        with self.connection() as conn:
            return conn.all(
                "SELECT devices.id, users.name, devices.name, devices.created_at,"
                " devices.revoked_at FROM devices JOIN users ON users.id = devices.user_id"
                " ORDER BY devices.created_at"
            )

    # -- push --------------------------------------------------------------------------------

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
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ", ".join("?" for _ in part)
            found.update(conn.all(f"SELECT id, body FROM changes WHERE id IN ({marks})", part))
        return found

    def _push_one(self, conn: Connection, batch: _Batch, change: dict[str, Any]):
        change_id, user = change["id"], batch.user
        try:
            entity = entities.get(change["entity"])
        except ValueError:
            return Refusal(change_id, 422, f"未知的记录类型 {change['entity']!r}（应用版本不同？）")
        op = "set" if entity.mutable else "append"
        if change["op"] != op:
            return Refusal(change_id, 422, f"记录类型 {entity.name} 的操作应为 {op}")
        if change_id in batch.bodies:
            kept = json.loads(batch.bodies[change_id])
            if {**kept, "author_id": None} != {**change, "author_id": None}:
                return Refusal(change_id, 409, "同一编号的变更内容不同")
            return {"id": change_id, "status": "duplicate", "author_id": kept.get("author_id")}
        stored = dict(change)
        if not (user.role == "office" and change.get("device") != batch.origin_device):
            # Authorship comes from the token; only the office relays others' changes
            # (bundles carried in from offline laptops) with the author they were made by.
            stored["author_id"] = user.id
        project_id, round_id = self._scope_of(conn, entity.name, change)
        denied = self._deny(conn, batch, entity.name, change, project_id, round_id)
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
            batch.visible = None  # the user's scope may have grown
        return {"id": change_id, "status": "stored", "author_id": stored["author_id"]}

    def _scope_of(
        self, conn: Connection, entity: str, change: dict
    ) -> tuple[str | None, str | None]:
        fields = change["fields"]
        round_id = fields.get("round_id")
        if entity == "review_round":
            return None, change["entity_id"]
        if entity == "project":
            return change["entity_id"], round_id
        if entity == "problem_event":
            row = conn.one(
                "SELECT project_id FROM scope_rows WHERE entity = 'problem' AND entity_id = ?",
                [fields.get("problem_id")],
            )
            return (row[0] if row else None), round_id
        if entity in PROJECT_FIELD or "project_id" in fields:
            if fields.get("project_id"):
                return fields["project_id"], round_id
            row = conn.one(
                "SELECT project_id, round_id FROM scope_rows WHERE entity = ? AND entity_id = ?",
                [entity, change["entity_id"]],
            )
            return (row[0], row[1] or round_id) if row else (None, round_id)
        return None, round_id

    def _deny(
        self,
        conn: Connection,
        batch: _Batch,
        entity: str,
        change: dict,
        project_id: str | None,
        round_id: str | None,
    ) -> str | None:
        """Why this user may not write this change, or None if they may."""
        user = batch.user
        if user.role == "office":
            return None
        if round_id is not None:
            return self._deny_review(conn, user, entity, change, project_id, round_id)
        if project_id is None:
            if entity == "problem_event":
                return "服务器上没有该问题"
            return "只有专班办公室可以修改基础数据"
        if user.role == "reviewer":
            return self._deny_reviewer_photo(conn, user, entity, project_id)
        if batch.visible is None:
            batch.visible = self.visible_projects(conn, user)
        if project_id in batch.visible:
            return None
        if entity == "project" and self._own_district(
            conn, user, change["fields"].get("district_id")
        ):
            return None  # a new project in the user's own district
        return "该项目不在您的辖区或包抓范围内"

    def _member(self, conn: Connection, user: User, round_id: str) -> bool:
        return (
            conn.one(
                "SELECT 1 FROM scope_round_members WHERE round_id = ? AND person_id = ?",
                [round_id, user.id],
            )
            is not None
        )

    def _districts(self, conn: Connection, user: User) -> list[str]:
        if not user.district:
            return []
        ids = [
            r[0]
            for r in conn.all("SELECT unit_id FROM scope_units WHERE name = ?", [user.district])
        ]
        return [user.district, *ids]

    def _own_district(self, conn: Connection, user: User, district_id: str | None) -> bool:
        return district_id is not None and district_id in self._districts(conn, user)

    def visible_projects(self, conn: Connection, user: User) -> set[str]:
        districts = self._districts(conn, user)
        marks = ", ".join("?" for _ in districts) or "NULL"
        rows = conn.all(
            f"SELECT project_id FROM scope_projects WHERE district_id IN ({marks})"
            " UNION SELECT project_id FROM scope_assignments WHERE person_id = ? AND active = 1",
            [*districts, user.id],
        )
        return {r[0] for r in rows}

    def _index(
        self,
        conn: Connection,
        entity: str,
        change: dict,
        project_id: str | None,
        round_id: str | None,
    ) -> None:
        fields, entity_id = change["fields"], change["entity_id"]
        if (project_id or round_id) and (entity in ("problem", "assignment") or round_id):
            conn.execute(
                "INSERT INTO scope_rows (entity, entity_id, project_id, round_id)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (entity, entity_id) DO NOTHING",
                [entity, entity_id, project_id, round_id],
            )
        if entity == "project" and "district_id" in fields:
            conn.execute(
                "INSERT INTO scope_projects (project_id, district_id, hlc) VALUES (?, ?, ?)"
                " ON CONFLICT (project_id) DO UPDATE SET district_id = excluded.district_id,"
                " hlc = excluded.hlc WHERE scope_projects.hlc < excluded.hlc",
                [entity_id, fields["district_id"], change["hlc"]],
            )
        elif entity == "assignment":
            conn.execute(
                "INSERT INTO scope_assignments (id, person_id, project_id, active)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " person_id = COALESCE(excluded.person_id, scope_assignments.person_id),"
                " project_id = COALESCE(excluded.project_id, scope_assignments.project_id),"
                " active = COALESCE(excluded.active, scope_assignments.active)",
                [
                    entity_id,
                    fields.get("person_id"),
                    fields.get("project_id"),
                    _int_or_none(fields.get("active")),
                ],
            )
        elif entity == "unit" and "name" in fields:
            conn.execute(
                "INSERT INTO scope_units (unit_id, name) VALUES (?, ?)"
                " ON CONFLICT (unit_id) DO UPDATE SET name = excluded.name",
                [entity_id, fields["name"]],
            )
        elif entity in ("review_member", "review_stop") and fields.get("round_id"):
            self._index_review(conn, entity, fields)

    # -- review rounds (季度观摩点评) ------------------------------------------------------------
    # The office writes rounds, their members and route, and scorecards (form definitions). A
    # member with the reviewer role writes only scores: as themselves, for rounds they are a
    # member of, for projects on the round's route. A member pulls their rounds, the base data
    # of the route's projects (not their visits or problems) and only their own scores (members
    # score independently); the office pulls everything.

    def _deny_review(
        self,
        conn: Connection,
        user: User,
        entity: str,
        change: dict,
        project_id: str | None,
        round_id: str,
    ) -> str | None:
        if user.role != "reviewer" or not self._member(conn, user, round_id):
            return "不是该观摩点评轮次的成员"
        if entity != "review_score":
            return "观摩点评组成员只能记录评分"
        if change["fields"].get("member_id") != user.id:
            return "只能记录本人的评分"
        on_route = conn.one(
            "SELECT 1 FROM scope_round_projects WHERE round_id = ? AND project_id = ?",
            [round_id, project_id],
        )
        return None if on_route else "该项目不在本轮观摩路线上"

    def _deny_reviewer_photo(
        self, conn: Connection, user: User, entity: str, project_id: str
    ) -> str | None:
        """A member links the photos they took on site to a project on their route."""
        if entity in ("photo_link", "photo_link_event") and project_id in self._route_only(
            conn, user, []
        ):
            return None
        return "观摩点评组成员只能记录所在轮次的评分"

    def _index_review(self, conn: Connection, entity: str, fields: dict) -> None:
        if entity == "review_member":
            sql = "INSERT INTO scope_round_members (round_id, person_id) VALUES (?, ?)"
            values = [fields["round_id"], fields.get("person_id")]
        else:
            sql = "INSERT INTO scope_round_projects (round_id, project_id) VALUES (?, ?)"
            values = [fields["round_id"], fields.get("project_id")]
        conn.execute(sql + " ON CONFLICT DO NOTHING", values)

    def _member_rounds(self, conn: Connection, user: User) -> list[str]:
        return [
            r[0]
            for r in conn.all(
                "SELECT round_id FROM scope_round_members WHERE person_id = ?", [user.id]
            )
        ]

    def _route_only(self, conn: Connection, user: User, visible: list[str]) -> set[str]:
        """Projects on the routes of the user's rounds that are not otherwise theirs: only
        their base data (the project records) is sent, backfilled like a newly visible one."""
        if user.role != "reviewer":
            return set()
        rows = conn.all(
            "SELECT DISTINCT r.project_id FROM scope_round_projects r"
            " JOIN scope_round_members m ON m.round_id = r.round_id WHERE m.person_id = ?",
            [user.id],
        )
        return {r[0] for r in rows} - set(visible)

    def _review_filter(self, conn: Connection, user: User) -> tuple[str, list]:
        """The pull clause of a member's rounds, own scores and route projects' base data."""
        rounds = self._member_rounds(conn, user)
        if not rounds:
            return "", []
        marks = ", ".join("?" for _ in rounds)
        return (
            f" OR (round_id IN ({marks}) AND (entity <> 'review_score' OR author_id = ?))"
            " OR (entity = 'project' AND round_id IS NULL AND project_id IN"
            " (SELECT project_id FROM scope_round_projects WHERE round_id IN"
            f" ({marks})))",
            [*rounds, user.id, *rounds],
        )

    # -- pull --------------------------------------------------------------------------------

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
                f"SELECT seq, body FROM changes WHERE seq > ? AND seq <= ? AND device_id <> ?"
                f"{where} ORDER BY seq LIMIT ?",
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
        if len(rows) == limit:
            cursor, more = rows[-1][0], True
        else:
            cursor, more = max(watermark, since), False
        if projects is not None:
            self._note_served(user, projects, served, need, since, cursor)
        return backfill + [r[1] for r in rows], cursor, more

    def _backfill(
        self,
        conn: Connection,
        user: User,
        projects: list[str],
        since: int,
        base_only: bool = False,
    ) -> list[str]:
        bodies: list[str] = []
        only = " AND entity = 'project'" if base_only else ""
        for start in range(0, len(projects), 500):
            part = projects[start : start + 500]
            marks = ", ".join("?" for _ in part)
            bodies += [
                r[0]
                for r in conn.all(
                    f"SELECT body FROM changes WHERE project_id IN ({marks}) AND round_id IS NULL"
                    f"{only} AND seq <= ? AND device_id <> ? ORDER BY seq",
                    [*part, since, user.device_id],
                )
            ]
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

    def _pull_filter(
        self, conn: Connection, user: User, projects: list[str] | None
    ) -> tuple[str, list]:
        if projects is None:
            return "", []
        project_marks = ", ".join("?" for _ in projects) or "NULL"
        review, review_params = self._review_filter(conn, user)
        return (
            " AND ((project_id IS NULL AND round_id IS NULL)"
            f" OR (round_id IS NULL AND project_id IN ({project_marks})){review})",
            [*projects, *review_params],
        )

    def count_changes(self) -> int:
        with self.connection() as conn:
            return conn.one("SELECT COUNT(*) FROM changes")[0]

    def change_ids(self) -> list[str]:
        with self.connection() as conn:
            return [r[0] for r in conn.all("SELECT id FROM changes ORDER BY seq")]

    # -- photos ------------------------------------------------------------------------------

    def photo_stored(self, sha256: str, size: int, folders: Iterable[Path] = ()) -> None:
        """Record a photo whose file is in place; returns once the row is committed.

        `folders` are those whose fsync makes the file's rename durable: they are fsynced
        before the transaction that writes the row. Group commit: photos that finish while
        another thread commits wait and go together in the next transaction (one fsync per
        distinct folder and one durable commit for several), each caller still returning
        only after the commit that holds its row."""
        self._photo_rows.submit((sha256, size, _now(), tuple(folders)))

    def _write_photo_rows(self, rows: list[tuple]) -> None:
        # The files' names first, then the rows that name them.
        for folder in dict.fromkeys(f for row in rows for f in row[3]):
            files.fsync_dir(folder)
        with self.connection() as conn, conn.write():
            conn.executemany(
                "INSERT INTO photos (sha256, size, stored_at) VALUES (?, ?, ?)"
                " ON CONFLICT (sha256) DO NOTHING",
                [row[:3] for row in rows],
            )

    def has_photo(self, sha256: str) -> bool:
        with self.connection() as conn:
            return conn.one("SELECT 1 FROM photos WHERE sha256 = ?", [sha256]) is not None

    # -- backup ------------------------------------------------------------------------------

    def export_rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every row of every table, for a backup that does not depend on the database kind."""
        tables = (
            "users",
            "devices",
            "enroll_codes",
            "changes",
            "photos",
            "scope_rows",
            "scope_projects",
            "scope_assignments",
            "scope_units",
            "scope_round_members",
            "scope_round_projects",
            "device_projects",
        )
        with self.connection() as conn, conn.read():
            for table in tables:
                cursor = conn.execute(f"SELECT * FROM {table}")
                columns = [d[0] for d in cursor.description]
                while rows := cursor.fetchmany(1000):
                    for row in rows:
                        yield table, dict(zip(columns, row, strict=True))


class GroupCommit:
    """Rows from many threads written by one at a time, as many per transaction as are waiting.

    `submit` returns only after a transaction holding its row committed (or raises what that
    transaction raised): the first caller writes, callers arriving meanwhile queue; the writer
    then takes everything queued in one more transaction, until nothing waits."""

    def __init__(self, write) -> None:
        self._write = write
        self._cond = threading.Condition()
        self._queued: _Group | None = None
        self._writing = False

    def submit(self, row: tuple) -> None:
        with self._cond:
            if self._queued is None:
                self._queued = _Group()
            group = self._queued
            group.rows.append(row)
            if self._writing:
                while not group.done:
                    self._cond.wait()
                if group.error is not None:
                    raise group.error
                return
            self._writing = True
        mine_failed: BaseException | None = None
        while True:
            with self._cond:
                batch, self._queued = self._queued, None
                if batch is None:
                    self._writing = False
                    break
            try:
                self._write(batch.rows)
            except BaseException as e:  # handed to every caller whose row it held
                batch.error = e
            with self._cond:
                batch.done = True
                self._cond.notify_all()
            if batch is group:
                mine_failed = batch.error
        if mine_failed is not None:
            raise mine_failed


@dataclass
class _Group:
    rows: list[tuple] = field(default_factory=list)
    done: bool = False
    error: BaseException | None = None


def _normal_code(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(bool(value))
