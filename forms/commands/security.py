"""Sign-in passwords and the audit trail on the command line.

siteledger --home H password --person NAME [--by NAME]   (password from the prompt or
                                                          SITELEDGER_PASSWORD)
siteledger --home H audit [-o FILE]                      (JSON lines: journal, then events)
siteledger --home H encrypt [--change-password]          (SITELEDGER_PASSWORD,
                                                          SITELEDGER_NEW_PASSWORD)
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from forms import people, sign_in
from forms.cli import command
from forms.errors import UserError
from forms.workspace import Workspace

PASSWORD_ENV = "SITELEDGER_PASSWORD"
NEW_PASSWORD_ENV = "SITELEDGER_NEW_PASSWORD"


def read_password(prompt: str, *, confirm: bool = False) -> str:
    """The password from SITELEDGER_PASSWORD (scripts) or typed at the prompt."""
    if PASSWORD_ENV in os.environ:
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise UserError(f"no terminal to ask for the password: set {PASSWORD_ENV}")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != first:
        raise UserError("the two passwords differ; nothing changed")
    return first


def _person(ws: Workspace, name: str) -> str:
    person_id = people.find_person(ws, name)
    if person_id is None:
        raise UserError(f"no person named {name} in the ledger")
    return person_id


def _password_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--person", required=True, help="whose password (their name in the ledger)")
    p.add_argument("--by", help="the office member setting it (default: the person, at enrolment)")


@command("password", "set a person's sign-in password on this computer", _password_arguments)
def password_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        person_id = _person(ws, args.person)
        by = _person(ws, args.by) if args.by else None
        sign_in.set_password(ws, person_id, read_password("new password: ", confirm=True), by=by)
    print(f"password set for {args.person}")
    return 0


def _audit_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", help="write to this file instead of standard output")


@command(
    "audit", "export the audit trail (journal and sign-in events) as JSON lines", _audit_arguments
)
def audit_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home, lock=False) as ws:
        if not args.output:
            sign_in.export_audit(ws, sys.stdout)
            return 0
        with open(args.output, "w", encoding="utf-8") as out:
            count = sign_in.export_audit(ws, out)
    print(f"{count} audit entries written to {args.output}", file=sys.stderr)
    return 0


def _encrypt_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--change-password",
        action="store_true",
        help="give an encrypted workspace a new password (the new one from the prompt or"
        " SITELEDGER_NEW_PASSWORD); the database and photos are not rewritten",
    )


@command(
    "encrypt",
    "encrypt the workspace (database, photos, sync token) with a password",
    _encrypt_arguments,
)
def encrypt_command(args: argparse.Namespace) -> int:
    from forms import encryption

    if args.change_password:
        old = read_password("current password: ")
        new = os.environ.get(NEW_PASSWORD_ENV) or read_password("new password: ", confirm=True)
        encryption.change_password(args.home, old, new)
        print("password changed (the workspace key is rewrapped; nothing else rewritten)")
        return 0
    result = encryption.encrypt(args.home, read_password("password: ", confirm=True))
    print(f"workspace encrypted: the database and {result.photos} photo files")
    return 0
