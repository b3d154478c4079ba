"""The 安全 menu's backup and restore, with the window open."""

from __future__ import annotations

from desktop.panels import backup as panel  # noqa: F401 - registers the menu actions
from forms import dump
from forms.workspace import Workspace


def _action(window, text: str):
    menu = window.menus["安全(&A)"]
    return next(a for a in menu.actions() if a.text() == text)


def test_backup_then_restore_from_the_menu(window, ctx, dialogs, tmp_path):
    file = tmp_path / "menu.slbackup"
    dialogs.files.append(str(file))
    _action(window, "备份工作区…").trigger()
    assert "备份已写入" in dialogs.infos[-1] and file.exists()
    dialogs.files.append(str(file))
    _action(window, "从备份恢复…").trigger()
    assert "恢复到新的工作区" in dialogs.infos[-1]
    (restored,) = tmp_path.glob("ws-restored-*")
    with Workspace.open(restored) as again:
        assert dump.dumps(again) == dump.dumps(ctx.ws)


def test_a_damaged_backup_is_explained(window, dialogs, tmp_path):
    bad = tmp_path / "bad.slbackup"
    bad.write_bytes(b"PK\x03\x04 not really")
    dialogs.files.append(str(bad))
    _action(window, "从备份恢复…").trigger()
    assert dialogs.errors and "damaged" in dialogs.errors[-1]
    assert not list(tmp_path.glob("ws-restored-*"))


def test_a_backup_from_the_menu_is_in_the_audit_trail(window, ctx, dialogs, tmp_path):
    from forms.store import sign_in

    dialogs.files.append(str(tmp_path / "audited.slbackup"))
    _action(window, "备份工作区…").trigger()
    (event,) = [e for e in sign_in.audit_events(ctx.ws.conn) if e["action"] == "backup"]
    assert "audited.slbackup" in event["detail"]
