"""The monthly progress report (月报) with charts drawn by reportlab's own graphics.

Investment is the ledger's current year figures (计划 against 完成, per district and per
stage); milestone counts and problem counts are those dated in the month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, String
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from .. import codes
from ..errors import UserError
from ..workspace import Workspace
from . import DocumentResult, blocks, page, queries, wan
from .context import Context
from .text import Text

PLAN, DONE = HexColor("#9DB4D3"), HexColor("#C0392B")


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    try:
        year, mon = (int(x) for x in month.split("-"))
        first = dt.date(year, mon, 1)
    except ValueError:
        raise UserError(
            f"月份应写作 YYYY-MM，如 2026-11 / month must be YYYY-MM: {month}"
        ) from None
    return first, first.replace(day=calendar.monthrange(year, mon)[1])


def build(ws: Workspace, month: str) -> DocumentResult:
    first, last = month_bounds(month)
    ctx = Context.for_workspace(ws)
    st = page.styles()
    projects = queries.projects_with_district(ws)
    title = f"{first.year}年{first.month}月重大项目建设进展情况"
    by_district = _investment(projects, lambda p: p["district_name"] or "未定")
    stage_zh = {c.value: c.zh for c in codes.STAGES}
    by_stage = _investment(projects, lambda p: stage_zh.get(p["stage"] or "", "未定"))
    started = _in_month(projects, "started_actual", first, last)
    completed = _in_month(projects, "completed_actual", first, last)
    events = Counter(
        e["kind"] for e in queries.problem_events_in(ws, first.isoformat(), last.isoformat())
    )
    plan_total = sum(v[0] for v in by_district.values())
    done_total = sum(v[1] for v in by_district.values())
    rate = f"{done_total * 100 / plan_total:.1f}%" if plan_total else "—"
    flow = [
        Text(ctx, title, st["title"]),
        Text(ctx, f"（{ctx.setting('organ_name')}）", st["center"]),
        Spacer(1, 3 * mm),
        Text(ctx, "一、总体情况", st["heading1"]),
        Text(
            ctx,
            (
                f"全市纳入监测的重大项目{len(projects)}个，年度计划投资{wan(plan_total)}万元，"
                f"已完成投资{wan(done_total)}万元，完成率{rate}。本月新开工项目{len(started)}个，"
                f"竣工项目{len(completed)}个；新登记问题{events['registered']}个，"
                f"核验销号{events['verified']}个，重开{events['reopened']}个。"
            ),
            st["body"],
        ),
        Text(ctx, "二、分区县投资完成情况", st["heading1"]),
        _chart(ctx, by_district, "分区县年度计划与完成投资（亿元）"),
        _table(ctx, by_district, "区县"),
        Text(ctx, "三、分阶段投资完成情况", st["heading1"]),
        _chart(ctx, by_stage, "分阶段年度计划与完成投资（亿元）"),
        _table(ctx, by_stage, "阶段"),
        Text(ctx, "四、问题办理情况", st["heading1"]),
        _problem_chart(ctx, events),
        Text(
            ctx,
            (
                f"本月新登记问题{events['registered']}个，交办{events['assigned']}个，"
                f"报办结{events['reported_done']}个，核验销号{events['verified']}个。"
                f"截至月末，未销号问题{queries.open_problem_count(ws, last.isoformat())}个。"
            ),
            st["body"],
        ),
    ]
    # A drawing starts in STATE_DEFAULTS' font (Helvetica), which would be referenced without
    # being embedded: start it in the body font instead (process-wide, all our text is CJK).
    STATE_DEFAULTS["fontName"] = ctx.fonts.roles["body"].name
    pdf = page.build_pdf(ctx, flow, title=title)
    return DocumentResult("monthly", title, pdf, ctx.warnings, f"月报_{month}.pdf")


def _investment(projects: list[dict], key) -> dict[str, tuple[int, int]]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in projects:
        entry = sums[key(p)]
        entry[0] += p["year_plan_investment"] or 0
        entry[1] += p["year_completed_investment"] or 0
    return {k: (v[0], v[1]) for k, v in sums.items()}


def _in_month(projects: list[dict], field: str, first: dt.date, last: dt.date) -> list[dict]:
    return [
        p for p in projects if p[field] and first.isoformat() <= p[field][:10] <= last.isoformat()
    ]


def _table(ctx: Context, sums: dict[str, tuple[int, int]], label: str):
    st = page.styles()
    rows = [
        [name, wan(plan), wan(done), f"{done * 100 / plan:.1f}%" if plan else "—"]
        for name, (plan, done) in sums.items()
    ]
    plan_total, done_total = sum(v[0] for v in sums.values()), sum(v[1] for v in sums.values())
    rows.append(
        [
            "合计",
            wan(plan_total),
            wan(done_total),
            f"{done_total * 100 / plan_total:.1f}%" if plan_total else "—",
        ]
    )
    table = blocks.table(
        ctx,
        [label, "年度计划（万元）", "已完成（万元）", "完成率"],
        rows,
        [50 * mm, 38 * mm, 38 * mm, 30 * mm],
        cell=st["cell"],
        head=st["cell_head"],
        aligns=["left", "right", "right", "right"],
    )
    table.spaceAfter = 4 * mm
    return table


def _chart(ctx: Context, sums: dict[str, tuple[int, int]], caption: str) -> Drawing:
    font = ctx.fonts.roles["body"].name
    names = list(sums)
    drawing = Drawing(page.PORTRAIT.width, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 38, page.PORTRAIT.width - 60, 110
    chart.data = [[sums[n][0] / 1e8 for n in names], [sums[n][1] / 1e8 for n in names]]
    chart.categoryAxis.categoryNames = [n if len(n) <= 6 else n[:5] + "…" for n in names]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.angle = 20
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor, chart.bars[1].fillColor = PLAN, DONE
    chart.barSpacing, chart.groupSpacing = 1, 8
    legend = Legend()
    legend.x, legend.y = page.PORTRAIT.width - 110, 62 * mm - 8
    legend.fontName, legend.fontSize = font, 9
    legend.colorNamePairs = [(PLAN, "年度计划"), (DONE, "已完成")]
    legend.alignment = "right"
    legend.columnMaximum = 1
    drawing.add(chart)
    drawing.add(legend)
    drawing.add(
        String(0, 62 * mm - 12, caption, fontName=ctx.fonts.roles["heading2"].name, fontSize=10)
    )
    return drawing


def _problem_chart(ctx: Context, events: Counter) -> Drawing:
    font = ctx.fonts.roles["body"].name
    kinds = [
        ("registered", "登记"),
        ("assigned", "交办"),
        ("progress", "进展"),
        ("reported_done", "报办结"),
        ("verified", "销号"),
        ("reopened", "重开"),
    ]
    drawing = Drawing(page.PORTRAIT.width, 52 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 20, page.PORTRAIT.width - 60, 110
    chart.data = [[events.get(k, 0) for k, _ in kinds]]
    chart.categoryAxis.categoryNames = [zh for _, zh in kinds]
    chart.categoryAxis.labels.fontName = font
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = DONE
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing
