"""Documents in the desktop: a 文书 menu (notice to a unit, problem list, monthly report) and a
project tab that prints the site inspection record of a visit. Building runs on the worker."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import display, extensions
from desktop.dialogs import fit_to_screen
from desktop.i18n import QT_TR_NOOP, tr
from forms.store import projects as project_store

MENU = QT_TR_NOOP("文书(&D)")


def open_document_preview(*args, **kwargs) -> None:
    # reportlab, pypdfium2 and Qt's print support load when a document is first asked for.
    from desktop.document_preview import open_document_preview as open_preview

    open_preview(*args, **kwargs)


def _action(window, title: str, slot) -> QAction:
    action = QAction(tr(title), window)
    action.triggered.connect(slot)
    return action


def _notice(ctx, window) -> QAction:
    """Unit → draft (problems, reply deadline, an added paragraph) → preview without a number
    → 签发并编号. Numbers are taken only there."""

    def choose_unit(units: list[dict]) -> None:
        if not units:
            ctx.dialogs.info(tr("督办通知"), tr("没有超期未办结问题的责任单位。"))
            return
        labels = [tr("{name}（{n} 个超期问题）", name=u["name"], n=u["overdue"]) for u in units]
        chosen = ctx.dialogs.choose_item(tr("督办通知"), tr("发给哪个责任单位？"), labels)
        if chosen is None:
            return
        unit = units[chosen]
        from forms.documents import notice
        from forms.documents.context import read_settings
        from forms.store import documents as document_store

        today = ctx.today()
        ctx.ops.run(
            lambda: (
                document_store.problems(ctx.ws.conn, unit_id=unit["id"], overdue_on=today),
                notice.reply_due(ctx.ws, today, read_settings(ctx.ws)),
            ),
            lambda found: edit_draft(unit, *found),
            lambda e: ctx.dialogs.error(tr("督办通知"), str(e)),
        )

    def edit_draft(unit: dict, problems: list[dict], due) -> None:
        from desktop.notice_draft import NoticeDraftDialog
        from forms.documents import notice

        open_rows = [p for p in problems if p["status"] != "closed"]
        dialog = NoticeDraftDialog(unit["name"], open_rows, due, window)
        if not ctx.dialogs.exec(dialog):
            return
        arguments = dialog.arguments()
        today = ctx.today()

        def issue() -> list:
            # Numbers are taken here, when the office issues, never by a preview.
            ids = notice.issue(
                ctx.ws, unit["id"], today=today, author_id=ctx.person_id, **arguments
            )
            return [notice.build(ctx.ws, i) for i in ids]

        open_document_preview(
            window,
            ctx.ops,
            lambda: notice.draft(ctx.ws, unit["id"], today=today, **arguments),
            issue=issue,
        )

    def start() -> None:
        from forms.store import documents as document_store

        ctx.ops.run(
            lambda: document_store.units_with_overdue(ctx.ws.conn, ctx.today()),
            choose_unit,
            lambda e: ctx.dialogs.error(tr("督办通知"), str(e)),
        )

    return _action(window, QT_TR_NOOP("督办通知…"), start)


def _problem_list(ctx, window) -> QAction:
    def start() -> None:
        choices = [tr("全部问题"), tr("仅超期问题")]
        chosen = ctx.dialogs.choose_item(tr("问题清单"), tr("打印哪些问题？"), choices)
        if chosen is None:
            return
        from forms.documents import problem_list

        open_document_preview(
            window,
            ctx.ops,
            lambda: problem_list.build(ctx.ws, overdue=chosen == 1, today=ctx.today()),
        )

    return _action(window, QT_TR_NOOP("问题清单…"), start)


def _monthly(ctx, window) -> QAction:
    def start() -> None:
        from forms.documents.monthly import last_complete_month

        # The month just begun has no figures yet: the last complete one is the report's.
        default = last_complete_month(ctx.today())
        month = ctx.dialogs.ask_text(tr("月报"), tr("月份（如 2026-11）："), default)
        if month is None:
            return
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            ctx.dialogs.error(tr("月报"), tr("月份格式应为 2026-11。"))
            return
        from forms.documents import monthly

        open_document_preview(window, ctx.ops, lambda: monthly.build(ctx.ws, month))

    return _action(window, QT_TR_NOOP("月报…"), start)


class InspectionRecords(QWidget):
    """The project's visits; the chosen one is printed as a 现场检查记录."""

    def __init__(self, ctx, project_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.visits = QListWidget()
        detail = project_store.project_detail(ctx.reader, project_id) or {"visits": []}
        for visit in detail["visits"]:
            item = QListWidgetItem(
                f"{display.datetime(visit['visited_at'])}  {(visit.get('progress_text') or '')[:40]}"
            )
            item.setData(256, visit["id"])
            self.visits.addItem(item)
        self.visits.itemDoubleClicked.connect(lambda _item: self.print_record())
        photos = QPushButton(tr("走访照片…"))
        photos.clicked.connect(self.visit_photos)
        button = QPushButton(tr("现场检查记录…"))
        button.clicked.connect(self.print_record)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(photos)
        row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.visits)
        layout.addLayout(row)

    def _chosen_visit(self, title: str) -> str | None:
        item = self.visits.currentItem()
        if item is None:
            self.ctx.dialogs.info(tr(title), tr("请先选择一次走访。"))
            return None
        return item.data(256)

    def visit_photos(self) -> None:
        """The chosen visit's photos: add (dialog, drop, paste), caption, remove."""
        visit_id = self._chosen_visit(QT_TR_NOOP("走访照片"))
        if visit_id is None:
            return
        from desktop.photo_gallery import PhotoGallery

        dialog = QDialog(self)
        dialog.setWindowTitle(tr("走访照片"))
        fit_to_screen(dialog, 900, 560)
        layout = QVBoxLayout(dialog)
        layout.addWidget(
            PhotoGallery(
                self.ctx.ws, self.ctx.ops, ("visit", visit_id), author_id=self.ctx.person_id
            )
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.photo_dialog = dialog

    def print_record(self) -> None:
        visit_id = self._chosen_visit(QT_TR_NOOP("现场检查记录"))
        if visit_id is None:
            return
        from forms.documents import record

        open_document_preview(self, self.ctx.ops, lambda: record.build(self.ctx.ws, visit_id))


extensions.menu_action(MENU, _notice)
extensions.menu_action(MENU, _problem_list)
extensions.menu_action(MENU, _monthly)
extensions.project_panel(QT_TR_NOOP("检查记录"), InspectionRecords)
