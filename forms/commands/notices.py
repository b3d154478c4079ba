"""`siteledger notice …` (the register of issued notices and their life) and `siteledger
escalate` (the ladder's proposals, and the steps taken)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from forms import escalation, notices, workdays
from forms.cli import command
from forms.documents import notice as notice_doc
from forms.documents import numbering
from forms.documents.context import read_settings
from forms.errors import UserError
from forms.store import notices as notice_store
from forms.store import problems as problem_store
from forms.workspace import Workspace

from ._lookup import calendar_warning, day, person, print_json, problem_id, unit

_TODAY = {"type": dt.date.fromisoformat, "default": None, "help": argparse.SUPPRESS}


def _arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="the register: number, unit, status, problems, reply due")
    ls.add_argument("--unit")
    ls.add_argument("--open", action="store_true", help="only notices not closed")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--today", **_TODAY)
    show = sub.add_parser("show", help="one notice and its life")
    show.add_argument("number", help="文号, or the text of the reply slip's QR code")
    show.add_argument("--json", action="store_true")
    show.add_argument("--today", **_TODAY)
    issue = sub.add_parser(
        "issue", help="number and record a notice (催办 where a notice is already open)"
    )
    issue.add_argument("--unit", required=True)
    issue.add_argument("--problems", help="problem numbers, comma-separated (default: overdue)")
    issue.add_argument("-o", "--output", help="a folder for the PDFs")
    issue.add_argument("--as", dest="person")
    issue.add_argument("--today", **_TODAY)
    deliver = sub.add_parser("deliver", help="签收: the unit received the notice")
    _life(deliver)
    deliver.add_argument("--note", help="who signed for it")
    reply = sub.add_parser("reply", help="record the unit's reply")
    _life(reply)
    reply.add_argument("--text", required=True, help="what the unit replied")
    reply.add_argument("--scan", type=Path, help="photo or scan of the signed 回执")
    close = sub.add_parser("close", help="close a notice before all its problems are closed")
    _life(close)
    close.add_argument("--reason", required=True)
    confirm = sub.add_parser("confirm", help="give provisional 文号 their definitive numbers")
    confirm.add_argument("number", nargs="?", help="one notice (default: every provisional one)")
    confirm.add_argument("--as", dest="person")
    printed = sub.add_parser("print", help="print an issued notice again (same number)")
    printed.add_argument("number")
    printed.add_argument("-o", "--output", required=True, help="FILE.pdf or FILE.docx")


def _life(p: argparse.ArgumentParser) -> None:
    p.add_argument("number", nargs="?", help="文号 (or use --qr)")
    p.add_argument("--qr", type=Path, help="a file with the text the slip's QR code gave")
    p.add_argument("--on", help="the date (default today)")
    p.add_argument("--as", dest="person")


@command("notice", "issued notices (督办通知, 催办, 通报) and their follow-up", _arguments)
def notice_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        return HANDLERS[args.action](ws, args)


def register_rows(ws: Workspace, today: dt.date, **filters: Any) -> list[dict[str, Any]]:
    return notices.register(ws.db, today, **filters)


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    rows = register_rows(ws, today, unit_id=unit(ws, args.unit)["id"] if args.unit else None)
    if args.open:
        rows = [r for r in rows if r["status"] != "closed"]
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        flag = " 逾期未复" if r["reply_overdue"] else ""
        print(
            f"{r['number']}  {notices.KIND_ZH[r['kind']]}  {r['unit'] or '—'}"
            f"  {notices.STATUS_ZH[r['status']]}{flag}  复函 {r['reply_due']}"
            f"  {len(r['problems'])} 个问题"
        )
    print(f"{len(rows)} notices")
    return 0


def _show(ws: Workspace, args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    row = notices.find(ws, args.number)
    (out,) = [r for r in register_rows(ws, today) if r["id"] == row["id"]]
    out["events"] = [
        {
            "at": e["at"],
            "kind": e["kind"],
            "by": e["author_name"],
            "note": e["note"],
            "reply_text": e["reply_text"],
            "photo": e["photo_id"],
            "number": e["number"],
        }
        for e in notices.history(ws, row["id"])
    ]
    if args.json:
        print_json(out)
        return 0
    print(f"{out['number']}  {notices.KIND_ZH[out['kind']]}  {out['unit'] or '—'}")
    print(
        f"状态 {notices.STATUS_ZH[out['status']]} · 印发 {out['issued_on']} · 复函 {out['reply_due']}"
    )
    if out["cites"]:
        print(f"催办：{out['cites']}")
    print("问题 " + "、".join(out["problems"]))
    for e in out["events"]:
        print(f"  {e['at'][:16]}  {e['kind']:<10} {e['note'] or e['reply_text'] or ''}".rstrip())
    return 0


def _issue(ws: Workspace, args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    chosen = unit(ws, args.unit)
    ids = (
        [problem_id(ws, n.strip()) for n in args.problems.split(",") if n.strip()]
        if args.problems
        else None
    )
    folder = Path(args.output) if args.output else None
    if folder is not None and not folder.is_dir():
        # Checked before issuing: a number must not be spent on a file that cannot be written.
        raise UserError(f"folder does not exist: {folder}")
    issued = notice_doc.issue(
        ws, chosen["id"], today=today, author_id=person(ws, args.person), problem_ids=ids
    )
    for notice_id in issued:
        row = notice_store.get(ws.db, notice_id)
        line = f"{row['shown_number']}  {notices.KIND_ZH[row['doc_kind']]}  {chosen['name']}"
        if row["cited_number"]:
            line += f"  催办 {row['cited_number']}"
        print(line)
        if row["provisional"]:
            print(
                "siteledger: warning: 临时文号：本设备不是专班办公室的编号设备，"
                "正式文号由办公室确认（siteledger notice confirm）"
                " / provisional number until the office confirms it",
                file=sys.stderr,
            )
        if folder is not None:
            _write_pdf(ws, notice_id, folder)
    return 0


def _write_pdf(ws: Workspace, notice_id: str, folder: Path) -> None:
    from .documents import _write

    result = notice_doc.build(ws, notice_id)
    _write(folder / result.file_name, result, result.pdf)


def _find(ws: Workspace, args: argparse.Namespace) -> str:
    if args.qr:
        try:
            return args.qr.read_text(encoding="utf-8")
        except OSError as e:
            raise UserError(f"cannot read {args.qr}: {e.strerror}") from e
    if not args.number:
        raise UserError("请给出文号或 --qr / give the notice's number or --qr")
    return args.number


def _on(args: argparse.Namespace) -> dt.date:
    return day(args.on) if args.on else dt.date.today()


def _deliver(ws: Workspace, args: argparse.Namespace) -> int:
    notices.deliver(
        ws, _find(ws, args), on=_on(args), note=args.note, author_id=person(ws, args.person)
    )
    return _done(ws, args)


def _reply(ws: Workspace, args: argparse.Namespace) -> int:
    notices.reply(
        ws,
        _find(ws, args),
        on=_on(args),
        text=args.text,
        scan=args.scan,
        author_id=person(ws, args.person),
    )
    return _done(ws, args)


def _close(ws: Workspace, args: argparse.Namespace) -> int:
    notices.close(
        ws, _find(ws, args), on=_on(args), reason=args.reason, author_id=person(ws, args.person)
    )
    return _done(ws, args)


def _done(ws: Workspace, args: argparse.Namespace) -> int:
    row = notices.find(ws, _find(ws, args))
    print(f"{row['shown_number']}: {row['state']}")
    return 0


def _confirm(ws: Workspace, args: argparse.Namespace) -> int:
    prefix = notice_doc.prefix_for(read_settings(ws), "notice")
    targets = [notices.find(ws, args.number)] if args.number else notice_store.unconfirmed(ws.db)
    author = person(ws, args.person)
    with ws.transaction():
        for row in targets:
            kind_prefix = notice_doc.prefix_for(read_settings(ws), row["doc_kind"]) or prefix
            number = numbering.confirm(ws, row["id"], kind_prefix, author_id=author)
            print(f"{row['number']} → {number}")
    return 0


def _print(ws: Workspace, args: argparse.Namespace) -> int:
    from .documents import _write

    row = notices.find(ws, args.number)
    result = notice_doc.build(ws, row["id"])
    target = Path(args.output)
    docx = target.suffix.lower() == ".docx"
    if docx and result.docx is None:
        raise UserError("通报只有 PDF / a bulletin is PDF only")
    _write(target, result, result.docx() if docx else result.pdf)
    return 0


HANDLERS = {
    "list": _list,
    "show": _show,
    "issue": _issue,
    "deliver": _deliver,
    "reply": _reply,
    "close": _close,
    "confirm": _confirm,
    "print": _print,
}


# -- escalate ----------------------------------------------------------------------------------


def _escalate_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="list the proposed steps only")
    p.add_argument(
        "--step",
        choices=("remind", "notice", "bulletin"),
        help="take this step for every problem it is proposed for",
    )
    p.add_argument("--note", default="电话提醒责任单位", help="how the 提醒 was given")
    p.add_argument("-o", "--output", help="a folder for the notices' and bulletin's PDFs")
    p.add_argument("--json", action="store_true")
    p.add_argument("--as", dest="person")
    p.add_argument("--today", **_TODAY)


@command("escalate", "the escalation ladder: 提醒 → 督办通知 → 通报 → 约谈", _escalate_arguments)
def escalate_command(args: argparse.Namespace) -> int:
    if not args.dry_run and not args.step:
        raise UserError("请用 --dry-run 查看建议，或用 --step 采取一步 / use --dry-run or --step")
    today = args.today or dt.date.today()
    with Workspace.open(args.home) as ws:
        calendar = workdays.for_workspace(ws)
        found = problem_store.problem_rows(
            ws.db,
            problem_store.problem_ids(
                ws.db, problem_store.ProblemFilter(overdue=True, today=today)
            ),
        )
        proposals = escalation.propose(ws, today, calendar, found)
        if args.dry_run:
            _proposals(proposals, args.json)
        else:
            _take(ws, args, [p for p in proposals if p.next_step == args.step], today)
        calendar_warning(calendar)
    return 0


def _proposals(proposals: list[escalation.Proposal], as_json: bool) -> None:
    rows = [
        {
            "number": p.problem["number"],
            "unit": p.problem["unit_name"],
            "deadline": p.problem["deadline"],
            "overdue_workdays": p.overdue_workdays,
            "reached": p.reached,
            "next_step": p.next_step,
        }
        for p in proposals
    ]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        step = escalation.STEP_ZH.get(r["next_step"] or "", "—")
        print(
            f"{r['number']:<12} {r['overdue_workdays']:>4} 个工作日  {step:<4}  {r['unit'] or '—'}"
        )
    counts: dict[str, int] = {}
    for r in rows:
        if r["next_step"]:
            counts[r["next_step"]] = counts.get(r["next_step"], 0) + 1
    print(
        ", ".join(f"{escalation.STEP_ZH[s]} {counts[s]}" for s in escalation.STEPS if s in counts)
        or "nothing to escalate"
    )


def _take(ws: Workspace, args: argparse.Namespace, chosen: list, today: dt.date) -> None:
    if not chosen:
        print(f"no problem is due for {args.step}")
        return
    author = person(ws, args.person)
    folder = Path(args.output) if args.output else None
    if folder is not None and not folder.is_dir():
        raise UserError(f"folder does not exist: {folder}")
    ids = [p.problem["id"] for p in chosen]
    if args.step == "remind":
        escalation.remind(ws, ids, today=today, note=args.note, author_id=author)
        print(f"提醒 {len(ids)} problems")
        return
    if args.step == "bulletin":
        issued = [escalation.bulletin(ws, ids, today=today, author_id=author)]
    else:
        by_unit: dict[str, list[str]] = {}
        for p in chosen:
            if p.problem["unit_id"]:
                by_unit.setdefault(p.problem["unit_id"], []).append(p.problem["id"])
        with ws.transaction():
            issued = [
                nid
                for unit_id, pids in by_unit.items()
                for nid in notice_doc.issue(
                    ws, unit_id, today=today, author_id=author, problem_ids=pids
                )
            ]
    for notice_id in issued:
        row = notice_store.get(ws.db, notice_id)
        print(
            f"{row['shown_number']}  {notices.KIND_ZH[row['doc_kind']]}  {row['unit_name'] or ''}"
        )
        if folder is not None:
            _write_pdf(ws, notice_id, folder)


def _interview_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--problems", required=True, help="problem numbers, comma-separated")
    p.add_argument("--by", required=True, help="who held the 约谈 (a leader)")
    p.add_argument("--attendees", required=True, help="who was summoned")
    p.add_argument("--outcome", required=True)
    p.add_argument("--on", help="the date (default today)")
    p.add_argument("--unit", help="the unit summoned (default: the problems' unit)")
    p.add_argument("--as", dest="person")


@command("interview", "record a 约谈 (the last rung of escalation)", _interview_arguments)
def interview_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        ids = [problem_id(ws, n.strip()) for n in args.problems.split(",") if n.strip()]
        unit_id = unit(ws, args.unit)["id"] if args.unit else _common_unit(ws, ids)
        escalation.interview(
            ws,
            ids,
            held_on=day(args.on) if args.on else dt.date.today(),
            convened_by=args.by,
            attendees=args.attendees,
            outcome=args.outcome,
            unit_id=unit_id,
            author_id=person(ws, args.person),
        )
        print(f"约谈 recorded for {len(ids)} problems")
    return 0


def _common_unit(ws: Workspace, ids: list[str]) -> str | None:
    units = {r["unit_id"] for r in problem_store.problem_rows(ws.db, ids)}
    return units.pop() if len(units) == 1 else None
