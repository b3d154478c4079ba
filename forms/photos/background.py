"""What runs inside the photo worker processes besides the decoding itself.

Decoding is background work: the scheduler should prefer the desktop's UI thread to it, so the
workers lower their priority. Never call `lower_priority` in the application's own process.
"""

import contextlib
import os
import signal
import threading
import time

WORKER_NICENESS = 10


def lower_priority() -> None:
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):
        pass  # Windows has no nice(); workers then run at normal priority


def worker_started(app_pid: int, lower: bool) -> None:
    """Pool initializer: when the application that uses this worker is gone, stop too.

    A worker blocked on its task queue would otherwise outlive a crashed application (the
    queue's other end is held open by its sibling workers), and so would the fork server.
    `lower` makes it a low-priority worker (for the desktop).
    """
    if lower:
        lower_priority()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if not _alive(app_pid):
                parent = os.getppid()
                if parent not in (app_pid, 1):
                    with contextlib.suppress(OSError):
                        os.kill(parent, signal.SIGTERM)  # the fork server, orphaned too
                os._exit(0)

    threading.Thread(target=watch, name="app-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # Windows: spawned workers are ended with their job object / parent
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
