"""The monthly progress report (月报): the rates, investment against plan, what the projects
reported by the 20th, problems, packaging and visits. Charts are the dashboard's own
(forms.charts), drawn by reportlab (forms/documents/charts.py).

Money: the whole report takes ONE unit (`format.unit_for` over its largest figures: 亿元 for
a city's totals, 万元 for a county's), named in every header and sentence, so 亿元 and 万元
never mix and no total reads "18,007,210.00万元". Investment figures are the ledger's current year figures; milestone and problem
counts are those dated in the month; rates are as of the month's last day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from .. import charts, codes, compliance, coverage, format, monthly_reports, periods, rates
from ..store import documents as document_store
from ..store.supervision import problem_counts
from ..workspace import Workspace
from . import DocumentResult, blocks, page
from .charts import drawing
from .context import Context
from .text import Text


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    period = periods.parse_month(month)
    return period.first, period.last


@dataclass
class Part:
    """One block of the report, drawn the same way in the PDF and in the Word file."""

    kind: str  # title | center | heading1 | body | small | table | chart
    text: str = ""
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # mm
    aligns: list[str] = field(default_factory=list)
    chart: charts.BarChart | None = None
    height: float = 62 * mm


def last_complete_month(today: dt.date) -> str:
    """The month a report is made for by default: the last one that is over (in November,
    October's — the one just begun has no figures yet)."""
    previous = today.replace(day=1) - dt.timedelta(days=1)
    return f"{previous.year:04d}-{previous.month:02d}"


def build(ws: Workspace, month: str, today: dt.date | None = None) -> DocumentResult:
    ctx = Context.for_workspace(ws)
    title, parts = contents(ws, month, today or dt.date.today(), ctx.setting("organ_name"))
    flow = []
    for part in parts:
        made = _flowable(ctx, part)
        flow += made if isinstance(made, list) else [made]
    # A drawing starts in STATE_DEFAULTS' font (Helvetica), which would be referenced without
    # being embedded: start it in the body font instead (process-wide, all our text is CJK).
    STATE_DEFAULTS["fontName"] = ctx.fonts.roles["body"].name
    pdf = page.build_pdf(ctx, flow, title=title)

    def docx() -> bytes:
        from . import monthly_docx

        return monthly_docx.build(ctx, parts, lambda part: drawing(ctx, part.chart, part.height))

    return DocumentResult("monthly", title, pdf, ctx.warnings, f"月报_{month}.pdf", docx=docx)


def contents(ws: Workspace, month: str, today: dt.date, organ: str) -> tuple[str, list[Part]]:
    """The report's title and blocks. Every amount in it is in ONE unit (`unit_for` over the
    largest figures: 亿元 for a city's totals, else 万元), named in each header and sentence."""
    first, last = month_bounds(month)
    projects = document_store.projects_with_district(ws.conn)
    title = f"{first.year}年{first.month}月重大项目建设进展情况"
    by_district = _investment(projects, lambda p: p["district_name"] or "未定区县")
    stage_zh = {c.value: c.zh for c in codes.STAGES}
    by_stage = _investment(projects, lambda p: stage_zh.get(p["stage"] or "", "未定阶段"))
    events = Counter(
        e["kind"]
        for e in document_store.problem_events_in(ws.conn, first.isoformat(), last.isoformat())
    )
    found_rates = rates.compute(ws.conn, last)
    status = monthly_reports.status(ws.conn, month, today)
    unit = format.unit_for(
        *(v for pair in by_district.values() for v in pair),
        *(r.denominator for r in found_rates if r.measure == "sum"),
    )
    parts = [
        Part("title", title),
        Part("center", f"（{organ}）"),
        Part("heading1", "一、总体情况"),
        Part("body", _overview(projects, by_district, events, first, last, unit)),
        Part("heading1", "二、项目推进“五率”"),
        Part(
            "chart",
            chart=charts.rates_chart(found_rates, f"截至{format.zh_date(last)}各项比率（%）"),
        ),
        _rates_table(found_rates, unit),
        *_rate_notes(found_rates),
        Part("heading1", "三、分区县投资完成情况"),
        Part("chart", chart=_plan_chart("分区县年度计划与完成投资", by_district, unit)),
        _table(by_district, "区县", unit),
        Part("heading1", "四、分阶段投资完成情况"),
        Part("chart", chart=_plan_chart("分阶段年度计划与完成投资", by_stage, unit)),
        _table(by_stage, "阶段", unit),
        Part("heading1", "五、月报报送情况"),
        *_reporting(status, unit),
        Part("heading1", "六、问题办理情况"),
        Part(
            "chart", chart=charts.problem_events(dict(events), "本月问题办理（件）"), height=52 * mm
        ),
        # The dashboard's chart, overdue counted at the month's end.
        Part("chart", chart=charts.problems_by_category(problem_counts(ws.conn, "category", last))),
        Part(
            "body",
            f"本月新登记问题{events['registered']}个，交办{events['assigned']}个，"
            f"报办结{events['reported_done']}个，核验销号{events['verified']}个。"
            f"截至月末，未销号问题{document_store.open_problem_count(ws.conn, last.isoformat())}个。",
        ),
        Part("heading1", "七、包抓包联与走访"),
        Part("body", _packaging(ws, month, today)),
    ]
    return title, parts


def _flowable(ctx: Context, part: Part) -> Any:
    st = page.styles()
    if part.kind == "chart":
        return drawing(ctx, part.chart, part.height)
    if part.kind == "table":
        table = blocks.table(
            ctx, part.head, part.rows, [w * mm for w in part.widths], cell=st["cell"],
            head=st["cell_head"], aligns=part.aligns,
        )  # fmt: skip
        table.spaceAfter = 4 * mm
        return table
    text = Text(ctx, part.text, st[part.kind])
    if part.kind == "center":
        return [text, Spacer(1, 3 * mm)]
    return text


def _overview(projects, by_district, events, first: dt.date, last: dt.date, unit) -> str:
    plan_total = sum(v[0] for v in by_district.values())
    done_total = sum(v[1] for v in by_district.values())
    started = _in_month(projects, "started_actual", first, last)
    completed = _in_month(projects, "completed_actual", first, last)
    return (
        f"全市纳入监测的重大项目{len(projects)}个，年度计划投资{format.money(plan_total, unit)}，"
        f"已完成投资{format.money(done_total, unit)}，"
        f"完成率{format.percent(done_total, plan_total)}。"
        f"本月新开工项目{len(started)}个，竣工项目{len(completed)}个；新登记问题"
        f"{events['registered']}个，核验销号{events['verified']}个，重开{events['reopened']}个。"
    )


def _investment(projects: list[dict], key) -> dict[str, tuple[int, int]]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in projects:
        entry = sums[key(p)]
        entry[0] += p["year_plan_investment"] or 0
        entry[1] += p["year_completed_investment"] or 0
    return {k: (v[0], v[1]) for k, v in sums.items()}


def _plan_chart(title: str, sums: dict[str, tuple[int, int]], unit) -> charts.BarChart:
    names = list(sums)
    return charts.plan_and_done(
        title, names, [sums[n][0] for n in names], [sums[n][1] for n in names], unit=unit
    )


def _in_month(projects: list[dict], field: str, first: dt.date, last: dt.date) -> list[dict]:
    return [
        p for p in projects if p[field] and first.isoformat() <= p[field][:10] <= last.isoformat()
    ]


def _table(sums: dict[str, tuple[int, int]], label: str, unit) -> Part:
    plan_total, done_total = sum(v[0] for v in sums.values()), sum(v[1] for v in sums.values())
    rows = [
        [name, format.amount(plan, unit), format.amount(done, unit), format.percent(done, plan)]
        for name, (plan, done) in sums.items()
    ]
    rows.append(
        [
            "合计",
            format.amount(plan_total, unit),
            format.amount(done_total, unit),
            format.percent(done_total, plan_total),
        ]
    )
    return Part(
        "table",
        head=[label, f"年度计划（{unit.name}）", f"已完成（{unit.name}）", "完成率"],
        rows=rows,
        widths=[50, 38, 38, 30],
        aligns=["left", "right", "right", "right"],
    )


def _rates_table(found: list[rates.RateResult], unit) -> Part:
    rows = []
    for r in found:
        if r.measure == "sum":
            figures = f"{format.amount(r.numerator, unit)} / {format.amount(r.denominator, unit)}"
            figures += unit.name
        else:
            figures = f"{r.numerator} / {r.denominator}"
        rows.append(
            [r.name, figures, format.percent(r.numerator, r.denominator), str(len(r.unknown))]
        )
    return Part(
        "table",
        head=["指标", "分子 / 分母", "比率", "日期不全（个）"],
        rows=rows,
        widths=[36, 60, 28, 32],
        aligns=["left", "right", "right", "right"],
    )


def _rate_notes(found: list[rates.RateResult]) -> list[Part]:
    notes = [Part("small", "口径：" + "；".join(r.definition for r in found) + "。")]
    notes.append(
        Part(
            "small",
            "里程碑以实际日期不晚于统计日为准；缺少所需日期的项目列为“日期不全”，不计入分子分母。",
        )
    )
    unknown = [f"{r.name}：{'、'.join(r.unknown[:12])}{'等' if len(r.unknown) > 12 else ''}"
               for r in found if r.unknown]  # fmt: skip
    if unknown:
        notes.append(Part("small", "日期不全的项目——" + "；".join(unknown) + "。"))
    return notes


def _reporting(status: monthly_reports.MonthlyStatus, unit) -> list[Part]:
    data = status.to_json()
    reported = [p for p in status.projects if p.reported]
    month_total = sum(p.row["investment_month"] or 0 for p in reported)
    text = (
        f"本月应报项目{len(status.projects)}个，报送截止{format.zh_date(status.due)}。"
        f"按时报送{data['on_time']}个，逾期报送{data['late']}个，"
        f"未报送{len(data['missing']) + len(data['pending'])}个。"
        f"已报项目本月完成投资{format.money(month_total, unit)}。"
    )
    by_district: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for p in status.projects:
        counts = by_district[p.row["district_name"] or "未定区县"]
        state = p.state(status.today)
        counts[0] += 1
        counts[{"on_time": 1, "late": 2}.get(state, 3)] += 1
        counts[4] += p.row["investment_month"] or 0 if p.reported else 0
    rows = [
        [name, str(c[0]), str(c[1]), str(c[2]), str(c[3]), format.amount(c[4], unit)]
        for name, c in sorted(by_district.items())
    ]
    out = [
        Part("body", text),
        Part(
            "table",
            head=["区县", "应报", "按时", "逾期", "未报", f"本月完成（{unit.name}）"],
            rows=rows,
            widths=[44, 18, 18, 18, 18, 40],
            aligns=["left", "right", "right", "right", "right", "right"],
        ),
    ]
    missing = status.of("missing")
    if missing:
        codes_text = "、".join(p.row["code"] for p in missing[:40])
        more = f"等{len(missing)}个" if len(missing) > 40 else ""
        out.append(Part("small", f"逾期未报项目：{codes_text}{more}。"))
    return out


def _packaging(ws: Workspace, month: str, today: dt.date) -> str:
    gaps = coverage.compute(ws.conn)
    found = compliance.compute(ws.conn, periods.parse_month(month), today)
    behind = found.behind
    names = "、".join(f"{p.name}（欠{p.behind}次）" for p in behind[:10])
    return (
        f"包抓领导{gaps.leaders_total}名，未实现四个阶段全覆盖的{len(gaps.leaders)}名；"
        f"无人包抓包联的项目{len(gaps.unassigned)}个。本月走访未达标"
        f"{len(behind)}人{('：' + names) if names else ''}。"
    )
