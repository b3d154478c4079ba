"""Where photo files live and how they are written.

Every file is written under a temporary name in its final folder, fsynced, then renamed into
place (and the folder fsynced), so a crash or a cancel never leaves a half-written file under a
real name. A row that names a file is committed only after the file is in place.
"""

from __future__ import annotations

import contextlib
import io
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .. import crypto

# kind -> (folder, suffix). The working copy is the file that syncs and that documents use.
KINDS = {
    "original": ("originals", ""),
    "working": ("working", ".jpg"),
    "thumb": ("thumbs", ".jpg"),
}


def photo_path(ws, sha256: str, kind: str = "working") -> Path:
    """The file of a photo (by the SHA-256 of its original bytes): original, working or thumb."""
    return path_in(ws.photos_dir, sha256, kind)


def path_in(photos_dir: Path, sha256: str, kind: str = "working") -> Path:
    try:
        folder, suffix = KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown photo file kind {kind!r}") from None
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return photos_dir / folder / sha256[:2] / f"{sha256}{suffix}"


def watermarked_path_in(photos_dir: Path, sha256: str, link_id: str) -> Path:
    return photos_dir / "watermarked" / sha256[:2] / f"{sha256}-{link_id}.jpg"


def write_atomic(
    path: Path, data: bytes | Callable[[BinaryIO], None], key: bytes | None = None
) -> bool:
    """Write `data` (bytes, or a function that writes to a file) to `path` durably; sealed
    (forms/crypto.py) with `key` in an encrypted workspace, so no plain byte reaches the disk.

    Returns False, writing nothing, if the file already exists: files are content-addressed,
    so an existing file already holds these bytes.
    """
    if path.exists():
        return False
    if key is not None:
        data = crypto.seal(key, _materialise(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "xb") as out:
            if callable(data):
                data(out)  # e.g. Pillow encoding straight to the file, with the GIL released
            else:
                out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)
    return True


def replace_atomic(path: Path, data: bytes) -> None:
    """Replace an existing file's bytes durably (sealing a photo in place)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "xb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def read_plain(path: Path, key: bytes | None) -> bytes:
    """A photo file's bytes as written: opened when it is sealed (needs the workspace key)."""
    return crypto.open_sealed(key, path.read_bytes())


def _materialise(data: bytes | Callable[[BinaryIO], None]) -> bytes:
    if not callable(data):
        return data
    buffer = io.BytesIO()
    data(buffer)
    return buffer.getvalue()


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def purge(photos_dir: Path, sha256: str) -> int:
    """Delete every file of one photo (all kinds and watermarked copies); returns how many."""
    doomed = [path_in(photos_dir, sha256, kind) for kind in KINDS]
    marked = photos_dir / "watermarked" / sha256[:2]
    if marked.is_dir():
        doomed.extend(marked.glob(f"{sha256}-*.jpg"))
    removed = 0
    for path in doomed:
        if path.exists():
            remove_quietly(path)
            removed += 1
    return removed
