"""The problem list (问题清单), filtered as in the register, with totals by status.

Nine columns do not fit the 156 mm portrait text block at a readable size, so the list turns to
landscape when it needs the width (every unit listed); for one unit the unit column goes and the
list stays portrait. The header row repeats on every page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from .. import codes, problems
from ..store import documents as document_store
from ..workspace import Workspace
from . import DocumentResult, blocks, page, zh_date
from .context import Context
from .text import Style, Text

STATUS_ZH = {c.value: c.zh for c in codes.PROBLEM_STATUSES}
CATEGORY_ZH = {c.value: c.zh for c in codes.PROBLEM_CATEGORIES}


def build(
    ws: Workspace,
    *,
    unit_id: str | None = None,
    status: str | None = None,
    overdue: bool = False,
    today: dt.date | None = None,
) -> DocumentResult:
    today = today or dt.date.today()
    ctx = Context.for_workspace(ws)
    rows = document_store.problems(
        ws.conn, unit_id=unit_id, status=status, overdue_on=today if overdue else None
    )
    unit = document_store.unit(ws.conn, unit_id) if unit_id else None
    geo = page.PORTRAIT if unit else page.LANDSCAPE
    title = "问题清单" if not unit else f"{unit['name']}问题清单"
    flowables = [
        Text(ctx, title, page.styles(geo)["title"]),
        Text(ctx, _subtitle(ctx, status, overdue, today, len(rows)), page.styles(geo)["center"]),
        Spacer(1, 3 * mm),
        _table(ctx, rows, today, with_unit=unit is None, geo=geo),
        Spacer(1, 6 * mm),
        Text(ctx, "按状态统计", page.styles(geo)["heading1"]),
        _totals(ctx, rows, geo),
    ]
    pdf = page.build_pdf(ctx, flowables, title=title, geo=geo)
    return DocumentResult("problems", title, pdf, ctx.warnings, f"{title}_{today.isoformat()}.pdf")


def _subtitle(ctx: Context, status: str | None, overdue: bool, today: dt.date, n: int) -> str:
    parts = [f"截至{zh_date(today)}"]
    if status:
        parts.append(f"状态：{STATUS_ZH.get(status, status)}")
    if overdue:
        parts.append("仅超期问题")
    parts.append(f"共{n}项")
    return "（" + "，".join(parts) + "）"


def _days_over(row: dict, today: dt.date) -> str:
    if not problems.is_open(row) or not row["deadline"]:
        return ""
    days = (today - dt.date.fromisoformat(row["deadline"][:10])).days
    return str(days) if days > 0 else ""


def _table(ctx: Context, rows: list[dict], today: dt.date, *, with_unit: bool, geo: page.Geometry):
    st = page.styles(geo)
    header = ["序号", "项目名称", "问题描述", "类别", "发现日期", "办理时限", "状态", "超期天数"]
    widths = [9, 34, 36, 12, 21, 21, 12, 11]  # 156 mm: the portrait text block
    aligns = ["center", "left", "left", "center", "center", "center", "center", "center"]
    if with_unit:
        header.insert(4, "责任单位")
        widths = [10, 50, 70, 16, 32, 22, 22, 18, 14]  # 254 mm: landscape block is 241
        widths = [w * geo.width / (sum(widths) * mm) for w in widths]
        aligns.insert(4, "left")
    else:
        widths = [w * geo.width / (sum(widths) * mm) for w in widths]
    data = []
    for n, row in enumerate(rows, 1):
        values = [
            str(n),
            row["project_name"] or "",
            row["description"] or "",
            CATEGORY_ZH.get(row["category"], row["category"] or ""),
            zh_date(row["raised_on"]),
            zh_date(row["deadline"]),
            STATUS_ZH.get(row["status"], row["status"]),
            _days_over(row, today),
        ]
        if with_unit:
            values.insert(4, row["unit_name"] or "")
        data.append(values)
    return blocks.table(
        ctx,
        header,
        data,
        [w * mm for w in widths],
        cell=st["cell"],
        head=st["cell_head"],
        aligns=aligns,
    )


def _totals(ctx: Context, rows: list[dict], geo: page.Geometry):
    counts = Counter(r["status"] for r in rows)
    data = [[c.zh, str(counts.get(c.value, 0))] for c in codes.PROBLEM_STATUSES]
    data.append(["合计", str(len(rows))])
    cell = Style("body", 12.0, 18.0, "center", 0)
    return blocks.table(
        ctx,
        ["状态", "数量"],
        data,
        [40 * mm, 30 * mm],
        cell=cell,
        head=Style("heading1", 12.0, 18.0, "center", 0),
        aligns=["center", "center"],
    )
