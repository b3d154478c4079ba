"""The `siteledger` entry point: gathers every package's subcommands, then runs one."""

from __future__ import annotations

import importlib
import pkgutil
import sys

from forms import cli

# Each package declares its subcommands in the modules of its `commands` package; every module
# found there registers itself with `forms.cli.command`.
COMMAND_PACKAGES = ("forms.commands", "sync.commands", "desktop.commands")


def load_commands() -> None:
    for package_name in COMMAND_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package_name}.{module.name}")


def main(argv: list[str] | None = None) -> int:
    load_commands()
    return cli.run(argv, default="app")


if __name__ == "__main__":
    sys.exit(main())
