"""Users, enrolment codes, device tokens and keys, revocation, and the server's identity and
attestations of devices (a part of `Store`)."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from typing import Any

from forms.ids import new_id

from .. import signing
from ..dialect import Connection
from .model import User, _Batch, _now, hash_secret

ROLES = ("office", "leader", "commissioner", "reviewer")
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class Accounts:
    """Users and their devices: who a token is, and what the server attests of a device."""

    def _identity(self, conn: Connection) -> tuple[str, str]:
        """This server's own id and signing key, made once (every process on one database
        shares them): a bundle names the server its signer enrolled on, and carries the
        server's attestation of the signer's key."""
        row = conn.one("SELECT server_id, signing_key FROM server_identity WHERE id = 1")
        if row:
            return row[0], row[1]
        server_id, (private, _public) = new_id(), signing.new_key()
        conn.execute(
            "INSERT INTO server_identity (id, server_id, signing_key) VALUES (1, ?, ?)"
            " ON CONFLICT (id) DO NOTHING",
            [server_id, private],
        )
        row = conn.one("SELECT server_id, signing_key FROM server_identity WHERE id = 1")
        return row[0], row[1]

    def attestation(
        self, user: User, public_key: str, workspace_device: str
    ) -> tuple[dict[str, str], str]:
        """The server's signed statement of who a device is, carried in its bundles."""
        statement = {
            "server_id": self.server_id,
            "device_id": user.device_id,
            "workspace_device": workspace_device,
            "user_id": user.id,
            "role": user.role,
            "public_key": public_key,
        }
        return statement, signing.attest(self._signing_key, statement)

    def register_key(self, user: User, public_key: str, workspace_device: str) -> bool:
        """Give a device enrolled before bundles were signed its signing key, once: a device
        that has a key keeps it (a stolen token cannot swap it)."""
        with self.connection() as conn, conn.write():
            found = conn.one(
                "SELECT 1 FROM devices WHERE id = ? AND public_key IS NULL AND revoked_at IS NULL",
                [user.device_id],
            )
            if found is None:
                return False
            conn.execute(
                "UPDATE devices SET public_key = ?, workspace_device = ? WHERE id = ?",
                [public_key, workspace_device, user.device_id],
            )
        return True

    def revoked_devices(self) -> list[tuple[str, str]]:
        with self.connection() as conn:
            return conn.all(
                "SELECT id, revoked_at FROM devices WHERE revoked_at IS NOT NULL ORDER BY id"
            )

    def add_user(
        self, name: str, role: str, district: str | None = None, person_id: str | None = None
    ) -> User:
        """A user; `person_id` links it to the ledger's person of that id (its changes are
        then authored by that person, and its assignments give it its projects)."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        with self.connection() as conn, conn.write():
            user = User(person_id or new_id(), name, role, self._district_id(conn, district))
            if conn.one("SELECT 1 FROM users WHERE name = ? OR id = ?", [name, user.id]):
                raise ValueError(f"a user called {name!r} (or with that person id) already exists")
            conn.execute(
                "INSERT INTO users (id, name, role, district, created_at) VALUES (?, ?, ?, ?, ?)",
                [user.id, name, role, user.district, _now()],
            )
        return user

    def _district_id(self, conn: Connection, district: str | None) -> str | None:
        """The unit id a user's district is kept as. Scope follows ids, never names: a name
        given here is looked up once, now (a later rename of the unit changes nothing)."""
        if not district or conn.one("SELECT 1 FROM scope_units WHERE unit_id = ?", [district]):
            return district
        found = conn.all("SELECT unit_id FROM scope_units WHERE name = ?", [district])
        if len(found) > 1:
            raise ValueError(f"several units are called {district!r}: give the unit id")
        return found[0][0] if found else district

    def user_by_name(self, name: str) -> User | None:
        with self.connection() as conn:
            row = conn.one("SELECT id, name, role, district FROM users WHERE name = ?", [name])
        return User(*row) if row else None

    def enroll_code(self, user_name: str, ttl: dt.timedelta) -> str:
        """A one-time code for enrolling one device of the user; only its hash is kept."""
        user = self.user_by_name(user_name)
        if user is None:
            raise ValueError(f"no user called {user_name!r}")
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        code = f"{raw[:5]}-{raw[5:]}"
        expires = (dt.datetime.now(dt.UTC) + ttl).isoformat(timespec="seconds")
        with self.connection() as conn, conn.write():
            conn.execute(
                "INSERT INTO enroll_codes (code_hash, user_id, expires_at) VALUES (?, ?, ?)",
                [hash_secret(_normal_code(code)), user.id, expires],
            )
        return code

    def enroll(
        self,
        code: str,
        device_name: str,
        public_key: str | None = None,
        workspace_device: str | None = None,
    ) -> tuple[User, str] | None:
        """Spend a code: a new device with its own token (and its bundle-signing public key),
        or None if the code is no good."""
        token = secrets.token_urlsafe(32)
        device_id = new_id()
        with self.connection() as conn, conn.write():
            row = conn.one(
                "SELECT users.id, users.name, users.role, users.district, expires_at, used_at"
                " FROM enroll_codes JOIN users ON users.id = enroll_codes.user_id"
                " WHERE code_hash = ?",
                [hash_secret(_normal_code(code))],
            )
            if row is None or row[5] is not None or row[4] <= _now():
                return None
            conn.execute(
                "UPDATE enroll_codes SET used_at = ? WHERE code_hash = ?",
                [_now(), hash_secret(_normal_code(code))],
            )
            conn.execute(
                "INSERT INTO devices (id, user_id, token_hash, name, created_at, public_key,"
                " workspace_device) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    device_id,
                    row[0],
                    hash_secret(token),
                    device_name[:200],
                    _now(),
                    public_key,
                    workspace_device,
                ],
            )
        return User(*row[:4], device_id=device_id), token

    def authenticate(self, token: str) -> User | None:
        with self.connection() as conn:
            row = conn.one(
                "SELECT users.id, users.name, users.role, users.district, devices.id"
                " FROM devices JOIN users ON users.id = devices.user_id"
                " WHERE token_hash = ? AND revoked_at IS NULL",
                [hash_secret(token)],
            )
        return User(*row) if row else None

    def revoke(self, device_id: str | None = None, user_name: str | None = None) -> int:
        """Revoke one device, or every device of a user; returns how many."""
        with self.connection() as conn, conn.write():
            if device_id:
                where, params = "id = ?", [device_id]
            else:
                where, params = "user_id = (SELECT id FROM users WHERE name = ?)", [user_name]
            found = conn.all(f"SELECT id FROM devices WHERE {where} AND revoked_at IS NULL", params)
            conn.execute(
                f"UPDATE devices SET revoked_at = ? WHERE {where} AND revoked_at IS NULL",
                [_now(), *params],
            )
        return len(found)

    def devices(self) -> list[tuple]:
        with self.connection() as conn:
            return conn.all(
                "SELECT devices.id, users.name, devices.name, devices.created_at,"
                " devices.revoked_at FROM devices JOIN users ON users.id = devices.user_id"
                " ORDER BY devices.created_at"
            )

    def enrolment_failures(self, address: str, window_s: int) -> int:
        """How many enrolments from `address` failed in the last `window_s` seconds."""
        with self.connection() as conn:
            return conn.one(
                "SELECT COUNT(*) FROM enroll_failures WHERE address = ? AND failed_at > ?",
                [address, _millis() - window_s * 1000],
            )[0]

    def enrolment_failed(self, address: str, window_s: int) -> None:
        """Count a failed enrolment from `address`; failures older than the window are
        forgotten meanwhile (the table holds only the last window's)."""
        now = _millis()
        with self.connection() as conn, conn.write():
            conn.execute(
                "DELETE FROM enroll_failures WHERE failed_at <= ?", [now - window_s * 1000]
            )
            conn.execute(
                "INSERT INTO enroll_failures (address, failed_at) VALUES (?, ?)", [address, now]
            )

    def _user_by_id(self, conn: Connection, batch: _Batch, user_id: Any) -> User | None:
        if not isinstance(user_id, str):
            return None
        if user_id not in batch.users:
            row = conn.one("SELECT id, name, role, district FROM users WHERE id = ?", [user_id])
            batch.users[user_id] = User(*row) if row else None
        return batch.users[user_id]


def _millis() -> int:
    return int(time.time() * 1000)


def _normal_code(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")
