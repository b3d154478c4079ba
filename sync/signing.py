"""Ed25519 keys, signatures and the server's device attestations (DESIGN.md §4: bundles are
signed by the device that made them, with a key registered at enrolment).

Trust flows from enrolment. At enrolment a device sends its public key and receives, with its
token, the server's public key and an *attestation*: the server's signature over who the device
is (server id, device id, the workspace's own device id, user id, role, public key). A bundle
carries its maker's attestation and is signed with the maker's key, so any workspace enrolled
on the same server verifies it offline: the attestation against the server key it learned at
its own enrolment, the bundle against the attested key. Revocations are learned at each online
sync (`GET /v1/devices`) and refuse a revoked signer's bundles from then on.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ATTESTATION_FIELDS = ("server_id", "device_id", "workspace_device", "user_id", "role", "public_key")


def new_key() -> tuple[str, str]:
    """A new key pair as hex: (private, public)."""
    key = Ed25519PrivateKey.generate()
    return key.private_bytes_raw().hex(), key.public_key().public_bytes_raw().hex()


def public_of(private_hex: str) -> str:
    return (
        Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex))
        .public_key()
        .public_bytes_raw()
        .hex()
    )


def sign(private_hex: str, data: bytes) -> str:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex)).sign(data).hex()


def verify(public_hex: str, data: bytes, signature_hex: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        key.verify(bytes.fromhex(signature_hex), data)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def attestation_bytes(attestation: dict[str, Any]) -> bytes:
    """The canonical bytes the server signs: exactly the attestation's fields, sorted."""
    return json.dumps(
        {k: attestation.get(k) for k in ATTESTATION_FIELDS},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def attest(server_private_hex: str, attestation: dict[str, Any]) -> str:
    return sign(server_private_hex, attestation_bytes(attestation))


def attested(server_public_hex: str, attestation: object, signature: object) -> dict | None:
    """The attestation if the server's signature over it verifies, else None."""
    if not isinstance(attestation, dict) or not isinstance(signature, str):
        return None
    if not all(isinstance(attestation.get(k), str) for k in ATTESTATION_FIELDS):
        return None
    if not verify(server_public_hex, attestation_bytes(attestation), signature):
        return None
    return {k: attestation[k] for k in ATTESTATION_FIELDS}
