"""The board's charts as plain data, drawn twice from the same description: by reportlab on
paper (forms/documents/charts.py) and by a QPainter widget on screen (desktop/charts.py). So
the dashboard and the monthly PDF show the same figures, colours and order.

Bars carry floats only for drawing; every label is formatted from the exact integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import codes, format
from .store import supervision as store

if TYPE_CHECKING:
    from .rates import RateResult
    from .store.supervision import Reader

PLAN, DONE, ALERT, NEUTRAL = "#9DB4D3", "#C0392B", "#D93025", "#5B7DB1"


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: tuple[float, ...]
    labels: tuple[str, ...] = ()  # exact text shown at each bar's end


@dataclass(frozen=True)
class BarChart:
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str  # of the value axis: 亿元, 万元, 个, %
    # What a click on a category opens: a district id, a problem category, a rate key …
    keys: tuple[str | None, ...] = ()
    kind: str = ""  # district | category | rate: how the screen follows a click
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.categories


def plan_and_done(
    title: str,
    names: list[str],
    plans: list[int],
    dones: list[int],
    keys: list[str | None] | None = None,
    kind: str = "",
    unit: format.MoneyUnit | None = None,
) -> BarChart:
    """Planned against completed investment per group, in ONE unit for the whole chart (the
    table beside it uses the same `unit_for`, or the document's `unit`), named in the title."""
    unit = unit or format.unit_for(*plans, *dones)

    def series(name: str, colour: str, values: list[int]) -> Series:
        return Series(
            name,
            colour,
            tuple(v / unit.yuan for v in values),
            tuple(format.amount(v, unit) for v in values),
        )

    return BarChart(
        f"{title}（{unit.name}）",
        tuple(names),
        (series("年度计划", PLAN, plans), series("已完成", DONE, dones)),
        unit.name,
        tuple(keys or ()),
        kind,
    )


def investment_by_district(db: Reader) -> BarChart:
    rows = store.investment_by_district(db)
    return plan_and_done(
        "分区县年度计划与完成投资",
        [r["name"] or "未定区县" for r in rows],
        [r["plan"] for r in rows],
        [r["done"] for r in rows],
        [r["key"] for r in rows],
        "district",
    )


def rates_chart(results: list[RateResult], title: str = "五率完成情况（%）") -> BarChart:
    shown = [r for r in results if r.denominator]
    return BarChart(
        title,
        tuple(r.name for r in shown),
        (
            Series(
                "比率",
                NEUTRAL,
                tuple(100 * r.numerator / r.denominator for r in shown),
                tuple(format.percent(r.numerator, r.denominator) for r in shown),
            ),
        ),
        "%",
        tuple(r.key for r in shown),
        "rate",
        tuple(f"{r.name}：未知 {len(r.unknown)} 个" for r in results if r.unknown),
    )


def problems_by_category(counts: list[dict]) -> BarChart:
    """From `store.supervision.problem_counts(db, "category", today)`."""
    rows = [r for r in counts if r["open"]]
    return BarChart(
        "未销号问题（按类别，个）",
        tuple(codes.label("problem_category", r["key"]) or "未分类" for r in rows),
        (
            Series("未销号", PLAN, tuple(r["open"] for r in rows), tuple(str(r["open"]) for r in rows)),
            Series(
                "超期", ALERT, tuple(r["overdue"] or 0 for r in rows),
                tuple(str(r["overdue"] or 0) for r in rows),
            ),
        ),
        "个",
        tuple(r["key"] for r in rows),
        "category",
    )  # fmt: skip


def problem_events(counts: dict[str, int], title: str) -> BarChart:
    kinds = (
        ("registered", "登记"),
        ("assigned", "交办"),
        ("progress", "进展"),
        ("reported_done", "报办结"),
        ("verified", "销号"),
        ("reopened", "重开"),
    )
    values = tuple(counts.get(k, 0) for k, _ in kinds)
    return BarChart(
        title,
        tuple(zh for _, zh in kinds),
        (Series("件数", DONE, values, tuple(str(v) for v in values)),),
        "个",
        tuple(k for k, _ in kinds),
        "event",
    )
