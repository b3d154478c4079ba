"""The dry run as tables for a terminal: the column mapping, the rows that would change, the
unit names matched by alias. Chinese characters are two columns wide, so widths are counted
the way a terminal draws them."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from . import columns as cols
from .plan import Plan

ACTION_ZH = {"create": "新建", "update": "更新", "unchanged": "不变"}
# Where the export header is ambiguous: 项目类别 is read as either, so say what is meant.
FIELD_ZH = {**cols.LABELS, "stage": "五个一批阶段"}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clip(text: str, most: int) -> str:
    if width(text) <= most:
        return text
    out = ""
    for char in text:
        if width(out + char) > most - 1:
            return out + "…"
        out += char
    return out


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], most: int = 40) -> str:
    """A plain-text table: a header line, a rule, one line per row; cells clipped to `most`."""
    cells = [[clip(str(c), most) for c in row] for row in [headers, *rows]]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        padded = (c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True))
        return "  ".join(padded).rstrip()

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths), *map(line, cells[1:])])


def field_label(field: str | None) -> str:
    if field is None:
        return "（不导入）"
    if field == cols.IGNORE:
        return "（忽略）"
    return f"{FIELD_ZH.get(field, field)} {field}"


def columns_table(plan: Plan) -> str:
    rows = [
        (
            c.letter,
            c.label,
            field_label(c.field),
            "按内容" if c.by_values else ("" if c.field else "未识别"),
        )
        for c in plan.columns
    ]
    return table(("列", "表头", "导入为 (field)", "识别依据"), rows)


def actions_table(plan: Plan, limit: int = 200) -> str:
    """New and changed rows (unchanged ones only counted)."""
    shown = [a for a in plan.actions if a.action != "unchanged"]
    rows = [
        (
            str(a.row),
            ACTION_ZH[a.action],
            str(a.fields.get("code") or "")
            + ("（自动编号）" if a.row in plan.generated_codes else ""),
            str(a.fields.get("name") or ""),
            "、".join(FIELD_ZH.get(f, f) for f in a.changed) if a.action == "update" else "",
        )
        for a in shown[:limit]
    ]
    text = table(("行", "操作", "项目编号", "项目名称", "变更的列"), rows, most=30)
    if len(shown) > limit:
        text += f"\n……另有 {len(shown) - limit} 行 ({len(shown) - limit} more rows)"
    return text


def aliases_text(plan: Plan) -> str:
    lines = [f"{a} → {n}（已确认的别名）" for a, n in sorted(plan.aliases.items())]
    for alias, name in sorted(plan.suggested.items()):
        lines.append(
            f"{alias} → {name}？ 未确认：将新建单位“{alias}”；确认请加 --alias {alias}={name}"
        )
    return "\n".join(lines)
