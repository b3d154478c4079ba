"""The ledger screen's door to the Excel ledger (`forms.ledger`): dry run, apply, export.

All of these run on the worker (`ctx.write`); they never touch a widget.
"""

from __future__ import annotations

from pathlib import Path

from forms import ledger
from forms.workspace import Workspace


def preview(
    ws: Workspace,
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    aliases: dict[str, str] | None = None,
) -> ledger.Plan:
    """The dry run: what importing would do, writing nothing."""
    return ledger.dry_run(ws, path, mapping=mapping, aliases=aliases)


def apply(
    ws: Workspace, plan: ledger.Plan, *, skip_bad_rows: bool, author_id: str | None
) -> ledger.Result:
    return ledger.apply(ws, plan, skip_bad_rows=skip_bad_rows, author_id=author_id)


def export(ws: Workspace, path: Path) -> None:
    ledger.export(ws, path)


def describe(plan: ledger.Plan, limit: int = 500) -> str:
    """The dry run as text: the counts, then every row in error (row, column, value, why)."""
    lines = [plan.summary()]
    if plan.unmapped:
        lines.append("未识别的列（不导入）：" + "、".join(plan.unmapped))
    errors = plan.errors
    if errors:
        lines.append("")
        lines += [error.line() for error in errors[:limit]]
        if len(errors) > limit:
            lines.append(f"……另有 {len(errors) - limit} 处错误")
    return "\n".join(lines)


def describe_result(result: ledger.Result) -> str:
    text = f"新建 {result.created} 个项目，更新 {result.updated} 个，不变 {result.unchanged} 个。"
    if result.skipped_rows:
        text += f"\n跳过有错误的行：{', '.join(map(str, result.skipped_rows))}"
    return text
