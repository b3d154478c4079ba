"""Rows from many threads committed together: one transaction for all that wait."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


class GroupCommit:
    """Rows from many threads written by one at a time, as many per transaction as are waiting.

    `submit` returns only after a transaction holding its row committed (or raises what that
    transaction raised): the first caller writes, callers arriving meanwhile queue; the writer
    then takes everything queued in one more transaction, until nothing waits."""

    def __init__(self, write) -> None:
        self._write = write
        self._cond = threading.Condition()
        self._queued: _Group | None = None
        self._writing = False

    def submit(self, row: tuple) -> None:
        with self._cond:
            if self._queued is None:
                self._queued = _Group()
            group = self._queued
            group.rows.append(row)
            if self._writing:
                while not group.done:
                    self._cond.wait()
                if group.error is not None:
                    raise group.error
                return
            self._writing = True
        mine_failed: BaseException | None = None
        while True:
            with self._cond:
                batch, self._queued = self._queued, None
                if batch is None:
                    self._writing = False
                    break
            try:
                self._write(batch.rows)
            except BaseException as e:  # handed to every caller whose row it held
                batch.error = e
            with self._cond:
                batch.done = True
                self._cond.notify_all()
            if batch is group:
                mine_failed = batch.error
        if mine_failed is not None:
            raise mine_failed


@dataclass
class _Group:
    rows: list[tuple] = field(default_factory=list)
    done: bool = False
    error: BaseException | None = None
