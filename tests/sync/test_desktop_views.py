"""The desktop's sync indicator and conflicts list, offscreen, with a synchronous worker."""

from __future__ import annotations

import sys
import time

import pytest

from forms import projects
from sync import bundle, laptop_state

from .helpers import add_photo, demo_queued


@pytest.fixture
def operations(qapp):
    from desktop.worker import Operations

    return Operations(synchronous=True)


def test_sync_status_syncs_on_the_worker_and_shows_counts(qtbot, operations, server, tmp_path):
    from desktop.sync_status import SyncStatus

    ws = server.enrolled(tmp_path / "a", "办公室")
    demo_queued(ws)
    photo = add_photo(ws)
    widget = SyncStatus(ws, operations)
    qtbot.addWidget(widget)
    waiting = laptop_state.status(ws).changes_waiting
    # the first reading may come a moment after the widget is made (after the window is up)
    qtbot.waitUntil(lambda: "待上传变更" in widget.summary.text(), timeout=5000)
    assert (
        f"待上传变更 {waiting}" in widget.summary.text()
        and "待上传照片 1" in widget.summary.text()
        and "从未同步" in widget.summary.text()
    )
    with qtbot.waitSignal(widget.synced, timeout=10000):
        widget.action.trigger()
    assert "待上传变更 0" in widget.summary.text() and "从未同步" not in widget.summary.text()
    assert "待上传照片 0" in widget.summary.text()
    assert photo.on_server(server.data).read_bytes() == photo.path.read_bytes()
    assert widget.error.isHidden()
    widget.resize(900, 40)
    widget.grab().save(str(tmp_path / "sync_status.png"))
    server.stop()  # the server goes away: the error is shown, nothing is lost
    projects.update(
        ws, ws.db.execute("SELECT id FROM projects LIMIT 1").fetchone()[0], {"notes": "离线修改"}
    )
    widget.action.trigger()
    assert widget.action.isEnabled() and not widget.running
    assert "待上传变更 1" in widget.summary.text()
    assert not widget.error.isHidden() and "同步中断" in widget.error.text()


def test_conflicts_view_lists_and_chooses_the_other_value(
    qtbot, qtmodeltester, operations, server, tmp_path
):
    from desktop.conflicts_view import ConflictsView

    a, b = server.enrolled(tmp_path / "a", "甲"), server.enrolled(tmp_path / "b", "乙")
    demo_queued(a)
    bundle.export(a, tmp_path / "ab.zip")
    bundle.import_(b, tmp_path / "ab.zip")
    project_id = a.db.execute("SELECT id FROM projects ORDER BY id LIMIT 1").fetchone()[0]
    projects.update(a, project_id, {"total_investment": 88_000_000})
    # b writes later: in the same millisecond the two writes would have no order, and the
    # device ids (random here) would decide, as they must, but the test wants b to win.
    time.sleep(0.005)
    projects.update(b, project_id, {"total_investment": 99_000_000})
    bundle.export(b, tmp_path / "ba.zip")
    bundle.import_(a, tmp_path / "ba.zip")
    view = ConflictsView(a, operations)
    qtbot.addWidget(view)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 1
    row = [view.model.index(0, c).data() for c in range(6)]
    assert row[1] == "总投资" and row[2] == "9,900.00 万元" and row[4] == "8,800.00 万元"
    assert not view.choose_button.isEnabled()
    view.table.selectRow(0)
    view.resize(1000, 300)
    view.grab().save(str(tmp_path / "conflicts.png"))
    with qtbot.waitSignal(view.changed):
        view.choose_button.click()
    assert view.model.rowCount() == 0
    assert (
        a.db.execute("SELECT total_investment FROM projects WHERE id = ?", [project_id]).fetchone()[
            0
        ]
        == 88_000_000
    )
    a.close()
    b.close()


def test_sync_and_forms_do_not_load_qt():
    import subprocess

    code = (
        "import sys, sync.client, sync.server, sync.store, sync.bundle, sync.conflicts;"
        "sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
