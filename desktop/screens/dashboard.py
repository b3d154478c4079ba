"""工作台: the first screen after sign-in. A leader or commissioner sees today's work (visits
due, problems due this week, overdue ones, monthly reports to file) and the rates of their own
projects; the office sees every rate with its definition, the coverage and compliance gaps,
the monthly reports missing, problems by category, status and unit, and investment against
plan by district. Every figure, bar and line opens the projects behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, Signal
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

from forms import codes
from forms import format as shared
from forms.store import supervision

from .. import display
from ..context import AppContext
from ..i18n import QT_TR_NOOP, code, language, tr
from ..models.rows import Column, RowsModel
from .common import Screen, heading, muted, table

if TYPE_CHECKING:  # the board and its charts are imported once the frame is on screen
    from forms import board, escalation, rates

OFFICE_ROLES = ("office",)
RED = "#d93025"

PROJECT_COLUMNS = [
    Column(QT_TR_NOOP("编号"), lambda r: r.get("code"), width=110),
    Column(QT_TR_NOOP("项目名称"), lambda r: r.get("name") or r.get("project_name"), width=280),
    Column(QT_TR_NOOP("区县"), lambda r: r.get("district_name"), width=110),
    Column(QT_TR_NOOP("阶段"), lambda r: code("stage", r.get("stage")), width=80),
    Column(QT_TR_NOOP("说明"), lambda r: r.get("note"), width=200),
]
PROBLEM_COLUMNS = [
    Column(QT_TR_NOOP("办结时限"), lambda r: display.date(r["deadline"]), width=110),
    Column(QT_TR_NOOP("类别"), lambda r: code("problem_category", r["category"]), width=80),
    Column(QT_TR_NOOP("项目"), lambda r: f"{r['code']} {r['project_name']}", width=220),
    Column(QT_TR_NOOP("问题描述"), lambda r: r["description"], width=260),
]
VISIT_COLUMNS = [
    Column(QT_TR_NOOP("编号"), lambda r: r["code"], width=110),
    Column(QT_TR_NOOP("项目名称"), lambda r: r["name"], width=260),
    Column(
        QT_TR_NOOP("我的上次走访"),
        lambda r: (
            display.date(r["my_last_visit"])
            or (tr("我未走访过") if r["last_visit"] else tr("从未走访"))
        ),
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
    Column(QT_TR_NOOP("项目名称"), lambda r: r["name"], width=240),
    Column(QT_TR_NOOP("办公室提醒"), lambda r: display.date(r.get("reminded_on")), width=110),
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


def _rung(step: str | None) -> str:
    """A rung of the escalation ladder in the UI language (None: overdue, not yet reminded).
    The ladder is imported on first use: it is not needed for the first frame."""
    from forms import escalation

    return tr(escalation.STEP_ZH[step]) if step else tr("已超期未提醒")


LADDER_COLUMNS = [
    Column(QT_TR_NOOP("级别"), lambda r: _rung(r["step"]), width=110),
    Column(QT_TR_NOOP("已到此级"), lambda r: r["reached"], numeric=True, width=70),
    Column(
        QT_TR_NOOP("待升至此级"),
        lambda r: r["due"] if r["step"] else "—",
        numeric=True,
        width=80,
        colour=lambda r: RED if r["due"] else None,
    ),
]
LADDER_PROBLEM_COLUMNS = [
    Column(QT_TR_NOOP("问题编号"), lambda r: r["number"], width=110),
    Column(QT_TR_NOOP("项目"), lambda r: f"{r['project_code']} {r['project_name']}", width=200),
    Column(QT_TR_NOOP("责任单位"), lambda r: r["unit_name"], width=150),
    Column(QT_TR_NOOP("超期工作日"), lambda r: r["overdue_workdays"], numeric=True, width=80),
    Column(QT_TR_NOOP("已到"), lambda r: _rung(r["reached"]) if r["reached"] else "—", width=70),
    Column(
        QT_TR_NOOP("下一步"),
        lambda r: _rung(r["next_step"]) if r["next_step"] else "—",
        width=70,
        colour=lambda r: RED if r["next_step"] else None,
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
        # The office's own rate names are data; a default one has its English name too.
        self.name.setText(f"<b>{r.name_en if language() == 'en' and r.name_en else r.name}</b>")
        self.value.setText(shared.percent(r.numerator, r.denominator))
        if r.measure == "sum":
            unit = shared.unit_for(r.numerator, r.denominator)
            self.figures.setText(
                f"{display.money(r.numerator, unit)} / {display.money(r.denominator, unit)}"
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
        from ..charts import BarChartWidget

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
        {
            "project",
            "visit",
            "problem",
            "problem_event",
            "assignment",
            "monthly_report",
            "setting",
            "reminder",
        }
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = heading("")
        self.subtitle = muted("")
        # A loading line until the figures arrive; the rate cards are made with them.
        self.loading = muted(tr("正在载入工作台的数据…"))
        self.cards: list[RateCard] = []
        self.cards_row = QHBoxLayout()
        # Each box is built the first time someone needs it: start-up pays for one.
        self.office_box, self.person_box = QWidget(), QWidget()
        self.office_box.hide()
        self.person_box.hide()
        self._built: set[str] = set()
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.loading)
        layout.addLayout(self.cards_row)
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
            if name == "monthly":
                self.remind_reports_button = QPushButton(tr("提醒服务专员…"))
                self.remind_reports_button.setToolTip(
                    tr("提醒未报月报项目的服务专员（记入提醒记录）")
                )
                self.remind_reports_button.clicked.connect(self.remind_reports)
                view = _with_buttons(view, self.remind_reports_button)
            self.tabs.addTab(view, tr(title))
        self.tabs.insertTab(1, self._build_ladder(), tr("督办升级"))
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

    def _build_ladder(self) -> QWidget:
        """The escalation ladder: problems at each rung and due to climb; a rung shows its
        problems beside it, a problem opens with a double-click."""
        self.ladder_model, self.ladder_view = self._list("ladder", LADDER_COLUMNS, "none")
        self.ladder_view.clicked.connect(self.show_rung)
        self.ladder_problems, view = self._list(
            "ladder_problems", LADDER_PROBLEM_COLUMNS, "problem"
        )
        self.ladder_problems_view = view
        self.ladder_title = muted(tr("点击左侧级别查看其问题；双击问题打开。"))
        self.remind_problems_button = QPushButton(tr("提醒服务专员…"))
        self.remind_problems_button.setToolTip(
            tr("提醒所列待提醒问题所在项目的服务专员（记入问题的办理记录）")
        )
        self.remind_problems_button.clicked.connect(self.remind_problems)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.ladder_title)
        right.addWidget(view, 1)
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.ladder_view, 1)
        layout.addLayout(right, 3)
        return _with_buttons(box, self.remind_problems_button)

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
        name = self.ctx.person_name()
        self.title.setText(tr("{name} 的工作台", name=name) if name else tr("工作台"))
        day = display.date(today.isoformat())
        self.subtitle.setText(
            tr("今天是 {day}。以下比率截至今天，全部项目。", day=day)
            if office
            else tr("今天是 {day}。以下比率截至今天，为我包抓包联的项目。", day=day)
        )
        # At start-up the window's first frame (the skeleton) is on screen before this screen
        # is built: the figures are asked for at once, first in the worker's queue.
        self._fill(office, ws, person_id, today)

    def _fill(self, office: bool, ws: Any, person_id: str | None, today: Any) -> None:
        """Build the office's or the person's box, and load its figures on the worker."""
        from forms import board

        self._build("office" if office else "person")
        self.office_box.setVisible(office)
        self.person_box.setVisible(not office)
        if office:
            self.ctx.ops.run(lambda: board.office(ws.conn, today), self._show_office)
        else:
            self.ctx.ops.run(lambda: board.person(ws.conn, person_id, today), self._show_person)

    def _show_rates(self, found: list[rates.RateResult]) -> None:
        self.loading.hide()
        while len(self.cards) < len(found):
            card = RateCard()
            card.clicked.connect(self.show_rate_projects)
            self.cards_row.addWidget(card, 1)
            self.cards.append(card)
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
            [{**p.row, "note": _report_note(p.row, data)} for p in data.monthly.of("missing")]
        )
        for by, list_name in (("status", "problem_status"), ("unit", None)):
            self.models[by].set_rows(
                [{**r, "label": _label(list_name, r["key"])} for r in data.problems[by]]
            )
        due = sum(r["due"] for r in data.ladder.summary())
        self.ladder_model.set_rows(data.ladder.summary())
        self.show_rung(self._rung_index)
        self.tabs.setTabText(4, tr("月报未报（{n}）", n=len(data.monthly.of("missing"))))
        self.tabs.setTabText(3, tr("走访未达标（{n}）", n=len(data.compliance.behind)))
        self.tabs.setTabText(2, tr("包抓覆盖（{n}）", n=len(data.coverage.leaders)))
        self.tabs.setTabText(1, tr("督办升级（待升级 {n}）", n=due))
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
            ).format(n=len(data.reports_to_file), day=display.date(data.report_due.isoformat())),
        }
        for name, model in self.person_models.items():
            model.set_rows(getattr(data, name))
            self.person_titles[name].setText(texts[name])

    # -- drilling down -----------------------------------------------------------------------

    def show_rate_projects(self, key: str) -> None:
        from forms import rates

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

    # -- the ladder and reminders ------------------------------------------------------------

    _rung_index: Any = None

    def show_rung(self, index: Any = None) -> None:
        """The problems at the clicked rung and those due to climb to it (all, before a click)."""
        from forms import board

        self._rung_index = index
        if self.data is None or not isinstance(self.data, board.OfficeBoard):
            return
        chosen = self.ladder_model.row(index) if index is not None else None
        ladder = self.data.ladder
        if chosen is None:
            found, title = ladder.proposals, tr("全部超期问题（{n}）", n=len(ladder.proposals))
        else:
            step = chosen["step"]
            found = ladder.at(step) + (ladder.due(step) if step else [])
            title = tr("{rung}：已到此级 {n} 个，待升至此级 {m} 个", rung=_rung(step),
                       n=chosen["reached"], m=chosen["due"])  # fmt: skip
        self.ladder_title.setText(title)
        self.ladder_problems.set_rows([_proposal_row(p) for p in found])
        self.remind_problems_button.setEnabled(any(p.next_step == "remind" for p in found))

    def remind_problems(self) -> None:
        """提醒 the commissioners of the listed problems that are due for 提醒."""
        ids = [r["id"] for r in self.ladder_problems.rows if r["next_step"] == "remind"]
        self._remind(tr("提醒 {n} 个超期问题所在项目的服务专员", n=len(ids)), problem_ids=ids)

    def remind_reports(self) -> None:
        """提醒 the commissioners of the projects whose monthly report is missing."""
        ids = [r["id"] for r in self.models["monthly"].rows]
        month = self.data.monthly.month if self.data else None
        self._remind(
            tr("提醒 {n} 个未报月报项目的服务专员", n=len(ids)), month=month, project_ids=ids
        )

    def _remind(self, title: str, **targets: Any) -> None:
        if not any(targets.get(k) for k in ("problem_ids", "project_ids")):
            self.ctx.dialogs.info(tr("提醒服务专员…"), tr("没有需要提醒的项目。"))
            return
        note = self.ctx.dialogs.ask_text(title, tr("提醒方式和内容："), tr("电话提醒，请尽快办理"))
        if not note:
            return
        from forms import escalation

        ws, person, today = self.ctx.ws, self.ctx.person_id, self.ctx.today()

        def done(made: int) -> None:
            self.ctx.dialogs.info(tr("提醒服务专员…"), tr("已记录 {n} 条提醒。", n=made))
            self.refresh()

        self.ctx.write(
            lambda: escalation.remind_commissioners(
                ws, today=today, note=note, author_id=person, **targets
            ),
            done,
        )

    def file_report(self, project_id: str) -> None:
        """The monthly report form for this month, for one of the person's projects."""
        from forms import board

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


def _with_buttons(widget: QWidget, *buttons: QPushButton) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget, 1)
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    layout.addLayout(row)
    return box


def _proposal_row(p: escalation.Proposal) -> dict[str, Any]:
    return {
        **p.problem,
        "overdue_workdays": p.overdue_workdays,
        "reached": p.reached,
        "next_step": p.next_step,
    }


def _report_note(row: dict[str, Any], data: board.OfficeBoard) -> str:
    note = row["commissioners"] or tr("无服务专员")
    reminded = data.reminded.get(row["id"])
    if reminded:
        note += tr("（已提醒 {n} 次，最近 {day}）", n=reminded["times"],
                   day=display.date(reminded["last_on"]))  # fmt: skip
    return note


def _signed_in_person(ctx: AppContext) -> dict[str, Any] | None:
    from forms.store import people as people_store

    return people_store.person(ctx.reader_connection, ctx.person_id) if ctx.person_id else None


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
