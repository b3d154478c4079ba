"""Sign-in: a simple local choice of who is using this computer (remembered in ws.local)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms import queries

from ..context import AppContext
from ..i18n import code, tr
from .common import Screen, heading, muted


class SignInScreen(Screen):
    signed_in = Signal(str)
    watches = frozenset({"person"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search = QLineEdit(placeholderText=tr("搜索姓名"), clearButtonEnabled=True)
        self.people = QListWidget()
        self.button = QPushButton(tr("登录"))
        self.button.setDefault(True)
        box = QVBoxLayout()
        box.addWidget(heading(tr("选择登录人员")))
        box.addWidget(muted(tr("本机记住所选人员；以后版本将加入密码和设备登记。")))
        box.addWidget(self.search)
        box.addWidget(self.people, 1)
        box.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        panel = QWidget()
        panel.setLayout(box)
        panel.setMaximumWidth(560)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 3)
        outer.addStretch(1)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._choose)
        self.people.itemActivated.connect(lambda _item: self._choose())
        self.button.clicked.connect(self._choose)

    def refresh(self) -> None:
        super().refresh()
        self.people.clear()
        for person in queries.people(self.ctx.reader):
            role = code("role", person["role"])
            text = f"{person['name']}　{role}"
            if person["title"] and person["title"] != role:
                text += f" · {person['title']}"
            if person["unit_name"]:
                text += f" · {person['unit_name']}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, person["id"])
            self.people.addItem(item)
            if person["id"] == self.ctx.person_id:
                self.people.setCurrentItem(item)
        if self.people.currentRow() < 0 and self.people.count():
            self.people.setCurrentRow(0)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        text = text.strip().lower()
        first = None
        for row in range(self.people.count()):
            item = self.people.item(row)
            hidden = bool(text) and text not in item.text().lower()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.people.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.people.setCurrentItem(first)

    def choose(self, person_id: str) -> None:
        self.ctx.sign_in(person_id)
        self.signed_in.emit(person_id)

    def _choose(self) -> None:
        item = self.people.currentItem()
        if item is not None and not item.isHidden():
            self.choose(item.data(Qt.ItemDataRole.UserRole))
