"""The escalation ladder on the office's board and 提醒 of commissioners: overdue problems
(the ladder's `reminded` event, naming them) and missing monthly reports (`reminder`)."""

from __future__ import annotations

import datetime as dt

import pytest

from forms import board as board_module
from forms import entities, escalation, problems
from forms.errors import UserError
from forms.store import reminders as reminder_store

from .board_fixture import D, with_overdue_problems


@pytest.fixture
def board(ws):
    return with_overdue_problems(ws)


def _events(ws, problem_id):
    return [(e["kind"], e.get("note")) for e in problems.events(ws, problem_id)]


def test_the_office_board_shows_each_rung_and_what_is_due_to_climb(board):
    escalation.remind(board.ws, [board.ids["qP1"]], today=D, note="电话", author_id=None)
    ladder = board_module.office(board.ws.conn, D).ladder
    summary = {r["step"]: (r["reached"], r["due"]) for r in ladder.summary()}
    # P1: reminded, 9 working days over → due for a notice; P4 (1 day) and P7 (32, with the 调休 Saturday 10 October) not yet
    # reminded → due for 提醒 (one rung at a time, however long overdue)
    assert summary == {
        None: (2, 0),
        "remind": (1, 2),
        "notice": (0, 1),
        "bulletin": (0, 0),
        "interview": (0, 0),
    }
    assert [p.problem["id"] for p in ladder.due("notice")] == [board.ids["qP1"]]
    assert {p.overdue_workdays for p in ladder.at(None)} == {1, 32}


def test_reminding_the_commissioners_of_overdue_problems_is_the_ladders_event(board):
    made = escalation.remind_commissioners(
        board.ws,
        today=D,
        note="电话提醒，请督促责任单位办理",
        author_id=board.ids["O"],
        problem_ids=[board.ids["qP1"], board.ids["qP7"]],
    )
    assert made == 1  # P7 has no commissioner: left out
    assert ("reminded", "提醒服务专员C1：电话提醒，请督促责任单位办理") in _events(
        board.ws, board.ids["qP1"]
    )
    assert "reminded" not in [k for k, _ in _events(board.ws, board.ids["qP7"])]
    ladder = board_module.office(board.ws.conn, D).ladder
    assert [p.problem["id"] for p in ladder.at("remind")] == [board.ids["qP1"]]


def test_reminding_the_commissioners_of_missing_monthly_reports(board):
    missing = board_module.office(board.ws.conn, D).monthly.of("missing")
    project_ids = [p.row["id"] for p in missing]  # P3–P8: P3 (C1), P4 and P8 (C2) have one
    made = escalation.remind_commissioners(
        board.ws, today=D, note="请于今日报送月报", author_id=board.ids["O"],
        month="2026-11", project_ids=project_ids,
    )  # fmt: skip
    assert made == 3
    reminded = reminder_store.of_month(board.ws.conn, "2026-11")
    assert {board.code_of(p) for p in reminded} == {"P3", "P4", "P8"}
    row = board.ws.db.execute(
        "SELECT person_ids, author_id FROM reminders WHERE project_id = ?", [board.ids["P3"]]
    ).fetchone()
    assert row == (f'["{board.ids["C1"]}"]', board.ids["O"])
    assert board_module.office(board.ws.conn, D).reminded[board.ids["P4"]]["last_on"] == (
        "2026-11-23"
    )
    # C1 sees on their own board that the office reminded them of P3; C2's P4 is not theirs
    mine = board_module.person(board.ws.conn, board.ids["C1"], D).reports_to_file
    assert [(r["code"], r["reminded_on"]) for r in mine] == [("P3", "2026-11-23")]
    theirs = board_module.person(board.ws.conn, board.ids["C2"], D).reports_to_file
    assert {r["code"] for r in theirs} == {"P4", "P8"}


def test_no_one_to_remind_writes_nothing(board):
    before = board.ws.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    with pytest.raises(UserError, match="无人可提醒"):
        escalation.remind_commissioners(
            board.ws, today=D, note="提醒", author_id=None, month="2026-11",
            project_ids=[board.ids["P7"]], problem_ids=[board.ids["qP7"]],
        )  # fmt: skip
    with pytest.raises(UserError, match="写明"):
        escalation.remind_commissioners(
            board.ws, today=D, note=" ", author_id=None, problem_ids=[board.ids["qP1"]]
        )
    assert board.ws.db.execute("SELECT count(*) FROM changes").fetchone()[0] == before


def test_a_reminder_is_the_offices_record_not_field_work():
    reminder = entities.get("reminder")
    assert not reminder.field_work and not reminder.mutable
    assert dt.date.fromisoformat("2026-11-23") == D
