"""The 同步 menu and status bar against a real server process on loopback."""

from __future__ import annotations

import json

from desktop.panels.sync import MENU
from desktop.sync_status import SyncStatus
from forms import projects
from tests.sync.conftest import ServerProcess


def _action(window, title: str):
    return next(a for a in window.menus[MENU].actions() if a.text().startswith(title))


def test_enrol_then_sync_from_the_menu(qtbot, window, ctx, dialogs, tmp_path):
    server = ServerProcess(tmp_path / "server").start()
    try:
        server.add_user("专班办公室", "office")
        status = window.findChild(SyncStatus)
        assert status is not None
        qtbot.waitUntil(lambda: "未注册" in status.summary.text(), timeout=5_000)

        dialogs.texts += [server.url, "wrong-code"]
        _action(window, "连接服务器").trigger()
        assert "注册码无效" in dialogs.errors[-1]

        dialogs.texts += [server.url, server.code("专班办公室")]
        _action(window, "连接服务器").trigger()
        assert "已注册" in dialogs.infos[-1]

        project = ctx.ws.db.execute("SELECT id FROM projects LIMIT 1").fetchone()[0]
        projects.update(ctx.ws, project, {"progress_note": "主体封顶"})
        with qtbot.waitSignal(status.synced, timeout=20_000):
            _action(window, "立即同步").trigger()
        qtbot.waitUntil(lambda: "待上传变更 0" in status.summary.text(), timeout=5_000)
        store = server.store()
        try:
            with store.connection() as conn:
                bodies = [json.loads(row[0]) for row in conn.all("SELECT body FROM changes")]
        finally:
            store.close()
        assert any(
            c["entity_id"] == project and c["fields"].get("progress_note") == "主体封顶"
            for c in bodies
        )
    finally:
        server.stop()
