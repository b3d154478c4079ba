"""Photo rows and files: who may see a photo (its links' projects), which rows name which
file, the photo rows recorded by group commit once their files are in place (a part of
`Store`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from forms.photos import files

from ..dialect import Connection
from .model import User, _now


class Photos:
    """Photo rows, the scope of photo rows and bytes, and photo files recorded."""

    def _reindex_photos(self, conn: Connection) -> None:
        """Step 2 on a database with history: the photo scope indexes from the changes kept."""
        rows = conn.all(
            "SELECT entity, body FROM changes WHERE entity IN ('visit', 'photo', 'photo_link')"
            " ORDER BY seq"
        )
        for entity, body in rows:
            change = json.loads(body)
            if entity == "visit" and change["fields"].get("project_id"):
                conn.execute(
                    "INSERT INTO scope_rows (entity, entity_id, project_id, round_id)"
                    " VALUES ('visit', ?, ?, NULL) ON CONFLICT (entity, entity_id) DO NOTHING",
                    [change["entity_id"], change["fields"]["project_id"]],
                )
            elif entity == "photo_link":
                # links stored before had no project: they follow their target's from now on
                project_id = self._link_project(conn, change["fields"])
                conn.execute(
                    "UPDATE changes SET project_id = ? WHERE id = ?", [project_id, change["id"]]
                )
                self._index_photo(conn, entity, change, project_id)
                if project_id:
                    conn.execute(
                        "INSERT INTO scope_rows (entity, entity_id, project_id, round_id)"
                        " VALUES ('photo_link', ?, ?, NULL) ON CONFLICT (entity, entity_id)"
                        " DO NOTHING",
                        [change["entity_id"], project_id],
                    )
            else:
                self._index_photo(conn, entity, change, None)

    def _index_photo(
        self, conn: Connection, entity: str, change: dict, project_id: str | None
    ) -> None:
        fields = change["fields"]
        if entity == "photo_link" and fields.get("photo_id"):
            conn.execute(
                "INSERT INTO scope_photo_links (link_id, photo_id, project_id) VALUES (?, ?, ?)"
                " ON CONFLICT (link_id) DO NOTHING",
                [change["entity_id"], fields["photo_id"], project_id],
            )
        elif entity == "photo":
            for sha in {change["entity_id"], fields.get("working_sha256")} - {None}:
                conn.execute(
                    "INSERT INTO scope_photo_files (sha256, photo_id) VALUES (?, ?)"
                    " ON CONFLICT DO NOTHING",
                    [sha, change["entity_id"]],
                )

    # -- photo scope -------------------------------------------------------------------------

    def photo_visible(self, user: User, sha256: str) -> bool:
        """May `user` see the photo (its row, its bytes) named by `sha256`, the hash of the
        original (the photo's id) or of its working copy (the file that syncs)?

        Yes for the office; for anyone else if a link of the photo names a project they may
        see, or their own device made or named it (before any link of it reached the server)."""
        if user.role == "office":
            return True
        with self.connection() as conn, conn.read():
            photo_ids = {sha256} | {
                r[0]
                for r in conn.all(
                    "SELECT photo_id FROM scope_photo_files WHERE sha256 = ?", [sha256]
                )
            }
            visible = self.visible_projects(conn, user)
            return self._photo_ids_visible(conn, user, sorted(photo_ids), visible)

    def photo_named(self, sha256: str) -> bool:
        """Whether any photo row on the server names `sha256` (as its id or its working copy's
        hash). An upload of bytes no row names yet cannot be scoped (its row may still be on
        its way, pushed beside the upload): the photo routes may take such bytes but serve them
        only by `photo_visible`."""
        with self.connection() as conn:
            return (
                conn.one("SELECT 1 FROM scope_photo_files WHERE sha256 = ?", [sha256]) is not None
            )

    def _photo_ids_visible(
        self, conn: Connection, user: User, photo_ids: list[str], visible: set[str]
    ) -> bool:
        marks = ", ".join("?" for _ in photo_ids)
        projects = conn.all(
            f"SELECT DISTINCT project_id FROM scope_photo_links WHERE photo_id IN ({marks})",
            photo_ids,
        )
        if any(p in visible for (p,) in projects):
            return True
        return (
            conn.one(
                "SELECT 1 FROM changes WHERE entity IN ('photo', 'photo_link') AND"
                f" (entity_id IN ({marks}) OR (entity = 'photo_link' AND entity_id IN"
                f" (SELECT link_id FROM scope_photo_links WHERE photo_id IN ({marks}))))"
                " AND (author_id = ? OR device_id = ?)",
                [*photo_ids, *photo_ids, user.id, user.device_id],
            )
            is not None
        )

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
