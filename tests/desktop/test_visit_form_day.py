"""The visit form on a small screen: errors go when fixed, a save with errors shows the first
one, a new problem block comes into view, dates have a calendar, the project is searched."""

from __future__ import annotations

from PySide6.QtCore import QDate

from desktop.field_editors import DateEditor, ProjectEditor
from forms.store import projects as project_store

from .conftest import type_text
from .test_flow import commissioner, sign_in


def visit_form(qtbot, window, ctx):
    sign_in(qtbot, window, commissioner(ctx))
    project_id = window.screens["my_projects"].model.rows[1]["id"]
    window.resize(1366, 600)
    window.new_visit(project_id)
    return window.screens["visit"], project_id


def on_screen(form, widget) -> bool:
    top = widget.mapTo(form.scroll.widget(), widget.rect().topLeft()).y()
    bar = form.scroll.verticalScrollBar().value()
    return bar <= top <= bar + form.scroll.viewport().height()


def test_errors_clear_when_fixed_and_the_first_is_scrolled_to(qtbot, window, ctx):
    form, _ = visit_form(qtbot, window, ctx)
    money = form.fields.editors["cumulative_investment"]
    type_text(money.edit, "abc")
    form.fields.editors["progress_text"].edit.setPlainText("")
    bar = form.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    form.save()
    assert not form.fields.errors["cumulative_investment"].isHidden()
    money.edit.setText("12")
    assert form.fields.errors["cumulative_investment"].isHidden()  # gone once changed
    bar.setValue(bar.maximum())
    form.save()  # now the definition speaks: 形象进度 is required
    error = form.fields.errors["progress_text"]
    assert not error.isHidden()
    first = form.fields.editors["progress_text"].widget
    assert on_screen(form, first) and first.hasFocus()
    form.fields.editors["progress_text"].edit.setPlainText("主体施工")
    assert error.isHidden()


def test_a_new_problem_block_comes_into_view(qtbot, window, ctx):
    form, _ = visit_form(qtbot, window, ctx)
    form.add_problem_button.click()
    qtbot.waitUntil(lambda: form.scroll.verticalScrollBar().value() > 0, timeout=2000)
    block = form.problems[0]
    top = block.mapTo(form.scroll.widget(), block.rect().topLeft()).y()
    bar = form.scroll.verticalScrollBar().value()
    assert bar <= top + block.height() and top < bar + form.scroll.viewport().height()


def test_dates_have_a_calendar_and_a_placeholder_that_is_not_a_date(qtbot, window, ctx):
    form, _ = visit_form(qtbot, window, ctx)
    editor = form.fields.editors["started_actual"]
    assert isinstance(editor, DateEditor)
    assert not any(c.isdigit() for c in editor.edit.placeholderText())
    editor._picked(QDate(2026, 3, 5))
    assert editor.value() == "2026-03-05"
    editor.edit.setText("2026-3-5x")
    form.fields.editors["progress_text"].edit.setPlainText("x")
    form.save()
    text = form.fields.errors["started_actual"].text()
    assert "年-月-日" in text and "应为 2026-11-23" not in text


def test_project_chooser_searches(qtbot, window, ctx):
    form, project_id = visit_form(qtbot, window, ctx)
    chooser = form.fields.editors["project_id"]
    assert isinstance(chooser, ProjectEditor) and chooser.raw() == project_id
    name = chooser.combo.currentText()
    completer = chooser.combo.completer()
    completer.setCompletionPrefix(name.split()[-1][2:6])  # a piece from inside the name
    assert completer.completionCount() >= 1
    chooser.combo.setEditText("没有这个项目")
    assert chooser.raw() is None
    chooser._chosen_text(name)
    assert chooser.raw() == project_id
    # The list holds the person's own projects only; any other is found by typing.
    mine = {p["id"] for p in project_store.project_choices(ctx.reader, ctx.person_id) if p["mine"]}
    listed = {chooser.combo.itemData(i) for i in range(chooser.combo.count())}
    assert listed == mine | {project_id}
    other = next(p for p in project_store.project_choices(ctx.reader, None) if p["id"] not in mine)
    label = f"{other['code']} {other['name']}"
    completer.setCompletionPrefix(other["name"][3:9])
    found = [
        completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())
    ]
    assert label in found
    chooser._chosen_text(label)
    assert chooser.raw() == other["id"] and chooser.combo.count() == len(listed) + 1
