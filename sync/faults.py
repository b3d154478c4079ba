"""Named fault points: the server kills itself at a step boundary, for fault tests only.

Active only when the environment variable SITELEDGER_FAULT is set, which only the tests and
the fault campaign (benchmarks/fault_campaign.py) do. Its value is a comma-separated list of
`name` (die the first time the step is reached) or `name:N` (the N-th time). Dying is SIGKILL:
nothing is flushed, no handler runs, as when the power goes.

Points: after_last_byte, after_rename, before_photo_commit, after_photo_commit (a photo
upload); before_push_commit, after_push_commit (a push of changes).
"""

from __future__ import annotations

import os
import signal
import threading

ENV = "SITELEDGER_FAULT"
POINTS = (
    "after_last_byte",
    "after_rename",
    "before_photo_commit",
    "after_photo_commit",
    "before_push_commit",
    "after_push_commit",
)


def _parse(spec: str | None) -> dict[str, int]:
    armed: dict[str, int] = {}
    for item in (spec or "").split(","):
        name, _, nth = item.strip().partition(":")
        if name:
            if name not in POINTS:
                raise ValueError(f"{ENV}: unknown fault point {name!r} (known: {POINTS})")
            armed[name] = int(nth or 1)
    return armed


_armed = _parse(os.environ.get(ENV))
_seen: dict[str, int] = {}
_lock = threading.Lock()


def point(name: str) -> None:
    """Reached the step `name`: die here if the environment asked for it."""
    if not _armed:
        return
    with _lock:
        _seen[name] = _seen.get(name, 0) + 1
        if _armed.get(name) == _seen[name]:
            os.kill(os.getpid(), signal.SIGKILL)
