"""`siteledger workdays …`: working days on the official calendar, and the office's entry of a
year the published data does not cover yet."""

from __future__ import annotations

import argparse

from forms import workdays
from forms.cli import command
from forms.workspace import Workspace

from ._lookup import calendar_warning, day, person


def _arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="the date N working days after DATE")
    add.add_argument("date")
    add.add_argument("n", type=int)
    between = sub.add_parser("between", help="working days after START up to END")
    between.add_argument("start")
    between.add_argument("end")
    show = sub.add_parser("show", help="a year's holidays and make-up working days")
    show.add_argument("year", type=int)
    put = sub.add_parser("set", help="enter the official schedule of a year not yet covered")
    put.add_argument("year", type=int)
    put.add_argument("--holidays", required=True, help="comma-separated ISO dates")
    put.add_argument("--workdays", default="", help="make-up working days (调休上班), ISO dates")
    put.add_argument("--as", dest="person")


@command("workdays", "working days (工作日) on China's official holiday calendar", _arguments)
def workdays_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home, lock=args.action != "set") as ws:
        calendar = workdays.for_workspace(ws)
        if args.action == "add":
            print(calendar.add(day(args.date), args.n).isoformat())
        elif args.action == "between":
            print(calendar.between(day(args.start), day(args.end)))
        elif args.action == "show":
            _show(calendar, args.year)
        else:
            schedule = workdays.set_schedule(
                ws,
                args.year,
                _dates(args.holidays),
                _dates(args.workdays),
                author_id=person(ws, args.person),
            )
            print(
                f"{args.year}: {len(schedule.holidays)} holidays,"
                f" {len(schedule.workdays)} make-up working days recorded"
            )
        calendar_warning(calendar)
    return 0


def _dates(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def _show(calendar: workdays.Calendar, year: int) -> None:
    schedule = calendar.schedule(year)
    if schedule is None:
        calendar.uncovered.add(year)
        return
    print(f"{year} ({schedule.source})")
    for d in sorted(schedule.holidays):
        print(f"{d.isoformat()} 休")
    for d in sorted(schedule.workdays):
        print(f"{d.isoformat()} 班")
