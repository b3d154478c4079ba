"""`synced` means nothing waits: the command line and the desktop indicator say `synced` /
已同步 only when the outbox is empty and every photo owed is confirmed on the server; otherwise
they name what waits and why (exit 3), and a photo that made no progress twice says so."""

from __future__ import annotations

import threading

import pytest

from sync import laptop_state
from sync.client import Client, SyncError

from .helpers import add_photo, cli, demo_queued


@pytest.fixture
def operations(qapp):
    from desktop.worker import Operations

    return Operations(synchronous=True)


def spoil(path) -> bytes:
    """The laptop's working copy no longer matches its hash (a disk error): the server refuses
    it every time, and the photo can never be confirmed."""
    good = path.read_bytes()
    path.write_bytes(bytes(len(good)))
    return good


def test_sync_says_synced_only_when_nothing_waits(server, tmp_path):
    home = tmp_path / "a"
    ws = server.enrolled(home, "办公室甲")
    demo_queued(ws)
    photo = add_photo(ws, size=300_000)
    good = spoil(photo.path)
    ws.close()
    first = cli("sync", home=home, check=False)
    assert first.returncode == 3, first.stdout + first.stderr
    assert not [line for line in first.stdout.splitlines() if line.startswith("synced")]
    assert "not synced" in first.stdout
    assert f"照片 {photo.working[:12]}" in first.stdout and "SHA-256" in first.stdout
    second = cli("sync", home=home, check=False)
    assert second.returncode == 3
    assert f"照片 {photo.working[:12]} 多次上传未完成" in second.stdout
    photo.path.write_bytes(good)
    last = cli("sync", home=home, check=False)
    assert last.returncode == 0 and last.stdout.splitlines()[-1].startswith("synced:"), last.stdout


def test_a_photo_whose_record_was_set_aside_waits_and_is_named(server, tmp_path):
    """The server takes a photo's bytes only once it holds the record naming them: with the
    record set aside (refused, as issue 10 found for field photos) the photo waits, named."""
    ws = server.enrolled(tmp_path / "a", "办公室甲")
    demo_queued(ws)
    photo = add_photo(ws, size=100_000)
    [row] = ws.db.execute(
        "SELECT id FROM changes WHERE entity = 'photo' AND entity_id = ?", [photo.original]
    ).fetchall()
    laptop_state.set_aside(ws, [{"id": row[0], "status": 403, "reason": "不在范围内"}])
    with Client(ws) as client:
        report = client.sync()
    assert report.photos_sent == 0 and photo.working in report.photos_waiting
    status = laptop_state.status(ws)
    assert not status.synced and status.photos_waiting == 1
    assert any(photo.working[:12] in line and "403" in line for line in status.waits)
    assert not photo.on_server(server.data).exists()
    assert not (server.data / "partial" / photo.working).exists()


def test_indicator_says_what_waits_and_the_photo_lane_never_touches_the_database(
    qtbot, operations, server, tmp_path
):
    from desktop import i18n
    from desktop.sync_status import SyncStatus

    ws = server.enrolled(tmp_path / "a", "办公室")
    demo_queued(ws)
    photo = add_photo(ws, size=300_000)
    good = spoil(photo.path)
    threads: set[str] = set()
    ws.db.conn.set_trace_callback(lambda _sql: threads.add(threading.current_thread().name))
    widget = SyncStatus(ws, operations)
    qtbot.addWidget(widget)
    for _ in range(2):
        with qtbot.waitSignal(widget.synced, timeout=20000):
            widget.action.trigger()
    assert "未同步完" in widget.summary.text() and "已同步" not in widget.summary.text()
    assert widget.waiting.isVisible() or not widget.isVisible()
    assert f"照片 {photo.working[:12]} 多次上传未完成" in widget.waiting.text()
    i18n.set_language("en")  # the same line in English, the stalled one still first
    try:
        widget.show_status(laptop_state.status(ws))
        assert widget.waiting.text().startswith(f"photo {photo.working[:12]} failed to upload")
    finally:
        i18n.set_language("zh")
    widget.resize(1366, 40)
    widget.grab().save(str(tmp_path / "sync_waiting.png"))
    photo.path.write_bytes(good)
    with qtbot.waitSignal(widget.synced, timeout=20000):
        widget.action.trigger()
    assert widget.summary.text().startswith("已同步") and widget.waiting.text() == ""
    assert photo.on_server(server.data).read_bytes() == good
    assert "siteledger-photos" not in threads, "the photo lane used the workspace's connection"


def test_changes_that_make_no_progress_twice_say_so(server, tmp_path):
    ws = server.enrolled(tmp_path / "a", "办公室甲")
    demo_queued(ws)
    server.stop()
    for _ in range(2):
        with pytest.raises(SyncError):
            with Client(ws) as client:
                client.sync()
    [line] = [w for w in laptop_state.status(ws).waits if "变更" in w]
    assert "多次推送未完成" in line and "同步中断" in line
    server.start()
    with Client(ws) as client:
        client.sync()
    assert laptop_state.status(ws).synced and not laptop_state.status(ws).waits
