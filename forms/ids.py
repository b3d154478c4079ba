"""Record ids: time-ordered UUIDv7 (RFC 9562), made on the device, never renumbered.

Made here rather than by a library: the `uuid6` package reads its own metadata when imported,
which cost the desktop about 15 ms of its start-up, for twenty lines of bit layout.
"""

from __future__ import annotations

import os
import random
import threading
import time

_TAIL_BITS = 74  # rand_a (12) and rand_b (62) together
_lock = threading.Lock()
# Our own generator, seeded from system entropy (and again in a forked child), so nobody's
# random.seed() makes ids repeat. Ids need uniqueness, not secrecy: a system call per id
# (os.urandom, secrets) cost more than all the rest of making one during a ledger import.
_rng = random.Random()
os.register_at_fork(after_in_child=_rng.seed)
_last_ms = 0
_last_tail = 0


def new_id() -> str:
    """A UUIDv7 from the clock and a generator seeded from the OS's random source.

    Ids made in this process are strictly increasing (RFC 9562 §6.2, method 2): within one
    millisecond, or if the clock steps back, the 74 random bits are a counter incremented from
    the last id, and the millisecond advances when that counter would overflow.
    """
    global _last_ms, _last_tail
    ms = time.time_ns() // 1_000_000
    tail = _rng.getrandbits(_TAIL_BITS)
    with _lock:
        if ms <= _last_ms:
            ms, tail = _last_ms, _last_tail + 1
            if tail >> _TAIL_BITS:
                ms, tail = ms + 1, tail & ((1 << (_TAIL_BITS - 1)) - 1)
        _last_ms, _last_tail = ms, tail
    # What _uuid7 makes, in one expression: rand_a (12 bits) and rand_b (62) are the tail's.
    value = (ms & _MS_MASK) << 80 | _VERSION | (tail >> 62) << 64 | _VARIANT | tail & _B_MASK
    h = value.to_bytes(16, "big").hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_MS_MASK = (1 << 48) - 1
_B_MASK = (1 << 62) - 1
_VERSION = 0x7 << 76
_VARIANT = 0b10 << 62


def id_at(unix_ms: int, rng: random.Random) -> str:
    """A UUIDv7 for a given time from a seeded generator (demo data, tests): deterministic."""
    rand_a = rng.getrandbits(12)
    return _uuid7(unix_ms, rand_a, rng.getrandbits(62))


def _uuid7(unix_ms: int, rand_a: int, rand_b: int) -> str:
    """The text form of a UUIDv7: 48-bit ms timestamp, version 7, 12 bits, variant 10, 62 bits."""
    value = (unix_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= rand_a << 64
    value |= 0b10 << 62
    value |= rand_b
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
