"""A board chart (forms.charts.BarChart) drawn by reportlab's own graphics for the PDF: the
same description the dashboard's QPainter widget draws on screen."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm

from ..charts import BarChart
from . import page
from .context import Context


def drawing(ctx: Context, chart: BarChart, height: float = 62 * mm) -> Drawing:
    font = ctx.fonts.roles["body"].name
    width = page.PORTRAIT.width
    out = Drawing(width, height)
    out.add(
        String(0, height - 12, chart.title, fontName=ctx.fonts.roles["heading2"].name, fontSize=10)
    )
    if chart.empty:
        out.add(String(40, height / 2, "（无数据）", fontName=font, fontSize=10))
        return out
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 40, 38, width - 60, height - 38 - 26
    bars.data = [list(s.values) for s in chart.series]
    bars.categoryAxis.categoryNames = [n if len(n) <= 6 else n[:5] + "…" for n in chart.categories]
    bars.categoryAxis.labels.fontName = font
    bars.categoryAxis.labels.fontSize = 8
    bars.categoryAxis.labels.angle = 20
    bars.categoryAxis.labels.boxAnchor = "ne"
    bars.valueAxis.labels.fontName = font
    bars.valueAxis.labels.fontSize = 8
    bars.valueAxis.valueMin = 0
    if chart.unit == "%":
        bars.valueAxis.valueMax = 100
    for n, s in enumerate(chart.series):
        bars.bars[n].fillColor = HexColor(s.colour)
    bars.barSpacing, bars.groupSpacing = 1, 8
    # Exact labels at the bars' ends, formatted from the integers (never the floats).
    bars.barLabelFormat = "values"
    bars.barLabelArray = [list(s.labels or ("",) * len(s.values)) for s in chart.series]
    bars.barLabels.fontName, bars.barLabels.fontSize, bars.barLabels.nudge = font, 6.5, 5
    out.add(bars)
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = width - 110, height - 8
        legend.fontName, legend.fontSize = font, 9
        legend.colorNamePairs = [(HexColor(s.colour), s.name) for s in chart.series]
        legend.alignment = "right"
        legend.columnMaximum = 1
        out.add(legend)
    return out
