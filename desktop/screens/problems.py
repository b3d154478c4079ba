"""问题清单: every problem with filters, colours for overdue and due this week, the traffic
light (亮灯), the lifecycle actions and each problem's history (who did what when)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from forms import codes, escalation, notices, problems, workdays
from forms.store import notices as notice_store
from forms.store import problems as problem_store
from forms.store import settings as settings_store
from forms.store import units as unit_store

from .. import display
from ..context import AppContext
from ..i18n import QT_TR_NOOP, code, event, tr
from ..models.problems import COLUMNS, LIGHT_COLOURS, SORT_ROLE, ProblemModel
from ..models.rows import Column, RowsModel
from .common import Screen, heading, muted, table
from .ledger import combo
from .problem_actions import ACTIONS, ActionDialog, allowed

HISTORY_COLUMNS = [
    Column(QT_TR_NOOP("日期"), lambda r: display.datetime(r["at"]), width=100),
    Column(QT_TR_NOOP("操作"), lambda r: event(r["kind"]), width=62),
    Column(QT_TR_NOOP("记录人"), lambda r: r["author_name"], width=58),
    Column(
        QT_TR_NOOP("说明"),
        lambda r: " ".join(
            x
            for x in (
                r["unit_name"],
                r["assignee"],
                display.date(r["deadline"]) and tr("时限 {day}", day=display.date(r["deadline"])),
                r["note"],
            )
            if x
        ),
        width=300,
    ),
]


class ProblemsScreen(Screen):
    open_project = Signal(str)
    watches = frozenset({"problem", "problem_event", "unit", "project", "setting"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = ProblemModel(ctx.reader, ctx.today, self)
        self.status = combo(
            tr("全部状态"),
            [("open", tr("未办结的"))]
            + [(v, code("problem_status", v)) for v in codes.values("problem_status")],
        )
        self.status.setCurrentIndex(1)
        self.category = combo(
            tr("全部类别"),
            [(v, code("problem_category", v)) for v in codes.values("problem_category")],
        )
        self.unit = combo(tr("全部单位"), [])
        self.district = combo(tr("全部区县"), [])
        self.overdue = QCheckBox(tr("只看超期"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("搜索编号或描述"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(200)
        self.count = QLabel()
        self.count.setMinimumWidth(90)  # "共 600 个问题" beside the filters
        self.calendar_note = muted("")
        self.calendar_note.setWordWrap(True)
        self.calendar_note.setStyleSheet("color: #B00020;")
        # Sorting by a column goes through a proxy: the model keeps the filter's order (most
        # pressing first), the header's third click gives it back.
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = table(ctx, "problem_register", self.proxy, [c.width for c in COLUMNS])
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorClearable(True)
        self.legend = QLabel(_legend())
        self.legend.setToolTip(tr("亮灯：绿灯在时限内，黄灯已用去时限的四分之三，红灯已超期"))
        self.export_button = QPushButton(tr("导出 Excel…"))
        self.export_button.setToolTip(tr("导出当前筛选出的问题（及其项目）到 Excel"))
        self.export_button.clicked.connect(self.export_excel)
        self.detail = ProblemDetail(ctx, self)
        self._layout()
        for signal in (
            self.status.currentIndexChanged,
            self.category.currentIndexChanged,
            self.unit.currentIndexChanged,
            self.district.currentIndexChanged,
            self.overdue.toggled,
            self.search.textChanged,
        ):
            signal.connect(self.reload)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.detail.open_project.connect(self.open_project.emit)

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for widget in (
            self.search,
            self.status,
            self.category,
            self.unit,
            self.district,
            self.overdue,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        below = QHBoxLayout()
        below.addWidget(self.legend, 1)
        below.addWidget(self.export_button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.calendar_note)
        column.addWidget(self.view, 1)
        column.addLayout(below)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([850, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def refresh(self) -> None:
        super().refresh()
        self._fill(self.unit, unit_store.units(self.ctx.reader, "department"))
        self._fill(self.district, unit_store.units(self.ctx.reader, "district", "park"))
        self.reload()

    def _fill(self, box: Any, units: list[dict[str, Any]]) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for unit in units:
            box.addItem(unit["name"], unit["id"])
        box.setCurrentIndex(max(0, box.findData(chosen)))
        box.blockSignals(False)

    def current_filter(self) -> problem_store.ProblemFilter:
        return problem_store.ProblemFilter(
            status=self.status.currentData(),
            category=self.category.currentData(),
            unit_id=self.unit.currentData(),
            district_id=self.district.currentData(),
            overdue=self.overdue.isChecked(),
            today=self.ctx.today(),
            search=self.search.text(),
        )

    def reload(self, *_: Any) -> None:
        """Load the matching ids again, keeping the chosen problem chosen if it still matches."""
        chosen = self.detail.problem_id
        self.model.load(self.current_filter())
        self.count.setText(tr("共 {n} 个问题", n=self.model.rowCount()))
        # Overdue working days counted into a year without the official schedule: say so.
        calendar, year = self.model.calendar, self.ctx.today().year
        if not calendar.covers(year):
            calendar.uncovered.add(year)
        self.calendar_note.setText(calendar.warning() or "")
        self.calendar_note.setVisible(bool(calendar.uncovered))
        if chosen:
            self.select(chosen, show_all=False)
        self.detail.show_problem(chosen)

    def select(self, problem_id: str, show_all: bool = True) -> None:
        """Choose a problem; when filtered out and `show_all`, clear the filters to show it."""
        row = self.model.row_of(problem_id)
        if row < 0 and show_all:
            for box in (self.status, self.category, self.unit, self.district):
                box.blockSignals(True)
                box.setCurrentIndex(0)
                box.blockSignals(False)
            self.overdue.setChecked(False)
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.model.load(self.current_filter())
            row = self.model.row_of(problem_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index)
        self.detail.show_problem(problem_id)

    def _current_changed(self, current: Any, _previous: Any) -> None:
        source = self.proxy.mapToSource(current) if current.isValid() else None
        problem = self.model.problem(source.row()) if source is not None else None
        self.detail.show_problem(problem["id"] if problem else None)

    def shown_ids(self) -> list[str]:
        """The problems as the table shows them: the active filter, in the chosen order."""
        return [
            self.model.ids[self.proxy.mapToSource(self.proxy.index(row, 0)).row()]
            for row in range(self.proxy.rowCount())
        ]

    def export_excel(self) -> None:
        """The ledger workbook of what the filter shows: these problems and their projects."""
        from pathlib import Path

        from forms import ledger

        ids = self.shown_ids()
        if not ids:
            self.ctx.dialogs.info(tr("导出 Excel…"), tr("当前筛选没有问题可导出。"))
            return
        path = self.ctx.dialogs.save_file(tr("导出 Excel…"), "Excel (*.xlsx)", tr("问题清单.xlsx"))
        if not path:
            return
        ws = self.ctx.ws
        self.ctx.write(
            lambda: ledger.export_problems(ws, Path(path), ids),
            lambda _: self.ctx.dialogs.info(
                tr("导出 Excel…"), tr("已导出 {n} 个问题到 {path}", n=len(ids), path=path)
            ),
        )


def _legend() -> str:
    dots = [
        f"<span style='color:{LIGHT_COLOURS[c]}'>●</span> {tr(label)}"
        for c, label in (
            ("green", QT_TR_NOOP("绿灯：时限内")),
            ("yellow", QT_TR_NOOP("黄灯：已用去时限的四分之三")),
            ("red", QT_TR_NOOP("红灯：已超期")),
        )
    ]
    return tr("亮灯") + "：" + "　".join(dots) + "　" + tr("（行底色：红为超期，黄为本周到期）")


class ProblemDetail(QWidget):
    """The chosen problem: what, where, who, the light, the actions it allows, its history."""

    open_project = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.problem_id: str | None = None
        self.problem: dict[str, Any] | None = None
        self.title = heading(tr("问题清单"), 1.15)
        self.title.setWordWrap(True)
        self.facts = muted(tr("选择一个问题查看办理记录。"))
        self.light = QLabel()
        self.project_button = QPushButton(tr("打开项目"))
        self.project_button.clicked.connect(
            lambda: self.problem and self.open_project.emit(self.problem["project_id"])
        )
        self.photos_button = QPushButton(tr("问题照片…"))
        self.photos_button.setToolTip(tr("查看、添加这个问题的照片"))
        self.photos_button.clicked.connect(self.show_photos)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for n, (action, (label, _)) in enumerate(ACTIONS.items()):
            button = QPushButton(tr(label))
            button.clicked.connect(lambda _=False, a=action: self.run(a))
            self.buttons[action] = button
            grid.addWidget(button, n // 3, n % 3)
        self.history = RowsModel(HISTORY_COLUMNS, self)
        self.history_view = table(
            ctx, "problem_history", self.history, [c.width for c in HISTORY_COLUMNS]
        )
        self.history_view.setWordWrap(True)
        self.history_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.title)
        top = QHBoxLayout()
        top.addWidget(self.light, 1)
        top.addWidget(self.photos_button)
        top.addWidget(self.project_button)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        layout.addLayout(grid)
        layout.addWidget(QLabel(tr("办理记录")))
        layout.addWidget(self.history_view, 1)
        self.show_problem(None)

    def show_problem(self, problem_id: str | None) -> None:
        self.problem_id = problem_id
        rows = problem_store.problem_rows(self.ctx.reader, [problem_id]) if problem_id else []
        self.problem = rows[0] if rows else None
        p = self.problem
        for action, button in self.buttons.items():
            button.setEnabled(bool(p) and allowed(action, p["status"]))
        self.project_button.setEnabled(bool(p))
        self.photos_button.setEnabled(bool(p))
        if p is None:
            self.title.setText(tr("问题清单"))
            self.facts.setText(tr("选择一个问题查看办理记录。"))
            self.light.clear()
            self.history.set_rows([])
            return
        self.title.setText(f"{p['number']}  {p['description']}")
        self.facts.setText(
            "\n".join(
                x
                for x in (
                    tr("项目：{name}", name=p["project_name"]),
                    tr(
                        "状态：{status}　类别：{category}",
                        status=code("problem_status", p["status"]),
                        category=code("problem_category", p["category"]),
                    ),
                    tr(
                        "责任单位：{unit}　责任人：{person}",
                        unit=p["unit_name"] or "—",
                        person=p["assignee"] or "—",
                    ),
                    tr(
                        "发现日期：{raised}　时限：{deadline}",
                        raised=display.date(p["raised_on"]),
                        deadline=display.date(p["deadline"]) or "—",
                    ),
                    self._follow_up(p),
                )
                if x
            )
        )
        colour = problems.light(p, self.ctx.today())
        self.light.setText(
            f"<span style='color:{LIGHT_COLOURS[colour]}; font-size:18pt'>●</span> " + tr("亮灯")
            if colour
            else ""
        )
        self.history.set_rows(problem_store.problem_history(self.ctx.reader, p["id"]))

    def _follow_up(self, p: dict[str, Any]) -> str:
        """Working days overdue, the ladder's next step and the notices that list it."""
        db, today = self.ctx.reader, self.ctx.today()
        calendar = workdays.Calendar.from_settings(
            settings_store.with_prefix(db, workdays.SCHEDULE_KEY)
        )
        parts = []
        for proposal in escalation.propose(db, today, calendar, [p]):
            step = escalation.STEP_ZH.get(proposal.next_step or "", "—")
            parts.append(
                tr(
                    "超期工作日：{days}　下一步：{step}",
                    days=proposal.overdue_workdays,
                    step=tr(step),
                )
            )
        documents = [
            f"{n['shown_number']}（{tr(notices.STATUS_ZH[n['state']])}）"
            for n in notice_store.notices_of_problem(db, p["id"])
        ]
        if documents:
            parts.append(tr("督办文书：{numbers}", numbers="、".join(documents)))
        return "\n".join(parts)

    def show_photos(self) -> Any:
        """The problem's photos in the gallery (add, caption, remove), one click away."""
        if self.problem is None:
            return None
        from PySide6.QtWidgets import QDialog

        from ..dialogs import fit_to_screen
        from ..photo_gallery import PhotoGallery

        dialog = QDialog(self)
        dialog.setWindowTitle(tr("问题照片 {number}", number=self.problem["number"]))
        fit_to_screen(dialog, 900, 560)
        gallery = PhotoGallery(
            self.ctx.ws, self.ctx.ops, ("problem", self.problem["id"]), author_id=self.ctx.person_id
        )
        QVBoxLayout(dialog).addWidget(gallery)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.photo_dialog = dialog
        return dialog

    def run(self, action: str) -> None:
        if self.problem is None:
            return
        dialog = ActionDialog(self.ctx, action, self.problem, self)
        if not self.ctx.dialogs.exec(dialog):
            return
        ws, person, problem_id = self.ctx.ws, self.ctx.person_id, self.problem["id"]
        arguments, today = dialog.arguments(), self.ctx.today()
        self.ctx.write(
            lambda: problems.act(ws, problem_id, action, author_id=person, today=today, **arguments)
        )
