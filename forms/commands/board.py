"""`siteledger rates | coverage | compliance | monthly-status | rate-definitions`: the
supervision board on the command line, as text or as JSON (`--json`)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from forms import compliance, coverage, format, monthly_reports, periods, rates
from forms.cli import command
from forms.errors import UserError
from forms.store import people as people_store
from forms.store import units as unit_store
from forms.workspace import Workspace

STAGE_ZH = {
    "attract": "招引落地",
    "build": "加快建设",
    "upgrade": "技改扩能",
    "produce": "投产达效",
}


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2026-11-23: {text}") from None


def _common(p: argparse.ArgumentParser, *, today: bool = True) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--district", help="only this district's or park's projects (its name)")
    if today:
        p.add_argument("--today", type=_day, default=None, help=argparse.SUPPRESS)


def _print(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _district(ws: Workspace, name: str | None) -> str | None:
    if not name:
        return None
    found = unit_store.districts_named(ws.conn, name)
    if not found:
        raise UserError(f"没有名为“{name}”的区县或园区 / no district or park named {name}")
    return found[0]


def _person(ws: Workspace, name: str | None) -> str | None:
    if not name:
        return None
    rows = people_store.ids_named(ws.conn, name)
    if len(rows) != 1:
        raise UserError(
            f"{'没有' if not rows else '有多位'}名为“{name}”的人员 / "
            f"{'no' if not rows else 'several'} people named {name}"
        )
    return rows[0]


# -- rates -------------------------------------------------------------------------------------


def _rates_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", type=_day, default=None, help="the day D (default: today)")
    p.add_argument("--period", help="as of the last day of 2026-11 or 2026-Q3")
    p.add_argument("--by", choices=rates.GROUPINGS, help="one line of rates per group")
    p.add_argument("--person", help="only the projects this person is assigned (their name)")
    p.add_argument("--projects", metavar="KEY", help="list the projects behind one rate")
    _common(p, today=False)


@command("rates", "the supervision rates (五率 and more) as of a day", _rates_arguments)
def rates_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        as_of = args.as_of or dt.date.today()
        if args.period:
            as_of = periods.parse(args.period).last
        scope = rates.Scope(_district(ws, args.district), _person(ws, args.person))
        defs, warnings = rates.definitions(ws.conn)
        for warning in warnings:
            print(f"siteledger: warning: {warning}", file=sys.stderr)
        if args.projects:
            return _projects_behind(ws, defs, args.projects, as_of, scope, args.json)
        if args.by:
            groups = rates.compute_by(ws.conn, as_of, args.by, scope=scope, defs=defs)
            if args.json:
                _print({"as_of": as_of.isoformat(), "by": args.by,
                        "groups": [g.to_json() for g in groups]})  # fmt: skip
                return 0
            for group in groups:
                print(f"== {group.group}")
                _print_rates(group.rates)
            return 0
        found = rates.compute(ws.conn, as_of, scope=scope, defs=defs)
        if args.json:
            _print({"as_of": as_of.isoformat(), "rates": [r.to_json() for r in found]})
            return 0
        print(f"截至{format.zh_date(as_of)}")
        _print_rates(found)
        return 0


def _projects_behind(
    ws: Workspace,
    defs: list[rates.RateDefinition],
    key: str,
    as_of: dt.date,
    scope: rates.Scope,
    as_json: bool,
) -> int:
    """The drill-down: every project in the rate's denominator, with its part, and the unknown."""
    definition = next((d for d in defs if d.key == key), None)
    if definition is None:
        raise UserError(f"没有指标“{key}” / no rate {key}; known: {', '.join(d.key for d in defs)}")
    rows = rates.projects_behind(ws.conn, definition, as_of, "denominator", scope=scope)
    rows += rates.projects_behind(ws.conn, definition, as_of, "unknown", scope=scope)
    if as_json:
        _print({"as_of": as_of.isoformat(), "key": key, "definition": definition.text(),
                "projects": [{"code": r["code"], "name": r["name"], "part": r["state"]}
                             for r in rows]})  # fmt: skip
        return 0
    part = {"num": "分子", "den": "仅分母", "unknown": "日期不全"}
    print(definition.text())
    for r in rows:
        print(f"{r['code']}\t{part[r['state']]}\t{r['name']}")
    return 0


def _print_rates(found: list[rates.RateResult]) -> None:
    for r in found:
        if r.measure == "sum":
            unit = format.unit_for(r.numerator, r.denominator)
            figures = f"{format.money(r.numerator, unit)} / {format.money(r.denominator, unit)}"
        else:
            figures = f"{r.numerator} / {r.denominator}"
        unknown = f"  未知 {len(r.unknown)}: {' '.join(r.unknown[:10])}" if r.unknown else ""
        print(f"{r.name}\t{format.percent(r.numerator, r.denominator)}\t{figures}{unknown}")
        print(f"\t{r.definition}")


def _definitions_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", type=Path, dest="file", help="a JSON file of definitions to publish")
    p.add_argument("--reset", action="store_true", help="publish the default definitions")


@command(
    "rate-definitions",
    "show, or publish (office), the rate definitions every device computes with",
    _definitions_arguments,
)
def definitions_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        if args.file or args.reset:
            data = rates.DEFAULT_DATA
            if args.file:
                try:
                    data = json.loads(args.file.read_text("utf-8"))
                except (OSError, ValueError) as e:
                    raise UserError(f"cannot read {args.file}: {e}") from e
            rates.save_definitions(ws, data)
        defs, warnings = rates.definitions(ws.conn)
        for warning in warnings:
            print(f"siteledger: warning: {warning}", file=sys.stderr)
        _print({"rates": [d.to_dict() | {"definition": d.text()} for d in defs]})
        return 0


# -- coverage and compliance -------------------------------------------------------------------


@command("coverage", "leaders missing a stage, and projects nobody packages", _common)
def coverage_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        found = coverage.compute(ws.conn, _district(ws, args.district))
    if args.json:
        _print(found.to_json())
        return 0
    print(f"包抓领导 {found.leaders_total} 名，缺少阶段的 {len(found.leaders)} 名")
    for gap in found.leaders:
        missing = "、".join(STAGE_ZH[s] for s in gap.missing_stages)
        print(f"  {gap.leader}（包抓 {gap.projects} 个）缺：{missing}")
    print(f"无人包抓包联的项目 {len(found.unassigned)} 个：{' '.join(found.unassigned)}")
    print(f"无包抓领导的项目 {len(found.without_leader)} 个")
    return 0


def _compliance_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", required=True, help="a month (2026-11) or a quarter (2026-Q3)")
    _common(p)


@command("compliance", "who is behind on visits in a month or a quarter", _compliance_arguments)
def compliance_command(args: argparse.Namespace) -> int:
    period = periods.parse(args.period)
    with Workspace.open(args.home) as ws:
        found = compliance.compute(
            ws.conn, period, args.today or dt.date.today(), _district(ws, args.district)
        )
    if args.json:
        _print(found.to_json())
        return 0
    print(f"{period.zh()}走访达标情况（服务专员每月、包抓领导每季度至少走访1次）")
    for person in found.people:
        if not person.projects:
            print(f"  {person.name}（{person.role}）无包抓包联项目")
        elif person.behind:
            late = [p.code for p in person.projects if p.behind]
            print(f"  {person.name}（{person.role}）欠 {person.behind} 次：{' '.join(late)}")
    print(f"未达标 {len(found.behind)} 人")
    return 0


def _status_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--month", required=True, help="YYYY-MM")
    _common(p)


@command("monthly-status", "which projects have filed their monthly report", _status_arguments)
def monthly_status_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home) as ws:
        found = monthly_reports.status(
            ws.conn, args.month, args.today or dt.date.today(), _district(ws, args.district)
        )
    if found.warning:
        print(f"siteledger: warning: {found.warning}", file=sys.stderr)
    if args.json:
        _print(found.to_json())
        return 0
    data = found.to_json()
    print(
        f"{found.month} 月报（{format.zh_date(found.due)}前报送）：已报 {data['reported']} 个"
        f"（按时 {data['on_time']}，逾期 {data['late']}），未报 {len(data['missing'])} 个，"
        f"未到期 {len(data['pending'])} 个"
    )
    for p in found.of("missing"):
        print(f"  未报 {p.row['code']} {p.row['name']}  {p.row['commissioners'] or '无服务专员'}")
    return 0
