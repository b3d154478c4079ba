"""Home: "从未走访" only where nobody has visited; a workspace with no one in it yet (nothing
to sign in as) still opens its ledger for the first import; the office lands on the
dashboard, a commissioner on their own work."""

from __future__ import annotations

from desktop.main_window import MainWindow
from desktop.screens import dashboard, my_projects

from ..forms.board_fixture import build
from .test_dashboard import sign_in


def _row(**values):
    row = {"visit_due": "due", "last_visit": None, "my_last_visit": None}
    return {**row, **values}


def test_never_visited_only_where_nobody_visited():
    due = my_projects._due_text
    mine = next(c for c in my_projects.COLUMNS if c.title == "我的上次走访")
    assert due(_row()) == "● 从未走访" and mine.value(_row()) == ""
    someone = _row(last_visit="2026-09-02T09:00")
    assert due(someone) == "● 应走访" and mine.value(someone) == "我未走访过"
    mine_too = _row(last_visit="2026-09-02T09:00", my_last_visit="2026-09-02T09:00")
    assert mine.value(mine_too) == "2026年9月2日"
    column = next(c for c in dashboard.VISIT_COLUMNS if c.title == "我的上次走访")
    assert column.value(someone) == "我未走访过" and column.value(_row()) == "从未走访"


def test_an_empty_workspace_opens_its_ledger_signed_out(qtbot, make_ctx, ws):
    window = MainWindow(make_ctx(ws))
    qtbot.addWidget(window)
    window.go("ledger")
    assert window.current_screen() == "ledger"


def test_the_office_and_a_commissioner_land_on_their_dashboards(qtbot, make_ctx, ws):
    board = build(ws)
    window = MainWindow(make_ctx(ws))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert window.current_screen() == "sign_in"
    assert sign_in(window, board.ids["O"]).office_box.isVisible()
    window.ctx.sign_in(None)
    window.go("problems")
    assert window.current_screen() == "sign_in"
    assert sign_in(window, board.ids["C1"]).person_box.isVisible()
