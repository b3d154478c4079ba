"""Workspace subcommands: demo, dump."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from forms import demo, dump
from forms.cli import command
from forms.errors import UserError
from forms.workspace import Workspace


def _demo_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--projects", type=int, default=200)
    p.add_argument("--people", type=int, default=20)
    p.add_argument("--visits", type=int, default=300)
    p.add_argument("--problems", type=int, default=600)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="the day the demo is anchored to (default: today)",
    )


@command("demo", "fill an empty workspace with a realistic demo ledger", _demo_arguments)
def demo_command(args: argparse.Namespace) -> int:
    if args.people < 4:
        raise UserError("the demo needs at least 4 people")
    with Workspace.open(args.home) as ws:
        try:
            demo.build(
                ws,
                size=demo.Size(args.projects, args.people, args.visits, args.problems),
                seed=args.seed,
                today=args.today,
                numbering_office=True,
            )
        except ValueError as e:
            raise UserError(str(e)) from e
        print(
            f"demo workspace ready in {ws.home}: {args.projects} projects, {args.visits} visits,"
            f" {args.problems} problems"
        )
    return 0


def _dump_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", help="write to this file instead of standard output")


@command("dump", "write the workspace's shared content as canonical JSON", _dump_arguments)
def dump_command(args: argparse.Namespace) -> int:
    with Workspace.open(args.home, lock=False) as ws:
        if args.output:
            try:
                with open(args.output, "w", encoding="utf-8") as out:
                    dump.write(ws, out)
            except OSError as e:
                raise UserError(f"cannot write {args.output}: {e.strerror}") from e
        else:
            dump.write(ws, sys.stdout)
    return 0


def _clock_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("show", "reset"), help="show the clock, or reset it")


@command(
    "clock",
    "show this workspace's sync clock, or reset one a far-future stamp pushed ahead",
    _clock_arguments,
)
def clock_command(args: argparse.Namespace) -> int:
    """`siteledger clock reset`: a change stamped far in the future (before servers refused
    them) can leave this workspace's clock beyond what its stamps can represent, and every new
    change is then refused. Reset brings it back to the latest sensible stamp it has seen."""
    with Workspace.open(args.home) as ws:
        if args.action == "show":
            print(f"clock: {ws.clock.last}")
            return 0
        old, new, future = ws.reset_clock()
    print(f"clock reset: {old} -> {new}")
    if future:
        print(
            f"{future} field values are still held by stamps from the future; an office edit of"
            " them wins again once the clock passes those stamps, or re-enter them after"
            " `siteledger sync`"
        )
    return 0
