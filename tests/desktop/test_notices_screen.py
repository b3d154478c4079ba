"""The 督办文书 screen and the problem register's numbers, offscreen at 1366×768, as the office:
escalation proposals taken in one click, a notice's life, the register's state."""

from __future__ import annotations

import os
from pathlib import Path

import desktop.panels.follow_through  # noqa: F401  (its 设置 menu actions)
from desktop.models.problems import COLUMNS
from forms.documents import numbering
from forms.store import notices as notice_store

from .conftest import as_office

SHOTS = os.environ.get("SITELEDGER_SHOTS")  # a folder to keep the screenshots in


def _shot(widget, name: str, tmp_path: Path) -> None:
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(folder / f"{name}.png"))


def _sign_in_as_office(ctx) -> None:
    ctx.person_id = ctx.ws.db.execute(
        "SELECT id FROM people WHERE role = 'office' ORDER BY name LIMIT 1"
    ).fetchone()[0]


def test_problem_register_shows_and_finds_numbers(qtbot, window, ctx, tmp_path) -> None:
    window.go("problems")
    screen = window.screen("problems")
    screen.refresh()
    keys = [c.key for c in COLUMNS]
    assert keys[1] == "number" and "overdue" in keys
    first = screen.model.index(0, 1).data()
    assert first.startswith("Q")
    screen.search.setText(first)
    assert screen.model.rowCount() == 1
    _shot(window, "problems", tmp_path)
    screen.search.clear()
    screen.overdue.setChecked(True)
    overdue = screen.model.index(0, keys.index("overdue")).data()
    assert int(overdue) > 0


def test_notice_register_life_and_escalation(qtbot, window, ctx, dialogs, tmp_path) -> None:
    numbering.set_lane(ctx.ws, numbering.OFFICE_LANE)
    _sign_in_as_office(ctx)
    window.go("notices")
    screen = window.screen("notices")
    screen.refresh()
    steps = {r["next_step"] for r in screen.proposals.rows}
    assert steps == {"remind"}
    due = len(screen.proposals.rows)
    screen.proposals_view.selectRow(0)
    dialogs.texts.append("电话提醒")
    screen.step_button.click()
    reminded = ctx.ws.db.execute(
        "SELECT count(*) FROM problem_events WHERE kind = 'reminded'"
    ).fetchone()[0]
    assert reminded == due > 0  # one click: every problem due a 提醒
    # Two working days on, the reminded problems are due a notice: one click, one notice.
    import datetime as dt

    ctx.today = lambda: dt.date(2026, 11, 25)
    screen.refresh()
    assert "notice" in {r["next_step"] for r in screen.proposals.rows}
    row = next(n for n, r in enumerate(screen.proposals.rows) if r["next_step"] == "notice")
    unit = screen.proposals.rows[row]["unit_id"]
    screen.proposals_view.selectRow(row)
    screen.step_button.click()
    screen.refresh()
    (issued,) = [r for r in screen.register.rows if r["kind"] == "notice"]
    assert issued["number"] == "工专班督〔2026〕1号" and issued["status"] == "issued"
    assert notice_store.get(ctx.ws.db, issued["id"])["unit_id"] == unit
    # Found by a scanner typing the slip's QR code line by line (Enter after each).
    screen.view.clearSelection()
    screen.view.setCurrentIndex(screen.register.index(-1, 0))
    for line in ("SITELEDGER-NOTICE/1", f"NO:{issued['number']}", f"ID:{issued['id']}"):
        screen.find_box.insert(line)
        screen.find_box.returnPressed.emit()
    assert dialogs.errors == [] and screen.find_box.text() == ""
    assert screen._current()["id"] == issued["id"]
    screen.find_box.setText("工专班督〔2026〕99号")
    screen.find_box.returnPressed.emit()
    assert "99号" in dialogs.errors.pop()
    screen.view.selectRow(0)
    assert screen.buttons["deliver"].isEnabled() and not screen.buttons["confirm"].isEnabled()
    dialogs.texts.append("王科长签收")
    screen.buttons["deliver"].click()
    dialogs.texts.append("已召开协调会，正在落实")
    dialogs.files.append(None)
    screen.buttons["reply"].click()
    screen.refresh()
    screen.view.selectRow(0)
    assert screen.register.rows[0]["status"] == "replied"
    assert [r["kind"] for r in screen.events.rows] == ["delivered", "replied"]
    window.resize(1366, 768)
    _shot(window, "notices", tmp_path)
    dialogs.texts.append("已当面督导")
    screen.buttons["close"].click()
    screen.refresh()
    assert screen.register.rows[0]["status"] == "closed"
    assert dialogs.errors == []


def test_a_year_without_the_official_calendar_is_said_and_can_be_entered(
    qtbot, window, ctx, dialogs
) -> None:
    import datetime as dt

    from forms import workdays

    ctx.today = lambda: dt.date(2027, 1, 11)
    as_office(window)
    window.go("problems")
    screen = window.screen("problems")
    screen.refresh()
    assert screen.calendar_note.isVisible() and "2027" in screen.calendar_note.text()
    action = next(a for a in window.menus["settings"].actions() if a.text() == "节假日安排…")
    dialogs.texts += ["2027", "2027-01-01,2027-02-08,2027-02-09", "2027-02-06"]
    action.trigger()
    assert dialogs.errors == [] and "2027" in dialogs.infos[-1]
    assert workdays.for_workspace(ctx.ws).covers(2027)
    screen.refresh()
    assert not screen.calendar_note.isVisible()
    dialogs.texts += ["2027", "", ""]
    action.trigger()
    assert "没有任何假日" in dialogs.errors[-1]


def test_problem_detail_tells_its_ladder_and_notices(qtbot, window, ctx) -> None:
    from forms.documents import notice

    numbering.set_lane(ctx.ws, numbering.OFFICE_LANE)
    unit = ctx.ws.db.execute(
        "SELECT unit_id FROM problems WHERE status != 'closed' AND deadline < '2026-11-23'"
        " ORDER BY deadline LIMIT 1"
    ).fetchone()[0]
    (nid,) = notice.issue(ctx.ws, unit, today=ctx.today())
    first = notice_store.get(ctx.ws.db, nid)["problem_id_list"][0]
    window.open_problem(first)
    facts = window.screen("problems").detail.facts.text()
    assert "工专班督〔2026〕1号（已印发）" in facts and "下一步：通报" in facts
    assert "超期工作日：" in facts
