"""The composition root: a workspace that will not open gets a dialog and a choice of another
folder; an empty one gets the demo; an unexpected error is shown, not a crash."""

from __future__ import annotations

import sys

from desktop import app as app_module
from desktop.app import App, fill_if_empty, install_excepthook, open_workspace
from forms.workspace import DB_FILE, Workspace


def test_damaged_workspace_offers_another_folder(tmp_path, dialogs):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / DB_FILE).write_bytes(b"this is not sqlite at all" * 100)
    dialogs.folders.append(str(tmp_path / "good"))
    ws = open_workspace(bad, dialogs)
    assert ws is not None and ws.home == tmp_path / "good"
    ws.close()
    assert "损坏" in dialogs.failures[0]


def test_newer_schema_and_locked_workspace_are_explained(tmp_path, dialogs):
    home = tmp_path / "ws"
    with Workspace.open(home) as ws:
        ws.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('siteledger', '9999_from_the_future', '2030-01-01')"
        )
    assert open_workspace(home, dialogs) is None  # the person gave up: no folder chosen
    assert "更新版本" in dialogs.failures[-1]

    other = tmp_path / "other"
    with Workspace.open(other):
        assert open_workspace(other, dialogs) is None
    assert "另一个" in dialogs.failures[-1]


def test_empty_workspace_gets_the_demo_once(ws):
    assert fill_if_empty(ws) is True
    count = ws.db.execute("SELECT count(*) FROM projects").fetchone()[0]
    assert count > 0
    assert fill_if_empty(ws) is False
    assert ws.db.execute("SELECT count(*) FROM projects").fetchone()[0] == count


def test_unexpected_error_shows_a_dialog(qapp, dialogs, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(dialogs)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert dialogs.errors and "boom" in dialogs.errors[0]


def test_app_starts_on_a_new_workspace_and_switches(qtbot, tmp_path, dialogs, settings):
    running = App(dialogs, settings)
    window = running.start(Workspace.open(tmp_path / "one"))
    qtbot.addWidget(window)
    # The first frame shows the sign-in screen's skeleton; the screen follows that paint.
    assert window.isVisible() and window.skeleton is not None
    qtbot.waitUntil(lambda: "sign_in" in window.screens)
    assert window.skeleton is None and window.screens["sign_in"].people.count() > 0
    dialogs.folders.append(str(tmp_path / "two"))
    running.switch(window)
    qtbot.addWidget(running.window)
    assert running.ctx.ws.home == tmp_path / "two"
    assert running.window.isVisible() and not window.isVisible()
    running.stop()
    assert app_module.explain(ValueError("x")).endswith("x")
