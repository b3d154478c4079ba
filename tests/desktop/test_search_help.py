"""The global search and the help page, as an office worker and as a commissioner use them."""

from __future__ import annotations

from forms.store import people as people_store
from forms.store import projects as project_store

from .conftest import as_office


def test_search_finds_projects_people_and_units_and_opens_a_project(qtbot, window, ctx):
    project = project_store.project_choices(ctx.reader, None)[0]
    as_office(window)
    dialog = window.search_everything()
    qtbot.addWidget(dialog)
    dialog.box.setText(project["name"][:4])
    dialog.run()
    hits = [dialog.results.item(i).data(256) for i in range(dialog.results.count())]
    assert any(h["kind"] == "project" and h["id"] == project["id"] for h in hits)
    person = next(p for p in people_store.people(ctx.reader) if p["role"] == "commissioner")
    dialog.box.setText(person["name"])
    dialog.run()
    item = next(
        dialog.results.item(i)
        for i in range(dialog.results.count())
        if dialog.results.item(i).data(256)["kind"] == "person"
    )
    dialog.open_hit(item)  # a person: their projects in the same list
    kinds = {dialog.results.item(i).data(256)["kind"] for i in range(dialog.results.count())}
    assert kinds == {"project"}
    dialog.open_hit(dialog.results.item(0))
    assert window.current_screen() == "project"


def test_search_opens_a_problem_and_handles_odd_text(qtbot, window, ctx):
    problem = ctx.reader.execute("SELECT id, description FROM problems LIMIT 1").fetchone()
    as_office(window)
    dialog = window.search_everything()
    qtbot.addWidget(dialog)
    dialog.box.setText("100%_\\")
    dialog.run()
    assert dialog.results.count() == 0
    dialog.box.setText(problem[1][:6])
    dialog._open_first()
    assert window.current_screen() == "problems"


def test_help_page_lists_the_keys(qtbot, window):
    dialog = window._help()
    qtbot.addWidget(dialog)
    text = dialog.page.toPlainText()
    assert "Ctrl+K" in text and "F9" in text and "F5" in text


def test_dialogs_fit_the_screen(qtbot, window):
    """Dialogs never open taller than the screen leaves (the offscreen screen is 800×600;
    benchmarks/render_screens.py renders on a 1366×768 one at 100 % and 150 %)."""
    from PySide6.QtWidgets import QWidget

    from desktop import dialogs

    free = QWidget.screen(window).availableGeometry()
    as_office(window)
    for make in (window._help, window.search_everything):
        dialog = make()
        qtbot.addWidget(dialog)
        assert dialog.height() <= free.height() - 40 and dialog.width() <= free.width()
    box = QWidget()
    qtbot.addWidget(box)
    dialogs.fit_to_screen(box, 2000, 2000)
    assert (box.width(), box.height()) == (free.width() - 16, free.height() - 48)
