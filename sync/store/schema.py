"""The server database's schema as numbered steps (Kinto's migrator, the workspace's way).

Steps are never edited once shipped: a database records the highest step applied. Each is a
list of statements, and optionally a function run after them in the same transaction.
"""

from __future__ import annotations

from ..dialect import Connection, Dialect


def _schema_1(d: Dialect) -> list[str]:
    """The schema as first shipped (before versioning): step 1."""
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
    ]


def _schema_2(d: Dialect) -> list[str]:
    """Photos follow their projects; devices' bundle-signing keys; enrolment attempts."""
    return [
        # Which project each photo link puts its photo in, and which photo file (working
        # copy hash) each photo row names: the scope of photo rows and bytes.
        """CREATE TABLE IF NOT EXISTS scope_photo_links (
            link_id TEXT PRIMARY KEY, photo_id TEXT NOT NULL, project_id TEXT)""",
        "CREATE INDEX IF NOT EXISTS scope_photo_links_photo ON scope_photo_links(photo_id)",
        "CREATE INDEX IF NOT EXISTS scope_photo_links_project ON scope_photo_links(project_id)",
        """CREATE TABLE IF NOT EXISTS scope_photo_files (
            sha256 TEXT NOT NULL, photo_id TEXT NOT NULL, PRIMARY KEY (sha256, photo_id))""",
        "CREATE INDEX IF NOT EXISTS changes_entity ON changes(entity, entity_id)",
        "ALTER TABLE devices ADD COLUMN public_key TEXT",
        "ALTER TABLE devices ADD COLUMN workspace_device TEXT",
        # The server's own id and its Ed25519 key, which attests enrolled devices' keys.
        """CREATE TABLE IF NOT EXISTS server_identity (
            id INTEGER PRIMARY KEY, server_id TEXT NOT NULL, signing_key TEXT NOT NULL)""",
    ]


def _schema_3(d: Dialect) -> list[str]:
    """Quarterly review rounds: the projects on each round's route (a member's scope)."""
    return [
        """CREATE TABLE IF NOT EXISTS scope_round_projects (
            round_id TEXT NOT NULL, project_id TEXT NOT NULL, PRIMARY KEY (round_id, project_id))""",
    ]


def _schema_4(d: Dialect) -> list[str]:
    """Failed enrolments by client address, so that every server process on one database
    limits them alike and a restart forgets none (milliseconds since the epoch)."""
    return [
        """CREATE TABLE IF NOT EXISTS enroll_failures (
            address TEXT NOT NULL, failed_at BIGINT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS enroll_failures_address ON enroll_failures(address, failed_at)",
    ]


SCHEMA_STEPS = {1: _schema_1, 2: _schema_2, 3: _schema_3, 4: _schema_4}
SCHEMA_VERSION = max(SCHEMA_STEPS)


class Schema:
    """Bringing a database to SCHEMA_VERSION (a part of `Store`)."""

    def _migrate(self, conn: Connection) -> None:
        """Bring the database to SCHEMA_VERSION step by step (Kinto's migrator). A database
        made before versioning has the step-1 tables but no version table: it is at step 1."""
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.one("SELECT MAX(version) FROM schema_version")
        version = row[0] if row and row[0] is not None else 0
        if version == 0 and self._has_table(conn, "changes"):
            version = 1
            conn.execute("INSERT INTO schema_version (version) VALUES (1)")
        if version > SCHEMA_VERSION:
            raise ValueError(
                f"the server database is at schema {version}, newer than this SiteLedger"
                f" ({SCHEMA_VERSION}); update the server"
            )
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in SCHEMA_STEPS[step](self.dialect):
                conn.execute(statement)
            if step == 2:
                self._reindex_photos(conn)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", [step])

    def _has_table(self, conn: Connection, name: str) -> bool:
        if self.dialect.name == "sqlite":
            sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        else:
            sql = "SELECT 1 FROM information_schema.tables WHERE table_name = ?"
        return conn.one(sql, [name]) is not None
