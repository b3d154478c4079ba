"""问题清单 for a day's work: sorting by any column (a proxy over the lazy model), the search
box, the overdue working days, 责任单位 and 时限 in sight at 1366 px, the 亮灯 legend, column
and toolbar tooltips, and an export of exactly what the filter shows (read back)."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt

from desktop.models.problems import COLUMNS, ProblemModel
from forms.ledger.columns import FIELD_NAMES
from forms.store import problems as problem_store

from .conftest import as_office

KEYS = [c.key for c in COLUMNS]
KEY_STAGE = FIELD_NAMES.index("stage")


def _screen(window):
    as_office(window)
    window.go("problems")
    screen = window.screen("problems")
    screen.refresh()
    return screen


def _column(screen, key):
    return [
        screen.proxy.index(row, KEYS.index(key)).data() for row in range(screen.proxy.rowCount())
    ]


def test_the_register_sorts_by_a_column_and_back(window):
    screen = _screen(window)
    source_order = screen.shown_ids()
    header = screen.view.horizontalHeader()
    overdue = KEYS.index("overdue")
    screen.view.sortByColumn(overdue, Qt.SortOrder.DescendingOrder)
    days = [int(d) if d else 0 for d in _column(screen, "overdue")]
    assert days == sorted(days, reverse=True) and days[0] > 0
    screen.view.sortByColumn(KEYS.index("deadline"), Qt.SortOrder.AscendingOrder)
    deadlines = [screen.model.problem(screen.model.row_of(i))["deadline"] or "9999"
                 for i in screen.shown_ids()]  # fmt: skip
    assert deadlines == sorted(deadlines)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the third click: unsorted
    assert screen.shown_ids() == source_order


def test_choosing_a_problem_in_a_sorted_table_shows_that_problem(window):
    screen = _screen(window)
    screen.view.sortByColumn(KEYS.index("overdue"), Qt.SortOrder.DescendingOrder)
    screen.view.selectRow(2)
    chosen = screen.shown_ids()[2]
    assert screen.detail.problem_id == chosen
    other = screen.shown_ids()[5]
    screen.select(other)
    assert screen.proxy.mapToSource(screen.view.currentIndex()).row() == screen.model.row_of(other)
    assert screen.detail.problem_id == other


def test_search_and_overdue_days(window):
    screen = _screen(window)
    screen.overdue.setChecked(True)
    assert all(int(d) > 0 for d in _column(screen, "overdue"))
    first = _column(screen, "number")[0]
    screen.search.setText(first.lower())
    assert _column(screen, "number") == [first]


def test_unit_and_deadline_are_in_sight_at_1366(window, tmp_path):
    screen = _screen(window)
    window.resize(1366, 768)
    viewport = screen.view.viewport().width()
    for key in ("light", "number", "status", "unit_name", "deadline", "overdue"):
        column = KEYS.index(key)
        right = screen.view.columnViewportPosition(column) + screen.view.columnWidth(column)
        assert 0 <= right <= viewport, key
    assert screen.view.textElideMode() == Qt.TextElideMode.ElideRight
    assert screen.legend.isVisible() and "红灯：已超期" in screen.legend.text()
    window.grab().save(str(tmp_path / "problems.png"))


def test_tooltips_on_the_columns_and_the_toolbar(window):
    screen = _screen(window)
    tips = [
        screen.proxy.headerData(n, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        for n in range(len(COLUMNS))
    ]
    assert all(tips) and "工作日" in tips[KEYS.index("overdue")]
    assert "黄" in tips[KEYS.index("light")]
    for name in ("dashboard", "ledger", "problems", "notices"):
        action = window.nav_actions[name]
        assert action.toolTip() and action.toolTip() != action.text()


def test_export_holds_what_the_filter_shows_in_its_order(window, ctx, dialogs, tmp_path):
    screen = _screen(window)
    screen.overdue.setChecked(True)
    screen.view.sortByColumn(KEYS.index("overdue"), Qt.SortOrder.DescendingOrder)
    shown = screen.shown_ids()
    total = len(problem_store.problem_ids(ctx.reader, problem_store.ProblemFilter()))
    assert 0 < len(shown) < total
    path = tmp_path / "问题清单.xlsx"
    dialogs.files.append(str(path))
    screen.export_excel()
    assert dialogs.infos[-1] == f"已导出 {len(shown)} 个问题到 {path}"
    book = openpyxl.load_workbook(path, read_only=True)
    numbers = [r[0] for r in book["问题清单"].iter_rows(min_row=2, values_only=True)]
    rows = problem_store.problem_rows(ctx.reader, shown)
    assert numbers == [r["number"] for r in rows]
    codes = {r[0] for r in book["项目台账"].iter_rows(min_row=3, values_only=True)}
    assert codes == {r["project_code"] for r in rows}


def test_the_ledger_export_follows_its_filter(window, ctx, dialogs, tmp_path):
    as_office(window)
    window.go("ledger")
    ledger = window.screen("ledger")
    ledger.refresh()
    ledger.stage.setCurrentIndex(ledger.stage.findData("build"))
    shown = ledger.model.shown_ids()
    path = tmp_path / "台账.xlsx"
    dialogs.files.append(str(path))
    ledger.export_excel()
    assert dialogs.infos[-1] == f"已导出 {len(shown)} 个项目到 {path}"
    book = openpyxl.load_workbook(path, read_only=True)
    stages = {r[KEY_STAGE] for r in book["项目台账"].iter_rows(min_row=3, values_only=True)}
    assert stages == {"加快建设"}
    project_codes = {r[1] for r in book["问题清单"].iter_rows(min_row=2, values_only=True)}
    built = {
        r[0]
        for r in ctx.reader_connection.execute("SELECT code FROM projects WHERE stage = 'build'")
    }
    assert project_codes <= built


def test_the_model_passes_the_model_tester(qtmodeltester, ctx):
    model = ProblemModel(ctx.reader, ctx.today)
    model.load(problem_store.ProblemFilter(status="open"))
    qtmodeltester.check(model)


def test_no_view_works_before_sign_in(qtbot, window, ctx):
    """Signed out, every view, the menus' ledger actions and the global search lead to the
    sign-in; the office then lands on the dashboard, a commissioner too (their own work)."""
    assert window.current_screen() == "sign_in"
    for name in ("dashboard", "my_projects", "ledger", "problems", "notices"):
        window.go(name)
        assert window.stack.currentWidget() is window.screens["sign_in"], name
        window.nav_actions[name].trigger()
        assert window.stack.currentWidget() is window.screens["sign_in"], name
    assert window.search_everything() is None
    window._ledger().export_excel()  # the menu's 导出台账: nothing happens signed out
    assert window.stack.currentWidget() is window.screens["sign_in"]
    office = ctx.reader_connection.execute(
        "SELECT id FROM people WHERE role = 'office' LIMIT 1"
    ).fetchone()[0]
    window.screens["sign_in"].choose(office)
    assert window.stack.currentWidget() is window.screens["dashboard"]
    assert window.screens["dashboard"].office_box.isVisible()
