"""The board's bar charts on screen, drawn with QPainter from the same description
(forms.charts.BarChart) that reportlab draws in the monthly PDF.

Why not a charting library: QtCharts is not in PySide6-Essentials (it comes with the ~300 MB
PySide6-Addons) and pyqtgraph brings numpy; neither would draw the PDF, so the screen and the
paper would be two charts to keep alike. Grouped bars with labels are some hundred lines of
QPainter; one description keeps both in step. A click on a bar group emits its key (a
district, a problem category, a rate) so the screen can list the projects behind it.
"""

from __future__ import annotations

import dataclasses
import math

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from forms import codes
from forms import format as shared
from forms.charts import BarChart

from .i18n import QT_TR_NOOP, language, tr

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 10, 34, 44


class BarChartWidget(QWidget):
    clicked = Signal(str)  # the category's key

    def __init__(self, chart: BarChart | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self._groups: list[tuple[QRectF, str | None]] = []
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_chart(self, chart: BarChart) -> None:
        chart = in_ui_language(chart)
        self.chart = chart
        self.setToolTip(chart.title)  # whole, where the drawn title is elided
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 240)

    # -- drawing -----------------------------------------------------------------------------

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.draw(painter, QRectF(self.rect()))
        painter.end()

    def draw(self, painter: QPainter, area: QRectF) -> None:
        painter.fillRect(area, QColor("white"))
        chart = self.chart
        if chart is None:
            return
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        bold = QFont(self.font())
        bold.setBold(True)
        legend_left = self._legend(painter, area, small)
        painter.setFont(bold)
        painter.setPen(QColor("#1f2933"))
        # The title gives way to the legend (elided, whole in the tooltip) rather than run under it.
        room = max(0.0, legend_left - area.left() - 14)
        title = QFontMetrics(bold).elidedText(chart.title, Qt.TextElideMode.ElideRight, int(room))
        painter.drawText(area.adjusted(6, 4, -6, 0), Qt.AlignmentFlag.AlignLeft, title)
        plot = area.adjusted(MARGIN_LEFT, MARGIN_TOP, -MARGIN_RIGHT, -MARGIN_BOTTOM)
        self._groups = []
        if chart.empty or plot.width() < 20 or plot.height() < 20:
            painter.setFont(small)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, tr("（无数据）"))
            return
        largest = max(max(s.values, default=0) for s in chart.series)
        top, step = axis(100.0 if chart.unit == "%" else largest)
        self._axis(painter, plot, top, step, small)
        self._bars(painter, plot, top, small)

    def _legend(self, painter: QPainter, area: QRectF, font: QFont) -> float:
        """Draw the series' keys at the top right; returns where they begin (x)."""
        if self.chart is None or len(self.chart.series) < 2:
            return area.right()
        painter.setFont(font)
        metrics = QFontMetrics(font)
        x = area.right() - 8
        for s in reversed(self.chart.series):
            width = metrics.horizontalAdvance(s.name)
            x -= width
            painter.setPen(QColor("#1f2933"))
            painter.drawText(
                QRectF(x, area.top() + 6, width, 16), Qt.AlignmentFlag.AlignLeft, s.name
            )
            x -= 14
            painter.fillRect(QRectF(x, area.top() + 10, 10, 10), QColor(s.colour))
            x -= 10
        return x

    def _axis(self, painter: QPainter, plot: QRectF, top: float, step: float, font: QFont) -> None:
        painter.setFont(font)
        lines = round(top / step)
        for n in range(lines + 1):
            y = plot.bottom() - plot.height() * n / lines
            painter.setPen(QPen(QColor("#e3e8ef"), 1))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(QColor("#5f6b7a"))
            painter.drawText(
                QRectF(0, y - 8, plot.left() - 4, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{step * n:g}",
            )

    def _bars(self, painter: QPainter, plot: QRectF, top: float, font: QFont) -> None:
        chart = self.chart
        assert chart is not None
        n, k = len(chart.categories), len(chart.series)
        slot = plot.width() / n
        bar = max(2.0, min(28.0, slot * 0.8 / k))
        metrics = QFontMetrics(font)
        for i, name in enumerate(chart.categories):
            left = plot.left() + slot * i + (slot - bar * k) / 2
            key = chart.keys[i] if i < len(chart.keys) else None
            self._groups.append(
                (QRectF(plot.left() + slot * i, plot.top(), slot, plot.height() + 30), key)
            )
            for j, s in enumerate(chart.series):
                height = plot.height() * min(s.values[i], top) / top if top else 0
                rect = QRectF(left + bar * j, plot.bottom() - height, bar - 1, height)
                painter.fillRect(rect, QColor(s.colour))
                if s.labels and bar >= 14:
                    painter.setPen(QColor("#1f2933"))
                    label = QRectF(rect.center().x() - 40, rect.top() - 15, 80, 14)
                    painter.drawText(label, Qt.AlignmentFlag.AlignCenter, s.labels[i])
            painter.setPen(QColor("#1f2933"))
            text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(slot) - 2)
            painter.drawText(
                QRectF(plot.left() + slot * i, plot.bottom() + 4, slot, 30),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                text,
            )

    # -- clicking and exporting --------------------------------------------------------------

    def key_at(self, x: float, y: float) -> str | None:
        for rect, key in self._groups:
            if rect.contains(x, y):
                return key
        return None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        key = self.key_at(event.position().x(), event.position().y())
        if key is not None:
            self.clicked.emit(key)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        key = self.key_at(event.position().x(), event.position().y())
        self.setCursor(Qt.CursorShape.PointingHandCursor if key else Qt.CursorShape.ArrowCursor)

    def image(self, size: QSize | None = None) -> QImage:
        """The chart drawn into an image (for PNG export), at twice the widget's size by
        default so it prints sharply."""
        size = size or QSize(max(self.width(), 420) * 2, max(self.height(), 240) * 2)
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(2.0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.draw(painter, QRectF(0, 0, size.width() / 2, size.height() / 2))
        painter.end()
        return image

    def export_png(self, path: str) -> bool:
        return self.image().save(path, "PNG")


# The words forms.charts writes in the board's charts (the monthly PDF keeps its Chinese).
CHART_WORDS = (
    QT_TR_NOOP("分区县年度计划与完成投资"),
    QT_TR_NOOP("未销号问题（按类别，个）"),
    QT_TR_NOOP("五率完成情况（%）"),
    QT_TR_NOOP("年度计划"),
    QT_TR_NOOP("已完成"),
    QT_TR_NOOP("比率"),
    QT_TR_NOOP("未销号"),
    QT_TR_NOOP("超期"),
    QT_TR_NOOP("未分类"),
    QT_TR_NOOP("未定区县"),
)


def in_ui_language(chart: BarChart) -> BarChart:
    """The chart in English when the UI is: its title, series and the categories that are code
    labels or default rates (district names are data and stay as written)."""
    if language() != "en":
        return chart
    title, unit = chart.title, ""
    english_unit = {u.name: u.en for u in (shared.WAN, shared.YI)}.get(chart.unit)
    if english_unit and title.endswith(f"（{chart.unit}）"):  # as plan_and_done names it
        title, unit = title[: -len(chart.unit) - 2], f" ({english_unit})"
    rate_names = _rate_names() if chart.kind == "rate" else {}
    categories = list(chart.categories)
    for i, key in enumerate(chart.keys):
        if chart.kind == "category" and key:
            categories[i] = codes.label("problem_category", key, "en") or categories[i]
        elif rate_names.get(key, ("",))[0] == categories[i]:  # a default rate, as named
            categories[i] = rate_names[key][1]
        else:
            categories[i] = tr(categories[i])
    return dataclasses.replace(
        chart,
        title=tr(title) + unit,
        categories=tuple(categories),
        series=tuple(dataclasses.replace(s, name=tr(s.name)) for s in chart.series),
    )


def _rate_names() -> dict[str, tuple[str, str]]:
    """(Chinese, English) names of the default rates, by key (the office's own have none)."""
    from forms import rates

    return {d.key: (d.name, d.name_en) for d in rates.DEFAULTS if d.name_en}


def axis(largest: float) -> tuple[float, float]:
    """A round axis top at or above `largest` and its grid step (1, 2, 2.5 or 5 times a power
    of ten), in at most five steps: 21 -> (30, 10), 337 -> (400, 100), 100 -> (100, 25)."""
    if largest <= 0:
        return 1.0, 0.25
    rough = largest / 4
    power = 10 ** math.floor(math.log10(rough))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if rough <= s * power)
    return math.ceil(largest / step - 1e-9) * step, step
