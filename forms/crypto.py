"""Encryption at rest: one random workspace key, wrapped by the password.

`workspace.key` (JSON) holds the key encrypted (AES-256-GCM) under a key derived from the
password (argon2id, salt and cost stored beside it). Changing the password rewraps that one
file; the database and the photos keep their key. From the workspace key come (HKDF-SHA256):

- the database key, given to SQLCipher as a raw key (`PRAGMA key = "x'…'"`: no second
  password derivation at every open), with the cipher settings the key file names (`CIPHERS`);
- the photo key: each photo file is `MAGIC | nonce (12) | AES-256-GCM(bytes)`, so a photo file
  on a lost laptop is no readable image, and a changed byte is refused, not shown.

A wrong password fails the AES-GCM tag of the wrapped key: one plain error, nothing changed.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import WorkspaceError

KEY_FILE = "workspace.key"
PHOTO_MAGIC = b"SLPHOTO1"
NONCE = 12
# argon2id for the password: about 50 ms and 32 MiB here, paid once per open.
KDF = {"time_cost": 2, "memory_cost": 32 * 1024, "parallelism": 2}
# SQLCipher settings by name; a key file names its database's (none: SQLCipher 4's defaults,
# as the first encrypted workspaces were made). "sl2" checks pages with HMAC-SHA256, which this
# hardware computes in its SHA extensions, instead of HMAC-SHA512 (still a 256-bit MAC under a
# 256-bit key), on 16 KiB pages: a quarter of the per-page cipher set-ups. Together they halve
# what SQLCipher adds to a read of the whole workspace (benchmarks/bench_encryption.py).
CIPHERS: dict[str, tuple[str, ...]] = {
    "sqlcipher4": (),
    "sl2": ("cipher_page_size = 16384", "cipher_hmac_algorithm = HMAC_SHA256"),
}
CIPHER = "sl2"  # what a newly encrypted workspace gets


class WrongPassword(WorkspaceError):
    """The password does not open this workspace."""


@dataclass(frozen=True)
class WorkspaceKey:
    secret: bytes
    cipher: str = "sqlcipher4"

    def _derive(self, purpose: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return HKDF(hashes.SHA256(), 32, salt=None, info=b"siteledger " + purpose).derive(
            self.secret
        )

    @property
    def database_literal(self) -> str:
        """SQLCipher's raw-key literal (a blob in a string: no password derivation)."""
        return f"\"x'{self._derive(b'database').hex()}'\""

    @property
    def database_pragma(self) -> str:
        return f"PRAGMA key = {self.database_literal}"

    def cipher_pragmas(self, schema: str = "main") -> list[str]:
        """The pragmas that follow the key, for the database attached as `schema`."""
        return [f"PRAGMA {schema}.{setting}" for setting in CIPHERS[self.cipher]]

    @property
    def photo_key(self) -> bytes:
        return self._derive(b"photos")


def is_encrypted(home: Path) -> bool:
    return (Path(home) / KEY_FILE).exists()


def _kek(password: str, salt: bytes, kdf: dict) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        password.encode(), salt, kdf["time_cost"], kdf["memory_cost"], kdf["parallelism"], 32,
        Type.ID,
    )  # fmt: skip


def wrap(key: WorkspaceKey, password: str) -> dict:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(NONCE)
    wrapped = AESGCM(_kek(password, salt, KDF)).encrypt(nonce, key.secret, b"siteledger-key")
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return {
        "format": "siteledger-key",
        "version": 1,
        "kdf": {"name": "argon2id", **KDF, "salt": b64(salt)},
        "nonce": b64(nonce),
        "wrapped": b64(wrapped),
        "cipher": key.cipher,
    }


def new_key() -> WorkspaceKey:
    return WorkspaceKey(os.urandom(32), CIPHER)


def unlock(home: Path, password: str, name: str = KEY_FILE) -> WorkspaceKey:
    """The workspace key from its key file; WrongPassword when the password is not it."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        body = json.loads((Path(home) / name).read_text())
        kdf = body["kdf"]
        salt = base64.b64decode(kdf["salt"])
        nonce, wrapped = base64.b64decode(body["nonce"]), base64.b64decode(body["wrapped"])
        cipher = body.get("cipher", "sqlcipher4")
        if cipher not in CIPHERS:
            raise ValueError(cipher)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise WorkspaceError(f"the workspace key file is damaged ({home / name})") from e
    try:
        secret = AESGCM(_kek(password, salt, kdf)).decrypt(nonce, wrapped, b"siteledger-key")
    except InvalidTag:
        raise WrongPassword("wrong password for this encrypted workspace") from None
    return WorkspaceKey(secret, cipher)


def write_key_file(home: Path, key: WorkspaceKey, password: str, name: str = KEY_FILE) -> Path:
    path = Path(home) / name
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(wrap(key, password), out, indent=1)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return path


# -- photo files --------------------------------------------------------------------------------


def seal(photo_key: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE)
    return PHOTO_MAGIC + nonce + AESGCM(photo_key).encrypt(nonce, data, PHOTO_MAGIC)


def is_sealed(data: bytes) -> bool:
    return data.startswith(PHOTO_MAGIC)


def open_sealed(photo_key: bytes | None, data: bytes) -> bytes:
    """The plain bytes of a photo file (which may be plain: a workspace not encrypted)."""
    if not is_sealed(data):
        return data
    if photo_key is None:
        raise WorkspaceError("this photo is encrypted and the workspace is not unlocked")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    start = len(PHOTO_MAGIC)
    try:
        return AESGCM(photo_key).decrypt(
            data[start : start + NONCE], data[start + NONCE :], PHOTO_MAGIC
        )
    except InvalidTag:
        raise WorkspaceError("an encrypted photo file is damaged") from None
