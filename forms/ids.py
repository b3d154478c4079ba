"""Record ids: time-ordered UUIDv7, made on the device, never renumbered."""

import random
import uuid

import uuid6


def new_id() -> str:
    return str(uuid6.uuid7())


def id_at(unix_ms: int, rng: random.Random) -> str:
    """A UUIDv7 for a given time from a seeded generator (demo data, tests): deterministic."""
    value = (unix_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= rng.getrandbits(12) << 64
    value |= 0b10 << 62
    value |= rng.getrandbits(62)
    return str(uuid.UUID(int=value))
