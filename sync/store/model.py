"""The store's data objects: who a request acts as, and what a refused push says."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class User:
    id: str
    name: str
    role: str
    district: str | None
    device_id: str = ""


@dataclass
class _Batch:
    """What one push transaction knows as it goes through its changes."""

    user: User
    origin_device: str | None
    bodies: dict[str, str]  # id -> stored body, for ids already here or earlier in the batch
    rows: list[tuple] = field(default_factory=list)
    visible: dict[str, set[str]] = field(default_factory=dict)  # user id -> visible projects
    users: dict[str, User | None] = field(default_factory=dict)
    now: str = field(default_factory=lambda: _now())


@dataclass
class Refusal:
    id: str
    status: int  # 403 out of scope, 409 same id other body, 422 not a change we know
    reason: str


class Refused(Exception):
    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__(f"{len(refusals)} changes refused")
        self.refusals = refusals
