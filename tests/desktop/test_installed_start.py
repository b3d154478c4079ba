"""What the installed app is asked to do at start: open and close on its own (the installer's
check, `app --quit-after`) and import a sync bundle it was opened with (the file association)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.bundle_open import offer_import
from forms.workspace import Workspace
from sync import bundle
from sync.client import enroll
from tests.sync.conftest import ServerProcess

ROOT = Path(__file__).resolve().parents[2]


def test_window_opens_and_quits_by_itself(tmp_path):
    env = {
        **os.environ,
        "HOME": str(tmp_path),  # the window's settings stay in the test's folder
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--home", str(tmp_path / "ws"), "app"]
        + ["--quit-after", "0.5"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "window shown" in done.stderr
    assert (tmp_path / "ws" / "workspace.sqlite").exists()  # the demo filled the empty one


def test_a_bundle_opened_with_the_app_is_imported_after_asking(
    make_ctx, demo_ws, dialogs, tmp_path
):
    path = tmp_path / "from-office.slbundle"
    server = ServerProcess(tmp_path / "server").start()  # bundles are signed by enrolled devices
    try:
        for name in ("专班办公室", "东区专员"):
            server.add_user(name, "office" if name == "专班办公室" else "commissioner")
        enroll(demo_ws, server.url, server.code("专班办公室"))
        laptop = Workspace.open(tmp_path / "laptop")
        enroll(laptop, server.url, server.code("东区专员"))
    finally:
        server.stop()
    bundle.export(demo_ws, path)
    with laptop:
        ctx = make_ctx(laptop)
        dialogs.answers.append(False)
        offer_import(ctx, path)
        assert laptop.conn.execute("SELECT count(*) FROM projects").fetchone()[0] == 0
        offer_import(ctx, path)
        assert "from-office.slbundle" in dialogs.confirms[-1]
        assert "同步包已导入" in dialogs.infos[-1]
        assert laptop.conn.execute("SELECT count(*) FROM projects").fetchone()[0] == 200
        offer_import(ctx, path)
        assert "以前已经导入过" in dialogs.infos[-1]
