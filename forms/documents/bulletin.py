"""The 通报 (bulletin): the third rung of the escalation ladder, for the leaders it goes to.

GB/T 9704 as the notice: red header, 文号 from the bulletin sequence (工专班通〔2026〕3号), a
short body in 3号 naming the units with the most overdue problems, the 附件 listing every unit
and its overdue problems (grouped by unit), then the 版记. No reply slip: a bulletin informs,
the units answer the notices they already hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from .. import workdays
from ..errors import UserError
from ..store import documents as document_store
from ..store import notices as notice_store
from ..workspace import Workspace
from . import DocumentResult, blocks, page, zh_date
from .context import Context
from .notice import (
    SEAL_CLEARANCE,
    _placeholder_prefix,
    attachment,
    imprint,
    red_header,
    seal_area,
)
from .text import Text

TITLE = "关于重大项目建设问题超期未办结情况的通报"
HEADER = ("序号", "责任单位", "问题编号", "项目名称", "问题描述", "超期工作日")
WIDTHS = (9, 30, 26, 30, 48, 13)  # 156 mm


@dataclass
class Imprint:
    copy_to: str
    print_office: str
    print_date: str


def build(ws: Workspace, notice_id: str) -> DocumentResult:
    ctx = Context.for_workspace(ws)
    record = notice_store.get(ws.db, notice_id)
    if record is None or record["doc_kind"] != "bulletin":
        raise UserError(f"没有这份通报 / no such bulletin: {notice_id}")
    rows = document_store.problems(ws.conn, ids=record["problem_id_list"])
    issued = dt.date.fromisoformat(record["issued_on"])
    calendar = workdays.Calendar.from_settings(ctx.settings)
    organ = ctx.setting("organ_name")
    number = _placeholder_prefix(ctx, record["number"])
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_unit.setdefault(row["unit_name"] or "（未明确责任单位）", []).append(row)
    ranked = sorted(by_unit.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    st = page.styles()
    copy_to = ctx.setting("copy_to", "【请填写抄送单位】")
    copy_to = "，".join(copy_to) if isinstance(copy_to, list) else str(copy_to)
    story = [
        *red_header(ctx, organ, number),
        Text(ctx, TITLE, st["title"]),
        Text(ctx, str(ctx.settings.get("bulletin_addressee") or "各有关单位："), st["body_flush"]),
        Text(ctx, _summary(issued, rows, ranked), st["body"]),
        KeepTogether(
            [
                Text(
                    ctx,
                    "请被通报单位主要负责同志亲自过问，逐项落实整改，限期办结并书面报告；"
                    "仍未办结的，将提请市政府分管领导约谈有关责任人。",
                    st["body"],
                ),
                Spacer(1, page.PORTRAIT.leading),
                Text(ctx, "附件：超期未办结问题清单", st["body"]),
                seal_area(ctx, ctx.settings.get("signature") or organ, zh_date(issued)),
            ]
        ),
        *attachment(ctx, "超期未办结问题清单", _table(ctx, ranked, issued, calendar)),
        blocks.AtBottom(
            imprint(
                ctx,
                Imprint(
                    f"抄送：{copy_to}。",
                    ctx.settings.get("print_office") or f"{organ}办公室",
                    f"{zh_date(issued)}印发",
                ),
            ),
            space_above=SEAL_CLEARANCE,
        ),
    ]
    pdf = page.build_pdf(ctx, story, title=f"{number} {TITLE}")
    return DocumentResult(
        "bulletin",
        f"{number} {TITLE}",
        pdf,
        ctx.warnings,
        f"通报_{record['year']}_{record['seq']}.pdf",
        None,
        notice_id,
    )


def _summary(issued: dt.date, rows: list[dict[str, Any]], ranked: list) -> str:
    top = "、".join(f"{name}（{len(items)}个）" for name, items in ranked[:3])
    return (
        f"截至{zh_date(issued)}，全市仍有{len(rows)}个项目建设问题超过办理时限未办结，"
        f"涉及{len(ranked)}个责任单位，其中较多的是{top}（详见附件）。现予通报。"
    )


def _table(ctx: Context, ranked: list, issued: dt.date, calendar: workdays.Calendar):
    st = page.styles()
    body, n = [], 0
    for name, items in ranked:
        for p in items:
            n += 1
            deadline = dt.date.fromisoformat(p["deadline"][:10])
            over = calendar.between(deadline, issued) if deadline < issued else 0
            body.append(
                [
                    str(n),
                    name,
                    p["problem_number"],
                    p["project_name"] or "",
                    p["description"] or "",
                    str(max(over, 0)),
                ]
            )
    return blocks.table(
        ctx,
        HEADER,
        body,
        [w * mm for w in WIDTHS],
        cell=st["cell"],
        head=st["cell_head"],
        aligns=("center", "left", "center", "left", "left", "center"),
    )
