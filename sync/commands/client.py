"""Workspace sync subcommands: enroll, sync (online or by file), conflicts.

siteledger --home H enroll --server URL --code CODE [--insecure]
siteledger --home H sync [--server URL]
siteledger --home H sync --export FILE | --import FILE
siteledger --home H conflicts
"""

from __future__ import annotations

import argparse
from pathlib import Path

from forms.cli import command
from forms.workspace import Workspace


def _enroll_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server", required=True, help="the sync server's URL, e.g. http://host:8470")
    p.add_argument("--code", required=True, help="the one-time code from the office")
    p.add_argument(
        "--insecure",
        action="store_true",
        help="allow plain http:// to a server other than this machine (tokens travel unencrypted)",
    )


@command(
    "enroll", "enrol this workspace with a sync server using a one-time code", _enroll_arguments
)
def enroll_command(args: argparse.Namespace) -> int:
    from sync.client import enroll

    with Workspace.open(args.home) as ws:
        me = enroll(ws, args.server, args.code, insecure=args.insecure)
    print(f"enrolled as {me['user_name']} ({me['role']}) on {args.server}")
    return 0


def _sync_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server", help="the server (must be the one this workspace enrolled with)")
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        help="write a bundle of what the other side lacks, for sync by file",
    )
    group.add_argument(
        "--import",
        dest="import_",
        type=Path,
        metavar="FILE",
        help="apply a bundle made by another workspace",
    )


@command("sync", "push and pull changes and photos, or exchange a bundle file", _sync_arguments)
def sync_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        if args.export:
            from sync import bundle

            changes, photos = bundle.export(ws, args.export)
            print(f"bundle written to {args.export}: {changes} changes, {photos} photos")
            return 0
        if args.import_:
            from sync import bundle

            result = bundle.import_(ws, args.import_)
            if result.already_imported:
                print(f"bundle {args.import_} was already imported: nothing to do")
            else:
                print(
                    f"bundle imported: {result.new_changes} new of {result.changes} changes,"
                    f" {result.photos} photos"
                )
            return 0
        return _online(ws, args.server)


# Exit codes of `siteledger sync` (online), documented in README.md:
SYNCED = 0  # nothing of this laptop waits: the outbox is empty, every photo owed is on the server
FAILED = 1  # could not sync (no network, revoked device, server error): one line on stderr
WAITING = 3  # synced what it could, but changes or photos still wait (each named, with why)
SET_ASIDE = 4  # everything went, but the server refused some changes (set aside, named)


def _online(ws: Workspace, server: str | None) -> int:
    from sync import laptop_state
    from sync.client import Client

    with Client(ws, server) as client:
        report = client.sync()
    status = laptop_state.status(ws)
    done = (
        f"{report.pushed} pushed, {report.received} received,"
        f" {report.photos_sent} photos sent, {report.photos_fetched} photos fetched"
    )
    for item in report.set_aside:
        print(f"set aside {item['id']}: {item['reason']}")
    if status.refused_received:
        print(
            f"{status.refused_received} received changes refused (not applied): they do not fit"
            " the record schema; see the sync panel"
        )
    if status.photos_missing:
        print(f"{status.photos_missing} photos not yet on the server; their records wait for them")
    if not status.synced:
        print(f"not synced: {done}; still waiting:")
        for line in status.waits:
            print(f"  {line}")
        return WAITING
    if status.set_aside:
        print(
            f"not synced: {done}; {status.set_aside} changes refused by the server are set aside"
            " (they never reach it as they are)"
        )
        return SET_ASIDE
    print(f"synced: {done}")
    return SYNCED


@command("conflicts", "list ledger fields that two people changed to different values")
def conflicts_command(args: argparse.Namespace) -> int:
    from sync import conflicts

    with Workspace.open(args.home, lock=False) as ws:
        found = conflicts.find(ws)
        for conflict in found:
            print(conflict.describe())
        if not found:
            print("没有冲突")
    return 0
