"""Every row of every table, out for a backup and back into an empty store (a part of
`Store`): a backup that does not depend on the database kind (sync/backup.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..dialect import Connection, PostgresDialect
from .schema import SCHEMA_STEPS

# What a backup holds: every table but the failed enrolments of the last minute.
EXPORTED = (
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
    "scope_photo_links",
    "scope_photo_files",
    "server_identity",
    "schema_version",
)


class Rows:
    """Rows out and in, table by table; table and column names only from the schema's own."""

    def export_rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every row of every table, for a backup that does not depend on the database kind."""
        with self.connection() as conn, conn.read():
            for table in EXPORTED:
                cursor = conn.execute(f"SELECT * FROM {table}")
                columns = [d[0] for d in cursor.description]
                while rows := cursor.fetchmany(1000):
                    for row in rows:
                        yield table, dict(zip(columns, row, strict=True))

    def holds_data(self) -> bool:
        """Whether any user or change is here (a restore goes only into an empty store)."""
        with self.connection() as conn:
            return bool(conn.one("SELECT 1 FROM users") or conn.one("SELECT 1 FROM changes"))

    def import_rows(self, rows: Iterable[tuple[str, dict[str, Any]]]) -> int:
        """Load exported rows in one transaction; returns how many. A table or column this
        schema does not have is refused (ValueError) and nothing is written."""
        tables = set(self.tables())
        count = 0
        with self.connection() as conn, conn.write():
            columns: dict[str, set[str]] = {}
            for table, row in rows:
                if table == "schema_version":
                    continue  # the new store is at this release's schema already
                if table not in tables:
                    raise ValueError(f"the backup names an unknown table: {table!r}")
                if table not in columns:
                    columns[table] = self._columns_replaced(conn, table)
                if not set(row) <= columns[table]:
                    raise ValueError(f"the backup has unknown columns in {table}")
                names = sorted(row)
                conn.execute(
                    f"INSERT INTO {table} ({', '.join(names)})"
                    f" VALUES ({', '.join('?' for _ in names)})",
                    [row[n] for n in names],
                )
                count += 1
            if isinstance(self.dialect, PostgresDialect):
                # Explicit seq values leave the identity behind; the next change must follow them.
                conn.execute(
                    "SELECT setval(pg_get_serial_sequence('changes', 'seq'),"
                    " COALESCE((SELECT MAX(seq) FROM changes), 0) + 1, false)"
                )
        return count

    def tables(self) -> list[str]:
        """The server's tables, from its own schema (never from a backup's text)."""
        text = " ".join(sql for step in SCHEMA_STEPS.values() for sql in step(self.dialect))
        return re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", text)

    def _columns_replaced(self, conn: Connection, table: str) -> set[str]:
        """The table's columns, as the first row of it is loaded."""
        if table == "server_identity":
            # The new store made an identity of its own on opening: the backup's replaces it,
            # so the laptops' attested keys and bundles still verify.
            conn.execute("DELETE FROM server_identity")
        cursor = conn.execute(f"SELECT * FROM {table} WHERE 1 = 0")
        return {d[0] for d in cursor.description}
