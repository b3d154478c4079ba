"""Signing in: a password per person on this computer (argon2id), slower after failures, and
the audit trail of who signed in, failed, locked, set a password or took a backup.

Passwords are device-local (table `sign_in`, migration 0008): set at enrolment by the person
at their laptop, or by the office on it. Once one person on a laptop has a password, everyone
needs one to sign in there; a laptop where nobody has one yet (a fresh install, the demo)
signs in by choosing a name, as before.

After `FREE_ATTEMPTS` wrong passwords in a row, each further attempt must wait: 5 s, 10 s,
20 s … up to five minutes since the last failure; the wait is checked before the password is.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from functools import cache
from typing import IO, Any

from . import roles
from .errors import UserError
from .store import sign_in as store
from .workspace import Workspace

MIN_LENGTH = 6
FREE_ATTEMPTS = 3
FIRST_WAIT = 5.0
MAX_WAIT = 300.0

Now = Callable[[], dt.datetime]


class SignInError(UserError):
    """Signing in did not succeed; the message says why, in words for the person."""


class WrongPassword(SignInError):
    pass


class TooSoon(SignInError):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"密码错误次数过多，请 {math.ceil(seconds)} 秒后再试"
            f" / too many wrong passwords: try again in {math.ceil(seconds)} s"
        )


@cache
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id, RFC 9106 low-memory profile


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stamp(now: dt.datetime) -> str:
    return now.isoformat(timespec="seconds")


def needs_password(ws: Workspace) -> bool:
    return store.any_password(ws.conn)


def has_password(ws: Workspace, person_id: str) -> bool:
    return store.password_row(ws.conn, person_id) is not None


def set_password(
    ws: Workspace, person_id: str, password: str, *, by: str | None, now: Now = _now
) -> None:
    """Set `person_id`'s password; `by` is who does it (the person, the office, or None at the
    machine: enrolment, the command line)."""
    if roles.role_of(ws.conn, person_id) is None:
        raise UserError("no such person in the ledger")
    if by is not None and by != person_id and roles.role_of(ws.conn, by) != "office":
        raise roles.Forbidden(
            "只有专班办公室可以设置他人的密码 / only the office sets another person's password"
        )
    if len(password) < MIN_LENGTH:
        raise UserError(
            f"密码至少 {MIN_LENGTH} 个字符 / a password needs at least {MIN_LENGTH} characters"
        )
    hashed = _hasher().hash(password)
    at = _stamp(now())
    with ws.transaction():
        store.put_password(ws.conn, person_id, hashed, by, at)
        audit(ws, by or person_id, "password_set", {"person_id": person_id}, now=now)


def wait_seconds(ws: Workspace, person_id: str, now: Now = _now) -> float:
    """How long `person_id` must wait before the next attempt (0: may try now)."""
    row = store.password_row(ws.conn, person_id)
    if row is None or row["failed"] < FREE_ATTEMPTS or not row["last_failed_at"]:
        return 0.0
    wait = min(MAX_WAIT, FIRST_WAIT * 2 ** (row["failed"] - FREE_ATTEMPTS))
    since = (now() - dt.datetime.fromisoformat(row["last_failed_at"])).total_seconds()
    return max(0.0, wait - since)


def check(ws: Workspace, person_id: str, password: str | None, *, now: Now = _now) -> None:
    """Sign `person_id` in with `password`, or raise SignInError (nothing else changes)."""
    if not needs_password(ws):
        audit(ws, person_id, "sign_in", {"password": False}, now=now)
        return
    row = store.password_row(ws.conn, person_id)
    if row is None:
        raise SignInError(
            "此人在本机还没有密码，请专班办公室设置 / no password on this computer for this"
            " person: the office sets one"
        )
    wait = wait_seconds(ws, person_id, now)
    if wait > 0:
        raise TooSoon(wait)
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    try:
        hasher.verify(row["password_hash"], password or "")
    except (VerificationError, InvalidHashError):
        with ws.transaction():
            store.note_failure(ws.conn, person_id, _stamp(now()))
            audit(ws, person_id, "sign_in_failed", None, now=now)
        raise WrongPassword("密码不正确 / wrong password") from None
    rehash = hasher.hash(password) if hasher.check_needs_rehash(row["password_hash"]) else None
    with ws.transaction():
        store.note_success(ws.conn, person_id, rehash)
        audit(ws, person_id, "sign_in", {"password": True}, now=now)


def audit(
    ws: Workspace,
    person_id: str | None,
    action: str,
    detail: dict[str, Any] | None = None,
    *,
    now: Now = _now,
) -> None:
    """Append one event to this device's audit trail (append-only: triggers refuse the rest)."""
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None
    with ws.transaction():
        store.add_audit(ws.conn, _stamp(now()), ws.device_id, person_id, action, text)


def export_audit(ws: Workspace, out: IO[str]) -> int:
    """The audit trail as JSON lines: every change of the journal (who recorded what, on which
    device, when by its clock stamp), then every sign-in and security event. Returns the count."""
    count = 0
    for change in store.journal(ws.conn):
        body = json.loads(change.pop("body"))
        line = {"source": "journal", **change, "fields": body.get("fields")}
        out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    for event in store.audit_events(ws.conn):
        if event["detail"]:
            event["detail"] = json.loads(event["detail"])
        out.write(json.dumps({"source": "event", **event}, ensure_ascii=False, sort_keys=True))
        out.write("\n")
        count += 1
    return count
