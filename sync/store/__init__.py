"""The server's store: the only place with the server's SQL, on SQLite or PostgreSQL alike.

Changes are kept once by id with a server sequence number (`seq`) that pulls page by. A push is
one write transaction: every change is checked (known entity, in the pusher's scope, same body as
any copy already here) and, if one is refused, nothing of the batch is written and the refusals are
returned so the client can set those aside and push the rest (never blocking its queue).

Scope: the server keeps small indexes, updated in the same transaction as the changes, from which
entity each change belongs to a project (and so a district), and who is assigned to which project.

The store is one class assembled from parts, each a module with its own SQL: `schema`
(numbered migrations), `accounts` (users, enrolment, devices, keys), `changes` (push, pull,
export), `scope` (the indexes and what each user may see), `rules` (what each user may write),
`photos` (photo rows and their scope), `rows` (every row out for a backup and back in);
`model` holds the data objects, `group_commit` the
batching of photo rows.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import signing
from ..dialect import Connection, Dialect, SQLiteDialect, for_url
from .accounts import ROLES, Accounts
from .changes import FUTURE_MARGIN_MS, Changes
from .group_commit import GroupCommit
from .model import Refusal, Refused, User, hash_secret
from .photos import Photos
from .rows import Rows
from .rules import FIELD_ENTITIES, FIELD_PROJECT_FIELDS, LANE_CLAIM, Rules
from .schema import SCHEMA_STEPS, SCHEMA_VERSION, Schema
from .scope import Scope

__all__ = [
    "FIELD_ENTITIES",
    "FIELD_PROJECT_FIELDS",
    "FUTURE_MARGIN_MS",
    "LANE_CLAIM",
    "ROLES",
    "SCHEMA_STEPS",
    "SCHEMA_VERSION",
    "GroupCommit",
    "Refusal",
    "Refused",
    "Store",
    "User",
    "hash_secret",
]


class Store(Schema, Accounts, Changes, Scope, Rules, Photos, Rows):
    """Server storage; thread-safe through a small pool of connections."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._pool: queue.LifoQueue[Connection] = queue.LifoQueue()
        self._photo_rows = GroupCommit(self._write_photo_rows)
        self.future_margin_ms = FUTURE_MARGIN_MS
        with self.connection() as conn:
            with conn.write():
                self._migrate(conn)
                self.server_id, self._signing_key = self._identity(conn)
        self.server_key = signing.public_of(self._signing_key)

    @classmethod
    def open(cls, data: Path, database: str | None = None) -> Store:
        """The store for a data folder: its SQLite file, or the given database URL."""
        data.mkdir(parents=True, exist_ok=True, mode=0o700)
        if data.stat().st_mode & 0o077:
            data.chmod(0o700)  # the server's records, tokens' hashes, photos: its own alone
        url_file = data / "database.url"
        if database is None and url_file.exists():
            database = url_file.read_text().strip()
        if database:
            url_file.write_text(database + "\n")
            url_file.chmod(0o600)
            return cls(for_url(database))
        path = data / "server.sqlite"
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        for file in (
            path,
            path.with_name("server.sqlite-wal"),
            path.with_name("server.sqlite-shm"),
        ):
            if file.exists() and file.stat().st_mode & 0o077:
                file.chmod(0o600)
        return cls(SQLiteDialect(path))

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
