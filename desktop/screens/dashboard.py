"""工作台: the first screen after sign-in. A leader or commissioner sees today's work (visits
due, problems due this week, overdue ones, monthly reports to file) and the rates of their own
projects; the office sees every rate with its definition, the coverage and compliance gaps,
the monthly reports missing, problems by category, status and unit, and investment against
plan by district. Every figure, bar and line opens the projects behind it."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forms import board, codes, rates
from forms import format as shared
from forms.store import supervision

from .. import format
from ..charts import BarChartWidget
from ..context import AppContext
from ..i18n import QT_TR_NOOP, code, tr
from ..models.rows import Column, RowsModel
from .common import Screen, heading, muted, table

OFFICE_ROLES = ("office",)
FIRST_PAINT_LIMIT_MS = 300
RED = "#d93025"

PROJECT_COLUMNS = [
    Column(QT_TR_NOOP("编号"), lambda r: r.get("code"), width=110),
    Column(QT_TR_NOOP("项目名称"), lambda r: r.get("name") or r.get("project_name"), width=280),
    Column(QT_TR_NOOP("区县"), lambda r: r.get("district_name"), width=110),
    Column(QT_TR_NOOP("阶段"), lambda r: code("stage", r.get("stage")), width=80),
    Column(QT_TR_NOOP("说明"), lambda r: r.get("note"), width=200),
]
PROBLEM_COLUMNS = [
    Column(QT_TR_NOOP("办结时限"), lambda r: format.date(r["deadline"]), width=110),
    Column(QT_TR_NOOP("类别"), lambda r: code("problem_category", r["category"]), width=80),
    Column(QT_TR_NOOP("项目"), lambda r: f"{r['code']} {r['project_name']}", width=220),
    Column(QT_TR_NOOP("问题描述"), lambda r: r["description"], width=260),
]
VISIT_COLUMNS = [
    Column(QT_TR_NOOP("编号"), lambda r: r["code"], width=110),
    Column(QT_TR_NOOP("项目名称"), lambda r: r["name"], width=260),
    Column(
        QT_TR_NOOP("我的上次走访"),
        lambda r: format.date(r["my_last_visit"]) or tr("从未走访"),
        width=120,
    ),
    Column(
        QT_TR_NOOP("提醒"),
        lambda r: tr("应走访") if r["visit_due"] == "due" else tr("即将到期"),
        width=80,
    ),
]
REPORT_COLUMNS = [
    Column(QT_TR_NOOP("编号"), lambda r: r["code"], width=110),
    Column(QT_TR_NOOP("项目名称"), lambda r: r["name"], width=300),
]
COUNT_COLUMNS = [
    Column(QT_TR_NOOP("分类"), lambda r: r["label"], width=150),
    Column(QT_TR_NOOP("全部"), lambda r: r["total"], numeric=True, width=60),
    Column(QT_TR_NOOP("未销号"), lambda r: r["open"], numeric=True, width=60),
    Column(
        QT_TR_NOOP("超期"),
        lambda r: r["overdue"],
        numeric=True,
        width=60,
        colour=lambda r: RED if r["overdue"] else None,
    ),
]
GAP_COLUMNS = [
    Column(QT_TR_NOOP("人员"), lambda r: r["name"], width=100),
    Column(QT_TR_NOOP("情况"), lambda r: r["note"], width=420),
]


class RateCard(QFrame):
    """One rate: its value, numerator and denominator, unknown projects and its definition."""

    clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "RateCard { background: white; border: 1px solid #d5dce6; border-radius: 4px; }"
        )
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.name, self.value, self.figures = QLabel(), heading("", 1.6), QLabel()
        self.unknown, self.definition = QLabel(), muted("")
        self.definition.setStyleSheet("color: #5f6b7a; font-size: 8pt;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        for widget in (self.name, self.value, self.figures, self.unknown, self.definition):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_rate(self, r: rates.RateResult) -> None:
        self.key = r.key
        self.name.setText(f"<b>{r.name}</b>")
        self.value.setText(shared.percent(r.numerator, r.denominator))
        if r.measure == "sum":
            unit = shared.unit_for(r.numerator, r.denominator)
            self.figures.setText(
                f"{format.money(r.numerator, unit)} / {format.money(r.denominator, unit)}"
            )
        else:
            self.figures.setText(tr("{n} / {d} 个", n=r.numerator, d=r.denominator))
        self.unknown.setText(tr("日期不全 {n} 个", n=len(r.unknown)) if r.unknown else "")
        self.unknown.setStyleSheet(f"color: {RED};")
        self.definition.setText(r.definition.split(" = ", 1)[-1])
        self.setToolTip(r.definition)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.key:
            self.clicked.emit(self.key)


class ChartPanel(QWidget):
    """A chart with its export button."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.chart = BarChartWidget()
        self.export_button = QPushButton(tr("导出图片…"))
        self.export_button.clicked.connect(self.export)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.export_button)
        layout.addLayout(row)

    def export(self) -> None:
        chart = self.chart.chart
        name = f"{chart.title if chart else 'chart'}.png"
        path = self.ctx.dialogs.save_file(tr("导出图片…"), "PNG (*.png)", name)
        if path and not self.chart.export_png(path):
            self.ctx.dialogs.error(tr("不能执行"), tr("无法写入 {path}", path=path))


class DashboardScreen(Screen):
    open_project = Signal(str)
    open_problem = Signal(str)
    watches = frozenset(
        {"project", "visit", "problem", "problem_event", "assignment", "monthly_report", "setting"}
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = heading("")
        self.subtitle = muted("")
        self.cards = [RateCard() for _ in range(len(rates.DEFAULTS))]
        cards = QHBoxLayout()
        for card in self.cards:
            card.clicked.connect(self.show_rate_projects)
            cards.addWidget(card, 1)
        # Each box is built the first time someone needs it: start-up pays for one.
        self.office_box, self.person_box = QWidget(), QWidget()
        self.office_box.hide()
        self.person_box.hide()
        self._built: set[str] = set()
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(cards)
        layout.addWidget(self.office_box, 1)
        layout.addWidget(self.person_box, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.data: Any = None
        self._pending: Any = None
        self._painted = False
        self.title.installEventFilter(self)
        ctx.changes.person_changed.connect(self._person_changed)

    # -- building ----------------------------------------------------------------------------

    def _list(
        self, name: str, columns: list[Column], opens: str = "project"
    ) -> tuple[RowsModel, QTableView]:
        model = RowsModel(columns, self)
        view = table(self.ctx, f"dashboard_{name}", model, [c.width for c in columns])
        view.doubleClicked.connect(lambda index, m=model, o=opens: self._open(m, index, o))
        view.setMinimumHeight(150)
        return model, view

    def _build(self, box: str) -> None:
        if box not in self._built:
            self._built.add(box)
            (self._build_office if box == "office" else self._build_person)()

    def _build_office(self) -> None:
        self.charts = [ChartPanel(self.ctx) for _ in range(3)]
        for panel in self.charts:
            panel.chart.clicked.connect(lambda key, p=panel: self.chart_clicked(p.chart.chart, key))
        row = QHBoxLayout()
        for panel in self.charts:
            row.addWidget(panel, 1)
        self.tabs = QTabWidget()
        self.models: dict[str, RowsModel] = {}
        for name, title, columns in (
            ("detail", QT_TR_NOOP("明细"), PROJECT_COLUMNS),
            ("coverage", QT_TR_NOOP("包抓覆盖"), GAP_COLUMNS),
            ("compliance", QT_TR_NOOP("走访未达标"), GAP_COLUMNS),
            ("monthly", QT_TR_NOOP("月报未报"), PROJECT_COLUMNS),
            ("status", QT_TR_NOOP("问题按状态"), COUNT_COLUMNS),
            ("unit", QT_TR_NOOP("问题按责任单位"), COUNT_COLUMNS),
        ):
            model, view = self._list(name, columns)
            self.models[name] = model
            self.tabs.addTab(view, tr(title))
        self.detail_title = muted("")
        self.definitions_button = QPushButton(tr("指标口径…"))
        self.definitions_button.clicked.connect(self.edit_definitions)
        title_row = QHBoxLayout()
        title_row.addWidget(self.detail_title, 1)
        title_row.addWidget(self.definitions_button)
        layout = QVBoxLayout(self.office_box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row, 1)
        layout.addLayout(title_row)
        layout.addWidget(self.tabs, 1)

    def _build_person(self) -> None:
        grid = QGridLayout(self.person_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.person_models: dict[str, RowsModel] = {}
        self.person_views: dict[str, QTableView] = {}
        self.person_titles: dict[str, QLabel] = {}
        for n, (name, columns, opens) in enumerate(
            (
                ("visits_due", VISIT_COLUMNS, "project"),
                ("due_this_week", PROBLEM_COLUMNS, "problem"),
                ("overdue", PROBLEM_COLUMNS, "problem"),
                ("reports_to_file", REPORT_COLUMNS, "report"),
            )
        ):
            model, view = self._list(name, columns, opens)
            self.person_models[name] = model
            self.person_views[name] = view
            self.person_titles[name] = heading("", 1.05)
            box = QVBoxLayout()
            box.addWidget(self.person_titles[name])
            box.addWidget(view, 1)
            grid.addLayout(box, n // 2, n % 2)
        # The projects behind a clicked rate, hidden until one is clicked.
        self.person_detail_title = heading("", 1.05)
        self.person_detail_model, self.person_detail = self._list("person_detail", PROJECT_COLUMNS)
        self.person_detail_title.hide()
        self.person_detail.hide()
        grid.addWidget(self.person_detail_title, 2, 0, 1, 2)
        grid.addWidget(self.person_detail, 3, 0, 1, 2)

    # -- loading -----------------------------------------------------------------------------

    def _person_changed(self, _person_id: object) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    @property
    def is_office(self) -> bool:
        person = self.ctx.person_id and _signed_in_person(self.ctx)
        return not person or person["role"] in OFFICE_ROLES

    def refresh(self) -> None:
        super().refresh()
        today, ws, person_id = self.ctx.today(), self.ctx.ws, self.ctx.person_id
        office = self.is_office
        self._build("office" if office else "person")
        self.office_box.setVisible(office)
        self.person_box.setVisible(not office)
        name = self.ctx.person_name()
        self.title.setText(tr("{name} 的工作台", name=name) if name else tr("工作台"))
        day = format.date(today.isoformat())
        self.subtitle.setText(
            tr("今天是 {day}。以下比率截至今天，全部项目。", day=day)
            if office
            else tr("今天是 {day}。以下比率截至今天，为我包抓包联的项目。", day=day)
        )
        if office:
            self._pending = lambda: self.ctx.ops.run(
                lambda: board.office(ws.conn, today), self._show_office
            )
        else:
            self._pending = lambda: self.ctx.ops.run(
                lambda: board.person(ws.conn, person_id, today), self._show_person
            )
        # The first paint shows the frame at once; the figures follow from the worker (its
        # work would otherwise hold the interpreter while the window tries to paint).
        if self._painted or self.ctx.ops.synchronous:
            self._load()

    def _load(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        # The screen itself is covered by its scroll area and never painted: the title is the
        # first thing of it on screen.
        if watched is self.title and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._load)
        return False

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(FIRST_PAINT_LIMIT_MS, self._load)  # if no paint came (minimised)

    def _show_rates(self, found: list[rates.RateResult]) -> None:
        for card, r in zip(self.cards, found, strict=False):
            card.show_rate(r)
            card.setVisible(True)
        for card in self.cards[len(found) :]:
            card.setVisible(False)

    def _show_office(self, data: board.OfficeBoard) -> None:
        if not shiboken6.isValid(self):
            return
        self.data = data
        self._show_rates(data.rates)
        for panel, chart in zip(self.charts, data.charts, strict=True):
            panel.chart.set_chart(chart)
        self.models["coverage"].set_rows(_coverage_rows(data))
        self.models["compliance"].set_rows(_compliance_rows(data))
        self.models["monthly"].set_rows(
            [
                {**p.row, "note": p.row["commissioners"] or tr("无服务专员")}
                for p in data.monthly.of("missing")
            ]
        )
        for by, list_name in (("status", "problem_status"), ("unit", None)):
            self.models[by].set_rows(
                [{**r, "label": _label(list_name, r["key"])} for r in data.problems[by]]
            )
        self.tabs.setTabText(3, tr("月报未报（{n}）", n=len(data.monthly.of("missing"))))
        self.tabs.setTabText(2, tr("走访未达标（{n}）", n=len(data.compliance.behind)))
        self.tabs.setTabText(1, tr("包抓覆盖（{n}）", n=len(data.coverage.leaders)))
        self.detail_title.setText(tr("点击比率或图表，在“明细”中查看背后的项目；双击打开项目。"))

    def _show_person(self, data: board.PersonBoard) -> None:
        if not shiboken6.isValid(self):
            return
        self.data = data
        self._show_rates(data.rates)
        texts = {
            "visits_due": tr("应走访项目（{n}）", n=len(data.visits_due)),
            "due_this_week": tr("本周到期问题（{n}）", n=len(data.due_this_week)),
            "overdue": tr("已超期问题（{n}）", n=len(data.overdue)),
            "reports_to_file": (
                tr("待报月报（{n}，{day}前）")
                if data.today <= data.report_due
                else tr("待报月报（{n}，{day}已截止）")
            ).format(n=len(data.reports_to_file), day=format.date(data.report_due.isoformat())),
        }
        for name, model in self.person_models.items():
            model.set_rows(getattr(data, name))
            self.person_titles[name].setText(texts[name])

    # -- drilling down -----------------------------------------------------------------------

    def show_rate_projects(self, key: str) -> None:
        defs = rates.definitions(self.ctx.reader_connection)[0]
        definition = next((d for d in defs if d.key == key), None)
        if definition is None:
            return
        today, ws = self.ctx.today(), self.ctx.ws
        scope = rates.Scope() if self.is_office else rates.Scope(person_id=self.ctx.person_id)

        def load() -> list[dict[str, Any]]:
            rows = rates.projects_behind(ws.conn, definition, today, "denominator", scope=scope)
            unknown = rates.projects_behind(ws.conn, definition, today, "unknown", scope=scope)
            note = {"num": tr("计入分子"), "den": tr("仅计入分母")}
            return [{**r, "note": note[r["state"]]} for r in rows] + [
                {**r, "note": tr("日期不全（未计入）")} for r in unknown
            ]

        self._detail(definition.text(), load)

    def chart_clicked(self, chart: Any, key: str) -> None:
        if chart is None:
            return
        if chart.kind == "rate":
            self.show_rate_projects(key)
            return
        ws, today = self.ctx.ws, self.ctx.today()
        if chart.kind == "district":
            title = tr("{name} 的项目", name=chart.categories[chart.keys.index(key)])
            self._detail(title, lambda: supervision.projects_for(ws.conn, district_id=key))
        elif chart.kind == "category":
            title = tr("有未销号“{name}”问题的项目", name=code("problem_category", key))
            self._detail(
                title, lambda: supervision.projects_for(ws.conn, open_category=key, today=today)
            )

    @property
    def detail_model(self) -> RowsModel:
        """Where the projects behind a click are listed: the office's 明细 tab, or the list
        under a person's own work."""
        return (
            self.models["detail"] if self.office_box.isVisibleTo(self) else self.person_detail_model
        )

    def _detail(self, title: str, load: Any) -> None:
        office = self.office_box.isVisibleTo(self)

        def show(rows: list[dict[str, Any]]) -> None:
            if not shiboken6.isValid(self):
                return
            if office:
                self.detail_title.setText(title)
                self.models["detail"].set_rows(rows)
                self.tabs.setCurrentIndex(0)
                self.tabs.setTabText(0, tr("明细（{n}）", n=len(rows)))
            else:
                self.person_detail_title.setText(f"{title}（{len(rows)}）")
                self.person_detail_model.set_rows(rows)
                self.person_detail_title.show()
                self.person_detail.show()

        self.ctx.ops.run(load, show)

    def edit_definitions(self) -> None:
        """The office edits the rate definitions (a synced setting); the board follows."""
        from .rate_definitions import RateDefinitionsDialog

        if self.ctx.dialogs.exec(RateDefinitionsDialog(self.ctx, self)):
            self.refresh()

    def file_report(self, project_id: str) -> None:
        """The monthly report form for this month, for one of the person's projects."""
        from .monthly_report import file_report

        if file_report(self.ctx, project_id, board.this_month(self.ctx.today()), self):
            self.refresh()

    def _open(self, model: RowsModel, index: Any, opens: str) -> None:
        row = model.row(index)
        if not row:
            return
        if opens == "problem" and row.get("id"):
            self.open_problem.emit(row["id"])
        elif opens == "report" and row.get("id"):
            self.file_report(row["id"])
        elif row.get("project_id") or row.get("id"):
            self.open_project.emit(row.get("project_id") or row["id"])


def _signed_in_person(ctx: AppContext) -> dict[str, Any] | None:
    from forms import queries

    return queries.person(ctx.reader_connection, ctx.person_id) if ctx.person_id else None


def _coverage_rows(data: board.OfficeBoard) -> list[dict[str, Any]]:
    rows = [
        {
            "name": g.leader,
            "note": tr("缺少：") + "、".join(code("stage", s) for s in g.missing_stages),
        }
        for g in data.coverage.leaders
    ]
    if data.coverage.unassigned:
        rows.append({"name": tr("无人包抓"), "note": " ".join(data.coverage.unassigned)})
    return rows


def _compliance_rows(data: board.OfficeBoard) -> list[dict[str, Any]]:
    period = data.compliance.period.label
    return [
        {
            "name": p.name,
            "note": tr("{period} 欠走访 {n} 次：", period=period, n=p.behind)
            + " ".join(d.code for d in p.projects if d.behind),
        }
        for p in data.compliance.behind
    ]


def _label(list_name: str | None, key: str | None) -> str:
    return (codes.label(list_name, key) if list_name else key) or "—"
