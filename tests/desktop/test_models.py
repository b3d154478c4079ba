"""Every table model passes pytest-qt's model tester, filtered and sorted included."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.models.ledger import LedgerModel
from desktop.models.problems import ProblemModel
from desktop.models.rows import RowsModel
from desktop.screens.my_projects import COLUMNS as MY_COLUMNS
from desktop.screens.problems import HISTORY_COLUMNS
from forms.ledger_search import LedgerFilter, LedgerIndex
from forms.store import people as people_store
from forms.store import problems as problem_store
from forms.store import projects as project_store

from .conftest import TODAY


def test_ledger_model(qtmodeltester, ctx):
    model = LedgerModel()
    model.set_index(LedgerIndex.load(ctx.reader))
    qtmodeltester.check(model, force_py=True)
    model.set_filter(LedgerFilter(text="项目", stage="build"))
    model.sort(6, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)
    assert 0 < model.rowCount() < len(model.index_)


def test_problem_model(qtmodeltester, ctx):
    model = ProblemModel(ctx.reader, lambda: TODAY)
    model.load(problem_store.ProblemFilter(status="open"))
    qtmodeltester.check(model, force_py=True)
    model.load(problem_store.ProblemFilter(overdue=True, today=TODAY))
    qtmodeltester.check(model, force_py=True)
    # Overdue rows are coloured and their light is red.
    assert model.rowCount() > 0
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#d93025"
    assert model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_rows_model_with_group_headings(qtmodeltester, ctx):
    person = next(p for p in people_store.people(ctx.reader) if p["role"] == "leader")
    model = RowsModel(MY_COLUMNS)
    rows = project_store.my_projects(ctx.reader, person["id"], TODAY)
    model.set_rows([{"_group": "heading"}, *rows])
    qtmodeltester.check(model, force_py=True)
    history = RowsModel(HISTORY_COLUMNS)
    problem_id = problem_store.problem_ids(
        ctx.reader, problem_store.ProblemFilter(status="closed")
    )[0]
    history.set_rows(problem_store.problem_history(ctx.reader, problem_id))
    qtmodeltester.check(history, force_py=True)
