"""The document preview dialog, offscreen, with a synchronous worker and answered dialogs."""

from __future__ import annotations

import datetime as dt

from desktop.document_preview import Dialogs, open_document_preview
from desktop.worker import Operations
from forms.documents import notice
from forms.store import documents as document_store

TODAY = dt.date(2026, 11, 23)


class Answers(Dialogs):
    def __init__(self, path=None):
        self.path, self.errors, self.asked = path, [], []

    def save_path(self, parent, title, suggested, pattern):
        self.asked.append(suggested)
        return self.path

    def printer(self, parent):
        return None

    def error(self, parent, message):
        self.errors.append(message)


def test_preview_shows_pages_and_saves(qtbot, demo_ws, tmp_path):
    ops = Operations(synchronous=True)
    unit = document_store.units_with_overdue(demo_ws.conn, TODAY)[0]
    opened = []
    answers = Answers(str(tmp_path / "out.pdf"))
    open_document_preview(
        None,
        ops,
        lambda: notice.build(demo_ws, notice.issue(demo_ws, unit["id"], today=TODAY)[0]),
        dialogs=answers,
        on_open=opened.append,
    )
    assert len(opened) == 1 and answers.errors == []
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert len(dialog.page_labels) >= 2
    assert dialog.page_labels[0].pixmap().width() > 500
    dialog.grab().save(str(tmp_path / "preview.png"))
    dialog.pdf_button.click()
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    answers.path = str(tmp_path / "out.docx")
    dialog.docx_button.click()
    assert (tmp_path / "out.docx").read_bytes().startswith(b"PK")
    dialog.print_button.click()  # the print dialog is cancelled: nothing happens


def test_preview_reports_build_errors(qtbot, ws):
    from forms.errors import UserError

    answers = Answers()

    def build():
        raise UserError("没有超期问题")

    open_document_preview(None, Operations(synchronous=True), build, dialogs=answers)
    assert answers.errors == ["没有超期问题"]


def test_preview_shows_warnings(qtbot, ws, tmp_path):
    from forms import problems, projects, units

    unit_id = units.ensure_unit(ws, "市水务局", "department")
    project = projects.create(ws, {"code": "X", "name": "测试项目"})
    problems.register(
        ws,
        project,
        {
            "category": "land",
            "description": "用地",
            "raised_on": "2026-01-01",
            "unit_id": unit_id,
            "deadline": "2026-02-01",
        },
        author_id=None,
    )
    opened = []
    open_document_preview(
        None,
        Operations(synchronous=True),
        lambda: notice.build(ws, notice.issue(ws, unit_id, today=TODAY)[0]),
        dialogs=Answers(),
        on_open=opened.append,
    )
    qtbot.addWidget(opened[0])
    assert "organ_name" in opened[0].warnings.text()


def test_preview_fits_a_1366x768_laptop_and_confirms_a_save(qtbot, demo_ws, tmp_path):
    from PySide6.QtCore import QRect, QSize

    from desktop.document_preview import fitted_size

    # The free area of a 1366×768 screen under a 40 px taskbar, at 100 % and at 150 %.
    assert fitted_size(QRect(0, 0, 1366, 728)).height() <= 728 - 40
    assert fitted_size(QRect(0, 0, 911, 485)) == QSize(820, 485 - 48)
    assert fitted_size(QRect(0, 0, 2560, 1400)) == QSize(820, 900)

    opened = []
    answers = Answers(str(tmp_path / "清单.pdf"))
    open_document_preview(
        None,
        Operations(synchronous=True),
        lambda: notice.build(
            demo_ws,
            notice.issue(
                demo_ws,
                document_store.units_with_overdue(demo_ws.conn, TODAY)[0]["id"],
                today=TODAY,
            )[0],
        ),
        dialogs=answers,
        on_open=opened.append,
    )
    dialog = opened[0]
    qtbot.addWidget(dialog)
    available = dialog.screen().availableGeometry()
    assert dialog.height() <= available.height() - 40
    for button in (dialog.print_button, dialog.pdf_button, dialog.docx_button):
        bottom = button.mapTo(dialog, button.rect().bottomLeft()).y()
        assert button.isVisible() and bottom < dialog.height()
    assert dialog.saved_label.isHidden()
    dialog.pdf_button.click()
    assert dialog.saved_label.isVisible() and "清单.pdf" in dialog.saved_label.text()


def test_the_monthly_report_saves_as_word_with_a_confirmation(qtbot, ws, tmp_path):
    import io

    import docx

    from forms.documents import monthly

    from ..forms.board_fixture import D, build

    build(ws)
    path = tmp_path / "月报.docx"
    answers = Answers(str(path))
    opened = []
    open_document_preview(
        None,
        Operations(synchronous=True),
        lambda: monthly.build(ws, monthly.last_complete_month(dt.date(2026, 12, 3)), D),
        dialogs=answers,
        on_open=opened.append,
    )
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert dialog.docx_button is not None and dialog.docx_button.isVisible()
    dialog.docx_button.click()
    assert dialog.saved_label.isVisible() and "月报.docx" in dialog.saved_label.text()
    text = "".join(p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "2026年11月重大项目建设进展情况" in text
