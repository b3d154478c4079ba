"""`siteledger problem …`: the problem register by number, and the lifecycle actions under the
same rules as the desktop (forms/problems.py)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from forms import escalation, problems, workdays
from forms.cli import command
from forms.errors import UserError
from forms.store import notices as notice_store
from forms.store import problems as problem_store
from forms.workspace import Workspace

from ._lookup import calendar_warning, day, person, print_json, problem_id, unit

ACTIONS = {  # CLI word -> forms.problems action
    "assign": "assign",
    "progress": "progress",
    "report": "report_done",
    "verify": "verify",
    "reopen": "reopen",
    "extend": "extend",
}


def _arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="problems with number, status, unit, deadline, next step")
    ls.add_argument("--overdue", action="store_true")
    ls.add_argument("--unit")
    ls.add_argument("--status", help="a status code, or 'open'")
    ls.add_argument("--search", default="", help="number (or part of one) or description words")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    show = sub.add_parser("show", help="one problem: facts, history, notices")
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    show.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    for name in ACTIONS:
        a = sub.add_parser(name, help=f"{problems.ACTIONS[ACTIONS[name]].zh} a problem")
        a.add_argument("number")
        a.add_argument("--as", dest="person", required=True, help="who does it (a person's name)")
        a.add_argument("--note", default=None)
        a.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
        if name in ("assign", "extend"):
            when = a.add_mutually_exclusive_group(required=name == "extend")
            when.add_argument("--deadline", help="YYYY-MM-DD")
            when.add_argument(
                "--workdays", type=int, help="the deadline in working days from today"
            )
        if name == "assign":
            a.add_argument("--unit", required=True, help="the responsible unit's name")
            a.add_argument("--assignee", help="the responsible person at the unit")


@command("problem", "the problem register (问题清单) by problem number", _arguments)
def problem_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        calendar = workdays.for_workspace(ws)
        today = args.today or dt.date.today()
        if args.action == "list":
            _list(ws, args, calendar, today)
        elif args.action == "show":
            _show(ws, args, calendar, today)
        else:
            _act(ws, args, calendar, today)
        calendar_warning(calendar)
    return 0


def rows(
    ws: Workspace, f: problem_store.ProblemFilter, calendar: workdays.Calendar, today: dt.date
) -> list[dict[str, Any]]:
    """The register's rows as the command line and scripts see them."""
    found = problem_store.problem_rows(ws.db, problem_store.problem_ids(ws.db, f))
    steps = {p.problem["id"]: p for p in escalation.propose(ws, today, calendar, found)}
    return [
        {
            "number": r["number"],
            "status": r["status"],
            "unit": r["unit_name"],
            "deadline": r["deadline"],
            "overdue_workdays": escalation.overdue_workdays(r, today, calendar),
            "next_step": steps[r["id"]].next_step if r["id"] in steps else None,
            "reached": steps[r["id"]].reached if r["id"] in steps else None,
            "project": r["project_name"],
            "category": r["category"],
            "description": r["description"],
            "id": r["id"],
        }
        for r in found
    ]


def _list(ws: Workspace, args: argparse.Namespace, calendar, today: dt.date) -> None:
    f = problem_store.ProblemFilter(
        status=args.status,
        unit_id=unit(ws, args.unit)["id"] if args.unit else None,
        overdue=args.overdue,
        today=today,
        search=args.search,
    )
    out = rows(ws, f, calendar, today)
    if args.json:
        print_json(out)
        return
    for r in out:
        step = escalation.STEP_ZH.get(r["next_step"] or "", "")
        print(
            f"{r['number']:<12} {r['status']:<13} {r['deadline'] or '—':<10}"
            f" {r['overdue_workdays']:>4} {step:<4} {r['unit'] or '—'}  {r['description']}"
        )
    print(f"{len(out)} problems")


def _show(ws: Workspace, args: argparse.Namespace, calendar, today: dt.date) -> None:
    pid = problem_id(ws, args.number)
    project = problems.get(ws, pid)["project_id"]
    row = next(
        r
        for r in rows(ws, problem_store.ProblemFilter(project_id=project), calendar, today)
        if r["id"] == pid
    )
    history = [
        {
            "at": e["at"],
            "kind": e["kind"],
            "by": e["author_name"],
            "unit": e["unit_name"],
            "deadline": e["deadline"],
            "note": e["note"],
        }
        for e in problem_store.problem_history(ws.db, pid)
    ]
    notices = [
        {"number": n["shown_number"], "kind": n["doc_kind"], "status": n["state"]}
        for n in notice_store.notices_of_problem(ws.db, pid)
    ]
    if args.json:
        print_json({**row, "history": history, "notices": notices})
        return
    print(f"{row['number']}  {row['description']}")
    print(f"项目 {row['project']} · 状态 {row['status']} · 责任单位 {row['unit'] or '—'}")
    print(
        f"时限 {row['deadline'] or '—'} · 超期 {row['overdue_workdays']} 个工作日"
        f" · 下一步 {escalation.STEP_ZH.get(row['next_step'] or '', '—')}"
    )
    for e in history:
        print(f"  {e['at'][:16]}  {e['kind']:<17} {e['by'] or ''} {e['note'] or ''}".rstrip())
    for n in notices:
        print(f"  文书 {n['number']} ({n['kind']}, {n['status']})")


def _act(ws: Workspace, args: argparse.Namespace, calendar, today: dt.date) -> None:
    pid = problem_id(ws, args.number)
    author = person(ws, args.person)
    deadline = getattr(args, "deadline", None)
    if deadline is not None:
        day(deadline)
    if getattr(args, "workdays", None) is not None:
        target = calendar.add(today, args.workdays)
        if calendar.uncovered:
            # A deadline is written once and printed: not from a guessed calendar.
            raise UserError(
                f"{calendar.warning()}；未写入。请先录入该年安排，或用 --deadline 给出日期"
                " / nothing written: enter that year's schedule or give --deadline"
            )
        deadline = target.isoformat()
    problems.act(
        ws,
        pid,
        ACTIONS[args.action],
        author_id=author,
        note=args.note,
        unit_id=unit(ws, args.unit)["id"] if getattr(args, "unit", None) else None,
        assignee=getattr(args, "assignee", None),
        deadline=deadline,
        today=today,
    )
    state = problems.get(ws, pid)
    print(f"{state['number'] or args.number}: {state['status']}")
