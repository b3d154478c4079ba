"""Sign-in: who is using this computer, with their password once passwords are in use here
(forms/sign_in.py: checked on the worker, slower after failures). The last person is
remembered in ws.local and chosen first, never signed in without their password."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms import sign_in as signing
from forms.store import local as local_store
from forms.store import people as people_store

from ..context import PERSON_KEY, AppContext
from ..i18n import code, tr
from .common import Screen, heading, muted


class SignInScreen(Screen):
    signed_in = Signal(str)
    watches = frozenset({"person"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search = QLineEdit(placeholderText=tr("搜索姓名"), clearButtonEnabled=True)
        self.people = QListWidget()
        self.password = QLineEdit(placeholderText=tr("密码"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton(tr("登录"))
        self.button.setDefault(True)
        self.hint = muted("")
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        box = QVBoxLayout()
        box.addWidget(heading(tr("选择登录人员")))
        box.addWidget(self.hint)
        box.addWidget(self.search)
        box.addWidget(self.people, 1)
        box.addWidget(self.password)
        box.addWidget(self.message)
        box.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        panel = QWidget()
        panel.setLayout(box)
        panel.setMaximumWidth(560)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 3)
        outer.addStretch(1)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._search_done)
        self.password.returnPressed.connect(self._choose)
        self.people.itemActivated.connect(lambda _item: self._choose())
        self.button.clicked.connect(self._choose)

    def refresh(self) -> None:
        super().refresh()
        self.protected = signing.store.any_password(self.ctx.reader_connection)
        self.password.setVisible(self.protected)
        self.hint.setText(
            tr("选择人员并输入密码。")
            if self.protected
            else tr("本机尚未设置密码：选择人员即可登录。请在“安全”菜单中设置密码。")
        )
        remembered = self.ctx.person_id or local_store.value(self.ctx.reader_connection, PERSON_KEY)
        self.people.clear()
        for person in people_store.people(self.ctx.reader):
            role = code("role", person["role"])
            text = f"{person['name']}　{role}"
            if person["title"] and person["title"] != role:
                text += f" · {person['title']}"
            if person["unit_name"]:
                text += f" · {person['unit_name']}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, person["id"])
            self.people.addItem(item)
            if person["id"] == remembered:
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

    def choose(self, person_id: str, password: str | None = None) -> None:
        """Sign `person_id` in once their password is checked on the worker."""
        ws = self.ctx.ws

        def done(_: object) -> None:
            self.password.clear()
            self.message.clear()
            self.ctx.sign_in(person_id)
            self.signed_in.emit(person_id)

        def failed(error: BaseException) -> None:
            self.password.clear()
            if isinstance(error, signing.SignInError):
                self.message.setText(str(error))
            else:
                self.ctx.show_error(error)

        self.ctx.ops.run(lambda: signing.check(ws, person_id, password), done, failed)

    def _search_done(self) -> None:
        if self.password.isVisible():
            self.password.setFocus()
        else:
            self._choose()

    def _choose(self) -> None:
        item = self.people.currentItem()
        if item is not None and not item.isHidden():
            self.choose(item.data(Qt.ItemDataRole.UserRole), self.password.text())
