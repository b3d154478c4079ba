"""The command line's registry: subcommands declare themselves with `@command`.

Each package (forms, sync, desktop) declares its own subcommands in its ``commands`` module; the
entry point imports those modules and calls `run`. An error a person can cause ends the command
with one plain line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError


@dataclass
class Command:
    name: str
    help: str
    func: Callable[[argparse.Namespace], int | None]
    arguments: Callable[[argparse.ArgumentParser], None] | None


COMMANDS: dict[str, Command] = {}


def command(
    name: str, help: str, arguments: Callable[[argparse.ArgumentParser], None] | None = None
):
    """Declare a subcommand; `arguments` adds its options to its parser."""

    def inner(func: Callable[[argparse.Namespace], int | None]):
        COMMANDS[name] = Command(name, help, func, arguments)
        return func

    return inner


def default_home() -> Path:
    env = os.environ.get("SITELEDGER_HOME")
    if env:
        return Path(env)
    import platformdirs  # ~5 ms: only when no folder is given

    return Path(platformdirs.user_data_dir("SiteLedger", appauthor=False))


def parser(default: str | None) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="siteledger",
        description="SiteLedger: project supervision ledger, visits, problems and notices.",
    )
    top.add_argument(
        "--home",
        type=Path,
        default=None,
        help="workspace folder (default: $SITELEDGER_HOME or the user data folder)",
    )
    subparsers = top.add_subparsers(dest="command", metavar="COMMAND")
    for cmd in sorted(COMMANDS.values(), key=lambda c: c.name):
        sub = subparsers.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        if cmd.arguments:
            cmd.arguments(sub)
    top.set_defaults(command=default)
    return top


def _prompt_password(home: Path) -> str | None:
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(f"password of the workspace {home}: ")


def run(argv: list[str] | None = None, default: str | None = None) -> int:
    args = parser(default).parse_args(argv)
    if args.command is None:
        parser(default).print_help()
        return 2
    if args.home is None:
        args.home = default_home()
    from . import workspace

    workspace.ask_password = _prompt_password  # an encrypted workspace asks at the terminal
    try:
        result = COMMANDS[args.command].func(args)
    except UserError as e:
        print(f"siteledger: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`siteledger dump | head`): not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("siteledger: interrupted", file=sys.stderr)
        return 130
    return int(result or 0)
