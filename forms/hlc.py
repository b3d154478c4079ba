"""Hybrid logical clock (Kulkarni et al.): orders events across devices whose clocks are off.

A stamp is a string that sorts in causal order: 15 digits of milliseconds, 5 of counter, then the
device id, e.g. ``001732370000000-00000-3f2a``. A device that receives a stamp from the future
moves its clock past it, so its next local events still sort after what it has seen.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from .errors import UserError

# What the stamp format can represent: 15 digits of milliseconds (past the year 30000) and 5 of
# counter. A stamp outside it would no longer sort as text, so none is ever made or accepted.
MAX_MILLIS = 10**15 - 1
MAX_COUNTER = 10**5 - 1
DEVICE = r"[0-9A-Za-z]{1,64}"
_STAMP = re.compile(rf"(\d{{15}})-(\d{{5}})-({DEVICE})")
# A received stamp further ahead of this device's wall clock than this is refused: laptops'
# clocks are days off at worst, and one stamp from the far future would drag every later local
# stamp after it (the server refuses much less: DAY ahead of its own clock).
DAY = 24 * 3600 * 1000
RECEIVE_AHEAD = 366 * DAY


class ClockError(UserError, ValueError):
    """A stamp the clock cannot represent or will not move to."""


def wall_millis() -> int:
    return time.time_ns() // 1_000_000


def problem(text: object, *, now: int | None = None, ahead: int | None = None) -> str | None:
    """Why `text` is not an acceptable stamp, or None. With `now` and `ahead` (milliseconds), a
    stamp more than `ahead` past `now` is refused too."""
    if not isinstance(text, str) or not _STAMP.fullmatch(text):
        return "时间戳格式不对"
    millis = int(text[:15])
    if now is not None and ahead is not None and millis > now + ahead:
        hours = ahead / 3_600_000
        return f"时间戳比时钟超前 {hours:g} 小时以上（设备时钟有误？）"
    if millis >= MAX_MILLIS - RECEIVE_AHEAD:
        return "时间戳超出可表示的范围"
    return None


@dataclass(frozen=True, order=True)
class Stamp:
    millis: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.millis:015d}-{self.counter:05d}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        match = _STAMP.fullmatch(text)
        if match is None:
            raise ClockError(f"not a clock stamp: {text[:40]!r}")
        return cls(int(match[1]), int(match[2]), match[3])

    def next(self, millis: int, counter: int) -> Stamp:
        """This device's stamp at (millis, counter), carried into the next millisecond when the
        counter is full; never past what the format represents."""
        if counter > MAX_COUNTER:
            millis, counter = millis + 1, 0
        if millis > MAX_MILLIS:
            raise ClockError(
                "this workspace's clock is past what its stamps can represent (a far-future"
                " stamp moved it there): run `siteledger clock reset`"
            )
        return Stamp(millis, counter, self.device)


class Clock:
    """One device's hybrid logical clock; `last` is persisted by the workspace."""

    def __init__(
        self, device: str, last: str | None = None, wall: Callable[[], int] | None = None
    ) -> None:
        self.device = device
        self.last = _loose(last, device) if last else Stamp(0, 0, device)
        self._wall = wall or wall_millis

    def now(self) -> str:
        wall = self._wall()
        if wall > self.last.millis:
            self.last = Stamp(wall, 0, self.device)
        else:
            self.last = self.last.next(self.last.millis, self.last.counter + 1)
        return str(self.last)

    def observe(self, remote: str) -> None:
        """Move past a stamp received from another device; one too far ahead of this device's
        wall clock (or beyond the format) is refused and the clock stays where it was."""
        wall = self._wall()
        reason = problem(remote, now=wall, ahead=RECEIVE_AHEAD)
        if reason:
            raise ClockError(reason)
        other = Stamp.parse(remote)
        millis = max(wall, self.last.millis, other.millis)
        if millis == self.last.millis == other.millis:
            counter = max(self.last.counter, other.counter) + 1
        elif millis == self.last.millis:
            counter = self.last.counter + 1
        elif millis == other.millis:
            counter = other.counter + 1
        else:
            counter = 0
        self.last = self.last.next(millis, counter)

    def reset(self) -> str:
        """Back to this device's wall clock (recovering a clock a bad stamp pushed ahead)."""
        self.last = Stamp(self._wall(), 0, self.device)
        return str(self.last)


def _loose(text: str, device: str) -> Stamp:
    """The persisted clock as it is, even past the format (so the workspace still opens and
    `siteledger clock reset` can recover it; making a stamp from it then refuses)."""
    try:
        millis, counter, _device = text.split("-", 2)
        return Stamp(int(millis), int(counter), device)
    except ValueError:
        return Stamp(MAX_MILLIS + 1, 0, device)
