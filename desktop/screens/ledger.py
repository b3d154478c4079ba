"""项目台账: every project in one sortable table with filters and instant search; Excel import
(with the dry-run preview) and export from here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms import codes
from forms.ledger_search import LedgerFilter, LedgerIndex
from forms.store import units as unit_store

from .. import ledger_io
from ..context import AppContext
from ..i18n import code, tr
from ..models.ledger import COLUMNS, LedgerModel
from . import ledger_import
from .common import Screen, table


def combo(first: str, items: list[tuple[str, str]]) -> QComboBox:
    """A filter choice: `first` means no filter (data None), then (value, label) pairs."""
    box = QComboBox()
    box.addItem(first, None)
    for value, label in items:
        box.addItem(label, value)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


class LedgerScreen(Screen):
    open_project = Signal(str)
    watches = frozenset({"project", "problem", "problem_event", "unit"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = LedgerModel(self)
        self.search = QLineEdit(placeholderText=tr("搜索名称、企业、编号"), clearButtonEnabled=True)
        self.search.setMinimumWidth(220)
        self.district = combo(tr("全部区县/园区"), [])
        self.stage = combo(tr("全部阶段"), [(v, code("stage", v)) for v in codes.values("stage")])
        self.chain = combo(
            tr("全部产业链"),
            [(v, code("industry_chain", v)) for v in codes.values("industry_chain")],
        )
        self.province_key = QCheckBox(tr("省重大"))
        self.city_key = QCheckBox(tr("市重点"))
        self.count = QLabel()
        self.import_button = QPushButton(tr("导入 Excel…"))
        self.export_button = QPushButton(tr("导出 Excel…"))
        self.view = table(ctx, "ledger", self.model, [c.width for c in COLUMNS])
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._layout()
        for signal in (
            self.search.textChanged,
            self.district.currentIndexChanged,
            self.stage.currentIndexChanged,
            self.chain.currentIndexChanged,
            self.province_key.toggled,
            self.city_key.toggled,
        ):
            signal.connect(self.apply_filter)
        self.view.doubleClicked.connect(self._open)
        self.view.activated.connect(self._open)
        self.import_button.clicked.connect(self.import_excel)
        self.export_button.clicked.connect(self.export_excel)

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for widget in (self.district, self.stage, self.chain, self.province_key, self.city_key):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.import_button)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)

    def refresh(self) -> None:
        super().refresh()
        self._fill_districts()
        # Loading 20,000 rows is work for the worker; the table fills in when it is done.
        self.ctx.ops.run(lambda: LedgerIndex.load(self.ctx.ws.db), self._loaded)

    def _loaded(self, index: LedgerIndex) -> None:
        self.model.set_index(index)
        self._show_count()

    def _fill_districts(self) -> None:
        chosen = self.district.currentData()
        self.district.blockSignals(True)
        while self.district.count() > 1:
            self.district.removeItem(1)
        for unit in unit_store.units(self.ctx.reader, "district", "park"):
            self.district.addItem(unit["name"], unit["id"])
        self.district.setCurrentIndex(max(0, self.district.findData(chosen)))
        self.district.blockSignals(False)

    def current_filter(self) -> LedgerFilter:
        return LedgerFilter(
            text=self.search.text(),
            district_id=self.district.currentData(),
            stage=self.stage.currentData(),
            industry_chain=self.chain.currentData(),
            province_key=self.province_key.isChecked(),
            city_key=self.city_key.isChecked(),
        )

    def apply_filter(self, *_: Any) -> None:
        self.model.set_filter(self.current_filter())
        self._show_count()

    def _show_count(self) -> None:
        total, shown = len(self.model.index_), self.model.rowCount()
        self.count.setText(
            tr("共 {n} 个项目", n=total)
            if shown == total
            else tr("显示 {shown} / {total} 个项目", shown=shown, total=total)
        )

    def _open(self, index: Any) -> None:
        project_id = self.model.project_id(index.row())
        if project_id:
            self.open_project.emit(project_id)

    # -- Excel -------------------------------------------------------------------------------

    def import_excel(self) -> None:
        path = self.ctx.dialogs.open_file(tr("导入台账 Excel…"), "Excel (*.xlsx *.xls)")
        if path:
            self.ctx.write(
                lambda: ledger_io.preview(self.ctx.ws, Path(path)),
                lambda plan: self._first_preview(Path(path), plan),
            )

    def _first_preview(self, path: Path, plan: Any) -> None:
        """A sheet of a layout seen before is read again with the mapping corrected then."""
        key = ledger_import.layout_key(plan)
        saved = ledger_import.remembered(self.ctx.settings, key)
        if not saved:
            self._confirm_import(path, key, plan, {})
            return
        self.ctx.write(
            lambda: ledger_io.preview(self.ctx.ws, path, mapping=saved),
            lambda again: self._confirm_import(path, key, again, saved),
        )

    def _confirm_import(self, path: Path, key: str, plan: Any, mapping: dict) -> None:
        dialog: ledger_import.ImportPreview | None = None

        def recheck(mapping: dict[str, str], aliases: dict[str, str]) -> None:
            self.ctx.write(
                lambda: ledger_io.preview(self.ctx.ws, path, mapping=mapping, aliases=aliases),
                lambda again: dialog.show_plan(again) if dialog is not None else None,
                lambda e: (self.ctx.show_error(e), dialog.show_plan(dialog.plan)),
            )

        dialog = ledger_import.ImportPreview(plan, recheck, mapping, self)
        if not self.ctx.dialogs.exec(dialog):
            return
        chosen = dialog.plan
        ledger_import.remember(self.ctx.settings, key, dialog.mapping)
        self.ctx.write(
            lambda: ledger_io.apply(
                self.ctx.ws,
                chosen,
                skip_bad_rows=bool(chosen.errors),
                author_id=self.ctx.person_id,
            ),
            lambda done: self.ctx.dialogs.info(
                tr("导入台账 Excel…"), ledger_io.describe_result(done)
            ),
        )

    def export_excel(self) -> None:
        """Export what the table shows: every project, or the active filter's in its order."""
        shown = self.model.shown_ids()
        loaded = len(self.model.index_) > 0  # before the first load: every project
        filtered = loaded and (len(shown) < len(self.model.index_) or bool(self.model.sort_key))
        path = self.ctx.dialogs.save_file(tr("导出台账 Excel…"), "Excel (*.xlsx)", tr("台账.xlsx"))
        if path:
            ids = shown if filtered else None
            self.ctx.write(
                lambda: ledger_io.export(self.ctx.ws, Path(path), ids),
                lambda n: self.ctx.dialogs.info(
                    tr("导出台账 Excel…"), tr("已导出 {n} 个项目到 {path}", n=n, path=path)
                ),
            )
