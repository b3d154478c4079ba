"""`siteledger app [BUNDLE]` (also `siteledger` alone): open the desktop window.

A sync bundle given as the argument (the file manager's "open with", see the .desktop entry) is
offered for import once the window is up.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from forms.cli import command


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("bundle", nargs="?", type=Path, help="a sync bundle to import (optional)")
    p.add_argument(
        "--quit-after",
        type=float,
        metavar="SECONDS",
        help="close the window this long after it is shown (checks of an installed app)",
    )


@command("app", "open the SiteLedger window (the default when no command is given)", _arguments)
def app_command(args: argparse.Namespace) -> int:
    # Qt is imported here only, so other subcommands never load it.
    from desktop.app import run

    return run(
        args.home,
        quit_after=getattr(args, "quit_after", None),
        bundle=getattr(args, "bundle", None),
    )
