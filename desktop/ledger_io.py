"""The ledger screen's door to the Excel ledger (`forms.ledger`): dry run, apply, export.

All of these run on the worker (`ctx.write`); they never touch a widget.
"""

from __future__ import annotations

from pathlib import Path

from forms import ledger
from forms.ledger import values
from forms.workspace import Workspace

from .i18n import language, tr


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


def export(ws: Workspace, path: Path, project_ids: list[str] | None = None) -> int:
    """The ledger workbook: every project, or these (a filter's) in their order."""
    return ledger.export(ws, path, project_ids=project_ids)


def describe(plan: ledger.Plan, limit: int = 500) -> str:
    """The dry run as text: the counts, then every row in error (row, column, value, why)."""
    lines = [summary(plan)]
    if plan.unmapped:
        lines.append(tr("未识别的列（不导入）：") + "、".join(plan.unmapped))
    errors = plan.errors
    if errors:
        lines.append("")
        lines += [error_line(error) for error in errors[:limit]]
        if len(errors) > limit:
            lines.append(tr("……另有 {n} 处错误", n=len(errors) - limit))
    return "\n".join(lines)


def summary(plan: ledger.Plan) -> str:
    """The dry run's counts in the UI's language (the command line prints both)."""
    return tr(
        "新建 {create} 个项目，更新 {update} 个，不变 {same} 个；有错误的行 {bad} 行",
        create=plan.count("create"),
        update=plan.count("update"),
        same=plan.count("unchanged"),
        bad=len(plan.bad_rows),
    )


def error_line(error: ledger.RowError) -> str:
    shown = tr("（空）") if values.blank(error.value) else f"“{error.value}”"
    why = error.en if language() == "en" else error.zh
    return tr(
        "第{row}行 {column} {value} {why}", row=error.row, column=error.column, value=shown, why=why
    )


def describe_result(result: ledger.Result) -> str:
    text = tr(
        "新建 {created} 个项目，更新 {updated} 个，不变 {same} 个。",
        created=result.created,
        updated=result.updated,
        same=result.unchanged,
    )
    if result.skipped_rows:
        text += "\n" + tr("跳过有错误的行：") + ", ".join(map(str, result.skipped_rows))
    return text
