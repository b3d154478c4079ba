"""The import preview of an Excel ledger: the dry run shown as tables, its column mapping
correctable in place and remembered per sheet layout, unit names the office confirms as
aliases of known units. Nothing is written unless the person accepts.

Every correction runs the dry run again (on the worker) and shows its new result, so what is
accepted is always what was seen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forms import ledger
from forms.ledger import report

from .. import ledger_io
from ..dialogs import fit_to_screen
from ..i18n import QT_TR_NOOP, language, tr

Recheck = Callable[[dict[str, str], dict[str, str]], None]  # (mapping, aliases)


def layout_key(plan: ledger.Plan) -> str:
    """The sheet's layout: its header labels in order; the same office form gives the same key."""
    labels = "\x1f".join(f"{c.letter}={c.label}" for c in plan.columns)
    return hashlib.sha256(labels.encode()).hexdigest()[:16]


def field_choices() -> list[tuple[str | None, str]]:
    english = language() == "en"
    names = [
        (f, ledger.columns.ENGLISH[f] if english else report.FIELD_ZH[f])
        for f in ledger.FIELD_NAMES
    ]
    return [(None, tr("（不导入）")), *names]


class ImportPreview(QDialog):
    def __init__(
        self,
        plan: ledger.Plan,
        recheck: Recheck | None = None,
        mapping: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("导入预览"))
        self.recheck = recheck
        self.mapping: dict[str, str] = dict(mapping or {})  # letter -> field, the person's
        self.aliases: dict[str, str] = {}
        self._filling = False
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.columns = QTableWidget(0, 4)
        self.columns.setHorizontalHeaderLabels([tr("列"), tr("表头"), tr("导入为"), tr("识别依据")])
        self.columns.verticalHeader().setVisible(False)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.alias_note = QLabel(tr("勾选即确认：表中的简称就是已有单位（不勾选则新建单位）。"))
        self.alias_note.setWordWrap(True)
        self.alias_list = QListWidget()
        self.alias_list.itemChanged.connect(self._alias_toggled)
        self.rows = QTableWidget(0, 5)
        self.rows.setHorizontalHeaderLabels(
            [tr("行"), tr("操作"), tr("项目编号"), tr("项目名称"), tr("变更的列")]
        )
        self.rows.verticalHeader().setVisible(False)
        self.rows.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.body = QPlainTextEdit(readOnly=True)  # the counts and every row in error
        self.tabs = QTabWidget()
        self.tabs.addTab(self.columns, tr("列的对应"))
        aliases = QWidget()
        box = QVBoxLayout(aliases)
        box.addWidget(self.alias_note)
        box.addWidget(self.alias_list)
        self.alias_tab = self.tabs.addTab(aliases, tr("单位简称"))
        self.tabs.addTab(self.rows, tr("将要写入"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.body)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(tr("确认导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 900, 560)
        self.show_plan(plan)

    # -- showing a plan ----------------------------------------------------------------------

    def show_plan(self, plan: ledger.Plan) -> None:
        self.plan = plan
        self._filling = True
        try:
            self.summary.setText(ledger_io.summary(plan))
            self.body.setPlainText(ledger_io.describe(plan))
            self._fill_columns(plan)
            self._fill_aliases(plan)
            self._fill_rows(plan)
        finally:
            self._filling = False
        title = QT_TR_NOOP("跳过错误行，导入其余") if plan.errors else QT_TR_NOOP("确认导入")
        self.ok.setText(tr(title))
        self.ok.setEnabled(bool(plan.rows))

    def _fill_columns(self, plan: ledger.Plan) -> None:
        letters = [c.letter for c in plan.columns]
        same = letters == [
            self.columns.item(r, 0).text() if self.columns.item(r, 0) else None
            for r in range(self.columns.rowCount())
        ]
        if not same:  # a new sheet layout: new rows (the same one keeps its combos and focus)
            self.columns.setRowCount(0)
            self.columns.setRowCount(len(plan.columns))
        for row, column in enumerate(plan.columns):
            if not same:
                for col, text in ((0, column.letter), (1, column.label)):
                    self.columns.setItem(row, col, _item(text))
                self.columns.setCellWidget(row, 2, self._field_box(column.letter))
            box = self.columns.cellWidget(row, 2)
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(column.field)))
            box.blockSignals(False)
            how = (
                tr("按内容")
                if column.by_values
                else tr("已更正")
                if column.letter in self.mapping
                else ""
            )
            self.columns.setItem(row, 3, _item(how))
        self.columns.resizeColumnToContents(0)
        self.columns.setColumnWidth(2, 200)

    def _field_box(self, letter: str) -> QComboBox:
        box = QComboBox()
        for value, label in field_choices():
            box.addItem(label, value)
        box.currentIndexChanged.connect(lambda _i: self._remap(letter, box.currentData()))
        return box

    def _fill_aliases(self, plan: ledger.Plan) -> None:
        self.alias_list.clear()
        pairs = [(a, n, True) for a, n in sorted(plan.aliases.items())]
        pairs += [(a, n, False) for a, n in sorted(plan.suggested.items())]
        for alias, name, confirmed in pairs:
            item = QListWidgetItem(f"{alias} → {name}")
            item.setData(Qt.ItemDataRole.UserRole, (alias, name))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if confirmed else Qt.CheckState.Unchecked)
            self.alias_list.addItem(item)
        self.tabs.setTabVisible(self.alias_tab, bool(pairs))

    def _fill_rows(self, plan: ledger.Plan) -> None:
        shown = [a for a in plan.actions if a.action != "unchanged"]
        self.rows.setRowCount(len(shown))
        for row, action in enumerate(shown):
            code = str(action.fields.get("code") or "")
            if action.row in plan.generated_codes:
                code += tr("（自动编号）")
            changed = (
                "、".join(report.FIELD_ZH.get(f, f) for f in action.changed)
                if action.action == "update"
                else ""
            )
            cells = (
                str(action.row),
                tr(report.ACTION_ZH[action.action]),
                code,
                str(action.fields.get("name") or ""),
                changed,
            )
            for col, text in enumerate(cells):
                self.rows.setItem(row, col, _item(text))
        self.rows.resizeColumnsToContents()

    # -- corrections -------------------------------------------------------------------------

    def _remap(self, letter: str, field: str | None) -> None:
        if self._filling:
            return
        self.mapping[letter] = field or ledger.IGNORE
        self._recheck()

    def _alias_toggled(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        alias, name = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.aliases[alias] = name
        else:
            self.aliases.pop(alias, None)
        self._recheck()

    def confirmed_aliases(self) -> dict[str, str]:
        return {
            alias: name
            for item in (self.alias_list.item(i) for i in range(self.alias_list.count()))
            if item.checkState() == Qt.CheckState.Checked
            for alias, name in [item.data(Qt.ItemDataRole.UserRole)]
        }

    def _recheck(self) -> None:
        if self.recheck is not None:
            self.ok.setEnabled(False)  # until the new dry run is shown
            self.recheck(dict(self.mapping), self.confirmed_aliases())


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def remembered(settings: Any, key: str) -> dict[str, str]:
    try:
        found = json.loads(settings.store.value(f"ledger_mapping/{key}", "{}"))
    except (TypeError, ValueError):
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def remember(settings: Any, key: str, mapping: dict[str, str]) -> None:
    settings.store.setValue(f"ledger_mapping/{key}", json.dumps(mapping, ensure_ascii=False))
