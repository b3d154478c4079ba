"""`siteledger document …`: notices, inspection records, problem lists, monthly reports.

Warnings (missing settings, characters no font can draw) go to stderr; the document is still
written. The file is written whole or not at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from forms.cli import command
from forms.documents import DocumentResult
from forms.errors import UserError
from forms.store import documents as document_store
from forms.workspace import Workspace


def _arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    n = sub.add_parser(
        "notice", help="issue a supervision notice (督办通知) for a unit's overdue problems"
    )
    n.add_argument(
        "--unit",
        help="responsible unit's name; without it, one notice per unit with "
        "overdue problems into the folder given by -o",
    )
    n.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    n.add_argument("-o", "--output", required=True, help="FILE.pdf or FILE.docx (or a folder)")
    r = sub.add_parser("record", help="site inspection record (现场检查记录) of a visit")
    r.add_argument("--visit", required=True, help="the visit's id")
    r.add_argument("-o", "--output", required=True)
    q = sub.add_parser("problems", help="problem list (问题清单)")
    q.add_argument("--unit")
    q.add_argument("--status")
    q.add_argument("--overdue", action="store_true")
    q.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    q.add_argument("-o", "--output", required=True)
    m = sub.add_parser("monthly", help="monthly progress report (月报)")
    m.add_argument("--month", help="YYYY-MM (default: the last complete month)")
    m.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    m.add_argument("-o", "--output", required=True, help="FILE.pdf or FILE.docx")
    lane = sub.add_parser("lane", help="show or set this device's notice number lane")
    lane.add_argument("--set", type=int, dest="lane")


@command(
    "document",
    "make official documents (notices, records, problem lists, monthly reports)",
    _arguments,
)
def document_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        return HANDLERS[args.kind](ws, args)


def _notice(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.documents import notice

    today = args.today or dt.date.today()
    if args.unit is None:
        folder = Path(args.output)
        folder.mkdir(parents=True, exist_ok=True)
        for notice_id in notice.issue_overdue(ws, today=today):
            result = notice.build(ws, notice_id)
            _write(folder / result.file_name, result, result.pdf)
        return 0
    unit = _unit(ws, args.unit)
    docx = Path(args.output).suffix.lower() == ".docx"
    if Path(args.output).suffix.lower() not in (".pdf", ".docx"):
        raise UserError("输出文件须为 .pdf 或 .docx / the output must end in .pdf or .docx")
    if not Path(args.output).resolve().parent.is_dir():
        # Checked before issuing: a number must not be used up for a file that cannot be written.
        raise UserError(f"folder does not exist: {Path(args.output).parent}")
    target = Path(args.output)
    # Problems already under an open notice get a 催办 beside any new notice: one file each,
    # the first at the name given, the others after it (name-2.pdf …).
    for n, notice_id in enumerate(notice.issue(ws, unit["id"], today=today), 1):
        result = notice.build(ws, notice_id)
        path = target if n == 1 else target.with_name(f"{target.stem}-{n}{target.suffix}")
        _write(path, result, result.docx() if docx else result.pdf)
    return 0


def _unit(ws: Workspace, name: str) -> dict:
    unit = document_store.unit_by_name(ws.conn, name)
    if unit is None:
        raise UserError(f"没有名为“{name}”的单位 / no unit named {name}")
    return unit


def _record(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.documents import record

    result = record.build(ws, args.visit)
    _write(Path(args.output), result, result.pdf)
    return 0


def _problems(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.documents import problem_list

    unit_id = _unit(ws, args.unit)["id"] if args.unit else None
    result = problem_list.build(
        ws, unit_id=unit_id, status=args.status, overdue=args.overdue, today=args.today
    )
    _write(Path(args.output), result, result.pdf)
    return 0


def _monthly(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.documents import monthly

    path = Path(args.output)
    if path.suffix.lower() not in (".pdf", ".docx"):
        raise UserError("输出文件须为 .pdf 或 .docx / the output must end in .pdf or .docx")
    today = args.today or dt.date.today()
    result = monthly.build(ws, args.month or monthly.last_complete_month(today), today)
    _write(path, result, result.docx() if path.suffix.lower() == ".docx" else result.pdf)
    return 0


def _lane(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.documents import numbering

    if args.lane is not None:
        numbering.set_lane(ws, args.lane)
    known = numbering.lanes(ws)
    print(f"device {ws.device_id}: lane {known.get(ws.device_id, 'none yet')}")
    for lane, devices in numbering.lane_conflicts(ws).items():
        print(f"siteledger: warning: lane {lane} is held by {', '.join(devices)}", file=sys.stderr)
    return 0


def _write(path: Path, result: DocumentResult, data: bytes) -> None:
    """Write whole or not at all: a temporary file renamed over the target."""
    for warning in result.warnings:
        print(f"siteledger: warning: {warning}", file=sys.stderr)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {e.strerror}") from e
    print(f"{path}: {result.title}")


HANDLERS = {
    "notice": _notice,
    "record": _record,
    "problems": _problems,
    "monthly": _monthly,
    "lane": _lane,
}
