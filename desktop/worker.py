"""The one way to do work off the UI thread.

`Operations.run(fn, on_done, on_error)` runs `fn()` on a single worker thread — the workspace's
one writer — and delivers its result or exception on the UI thread. Operations run in the order
they were asked for. Never touch a widget inside `fn`: Qt may crash.

Tests construct `Operations(synchronous=True)`, which runs `fn` at once on the calling thread and
delivers in the same way, so GUI tests need no waiting.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class _Bridge(QObject):
    finished = Signal(object, object, object)  # callback, result, error


class Operations:
    def __init__(self, *, synchronous: bool = False) -> None:
        self.synchronous = synchronous
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._deliver)
        self._queue: queue.Queue[tuple[Callable, Callable, Callable] | None] = queue.Queue()
        self._busy = 0
        self._thread: threading.Thread | None = None

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run `fn` on the worker; `on_done(result)` or `on_error(exc)` on the UI thread."""
        on_done = on_done or (lambda _result: None)
        on_error = on_error or _log_error
        self._busy += 1
        if self.synchronous:
            try:
                result = fn()
            except Exception as e:  # delivered, like the threaded path
                self._deliver((on_done, on_error), None, e)
            else:
                self._deliver((on_done, on_error), result, None)
            return
        if self._thread is None:  # started with the first job: start-up does not wait for it
            self._thread = threading.Thread(
                target=self._loop, name="siteledger-worker", daemon=True
            )
            self._thread.start()
        self._queue.put((fn, on_done, on_error))

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def _loop(self) -> None:
        while (job := self._queue.get()) is not None:
            fn, on_done, on_error = job
            try:
                result = fn()
            except Exception as e:
                self._bridge.finished.emit((on_done, on_error), None, e)
            else:
                self._bridge.finished.emit((on_done, on_error), result, None)

    @Slot(object, object, object)
    def _deliver(self, callbacks: Any, result: Any, error: Any) -> None:
        self._busy -= 1
        on_done, on_error = callbacks
        callback = on_error if error is not None else on_done
        if _receiver_gone(callback):
            return  # the view that asked was closed meanwhile: nobody to tell
        callback(error if error is not None else result)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Finish queued work (a save in flight must land) and stop the thread."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None


def _receiver_gone(callback: Callable[..., Any]) -> bool:
    """True for a bound method of a Qt object whose C++ side has been deleted."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)


def _log_error(error: BaseException) -> None:
    log.error("background operation failed: %s", error, exc_info=error)
