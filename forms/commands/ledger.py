"""Ledger subcommands: import-ledger (with a dry run) and export-ledger."""

from __future__ import annotations

import argparse
from pathlib import Path

from forms import ledger
from forms.cli import command
from forms.errors import UserError
from forms.ledger import aliases as unit_aliases
from forms.ledger import report
from forms.workspace import Workspace


def _mapping(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        header, sep, field = pair.partition("=")
        if not sep or not header.strip() or not field.strip():
            raise UserError(
                f"--map 应写成 表头=字段，例如 --map 总投资=total_investment"
                f" (expected HEADER=FIELD): {pair}"
            )
        out[header.strip()] = field.strip()
    return out


def _import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the ledger workbook (.xlsx or .xls)")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would change and every row in error; write nothing"
        " (exit status 1 when a row is in error)",
    )
    p.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="write the good rows and list the rows in error",
    )
    p.add_argument(
        "--sheet", help="the worksheet to read (default: the first with a ledger header)"
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="表头=field",
        help="map a column (header text or letter) to a field; field 'ignore' drops it."
        f" Fields: {', '.join(ledger.FIELD_NAMES)}",
    )
    p.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="简称=单位全称",
        help="confirm that a unit name in the sheet (高新区) is a known unit"
        " (高新技术产业开发区); remembered for later imports",
    )


@command("import-ledger", "import an Excel project ledger (台账)", _import_arguments)
def import_command(args: argparse.Namespace) -> int:
    mapping = _mapping(args.map)
    aliases = unit_aliases.parse(args.alias)
    with Workspace.open(args.home) as ws:
        plan = ledger.dry_run(ws, args.file, sheet=args.sheet, mapping=mapping, aliases=aliases)
        _show(plan)
        if args.dry_run:
            print("试运行，未写入任何内容 (dry run: nothing written)")
            return 1 if plan.errors else 0
        result = ledger.apply(ws, plan, skip_bad_rows=args.skip_bad_rows)
    print(
        f"已导入：新建 {result.created} 个，更新 {result.updated} 个，不变 {result.unchanged} 个"
        f" (imported: {result.created} created, {result.updated} updated)"
    )
    if result.skipped_rows:
        print(f"跳过有错误的行 (skipped rows): {'、'.join(map(str, result.skipped_rows))}")
    return 0


def _show(plan: ledger.Plan) -> None:
    print(f"工作表“{plan.sheet}” (sheet {plan.sheet})")
    print()
    print(report.columns_table(plan))
    if plan.unmapped:
        print(f"未识别的列，已忽略 (unmapped columns, ignored): {'、'.join(plan.unmapped)}")
    if plan.aliases or plan.suggested:
        print()
        print(report.aliases_text(plan))
    if any(a.action != "unchanged" for a in plan.actions):
        print()
        print(report.actions_table(plan))
    print()
    print(plan.summary())
    for error in plan.errors:
        print(error.line())


def _export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the workbook to write (.xlsx)")


@command(
    "export-ledger", "export the project ledger (台账) to an Excel workbook", _export_arguments
)
def export_command(args: argparse.Namespace) -> int:
    if args.file.suffix.lower() != ".xlsx":
        raise UserError(f"导出文件应以 .xlsx 结尾 (the file must end in .xlsx): {args.file}")
    with Workspace.open(args.home, lock=False) as ws:
        count = ledger.export(ws, args.file)
    print(f"已导出 {count} 个项目到 {args.file} (exported {count} projects)")
    return 0
