"""A workspace: one SQLite file (plus a photo folder) in a home directory.

The workspace is the only writer of its file. Every local change goes through `record`, which
applies it, journals it and queues it in the outbox in one transaction (docs/storage.md), then tells
the listeners what changed and who caused it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import changes as changes_mod
from . import crypto, entities
from .crypto import WorkspaceKey
from .errors import NewerSchemaError, WorkspaceError
from .hlc import Clock
from .ids import new_id
from .schema import migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

DB_FILE = "workspace.sqlite"
LOCK_FILE = "workspace.lock"
PASSWORD_ENV = "SITELEDGER_PASSWORD"

# How an encrypted workspace asks for its password when none is given: the command line sets a
# prompt here; scripts set SITELEDGER_PASSWORD; the desktop passes `password=` itself.
ask_password: Callable[[Path], str | None] | None = None

Listener = Callable[[list[changes_mod.Change], str], None]


class Workspace:
    def __init__(
        self,
        home: Path,
        db: Database | sqlite3.Connection,
        lock: int | None,
        key: WorkspaceKey | None = None,
    ) -> None:
        self.home = home
        self.key = key  # set when the workspace is encrypted (forms/crypto.py)
        if hasattr(db, "conn"):  # a sqlite-utils Database; else a bare (SQLCipher) connection
            self.conn, self._db = db.conn, db
        else:
            self.conn, self._db = db, None
        self._db_made = threading.Lock()
        self._lock = lock
        self._listeners: list[Listener] = []
        self._pending: list[changes_mod.Change] = []
        self._batch: list[tuple[changes_mod.Change, bool]] | None = None
        self._origin = "local"
        self.device_id = self.local_get("device_id") or self._new_device()
        self.clock = Clock(self.device_id, self.local_get("hlc"))

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, home: str | Path, *, lock: bool = True, password: str | None = None) -> Workspace:
        """Open (creating if needed) the workspace in `home` and bring its schema up to date;
        an encrypted one needs its password (given, from SITELEDGER_PASSWORD or asked)."""
        home = Path(home)
        try:
            home.mkdir(parents=True, exist_ok=True, mode=0o700)
            _private(home)
        except OSError as e:
            raise WorkspaceError(f"cannot create workspace folder {home}: {e.strerror}") from e
        key = unlock(home, password) if crypto.is_encrypted(home) else None
        lock_fd = take_lock(home) if lock else None
        try:
            conn = _open(home / DB_FILE, key)
            db: Database | sqlite3.Connection = conn
            if not _up_to_date(conn, home / DB_FILE):
                db = _database(conn)
                _migrate(db, home / DB_FILE)
        except BaseException:
            if lock_fd is not None:
                os.close(lock_fd)
            raise
        return cls(home, db, lock_fd, key)

    @property
    def db(self) -> Database:
        """The sqlite-utils `Database` on the workspace's connection, made on first use.

        Importing sqlite-utils costs about 40 ms (its package imports click, dateutil and
        pluggy for its CLI side), a fifth of the desktop's start-up. A workspace whose schema
        is current is opened on the bare connection (`conn`); the desktop reaches `db` only
        after its window is shown. Same connection, pragmas and migrations either way.
        """
        if self._db is None:
            with self._db_made:  # the worker and the UI thread may both ask first
                if self._db is None:
                    self._db = _database(self.conn)
        return self._db

    @db.setter
    def db(self, db: Database) -> None:
        self.conn, self._db = db.conn, db

    def close(self) -> None:
        self.conn.close()
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.home / DB_FILE

    @property
    def photos_dir(self) -> Path:
        return self.home / "photos"

    @property
    def photo_key(self) -> bytes | None:
        """The key photo files are sealed with, or None in a plain workspace."""
        return self.key.photo_key if self.key else None

    def reader(self) -> Database:
        """A second connection for reading on another thread (WAL lets it read while we write).
        It is read-only (`query_only`): the workspace has one writer, this connection."""
        return _database(self.reader_connection())

    def reader_connection(self) -> sqlite3.Connection:
        """The same as `reader()` as a bare connection: reads without sqlite-utils."""
        conn = _open(self.path, self.key)
        conn.execute("PRAGMA query_only = ON")  # a write here fails at once, never half-done
        return conn

    # -- device-local values -----------------------------------------------------------------

    def local_get(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM local WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def local_set(self, key: str, value: str | None) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO local (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def _new_device(self) -> str:
        device = new_id().replace("-", "")[-12:]
        self.local_set("device_id", device)
        return device

    # -- writing -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """One atomic write; listeners hear of its changes only once it has committed."""
        outermost = not self.db.conn.in_transaction
        marks = (len(self._pending), len(self._batch) if self._batch is not None else 0)
        try:
            with self.db.atomic():
                yield self.db
                if outermost and self._pending:
                    self._save_clock()
        except database_errors() as e:
            self._forget(outermost, marks)
            if not _is_operational(e):
                raise
            raise _storage_error(e) from e
        except BaseException:
            self._forget(outermost, marks)
            raise
        if outermost and self._pending:
            done, self._pending = self._pending, []
            self._notify(done, self._origin)

    def _forget(self, outermost: bool, marks: tuple[int, int]) -> None:
        """Drop what a failed block recorded (rolled back with it), and only that: an inner
        block's failure leaves the records made before it. In a batch, records are queued,
        not written, so the queue is cut back too."""
        pending, batched = marks
        if outermost:
            self._pending = []
        else:
            del self._pending[pending:]
        if self._batch is not None:
            del self._batch[batched:]

    @contextlib.contextmanager
    def batch(self) -> Iterator[Database]:
        """One transaction whose records are applied together when the block ends: much faster
        for thousands of records (a ledger import). Code inside must not read back what it
        recorded in the same block: it is not in the tables until the block ends."""
        if self._batch is not None:  # inside another batch: part of it
            with self.transaction() as db:
                yield db
            return
        # The cache and the collector are restored once the transaction has committed.
        with _collector_paused(), _cache_for_batch(self.conn), self.transaction() as db:
            self._batch = []
            try:
                yield db
                queued = self._batch
                self._batch = None
                changes_mod.apply_all(self.db, [change for change, _ in queued])
                self.db.conn.executemany(
                    "INSERT INTO outbox (change_id) VALUES (?)",
                    [(change["id"],) for change, queue in queued if queue],
                )
            finally:
                self._batch = None

    def record(
        self,
        entity: str,
        entity_id: str,
        fields: dict[str, Any],
        *,
        author_id: str | None = None,
        queue: bool = True,
    ) -> changes_mod.Change:
        """Make a local change, apply it and queue it for sync, in one transaction."""
        change = {
            "id": new_id(),
            "entity": entity,
            "entity_id": entity_id,
            "op": "set" if entities.get(entity).mutable else "append",
            "fields": fields,
            "hlc": self.clock.now(),
            "author_id": author_id,
            "device": self.device_id,
        }
        reasons = entities.check(change)
        if reasons:  # a programming error here: records are made by our own code
            raise changes_mod.InvalidChange(f"{entity}: {'; '.join(reasons)}")
        if self._batch is not None:
            self._batch.append((change, queue))
            self._pending.append(change)
            return change
        with self.transaction():
            changes_mod.apply(self.db, change)
            if queue:
                self.db.execute("INSERT INTO outbox (change_id) VALUES (?)", [change["id"]])
            self._pending.append(change)
        return change

    def receive(self, received: list[changes_mod.Change], origin: str = "sync") -> int:
        """Apply changes from another device in one transaction; returns how many were new.

        Every change must pass `entities.check` (callers set aside those that do not, before
        calling): one that does not is refused here, before any SQL, and nothing is applied."""
        for change in received:
            reasons = entities.check(change)
            if reasons:
                raise changes_mod.InvalidChange(f"{'; '.join(reasons)}")
        with self.transaction():
            for change in received:
                self.clock.observe(change["hlc"])
            new = changes_mod.apply_all(self.db, received)
            self._pending.extend(new)
            self._origin = origin
        self._origin = "local"
        return len(new)

    def reset_clock(self) -> tuple[str, str, int]:
        """Recover a clock a far-future stamp pushed ahead (`siteledger clock reset`): back to
        the latest stamp this workspace journaled that is not ahead of the wall clock by more
        than hlc.DAY (so causality with what it has seen holds), or the wall clock. Returns the
        old and new stamps and how many field values future stamps still hold."""
        from . import hlc

        old = str(self.clock.last)
        bound = f"{hlc.wall_millis() + hlc.DAY:015d}"
        # Stamps sort as text: anything at or past `bound` (also one past the format, whose
        # sixteenth digit makes it sort after) is left behind.
        latest = self.conn.execute(
            "SELECT MAX(hlc) FROM changes WHERE hlc < ?", [bound]
        ).fetchone()[0]
        new = self.clock.reset()
        if latest:
            self.clock.observe(latest)
            new = str(self.clock.last)
        with self.transaction():
            self._save_clock()
        future = self.conn.execute(
            "SELECT coalesce(sum(json_array_length(fields)), 0) FROM field_stamps WHERE hlc >= ?",
            [bound],
        ).fetchone()[0]
        return old, new, future

    def _save_clock(self) -> None:
        self.db.execute(
            "INSERT INTO local (key, value) VALUES ('hlc', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [str(self.clock.last)],
        )

    # -- listening ---------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(changes, origin)` after each commit that changed records."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def _notify(self, done: list[changes_mod.Change], origin: str) -> None:
        for listener in list(self._listeners):
            listener(done, origin)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch gathers its records: everything it makes is
    kept until the batch is written, so the collector's passes over tens of thousands of young
    dicts find nothing (they cost a ledger import a tenth of its time). Reference counting
    still frees what is dropped; the collector runs again when the block ends."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


BATCH_CACHE_KIB = 64 * 1024


@contextlib.contextmanager
def _cache_for_batch(conn: sqlite3.Connection) -> Iterator[None]:
    """A page cache that holds a whole batch's writes (a 5,000-project import dirties about
    30 MB): with the default 2 MB, SQLite spills dirty pages to the WAL mid-transaction and
    writes them again as they change, which cost the import a third of its time. Back to the
    connection's own size when the batch ends; a larger batch spills as before."""
    size = conn.execute("PRAGMA cache_size").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    if (-size if size < 0 else size * page // 1024) >= BATCH_CACHE_KIB:  # KiB, or pages
        yield
        return
    conn.execute(f"PRAGMA cache_size = -{BATCH_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(size)}")


def connect(path: Path, key: WorkspaceKey | None = None) -> Database:
    """Open the SQLite file with the workspace's pragmas (docs/storage.md)."""
    return _database(_open(path, key))


def unlock(home: Path, password: str | None = None) -> WorkspaceKey:
    """The key of the encrypted workspace in `home` (password given, from the environment or
    asked); WrongPassword or WorkspaceError when it cannot be had."""
    if password is None:
        password = os.environ.get(PASSWORD_ENV)
    if password is None and ask_password is not None:
        password = ask_password(home)
    if password is None:
        raise WorkspaceError(
            f"the workspace {home} is encrypted: give its password ({PASSWORD_ENV} in scripts)"
        )
    return crypto.unlock(home, password)


def open_connection(path: Path, key: WorkspaceKey | None) -> sqlite3.Connection:
    """A bare connection to a workspace database, SQLCipher when there is a key (no pragmas)."""
    if key is None:
        return sqlite3.connect(
            str(path), timeout=5.0, isolation_level=None, check_same_thread=False
        )
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), timeout=5.0, isolation_level=None, check_same_thread=False)
    conn.execute(key.database_pragma)
    for pragma in key.cipher_pragmas():
        conn.execute(pragma)
    # SQLCipher 4 locks and wipes every buffer it allocates by default: about a third of the
    # time of a read-heavy open here, for memory a lost (powered-off) laptop does not keep.
    conn.execute("PRAGMA cipher_memory_security = OFF")
    # Every page read from disk is decrypted and checked: keep more of them decrypted (16 MB
    # instead of 2 MB; the demo workspace is about 6 MB) so joins do not decrypt twice.
    conn.execute("PRAGMA cache_size = -16000")
    return conn


def _database(conn: sqlite3.Connection) -> Database:
    from sqlite_utils import Database  # see Workspace.db: not on the desktop's start-up path

    return Database(conn)


def _private(home: Path) -> None:
    """The workspace is the user's alone: its folder 0700, its database 0600 (SQLite gives its
    -wal and -shm files the database's mode). Its records, photos' GPS and sealed secrets are
    no business of other accounts on the laptop. Best effort on a folder or file the user does
    not own (a read-only copy still opens for reading)."""
    db = home / DB_FILE
    try:
        if home.stat().st_mode & 0o077:
            home.chmod(0o700)
        os.close(os.open(db, os.O_RDONLY | os.O_CREAT, 0o600))
        for path in (db, db.with_name(DB_FILE + "-wal"), db.with_name(DB_FILE + "-shm")):
            if path.exists() and path.stat().st_mode & 0o077:
                path.chmod(0o600)
    except PermissionError:
        pass


def _open(path: Path, key: WorkspaceKey | None = None) -> sqlite3.Connection:
    """The bare connection with the workspace's pragmas."""
    try:
        # check_same_thread off: the desktop hands the write connection to its one worker thread.
        conn = open_connection(path, key)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA recursive_triggers = on")  # as sqlite-utils' Database sets it
    except database_errors() as e:
        raise _storage_error(e, path) from e
    return conn


def database_errors() -> tuple[type[Exception], ...]:
    """sqlite3's and, once loaded, SQLCipher's errors (distinct classes of the same kinds)."""
    import sys

    cipher = sys.modules.get("sqlcipher3")
    return (sqlite3.DatabaseError, cipher.DatabaseError) if cipher else (sqlite3.DatabaseError,)


def _up_to_date(conn: sqlite3.Connection, path: Path) -> bool:
    """True when exactly the known migrations have been applied, in order: read with the bare
    connection so opening a current workspace needs no sqlite-utils. Anything else (a new
    file, a pending or an unknown migration) goes through `_migrate`, which decides."""
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
            [migrations.migrations_table],
        ).fetchone()
        if not has_table:
            return False
        applied = [
            row[0]
            for row in conn.execute(
                f"SELECT name FROM [{migrations.migrations_table}] WHERE migration_set = ?"
                " ORDER BY rowid",
                [migrations.name],
            )
        ]
    except database_errors() as e:
        raise _storage_error(e, path) from e
    return applied == migrations.names


def _migrate(db: Database, path: Path) -> None:
    try:
        known = {m.name for m in migrations._migrations}
        applied = [m.name for m in migrations.applied(db)]
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise NewerSchemaError(
                f"workspace {path} was written by a newer SiteLedger (schema {unknown[-1]});"
                " update SiteLedger to open it"
            )
        if migrations.pending(db):
            migrations.apply(db)
    except database_errors() as e:
        raise _storage_error(e, path) from e


def take_lock(home: Path) -> int:
    """The workspace's lock (held by whoever opened it for writing), or WorkspaceError."""
    fd = os.open(home / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock_fd(fd)
    except OSError:
        os.close(fd)
        raise WorkspaceError(
            f"workspace {home} is open in another SiteLedger window or command; close it first"
        ) from None
    return fd


def _lock_fd(fd: int) -> None:
    """An exclusive lock held while the descriptor is open; OSError when another holds it."""
    if os.name == "nt":  # the Windows bundle (docs/installing.md)
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _is_operational(error: Exception) -> bool:
    return type(error).__name__ == "OperationalError"


def _storage_error(e: sqlite3.Error, path: Path | None = None) -> WorkspaceError:
    text = str(e)
    where = f" ({path})" if path else ""
    if "not a database" in text or "malformed" in text:
        return WorkspaceError(f"the workspace file is damaged or not a SiteLedger file{where}")
    if "readonly" in text or "read-only" in text:
        return WorkspaceError(f"the workspace cannot be written: the file is read-only{where}")
    if "disk is full" in text or "disk I/O" in text:
        return WorkspaceError(
            f"the workspace cannot be written: the disk is full or failing{where}"
        )
    if "locked" in text:
        return WorkspaceError(f"the workspace is busy in another program{where}")
    return WorkspaceError(f"workspace storage error: {text}{where}")
