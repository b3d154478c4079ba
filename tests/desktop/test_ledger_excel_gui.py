"""Excel import from the ledger screen: dry run shown, nothing written until accepted."""

from __future__ import annotations

import openpyxl


def _dialog_text(dialog) -> str:
    from PySide6.QtWidgets import QPlainTextEdit

    return dialog.findChild(QPlainTextEdit).toPlainText()


def test_export_then_import_changes_nothing(window, ctx, dialogs, tmp_path):
    path = tmp_path / "台账.xlsx"
    ledger = window.screen("ledger")
    dialogs.files.append(str(path))
    ledger.export_excel()
    assert path.exists() and "已导出" in dialogs.infos[-1]
    before = ctx.ws.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    seen = []
    dialogs.fillers.append(lambda dialog: seen.append(_dialog_text(dialog)) or True)
    dialogs.files.append(str(path))
    ledger.import_excel()
    assert "不变 200 个" in seen[0]
    assert "新建 0 个项目，更新 0 个，不变 200 个" in dialogs.infos[-1]
    assert ctx.ws.db.execute("SELECT count(*) FROM changes").fetchone()[0] == before


def test_rows_in_error_are_listed_and_cancel_writes_nothing(window, ctx, dialogs, tmp_path):
    path = tmp_path / "台账.xlsx"
    dialogs.files.append(str(path))
    window.screen("ledger").export_excel()
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header_row = next(
        r
        for r in range(1, 6)
        if any(
            c.value == "总投资" or (c.value or "").startswith("总投资")
            for c in sheet[r]
            if isinstance(c.value, str)
        )
    )
    column = next(
        c.column
        for c in sheet[header_row]
        if isinstance(c.value, str) and c.value.startswith("总投资")
    )
    sheet.cell(header_row + 1, column, "很多钱")
    book.save(path)
    before = ctx.ws.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    seen = []
    dialogs.fillers.append(lambda dialog: seen.append(_dialog_text(dialog)) or False)
    dialogs.files.append(str(path))
    window.screen("ledger").import_excel()
    assert f"第{header_row + 1}行" in seen[0] and "很多钱" in seen[0]
    assert ctx.ws.db.execute("SELECT count(*) FROM changes").fetchone()[0] == before
