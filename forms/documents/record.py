"""The site inspection record (现场检查记录) of one visit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from .. import codes
from ..errors import UserError
from ..store import documents as document_store
from ..workspace import Workspace
from . import DocumentResult, blocks, page, photos, wan, zh_date
from .context import Context
from .problem_list import CATEGORY_ZH, STATUS_ZH
from .text import Style, Text

KIND_ZH = {c.value: c.zh for c in codes.VISIT_KINDS}
STAGE_ZH = {c.value: c.zh for c in codes.STAGES}


def build(
    ws: Workspace,
    visit_id: str,
    *,
    photo_list: Sequence[photos.PhotoForDocument] | None = None,
    photos_per_page: int = 4,
) -> DocumentResult:
    """The record; `photo_list` overrides the registered photo sources."""
    visit = document_store.visit(ws.conn, visit_id)
    if visit is None:
        raise UserError(f"没有这次走访 / no such visit: {visit_id}")
    project = document_store.project(ws.conn, visit["project_id"]) or {}
    ctx = Context.for_workspace(ws)
    st = page.styles()
    values = visit["values"]
    when = visit["visited_at"] or ""
    participants = document_store.people_names(ws.conn, list(values.get("participants") or []))
    if visit.get("author_name") and visit["author_name"] not in participants:
        participants.insert(0, visit["author_name"])
    title = "现场检查记录"
    flow: list = [
        Text(ctx, title, st["title"]),
        Text(ctx, f"（{ctx.setting('organ_name')}）", st["center"]),
        Spacer(1, 3 * mm),
        Text(ctx, "一、项目基本情况", st["heading1"]),
        _facts(
            ctx,
            [
                ("项目名称", project.get("name")),
                ("项目编号", project.get("code")),
                ("建设单位", project.get("enterprise")),
                ("所在区县", project.get("district_name")),
                ("所处阶段", STAGE_ZH.get(project.get("stage") or "", "")),
                ("总投资（万元）", wan(project.get("total_investment"))),
                ("牵头单位", project.get("lead_unit_name")),
                ("建设地点", project.get("location")),
            ],
        ),
        Text(ctx, "二、检查情况", st["heading1"]),
        _facts(
            ctx,
            [
                ("检查时间", _when(when)),
                ("检查类型", KIND_ZH.get(visit.get("kind") or "", "")),
                ("参加人员", "、".join(participants)),
                ("位置", _gps(visit)),
                ("累计完成投资（万元）", wan(visit.get("cumulative_investment"))),
            ],
        ),
        Text(ctx, "（一）形象进度", st["heading2"]),
        Text(ctx, visit.get("progress_text") or "（未填写）", st["body"]),
        Text(ctx, "（二）节点情况", st["heading2"]),
        _milestones(ctx, project, values),
    ]
    if values.get("note"):
        flow += [Text(ctx, "（三）其他情况", st["heading2"]), Text(ctx, values["note"], st["body"])]
    flow += [Text(ctx, "三、发现的问题", st["heading1"]), _problems(ctx, ws, visit_id)]
    flow += _signatures(ctx)
    chosen = list(photo_list) if photo_list is not None else photos.for_visit(ws, visit_id)
    if chosen:
        flow += [PageBreak(), Text(ctx, "附：现场照片", st["heading1"])]
        flow += photos.grid(ctx, chosen, page.PORTRAIT.width, photos_per_page)
    pdf = page.build_pdf(ctx, flow, title=f"{project.get('name', '')}{title}")
    return DocumentResult(
        "record",
        f"{project.get('name', '')}{title}",
        pdf,
        ctx.warnings,
        f"现场检查记录_{when[:10]}.pdf",
    )


def _when(value: str) -> str:
    if not value:
        return ""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{zh_date(moment.date())} {moment:%H:%M}"


def _gps(visit: dict) -> str:
    if visit.get("latitude") is None:
        return "未记录"
    return f"北纬{visit['latitude']:.5f}°，东经{visit['longitude']:.5f}°"


def _facts(ctx: Context, pairs: list[tuple[str, object]]) -> Table:
    key = Style("heading2", 12.0, 18.0, "center", 0)
    val = Style("body", 12.0, 18.0, "left", 0)
    rows = []
    for i in range(0, len(pairs), 2):
        row = []
        for k, v in pairs[i : i + 2]:
            row += [Text(ctx, k, key), Text(ctx, str(v or ""), val)]
        if len(row) == 2:  # one pair in the last row: let its value span the width
            row += ["", ""]
        rows.append(row)
    table = Table(rows, colWidths=[30 * mm, 48 * mm, 30 * mm, 48 * mm])
    style = [
        blocks.font_of(ctx),
        ("GRID", (0, 0), (-1, -1), 0.5, blocks.GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), blocks.HEAD_FILL),
    ]
    for r, row in enumerate(rows):
        if row[2] == "":
            style.append(("SPAN", (1, r), (3, r)))
        else:
            style.append(("BACKGROUND", (2, r), (2, r), blocks.HEAD_FILL))
    table.setStyle(TableStyle(style))
    table.spaceAfter = 3 * mm
    return table


def _milestones(ctx: Context, project: dict, values: dict) -> Table:
    st = page.styles()
    rows = []
    for m, zh, _en in codes.MILESTONES:
        seen = values.get(f"{m}_actual")
        rows.append(
            [
                zh,
                zh_date(project.get(f"{m}_plan")),
                zh_date(project.get(f"{m}_actual")),
                "本次检查更新" if seen else "",
            ]
        )
    return blocks.table(
        ctx,
        ["节点", "计划日期", "实际日期", "说明"],
        rows,
        [30 * mm, 42 * mm, 42 * mm, 42 * mm],
        cell=st["cell"],
        head=st["cell_head"],
        aligns=["center", "center", "center", "center"],
    )


def _problems(ctx: Context, ws: Workspace, visit_id: str):
    st = page.styles()
    rows = [
        [
            str(n),
            CATEGORY_ZH.get(p["category"], p["category"] or ""),
            p["description"] or "",
            p["unit_name"] or "",
            zh_date(p["deadline"]),
            STATUS_ZH.get(p["status"], p["status"]),
        ]
        for n, p in enumerate(document_store.visit_problems(ws.conn, visit_id), 1)
    ]
    if not rows:
        return Text(ctx, "本次检查未发现需要协调解决的问题。", st["body"])
    return blocks.table(
        ctx,
        ["序号", "类别", "问题描述", "责任单位", "办理时限", "状态"],
        rows,
        [w * mm for w in (10, 16, 58, 32, 22, 18)],
        cell=st["cell"],
        head=st["cell_head"],
        aligns=["center", "center", "left", "left", "center", "center"],
    )


def _signatures(ctx: Context) -> list:
    st = page.styles()
    line = "＿＿＿＿＿＿＿＿"
    return [
        Spacer(1, page.PORTRAIT.leading),
        Text(ctx, f"检查人员（签字）：{line}", st["body_flush"]),
        Text(ctx, f"企业负责人（签字）：{line}", st["body_flush"]),
        Text(ctx, "日期：　　　年　　月　　日", st["right"]),
    ]
