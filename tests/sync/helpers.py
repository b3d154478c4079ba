"""Helpers for sync tests: demo content queued as if recorded on the laptop, dumps, checks."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from forms import demo, dump
from forms.workspace import Workspace
from sync import photo_files

TODAY = dt.date(2026, 11, 23)


def demo_queued(ws: Workspace, projects: int = 10, seed: int = 2026) -> None:
    """A small demo ledger, queued for sync as if it had been recorded on this laptop."""
    demo.build(ws, size=demo.Size(projects, 4, projects, projects), seed=seed, today=TODAY)
    with ws.transaction():
        ws.db.execute("INSERT OR IGNORE INTO outbox (change_id) SELECT id FROM changes ORDER BY rowid")


def add_photo(ws: Workspace, data: bytes) -> str:
    """A photo file and a row naming it (the photo module's interface, see photo_files)."""
    sha = hashlib.sha256(data).hexdigest()
    path = photo_files.photo_path(ws.photos_dir, sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    ws.db.execute("CREATE TABLE IF NOT EXISTS photos (sha256 TEXT PRIMARY KEY)")
    ws.db.execute("INSERT OR IGNORE INTO photos (sha256) VALUES (?)", [sha])
    return sha


def cli(*args: str, home: Path | None = None, check: bool = True,
        timeout: float = 60) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "desktop.cli"]
    if home is not None:
        command += ["--home", str(home)]
    result = subprocess.run([*command, *args], capture_output=True, text=True, timeout=timeout,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed: {result.stderr}")
    return result


def dumps(ws: Workspace) -> str:
    return dump.dumps(ws)


def assert_same(*workspaces: Workspace) -> None:
    first = dumps(workspaces[0])
    assert json.loads(first)["projects"], "the dump is empty: nothing was compared"
    for ws in workspaces[1:]:
        other = dumps(ws)
        assert other == first, dump_difference(first, other)


def install_definitions(ws: Workspace) -> None:
    """The bundled form definitions, as every installed app has them (demo.build writes them
    directly, not as changes, so a fresh workspace needs them to compare dumps)."""
    from forms import forms

    for definition in forms.bundled().values():
        ws.db.execute(
            "INSERT OR IGNORE INTO form_definitions (id, version, kind, body) VALUES (?, ?, ?, ?)",
            [definition.id, definition.version, definition.kind,
             json.dumps(definition.to_dict(), ensure_ascii=False, sort_keys=True)],
        )


def dump_difference(a: str, b: str) -> str:
    """Which tables differ and a row from each side, to read when two dumps are not equal."""
    left, right = json.loads(a), json.loads(b)
    lines = []
    for table in left:
        if left[table] != right.get(table):
            ra = {json.dumps(r, sort_keys=True, ensure_ascii=False) for r in left[table]}
            rb = {json.dumps(r, sort_keys=True, ensure_ascii=False) for r in right.get(table, [])}
            lines.append(f"{table}: {len(ra)} vs {len(rb)} rows")
            lines += [f"  only first: {r[:300]}" for r in sorted(ra - rb)[:2]]
            lines += [f"  only second: {r[:300]}" for r in sorted(rb - ra)[:2]]
    return "\n".join(lines)
