"""Excel import from the ledger screen: dry run shown, nothing written until accepted."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt


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


def test_mapping_corrected_in_the_preview_is_remembered_for_the_layout(
    window, ctx, dialogs, tmp_path
):
    from forms import units
    from tests.forms.test_ledger_real import xlsx

    units.ensure_unit(ctx.ws, "高新技术产业开发区", "district")
    path = xlsx(tmp_path / "real.xlsx")
    ledger = window.screen("ledger")
    seen = []

    def correct(dialog) -> bool:
        labels = [dialog.columns.item(r, 1).text() for r in range(dialog.columns.rowCount())]
        assert dialog.columns.item(labels.index("项目类别"), 3).text() == "按内容"
        combo = dialog.columns.cellWidget(labels.index("阶段"), 2)
        combo.setCurrentIndex(combo.findData(None))  # the person: don't import 阶段
        assert dialog.mapping == {"F": "ignore"}
        assert all("stage" not in a.fields for a in dialog.plan.actions)
        # 高新区 is offered as 高新技术产业开发区; ticking it confirms the alias.
        items = [dialog.alias_list.item(i) for i in range(dialog.alias_list.count())]
        item = next(i for i in items if i.text() == "高新区 → 高新技术产业开发区")
        item.setCheckState(Qt.CheckState.Checked)
        assert dialog.plan.aliases["高新区"] == "高新技术产业开发区"
        dialog.grab().save(str(tmp_path / "import_preview.png"))
        seen.append(dialog.rows.rowCount())
        return True

    dialogs.fillers.append(correct)
    dialogs.files.append(str(path))
    ledger.import_excel()
    assert seen == [3] and "新建 3 个项目" in dialogs.infos[-1]
    assert "高新区" not in {u["name"] for u in units.units(ctx.ws)}

    # The same layout again: the correction is applied before the preview opens.
    def check(dialog) -> bool:
        assert dialog.mapping == {"F": "ignore"}
        labels = [dialog.columns.item(r, 1).text() for r in range(dialog.columns.rowCount())]
        assert dialog.columns.item(labels.index("阶段"), 3).text() == "已更正"
        return False

    dialogs.fillers.append(check)
    dialogs.files.append(str(path))
    ledger.import_excel()
    assert not dialogs.fillers
