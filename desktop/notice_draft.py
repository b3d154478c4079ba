"""The notice draft: before a 督办通知 is issued the office chooses its problems, its reply
deadline and may add a paragraph. Nothing is numbered or recorded here (see forms.documents
.notice.draft and issue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from . import display
from .i18n import colon, tr


class NoticeDraftDialog(QDialog):
    def __init__(
        self,
        unit_name: str,
        problems: list[dict[str, Any]],
        due: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("督办通知草稿"))
        self.resize(760, 520)
        self.problems = QListWidget()
        for p in problems:
            item = QListWidgetItem(
                f"{p['problem_number']}  {p['description']}  "
                + tr("（时限 {day}）", day=display.date(p["deadline"]))
            )
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.problems.addItem(item)
        self.due = QDateEdit(QDate(due.year, due.month, due.day), calendarPopup=True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.remarks = QPlainTextEdit()
        self.remarks.setPlaceholderText(tr("可不填：补充的办理要求，印在正文中"))
        self.remarks.setMaximumHeight(90)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("预览草稿"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(colon(tr("复函时限")), self.due)
        form.addRow(colon(tr("补充要求")), self.remarks)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("{unit}：勾选要督办的问题", unit=unit_name)))
        layout.addWidget(self.problems, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        return [
            self.problems.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.problems.count())
            if self.problems.item(n).checkState() == Qt.CheckState.Checked
        ]

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments for `notice.draft` and `notice.issue`."""
        return {
            "problem_ids": self.chosen(),
            "due": self.due.date().toPython(),
            "remarks": self.remarks.toPlainText().strip() or None,
        }
