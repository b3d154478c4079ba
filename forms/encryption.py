"""`encrypt`: turn a plain workspace into an encrypted one, and change its password.

Encrypting exports the database into a SQLCipher copy (`sqlcipher_export`), seals every photo
file in place (each replaced atomically), then swaps the copy in and installs the key file.
The key is first written as `workspace.key.new`: an interrupted run leaves the plain database
in charge and is finished by running `encrypt` again with the same password (photos already
sealed are recognised and kept). Changing the password rewraps the key file only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import crypto
from .errors import UserError
from .photos import files
from .workspace import DB_FILE, take_lock

PENDING = crypto.KEY_FILE + ".new"
EXPORT = ".workspace.encrypting.sqlite"


@dataclass(frozen=True)
class EncryptResult:
    photos: int


def encrypt(home: Path, password: str) -> EncryptResult:
    home = Path(home)
    if crypto.is_encrypted(home):
        raise UserError(
            "the workspace is already encrypted (change its password with --change-password)"
        )
    if not (home / DB_FILE).exists():
        raise UserError(f"no workspace in {home}")
    if len(password) < 8:
        raise UserError("an encryption password needs at least 8 characters")
    lock = take_lock(home)
    try:
        if (home / PENDING).exists():
            key = crypto.unlock(home, password, PENDING)  # an interrupted run: the same key
        else:
            key = crypto.new_key()
            crypto.write_key_file(home, key, password, PENDING)
        _export(home, key)
        sealed = _seal_photos(home / "photos", key.photo_key)
        os.replace(home / EXPORT, home / DB_FILE)
        for leftover in (f"{DB_FILE}-wal", f"{DB_FILE}-shm"):  # the plain file's, never reused
            (home / leftover).unlink(missing_ok=True)
        os.replace(home / PENDING, home / crypto.KEY_FILE)
        files.fsync_dir(home)
    finally:
        os.close(lock)
    return EncryptResult(sealed)


def change_password(home: Path, old: str, new: str) -> None:
    """Rewrap the workspace key: the database and the photos are not rewritten."""
    if not crypto.is_encrypted(home):
        raise UserError("the workspace is not encrypted")
    if len(new) < 8:
        raise UserError("an encryption password needs at least 8 characters")
    key = crypto.unlock(home, old)
    crypto.write_key_file(home, key, new)


def _export(home: Path, key: crypto.WorkspaceKey) -> None:
    import sqlcipher3

    target = home / EXPORT
    target.unlink(missing_ok=True)
    conn = sqlcipher3.connect(str(home / DB_FILE), isolation_level=None)
    try:
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.database_literal}", [str(target)])
        for pragma in key.cipher_pragmas("encrypted"):
            conn.execute(pragma)
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    with open(target, "rb") as f:
        os.fsync(f.fileno())


def _seal_photos(photos: Path, photo_key: bytes) -> int:
    count = 0
    for path in sorted(photos.rglob("*")) if photos.exists() else []:
        if not path.is_file() or path.name.endswith(".tmp"):
            continue
        data = path.read_bytes()
        if crypto.is_sealed(data):
            continue
        files.replace_atomic(path, crypto.seal(photo_key, data))
        count += 1
    return count
