"""Workspace backup and restore: one checksummed file (forms/backup.py).

siteledger --home H backup FILE     (works while the app has the workspace open)
siteledger --home H restore FILE    (the current workspace is moved aside, never overwritten)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from forms import backup
from forms.cli import command


def _file_argument(help: str):
    def add(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", type=Path, help=help)

    return add


@command(
    "backup",
    "write the workspace (database and photos) to one checksummed backup file",
    _file_argument("the backup file to write"),
)
def backup_command(args: argparse.Namespace) -> int:
    from forms import crypto, workspace

    key = workspace.unlock(args.home) if crypto.is_encrypted(args.home) else None
    result = backup.backup(args.home, args.file, key)
    kind = "encrypted " if result.encrypted else ""
    print(f"{kind}backup written to {result.path}: {result.files} files, {result.size} bytes")
    return 0


@command(
    "restore",
    "replace the workspace by a backup, keeping the current one aside",
    _file_argument("the backup file to restore"),
)
def restore_command(args: argparse.Namespace) -> int:
    result = backup.restore(args.home, args.file)
    print(f"restored {result.files} files into {result.home}")
    if result.kept_aside:
        print(f"the workspace it replaced is kept in {result.kept_aside}")
    return 0
