"""`server backup`: a consistent copy of the server's database and its photos.

SQLite is copied with its online backup API (consistent while the server runs); any database is
also written as JSON lines of every row, which restores into either kind. Photos are immutable
and named by hash, so they are hard-linked where possible, copied otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

from .dialect import SQLiteDialect
from .store import Store


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
    return count


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
