"""A paragraph flowable for Chinese official text, laid out on a character grid.

reportlab's own Paragraph neither keeps the 禁则 (a line may start with "，") nor tells when its
font lacks a character. `Text` lays each character out itself: the font per character comes from
the role with 补字 fallback (`FontSet.font_for`), a character no font has is drawn as 〓 and
reported, full-width characters advance by the grid pitch (GB/T 9704: 28 per line), lines are
broken by `linebreak.break_lines` and justified, and the paragraph splits across pages by line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from reportlab.lib.colors import Color, black
from reportlab.platypus import Flowable

from . import linebreak
from .context import Context

MISSING_MARK = "〓"  # the traditional 缺字 mark of Chinese typesetting
ASCENT = 0.88  # CJK fonts put the em box from -0.12 to 0.88 of the size


class Glyph(NamedTuple):  # a tuple: made once per character of every document
    char: str
    font: str
    width: float  # advance on the line before justification
    natural: float  # the font's own advance


@dataclass(frozen=True)
class Style:
    role: str = "body"
    size: float = 16.0
    leading: float = 16.0 * 1.8
    align: str = "justify"  # justify | left | center | right
    first_indent: float = 0.0  # in characters
    color: Color = black
    pitch: float | None = None  # advance of a full-width character; None = natural
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False  # headings stay with what follows


def shape(ctx: Context, text: str, style: Style) -> list[Glyph]:
    """One Glyph per character, with 补字 fallback and 〓 for what no font can draw."""
    primary = ctx.fonts.roles[style.role]
    covered, widths, default = primary.glyphs, primary.widths, primary.default_width
    scale = style.size * 0.001
    full = 0.9 * style.size  # a full-width character advances by the grid pitch
    pitch = style.pitch
    glyphs: list[Glyph] = []
    for char in text:
        if char == "\n":
            glyphs.append(Glyph(char, "", 0.0, 0.0))
            continue
        code = ord(char)
        if code in covered or char == "\t":  # the common case, kept free of calls
            font = primary
            natural = widths.get(code, default) * scale
        else:
            font = ctx.fonts.fallback_for(char)
            if font is None:
                ctx.missing_char(char, text)
                char, font = MISSING_MARK, primary
            else:
                ctx.substituted(char, font, text)
            natural = font.advance(char, style.size)
        width = pitch if pitch is not None and natural >= full else natural
        glyphs.append(Glyph(char, font.name, width, natural))
    return glyphs


class Text(Flowable):
    """A paragraph of one font role; splits across frames line by line."""

    def __init__(
        self,
        ctx: Context,
        text: str,
        style: Style = Style(),
        _lines: list[list[Glyph]] | None = None,
        _first: bool = True,
    ) -> None:
        super().__init__()
        self.ctx, self.text, self.style = ctx, text, style
        self._glyphs = shape(ctx, text, style) if _lines is None else None
        self._lines = _lines
        self._first = _first  # carries the first-line indent
        self._last_is_end = True
        self._width = 0.0
        self.spaceBefore = style.space_before if _first else 0.0
        self.spaceAfter = style.space_after
        self.keepWithNext = style.keep_with_next

    # -- layout --------------------------------------------------------------------------------

    def _layout(self, width: float) -> list[list[Glyph]]:
        if self._lines is not None:
            return self._lines
        glyphs = self._glyphs or []
        indent = self._indent()
        chars = [g.char for g in glyphs]
        spans = linebreak.break_lines(chars, [g.width for g in glyphs], width, width - indent)
        lines = [[g for g in glyphs[a:b] if g.char != "\n"] for a, b in spans] or [[]]
        return lines

    def _indent(self) -> float:
        if not self._first:
            return 0.0
        unit = self.style.pitch or self.style.size
        return self.style.first_indent * unit

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        self._computed = self._layout(avail_width)
        return avail_width, len(self._computed) * self.style.leading

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        lines = self._layout(avail_width)
        fit = int((avail_height + 1e-6) // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return [] if fit <= 0 else [self]
        head = Text(self.ctx, self.text, self.style, lines[:fit], self._first)
        head._last_is_end = False
        head.spaceAfter = 0.0
        tail = Text(self.ctx, self.text, self.style, lines[fit:], False)
        tail._last_is_end = self._last_is_end
        return [head, tail]

    # -- drawing -------------------------------------------------------------------------------

    def draw(self) -> None:
        canvas = self.canv
        style = self.style
        canvas.setFillColor(style.color)
        baseline = (style.leading - style.size) / 2 + style.size * ASCENT
        for n, line in enumerate(self._computed):
            y = (len(self._computed) - n) * style.leading - baseline
            indent = self._indent() if n == 0 else 0.0
            last = n == len(self._computed) - 1 and self._last_is_end
            self._draw_line(line, indent, y, last)

    def _draw_line(self, line: list[Glyph], indent: float, y: float, last: bool) -> None:
        if not line:
            return
        style = self.style
        used = sum(g.width for g in line)
        free = self._width - indent - used
        extra, x = 0.0, indent
        if style.align == "justify" and not last and len(line) > 1 and free > 0:
            extra = free / (len(line) - 1)
        elif style.align == "center":
            x += free / 2
        elif style.align == "right":
            x += free
        text = self.canv.beginText()
        text.setTextOrigin(x, y)
        for font, space, run in _runs(line, extra):
            text.setFont(font, style.size)
            text.setCharSpace(space)
            text.textOut(run)
        text.setCharSpace(0)
        self.canv.drawText(text)


def _runs(line: list[Glyph], extra: float):
    """Group characters sharing font and spacing, so each group is one text-show operation."""
    runs: list[tuple[str, float, str]] = []
    for g in line:
        space = round(g.width - g.natural + extra, 3)
        if runs and runs[-1][0] == g.font and runs[-1][1] == space:
            runs[-1] = (g.font, space, runs[-1][2] + g.char)
        else:
            runs.append((g.font, space, g.char))
    return runs
