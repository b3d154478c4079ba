"""Start-up (issues 14 and 17): screens are registered by name and imported when first shown,
and the first frame is painted before the first screen's module, the extensions and the heavy
libraries are imported; everything follows once that frame is on screen."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

from desktop import cli
from desktop.main_window import SCREENS
from forms.store import people as people_store
from forms.store import projects as project_store
from forms.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]

# What the first frame must not wait for.
HEAVY = (
    "desktop.screens.",
    "desktop.panels.",
    "desktop.charts",
    "forms.board",
    "sqlite_utils",
    "reportlab",
    "openpyxl",
    "python_calamine",
    "PIL",
)


def test_every_registered_screen_opens(qtbot, window, ctx):
    commissioner = next(p for p in people_store.people(ctx.reader) if p["role"] == "commissioner")
    ctx.sign_in(commissioner["id"])
    project_id = project_store.my_projects(ctx.reader, commissioner["id"], ctx.today())[0]["id"]
    for name, (module, cls) in SCREENS.items():
        if name == "project":
            window.open_project(project_id)
        elif name == "visit":
            window.new_visit(project_id)
        else:
            window.go(name)
        screen = window.screens[name]
        assert type(screen) is getattr(importlib.import_module(module), cls)
        assert window.stack.currentWidget() is screen, name
        assert not screen.grab().isNull()


def test_importing_the_app_imports_no_screen(tmp_path):
    code = (
        "import sys, PySide6.QtCore as QtCore, desktop.app\n"
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
        "print('Qt' in QtCore.__dict__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    # Nothing heavy, and not Qt's namespace of enums (~15 ms to make) either.
    assert done.stdout.split() == ["[]", "False"]


def test_the_window_command_imports_no_other_command(tmp_path):
    """`siteledger` and `siteledger app` import the window's command only: the others bring
    reportlab, openpyxl, Pillow and the sync client before the window could start."""
    code = (
        "import sys; from desktop import cli; from forms.cli import COMMANDS\n"
        "cli.import_commands(sys.argv[1:])\n"
        "libraries = ('reportlab', 'openpyxl', 'PIL', 'httpx', 'segno', 'python_calamine')\n"
        "print(sorted(COMMANDS), sorted({m for m in sys.modules if m.startswith(libraries)}))\n"
    )
    for argv, window in (
        ([], True),
        (["--home", "x", "app"], True),
        (["import-ledger", "x.xlsx"], False),
    ):
        assert cli.opens_the_window(argv) is window
        done = subprocess.run(
            [sys.executable, "-c", code, *argv], env=_env(tmp_path), capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        if window:
            assert done.stdout.split() == ["['app']", "[]"]
        else:
            assert "'import-ledger'" in done.stdout and "'server'" in done.stdout


# The app on a workspace, reporting what was loaded at its first paint and, once the
# dashboard's figures are in, what the window holds then.
CHILD = """
import json, sys
from pathlib import Path
import PySide6.QtCore as QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from desktop.app import run

HEAVY = tuple(sys.argv[2].split(","))

class Watch(QObject):
    def __init__(self, window):
        super().__init__()
        self.window, self.report = window, {}

    def eventFilter(self, _obj, event):
        if event.type() == QEvent.Type.Paint and not self.report:
            window = self.window
            self.report["first_frame"] = {
                "skeleton": window.stack.currentWidget() is window.skeleton,
                "heading": window.skeleton.title.text(),
                "loaded": sorted(m for m in sys.modules if m.startswith(HEAVY)),
                "qt_namespace": "Qt" in QtCore.__dict__,
            }
            QTimer.singleShot(0, self.later)
        return False

    def later(self):
        window = self.window
        dashboard = window.screens.get("dashboard")
        if dashboard is None or dashboard.data is None or "同步(&Y)" not in window.menus:
            QTimer.singleShot(10, self.later)
            return
        self.report["then"] = {
            "skeleton": window.skeleton is None,
            "current": window.stack.currentWidget() is dashboard,
            "cards": sum(card.isVisibleTo(dashboard) for card in dashboard.cards),
            "menus": sorted(window.menus),
            "toolbar": window.toolbar.toolButtonStyle().name,
        }
        print(json.dumps(self.report, ensure_ascii=False), flush=True)
        QApplication.instance().quit()

def shown(window):
    window.watch = Watch(window)
    window.skeleton.title.installEventFilter(window.watch)

sys.exit(run(Path(sys.argv[1]), on_shown=shown, quit_after=60))
"""


def test_the_first_frame_comes_before_the_screen_and_the_rest_follows(tmp_path, demo_ws):
    person = next(p for p in people_store.people(demo_ws.conn) if p["role"] == "commissioner")
    demo_ws.local_set("signed_in_person", person["id"])
    home = demo_ws.home
    demo_ws.close()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(home), ",".join(HEAVY)],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    # A module on the way to the first frame that imports something heavy, or `Qt` from
    # PySide6.QtCore (~15 ms of enums), shows here: import it where it is used instead.
    assert report["first_frame"] == {
        "skeleton": True,
        "heading": "工作台",
        "loaded": [],
        "qt_namespace": False,
    }
    then = report["then"]
    assert then["skeleton"] and then["current"] and then["cards"] == 7
    assert {"同步(&Y)", "文书(&D)", "安全(&A)"} <= set(then["menus"])  # extensions joined
    assert then["toolbar"] == "ToolButtonTextOnly"
    Workspace.open(home).close()  # the app let go of its workspace


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
