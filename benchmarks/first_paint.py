"""The start-up measurement the desktop benchmarks share (issues 14 and 17): process start to
the first paint of the first screen's content, against a bare PySide6 window's first paint.

Both are child processes spawned the same way, at 1366x768, and print "painted" at their first
paint event: the bare one of a QMainWindow's label, the app of its first screen's heading (the
skeleton's heading the first frame shows while the screen's module loads, else the dashboard's
title or the sign-in screen's search box). The app then prints "figures" once the dashboard's
figures, loaded on the worker, are on screen.

The app's child imports what the `siteledger` entry point imports for `siteledger app` (the
window's command only), then runs the window as that command does. The children run from byte
code, as the installed app does (PyInstaller ships compiled modules): the warm-up run writes it
into a cache of its own, so a PYTHONDONTWRITEBYTECODE environment does not make every measured
run compile the app's sources.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Painted(QObject):
    def eventFilter(self, _obj, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "done"):
            self.done = print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("SiteLedger"))
painted = Painted()
window.centralWidget().installEventFilter(painted)
window.resize(1366, 768)
window.show()
app.exec()
"""

APP = """
import sys
from pathlib import Path
from desktop import cli

cli.import_commands(["app"])  # what the `siteledger` entry point imports, in its order
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from desktop.app import run

class Painted(QObject):
    def __init__(self, window):
        super().__init__()
        self.window = window

    def eventFilter(self, _obj, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "done"):
            self.done = print("painted", flush=True)
            QTimer.singleShot(0, self.figures)
        return False

    def figures(self):
        if self.window.ctx.person_id is None:  # the sign-in screen has no figures
            QApplication.instance().quit()
            return
        screen = self.window.screens.get("dashboard")
        if screen is None or screen.data is None:
            QTimer.singleShot(2, self.figures)
            return
        screen.repaint()
        print("figures", flush=True)
        QApplication.instance().quit()

def shown(window):
    window.resize(1366, 768)
    window.painted = Painted(window)
    # The first screen's heading: its skeleton's while the screen's module loads.
    first = window.skeleton or window.stack.currentWidget()
    heading = getattr(first, "title", None) or first.search
    heading.installEventFilter(window.painted)

run(Path(sys.argv[1]), on_shown=shown)
"""


def child_env(cache: Path) -> dict[str, str]:
    """The children's environment: offscreen, a fresh settings folder, this checkout first,
    byte code cached under `cache`."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="siteledger-bench-config-"),
        PYTHONPATH=str(ROOT),
        PYTHONPYCACHEPREFIX=str(cache / "pycache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_child(code: str, *args: str, env: dict[str, str]) -> list[float]:
    """Seconds from spawning the child to each line it prints."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    times = [time.perf_counter() - started for _line in child.stdout]
    child.wait(60)
    if not times:
        raise SystemExit(f"child did not paint (exit {child.returncode})")
    return times
