"""Backup and restore of a workspace: one file, consistent while the app is open, checksummed.

A backup is a zip file:

    workspace.sqlite   a copy made with SQLite's online backup API (a consistent snapshot even
                       while the app writes; an encrypted workspace's copy is as encrypted)
    files/<path>       every other file of the workspace folder as it is on disk: photos (already
                       encrypted in an encrypted workspace), the wrapped key
    manifest.json      format, when, which device, the schema, and each member's SHA-256 and size
    checksum           SHA-256 of manifest.json

The database is copied before the photos: photos are written before the records naming them and
never changed, so every photo the snapshot names is in the backup.

Restore verifies every byte into a staging folder beside the workspace before anything moves; a
damaged backup is refused and nothing changes. The current workspace is never overwritten: it is
moved aside (`<home>.before-restore-<time>`) and the verified copy takes its place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .crypto import WorkspaceKey
from .errors import UserError
from .schema import last_applied
from .store import local as local_store
from .workspace import DB_FILE, LOCK_FILE, database_errors, open_connection, take_lock

FORMAT = "siteledger-workspace-backup"
VERSION = 1
DB_MEMBER = "workspace.sqlite"
FILES = "files/"
CHUNK = 1 << 20
# The live database and its journal go in through the backup API, never as files.
SKIPPED = {DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", f"{DB_FILE}-journal", LOCK_FILE}


class BackupError(UserError):
    """The backup cannot be used; nothing was restored."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int
    size: int
    encrypted: bool


@dataclass(frozen=True)
class RestoreResult:
    home: Path
    files: int
    kept_aside: Path | None


def backup(home: Path, target: Path, key: WorkspaceKey | None = None) -> BackupResult:
    """Write a backup of the workspace in `home` to `target` (replaced only once complete);
    an encrypted workspace needs its key, and its backup is as encrypted."""
    home, target = Path(home), Path(target)
    if not (home / DB_FILE).exists():
        raise UserError(f"no workspace in {home}")
    if target.resolve().is_relative_to(home.resolve()):
        raise UserError("write the backup outside the workspace folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    snapshot = target.with_name(f".{target.name}.{os.getpid()}.db")
    members: dict[str, dict[str, object]] = {}
    try:
        _snapshot(home / DB_FILE, snapshot, key)
        with zipfile.ZipFile(temp, "w", allowZip64=True) as zf:
            members[DB_MEMBER] = _add(zf, DB_MEMBER, snapshot, zipfile.ZIP_DEFLATED)
            for path in sorted(_workspace_files(home)):
                name = FILES + path.relative_to(home).as_posix()
                members[name] = _add(zf, name, path, zipfile.ZIP_STORED)
            manifest = _manifest(snapshot, members, key)
            zf.writestr("manifest.json", manifest)
            zf.writestr("checksum", hashlib.sha256(manifest).hexdigest())
        _fsync(temp)
        os.replace(temp, target)
    except OSError as e:
        raise UserError(f"cannot write the backup {target}: {e.strerror or e}") from e
    finally:
        for leftover in (temp, snapshot):
            leftover.unlink(missing_ok=True)
    return BackupResult(target, len(members), target.stat().st_size, key is not None)


def verify(source: Path) -> dict:
    """The backup's manifest once every member has been read and checked; BackupError if not."""
    with _open_backup(source) as zf:
        manifest = _checked_manifest(zf)
        for name, entry in manifest["files"].items():
            digest = hashlib.sha256()
            with zf.open(name) as member:
                while chunk := member.read(CHUNK):
                    digest.update(chunk)
            _check_member(name, entry, digest.hexdigest(), zf.getinfo(name).file_size)
    return manifest


def restore(home: Path, source: Path) -> RestoreResult:
    """Replace the workspace in `home` by the backup `source`, keeping the current one aside."""
    home, source = Path(home), Path(source)
    home.parent.mkdir(parents=True, exist_ok=True)
    lock = take_lock(home) if (home / DB_FILE).exists() else None
    staging = home.with_name(f".{home.name}.restore-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        files = _extract(source, staging)
        aside = None
        if home.exists() and any(p.name not in SKIPPED - {DB_FILE} for p in home.iterdir()):
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            aside = home.with_name(f"{home.name}.before-restore-{stamp}")
            os.rename(home, aside)
        elif home.exists():
            shutil.rmtree(home)
        os.rename(staging, home)
    except OSError as e:
        raise UserError(f"cannot restore into {home}: {e.strerror or e}") from e
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if lock is not None:
            os.close(lock)
    return RestoreResult(home, files, aside)


# -- writing ---------------------------------------------------------------------------------


def _snapshot(db_path: Path, snapshot: Path, key: WorkspaceKey | None) -> None:
    """A consistent copy by SQLite's backup API (a reader of the live file, never a writer);
    SQLCipher to SQLCipher under the same key for an encrypted workspace."""
    source = open_connection(db_path, key)
    target = open_connection(snapshot, key)
    try:
        source.backup(target)
    except database_errors() as e:
        raise UserError(f"cannot read the workspace database: {e}") from e
    finally:
        target.close()
        source.close()


def _workspace_files(home: Path):
    for path in home.rglob("*"):
        if not path.is_file() or path.name.endswith(".tmp"):
            continue
        if path.parent == home and path.name in SKIPPED:
            continue
        yield path


def _add(zf: zipfile.ZipFile, name: str, path: Path, compression: int) -> dict[str, object]:
    digest = hashlib.sha256()
    size = 0
    info = zipfile.ZipInfo.from_file(path, name)
    info.compress_type = compression
    with open(path, "rb") as src, zf.open(info, "w", force_zip64=True) as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _manifest(snapshot: Path, members: dict, key: WorkspaceKey | None) -> bytes:
    conn = open_connection(snapshot, key)
    try:
        device, schema = local_store.value(conn, "device_id"), last_applied(conn)
    except database_errors():
        device = schema = None
    finally:
        conn.close()
    body = {
        "format": FORMAT,
        "version": VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "device": device,
        "schema": schema,
        "encrypted": key is not None,
        "files": members,
    }
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode()


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


# -- reading ---------------------------------------------------------------------------------


def _open_backup(source: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except FileNotFoundError:
        raise BackupError(f"no backup file {source}") from None
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BackupError(f"{source} is damaged or not a SiteLedger backup") from None


def _checked_manifest(zf: zipfile.ZipFile) -> dict:
    try:
        raw = zf.read("manifest.json")
        checksum = zf.read("checksum").decode().strip()
        manifest = json.loads(raw)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError):
        raise BackupError("the backup is damaged or not a SiteLedger backup") from None
    if hashlib.sha256(raw).hexdigest() != checksum:
        raise BackupError("the backup is damaged: its manifest does not match its checksum")
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise BackupError("not a SiteLedger workspace backup")
    if manifest.get("version", 0) > VERSION:
        raise BackupError("the backup was written by a newer SiteLedger; update to restore it")
    names = set(zf.namelist()) - {"manifest.json", "checksum"}
    if names != set(manifest["files"]) or DB_MEMBER not in names:
        raise BackupError("the backup is damaged: its files do not match its manifest")
    for name in names:
        if name != DB_MEMBER and not _safe_member(name):
            raise BackupError(f"the backup names a file outside the workspace: {name}")
    return manifest


def _safe_member(name: str) -> bool:
    if not name.startswith(FILES) or "\\" in name:
        return False
    parts = name[len(FILES) :].split("/")
    return all(part not in ("", ".", "..") for part in parts) and not name.startswith("/")


def _check_member(name: str, entry: dict, sha256: str, size: int) -> None:
    if sha256 != entry.get("sha256") or size != entry.get("size"):
        raise BackupError(f"the backup is damaged: {name} does not match its checksum")


def _extract(source: Path, staging: Path) -> int:
    """Every member into `staging`, each checked against the manifest as it is written."""
    with _open_backup(source) as zf:
        manifest = _checked_manifest(zf)
        staging.mkdir(parents=True)
        for name, entry in manifest["files"].items():
            dest = staging / (DB_FILE if name == DB_MEMBER else name[len(FILES) :])
            dest.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            size = 0
            try:
                with zf.open(name) as member, open(dest, "wb") as out:
                    while chunk := member.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())
            except (zipfile.BadZipFile, EOFError, ValueError):
                raise BackupError(f"the backup is damaged: {name} cannot be read") from None
            _check_member(name, entry, digest.hexdigest(), size)
    return len(manifest["files"])
