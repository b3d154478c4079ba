"""`server backup` and `server restore`: a consistent copy of the server's database and photos.

SQLite is copied with its online backup API (consistent while the server runs); any database is
also written as JSON lines of every row, read in one snapshot (REPEATABLE READ on PostgreSQL),
which restores into either kind: that file, not pg_dump, is the PostgreSQL backup, so a backup
restores whatever the server's PostgreSQL version and into SQLite as well. `checksum.json` holds
the SHA-256 of each file written. Photos are immutable and named by hash, so they are hard-linked
where possible, copied otherwise, and checked against their names on restore.

Restore goes only into an empty store (no users, no changes) and checks every checksum first;
a damaged backup is refused with nothing written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

from .dialect import SQLiteDialect
from .store import Store

ROWS = "rows.jsonl"
CHECKSUMS = "checksum.json"
SHA256_NAME = re.compile(r"^[0-9a-f]{64}$")


def backup(store: Store, data: Path, output: Path) -> int:
    if output.exists() and any(output.iterdir()):
        raise ValueError(f"{output} exists and is not empty; give a new folder")
    output.mkdir(parents=True, exist_ok=True, mode=0o700)
    output.chmod(0o700)  # a backup holds what the server holds: its owner's alone
    if isinstance(store.dialect, SQLiteDialect):
        source = sqlite3.connect(str(store.dialect.path))
        os.close(os.open(output / "server.sqlite", os.O_RDWR | os.O_CREAT, 0o600))
        target = sqlite3.connect(str(output / "server.sqlite"))
        with target:
            source.backup(target)
        source.close()
        target.close()
    count = 0
    rows = os.open(output / "rows.jsonl", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(rows, "w", encoding="utf-8") as out:
        for table, row in store.export_rows():
            out.write(json.dumps({"table": table, "row": row}, ensure_ascii=False, default=str))
            out.write("\n")
            count += 1
        out.flush()
        os.fsync(out.fileno())
    _copy_photos(data / "photos", output / "photos")
    written = [p for p in (output / ROWS, output / "server.sqlite") if p.exists()]
    sums = {p.name: _sha256(p) for p in written}
    (output / CHECKSUMS).write_text(json.dumps({"files": sums, "rows": count}, indent=1) + "\n")
    return count


def restore(store: Store, data: Path, source: Path) -> int:
    """Load a backup folder into an empty store and photo folder; returns the rows loaded."""
    rows_file = _verified(source)
    if store.holds_data():
        raise ValueError("the server already holds data; restore into a new data folder")
    photos = _verified_photos(source / "photos")
    with open(rows_file, encoding="utf-8") as rows:
        count = store.import_rows((item["table"], item["row"]) for item in map(json.loads, rows))
    for path in photos:
        dest = data / "photos" / path.relative_to(source / "photos")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
    return count


def _verified(source: Path) -> Path:
    try:
        sums = json.loads((source / CHECKSUMS).read_text())
        expected = sums["files"][ROWS]
    except (OSError, ValueError, KeyError, TypeError):
        raise ValueError(f"{source} is not a complete server backup (no {CHECKSUMS})") from None
    rows_file = source / ROWS
    if not rows_file.exists() or _sha256(rows_file) != expected:
        raise ValueError(f"the backup in {source} is damaged: {ROWS} does not match its checksum")
    return rows_file


def _verified_photos(folder: Path) -> list[Path]:
    found = [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]
    for path in found:
        if SHA256_NAME.match(path.name) and _sha256(path) != path.name:
            raise ValueError(f"the backup is damaged: photo {path.name} does not match its name")
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_photos(source: Path, target: Path) -> None:
    for path in source.rglob("*"):
        if not path.is_file() or path.name.startswith("."):
            continue
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, dest)
        except OSError:
            shutil.copy2(path, dest)
