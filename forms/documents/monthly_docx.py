"""The monthly report as an editable Word file: the same blocks as the PDF (monthly.Part), the
charts as pictures drawn by reportlab, the tables as Word tables in the report's one unit."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from .context import Context
from .notice_docx import _font, _page, _para

if TYPE_CHECKING:
    from .monthly import Part

SIZES = {"title": 22, "center": 16, "heading1": 16, "body": 16, "small": 12}
ROLES = {
    "title": "title",
    "center": "body",
    "heading1": "heading1",
    "body": "body",
    "small": "body",
}
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "center": WD_ALIGN_PARAGRAPH.CENTER}  # fmt: skip
CHART_DPI = 200
LEGEND_ROOM = 36  # points


def build(ctx: Context, parts: list[Part], drawing: Callable[[Part], Any]) -> bytes:
    doc = Document()
    _page(doc)
    for part in parts:
        if part.kind == "table":
            _table(doc, part)
        elif part.kind == "chart":
            _chart(doc, drawing(part))
        else:
            align = (
                WD_ALIGN_PARAGRAPH.CENTER
                if part.kind in ("title", "center")
                else WD_ALIGN_PARAGRAPH.JUSTIFY
            )
            indent = 0 if part.kind == "small" else 2
            _para(doc, part.text, ROLES[part.kind], SIZES[part.kind], align=align, indent=indent)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _chart(doc: Any, chart: Any) -> None:
    """The PDF's own drawing as a picture, the text block's width: drawn to a one-page PDF
    and rasterised by pdfium (reportlab's bitmap renderer would need cairo)."""
    import pypdfium2
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Drawing

    # The legend's last name runs past the drawing's right edge, which a page does not clip
    # but a picture would: give it room.
    framed = Drawing(chart.width + LEGEND_ROOM, chart.height)
    framed.add(chart)
    pdf = pypdfium2.PdfDocument(renderPDF.drawToString(framed))
    try:
        image = pdf[0].render(scale=CHART_DPI / 72).to_pil()
    finally:
        pdf.close()
    png = io.BytesIO()
    image.save(png, format="PNG")
    png.seek(0)
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(png, width=Mm(156))


def _table(doc: Any, part: Part) -> None:
    table = doc.add_table(rows=1, cols=len(part.head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text, width in zip(table.rows[0].cells, part.head, part.widths, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), "heading1", 10.5)
    for row in part.rows:
        cells = table.add_row().cells
        for cell, text, width, align in zip(cells, row, part.widths, part.aligns, strict=True):
            cell.width = Mm(width)
            cell.paragraphs[0].alignment = ALIGN[align]
            _font(cell.paragraphs[0].add_run(text), "body", 10.5)
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page, as in the PDF
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    doc.add_paragraph()
