"""指标口径: the office edits the rate definitions every device computes with — the synced
setting `rate_definitions`, as JSON in the declared vocabulary (docs/rates.md). What does not
parse is refused with its reason and nothing is recorded."""

from __future__ import annotations

import json

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms import rates
from forms.errors import UserError

from ..context import AppContext
from ..i18n import tr
from .visit_form import ERROR_STYLE


class RateDefinitionsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("指标口径"))
        self.resize(760, 560)
        defs, _warnings = rates.definitions(ctx.reader_connection)
        self.text = QPlainTextEdit(_dump([d.to_dict() for d in defs]))
        self.text.setFont(QFont("monospace"))
        self.preview = QLabel("\n".join(d.text() for d in defs))
        self.preview.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        reset = QPushButton(tr("恢复默认口径"))
        reset.clicked.connect(lambda: self.text.setPlainText(_dump(rates.DEFAULT_DATA)))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.addButton(reset, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(tr("各设备按此口径计算；保存后随同步下发。条件写法见 docs/rates.md。"))
        )
        layout.addWidget(self.text, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            data = json.loads(self.text.toPlainText())
            rates.parse(data)
        except (ValueError, UserError) as e:
            self.error.setText(str(e))
            return
        ws, person = self.ctx.ws, self.ctx.person_id
        self.ctx.write(
            lambda: rates.save_definitions(ws, data, author_id=person), lambda _r: self.accept()
        )


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
