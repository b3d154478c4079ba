"""Hybrid logical clock (Kulkarni et al.): orders events across devices whose clocks are off.

A stamp is a string that sorts in causal order: 15 digits of milliseconds, 5 of counter, then the
device id, e.g. ``001732370000000-00000-3f2a``. A device that receives a stamp from the future
moves its clock past it, so its next local events still sort after what it has seen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Stamp:
    millis: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.millis:015d}-{self.counter:05d}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        millis, counter, device = text.split("-", 2)
        return cls(int(millis), int(counter), device)


class Clock:
    """One device's hybrid logical clock; `last` is persisted by the workspace."""

    def __init__(
        self, device: str, last: str | None = None, wall: Callable[[], int] | None = None
    ) -> None:
        self.device = device
        self.last = Stamp.parse(last) if last else Stamp(0, 0, device)
        self._wall = wall or (lambda: time.time_ns() // 1_000_000)

    def now(self) -> str:
        wall = self._wall()
        if wall > self.last.millis:
            self.last = Stamp(wall, 0, self.device)
        else:
            self.last = Stamp(self.last.millis, self.last.counter + 1, self.device)
        return str(self.last)

    def observe(self, remote: str) -> None:
        """Move past a stamp received from another device."""
        other = Stamp.parse(remote)
        wall = self._wall()
        millis = max(wall, self.last.millis, other.millis)
        if millis == self.last.millis == other.millis:
            counter = max(self.last.counter, other.counter) + 1
        elif millis == self.last.millis:
            counter = self.last.counter + 1
        elif millis == other.millis:
            counter = other.counter + 1
        else:
            counter = 0
        self.last = Stamp(millis, counter, self.device)
