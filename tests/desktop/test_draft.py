"""A half-typed visit comes back: after the window is destroyed mid-entry, and after the app
process is killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from desktop.screens.visit_form import DRAFT_DELAY_MS, draft_key
from forms.store import local as local_store
from forms.store import people as people_store
from forms.store import projects as project_store

from .conftest import type_text

# A real app process that types into a new visit and waits to be killed.
TYPE_AND_WAIT = """
import sys
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from desktop.app import application
from desktop.context import AppContext
from desktop.dialogs import Dialogs
from desktop.main_window import MainWindow
from desktop.settings import Settings
from desktop.worker import Operations
from forms.store import projects as project_store
from forms.workspace import Workspace

home, settings, person = sys.argv[1:4]
app = application([])
ws = Workspace.open(home)
ctx = AppContext.build(ws, ops=Operations(), dialogs=Dialogs(),
                       settings=Settings(QSettings(settings, QSettings.Format.IniFormat)))
ctx.person_id = person
window = MainWindow(ctx)
window.show()
window.new_visit(project_store.my_projects(ctx.reader, person, ctx.today())[0]["id"])
edit = window.screens["visit"].fields.editors["progress_text"].edit
edit.setFocus()
for ch in "设备安装调试中":
    QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
QTimer.singleShot(1500, lambda: print("typed", flush=True))
app.exec()
"""


def first_project(ctx, person_id):
    return project_store.my_projects(ctx.reader, person_id, ctx.today())[0]["id"]


def start_typing(qtbot, ctx, person):
    ctx.sign_in(person["id"])
    window = MainWindow(ctx)
    window.show()
    project_id = first_project(ctx, person["id"])
    window.new_visit(project_id)
    form = window.screens["visit"]
    type_text(form.fields.editors["progress_text"].edit, "钢结构吊装完成一半")
    form.add_problem()
    form.problems[0].fields.editors["description"].edit.setPlainText("施工许可证未办结")
    return window, project_id


def destroy(window):
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the delete, now
    assert not shiboken6.isValid(window)


def test_draft_comes_back_after_window_destroyed_mid_entry(qtbot, ctx, make_ctx):
    person = next(p for p in people_store.people(ctx.reader) if p["role"] == "commissioner")
    window, project_id = start_typing(qtbot, ctx, person)
    destroy(window)  # no close event, no save: straight from typing to gone
    assert local_store.value(ctx.reader, draft_key(person["id"])) is not None

    again = MainWindow(make_ctx(ctx.ws))
    qtbot.addWidget(again)
    again.new_visit(project_id)
    form = again.screens["visit"]
    assert form.fields.editors["progress_text"].raw() == "钢结构吊装完成一半"
    assert len(form.problems) == 1
    assert form.problems[0].fields.editors["description"].raw() == "施工许可证未办结"
    assert not form.notice.isHidden()
    # Saving it removes the draft.
    form.problems[0].fields.editors["category"].set_raw("approvals")
    form.save()
    assert local_store.value(ctx.reader, draft_key(person["id"])) is None


def test_draft_is_kept_while_typing_without_any_close(qtbot, ctx):
    person = next(p for p in people_store.people(ctx.reader) if p["role"] == "leader")
    window, _ = start_typing(qtbot, ctx, person)
    qtbot.addWidget(window)
    key = draft_key(person["id"])
    qtbot.waitUntil(
        lambda: local_store.value(ctx.reader, key) is not None, timeout=DRAFT_DELAY_MS * 5
    )
    draft = json.loads(local_store.value(ctx.reader, key))
    assert draft["values"]["progress_text"] == "钢结构吊装完成一半"


def test_draft_survives_a_killed_app(tmp_path, demo_ws):
    """A real app process, killed with SIGKILL a moment after typing: the draft is on disk."""
    person = next(p for p in people_store.people(demo_ws.db) if p["role"] == "commissioner")
    home = demo_ws.home
    demo_ws.close()
    args = [str(home), str(tmp_path / "settings.ini"), person["id"]]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", TYPE_AND_WAIT, *args], stdout=subprocess.PIPE, env=env, text=True
    )
    try:
        assert child.stdout.readline().strip() == "typed"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    from forms.workspace import Workspace

    with Workspace.open(home) as ws:
        draft = json.loads(ws.local_get(draft_key(person["id"])))
    assert draft["values"]["progress_text"] == "设备安装调试中"
