"""Helpers for sync tests: demo content queued as if recorded on the laptop, dumps, checks."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from forms import demo, dump
from forms.photos import import_photos, photo_path, store
from forms.workspace import Workspace

TODAY = dt.date(2026, 11, 23)


def demo_queued(ws: Workspace, projects: int = 10, seed: int = 2026) -> None:
    """A small demo ledger, queued for sync as if it had been recorded on this laptop."""
    demo.build(ws, size=demo.Size(projects, 4, projects, projects), seed=seed, today=TODAY)
    with ws.transaction():
        ws.db.execute(
            "INSERT OR IGNORE INTO outbox (change_id) SELECT id FROM changes ORDER BY rowid"
        )


@dataclass(frozen=True)
class Photo:
    original: str  # the photo's id: SHA-256 of the imported file
    working: str  # SHA-256 of the working copy: the file that syncs
    path: Path  # the working copy on the laptop that imported it

    def at(self, ws: Workspace) -> Path:
        """Where this photo's working copy lives on the laptop of `ws`."""
        return photo_path(ws, self.original, "working")

    def on_server(self, data: Path) -> Path:
        return data / "photos" / self.working[:2] / self.working


def noise_jpeg(path: Path, size: int = 200_000, seed: int = 0) -> Path:
    """A JPEG of random noise of about `size` bytes (noise does not compress, so neither does
    the working copy made from it)."""
    side = max(16, int((size / 0.75) ** 0.5))
    width, height = side * 4 // 3, side * 3 // 4
    pixels = random.Random(seed).randbytes(width * height * 3)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.frombytes("RGB", (width, height), pixels).save(path, "JPEG", quality=85)
    return path


def add_photo(
    ws: Workspace, size: int = 200_000, seed: int = 0, attach_to: tuple[str, str] | None = None
) -> Photo:
    """A real JPEG imported through the photo module, attached to the first project by default
    (its records are queued like any other)."""
    if attach_to is None:
        attach_to = (
            "project",
            ws.db.execute("SELECT id FROM projects ORDER BY id LIMIT 1").fetchone()[0],
        )
    source = noise_jpeg(ws.home.parent / f"camera-{ws.device_id[-6:]}-{seed}.jpg", size, seed)
    [result] = import_photos(ws, [source], attach_to=attach_to)
    assert result.ok, result.line()
    working = store.photo(ws, result.photo_id)["working_sha256"]
    path = photo_path(ws, result.photo_id, "working")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == working
    return Photo(result.photo_id, working, path)


def cli(
    *args: str, home: Path | None = None, check: bool = True, timeout: float = 60
) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "desktop.cli"]
    if home is not None:
        command += ["--home", str(home)]
    result = subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
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
    from forms import form_definitions

    for definition in form_definitions.bundled().values():
        ws.db.execute(
            "INSERT OR IGNORE INTO form_definitions (id, version, kind, body) VALUES (?, ?, ?, ?)",
            [
                definition.id,
                definition.version,
                definition.kind,
                json.dumps(definition.to_dict(), ensure_ascii=False, sort_keys=True),
            ],
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
