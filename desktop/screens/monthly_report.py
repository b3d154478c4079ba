"""填报月报: a commissioner's monthly report for one project, rendered from the monthly report
form definition and recorded locally (offline, like a visit; it syncs later). Errors are
shown under their fields; nothing is recorded until there are none."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from forms import form_definitions, monthly_reports
from forms.form_definitions import FieldError

from .. import display
from ..context import AppContext
from ..i18n import language, tr
from .visit_form import ERROR_STYLE, FieldSet


class MonthlyReportDialog(QDialog):
    def __init__(
        self, ctx: AppContext, project_id: str, month: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("填报月报"))
        self.setMinimumWidth(560)
        definition = form_definitions.latest(monthly_reports.FORM_ID)
        form = QFormLayout()
        self.fields = FieldSet(ctx, definition, form, skip=("photos",))
        now = ctx.now()
        self.fields.set_raw(
            {
                "project_id": project_id,
                "month": month,
                "reported_at": now.isoformat(timespec="minutes"),
            }
        )
        self.summary = QLabel()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr(
                    "报送截止：{day}",
                    day=display.date(
                        monthly_reports.due_date_in(ctx.reader_connection, month).isoformat()
                    ),
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.report_id: str | None = None

    def save(self) -> None:
        self.fields.clear_errors()
        values, errors = self.fields.values()
        if errors:
            self.show_errors(errors)
            return
        ws, person = self.ctx.ws, self.ctx.person_id
        self.ctx.write(
            lambda: monthly_reports.record(ws, values, author_id=person),
            self._saved,
            self._failed,
        )

    def _saved(self, report_id: str) -> None:
        self.report_id = report_id
        self.accept()

    def _failed(self, error: BaseException) -> None:
        errors = getattr(error, "errors", None)
        if errors:
            self.show_errors(errors)
        else:
            self.ctx.show_error(error)

    def show_errors(self, errors: list[FieldError]) -> None:
        lang = language()
        unplaced = [
            e.message(lang) for e in errors if not self.fields.show_error(e.field, e.message(lang))
        ]
        self.summary.setText("；".join([tr("请改正标出的内容后再保存。"), *unplaced]))


def file_report(ctx: AppContext, project_id: str, month: str, parent: Any = None) -> str | None:
    """Ask for one monthly report; the new report's id, or None if cancelled."""
    dialog = MonthlyReportDialog(ctx, project_id, month, parent)
    if ctx.dialogs.exec(dialog):
        return dialog.report_id
    return None
