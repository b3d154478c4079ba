"""Building blocks shared by the documents: tables, rules, the seal area, the 版记, a QR code."""

from __future__ import annotations

from collections.abc import Sequence

import segno
from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from .context import Context
from .text import Style, Text

RED = HexColor("#E60012")  # the red of 红头 and its rule
GRID = HexColor("#404040")
HEAD_FILL = HexColor("#EDEDED")


def table(
    ctx: Context,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    cell: Style,
    head: Style,
    aligns: Sequence[str] | None = None,
) -> Table:
    """A ruled table of `Text` cells; long tables split by row with the header repeated."""

    def cells(values: Sequence[str], style: Style) -> list[Text]:
        out = []
        for n, value in enumerate(values):
            align = aligns[n] if aligns and style is cell else style.align
            out.append(
                Text(
                    ctx,
                    str(value if value is not None else ""),
                    Style(style.role, style.size, style.leading, align, 0, style.color),
                )
            )
        return out

    data = [cells(header, head)] + [cells(r, cell) for r in rows]
    result = Table(data, colWidths=list(widths), repeatRows=1, splitByRow=1)
    result.setStyle(
        TableStyle(
            [
                font_of(ctx),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return result


def font_of(ctx: Context) -> tuple:
    """Table style entry: even empty cells set a font, and reportlab's default is Helvetica,
    which would be referenced without being embedded."""
    return ("FONTNAME", (0, 0), (-1, -1), ctx.fonts.roles["body"].name)


class Rule(Flowable):
    """A horizontal rule across the text block (红头 rule, 版记 rules)."""

    def __init__(
        self,
        thickness: float = 1.0,
        color: Color = RED,
        space_before: float = 0,
        space_after: float = 0,
    ) -> None:
        super().__init__()
        self.thickness, self.color = thickness, color
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.thickness

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness / 2, self.width, self.thickness / 2)


class CutLine(Flowable):
    """A dashed line with a label where the reply slip is cut off."""

    def __init__(self, ctx: Context, label: str = "（沿此线剪下）") -> None:
        super().__init__()
        self.ctx, self.label = ctx, label
        self.spaceBefore = self.spaceAfter = 4 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, 12

    def draw(self) -> None:
        canvas = self.canv
        canvas.setDash(4, 3)
        canvas.setLineWidth(0.6)
        canvas.setStrokeColor(black)
        canvas.line(0, 6, self.width, 6)
        canvas.setDash()
        font = self.ctx.fonts.roles["body"].name
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(self.width / 2 - 50, 0, 100, 12, stroke=0, fill=1)
        canvas.setFillColor(black)
        canvas.setFont(font, 10)
        canvas.drawCentredString(self.width / 2, 2.5, self.label)


class SealArea(Flowable):
    """Where the seal goes: a faint dashed circle over the organ name and the date."""

    def __init__(self, ctx: Context, organ: str, date: str, style: Style) -> None:
        super().__init__()
        self.ctx, self.organ, self.date, self.style = ctx, organ, date, style
        self.spaceBefore = style.leading * 2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._organ = Text(self.ctx, self.organ, self._right(4))
        self._date = Text(self.ctx, self.date, self._right(4))
        self._h1 = self._organ.wrap(avail_width, avail_height)[1]
        self._h2 = self._date.wrap(avail_width, avail_height)[1]
        return avail_width, self._h1 + self._h2

    def _right(self, indent_chars: int) -> Style:
        s = self.style
        return Style(s.role, s.size, s.leading, "right", 0, pitch=s.pitch)

    def draw(self) -> None:
        # 成文日期右空四字; the organ name is centred over the date (GB/T 9704 7.3.5.1).
        pitch = self.style.pitch or self.style.size
        date_width = sum(g.width for g in self._date._computed[0]) if self._date._computed else 0
        organ_width = sum(g.width for g in self._organ._computed[0]) if self._organ._computed else 0
        date_right = self.width - 4 * pitch
        centre = date_right - date_width / 2
        shift_organ = min(0.0, self.width - (centre + organ_width / 2))
        self._organ.drawOn(self.canv, centre + organ_width / 2 - self.width + shift_organ, self._h2)
        self._date.drawOn(self.canv, date_right - self.width, 0)
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RED, alpha=0.35)
        canvas.setFillColor(RED, alpha=0.35)
        canvas.setDash(3, 3)
        radius = 21 * mm
        canvas.circle(centre, (self._h1 + self._h2) / 2, radius, stroke=1, fill=0)
        canvas.setFont(self.ctx.fonts.roles["body"].name, 9)
        canvas.drawCentredString(centre, (self._h1 + self._h2) / 2 - radius + 4, "（盖章处）")
        canvas.restoreState()


class AtBottom(Flowable):
    """Takes what is left of the frame and draws its flowables at the bottom (版记 is the last
    thing on its page); moves, whole, to the next page if it does not fit. `space_above` is
    kept free between what precedes and the block (e.g. for the seal circle)."""

    def __init__(self, flowables: list[Flowable], space_above: float = 0.0) -> None:
        super().__init__()
        self.flowables = flowables
        self.space_above = space_above

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._sizes = [f.wrap(avail_width, avail_height) for f in self.flowables]
        self._need = sum(h + _gap(f) for f, (_, h) in zip(self.flowables, self._sizes, strict=True))
        self.height = max(self._need + self.space_above, avail_height - 1e-3)
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # never split: the whole block goes to the next page

    def draw(self) -> None:
        y = self._need
        for flowable, (_, h) in zip(self.flowables, self._sizes, strict=True):
            y -= h + flowable.getSpaceBefore()
            flowable.drawOn(self.canv, 0, y)
            y -= flowable.getSpaceAfter()


def _gap(flowable: Flowable) -> float:
    return flowable.getSpaceBefore() + flowable.getSpaceAfter()


class QrCode(Flowable):
    """A QR code drawn as vector squares (segno computes the matrix).

    Each row's runs of dark modules become one rectangle, written straight into the page as
    PDF operators and filled at once: a module per `rect` call through reportlab's number
    formatting cost ~15 ms per code, more than the rest of the notice's drawing."""

    def __init__(self, payload: str, size: float = 30 * mm) -> None:
        super().__init__()
        self.payload = payload
        # A fixed mask: choosing the best of eight cost ~40 ms per code; any mask scans.
        self.qr = segno.make(payload, error="m", micro=False, mask=2, boost_error=False)
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        modules = len(self.qr.matrix)
        cell = self.size / (modules + 8)  # quiet zone of four modules each side
        ops = []
        for r, row in enumerate(self.qr.matrix):
            y = self.size - (r + 5) * cell
            for start, length in _dark_runs(row):
                ops.append(f"{(start + 4) * cell:.3f} {y:.3f} {length * cell:.3f} {cell:.3f} re")
        self.canv.setFillColor(black)
        self.canv.addLiteral("\n".join(ops) + "\nf")


def _dark_runs(row: Sequence[int]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in one row of the matrix."""
    runs, start = [], None
    for c, dark in enumerate((*row, 0)):
        if dark and start is None:
            start = c
        elif not dark and start is not None:
            runs.append((start, c - start))
            start = None
    return runs
