"""The `siteledger` entry point: gathers every package's subcommands, then runs one."""

from __future__ import annotations

import importlib
import sys

from forms import cli

# Each package declares its subcommands in the modules of its `commands` package; every module
# found there registers itself with `forms.cli.command`.
COMMAND_PACKAGES = ("forms.commands", "sync.commands", "desktop.commands")
# The window's own command: `siteledger` alone or `siteledger app` imports only this one.
WINDOW_COMMAND = "desktop.commands.app"


def load_commands() -> None:
    import pkgutil  # ~3 ms, which the window's start does without

    for package_name in COMMAND_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package_name}.{module.name}")


def opens_the_window(argv: list[str]) -> bool:
    """True when `argv` asks for the window (`app`, or no command at all, `--home` aside)."""
    rest = list(argv)
    while rest and rest[0].startswith("--home"):
        del rest[: 1 if "=" in rest[0] else 2]
    return not rest or rest[0] == "app"


def import_commands(argv: list[str]) -> None:
    """The subcommands `argv` may need. Every command module imports its libraries (reportlab,
    openpyxl, Pillow, the sync client: about half a second); the window starts without them."""
    if opens_the_window(argv):
        importlib.import_module(WINDOW_COMMAND)
    else:
        load_commands()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    import_commands(argv)
    return cli.run(argv, default="app")


if __name__ == "__main__":
    sys.exit(main())
