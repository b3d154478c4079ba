"""Photo files for sync: the one adapter between sync and the photo module (`forms.photos`).

The file that syncs is a photo's WORKING copy. On the wire and on the server it is named by its
own hash (`photos.working_sha256`); on a laptop it lives where the photo module puts it, at the
working path named by the ORIGINAL's hash (`forms.photos.files.path_in(dir, original,
"working")`). Which photos a workspace needs is the store's answer
(`forms.store.photos.referenced_hashes`): those a live link names, once their row (and so
their working hash) has arrived.

The server keeps its own content-addressed store: `photo_path(photos_dir, sha)` =
``photos_dir/sha[:2]/sha``.

A file is written to a temporary name, fsynced and renamed into place (then the folder fsynced),
so a photo is either whole at its final name or absent; the row naming it may be written after.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from forms.photos import files
from forms.store import photos as photo_sql

from .protocol import is_sha256


@dataclass(frozen=True)
class LaptopPhoto:
    """One photo a workspace's records name: its two hashes and its working file here."""

    original: str  # sha256 of the original bytes: the photo's id, names the laptop file
    working: str  # sha256 of the working copy: names it on the wire and on the server
    path: Path  # where the working copy lives on this laptop


def photo_path(photos_dir: Path, sha256: str) -> Path:
    """The SERVER's file of a working copy, by its own hash."""
    if not is_sha256(sha256):
        raise ValueError(f"not a photo hash: {sha256!r}")
    return photos_dir / sha256[:2] / sha256


def laptop_path(photos_dir: Path, original: str) -> Path:
    """Where a photo's working copy lives on a laptop (named by the original's hash)."""
    return files.path_in(photos_dir, original, "working")


def referenced_photos(db: Database, photos_dir: Path) -> list[LaptopPhoto]:
    """The photos live links name whose row has arrived (only then is the working hash known)."""
    return [
        LaptopPhoto(row["sha256"], row["working_sha256"], laptop_path(photos_dir, row["sha256"]))
        for row in photo_sql.referenced_hashes(db)
        if row["working_sha256"] and is_sha256(row["working_sha256"])
    ]


def referenced(db: Database, photos_dir: Path) -> dict[str, Path]:
    """Working hash -> the file on this laptop, for the photos the records name.

    Two originals whose working copies came out identical share a hash: the entry is a copy
    that is here, if either is.
    """
    found: dict[str, Path] = {}
    for photo in referenced_photos(db, photos_dir):
        if photo.working not in found or photo.path.exists():
            found[photo.working] = photo.path
    return found


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def make_folders(photos_dir: Path) -> None:
    """The server's 256 photo folders (by a hash's first two digits), made durable once, so
    that storing a photo never makes a folder nor fsyncs its parent."""
    missing = [
        folder for folder in (photos_dir / f"{n:02x}" for n in range(256)) if not folder.is_dir()
    ]
    for folder in missing:
        folder.mkdir(parents=True, exist_ok=True)
    if missing:
        files.fsync_dir(photos_dir)


def place(temp: Path, final: Path) -> list[Path]:
    """Fsync a fully written temporary file and rename it to `final`.

    The rename is durable only once the folders returned are fsynced (the photo's folder, and
    its parent if the folder was just made): the caller does that before anything names the
    photo. The server folds those fsyncs into its group commit, one per folder per group.
    """
    with open(temp, "rb+") as f:
        os.fsync(f.fileno())
    folders = [final.parent]
    if not final.parent.is_dir():
        final.parent.mkdir(parents=True, exist_ok=True)
        folders.append(final.parent.parent)  # the new folder's own name
    os.replace(temp, final)
    return folders


def fsync_dirs(folders: Iterable[Path]) -> None:
    for folder in dict.fromkeys(folders):  # once each, in order
        files.fsync_dir(folder)


def install(temp: Path, final: Path) -> None:
    """Make a fully written temporary file the photo at `final`, durably."""
    fsync_dirs(place(temp, final))


def read_working(path: Path, key: bytes | None) -> bytes | None:
    """A laptop's working copy as it travels (plain: its hash is of the plain bytes), opened
    when the workspace seals its photos; None when `key` is None (read the file as it is)."""
    return files.read_plain(path, key) if key is not None else None


def write_photo(
    final: Path, sha256: str, chunks: Iterable[bytes], key: bytes | None = None
) -> bool:
    """Store bytes at `final` if they hash to `sha256`; False (nothing kept) if not. With the
    workspace's photo `key` (an encrypted workspace) the file is sealed as it is written."""
    if key is not None:
        data = b"".join(chunks)  # a photo is at most MAX_PHOTO: whole, then sealed
        if hashlib.sha256(data).hexdigest() != sha256:
            return False
        files.write_atomic(final, data, key)
        return True
    final.parent.mkdir(parents=True, exist_ok=True)
    temp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    try:
        with open(temp, "wb") as f:
            for chunk in chunks:
                digest.update(chunk)
                f.write(chunk)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if digest.hexdigest() != sha256:
        temp.unlink()
        return False
    install(temp, final)
    return True
