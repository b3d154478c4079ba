"""The one worker: results reach the UI thread in order; a closed view is not called back."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QLabel

from desktop.worker import Operations


def test_threaded_results_arrive_on_the_ui_thread_in_order(qtbot):
    ops = Operations()
    seen: list[tuple[int, bool]] = []
    ui = threading.get_ident()
    worker_threads: set[int] = set()

    def job(n: int):
        def run() -> int:
            worker_threads.add(threading.get_ident())
            return n

        return run

    for n in range(5):
        ops.run(job(n), lambda result: seen.append((result, threading.get_ident() == ui)))
    qtbot.waitUntil(lambda: len(seen) == 5, timeout=5000)
    assert seen == [(n, True) for n in range(5)]
    assert worker_threads and ui not in worker_threads
    ops.shutdown()


def test_errors_go_to_on_error(qtbot):
    ops = Operations(synchronous=True)
    errors: list[BaseException] = []
    ops.run(lambda: 1 / 0, lambda _r: None, errors.append)
    assert isinstance(errors[0], ZeroDivisionError) and not ops.busy


def test_a_deleted_widget_is_not_called_back(qtbot):
    ops = Operations()
    label = QLabel()
    gate = threading.Event()
    ops.run(lambda: gate.wait(5) and "late", label.setText)
    label.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(label), timeout=2000)
    gate.set()
    qtbot.waitUntil(lambda: not ops.busy, timeout=5000)  # delivered without a RuntimeError
    ops.shutdown()
