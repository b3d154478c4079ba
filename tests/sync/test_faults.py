"""Faults against a real server process: kills, cut connections, a killed client.

After each: the server holds every change exactly once, photos are byte-identical by hash, and
two workspaces dump the same.
"""

from __future__ import annotations

import hashlib
import random
import signal
import subprocess
import sys
import threading
import time

import pytest

from forms import projects
from forms.workspace import Workspace
from sync import laptop_state
from sync.client import Client, SyncError

from .helpers import add_photo, assert_same, cli, demo_queued
from .proxy import CuttingProxy


def sync(ws, **kw):
    with Client(ws, **kw) as client:
        return client.sync()


def server_holds_exactly(server, *workspaces) -> None:
    store = server.store()
    try:
        ids = store.change_ids()
    finally:
        store.close()
    assert len(ids) == len(set(ids))
    journal = set()
    for ws in workspaces:
        journal |= {r[0] for r in ws.db.execute("SELECT id FROM changes")}
    assert set(ids) == journal


def more_edits(ws, count: int, rng: random.Random) -> None:
    ids = [r[0] for r in ws.db.execute("SELECT id FROM projects")]
    for n in range(count):
        projects.update(ws, rng.choice(ids), {"progress_note": f"进度 {rng.random():.6f} {n}"})


def test_server_killed_mid_push_ten_times(server, tmp_path):
    a = server.enrolled(tmp_path / "a", "办公室甲")
    b = server.enrolled(tmp_path / "b", "办公室乙")
    demo_queued(a, projects=20)
    rng = random.Random(5)
    interrupted = 0
    for delay_ms in (5, 15, 30, 45, 60, 80, 100, 130, 170, 220):
        more_edits(a, 150, rng)
        errors: list[SyncError] = []

        def run(errors=errors):
            try:
                sync(a, batch=10)
            except SyncError as e:
                errors.append(e)

        worker = threading.Thread(target=run)
        worker.start()
        time.sleep(delay_ms / 1000)
        server.kill()
        worker.join()
        interrupted += bool(errors)
        server.start()
    assert interrupted >= 5, "the kills should mostly land in the middle of a push"
    sync(a)
    sync(b)
    assert laptop_state.status(a).changes_waiting == 0
    server_holds_exactly(server, a, b)
    assert_same(a, b)


def test_photo_upload_cut_after_k_bytes_then_resumed(server, tmp_path):
    proxy = CuttingProxy(server.port)
    # enrol through the proxy: the workspace's server is the proxy's address
    from sync.client import enroll

    from .helpers import install_definitions

    server.add_user("办公室甲", "office")
    a = Workspace.open(tmp_path / "a")
    install_definitions(a)
    enroll(a, proxy.url, server.code("办公室甲"))
    b = server.enrolled(tmp_path / "b", "办公室乙")
    demo_queued(a)
    photo = add_photo(a, size=2_500_000)
    sha, data = photo.working, photo.path.read_bytes()
    sync(a)  # the changes, and the photo in full? no: cut the photo this time
    a.db.execute("DELETE FROM sync_photos_sent")
    photo.on_server(server.data).unlink()
    store = server.store()
    with store.connection() as conn, conn.write():
        conn.execute("DELETE FROM photos")
    store.close()
    proxy.forwarded, proxy.cut_after = 0, 1_300_000
    with pytest.raises(SyncError):
        sync(a)
    partial = server.data / "partial" / sha
    time.sleep(0.2)
    assert 0 < partial.stat().st_size < len(data)
    assert not photo.on_server(server.data).exists()
    kept = partial.stat().st_size
    proxy.cut_after, proxy.forwarded = None, 0
    assert sync(a).photos_sent == 1
    assert proxy.forwarded < len(data) - kept + 200_000  # only the rest was sent again
    assert hashlib.sha256(photo.on_server(server.data).read_bytes()).hexdigest() == sha
    sync(b)
    assert photo.at(b).read_bytes() == data
    proxy.close()


def test_client_process_killed_mid_sync_then_restarted(server, tmp_path):
    a = server.enrolled(tmp_path / "a", "办公室甲")
    demo_queued(a, projects=60)
    more_edits(a, 1500, random.Random(1))
    waiting = laptop_state.status(a).changes_waiting
    a.close()
    home = tmp_path / "a"
    killed = 0
    store = server.store()
    for _attempt in range(2):
        before = store.count_changes()
        proc = subprocess.Popen(
            [sys.executable, "-m", "desktop.cli", "--home", str(home), "sync"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        # kill it as soon as the server has stored part of what it pushes: mid-sync
        while proc.poll() is None and store.count_changes() == before:
            time.sleep(0.005)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
    store.close()
    finished = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--home", str(home), "sync"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    a = Workspace.open(home)
    assert killed >= 1
    assert laptop_state.status(a).changes_waiting == 0 and waiting > 0
    b = server.enrolled(tmp_path / "b", "办公室乙")
    sync(b)
    server_holds_exactly(server, a, b)
    assert_same(a, b)
    # and as an operator would check it: `siteledger dump` of both homes
    assert cli("dump", home=home).stdout == cli("dump", home=tmp_path / "b").stdout


def test_photo_sent_without_asking_first_meets_a_partial_or_whole_copy(server, tmp_path):
    """A photo this laptop never started goes in one PATCH from 0; if the server already holds
    part of it (another upload cut off) it answers 409 with its offset and only the rest is
    sent; if it holds all of it, the answer is that it is complete."""
    a = server.enrolled(tmp_path / "a", "办公室甲")
    demo_queued(a)
    cut, whole = add_photo(a, size=600_000, seed=1), add_photo(a, size=300_000, seed=2)
    data = cut.path.read_bytes()
    partial = server.data / "partial" / cut.working
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(data[:250_000])  # what a cut-off upload from elsewhere left
    whole_bytes = whole.path.read_bytes()
    with Client(a) as client:
        client._upload(whole.working, whole.path)  # the server has this one complete already
        assert client.sync().photos_sent == 2
    assert hashlib.sha256(cut.on_server(server.data).read_bytes()).hexdigest() == cut.working
    assert whole.on_server(server.data).read_bytes() == whole_bytes
    assert not partial.exists()
    assert laptop_state.status(a).photos_waiting == 0
