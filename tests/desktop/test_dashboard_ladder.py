"""The office dashboard's escalation part (problems at each rung, those due to climb, a click
through to the problem) and 提醒 of commissioners, driven through the widgets; a commissioner
sees the office's reminder of their own report, not another district's."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.main_window import MainWindow
from forms import escalation, problems

from ..forms.board_fixture import D, with_overdue_problems
from .test_dashboard import sign_in


@pytest.fixture
def small(ws):
    found = with_overdue_problems(ws)
    escalation.remind(ws, [found.ids["qP1"]], today=D, note="电话", author_id=None)
    return found


@pytest.fixture
def small_window(qtbot, make_ctx, small) -> Any:
    w = MainWindow(make_ctx(small.ws))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def test_the_ladder_shows_each_rung_and_opens_a_problem(qtbot, small_window, small, tmp_path):
    dash = sign_in(small_window, small.ids["O"])
    assert dash.tabs.tabText(1) == "督办升级（待升级 3）"
    rungs = {r["step"]: (r["reached"], r["due"]) for r in dash.ladder_model.rows}
    assert rungs["remind"] == (1, 2) and rungs["notice"] == (0, 1) and rungs[None] == (2, 0)
    assert len(dash.ladder_problems.rows) == 3  # every overdue problem before a click
    dash.tabs.setCurrentIndex(1)
    small_window.grab().save(str(tmp_path / "dashboard_ladder.png"))
    notice_row = next(n for n, r in enumerate(dash.ladder_model.rows) if r["step"] == "notice")
    dash.ladder_view.clicked.emit(dash.ladder_model.index(notice_row, 0))
    assert [r["id"] for r in dash.ladder_problems.rows] == [small.ids["qP1"]]
    assert "督办通知：已到此级 0 个，待升至此级 1 个" in dash.ladder_title.text()
    assert not dash.remind_problems_button.isEnabled()  # P1 is past 提醒
    view = dash.ladder_problems_view
    view.doubleClicked.emit(dash.ladder_problems.index(0, 0))
    assert small_window.stack.currentWidget() is small_window.screens["problems"]


def test_the_office_reminds_the_commissioners_of_overdue_problems(small_window, small, dialogs):
    dash = sign_in(small_window, small.ids["O"])
    remind_row = next(n for n, r in enumerate(dash.ladder_model.rows) if r["step"] == "remind")
    dash.ladder_view.clicked.emit(dash.ladder_model.index(remind_row, 0))
    assert dash.remind_problems_button.isEnabled()
    dialogs.texts.append("电话提醒专员督促")
    dash.remind_problems_button.click()
    assert dialogs.infos[-1] == "已记录 1 条提醒。"  # P4 (C2); P7 has no commissioner
    notes = [e.get("note") for e in problems.events(small.ws, small.ids["qP4"])]
    assert "提醒服务专员C2：电话提醒专员督促" in notes
    rungs = {r["step"]: r["reached"] for r in dash.ladder_model.rows}
    assert rungs["remind"] == 2  # the board refreshed


def test_the_office_reminds_missing_reports_and_the_commissioner_sees_it(
    small_window, small, dialogs
):
    dash = sign_in(small_window, small.ids["O"])
    dialogs.texts.append("请今日报送")
    dash.remind_reports_button.click()
    assert dialogs.infos[-1] == "已记录 3 条提醒。"  # P3 (C1), P4 and P8 (C2)
    notes = {r["code"]: r["note"] for r in dash.models["monthly"].rows}
    assert notes["P3"] == "C1（已提醒 1 次，最近 2026年11月23日）" and notes["P7"] == "无服务专员"
    mine = sign_in(small_window, small.ids["C1"])
    assert [(r["code"], r["reminded_on"]) for r in mine.person_models["reports_to_file"].rows] == [
        ("P3", "2026-11-23")
    ]
    # C2 (西区) sees their own reminders, never C1's project
    theirs = sign_in(small_window, small.ids["C2"])
    assert {r["code"] for r in theirs.person_models["reports_to_file"].rows} == {"P4", "P8"}
