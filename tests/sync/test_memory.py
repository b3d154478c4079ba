"""The C library's switch for keeping freed memory (glibc), seen through mallinfo2."""

from __future__ import annotations

import ctypes
import sys

import pytest

from sync import memory


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _mapped_bytes() -> int:
    mallinfo2 = ctypes.CDLL(None).mallinfo2
    mallinfo2.restype = _Mallinfo2
    return mallinfo2().hblkhd


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_photo_sized_blocks_come_from_the_heap_once_asked():
    assert memory.keep_freed_memory() is True
    assert memory.keep_freed_memory() is True  # once per process; asking again is harmless
    before = _mapped_bytes()
    block = bytearray(4 * 1024 * 1024)  # a photo request's worth: over glibc's 128 KiB default
    assert _mapped_bytes() == before, "a 4 MiB block was still given its own mapping"
    del block


def test_a_sync_client_leaves_the_desktop_process_allocator_alone(tmp_path):
    """Only the server process tunes its allocator (sync.server.serve): constructing a sync
    client in the desktop process changes nothing process-wide."""
    import subprocess

    code = f"""
from forms.workspace import Workspace
from sync import laptop_state, memory
from sync.client import Client
ws = Workspace.open({str(tmp_path / "ws")!r})
laptop_state.put(ws, server_url="http://127.0.0.1:9", token="t")
Client(ws).close()
raise SystemExit(memory.keep_freed_memory.cache_info().currsize)
"""
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
