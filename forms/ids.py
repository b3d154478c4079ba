"""Record ids: time-ordered UUIDv7, made on the device, never renumbered."""

import os
import random
import time
import uuid

_last_ms = 0
# Our own generator, seeded from system entropy (and again in a forked child), so nobody's
# random.seed() makes ids repeat. Ids need uniqueness, not secrecy: a system call per id
# (secrets) cost more than all the rest of making one.
_rng = random.Random()
os.register_at_fork(after_in_child=_rng.seed)


def new_id() -> str:
    """A UUIDv7 as uuid6.uuid7() makes it (a later id never sorts first: the millisecond is
    bumped when ids come faster), formatted directly: an import makes tens of thousands."""
    global _last_ms
    ms = time.time_ns() // 1_000_000
    if ms <= _last_ms:
        ms = _last_ms + 1
    _last_ms = ms
    rand = _rng.getrandbits(74)
    value = (ms & _MS_MASK) << 80 | 0x7 << 76 | (rand >> 62) << 64 | 0b10 << 62 | rand & _B_MASK
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_MS_MASK = (1 << 48) - 1
_B_MASK = (1 << 62) - 1


def id_at(unix_ms: int, rng: random.Random) -> str:
    """A UUIDv7 for a given time from a seeded generator (demo data, tests): deterministic."""
    value = (unix_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= rng.getrandbits(12) << 64
    value |= 0b10 << 62
    value |= rng.getrandbits(62)
    return str(uuid.UUID(int=value))
