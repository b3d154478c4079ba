"""`siteledger photos add`: import photos into a visit, a problem or a project."""

from __future__ import annotations

import argparse
import sys

from forms.cli import command
from forms.errors import UserError
from forms.photos import import_photos
from forms.store import people as people_store
from forms.workspace import Workspace


def _arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add",
        help="import photo files or folders",
        description="Import photos; prints one line per file.",
    )
    target = add.add_mutually_exclusive_group(required=True)
    target.add_argument("--visit", metavar="ID", help="attach to this visit")
    target.add_argument("--problem", metavar="ID", help="attach to this problem")
    target.add_argument("--project", metavar="ID", help="attach to this project")
    add.add_argument("--author", metavar="PERSON_ID", help="who adds the photos")
    add.add_argument("--caption", help="caption for every photo of this batch")
    add.add_argument("files", nargs="+", metavar="FILE", help="photo files or folders")


@command("photos", "add evidence photos to a visit, a problem or a project", _arguments)
def photos_command(args: argparse.Namespace) -> int:
    kind = next(k for k in ("visit", "problem", "project") if getattr(args, k))
    with Workspace.open(args.home) as ws:
        if args.author and people_store.person(ws.conn, args.author) is None:
            raise UserError(f"no person with id {args.author}")
        results = import_photos(
            ws,
            args.files,
            attach_to=(kind, getattr(args, kind)),
            author_id=args.author,
            caption=args.caption,
            progress=lambda _done, _total, r: print(r.line(), flush=True),
        )
    if not results:
        print("no files found", file=sys.stderr)
    counts = {
        s: sum(r.status == s for r in results) for s in ("added", "linked", "duplicate", "refused")
    }
    print(
        f"{counts['added']} added, {counts['linked']} linked duplicates,"
        f" {counts['duplicate']} already attached, {counts['refused']} refused",
        file=sys.stderr,
    )
    # Refused files are the batch's result, not a failure of the command.
    return 0
