"""The supervision notice (督办通知) to one responsible unit: issuing, then the PDF.

Issuing records the notice (number, unit, problems, reply deadline) in `notices` through
`ws.record`, in one transaction with the number's lane claim; printing it again later reuses the
same number. The wording lives in `NoticeContent`, shared by the PDF and the .docx export so
both read the same.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer, Table, TableStyle

from ..errors import UserError
from ..ids import new_id
from ..workspace import Workspace
from . import DocumentResult, blocks, numbering, page, queries, zh_date
from .context import Context, read_settings
from .text import Style, Text

REPLY_DAYS = 10  # default time the unit has to reply, a setting `notice_reply_days` overrides
QR_MAX_IDS = 60  # beyond this the QR code carries the notice id only (the record lists all)


# -- issuing -----------------------------------------------------------------------------------


def issue(
    ws: Workspace,
    unit_id: str,
    *,
    today: dt.date | None = None,
    author_id: str | None = None,
    problem_ids: list[str] | None = None,
) -> str:
    """Number and record a notice for the unit's overdue problems (or the given ones)."""
    today = today or dt.date.today()
    rows = (
        queries.problems(ws, ids=problem_ids)
        if problem_ids is not None
        else queries.problems(ws, unit_id=unit_id, overdue_on=today)
    )
    if not rows:
        unit = queries.unit(ws, unit_id)
        raise UserError(
            f"{unit['name'] if unit else unit_id} 没有超期未办结的问题，无需督办"
            " / the unit has no overdue problems"
        )
    settings = read_settings(ws)
    reply_days = int(settings.get("notice_reply_days") or REPLY_DAYS)
    notice_id = new_id()
    with ws.transaction():
        seq = numbering.next_seq(ws, today.year, author_id=author_id)
        prefix = settings.get("notice_prefix") or ""
        ws.record(
            "notice",
            notice_id,
            {
                "number": numbering.format_number(prefix or "〔文号前缀〕", today.year, seq),
                "year": today.year,
                "seq": seq,
                "unit_id": unit_id,
                "issued_on": today.isoformat(),
                "deadline": (today + dt.timedelta(days=reply_days)).isoformat(),
                "problem_ids": json.dumps([r["id"] for r in rows]),
                "status": "issued",
            },
            author_id=author_id,
        )
    return notice_id


def issue_overdue(
    ws: Workspace, *, today: dt.date | None = None, author_id: str | None = None
) -> list[str]:
    """Batch: one notice per responsible unit for all of its overdue problems."""
    today = today or dt.date.today()
    with ws.transaction():
        return [
            issue(ws, unit["id"], today=today, author_id=author_id)
            for unit in queries.units_with_overdue(ws, today)
        ]


# -- content -----------------------------------------------------------------------------------


@dataclass
class NoticeContent:
    """Every word of the notice, filled from the record and the settings (with placeholders)."""

    organ: str
    number: str
    title: str
    addressee: str
    opening: str
    problems: list[dict[str, Any]]
    requirement: str
    reply: str
    contact: str
    signature: str
    date: str
    copy_to: str
    print_office: str
    print_date: str
    qr_payload: str
    notice: dict[str, Any]

    def problem_rows(self, today: dt.date) -> list[list[str]]:
        return [
            [
                str(n),
                p["project_name"] or "",
                p["description"] or "",
                zh_date(p["raised_on"]),
                zh_date(p["deadline"]),
                _days_over(p, today),
                p["id"][-6:],
            ]
            for n, p in enumerate(self.problems, 1)
        ]


PROBLEM_HEADER = ("序号", "项目名称", "问题描述", "发现日期", "办理时限", "超期天数", "编号")


def content(ws: Workspace, ctx: Context, notice_id: str) -> NoticeContent:
    record = queries.notice(ws, notice_id)
    if record is None:
        raise UserError(f"没有这份督办通知 / no such notice: {notice_id}")
    ids = json.loads(record["problem_ids"] or "[]")
    rows = queries.problems(ws, ids=ids)
    unit = queries.unit(ws, record["unit_id"]) or {"name": "【责任单位】"}
    organ = ctx.setting("organ_name")
    number = record["number"]
    if "〔文号前缀〕" in number:
        prefix = ctx.setting("notice_prefix", "〔文号前缀〕")
        number = number.replace("〔文号前缀〕", prefix)
    signature = ctx.settings.get("signature") or organ
    copy_to = ctx.setting("copy_to", "【请填写抄送单位】")
    copy_to = "，".join(copy_to) if isinstance(copy_to, list) else str(copy_to)
    print_office = ctx.settings.get("print_office") or f"{organ}办公室"
    contact = ctx.settings.get("contact") or ""
    deadline = zh_date(record["deadline"])
    return NoticeContent(
        organ=organ,
        number=number,
        title="关于督促办理超期问题的通知",
        addressee=f"{unit['name']}：",
        opening=(
            f"经梳理，你单位承办的以下{len(rows)}个项目建设问题已超过办理时限，尚未办结。"
            "根据重大项目问题督办工作要求，现予督办。具体问题如下："
        ),
        problems=rows,
        requirement=(
            "请你单位高度重视，逐项研究解决措施，明确责任人和完成时限，"
            "加快推进问题办结，切实为项目建设扫除障碍。"
        ),
        reply=(
            f"请于{deadline}前将办理情况连同回执（附后）书面报送{organ}。"
            "逾期未反馈或问题仍未解决的，将予以通报；情节严重的，将提请约谈。"
        ),
        contact=f"联系人及电话：{contact}" if contact else "",
        signature=signature,
        date=zh_date(record["issued_on"]),
        copy_to=f"抄送：{copy_to}。",
        print_office=print_office,
        print_date=f"{zh_date(record['issued_on'])}印发",
        qr_payload=qr_payload(number, record["id"], ids),
        notice=record,
    )


def qr_payload(number: str, notice_id: str, problem_ids: list[str]) -> str:
    """What the reply slip's QR code carries: enough to match a returned paper to its record.

    The notice id is complete; each problem is named by the last 12 hex digits of its id (the
    random part of a UUIDv7), which tells the problems of one notice apart while keeping the
    code printable at 28 mm. Past QR_MAX_IDS problems only the notice id is carried: the notice
    record lists them all."""
    lines = ["SITELEDGER-NOTICE/1", f"NO:{number}", f"ID:{notice_id}", f"N:{len(problem_ids)}"]
    if len(problem_ids) <= QR_MAX_IDS:
        lines.append("P:" + ",".join(short_id(i) for i in problem_ids))
    return "\n".join(lines)


def short_id(problem_id: str) -> str:
    return problem_id.replace("-", "")[-12:]


def _days_over(problem: dict[str, Any], today: dt.date) -> str:
    if not problem.get("deadline") or problem.get("status") == "closed":
        return ""
    days = (today - dt.date.fromisoformat(problem["deadline"][:10])).days
    return str(days) if days > 0 else ""


# -- the PDF -----------------------------------------------------------------------------------


def build(ws: Workspace, notice_id: str) -> DocumentResult:
    """The notice as a GB/T 9704 PDF (red header, body, seal area, 回执, 版记)."""
    ctx = Context.for_workspace(ws)
    c = content(ws, ctx, notice_id)
    flowables = story(ctx, c)
    pdf = page.build_pdf(ctx, flowables, title=f"{c.number} {c.title}")

    def docx() -> bytes:
        from . import notice_docx

        return notice_docx.build(c, Context.for_workspace(ws))

    return DocumentResult(
        "notice",
        f"{c.number} {c.title}",
        pdf,
        ctx.warnings,
        f"督办通知_{c.notice['year']}_{c.notice['seq']}.pdf",
        docx,
        notice_id,
    )


def story(ctx: Context, c: NoticeContent) -> list:
    st = page.styles()
    lead = page.PORTRAIT.leading
    red_title = Style("title", 26.0, lead * 1.4, "center", 0, blocks.RED, pitch=26.0)
    issued = dt.date.fromisoformat(c.notice["issued_on"])
    out: list = [
        # 发文机关标志: its top 35 mm under the top of the text block.
        Spacer(1, 35 * mm - (red_title.leading - red_title.size) / 2),
        Text(ctx, c.organ, red_title),
        Spacer(1, lead * 1.0),
        Text(ctx, c.number, st["center"]),
        blocks.Rule(1.0, blocks.RED, space_before=4 * mm - (lead - 16) / 2, space_after=lead),
        Text(ctx, c.title, st["title"]),
        Spacer(1, lead * 0.5),
        Text(ctx, c.addressee, st["body_flush"]),
        Text(ctx, c.opening, st["body"]),
        problems_table(ctx, c, issued),
        Spacer(1, lead * 0.5),
        Text(ctx, "一、办理要求", st["heading1"]),
        Text(ctx, c.requirement, st["body"]),
        Text(ctx, "二、反馈时限", st["heading1"]),
        Text(ctx, c.reply, st["body"]),
    ]
    if c.contact:
        out.append(Text(ctx, c.contact, st["body"]))
    out += [
        CondPageBreak(lead * 5),
        blocks.SealArea(ctx, c.signature, c.date, st["body"]),
        # 版记, cut line and reply slip as one block at the foot of the last page: under the
        # signature when there is room, else on a page of their own (see `tail`).
        blocks.AtBottom(tail(ctx, c), space_above=SEAL_CLEARANCE),
    ]
    return out


# The seal circle (r 21 mm) is centred a line above the date, so it reaches ~11 mm under it.
SEAL_CLEARANCE = 14 * mm


def tail(ctx: Context, c: NoticeContent) -> list:
    """The notice's last block: 版记, then the cut line and the reply slip under it.

    Why this order: the unit cuts along the line and returns only the slip; what stays is the
    notice itself, ending — as GB/T 9704 7.4 wants — with the 版记 as its last element at the
    foot of its last page. The slip is not a formal 附件 (those start on a page of their own,
    before the 版记, with an 附件说明 in the body), which is what would turn every short notice
    into two or three sheets; the body therefore says "回执（附后）". When the block does not
    fit under the signature it moves, whole, to the foot of a new page: a 版记 page, as 9704
    has when the 版记 does not fit the body's last page, with the slip under its cut line.
    """
    return [*imprint(ctx, c), *reply_slip(ctx, c)]


def problems_table(ctx: Context, c: NoticeContent, today: dt.date) -> Table:
    st = page.styles()
    widths = [w * mm for w in (9, 36, 45, 19, 19, 12, 16)]
    return blocks.table(
        ctx,
        PROBLEM_HEADER,
        c.problem_rows(today),
        widths,
        cell=st["cell"],
        head=st["cell_head"],
        aligns=("center", "left", "left", "center", "center", "center", "center"),
    )


def reply_slip(ctx: Context, c: NoticeContent) -> list:
    """The reply slip the unit cuts off, fills in, stamps and returns: a cut line, its title,
    the form on the left and the QR code with how to use it on the right (kept compact so that
    it fits under the signature of a short notice)."""
    label = Style("heading1", 12.0, 18.0, "center", 0)
    small = Style("body", 12.0, 18.0, "left", 0)
    ids = ", ".join(p["id"][-6:] for p in c.problems[:QR_MAX_IDS])
    more = f"等{len(c.problems)}项" if len(c.problems) > QR_MAX_IDS else f"共{len(c.problems)}项"
    rows = [
        ("通知文号", c.number),
        ("责任单位", c.addressee.rstrip("：")),
        ("督办问题", f"{ids}（{more}，编号见通知正文）"),
        ("办理情况", "\n\n"),
        ("经办人及电话", ""),
        ("单位负责人（签字）", ""),
        ("单位（盖章）", "\n年    月    日"),
    ]
    form = Table(
        [[Text(ctx, k, label), Text(ctx, v, small)] for k, v in rows], colWidths=[30 * mm, 90 * mm]
    )
    form.setStyle(
        TableStyle(
            [
                blocks.font_of(ctx),
                ("GRID", (0, 0), (-1, -1), 0.6, blocks.GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    note = Text(
        ctx,
        f"扫描二维码可将回执与督办记录自动对应。请填写、盖章后于反馈时限前报送{c.organ}。",
        Style("body", 10.5, 14.0, "left", 0),
    )
    side = [[blocks.QrCode(c.qr_payload, QR_SIZE)], [note]]
    column = Table(side, colWidths=[QR_SIZE])
    column.setStyle(
        TableStyle([blocks.font_of(ctx), ("ALIGN", (0, 0), (-1, -1), "CENTER"), *_no_padding()])
    )
    body = Table([[form, column]], colWidths=[120 * mm, 36 * mm])
    body.setStyle(
        TableStyle(
            [
                blocks.font_of(ctx),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                *_no_padding(),
            ]
        )
    )
    return [
        blocks.CutLine(ctx),
        Text(ctx, "督办事项回执", Style("heading1", 16.0, 26.0, "center", 0)),
        body,
    ]


QR_SIZE = 32 * mm  # modules of ~0.3 mm or more up to the 60-problem payload; scans from paper


def _no_padding() -> list[tuple]:
    return [(f"{side}PADDING", (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]


def imprint(ctx: Context, c: NoticeContent) -> list:
    """版记: 抄送, then 印发机关 and 印发日期, between rules (GB/T 9704 7.4)."""
    size = 14.0  # 4号
    line = Style("body", size, size * 1.9, "left", 0)
    return [
        blocks.Rule(1.0, black),
        Text(ctx, c.copy_to, Style("body", size, size * 1.9, "justify", 1, pitch=size)),
        blocks.Rule(0.7, black),
        _two_ends(ctx, c.print_office, c.print_date, line),
        blocks.Rule(1.0, black),
    ]


def _two_ends(ctx: Context, left: str, right: str, style: Style) -> Table:
    """One line with text at both ends (印发机关 left, 印发日期 right, each one char in)."""
    t = Table(
        [
            [
                Text(ctx, left, style),
                Text(ctx, right, Style(style.role, style.size, style.leading, "right", 0)),
            ]
        ],
        colWidths=["50%", "50%"],
    )
    t.setStyle(
        TableStyle(
            [
                blocks.font_of(ctx),
                ("LEFTPADDING", (0, 0), (0, 0), style.size),
                ("RIGHTPADDING", (1, 0), (1, 0), style.size),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return t
