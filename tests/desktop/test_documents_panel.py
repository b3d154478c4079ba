"""The 文书 menu and the project's inspection-record tab open real previews of real PDFs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.document_preview import DocumentPreview
from desktop.panels.documents import MENU, InspectionRecords
from forms.store import notices as notice_store


def _previews() -> list[DocumentPreview]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, DocumentPreview)]


def _action(window, title: str):
    menu = window.menus[MENU]
    return next(a for a in menu.actions() if a.text().startswith(title))


def _close_previews() -> None:
    for dialog in _previews():
        dialog.close()
    QApplication.processEvents()


def test_notice_preview_spends_no_number_until_issued(window, ctx, dialogs):
    _close_previews()
    before = ctx.ws.db.execute("SELECT count(*) FROM notices").fetchone()[0]
    dialogs.choices.append(0)

    def fill(dialog) -> bool:
        # The office leaves one problem out and adds a paragraph before issuing.
        dialog.problems.item(0).setCheckState(Qt.CheckState.Unchecked)
        dialog.remarks.setPlainText("请于本周内召开专题协调会。")
        return True

    dialogs.fillers.append(fill)
    _action(window, "督办通知").trigger()
    (draft,) = _previews()
    assert draft.page_labels and draft.issue_button is not None
    assert "未编号" in draft.result.title
    assert ctx.ws.db.execute("SELECT count(*) FROM notices").fetchone()[0] == before
    draft.issue_button.click()
    QApplication.processEvents()
    issued = [p for p in _previews() if p is not draft and p.isVisible()]
    assert len(issued) == 1 and issued[0].issue_button is None
    assert ctx.ws.db.execute("SELECT count(*) FROM notices").fetchone()[0] == before + 1
    assert "〔2026〕" in issued[0].result.title
    row = notice_store.get(ctx.ws.db, issued[0].result.record_id)
    assert row["remarks"] == "请于本周内召开专题协调会。"
    unit_problems = ctx.ws.db.execute(
        "SELECT count(*) FROM problems WHERE unit_id = ? AND status != 'closed' AND deadline < ?",
        [row["unit_id"], "2026-11-23"],
    ).fetchone()[0]
    assert len(row["problem_id_list"]) == unit_problems - 1
    _close_previews()


def test_cancelled_choice_issues_nothing(window, ctx, dialogs):
    _close_previews()
    before = ctx.ws.db.execute("SELECT count(*) FROM notices").fetchone()[0]
    dialogs.choices.append(None)
    _action(window, "督办通知").trigger()
    assert _previews() == []
    assert ctx.ws.db.execute("SELECT count(*) FROM notices").fetchone()[0] == before


def test_monthly_report_checks_the_month(window, dialogs):
    _close_previews()
    dialogs.texts.append("2026-13")
    _action(window, "月报").trigger()
    assert _previews() == [] and "2026-11" in dialogs.errors[-1]
    dialogs.texts.append("2026-11")
    _action(window, "月报").trigger()
    assert len(_previews()) == 1
    _close_previews()


def test_inspection_record_of_a_visit(qtbot, ctx, dialogs):
    _close_previews()
    project_id = ctx.ws.db.execute(
        "SELECT project_id FROM visits ORDER BY visited_at DESC LIMIT 1"
    ).fetchone()[0]
    tab = InspectionRecords(ctx, project_id)
    qtbot.addWidget(tab)
    tab.print_record()
    assert dialogs.infos and _previews() == []
    tab.visits.setCurrentRow(0)
    tab.print_record()
    assert len(_previews()) == 1
    _close_previews()


def test_visit_photos_open_a_gallery_of_that_visit(qtbot, ctx, dialogs):
    from desktop.photo_gallery import PhotoGallery

    project_id = ctx.ws.db.execute(
        "SELECT project_id FROM visits ORDER BY visited_at DESC LIMIT 1"
    ).fetchone()[0]
    tab = InspectionRecords(ctx, project_id)
    qtbot.addWidget(tab)
    tab.visits.setCurrentRow(0)
    tab.visit_photos()
    gallery = tab.photo_dialog.findChild(PhotoGallery)
    assert gallery is not None and gallery.attach_to == ("visit", tab.visits.item(0).data(256))
    tab.photo_dialog.close()
