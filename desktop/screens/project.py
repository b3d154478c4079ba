"""One project: its fields, milestones planned against actual, stage history, the people
assigned, visits as a timeline and its problems; other parts add tabs (photos, documents)
through `extensions.project_panel`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forms import codes
from forms.store import projects as project_store

from .. import display, extensions
from ..context import AppContext
from ..i18n import QT_TR_NOOP, code, colon, language, tr
from ..models.rows import Column, RowsModel
from .common import Screen, heading, muted, table

MILESTONE_COLUMNS = [
    Column(QT_TR_NOOP("节点"), lambda r: r["label"], width=110),
    Column(QT_TR_NOOP("计划"), lambda r: display.date(r["plan"]), width=130),
    Column(QT_TR_NOOP("实际"), lambda r: display.date(r["actual"]), width=130),
    Column(
        QT_TR_NOOP("偏差(天)"),
        lambda r: r["late"],
        numeric=True,
        width=80,
        colour=lambda r: "#d93025" if (r["late"] or 0) > 0 else None,
    ),
]
STAGE_COLUMNS = [
    Column(QT_TR_NOOP("日期"), lambda r: display.date(r["changed_on"]), width=130),
    Column(QT_TR_NOOP("阶段"), lambda r: code("stage", r["stage"]), width=120),
    Column(QT_TR_NOOP("记录人"), lambda r: r["author_name"], width=120),
]
PEOPLE_COLUMNS = [
    Column(QT_TR_NOOP("姓名"), lambda r: r["name"], width=110),
    Column(QT_TR_NOOP("角色"), lambda r: code("role", r["role"]), width=100),
    Column(QT_TR_NOOP("职务"), lambda r: r["title"], width=160),
    Column(QT_TR_NOOP("自何时"), lambda r: display.date(r["since"]), width=130),
]
VISIT_COLUMNS = [
    Column(QT_TR_NOOP("日期"), lambda r: display.datetime(r["visited_at"]), width=170),
    Column(QT_TR_NOOP("走访类型"), lambda r: code("visit_kind", r["kind"]), width=90),
    Column(QT_TR_NOOP("记录人"), lambda r: r["author_name"], width=90),
    Column(QT_TR_NOOP("形象进度"), lambda r: r["progress_text"], width=400),
]
PROBLEM_LIST_COLUMNS = [
    Column(QT_TR_NOOP("问题编号"), lambda r: r["number"], width=100),
    Column(QT_TR_NOOP("状态"), lambda r: code("problem_status", r["status"]), width=80),
    Column(QT_TR_NOOP("类别"), lambda r: code("problem_category", r["category"]), width=80),
    Column(QT_TR_NOOP("问题描述"), lambda r: r["description"], width=320),
    Column(QT_TR_NOOP("责任单位"), lambda r: r["unit_name"], width=150),
    Column(QT_TR_NOOP("时限"), lambda r: display.date(r["deadline"]), width=120),
]


def milestone_rows(project: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for key, zh, en in codes.MILESTONES:
        plan, actual = project.get(f"{key}_plan"), project.get(f"{key}_actual")
        late = None
        if plan and actual:
            late = (dt.date.fromisoformat(actual[:10]) - dt.date.fromisoformat(plan[:10])).days
        rows.append(
            {
                "label": zh if language() == "zh" else en,
                "plan": plan,
                "actual": actual,
                "late": late,
            }
        )
    return rows


class ProjectScreen(Screen):
    new_visit = Signal(str)
    open_problem = Signal(str)
    back = Signal()
    watches = frozenset(
        {"project", "visit", "problem", "problem_event", "assignment", "stage_change"}
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.project_id: str | None = None
        self.title = heading("")
        self.subtitle = muted("")
        self.fields = QFormLayout()
        self.models = {
            "milestones": RowsModel(MILESTONE_COLUMNS, self),
            "stages": RowsModel(STAGE_COLUMNS, self),
            "people": RowsModel(PEOPLE_COLUMNS, self),
            "visits": RowsModel(VISIT_COLUMNS, self),
            "problems": RowsModel(PROBLEM_LIST_COLUMNS, self),
        }
        self.tabs = QTabWidget()
        self._build_tabs()
        back = QPushButton(tr("返回"))
        visit = QPushButton(tr("新建走访"))
        back.clicked.connect(self.back.emit)
        visit.clicked.connect(lambda: self.project_id and self.new_visit.emit(self.project_id))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(back)
        top.addWidget(visit)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.tabs, 1)

    def _build_tabs(self) -> None:
        overview = QWidget()
        overview.setLayout(self.fields)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(overview)
        self.tabs.addTab(scroll, tr("概况"))
        for key, title, columns in (
            ("milestones", QT_TR_NOOP("里程碑"), MILESTONE_COLUMNS),
            ("stages", QT_TR_NOOP("阶段历史"), STAGE_COLUMNS),
            ("people", QT_TR_NOOP("包抓人员"), PEOPLE_COLUMNS),
            ("visits", QT_TR_NOOP("走访记录"), VISIT_COLUMNS),
            ("problems", QT_TR_NOOP("问题"), PROBLEM_LIST_COLUMNS),
        ):
            view = table(self.ctx, f"project_{key}", self.models[key], [c.width for c in columns])
            if key == "problems":
                view.doubleClicked.connect(self._open_problem)
            if key == "visits":
                view.doubleClicked.connect(self.open_visit)
                view.activated.connect(self.open_visit)
            self.tabs.addTab(view, tr(title))
        self.extra_panels: list[QWidget] = []

    def show_project(self, project_id: str) -> None:
        self.project_id = project_id
        self._add_extension_panels()
        self.refresh()
        self.tabs.setCurrentIndex(0)

    def _add_extension_panels(self) -> None:
        # Panels belong to one project: rebuilt for each (photos of another project must go).
        for panel in self.extra_panels:
            self.tabs.removeTab(self.tabs.indexOf(panel))
            panel.deleteLater()
        self.extra_panels = []
        for spec in extensions.PROJECT_PANELS:
            try:
                panel = spec.factory(self.ctx, self.project_id)
            except Exception:
                import logging

                logging.getLogger(__name__).exception("project panel %s failed", spec.title)
                continue
            self.extra_panels.append(panel)
            self.tabs.addTab(panel, tr(spec.title))

    def refresh(self) -> None:
        super().refresh()
        detail = (
            project_store.project_detail(self.ctx.reader, self.project_id)
            if self.project_id
            else None
        )
        if detail is None:
            return
        p = detail["project"]
        self.title.setText(p["name"] or "")
        self.subtitle.setText(
            " · ".join(
                x
                for x in (p["code"], p["enterprise"], code("stage", p["stage"]), p["district_name"])
                if x
            )
        )
        self._fill_fields(p)
        self.models["milestones"].set_rows(milestone_rows(p))
        self.models["stages"].set_rows(detail["stages"])
        self.models["people"].set_rows(detail["people"])
        self.models["visits"].set_rows(detail["visits"])
        self.models["problems"].set_rows(detail["problems"])
        for n, key in enumerate(("visits", "problems"), start=4):
            count = len(detail[key])
            title = tr("走访记录（{n}）") if key == "visits" else tr("问题（{n}）")
            self.tabs.setTabText(n, title.format(n=count))

    def _fill_fields(self, p: dict[str, Any]) -> None:
        while self.fields.rowCount():
            self.fields.removeRow(0)
        flags = [tr("省重大")] if p["province_key"] else []
        if p["city_key"]:
            flags.append(tr("市重点"))
        rows = (
            (QT_TR_NOOP("企业名称"), p["enterprise"]),
            (QT_TR_NOOP("区县/园区"), p["district_name"]),
            (QT_TR_NOOP("产业链"), code("industry_chain", p["industry_chain"])),
            (QT_TR_NOOP("阶段"), code("stage", p["stage"])),
            (QT_TR_NOOP("总投资"), _wan(p["total_investment"])),
            (QT_TR_NOOP("年度计划投资"), _wan(p["year_plan_investment"])),
            (QT_TR_NOOP("年度完成投资"), _wan(p["year_completed_investment"])),
            (QT_TR_NOOP("累计完成投资"), _wan(p["cumulative_investment"])),
            (QT_TR_NOOP("牵头单位"), p["lead_unit_name"]),
            (QT_TR_NOOP("责任单位"), "、".join(p["responsible_unit_names"])),
            (QT_TR_NOOP("项目地址"), p["location"]),
            (QT_TR_NOOP("重点标识"), "、".join(flags) or tr("否")),
            (QT_TR_NOOP("进展"), p["progress_note"]),
            (QT_TR_NOOP("备注"), p["notes"]),
        )
        for label, value in rows:
            text = QLabel(str(value or "—"))
            text.setWordWrap(True)
            self.fields.addRow(colon(tr(label)), text)

    def open_visit(self, index: Any) -> Any:
        """The visit in its own window, its photos one tab away."""
        row = self.models["visits"].row(index)
        if not row:
            return None
        from .visit_view import VisitView

        dialog = VisitView(self.ctx, row, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _open_problem(self, index: Any) -> None:
        row = self.models["problems"].row(index)
        if row:
            self.open_problem.emit(row["id"])


def _wan(yuan: int | None) -> str:
    return tr("{amount} 万元", amount=display.wan(yuan)) if yuan is not None else ""
