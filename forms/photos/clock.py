"""Can this laptop's clock be trusted right now?

A laptop clock can be wrong, or set back on purpose to make a late visit look on time. When the
clock is confirmed against a server (at each sync: `confirm_clock`), we remember the server's
time and a monotonic reading that counts suspended time too (it cannot be set by the user).
Later, the server time plus the monotonic seconds since is what the time should be; a wall
clock that differs by more than the tolerance, a restart since the confirmation (the monotonic
reading starts again), or no confirmation at all makes the time 时间待核验 (to be verified).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path

LOCAL_KEY = "clock_confirmation"
DEFAULT_TOLERANCE_S = 300.0
UNTRUSTED_ZH = "时间待核验"


@dataclass(frozen=True)
class Reading:
    """The device clock now, and whether it is confirmed."""

    wall: dt.datetime  # this device's clock (UTC)
    confirmed_at: dt.datetime | None  # server time at the last confirmation (UTC)
    offset_s: float | None  # monotonic seconds since then (None after a restart)
    drift_s: float | None  # wall clock minus where it should be
    trusted: bool
    note: str  # why not trusted, in Chinese for the UI; "" when trusted

    @property
    def expected(self) -> dt.datetime | None:
        if self.confirmed_at is None or self.offset_s is None:
            return None
        return self.confirmed_at + dt.timedelta(seconds=self.offset_s)


def monotonic() -> float:
    """Seconds since boot, counting suspend (CLOCK_BOOTTIME on Linux)."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    return time.clock_gettime(boottime) if boottime is not None else time.monotonic()


def boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip() or None
    except OSError:
        return None


def confirm_clock(ws, server_time: dt.datetime) -> None:
    """Remember that the server said it was `server_time` (timezone-aware) just now."""
    if server_time.tzinfo is None:
        raise ValueError("server_time must carry its timezone")
    ws.local_set(
        LOCAL_KEY,
        json.dumps(
            {
                "server": server_time.astimezone(dt.UTC).isoformat(),
                "monotonic": monotonic(),
                "boot": boot_id(),
            }
        ),
    )


def reading(
    ws,
    *,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
    wall: dt.datetime | None = None,
    mono: float | None = None,
    boot: str | None = None,
) -> Reading:
    """How far the device clock can be trusted now (arguments other than ws are for tests)."""
    wall = wall or dt.datetime.now(dt.UTC)
    mono = monotonic() if mono is None else mono
    boot = boot_id() if boot is None else boot
    raw = ws.local_get(LOCAL_KEY)
    seen_ms = ws.clock.last.millis  # the latest stamp this workspace has made or received
    if wall.timestamp() * 1000 + tolerance_s * 1000 < seen_ms:
        return Reading(wall, None, None, None, False, "设备时钟早于已记录的时间，可能被调回")
    if not raw:
        return Reading(wall, None, None, None, False, "设备时钟从未与服务器核对")
    saved = json.loads(raw)
    confirmed = dt.datetime.fromisoformat(saved["server"])
    restarted = (saved.get("boot") and boot and saved["boot"] != boot) or mono < saved["monotonic"]
    if restarted:
        return Reading(wall, confirmed, None, None, False, "上次核对时钟后设备已重启")
    offset = mono - saved["monotonic"]
    drift = (wall - (confirmed + dt.timedelta(seconds=offset))).total_seconds()
    if abs(drift) > tolerance_s:
        return Reading(
            wall, confirmed, offset, drift, False, f"设备时钟与核对时间相差 {_human(drift)}"
        )
    return Reading(wall, confirmed, offset, drift, True, "")


def _human(seconds: float) -> str:
    s = abs(seconds)
    sign = "快" if seconds > 0 else "慢"
    if s >= 86400:
        return f"{s / 86400:.1f} 天（{sign}）"
    if s >= 3600:
        return f"{s / 3600:.1f} 小时（{sign}）"
    return f"{s / 60:.0f} 分钟（{sign}）"
