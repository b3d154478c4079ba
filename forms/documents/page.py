"""The GB/T 9704-2012 page: A4, the text block, the line grid, the page numbers.

版心 156 mm × 225 mm with its top left 37 mm from the top and 28 mm from the left edge; 22
lines of 28 characters of 3号 (16 pt) text; page numbers in 4号 (14 pt) as "— 1 —", their line
7 mm under the text block, one character in from the right on odd pages and from the left on
even pages. Wide tables use the same page turned to landscape.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from .context import Context
from .text import ASCENT, Style

# Pre-sized JPEGs go into the PDF as they are: ASCII85 would only make them bigger and slower
# (~10x in a measurement for issue 4); binary streams are valid PDF.
rl_config.useA85 = 0

PAGE_NUMBER_SIZE = 14.0  # 4号


@dataclass(frozen=True)
class Geometry:
    page: tuple[float, float]
    left: float
    top: float
    width: float
    height: float
    lines: int = 22
    chars: int = 28

    @property
    def bottom(self) -> float:
        """The text block's lower edge, from the bottom of the page."""
        return self.page[1] - self.top - self.height

    @property
    def pitch(self) -> float:
        return self.width / self.chars

    @property
    def leading(self) -> float:
        return self.height / self.lines


PORTRAIT = Geometry(A4, 28 * mm, 37 * mm, 156 * mm, 225 * mm)
# Landscape for wide tables: the same margins turned, text block 241 × 140 mm.
LANDSCAPE = Geometry(landscape(A4), 28 * mm, 30 * mm, 241 * mm, 140 * mm, lines=14, chars=43)


def styles(geo: Geometry = PORTRAIT) -> dict[str, Style]:
    """The named paragraph styles of an official document on this page."""
    lead = geo.leading
    body = Style("body", 16.0, lead, "justify", 2, pitch=geo.pitch)
    return {
        "body": body,
        "body_flush": Style("body", 16.0, lead, "justify", 0, pitch=geo.pitch),
        "title": Style("title", 22.0, lead * 1.25, "center", 0, pitch=22.0),
        "heading1": Style(
            "heading1", 16.0, lead, "justify", 2, pitch=geo.pitch, keep_with_next=True
        ),
        "heading2": Style(
            "heading2", 16.0, lead, "justify", 2, pitch=geo.pitch, keep_with_next=True
        ),
        "right": Style("body", 16.0, lead, "right", 0, pitch=geo.pitch),
        "center": Style("body", 16.0, lead, "center", 0, pitch=geo.pitch),
        "cell": Style("body", 10.5, 14.0, "left", 0),  # 五号 in tables
        "cell_head": Style("heading1", 10.5, 14.0, "center", 0),
        "small": Style("body", 12.0, 18.0, "left", 0),
    }


def _page_number(canvas, doc) -> None:
    geo: Geometry = doc.geometry
    number = canvas.getPageNumber()
    label = f"— {number} —"
    canvas.saveState()
    canvas.setFont(doc.page_number_font, PAGE_NUMBER_SIZE)
    baseline = geo.bottom - 7 * mm - PAGE_NUMBER_SIZE * ASCENT
    if number % 2:
        canvas.drawRightString(geo.left + geo.width - 16.0, baseline, label)
    else:
        canvas.drawString(geo.left + 16.0, baseline, label)
    canvas.restoreState()


def build_pdf(ctx: Context, flowables: list, *, title: str, geo: Geometry = PORTRAIT) -> bytes:
    """Lay the flowables out on GB/T 9704 pages with page numbers; returns the PDF bytes."""
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=geo.page,
        leftMargin=geo.left,
        topMargin=geo.top,
        rightMargin=geo.page[0] - geo.left - geo.width,
        bottomMargin=geo.bottom,
        title=title,
        author=str(ctx.settings.get("organ_name") or "SiteLedger"),
        creator="SiteLedger",
        subject=title,
        initialFontName=ctx.fonts.roles["body"].name,
    )
    doc.geometry = geo
    doc.page_number_font = ctx.fonts.roles["body"].name
    frame = Frame(geo.left, geo.bottom, geo.width, geo.height, 0, 0, 0, 0, id="body")
    doc.addPageTemplates([PageTemplate("gbt9704", [frame], onPage=_page_number)])
    doc.build(flowables)
    return out.getvalue()
