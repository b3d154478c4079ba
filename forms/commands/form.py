"""`siteledger form …`: publish a form definition through sync (the office) and list the forms
this workspace holds, saying which were published by a newer SiteLedger than this one."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from forms import form_definitions
from forms.cli import command
from forms.errors import UserError
from forms.workspace import Workspace


def _arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    publish = sub.add_parser("publish", help="publish a definition (id + version) through sync")
    publish.add_argument("file", type=Path, help="FILE.json, a form definition")
    sub.add_parser("list", help="the forms this workspace can use, and those it cannot render")


@command("form", "form definitions: publish a new version through sync, list them", _arguments)
def form_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        if args.action == "publish":
            return _publish(ws, args.file)
        return _list(ws)


def _publish(ws: Workspace, path: Path) -> int:
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as e:
        raise UserError(f"cannot read {path}: {e.strerror}") from None
    except ValueError as e:
        raise UserError(f"{path} is not valid JSON: {e}") from None
    try:
        definition = form_definitions.Definition.from_dict(data)
    except form_definitions.UnrenderableForm:
        raise
    except (KeyError, TypeError, ValueError) as e:
        raise UserError(f"表单定义无效 / invalid form definition: {e}") from None
    new = form_definitions.publish(ws, definition)
    state = "published" if new else "already published"
    print(f"{definition.id} v{definition.version}: {state}")
    return 0


def _list(ws: Workspace) -> int:
    found, unrenderable = form_definitions.available(ws.db)
    for (form_id, version), definition in sorted(found.items()):
        print(f"{form_id} v{version}  {definition.kind}  {definition.title.get('zh', '')}")
    for problem in unrenderable:
        print(f"siteledger: warning: {problem}", file=sys.stderr)
    return 0
