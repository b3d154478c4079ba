"""The issue's whole flow, driven through the real widgets: sign in, my projects, filter and
search the ledger, record a visit with two problems, then assign, report done, verify and
close as a second person, and reopen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt

from forms import problems
from forms.store import people as people_store
from forms.store import problems as problem_store
from forms.store import units as unit_store

from .conftest import TODAY, as_office, type_text


def sign_in(qtbot: Any, window: Any, person: dict[str, Any]) -> None:
    screen = window.screens["sign_in"]
    window.go("sign_in")
    screen.search.clear()
    type_text(screen.search, person["name"])
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert window.ctx.person_id == person["id"]
    # The dashboard comes first after sign-in; these tests carry on from my projects.
    assert window.stack.currentWidget() is window.screens["dashboard"]
    window.go("my_projects")


def commissioner(ctx: Any) -> dict[str, Any]:
    return next(p for p in people_store.people(ctx.reader) if p["role"] == "commissioner")


def test_sign_in_is_remembered_and_shows_my_projects(qtbot, window, ctx, make_ctx):
    assert window.stack.currentWidget() is window.screens["sign_in"]
    person = commissioner(ctx)
    sign_in(qtbot, window, person)
    mine = window.screens["my_projects"]
    assert window.stack.currentWidget() is mine
    assigned = ctx.reader.execute(
        "SELECT count(*) FROM assignments WHERE person_id = ? AND active = 1", [person["id"]]
    ).fetchone()[0]
    projects = [r for r in mine.model.rows if "_group" not in r]
    assert len(projects) == assigned > 0
    groups = [r["_group"] for r in mine.model.rows if "_group" in r]
    assert groups and all("（" in g for g in groups)
    assert person["name"] in window.status_person.text()
    # A new context on the same workspace remembers who signed in (ws.local).
    assert make_ctx(ctx.ws).person_id == person["id"]


def test_ledger_filters_and_searches_chinese_substrings(qtbot, window, ctx):
    as_office(window)
    window.go("ledger")
    ledger = window.screens["ledger"]
    rows = ctx.reader.execute("SELECT name, enterprise, code, stage FROM projects").fetchall()
    assert ledger.model.rowCount() == len(rows)
    word = rows[7][0][4:7]  # three Chinese characters from the middle of a project's name
    type_text(ledger.search, word)
    expected = [r for r in rows if word in r[0] or word in r[1] or word.lower() in r[2].lower()]
    assert ledger.model.rowCount() == len(expected) < len(rows)
    ledger.stage.setCurrentIndex(ledger.stage.findData("build"))
    expected = [r for r in expected if r[3] == "build"]
    assert ledger.model.rowCount() == len(expected)
    for row in range(ledger.model.rowCount()):
        assert word in ledger.model.index(row, 1).data() + ledger.model.index(row, 2).data()
        assert ledger.model.index(row, 4).data() == "加快建设"
    assert str(len(expected)) in ledger.count.text()
    # Sorting by total investment (descending) through the header.
    ledger.stage.setCurrentIndex(0)
    ledger.search.clear()
    ledger.view.sortByColumn(6, Qt.SortOrder.DescendingOrder)
    firsts = [ledger.model.index_.value(p, "total_investment") for p in ledger.model.positions[:20]]
    assert firsts == sorted(firsts, reverse=True)


def fill_problem(editor: Any, category: str, text: str, unit_id: str, deadline: str) -> None:
    f = editor.fields.editors
    f["category"].combo.setCurrentIndex(f["category"].combo.findData(category))
    f["description"].edit.setPlainText(text)
    f["unit_id"].combo.setCurrentIndex(f["unit_id"].combo.findData(unit_id))
    f["deadline"].edit.setText(deadline)


def record_visit(qtbot: Any, window: Any, ctx: Any, project_id: str) -> str:
    window.new_visit(project_id)
    form = window.screens["visit"]
    assert window.stack.currentWidget() is form
    f = form.fields.editors
    type_text(f["progress_text"].edit, "主体结构封顶，设备进场安装")
    type_text(f["cumulative_investment"].edit, "12345.67")
    type_text(f["note"].edit, "无照片，企业负责人陪同")
    unit = unit_store.units(ctx.reader, "department")[0]["id"]
    form.add_problem()
    form.add_problem()
    fill_problem(form.problems[0], "land", "二期用地未完成征收", unit, "2026-12-31")
    fill_problem(form.problems[1], "utilities", "专线未接入", unit, "2026-12-15")
    before = ctx.reader.execute("SELECT count(*) FROM visits").fetchone()[0]
    qtbot.keyClick(f["progress_text"].edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ctx.reader.execute("SELECT count(*) FROM visits").fetchone()[0] == before + 1
    visit = ctx.reader.execute(
        "SELECT id, cumulative_investment, data FROM visits ORDER BY hlc DESC LIMIT 1"
    ).fetchone()
    assert visit[1] == 123456700  # 12345.67 万元 in yuan
    assert "无照片" in visit[2]
    assert window.stack.currentWidget() is window.screens["project"]
    return visit[0]


def test_visit_with_two_problems_and_their_lifecycle(qtbot, window, ctx, dialogs):
    # A commissioner reports it done; only the office verifies and closes (forms/roles.py).
    first = commissioner(ctx)
    second = next(p for p in people_store.people(ctx.reader) if p["role"] == "office")
    sign_in(qtbot, window, first)
    project_id = window.screens["my_projects"].model.rows[1]["id"]
    visit_id = record_visit(qtbot, window, ctx, project_id)
    found = list(
        ctx.reader.query(
            "SELECT id, category, status, deadline FROM problems WHERE visit_id = ? ORDER BY category",
            [visit_id],
        )
    )
    assert [(p["category"], p["status"]) for p in found] == [
        ("land", "registered"),
        ("utilities", "registered"),
    ]
    project = window.screens["project"]
    assert project.models["problems"].rowCount() >= 2
    assert any("主体结构封顶" in (r["progress_text"] or "") for r in project.models["visits"].rows)

    problem_id = found[0]["id"]
    window.open_problem(problem_id)
    register = window.screens["problems"]
    detail = register.detail
    assert detail.problem_id == problem_id

    unit = unit_store.units(ctx.reader, "department")[3]["id"]

    def assign(dialog):
        dialog.unit.setCurrentIndex(dialog.unit.findData(unit))
        dialog.assignee.setText("张科长")
        dialog.deadline.setDate(QDate(2027, 1, 15))
        return True

    dialogs.fillers.append(assign)
    qtbot.mouseClick(detail.buttons["assign"], Qt.MouseButton.LeftButton)
    state = problems.get(ctx.ws, problem_id)
    assert (state["status"], state["unit_id"], state["assignee"], state["deadline"]) == (
        "assigned",
        unit,
        "张科长",
        "2027-01-15",
    )

    def note(text):
        def fill(dialog):
            dialog.note.setPlainText(text)
            return True

        return fill

    dialogs.fillers.append(note("已完成征收"))
    detail.buttons["report_done"].click()
    assert problems.get(ctx.ws, problem_id)["status"] == "reported_done"
    assert not detail.buttons["report_done"].isEnabled()

    # The person who reported it done cannot close it: the rule from forms, shown as a message.
    dialogs.fillers.append(note("核验"))
    detail.buttons["verify"].click()
    assert problems.get(ctx.ws, problem_id)["status"] == "reported_done"
    assert dialogs.errors and "销号" in dialogs.errors[-1]

    sign_in(qtbot, window, second)
    window.open_problem(problem_id)
    dialogs.fillers.append(note("现场核验已解决"))
    register.detail.buttons["verify"].click()
    assert problems.get(ctx.ws, problem_id)["status"] == "closed"

    dialogs.fillers.append(note("企业反映问题反弹"))
    register.detail.buttons["reopen"].click()
    assert problems.get(ctx.ws, problem_id)["status"] == "reopened"
    history = register.detail.history.rows
    assert [e["kind"] for e in history] == [
        "registered",
        "assigned",
        "reported_done",
        "verified",
        "reopened",
    ]
    assert [e["author_name"] for e in history][-2:] == [second["name"], second["name"]]
    # The history view shows who did what.
    shown = register.detail.history_view.model()
    assert shown.index(4, 1).data() == "重开" and shown.index(4, 2).data() == second["name"]


def test_bad_input_is_shown_in_place_and_nothing_is_saved(qtbot, window, ctx):
    sign_in(qtbot, window, commissioner(ctx))
    project_id = window.screens["my_projects"].model.rows[1]["id"]
    window.new_visit(project_id)
    form = window.screens["visit"]
    f = form.fields.editors
    type_text(f["cumulative_investment"].edit, "一百万")
    form.add_problem()
    unit = unit_store.units(ctx.reader, "department")[0]["id"]
    fill_problem(form.problems[0], "land", "x" * 1200, unit, "2026-01-01")
    before = ctx.reader.execute("SELECT count(*) FROM visits").fetchone()[0]
    form.save()
    assert not form.fields.errors["cumulative_investment"].isHidden()
    f["cumulative_investment"].edit.setText("10")
    form.save()
    # Now the form definition speaks: progress required, description too long, deadline early.
    assert not form.fields.errors["progress_text"].isHidden()
    assert "不能为空" in form.fields.errors["progress_text"].text()
    errors = form.problems[0].fields.errors
    assert "过长" in errors["description"].text() and not errors["description"].isHidden()
    assert "不能早于" in errors["deadline"].text()
    assert ctx.reader.execute("SELECT count(*) FROM visits").fetchone()[0] == before
    assert window.stack.currentWidget() is form


def test_esc_asks_before_throwing_typed_text_away(qtbot, window, ctx, dialogs):
    sign_in(qtbot, window, commissioner(ctx))
    project_id = window.screens["my_projects"].model.rows[1]["id"]
    window.new_visit(project_id)
    form = window.screens["visit"]
    qtbot.keyClick(form.fields.editors["progress_text"].edit, Qt.Key.Key_Escape)
    assert dialogs.confirms == []  # nothing typed: no question
    assert window.stack.currentWidget() is window.screens["my_projects"]
    window.new_visit(project_id)
    type_text(form.fields.editors["progress_text"].edit, "已开工")
    dialogs.answers.append(False)
    qtbot.keyClick(form.fields.editors["progress_text"].edit, Qt.Key.Key_Escape)
    assert len(dialogs.confirms) == 1 and window.stack.currentWidget() is form
    dialogs.answers.append(True)
    qtbot.keyClick(form.fields.editors["progress_text"].edit, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.screens["my_projects"]


def test_status_bar_counts_follow_changes(qtbot, window, ctx):
    counts = problem_store.counts(ctx.reader, TODAY)
    assert f"未办结问题 {counts.open_problems} 个" in window.status_counts.text()
    sign_in(qtbot, window, commissioner(ctx))
    record_visit(qtbot, window, ctx, window.screens["my_projects"].model.rows[1]["id"])
    assert f"未办结问题 {counts.open_problems + 2} 个" in window.status_counts.text()
