"""Imported first by photo worker processes: it lowers their scheduling priority.

Decoding is background work; the scheduler should prefer the desktop's UI thread to it. With
the fork server this runs once in the server, and every worker forked from it inherits it.
"""

import os

WORKER_NICENESS = 10


def lower_priority() -> None:
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):
        pass  # Windows has no nice(); workers then run at normal priority


if __name__ != "__main__":
    lower_priority()
