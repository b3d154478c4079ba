"""`siteledger server …`: run the sync server and administer its accounts.

siteledger server --data DIR [--host H] [--port N] [--database URL] [--clock-margin-hours 24]
siteledger server add-user --data DIR --name NAME --role office|leader|commissioner|reviewer [--district D]
siteledger server enroll-code --data DIR --user NAME      (the code is the last line)
siteledger server revoke-device --data DIR (--device ID | --user NAME)
siteledger server devices --data DIR
siteledger server backup --data DIR --output DIR
siteledger server restore --data DIR [--database URL] --input DIR
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from forms.cli import command
from forms.errors import UserError


def _data_option(p: argparse.ArgumentParser, required: bool) -> None:
    # Sub-actions keep the value given before them unless they are given their own.
    p.add_argument(
        "--data",
        type=Path,
        required=required,
        default=None if not required else argparse.SUPPRESS,
        help="the server's data folder (SQLite file, photos)",
    )
    p.add_argument(
        "--database",
        default=argparse.SUPPRESS if required else None,
        help="postgresql://… instead of the SQLite file (remembered in the data folder)",
    )


def _arguments(p: argparse.ArgumentParser) -> None:
    _data_option(p, required=False)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8470)
    p.add_argument(
        "--clock-margin-hours",
        type=float,
        default=24.0,
        help="refuse changes stamped more than this far ahead of the server's clock (default 24)",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add-user", help="create a user account")
    _data_option(add, required=True)
    add.add_argument("--name", required=True)
    add.add_argument(
        "--role", required=True, choices=("office", "leader", "commissioner", "reviewer")
    )
    add.add_argument(
        "--district", help="the district (name or unit id) a leader or commissioner covers"
    )
    add.add_argument("--person-id", help="the ledger person this user is (default: a new id)")
    code = actions.add_parser("enroll-code", help="print a one-time code to enrol one device")
    _data_option(code, required=True)
    code.add_argument("--user", required=True)
    code.add_argument(
        "--ttl",
        type=float,
        default=24 * 3600,
        help="seconds the code stays valid (default one day)",
    )
    revoke = actions.add_parser("revoke-device", help="revoke a device's token")
    _data_option(revoke, required=True)
    revoke.add_argument("--device", help="the device id (see `server devices`)")
    revoke.add_argument("--user", help="revoke every device of this user")
    devices = actions.add_parser("devices", help="list enrolled devices")
    _data_option(devices, required=True)
    backup = actions.add_parser("backup", help="write a consistent copy of the server's data")
    _data_option(backup, required=True)
    backup.add_argument("--output", type=Path, required=True, help="a new folder for the copy")
    restore = actions.add_parser("restore", help="load a backup into a new, empty server")
    _data_option(restore, required=True)
    restore.add_argument("--input", type=Path, required=True, help="the backup folder")


@command("server", "run the central sync server, or administer it", _arguments)
def server_command(args: argparse.Namespace) -> int:
    if args.data is None:
        raise UserError("--data DIR is required")
    if args.action is None:
        from sync.server import serve

        serve(args.data, args.database, args.host, args.port, args.clock_margin_hours)
        return 0
    from sync.store import Store

    try:
        store = Store.open(args.data, args.database)
    except ValueError as e:
        raise UserError(str(e)) from e
    try:
        return ACTIONS[args.action](store, args)
    except ValueError as e:
        raise UserError(str(e)) from e
    finally:
        store.close()


def _add_user(store, args) -> int:
    user = store.add_user(args.name, args.role, args.district, args.person_id)
    print(f"user {user.name} ({user.role}) created: {user.id}")
    return 0


def _enroll_code(store, args) -> int:
    code = store.enroll_code(args.user, dt.timedelta(seconds=args.ttl))
    print(f"one-time enrolment code for {args.user}, valid {args.ttl / 3600:g} h:")
    print(code)
    return 0


def _revoke(store, args) -> int:
    if not (args.device or args.user):
        raise UserError("give --device ID or --user NAME")
    count = store.revoke(args.device, args.user)
    if count == 0:
        raise UserError("no such active device")
    print(f"{count} device(s) revoked")
    return 0


def _devices(store, args) -> int:
    for device_id, user, name, created, revoked in store.devices():
        state = f"revoked {revoked}" if revoked else "active"
        print(f"{device_id}  {user}  {name or '-'}  enrolled {created}  {state}")
    return 0


def _backup(store, args) -> int:
    from sync.backup import backup

    count = backup(store, args.data, args.output)
    print(f"backup written to {args.output}: {count} rows and the photo folder")
    return 0


def _restore(store, args) -> int:
    from sync.backup import restore

    count = restore(store, args.data, args.input)
    print(f"restored {count} rows and the photos from {args.input}")
    return 0


ACTIONS = {
    "add-user": _add_user,
    "enroll-code": _enroll_code,
    "revoke-device": _revoke,
    "devices": _devices,
    "backup": _backup,
    "restore": _restore,
}
