"""One recorded visit, opened by a double-click in the project's 走访记录: what was seen and
reported, with its photos one click away (the 照片 tab) and its inspection record to print."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import display
from ..context import AppContext
from ..dialogs import fit_to_screen
from ..i18n import QT_TR_NOOP, code, colon, tr

FIELDS = (
    (QT_TR_NOOP("走访时间"), lambda v: display.datetime(v["visited_at"])),
    (QT_TR_NOOP("走访类型"), lambda v: code("visit_kind", v["kind"])),
    (QT_TR_NOOP("记录人"), lambda v: v.get("author_name") or ""),
    (QT_TR_NOOP("形象进度"), lambda v: v.get("progress_text") or ""),
    (
        QT_TR_NOOP("累计完成投资"),
        lambda v: (
            tr("{amount} 万元", amount=display.wan(v["cumulative_investment"]))
            if v.get("cumulative_investment") is not None
            else ""
        ),
    ),
    (QT_TR_NOOP("备注"), lambda v: json.loads(v.get("data") or "{}").get("note") or ""),
)


class VisitView(QDialog):
    def __init__(self, ctx: AppContext, visit: dict[str, Any], parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx, self.visit = ctx, visit
        self.setWindowTitle(tr("走访记录") + " · " + display.datetime(visit["visited_at"]))
        self.tabs = QTabWidget()
        details = QWidget()
        form = QFormLayout(details)
        for label, value in FIELDS:
            text = QLabel(value(visit))
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(colon(tr(label)), text)
        self.tabs.addTab(details, tr("概况"))
        self.photos_tab = self.tabs.addTab(QWidget(), tr("照片"))
        self.gallery: Any = None
        self.tabs.currentChanged.connect(self._tab_shown)
        self.print_button = QPushButton(tr("现场检查记录…"))
        self.print_button.clicked.connect(self.print_record)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 600)

    def show_photos(self) -> None:
        self.tabs.setCurrentIndex(self.photos_tab)

    def _tab_shown(self, index: int) -> None:
        # The gallery (Pillow, the photo module, its loader thread) only when it is looked at.
        if index != self.photos_tab or self.gallery is not None:
            return
        from desktop.photo_gallery import PhotoGallery

        self.gallery = PhotoGallery(
            self.ctx.ws, self.ctx.ops, ("visit", self.visit["id"]), author_id=self.ctx.person_id
        )
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, self.gallery, tr("照片"))
        self.tabs.setCurrentIndex(index)

    def print_record(self) -> None:
        from desktop.document_preview import open_document_preview
        from forms.documents import record

        visit_id, ws = self.visit["id"], self.ctx.ws
        open_document_preview(self, self.ctx.ops, lambda: record.build(ws, visit_id))
