"""Only `desktop/` imports Qt: importing every module of forms and sync loads no PySide6."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import forms, sync
for package in (forms, sync):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(len([m for m in sys.modules if m.startswith(("forms", "sync"))]), loaded)
"""


def test_forms_and_sync_load_no_qt():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    count, loaded = out.stdout.split(" ", 1)
    assert int(count) > 10  # the walk really imported the packages' modules
    assert loaded.strip() == "[]"


def test_command_line_without_subcommand_is_the_app():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from desktop.cli import load_commands; from forms import cli;"
            " load_commands(); print('app' in cli.COMMANDS,"
            " any(m.startswith('PySide6') for m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    # Registering the command does not import Qt: only running it does.
    assert out.stdout.split() == ["True", "False"]
