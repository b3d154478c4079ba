"""The supervision notice (督办通知) and its reminder (催办) to one responsible unit: issuing,
then the PDF (GB/T 9704, the problems as its 附件).

Issuing records the notice (number, unit, problems, reply deadline in working days) in
`notices` through `ws.record`, in one transaction with the number's lane claim and a `noticed`
event on each problem; printing it again later reuses the same number, and a draft
(`draft`) spends none. The 文号 scheme is in numbering.py, the notice's life in
forms/notices.py. The wording lives in `NoticeContent`, shared by the PDF and the .docx
export so both read the same.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from .. import problems, workdays
from ..errors import UserError
from ..ids import new_id
from ..store import documents as document_store
from ..store import notices as notice_store
from ..workspace import Workspace
from . import DocumentResult, blocks, numbering, page, zh_date
from .context import Context, read_settings
from .notice_content import PROBLEM_HEADER, SLIP_NUMBERS, NoticeContent
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
    due: dt.date | None = None,
    remarks: str | None = None,
) -> list[str]:
    """Number and record the documents for the unit's overdue problems (or the given ones).

    `due` (the reply deadline, default `notice_reply_days` working days on) and `remarks` (a
    paragraph the office adds) are what the office may change in the draft before issuing.

    Problems that no open notice lists get a new notice; problems an open notice to the unit
    already lists get a reminder (催办) citing that first notice, one per notice cited. Every
    problem gets a `noticed` event in its history. Returns the ids, the new notice first."""
    today = today or dt.date.today()
    rows = _open_problems(ws, unit_id, today, problem_ids)
    _check_draft(today, due, remarks)
    ids = [r["id"] for r in rows]
    cited = {
        pid: n
        for pid, n in notice_store.open_notices_for(ws.db, ids).items()
        if n["unit_id"] == unit_id
    }
    groups: dict[str, list[str]] = {}
    for pid in ids:
        if pid in cited:
            groups.setdefault(cited[pid]["id"], []).append(pid)
    fresh = [pid for pid in ids if pid not in cited]
    out = []
    with ws.transaction():
        extra = {"due": due, "remarks": (remarks or "").strip() or None}
        if fresh:
            out.append(_record(ws, "notice", unit_id, fresh, today, author_id, **extra))
        for first_id, pids in groups.items():
            out.append(
                _record(ws, "reminder", unit_id, pids, today, author_id, cites=first_id, **extra)
            )
    return out


def _open_problems(
    ws: Workspace, unit_id: str, today: dt.date, problem_ids: list[str] | None
) -> list[dict[str, Any]]:
    rows = (
        document_store.problems(ws.conn, ids=problem_ids)
        if problem_ids is not None
        else document_store.problems(ws.conn, unit_id=unit_id, overdue_on=today)
    )
    rows = [r for r in rows if problems.is_open(r)]
    if not rows:
        unit = document_store.unit(ws.conn, unit_id)
        raise UserError(
            f"{unit['name'] if unit else unit_id} 没有超期未办结的问题，无需督办"
            " / the unit has no open overdue problems"
        )
    return rows


def _check_draft(today: dt.date, due: dt.date | None, remarks: str | None) -> None:
    if due is not None and due <= today:
        raise UserError(
            f"复函时限 {due.isoformat()} 应晚于印发日期 {today.isoformat()}"
            " / the reply deadline must be after the issue date"
        )
    if remarks and len(remarks) > 1000:
        raise UserError("补充要求不能超过 1000 字 / the added paragraph is too long")


def reply_due(ws: Workspace, issued: dt.date, settings: dict[str, Any]) -> dt.date:
    """The reply deadline: `notice_reply_days` working days after the issue date."""
    days = int(settings.get("notice_reply_days") or REPLY_DAYS)
    return workdays.Calendar.from_settings(settings).add(issued, days)


def _record(
    ws: Workspace,
    kind: str,
    unit_id: str | None,
    problem_ids: list[str],
    today: dt.date,
    author_id: str | None,
    *,
    cites: str | None = None,
    due: dt.date | None = None,
    remarks: str | None = None,
) -> str:
    """One numbered document and a history event on each of its problems."""
    settings = read_settings(ws)
    prefix = prefix_for(settings, kind) or "〔文号前缀〕"
    number = numbering.next_number(ws, prefix, today.year, kind, author_id=author_id)
    notice_id = new_id()
    ws.record(
        "notice",
        notice_id,
        {
            "number": number.text,
            "year": today.year,
            "seq": number.seq,
            "provisional": number.provisional,
            "lane": number.lane,
            "kind": kind,
            "cites_id": cites,
            "unit_id": unit_id,
            "issued_on": today.isoformat(),
            "deadline": (due or reply_due(ws, today, settings)).isoformat(),
            "problem_ids": json.dumps(problem_ids),
            "status": "issued",
            "remarks": remarks,
        },
        author_id=author_id,
    )
    event = "bulletined" if kind == "bulletin" else "noticed"
    label = {"notice": "督办通知", "reminder": "催办通知", "bulletin": "通报"}[kind]
    at = dt.datetime.combine(today, dt.datetime.now().time()).isoformat(timespec="seconds")
    for pid in problem_ids:
        problems._event(ws, pid, event, author_id, at=at, note=f"{label} {number.text}")
    return notice_id


def prefix_for(settings: dict[str, Any], kind: str) -> str:
    """The 文号 prefix: notices and reminders 工专班督, bulletins `bulletin_prefix` (or the
    notice prefix with 通 for 督: 工专班通)."""
    prefix = str(settings.get("notice_prefix") or "")
    if kind != "bulletin":
        return prefix
    if settings.get("bulletin_prefix"):
        return str(settings["bulletin_prefix"])
    return prefix[:-1] + "通" if prefix.endswith("督") else (prefix + "通" if prefix else "")


def issue_overdue(
    ws: Workspace, *, today: dt.date | None = None, author_id: str | None = None
) -> list[str]:
    """Batch: for each responsible unit, its overdue problems (new notice and/or reminders)."""
    today = today or dt.date.today()
    with ws.transaction():
        return [
            notice_id
            for unit in document_store.units_with_overdue(ws.conn, today)
            for notice_id in issue(ws, unit["id"], today=today, author_id=author_id)
        ]


# -- content -----------------------------------------------------------------------------------


TITLES = {
    "notice": "关于督促办理超期问题的通知",
    "reminder": "关于催办超期问题的通知",
}


def content(ws: Workspace, ctx: Context, notice_id: str) -> NoticeContent:
    record = notice_store.get(ws.db, notice_id)
    if record is None:
        raise UserError(f"没有这份督办通知 / no such notice: {notice_id}")
    return content_of(ws, ctx, record)


DRAFT_NUMBER = "（签发时编号）"


def draft(
    ws: Workspace,
    unit_id: str,
    *,
    today: dt.date | None = None,
    problem_ids: list[str] | None = None,
    due: dt.date | None = None,
    remarks: str | None = None,
) -> DocumentResult:
    """What issuing would print, without a number and without recording anything: a preview
    closed unsaved spends no 文号. (Problems under an open notice would get a 催办 on issue;
    the draft shows them all in one notice.)"""
    today = today or dt.date.today()
    rows = _open_problems(ws, unit_id, today, problem_ids)
    _check_draft(today, due, remarks)
    ctx = Context.for_workspace(ws)
    record = {
        "id": "draft",
        "number": DRAFT_NUMBER,
        "provisional": False,
        "doc_kind": "notice",
        "cites_id": None,
        "unit_id": unit_id,
        "issued_on": today.isoformat(),
        "deadline": (due or reply_due(ws, today, ctx.settings)).isoformat(),
        "problem_id_list": [r["id"] for r in rows],
        "remarks": (remarks or "").strip() or None,
        "year": today.year,
        "seq": 0,
    }
    c = content_of(ws, ctx, record)
    pdf = page.build_pdf(ctx, story(ctx, c), title=f"草稿 {c.title}")
    return DocumentResult(
        "notice", f"草稿（未编号）{c.title}", pdf, ctx.warnings, "督办通知_草稿.pdf"
    )


def content_of(ws: Workspace, ctx: Context, record: dict[str, Any]) -> NoticeContent:
    ids = record["problem_id_list"]
    rows = document_store.problems(ws.conn, ids=ids)
    unit = document_store.unit(ws.conn, record["unit_id"]) or {"name": "【责任单位】"}
    organ = ctx.setting("organ_name")
    number = _placeholder_prefix(ctx, record["number"])
    signature = ctx.settings.get("signature") or organ
    copy_to = ctx.setting("copy_to", "【请填写抄送单位】")
    copy_to = "，".join(copy_to) if isinstance(copy_to, list) else str(copy_to)
    print_office = ctx.settings.get("print_office") or f"{organ}办公室"
    contact = ctx.settings.get("contact") or ""
    deadline = zh_date(record["deadline"])
    kind = record["doc_kind"]
    return NoticeContent(
        organ=organ,
        number=number,
        title=TITLES.get(kind, TITLES["notice"]),
        addressee=f"{unit['name']}：",
        opening=_opening(ctx, record, len(rows)),
        problems=rows,
        requirement=(
            "请你单位高度重视，逐项研究解决，"
            f"于{deadline}前将办理情况连同回执（附后）书面报送{organ}。"
            + (
                "逾期仍未办结的，将予以通报并提请约谈。"
                if kind == "reminder"
                else "逾期未反馈或仍未解决的，将予以通报；情节严重的，提请约谈。"
            )
        ),
        contact=f"联系人及电话：{contact}" if contact else "",
        signature=signature,
        date=zh_date(record["issued_on"]),
        copy_to=f"抄送：{copy_to}。",
        print_office=print_office,
        print_date=f"{zh_date(record['issued_on'])}印发",
        qr_payload=qr_payload(number, record["id"], [r["problem_number"] for r in rows]),
        notice=record,
        calendar=workdays.Calendar.from_settings(ctx.settings),
        remarks=record.get("remarks") or "",
        provisional_note=(
            "本通知文号为临时文号，正式文号以专班办公室确认登记为准，回复时请注明本文号。"
            if record["provisional"]
            else ""
        ),
    )


def _placeholder_prefix(ctx: Context, number: str) -> str:
    if "〔文号前缀〕" in number:
        prefix = ctx.setting("notice_prefix", "〔文号前缀〕")
        number = number.replace("〔文号前缀〕", prefix)
    return number


def _opening(ctx: Context, record: dict[str, Any], count: int) -> str:
    if record["doc_kind"] == "reminder" and record["cites_id"]:
        cited = _placeholder_prefix(ctx, record["cited_number"] or "")
        return (
            f"我办于{zh_date(record['cited_issued_on'])}印发《{TITLES['notice']}》"
            f"（{cited}），其中{count}个问题至今仍未办结（见附件），现予催办。"
        )
    return f"经梳理，你单位承办的{count}个项目建设问题已超过办理时限尚未办结（见附件），现予督办。"


def qr_payload(number: str, notice_id: str, problem_numbers: list[str]) -> str:
    """What the reply slip's QR code carries: enough to match a returned paper to its record.

    The notice id is complete (`notice reply --qr` and the register find the notice by it);
    each problem is named by its number (Q26-07-0123). Past QR_MAX_IDS problems only the notice
    id is carried: the notice record lists them all."""
    lines = ["SITELEDGER-NOTICE/1", f"NO:{number}", f"ID:{notice_id}", f"N:{len(problem_numbers)}"]
    if len(problem_numbers) <= QR_MAX_IDS:
        lines.append("P:" + ",".join(problem_numbers))
    return "\n".join(lines)


# -- the PDF -----------------------------------------------------------------------------------


def build(ws: Workspace, notice_id: str) -> DocumentResult:
    """The notice as a GB/T 9704 PDF (red header, body, seal area, 附件, 版记, 回执); a
    bulletin (通报) recorded in the same register is built by its own module."""
    row = notice_store.get(ws.db, notice_id)
    if row is not None and row["doc_kind"] == "bulletin":
        from . import bulletin

        return bulletin.build(ws, notice_id)
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
        f"{'催办通知' if c.notice['doc_kind'] == 'reminder' else '督办通知'}"
        f"_{c.notice['year']}_{'临' if c.notice['provisional'] else ''}{c.notice['seq']}.pdf",
        docx,
        notice_id,
    )


def story(ctx: Context, c: NoticeContent) -> list:
    """GB/T 9704: the body stays short and in 3号; the problems are the 附件, announced under
    the body (附件说明), after the signature and date on a page of their own headed 附件."""
    st = page.styles()
    lead = page.PORTRAIT.leading
    issued = dt.date.fromisoformat(c.notice["issued_on"])
    out: list = [
        *red_header(ctx, c.organ, c.number),
        Text(ctx, c.title, st["title"]),
        Text(ctx, c.addressee, st["body_flush"]),
        Text(ctx, c.opening, st["body"]),
    ]
    closing = [Text(ctx, c.requirement, st["body"])]
    if c.remarks:
        closing.append(Text(ctx, c.remarks, st["body"]))
    if c.contact:
        closing.append(Text(ctx, c.contact, st["body"]))
    if c.provisional_note:
        closing.append(Text(ctx, c.provisional_note, st["body"]))
    # The last paragraph, the 附件说明 (a blank line under the body, two characters in) and
    # the signature stay together: a signature page always carries body text (GB/T 9704 7.3.5).
    out.append(
        KeepTogether(
            [
                *closing,
                Spacer(1, lead),
                Text(ctx, f"附件：{c.attachment}", st["body"]),
                seal_area(ctx, c.signature, c.date),
            ]
        )
    )
    out += [
        *attachment(ctx, c.attachment, problems_table(ctx, c, issued)),
        # 版记, cut line and reply slip as one block at the foot of the last page: under the
        # attachment when there is room, else on a page of their own (see `tail`).
        blocks.AtBottom(tail(ctx, c), space_above=SEAL_CLEARANCE),
    ]
    return out


def seal_area(ctx: Context, signature: str, date: str) -> blocks.SealArea:
    """The signature and date under the 附件说明: the seal's top comes within one line of it
    (GB/T 9704 7.3.5.1), so one line of space above, not two."""
    seal = blocks.SealArea(ctx, signature, date, page.styles()["body"])
    seal.spaceBefore = page.PORTRAIT.leading
    return seal


def red_header(ctx: Context, organ: str, number: str) -> list:
    """发文机关标志 (its top 35 mm under the top of the text block), 文号 and the red rule."""
    st = page.styles()
    lead = page.PORTRAIT.leading
    red_title = Style("title", 26.0, lead * 1.4, "center", 0, blocks.RED, pitch=26.0)
    return [
        Spacer(1, 35 * mm - (red_title.leading - red_title.size) / 2),
        Text(ctx, organ, red_title),
        Spacer(1, lead * 1.0),
        Text(ctx, number, st["center"]),
        blocks.Rule(1.0, blocks.RED, space_before=4 * mm - (lead - 16) / 2, space_after=lead),
    ]


def attachment(ctx: Context, name: str, *body: Any) -> list:
    """附件 (GB/T 9704 8.5): a new page, "附件" in 3号黑体 at its top left, the attachment's
    title centred, then its content (which may use smaller type)."""
    st = page.styles()
    return [
        PageBreak(),
        Text(ctx, "附件", Style("heading1", 16.0, page.PORTRAIT.leading, "left", 0)),
        Text(ctx, name, st["title"]),
        Spacer(1, page.PORTRAIT.leading * 0.5),
        *body,
    ]


# The seal circle (r 21 mm) is centred a line above the date, so it reaches ~11 mm under it.
SEAL_CLEARANCE = 14 * mm


def tail(ctx: Context, c: NoticeContent) -> list:
    """The notice's last block: 版记, then the cut line and the reply slip under it.

    Why this order: the unit cuts along the line and returns only the slip; what stays is the
    notice itself, ending — as GB/T 9704 7.4 wants — with the 版记 as its last element at the
    foot of its last page, after the 附件 (the problem list). The slip is not a formal 附件,
    so the body says "回执（附后）" rather than listing it in the 附件说明. When the block does
    not fit under the end of the 附件 it moves, whole, to the foot of a new page: a 版记 page,
    as 9704 has when the 版记 does not fit the last page, with the slip under its cut line.
    """
    return [*imprint(ctx, c), *reply_slip(ctx, c)]


def problems_table(ctx: Context, c: NoticeContent, today: dt.date) -> Table:
    st = page.styles()
    widths = [w * mm for w in (9, 26, 36, 52, 20, 13)]  # 156 mm, the text block
    return blocks.table(
        ctx,
        PROBLEM_HEADER,
        c.problem_rows(today),
        widths,
        cell=st["cell"],
        head=st["cell_head"],
        aligns=("center", "center", "left", "left", "center", "center"),
    )


def reply_slip(ctx: Context, c: NoticeContent) -> list:
    """The reply slip the unit cuts off, fills in, stamps and returns: a cut line, its title,
    the form on the left and the QR code with how to use it on the right (kept compact so that
    it fits under the signature of a short notice)."""
    label = Style("heading1", 12.0, 18.0, "center", 0)
    small = Style("body", 12.0, 18.0, "left", 0)
    # The numbers of the first few problems; all of them are in the 附件 and the QR code.
    ids = "、".join(p["problem_number"] for p in c.problems[:SLIP_NUMBERS])
    more = f"等{len(c.problems)}项" if len(c.problems) > SLIP_NUMBERS else f"共{len(c.problems)}项"
    rows = [
        ("通知文号", c.number),
        ("责任单位", c.addressee.rstrip("：")),
        ("督办问题", f"{ids}（{more}，见附件）"),
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
