"""我的项目: the signed-in person's assigned projects grouped by stage, with visit dates,
problem counts and a marker when a visit is due."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from forms import codes
from forms.store import projects as project_store

from .. import display
from ..context import AppContext
from ..i18n import QT_TR_NOOP, code, tr
from ..models.rows import Column, RowsModel
from .common import Screen, heading, muted, table

DUE_COLOUR = {"due": "#d93025", "soon": "#b26a00"}


def _due_text(row: dict[str, Any]) -> str:
    """ "从未走访" only for a project nobody has visited: beside someone else's last visit
    (最近走访 shows its date) it read as a contradiction; the person's own visits are the
    column 我的上次走访."""
    if row["visit_due"] == "due":
        return "● " + (tr("从未走访") if row["last_visit"] is None else tr("应走访"))
    return "○ " + tr("即将到期") if row["visit_due"] == "soon" else ""


def _days(value: int | None) -> str:
    return "" if value is None else tr("{n} 天", n=value)


COLUMNS = [
    Column(
        QT_TR_NOOP("走访提醒"),
        _due_text,
        width=100,
        colour=lambda r: DUE_COLOUR.get(r["visit_due"]),
    ),
    Column(QT_TR_NOOP("编号"), lambda r: r["code"], width=110),
    Column(QT_TR_NOOP("项目名称"), lambda r: r["name"], width=300),
    Column(QT_TR_NOOP("角色"), lambda r: code("role", r["role"]), width=90),
    Column(QT_TR_NOOP("最近走访"), lambda r: display.date(r["last_visit"]), width=125),
    Column(QT_TR_NOOP("距今天数"), lambda r: _days(r["days_since"]), numeric=True, width=80),
    Column(
        QT_TR_NOOP("我的上次走访"),
        lambda r: display.date(r["my_last_visit"]) or (tr("我未走访过") if r["last_visit"] else ""),
        width=125,
    ),
    Column(QT_TR_NOOP("未办结"), lambda r: r["open_problems"] or "", numeric=True, width=60),
    Column(
        QT_TR_NOOP("超期"),
        lambda r: r["overdue_problems"] or "",
        numeric=True,
        width=60,
        colour=lambda r: "#d93025" if r["overdue_problems"] else None,
    ),
    Column(QT_TR_NOOP("企业"), lambda r: r["enterprise"], width=200),
]


class MyProjectsScreen(Screen):
    open_project = Signal(str)
    new_visit = Signal(str)
    watches = frozenset({"project", "visit", "problem", "problem_event", "assignment"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = heading("")
        self.model = RowsModel(COLUMNS, self)
        self.view = table(ctx, "my_projects", self.model, [c.width for c in COLUMNS])
        self.view.doubleClicked.connect(self._open)
        self.open_button = QPushButton(tr("打开项目"))
        self.visit_button = QPushButton(tr("新建走访"))
        self.open_button.clicked.connect(lambda: self._open(self.view.currentIndex()))
        self.visit_button.clicked.connect(self._visit)
        buttons = QHBoxLayout()
        buttons.addWidget(muted(tr("服务专员每月走访 1–2 次，包抓领导每季度 1–2 次。")), 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.visit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        ctx.changes.person_changed.connect(self._person_changed)

    def _person_changed(self, _person_id: object) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        super().refresh()
        self.title.setText(tr("{name} 的包抓项目", name=self.ctx.person_name() or tr("未登录")))
        person, today, ws = self.ctx.person_id, self.ctx.today(), self.ctx.ws
        if not person:
            self._show([])
            return
        # On the worker: a big workspace's counts need not hold up the window. The bare
        # connection: the first screen reads without sqlite-utils (see Workspace.db).
        self.ctx.ops.run(lambda: project_store.my_projects(ws.conn, person, today), self._show)

    def _show(self, projects: list[dict[str, Any]]) -> None:
        if not shiboken6.isValid(self):  # closed while the worker was busy
            return
        rows: list[dict[str, Any]] = []
        stages = codes.values("stage")
        for stage in [*stages, None]:
            group = [p for p in projects if (p["stage"] if p["stage"] in stages else None) == stage]
            if group:
                rows.append({"_group": f"{code('stage', stage) or '—'}（{len(group)}）"})
                rows.extend(group)
        self.model.set_rows(rows)
        self.view.clearSpans()
        for n, row in enumerate(rows):
            if "_group" in row:
                self.view.setSpan(n, 0, 1, len(COLUMNS))

    def selected_project(self) -> str | None:
        row = self.model.row(self.view.currentIndex())
        return row.get("id") if row else None

    def _open(self, index: Any) -> None:
        row = self.model.row(index)
        if row and row.get("id"):
            self.open_project.emit(row["id"])

    def _visit(self) -> None:
        project_id = self.selected_project()
        if project_id:
            self.new_visit.emit(project_id)
