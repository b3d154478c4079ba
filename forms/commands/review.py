"""`siteledger review …`: quarterly review rounds (季度观摩点评) from the command line.

Every input is checked before anything is written; a refusal is one plain line and exit 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from forms.cli import command
from forms.errors import UserError
from forms.workspace import Workspace


def _arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    n = sub.add_parser("new", help="make a round (the office); prints its id on the last line")
    n.add_argument("--title", required=True)
    n.add_argument("--quarter", required=True, help="2026-Q4")
    n.add_argument("--scorecard", required=True, type=Path, help="FILE.json")
    n.add_argument("--projects", required=True, help="CODE,CODE@2026-12-01,… in visiting order")
    n.add_argument("--members", required=True, help="NAME,NAME,…")
    n.add_argument("--red", type=int, default=5, help="places on the red list (top N)")
    n.add_argument("--black", type=int, default=5, help="places on the black list (bottom M)")
    n.add_argument("--rules", type=Path, help='FILE.json {"red": {...}, "black": {...}}')
    n.add_argument("--exempt", default="", help="CODE,… exempt from the black list (不可抗力)")
    s = sub.add_parser("score", help="record one member's scores for one project")
    s.add_argument("--round", required=True)
    s.add_argument("--member", required=True, help="the member's name")
    s.add_argument("--project", required=True, help="the project's code")
    s.add_argument("--comment", default="")
    s.add_argument("points", nargs="+", metavar="KEY=POINTS")
    r = sub.add_parser("results", help="the ranking, districts and red/black lists")
    r.add_argument("--round", required=True)
    r.add_argument("--json", action="store_true")
    b = sub.add_parser("bulletin", help="the review bulletin (观摩点评通报) as PDF")
    b.add_argument("--round", required=True)
    b.add_argument("-o", "--output", required=True, type=Path)
    e = sub.add_parser("export", help="every raw score to Excel")
    e.add_argument("--round", required=True)
    e.add_argument("-o", "--output", required=True, type=Path)
    c = sub.add_parser("close", help="close scoring of a round")
    c.add_argument("--round", required=True)
    sc = sub.add_parser("scorecard", help="give a round a new scorecard version")
    sc.add_argument("--round", required=True)
    sc.add_argument("--scorecard", required=True, type=Path)
    sub.add_parser("list", help="the rounds on this device")


@command("review", "quarterly review rounds: scorecards, scores, rankings, 红黑榜", _arguments)
def review_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        return HANDLERS[args.action](ws, args)


def _json_file(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except OSError as e:
        raise UserError(f"cannot read {what} {path}: {e.strerror}") from None
    except ValueError as e:
        raise UserError(f"{what} {path} is not valid JSON: {e}") from None


def _new(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.review import rounds, rules, scorecard

    card = scorecard.from_file(_json_file(args.scorecard, "scorecard"))
    if args.rules:
        data = _json_file(args.rules, "rules")
        if not isinstance(data, dict):
            raise UserError('规则文件应为 {"red": {...}, "black": {...}}')
        red, black = data.get("red", {"top": args.red}), data.get("black", {"bottom": args.black})
    else:
        red, black = rules.simple(args.red, args.black)
    round_id = rounds.new_round(
        ws,
        title=args.title,
        quarter=args.quarter,
        card=card,
        route=rounds.parse_stops(args.projects),
        member_names=args.members.split(","),
        red_rule=red,
        black_rule=black,
        exempt_codes=[c.strip() for c in args.exempt.split(",") if c.strip()],
    )
    print(f"{args.title} ({args.quarter})")
    print(round_id)
    return 0


def parse_points(items: list[str]) -> dict[str, int | float]:
    """`key=points` pairs; a whole number stays an integer."""
    points: dict[str, int | float] = {}
    for item in items:
        key, sep, value = item.partition("=")
        try:
            number = Decimal(value.strip()) if sep else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise UserError(f"分数应写作 key=分数，如 progress=18：{item} / write key=points")
        if key in points:
            raise UserError(f"{key} 写了两次 / {key} given twice")
        points[key.strip()] = int(number) if number == number.to_integral() else float(number)
    return points


def _score(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.review import rounds
    from forms.store import review as store

    round_ = rounds.find(ws.db, args.round)
    points = parse_points(args.points)
    member = rounds.member_id(ws.db, round_["id"], args.member)
    project = store.project_by_code(ws.db, args.project)
    if project is None:
        raise UserError(f"没有项目编号 {args.project} / no project with code {args.project}")
    rounds.score(ws, round_["id"], member, project["id"], points, comment=args.comment)
    print(f"{args.member} {args.project}: " + " ".join(f"{k}={v}" for k, v in points.items()))
    return 0


def _results(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.review import results, rounds

    found = results.compute(ws.db, rounds.find(ws.db, args.round)["id"])
    for name in found.silent_members():
        print(f"siteledger: warning: 尚未收到{name}的任何评分（未同步？）", file=sys.stderr)
    if args.json:
        print(json.dumps(found.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(f"{found.round['title']}（{found.round['quarter']}）")
    for p in found.projects:
        place = f"{p.rank:>3}" if p.rank else "  —"
        score = f"{results.shown(p.total):7.2f}" if p.total is not None else "      —"
        count = f"{p.scored_by}/{len(found.members)}"
        print(f"{place} {score} {count:>5} {p.code} {p.name}")
    print("红榜：" + "、".join(p.code for p in found.red))
    print("黑榜：" + "、".join(p.code for p in found.black))
    for f in found.flags:
        if f["kind"] != "amended":
            print(f"注意：{f['member']} {f['code']} {f['label']}")
    return 0


def _bulletin(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.review import bulletin, rounds

    result = bulletin.build(ws, rounds.find(ws.db, args.round)["id"])
    for warning in result.warnings:
        print(f"siteledger: warning: {warning}", file=sys.stderr)
    _write(args.output, result.pdf)
    print(f"{args.output}: {result.title}")
    return 0


def _export(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.review import export, rounds

    data = export.workbook_bytes(ws.db, rounds.find(ws.db, args.round)["id"])
    _write(args.output, data)
    print(args.output)
    return 0


def _close(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.review import rounds

    round_ = rounds.find(ws.db, args.round)
    rounds.close(ws, round_["id"])
    print(f"{round_['title']}: 已结束评分 / scoring closed")
    return 0


def _scorecard(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.review import rounds, scorecard

    round_ = rounds.find(ws.db, args.round)
    card = scorecard.from_file(_json_file(args.scorecard, "scorecard"))
    older = rounds.change_scorecard(ws, round_["id"], card)
    if older:
        print(f"siteledger: warning: {older} 条评分使用旧版评分表，不计入结果", file=sys.stderr)
    print(f"{round_['title']}: {card.id} v{card.version}")
    return 0


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    from forms.store import review as store

    for r in store.rounds(ws.db):
        state = "closed" if r["closed_at"] else "open"
        print(f"{r['id']}  {r['quarter']}  {state:6}  {r['title']}")
    return 0


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a temporary file renamed over the target."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {e.strerror}") from e


HANDLERS = {
    "new": _new,
    "score": _score,
    "results": _results,
    "bulletin": _bulletin,
    "export": _export,
    "close": _close,
    "scorecard": _scorecard,
    "list": _list,
}
