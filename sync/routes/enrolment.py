"""Enrolment: what the server is, a one-time code for a device token, and a device's signing
key registered once."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request

from ..protocol import (
    PREFIX,
    PROTOCOL_VERSION,
    Attestation,
    EnrollRequest,
    EnrollResponse,
    Info,
    KeyRequest,
)
from ..store import Store
from .deps import Authed, StoreDep

log = logging.getLogger("siteledger.server")
router = APIRouter(prefix=PREFIX)
# Enrolment codes are guessed only by trying: a few failed attempts per client address per
# minute cost a real user nothing and an attacker nearly everything. (Only failures count, so
# an office enrolling fifty laptops from one address in a minute is not held up.)
ENROLL_ATTEMPTS = 10
ENROLL_WINDOW_S = 60


class RateLimit:
    """At most `limit` failed attempts per client address in any `window` seconds, counted in
    the store: every server process on one database shares the count, and a restart forgets
    none."""

    def __init__(self, store: Store, limit: int, window: int) -> None:
        self.store, self.limit, self.window = store, limit, window

    def allow(self, key: str) -> bool:
        """Whether `key` is under its limit now (the event is not counted: see `count`)."""
        return self.store.enrolment_failures(key, self.window) < self.limit

    def count(self, key: str) -> None:
        self.store.enrolment_failed(key, self.window)


async def get_attempts(store: StoreDep) -> RateLimit:
    return RateLimit(store, ENROLL_ATTEMPTS, ENROLL_WINDOW_S)


Attempts = Annotated[RateLimit, Depends(get_attempts)]


@router.get("/info", response_model=Info)
def info() -> Info:
    return Info(service="siteledger", protocol=PROTOCOL_VERSION)


@router.post(
    "/enroll",
    response_model=EnrollResponse,
    responses={401: {"description": "unknown, used or expired code"}},
)
def enroll(
    request: EnrollRequest, http: Request, store: StoreDep, attempts: Attempts
) -> EnrollResponse:
    address = http.client.host if http.client else "?"
    if not attempts.allow(address):
        raise HTTPException(
            429, "注册尝试过于频繁，请稍后再试", {"Retry-After": str(attempts.window)}
        )
    enrolled = store.enroll(
        request.code, request.device_name, request.public_key, request.workspace_device
    )
    if enrolled is None:
        attempts.count(address)
        raise HTTPException(401, "注册码无效、已使用或已过期")
    user, token = enrolled
    log.info("device %s enrolled for user %s", user.device_id, user.name)
    attestation = signature = None
    if request.public_key and request.workspace_device:
        attestation, signature = store.attestation(
            user, request.public_key, request.workspace_device
        )
    return EnrollResponse(
        token=token,
        device_id=user.device_id,
        user_id=user.id,
        user_name=user.name,
        role=user.role,
        district=user.district,
        server_id=store.server_id,
        server_key=store.server_key,
        attestation=attestation,
        attestation_signature=signature,
    )


@router.post(
    "/me/key",
    response_model=Attestation,
    responses={409: {"description": "this device has a signing key already"}},
)
def register_key(request: KeyRequest, user: Authed, store: StoreDep) -> Attestation:
    if not store.register_key(user, request.public_key, request.workspace_device):
        raise HTTPException(409, "此设备已有签名密钥")
    attestation, signature = store.attestation(user, request.public_key, request.workspace_device)
    return Attestation(attestation=attestation, attestation_signature=signature)
