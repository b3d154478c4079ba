"""Chinese line breaking (禁则): where a run of text may be broken into lines.

Rules (GB/T 9704 practice, as in docs/documents.md): a line never starts with closing punctuation
(，。、；：？！）」』》 …) and never ends with an opening mark (（「『《 …); a Latin word or a
number is not split; a two-character dash or ellipsis (—— ……) stays together. When the greedy
break point is forbidden, characters move to the next line (推入), so the shorter line is then
justified by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence

CANNOT_START = frozenset(
    "，。、；：？！）」』》〉】〕〗］｝”’·‥…—～％‰℃,.;:?!)]}>%"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮーヽヾゝゞ々"
)
CANNOT_END = frozenset("（「『《〈【〔〖［｛“‘([{<￥$")
NO_SPLIT_PAIRS = frozenset("—…")


def _is_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "-_/.,#@+")


def allowed(text: Sequence[str], i: int) -> bool:
    """May a line break fall between text[i-1] and text[i]?"""
    if i <= 0 or i >= len(text):
        return True
    before, after = text[i - 1], text[i]
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if _is_word(before) and _is_word(after):
        return False
    return not (before == after and before in NO_SPLIT_PAIRS)


def break_lines(
    text: Sequence[str], widths: Sequence[float], width: float, first_width: float | None = None
) -> list[tuple[int, int]]:
    """Split `text` (one char per item) into lines no wider than `width` (`first_width` for
    the first line); returns (start, end) index pairs. A line is only over-full when no legal
    break exists within it (e.g. one very long Latin word)."""
    lines: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        avail = first_width if (first_width is not None and not lines) else width
        end, used = start, 0.0
        while end < n and text[end] != "\n" and used + widths[end] <= avail + 1e-6:
            used += widths[end]
            end += 1
        if end < n and text[end] == "\n":
            lines.append((start, end))
            start = end + 1
            continue
        if end >= n:
            lines.append((start, n))
            break
        end = max(end, start + 1)
        brk = end
        while brk > start + 1 and not allowed(text, brk):
            brk -= 1
        if not allowed(text, brk):
            # No legal break in the whole line: keep what fits rather than loop forever.
            brk = end
        lines.append((start, brk))
        start = brk
    return lines
