"""The dialog for one lifecycle action on a problem (交办, 进展, 报办结, 核验销号, 重开, 延期):
it asks only for what that action needs. The rules (who may close, which state allows what)
are checked by `forms.problems.act`, and its refusal is shown as a message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from forms import problems
from forms.store import units as unit_store

from ..context import AppContext
from ..i18n import QT_TR_NOOP, colon, tr

# action -> (button label, fields asked: unit, assignee, deadline, note)
ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "assign": (QT_TR_NOOP("交办"), ("unit", "assignee", "deadline", "note")),
    "progress": (QT_TR_NOOP("进展记录"), ("note",)),
    "report_done": (QT_TR_NOOP("报办结"), ("note",)),
    "verify": (QT_TR_NOOP("核验销号"), ("note",)),
    "reopen": (QT_TR_NOOP("重开"), ("note",)),
    "extend": (QT_TR_NOOP("延期"), ("deadline", "note")),
}
NOTE_LABEL = {"reopen": QT_TR_NOOP("原因"), "extend": QT_TR_NOOP("原因")}


class ActionDialog(QDialog):
    def __init__(
        self, ctx: AppContext, action: str, problem: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.action = action
        label, wanted = ACTIONS[action]
        self.setWindowTitle(tr(label))
        self.setMinimumWidth(460)
        form = QFormLayout()
        self.unit = QComboBox()
        self.assignee = QLineEdit(problem.get("assignee") or "")
        self.deadline = QDateEdit(calendarPopup=True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().height() * 4 + 12)
        if "unit" in wanted:
            for unit in unit_store.units(ctx.reader, "department", "district", "park"):
                self.unit.addItem(unit["name"], unit["id"])
            self.unit.setCurrentIndex(max(0, self.unit.findData(problem.get("unit_id"))))
            form.addRow(colon(tr("责任单位")), self.unit)
        if "assignee" in wanted:
            form.addRow(colon(tr("责任人")), self.assignee)
        if "deadline" in wanted:
            current = problem.get("deadline")
            start = (
                dt.date.fromisoformat(current) if current else ctx.today() + dt.timedelta(days=30)
            )
            if action == "extend":
                start = max(start, ctx.today()) + dt.timedelta(days=15)
            self.deadline.setDate(QDate(start))
            form.addRow(colon(tr("新时限") if action == "extend" else tr("时限")), self.deadline)
        if "note" in wanted:
            form.addRow(colon(tr(NOTE_LABEL.get(action, QT_TR_NOOP("说明")))), self.note)
        # Own labels: Qt's standard buttons would say OK/Cancel without Qt's translations.
        buttons = QDialogButtonBox()
        buttons.addButton(tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(problem.get("description") or ""))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.wanted = wanted

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments for `forms.problems.act`."""
        out: dict[str, Any] = {}
        if "unit" in self.wanted:
            out["unit_id"] = self.unit.currentData()
        if "assignee" in self.wanted:
            out["assignee"] = self.assignee.text().strip() or None
        if "deadline" in self.wanted:
            out["deadline"] = self.deadline.date().toPython().isoformat()
        if "note" in self.wanted:
            out["note"] = self.note.toPlainText().strip() or None
        return out


def allowed(action: str, status: str) -> bool:
    return status in problems.ACTIONS[action].allowed_from
