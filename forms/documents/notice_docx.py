"""The notice as an editable Word file: same wording and layout as the PDF, so the office can
change the text before stamping. Fonts are named as offices have them (仿宋_GB2312 …): Word
substitutes on a machine without them, and the office's own machine has them."""

from __future__ import annotations

import datetime as dt
import io

import segno
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import fonts, page
from .context import Context
from .notice_content import PROBLEM_HEADER, SLIP_NUMBERS, NoticeContent

RED = RGBColor(0xE6, 0x00, 0x12)


def build(c: NoticeContent, ctx: Context) -> bytes:
    doc = Document()
    _page(doc)
    _header(doc, c)
    _para(doc, c.title, "title", 22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, c.addressee, "body", 16, indent=0)
    _para(doc, c.opening, "body", 16)
    _para(doc, c.requirement, "body", 16)
    for extra in (c.remarks, c.contact, c.provisional_note):
        if extra:
            _para(doc, extra, "body", 16)
    _para(doc, "", "body", 16)
    _para(doc, f"附件：{c.attachment}", "body", 16)
    _para(doc, "", "body", 16)
    _para(doc, "", "body", 16)
    _para(doc, c.signature, "body", 16, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _para(doc, c.date, "body", 16, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    # The 附件 on a page of its own, after the signature (GB/T 9704 8.5), as in the PDF.
    doc.add_page_break()
    _para(doc, "附件", "heading1", 16, indent=0)
    _para(doc, c.attachment, "title", 22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _table(doc, PROBLEM_HEADER, c.problem_rows(dt.date.fromisoformat(c.notice["issued_on"])))
    # As in the PDF: 版记, then the cut line and the slip under it (see notice.tail).
    _para(doc, "", "body", 16)
    _imprint(doc, c)
    _slip(doc, c)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc) -> None:
    geo = page.PORTRAIT
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.left_margin = Mm(37), Mm(28)
    section.right_margin, section.bottom_margin = Mm(26), Mm(35)
    section.start_type = WD_SECTION.NEW_PAGE
    # 22 lines on the page grid, as Word's 文档网格 would set it.
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(geo.leading * 20)))
    section._sectPr.append(grid)


def _font(run, role: str, size: float, color: RGBColor | None = None) -> None:
    name = fonts.OFFICIAL_NAMES[role]
    run.font.name = name
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if color is not None:
        run.font.color.rgb = color


def _para(
    doc,
    text: str,
    role: str,
    size: float,
    *,
    indent: int = 2,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    right_chars: int = 0,
    color=None,
):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(page.PORTRAIT.leading)
    fmt.space_before = fmt.space_after = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.JUSTIFY and role != "title":
        fmt.first_line_indent = Pt(size * indent)
    if right_chars:
        fmt.right_indent = Pt(size * right_chars)
    _font(p.add_run(text), role, size, color)
    return p


def _header(doc, c: NoticeContent) -> None:
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_before = Mm(35 - 10)
    organ = _para(doc, c.organ, "title", 26, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
    organ.paragraph_format.line_spacing = Pt(page.PORTRAIT.leading * 1.4)
    doc.add_paragraph()
    number = _para(doc, c.number, "body", 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _border(number, "bottom", "E60012", 8)
    doc.add_paragraph()


def _border(paragraph, side: str, color: str, eighths: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(eighths)), ("space", "12"), ("color", color)):
        edge.set(qn(f"w:{key}"), value)
    borders.append(edge)


def _table(doc, header, rows) -> None:
    widths = (9, 26, 36, 52, 20, 13)  # as the PDF: the 156 mm text block
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.width = Mm(width)
        _font(cell.paragraphs[0].add_run(text), "heading1", 10.5)
    for row in rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, row, widths, strict=True):
            cell.width = Mm(width)
            _font(cell.paragraphs[0].add_run(text), "body", 10.5)
    # The header row repeats on every page, as in the PDF.
    trpr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)


def _slip(doc, c: NoticeContent) -> None:
    """As the PDF's slip: the form on the left, the QR code (a picture) and its note on the
    right, so a returned Word-printed slip scans like a PDF-printed one."""
    _para(
        doc,
        "- - - - - - - - - - （沿此线剪下） - - - - - - - - - -",
        "body",
        10.5,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _para(doc, "督办事项回执", "heading1", 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    numbers = "、".join(p["problem_number"] for p in c.problems[:SLIP_NUMBERS])
    more = f"等{len(c.problems)}项" if len(c.problems) > SLIP_NUMBERS else f"共{len(c.problems)}项"
    rows = (
        ("通知文号", c.number),
        ("责任单位", c.addressee.rstrip("：")),
        ("督办问题", f"{numbers}（{more}，见附件）"),
        ("办理情况", "\n\n"),
        ("经办人及电话", ""),
        ("单位负责人（签字）", ""),
        ("单位（盖章）", "\n年    月    日"),
    )
    outer = doc.add_table(rows=1, cols=2)
    left, right = outer.rows[0].cells
    left.width, right.width = Mm(120), Mm(36)
    table = left.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Mm(32), Mm(86)
        _font(cells[0].paragraphs[0].add_run(key), "heading1", 12)
        _font(cells[1].paragraphs[0].add_run(value), "body", 12)
    picture = right.paragraphs[0]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(qr_png(c.qr_payload)), width=Mm(32))
    note = right.add_paragraph()
    note_text = f"扫描二维码可将回执与督办记录自动对应。请填写、盖章后于反馈时限前报送{c.organ}。"
    _font(note.add_run(note_text), "body", 9)


def qr_png(payload: str) -> bytes:
    """The slip's QR code as a PNG, the same symbol as the PDF's (blocks.QrCode's settings)."""
    qr = segno.make(payload, error="m", micro=False, mask=2, boost_error=False)
    out = io.BytesIO()
    qr.save(out, kind="png", scale=10, border=4)
    return out.getvalue()


def _imprint(doc, c: NoticeContent) -> None:
    copy_to = _para(doc, c.copy_to, "body", 14, indent=1)
    _border(copy_to, "top", "000000", 8)
    office = _para(doc, f"{c.print_office}\t{c.print_date}", "body", 14, indent=0)
    office.paragraph_format.tab_stops.add_tab_stop(Mm(156 - 5), alignment=2)  # right tab
    _border(office, "top", "000000", 4)
    _border(office, "bottom", "000000", 8)
