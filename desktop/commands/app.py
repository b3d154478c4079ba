"""`siteledger app` (also `siteledger` alone): open the desktop window."""

from __future__ import annotations

import argparse

from forms.cli import command


@command("app", "open the SiteLedger window (the default when no command is given)")
def app_command(args: argparse.Namespace) -> int:
    # Qt is imported here only, so other subcommands never load it.
    from desktop.app import run

    return run(args.home)
