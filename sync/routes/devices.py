"""A device asks who it is and which devices are revoked (bundles from those are refused)."""

from __future__ import annotations

from fastapi import APIRouter

from ..protocol import PREFIX, Devices, Me
from .deps import Authed, StoreDep

router = APIRouter(prefix=PREFIX)


@router.get("/devices", response_model=Devices)
def devices(user: Authed, store: StoreDep) -> Devices:
    return Devices(
        server_id=store.server_id,
        server_key=store.server_key,
        revoked=[device_id for device_id, _at in store.revoked_devices()],
    )


@router.get("/me", response_model=Me)
def me(user: Authed) -> Me:
    return Me(
        user_id=user.id,
        user_name=user.name,
        role=user.role,
        district=user.district,
        device_id=user.device_id,
    )
