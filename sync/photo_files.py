"""Content-addressed photo files, on a laptop and on the server alike.

The one interface sync needs from the photo module (written in parallel):

- a photo's bytes live at `photo_path(photos_dir, sha256)` = ``photos_dir/sha[:2]/sha``;
- the photos a workspace's records name are the `sha256` column of a `photos` table, if the
  workspace has one (`referenced`).

A file is written to a temporary name, fsynced and renamed into place (then the folder fsynced),
so a photo is either whole at its final name or absent; the row naming it may be written after.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from sqlite_utils import Database

from .protocol import is_sha256


def photo_path(photos_dir: Path, sha256: str) -> Path:
    if not is_sha256(sha256):
        raise ValueError(f"not a photo hash: {sha256!r}")
    return photos_dir / sha256[:2] / sha256


def referenced(db: Database) -> set[str]:
    """Hashes of the photos the workspace's records name."""
    if not db["photos"].exists() or "sha256" not in db["photos"].columns_dict:
        return set()
    return {row[0] for row in db.execute("SELECT sha256 FROM photos WHERE sha256 IS NOT NULL")}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def install(temp: Path, final: Path) -> None:
    """Make a fully written temporary file the photo at `final`, durably."""
    with open(temp, "rb+") as f:
        os.fsync(f.fileno())
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temp, final)
    fsync_dir(final.parent)


def write_photo(photos_dir: Path, sha256: str, chunks: Iterable[bytes]) -> bool:
    """Store bytes as the photo `sha256` if they hash to it; False (nothing kept) if not."""
    final = photo_path(photos_dir, sha256)
    final.parent.mkdir(parents=True, exist_ok=True)
    temp = final.with_name(f".{sha256}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    with open(temp, "wb") as f:
        for chunk in chunks:
            digest.update(chunk)
            f.write(chunk)
    if digest.hexdigest() != sha256:
        temp.unlink()
        return False
    install(temp, final)
    return True
