"""The wire protocol shared by server and client: version, paths, limits, message shapes."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
PROTOCOL_HEADER = "SiteLedger-Protocol"
PREFIX = "/v1"
MAX_BODY = 8 * 1024 * 1024  # bytes of one request body, after gunzip
MAX_BATCH = 2000  # changes in one push
MAX_PAGE = 5000  # changes in one pull page
MAX_PHOTO = 64 * 1024 * 1024  # bytes of one photo file
PHOTO_CHUNK = (
    4 * 1024 * 1024
)  # one request for most photos; resumable within it (tus, routes/photos)
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def is_sha256(name: str) -> bool:
    return bool(SHA256_RE.match(name))


class Change(BaseModel):
    """One change as forms.changes makes it; unknown keys are refused, not dropped."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=64)
    entity: str = Field(min_length=1, max_length=64)
    entity_id: str = Field(min_length=1, max_length=64)
    op: str = Field(pattern="^(set|append)$")
    fields: dict[str, Any]
    hlc: str = Field(pattern=r"^\d{15}-\d{5}-[0-9A-Za-z]{1,64}$")
    author_id: str | None = Field(default=None, max_length=64)
    device: str | None = Field(default=None, max_length=64)


class PushRequest(BaseModel):
    changes: list[Change] = Field(max_length=MAX_BATCH)
    # The pushing workspace's own device id: an office workspace's changes made elsewhere
    # (carried in by bundle) are relayed with their author; everything else gets the token's.
    origin_device: str | None = Field(default=None, max_length=64)


class PushResult(BaseModel):
    id: str
    status: str  # stored | duplicate
    author_id: str | None


class PushResponse(BaseModel):
    results: list[PushResult]


class RefusedChange(BaseModel):
    id: str
    status: int
    reason: str


class RefusedResponse(BaseModel):
    """The whole batch was refused because of these changes; nothing of it was written."""

    refused: list[RefusedChange]


class PullResponse(BaseModel):
    changes: list[dict[str, Any]]
    cursor: int
    more: bool


class EnrollRequest(BaseModel):
    code: str = Field(min_length=1, max_length=64)
    device_name: str = Field(default="", max_length=200)
    # The device's Ed25519 public key (hex) for signing bundles, and its workspace's own id
    # (the "device" of the changes it makes); both attested by the server in the answer.
    public_key: str | None = Field(default=None, pattern="^[0-9a-f]{64}$")
    workspace_device: str | None = Field(default=None, pattern="^[0-9A-Za-z]{1,64}$")


class EnrollResponse(BaseModel):
    token: str
    device_id: str
    user_id: str
    user_name: str
    role: str
    district: str | None
    server_id: str
    server_key: str  # the server's Ed25519 public key (hex): it attests devices' keys
    attestation: dict[str, str] | None = None
    attestation_signature: str | None = None


class KeyRequest(BaseModel):
    public_key: str = Field(pattern="^[0-9a-f]{64}$")
    workspace_device: str = Field(pattern="^[0-9A-Za-z]{1,64}$")


class Attestation(BaseModel):
    attestation: dict[str, str]
    attestation_signature: str


class Devices(BaseModel):
    """What every enrolled device needs to trust bundles: the server and its revocations."""

    server_id: str
    server_key: str
    revoked: list[str]


class Me(BaseModel):
    user_id: str
    user_name: str
    role: str
    district: str | None
    device_id: str


class Info(BaseModel):
    service: str
    protocol: int
