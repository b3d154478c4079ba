"""Signing in with a password, a locked app after inactivity, and a commissioner's 销号 refused
through the real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from desktop.main_window import MainWindow
from desktop.panels import backup, security  # noqa: F401 - register the 安全 menu
from forms import problems, sign_in
from forms.store import people as people_store


def _person(ctx, role: str) -> dict[str, Any]:
    return next(p for p in people_store.people(ctx.reader) if p["role"] == role)


@pytest.fixture
def protected(ctx):
    """Passwords in use on this laptop: a commissioner's and the office's."""
    commissioner, office = _person(ctx, "commissioner"), _person(ctx, "office")
    sign_in.set_password(ctx.ws, commissioner["id"], "wang-secret", by=None)
    sign_in.set_password(ctx.ws, office["id"], "office-secret", by=None)
    return commissioner, office


@pytest.fixture
def locked_window(qtbot, ctx, protected):
    ctx.person_id = None
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _sign_in(qtbot, window, person, password: str) -> None:
    screen = window.screens["sign_in"]
    window.go("sign_in")
    for row in range(screen.people.count()):
        if screen.people.item(row).data(Qt.ItemDataRole.UserRole) == person["id"]:
            screen.people.setCurrentRow(row)
    screen.password.setText(password)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)


def test_wrong_password_keeps_the_person_out(qtbot, locked_window, ctx, protected):
    commissioner, _ = protected
    screen = locked_window.screens["sign_in"]
    assert screen.password.isVisible()
    _sign_in(qtbot, locked_window, commissioner, "guess")
    assert ctx.person_id is None and "wrong password" in screen.message.text()
    assert locked_window.stack.currentWidget() is screen
    _sign_in(qtbot, locked_window, commissioner, "wang-secret")
    assert ctx.person_id == commissioner["id"]
    assert (
        locked_window.stack.currentWidget() is locked_window.screens["dashboard"]
    )  # the first screen after sign-in


def test_the_remembered_person_is_not_signed_in_without_a_password(make_ctx, demo_ws, protected):
    commissioner, _ = protected
    demo_ws.local_set("signed_in_person", commissioner["id"])
    assert make_ctx(demo_ws).person_id is None


def test_the_app_locks_after_inactivity(qtbot, locked_window, ctx, protected, tmp_path):
    commissioner, _ = protected
    _sign_in(qtbot, locked_window, commissioner, "wang-secret")
    guard = locked_window.inactivity_lock
    guard.timer.setInterval(50)
    guard.timer.start()
    qtbot.waitUntil(lambda: guard.locked, timeout=3000)
    assert not locked_window.centralWidget().isVisible()
    actions = [a for a in locked_window.findChildren(QAction) if a.text()]
    assert actions and not any(a.isEnabled() for a in actions)
    locked_window.grab().save(str(tmp_path / "locked.png"))
    guard.timer.stop()
    guard.overlay.password.setText("wrong")
    guard.overlay.unlock.click()
    assert guard.locked and "wrong password" in guard.overlay.message.text()
    guard.overlay.password.setText("wang-secret")
    guard.overlay.unlock.click()
    assert not guard.locked and locked_window.centralWidget().isVisible()
    assert any(a.isEnabled() for a in actions)
    kinds = [e["action"] for e in sign_in.store.audit_events(ctx.ws.conn)]
    assert kinds[-4:] == ["sign_in", "locked", "sign_in_failed", "sign_in"]


def test_a_commissioner_is_refused_verify_in_the_problem_screen(
    qtbot, locked_window, ctx, dialogs, protected
):
    commissioner, office = protected
    problem = ctx.ws.conn.execute(
        "SELECT id FROM problems WHERE status = 'reported_done' AND reported_by IS NOT ?",
        [commissioner["id"]],
    ).fetchone()[0]
    _sign_in(qtbot, locked_window, commissioner, "wang-secret")
    locked_window.open_problem(problem)
    register = locked_window.screens["problems"]
    dialogs.fillers.append(lambda dialog: _note(dialog, "核验"))
    register.detail.buttons["verify"].click()
    assert problems.get(ctx.ws, problem)["status"] == "reported_done"
    assert dialogs.errors and "only the office" in dialogs.errors[-1]
    _sign_in(qtbot, locked_window, office, "office-secret")
    locked_window.open_problem(problem)
    dialogs.fillers.append(lambda dialog: _note(dialog, "核验"))
    register.detail.buttons["verify"].click()
    assert problems.get(ctx.ws, problem)["status"] == "closed"


def _note(dialog, text: str) -> bool:
    dialog.note.setPlainText(text)
    return True


def test_setting_a_password_from_the_menu(qtbot, window, ctx, dialogs):
    commissioner = _person(ctx, "commissioner")
    ctx.sign_in(commissioner["id"])

    def fill(dialog) -> bool:
        dialog.first.setText("new-secret")
        dialog.second.setText("new-secret")
        return True

    dialogs.fillers.append(fill)
    menu = window.menus["安全(&A)"]
    next(a for a in menu.actions() if a.text() == "设置密码…").trigger()
    assert "密码已设置" in dialogs.infos[-1]
    assert sign_in.has_password(ctx.ws, commissioner["id"])


def test_an_encrypted_workspace_asks_its_password_until_right(demo_ws, dialogs, monkeypatch):
    from desktop.app import open_workspace
    from forms import encryption

    monkeypatch.delenv("SITELEDGER_PASSWORD", raising=False)
    home = demo_ws.home
    demo_ws.close()
    encryption.encrypt(home, "laptop password")

    def typed(text: str):
        def fill(dialog) -> bool:
            dialog.password.setText(text)
            return True

        return fill

    dialogs.fillers += [typed("guess"), typed("laptop password")]
    ws = open_workspace(home, dialogs)
    assert ws is not None and ws.key is not None and not dialogs.fillers
    ws.close()
    dialogs.fillers.append(lambda dialog: False)  # cancelled: nothing opens
    assert open_workspace(home, dialogs) is None


def test_nothing_is_shown_signed_out_once_passwords_are_in_use(locked_window, ctx):
    problem = ctx.ws.conn.execute("SELECT id FROM problems LIMIT 1").fetchone()[0]
    for go in (
        lambda: locked_window.go("problems"),
        lambda: locked_window.go("ledger"),
        lambda: locked_window.open_problem(problem),
    ):
        go()
        assert locked_window.stack.currentWidget() is locked_window.screens["sign_in"]
