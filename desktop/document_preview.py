"""Preview of a built document: its pages, Print, Save as PDF, Save as .docx (notices).

`open_document_preview(parent, ops, build)` runs `build()` (a `forms.documents` builder, which
may issue a notice) and the page rendering on the worker, then shows the dialog. Pages are
rendered with pypdfium2 (a few MB) rather than QtPdf (PySide6-Addons, far larger). File and
print dialogs sit behind `Dialogs` so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from PySide6.QtCore import QRect, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs import plain_error
from desktop.i18n import tr
from desktop.worker import Operations
from forms.documents import DocumentResult

PREVIEW_SCALE = 1.2  # 86 dpi: readable on screen, quick to render
WANTED = QSize(820, 900)  # a whole A4 page at PREVIEW_SCALE, with the buttons below
FRAME = QSize(16, 48)  # what the window manager adds around the dialog (title bar, border)


def fitted_size(available: QRect, wanted: QSize = WANTED) -> QSize:
    """The dialog's size on a screen whose free area is `available`: as wanted, but never
    taller or wider than the screen leaves once the window frame is counted — on a 1366×768
    laptop the buttons under the page must stay on screen."""
    return QSize(
        min(wanted.width(), available.width() - FRAME.width()),
        min(wanted.height(), available.height() - FRAME.height()),
    )


def render_pages(pdf: bytes, scale: float = PREVIEW_SCALE) -> list[tuple[int, int, bytes]]:
    """Each page as (width, height, RGB bytes); Qt-free so it can run on the worker."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            image = page.render(scale=scale).to_pil().convert("RGB")
            pages.append((image.width, image.height, image.tobytes()))
            page.close()
        return pages
    finally:
        document.close()


def to_qimage(width: int, height: int, rgb: bytes) -> QImage:
    return QImage(rgb, width, height, width * 3, QImage.Format.Format_RGB888).copy()


class Dialogs:
    """The modal questions the preview asks; tests replace them."""

    def save_path(self, parent: QWidget, title: str, suggested: str, pattern: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
        return path or None

    def printer(self, parent: QWidget) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def error(self, parent: QWidget, message: str) -> None:
        QMessageBox.warning(parent, tr("无法完成"), message)


@dataclass
class Built:
    result: DocumentResult
    pages: list[tuple[int, int, bytes]]


class DocumentPreview(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        ops: Operations,
        built: Built,
        dialogs: Dialogs | None = None,
        issue: Callable[[], list[DocumentResult]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.result, self.dialogs = ops, built.result, dialogs or Dialogs()
        self.issue = issue
        self.issued: list[DocumentPreview] = []
        self.setWindowTitle(tr("预览 - {title}", title=self.result.title))
        self.resize(fitted_size(_available(parent)))
        layout = QVBoxLayout(self)
        if self.result.warnings:
            self.warnings = QLabel(
                tr("请注意：") + "\n" + "\n".join(f"• {w}" for w in self.result.warnings)
            )
            self.warnings.setWordWrap(True)
            self.warnings.setStyleSheet("color: #B00020; background: #FFF4F4; padding: 6px;")
            layout.addWidget(self.warnings)
        layout.addWidget(self._pages_view(built.pages), 1)
        # Where the last file went: a confirmation that needs no click to go away.
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet("color: #1e7e34;")
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.saved_label.linkActivated.connect(
            lambda url: QDesktopServices.openUrl(QUrl.fromLocalFile(url))
        )
        self.saved_label.hide()
        layout.addWidget(self.saved_label)
        layout.addLayout(self._buttons())

    def _pages_view(self, pages: list[tuple[int, int, bytes]]) -> QScrollArea:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels: list[QLabel] = []
        for width, height, rgb in pages:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(to_qimage(width, height, rgb)))
            label.setStyleSheet("border: 1px solid #999; background: white;")
            column.addWidget(label)
            self.page_labels.append(label)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("background: #808080;")
        return scroll

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.print_button = QPushButton(tr("打印…"))
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button = QPushButton(tr("另存为 PDF…"))
        self.pdf_button.clicked.connect(self.save_pdf)
        row.addWidget(self.print_button)
        row.addWidget(self.pdf_button)
        self.docx_button = None
        if self.result.docx is not None:
            self.docx_button = QPushButton(tr("另存为 Word…"))
            self.docx_button.clicked.connect(self.save_docx)
            row.addWidget(self.docx_button)
        self.issue_button = None
        if self.issue is not None:
            # A draft: printing it is allowed, but only 签发 gives it its number.
            self.issue_button = QPushButton(tr("签发并编号"))
            self.issue_button.setDefault(True)
            self.issue_button.clicked.connect(self.issue_document)
            row.addWidget(self.issue_button)
        row.addStretch(1)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        return row

    # -- actions -------------------------------------------------------------------------------

    def save_pdf(self) -> None:
        path = self.dialogs.save_path(self, tr("另存为 PDF"), self.result.file_name, "PDF (*.pdf)")
        if path:
            pdf = self.result.pdf
            self.ops.run(lambda: _write(path, pdf), lambda _: self._saved(path), self._failed)

    def save_docx(self) -> None:
        suggested = str(Path(self.result.file_name).with_suffix(".docx"))
        path = self.dialogs.save_path(self, tr("另存为 Word"), suggested, "Word (*.docx)")
        if path and self.result.docx is not None:
            make = self.result.docx
            self.ops.run(lambda: _write(path, make()), lambda _: self._saved(path), self._failed)

    def print_document(self) -> None:
        printer = self.dialogs.printer(self)
        if printer is None:
            return
        dpi = printer.resolution()
        painter = QPainter()
        if not painter.begin(printer):
            self.dialogs.error(self, tr("无法连接打印机"))
            return
        try:
            for n, (w, h, rgb) in enumerate(render_pages(self.result.pdf, dpi / 72)):
                if n:
                    printer.newPage()
                target = painter.viewport()
                image = to_qimage(w, h, rgb)
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(target.x(), target.y(), image.scaled(size))
        finally:
            painter.end()

    def issue_document(self) -> None:
        """Issue (number and record) what the draft shows, then preview the issued notices."""
        if self.issue is None:
            return
        make = self.issue
        self.issue_button.setEnabled(False)

        def work() -> list[Built]:
            return [Built(r, render_pages(r.pdf)) for r in make()]

        def done(built: list[Built]) -> None:
            for one in built:
                dialog = DocumentPreview(self.parentWidget(), self.ops, one, self.dialogs)
                dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self.issued.append(dialog)
                dialog.show()
            self.accept()

        def failed(error: BaseException) -> None:
            self.issue_button.setEnabled(True)
            self._failed(error)

        self.ops.run(work, done, failed)

    def _saved(self, path: str) -> None:
        folder = str(Path(path).parent)
        self.saved_label.setText(
            tr("已保存到 {path}", path=path)
            + f'　<a href="{folder}">'
            + tr("打开所在文件夹")
            + "</a>"
        )
        self.saved_label.setToolTip(path)
        self.saved_label.show()

    def _failed(self, error: BaseException) -> None:
        self.saved_label.hide()
        self.dialogs.error(self, plain_error(error))


def _available(parent: QWidget | None) -> QRect:
    # QWidget.screen, not parent.screen: the main window's `screen(name)` means its screens.
    screen = QWidget.screen(parent) if parent is not None else QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def _write(path: str, data: bytes) -> None:
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(target)


def open_document_preview(
    parent: QWidget | None,
    ops: Operations,
    build: Callable[[], DocumentResult],
    *,
    dialogs: Dialogs | None = None,
    on_open: Callable[[DocumentPreview], None] | None = None,
    issue: Callable[[], list[DocumentResult]] | None = None,
) -> None:
    """Build (and render) on the worker, then show the preview; errors go to a message box."""
    dialogs = dialogs or Dialogs()

    def work() -> Built:
        result = build()
        return Built(result, render_pages(result.pdf))

    def done(built: Built) -> None:
        dialog = DocumentPreview(parent, ops, built, dialogs, issue)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if on_open:
            on_open(dialog)
        dialog.show()

    ops.run(work, done, lambda e: dialogs.error(parent, plain_error(e)))


__all__ = ["DocumentPreview", "Dialogs", "open_document_preview", "render_pages"]
