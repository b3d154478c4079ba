"""An editor widget for each field type of a form definition (`forms.form_definitions.FIELD_TYPES`).

Each editor gives its `raw()` state (plain JSON data: what was typed, even if invalid — a draft
keeps it as it was) and its `value()` for the form (raising `Unparsed` when the typed text is
not a value at all, like "abc" for an amount). Range, length and required checks stay in
`forms.form_definitions.validate`, the one place for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QDateTime, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from forms import codes
from forms.form_definitions import Field
from forms.store import people as people_store
from forms.store import projects as project_store
from forms.store import units as unit_store

from .i18n import code, tr

if TYPE_CHECKING:
    from sqlite_utils import Database


class Unparsed(ValueError):
    """Typed text that is not a value of the field's type."""


class Editor:
    widget: QWidget

    def __init__(self, field: Field) -> None:
        self.field = field

    def raw(self) -> Any:
        raise NotImplementedError

    def set_raw(self, raw: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        return self.raw() or None

    def on_change(self, callback: Callable[[], None]) -> None:
        raise NotImplementedError


class LineEditor(Editor):
    placeholder = ""

    def __init__(self, field: Field) -> None:
        super().__init__(field)
        self.widget = self.edit = QLineEdit(placeholderText=self.placeholder)

    def raw(self) -> str:
        return self.edit.text()

    def set_raw(self, raw: Any) -> None:
        self.edit.setText(str(raw or ""))

    def value(self) -> Any:
        return self.edit.text().strip() or None

    def on_change(self, callback: Callable[[], None]) -> None:
        self.edit.textChanged.connect(lambda _t: callback())


class DateEditor(LineEditor):
    """A line (an optional date must be able to stay empty) with a calendar beside it. The
    placeholder names the format in words, so an empty field never looks filled in."""

    def __init__(self, field: Field) -> None:
        super().__init__(field)
        self.edit.setPlaceholderText(tr("年-月-日"))
        self.pick = QToolButton(text=tr("日历"), toolTip=tr("选择日期"))
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        menu = QMenu(self.pick)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._show_typed)
        self.pick.setMenu(menu)
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)

    def _show_typed(self) -> None:
        try:
            self.calendar.setSelectedDate(dt.date.fromisoformat(self.edit.text().strip()))
        except ValueError:
            self.calendar.setSelectedDate(QDate.currentDate())

    def _picked(self, day: QDate) -> None:
        self.edit.setText(day.toPython().isoformat())
        self.pick.menu().hide()
        self.edit.setFocus()


class IntegerEditor(LineEditor):
    def value(self) -> int | None:
        text = self.edit.text().strip()
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise Unparsed(
                f"{self.field.title('zh')}应为整数",
                f"{self.field.title('en')} must be a whole number",
            ) from None


class MoneyEditor(LineEditor):
    """Typed in 万元 as officials think of it, stored as integer yuan."""

    def __init__(self, field: Field) -> None:
        super().__init__(field)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(QLabel(tr("万元")))

    def value(self) -> int | None:
        text = self.edit.text().strip().replace(",", "").replace("，", "")
        if not text:
            return None
        try:
            amount = Decimal(text) * 10000
        except InvalidOperation:
            raise Unparsed(
                f"{self.field.title('zh')}应为数字（万元）",
                f"{self.field.title('en')} must be a number (10k yuan)",
            ) from None
        if not amount.is_finite():
            raise Unparsed(
                f"{self.field.title('zh')}应为数字", f"{self.field.title('en')} must be a number"
            )
        return int(amount.to_integral_value())


class LongTextEditor(Editor):
    def __init__(self, field: Field) -> None:
        super().__init__(field)
        self.widget = self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)  # keyboard users tab through the form
        self.edit.setFixedHeight(self.edit.fontMetrics().height() * 4 + 12)

    def raw(self) -> str:
        return self.edit.toPlainText()

    def set_raw(self, raw: Any) -> None:
        self.edit.setPlainText(str(raw or ""))

    def value(self) -> str | None:
        return self.edit.toPlainText().strip() or None

    def on_change(self, callback: Callable[[], None]) -> None:
        self.edit.textChanged.connect(callback)


class DateTimeEditor(Editor):
    def __init__(self, field: Field) -> None:
        super().__init__(field)
        self.widget = self.edit = QDateTimeEdit(calendarPopup=True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")

    def raw(self) -> str:
        return (
            self.edit.dateTime()
            .toPython()
            .replace(second=0, microsecond=0)
            .isoformat(timespec="minutes")
        )

    def set_raw(self, raw: Any) -> None:
        try:
            when = dt.datetime.fromisoformat(str(raw))
        except ValueError:
            return
        self.edit.setDateTime(QDateTime(when))

    def value(self) -> str:
        return self.raw()

    def on_change(self, callback: Callable[[], None]) -> None:
        self.edit.dateTimeChanged.connect(lambda _d: callback())


class ComboEditor(Editor):
    def __init__(self, field: Field, items: list[tuple[str, str]]) -> None:
        super().__init__(field)
        self.widget = self.combo = QComboBox()
        if not field.required:
            self.combo.addItem(tr("（未选择）"), None)
        for value, label in items:
            self.combo.addItem(label, value)
        self.combo.setMaxVisibleItems(20)

    def raw(self) -> str | None:
        return self.combo.currentData()

    def set_raw(self, raw: Any) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(raw)))

    def on_change(self, callback: Callable[[], None]) -> None:
        self.combo.currentIndexChanged.connect(lambda _i: callback())


class ProjectEditor(ComboEditor):
    """The project of a visit, found by typing (code or name, anywhere in the text): a province
    ledger has 20,000 projects, so the list holds the person's own projects (and the chosen
    one) while the search runs over all of them."""

    def __init__(self, field: Field, choices: list[dict[str, Any]]) -> None:
        labels = [(p["id"], f"{p['code'] or ''} {p['name']}".strip()) for p in choices]
        mine = [pair for pair, p in zip(labels, choices, strict=True) if p.get("mine")]
        super().__init__(field, mine)
        self.labels = dict(labels)
        self.by_label = {label: pid for pid, label in labels}
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.lineEdit().setPlaceholderText(tr("输入编号或名称搜索项目"))
        # Parented to the combo: a model without a parent is freed while the completer uses it.
        self.model = QStringListModel([label for _, label in labels], self.combo)
        completer = QCompleter(self.model, self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(15)
        completer.activated.connect(self._chosen_text)
        self.combo.setCompleter(completer)

    def _chosen_text(self, text: str) -> None:
        project_id = self.by_label.get(text)
        if project_id is not None:
            self._show(project_id)

    def _show(self, project_id: str) -> None:
        at = self.combo.findData(project_id)
        if at < 0:  # not one of the person's own: added to the list once chosen
            self.combo.addItem(self.labels[project_id], project_id)
            at = self.combo.count() - 1
        self.combo.setCurrentIndex(at)

    def set_raw(self, raw: Any) -> None:
        if raw in self.labels:
            self._show(raw)
        else:
            self.combo.setCurrentIndex(0)

    def raw(self) -> str | None:
        # Text typed that names no project leaves no project chosen, whatever was before.
        if self.combo.currentText() != self.combo.itemText(self.combo.currentIndex()):
            return self.by_label.get(self.combo.currentText())
        return self.combo.currentData()


class PeopleEditor(Editor):
    def __init__(self, field: Field, people: list[dict[str, Any]]) -> None:
        super().__init__(field)
        self.widget = self.list = QListWidget()
        for person in people:
            item = QListWidgetItem(f"{person['name']}（{code('role', person['role'])}）")
            item.setData(Qt.ItemDataRole.UserRole, person["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setFixedHeight(self.list.fontMetrics().height() * 5 + 12)

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def raw(self) -> list[str]:
        return [
            i.data(Qt.ItemDataRole.UserRole)
            for i in self._items()
            if i.checkState() == Qt.CheckState.Checked
        ]

    def set_raw(self, raw: Any) -> None:
        chosen = set(raw or [])
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def on_change(self, callback: Callable[[], None]) -> None:
        self.list.itemChanged.connect(lambda _i: callback())


class GpsEditor(Editor):
    def __init__(self, field: Field) -> None:
        super().__init__(field)
        self.lat = QLineEdit(placeholderText=tr("纬度"))
        self.lon = QLineEdit(placeholderText=tr("经度"))
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.lat)
        row.addWidget(self.lon)

    def raw(self) -> list[str]:
        return [self.lat.text(), self.lon.text()]

    def set_raw(self, raw: Any) -> None:
        lat, lon = (list(raw or []) + ["", ""])[:2]
        self.lat.setText(str(lat))
        self.lon.setText(str(lon))

    def value(self) -> dict[str, float] | None:
        lat, lon = (t.strip() for t in self.raw())
        if not lat and not lon:
            return None
        try:
            return {"lat": float(lat), "lon": float(lon)}
        except ValueError:
            raise Unparsed(
                f"{self.field.title('zh')}坐标应为数字",
                f"{self.field.title('en')}: coordinates must be numbers",
            ) from None

    def on_change(self, callback: Callable[[], None]) -> None:
        self.lat.textChanged.connect(lambda _t: callback())
        self.lon.textChanged.connect(lambda _t: callback())


def make(field: Field, db: Database, person_id: str | None) -> Editor | None:
    """The editor for a field, or None for types another panel supplies (photos)."""
    t = field.type
    if t in ("choice", "multichoice") and field.codes:
        return ComboEditor(field, [(v, code(field.codes, v)) for v in codes.values(field.codes)])
    if t == "project":
        return ProjectEditor(field, project_store.project_choices(db, person_id))
    if t == "unit":
        return ComboEditor(
            field,
            [(u["id"], u["name"]) for u in unit_store.units(db, "department", "district", "park")],
        )
    if t == "person":
        people = people_store.people(db)
        if field.multiple:
            return PeopleEditor(field, people)
        return ComboEditor(field, [(p["id"], p["name"]) for p in people])
    simple = {
        "text": LineEditor,
        "longtext": LongTextEditor,
        "integer": IntegerEditor,
        "money": MoneyEditor,
        "date": DateEditor,
        "datetime": DateTimeEditor,
        "gps": GpsEditor,
    }
    return simple[t](field) if t in simple else None
