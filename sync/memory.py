"""How the process's C library keeps freed memory, tuned for moving photos (glibc only)."""

from __future__ import annotations

import ctypes
import functools
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


@functools.cache
def keep_freed_memory(trim: int = 64 << 20, mmap: int = 16 << 20) -> bool:
    """Moving a photo allocates and frees megabytes per request. glibc gives blocks over
    128 KiB straight back to the kernel and faults fresh pages in for the next request: about
    a tenth of an upload's CPU, on the server and on the laptop alike. Keep up to `trim` bytes of
    freed memory and serve blocks under `mmap` bytes from the heap. Once per process (it is
    process-wide); False where the C library has no such switch (not glibc)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter already uses
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return mallopt(_M_MMAP_THRESHOLD, mmap) == 1 and mallopt(_M_TRIM_THRESHOLD, trim) == 1
