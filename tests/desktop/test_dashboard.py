"""The dashboard as the office, as a commissioner and as a leader, driven through its widgets
on the hand-built board (figures known) and on the demo workspace; rendered at 1366x768."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from desktop.charts import BarChartWidget, axis
from desktop.main_window import MainWindow
from forms import board, charts, rates
from forms.store import people as people_store

from ..forms.board_fixture import build


@pytest.fixture
def small(ws):
    return build(ws)


@pytest.fixture
def small_window(qtbot, make_ctx, small) -> Any:
    ctx = make_ctx(small.ws)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def sign_in(window: Any, person_id: str) -> Any:
    window.go("sign_in")
    window.screens["sign_in"].choose(person_id)
    assert window.stack.currentWidget() is window.screens["dashboard"]
    return window.screens["dashboard"]


def test_the_office_sees_every_rate_with_its_definition(small_window, small, tmp_path):
    # The fixture's board is as of 2026-11-23, the same day as the desktop tests' today.
    dash = sign_in(small_window, small.ids["O"])
    assert dash.office_box.isVisible() and not dash.person_box.isVisible()
    cards = {c.key: c for c in dash.cards}
    assert cards["filing"].value.text() == "50.0%" and "3 / 6" in cards["filing"].figures.text()
    assert "日期不全 1 个" in cards["filing"].unknown.text()
    assert cards["filing"].definition.text() == "已签约且已备案的项目数 ÷ 已签约的项目数"
    assert cards["investment"].figures.text() == "0.90亿元 / 1.70亿元"
    small_window.grab().save(str(tmp_path / "dashboard_office.png"))


def test_a_rate_drills_down_to_its_projects_and_opens_one(qtbot, small_window, small):
    dash = sign_in(small_window, small.ids["O"])
    qtbot.mouseClick(dash.cards[0], Qt.MouseButton.LeftButton)
    rows = dash.models["detail"].rows
    assert [(r["code"], r["state"]) for r in rows] == [
        ("P1", "num"), ("P2", "den"), ("P4", "num"), ("P5", "num"), ("P6", "den"), ("P8", "den"),
        ("P3", "unknown"),
    ]  # fmt: skip
    assert rows[-1]["note"] == "日期不全（未计入）"
    view = dash.tabs.widget(0)
    view.doubleClicked.emit(dash.models["detail"].index(0, 0))
    assert small_window.stack.currentWidget() is small_window.screens["project"]
    assert small_window.screens["project"].project_id == small.ids["P1"]


def test_coverage_compliance_and_monthly_gaps(small_window, small):
    dash = sign_in(small_window, small.ids["O"])
    coverage = {r["name"]: r["note"] for r in dash.models["coverage"].rows}
    assert coverage["L1"] == "缺少：投产达效" and "P7" in coverage["无人包抓"]
    # The last full month before 2026-11-23 is October: nobody visited anything then.
    # Leaders owe a quarter only once it is over, so only the commissioners are behind.
    behind = [r["name"] for r in dash.models["compliance"].rows]
    assert behind == ["C1", "C2"]  # C1 misses P1 P2 P3, C2 misses P4 P8
    assert dash.models["compliance"].rows[0]["note"].startswith("2026-10 欠走访 3 次")
    assert [r["code"] for r in dash.models["monthly"].rows] == ["P3", "P4", "P5", "P6", "P7", "P8"]


def test_a_chart_click_lists_the_district_and_exports_png(
    qtbot, small_window, small, dialogs, tmp_path
):
    dash = sign_in(small_window, small.ids["O"])
    panel = dash.charts[0]
    assert panel.chart.chart.kind == "district" and panel.chart.chart.unit == "亿元"
    panel.chart.grab()  # paints, which places the bars
    rect, key = panel.chart._groups[1]
    qtbot.mouseClick(panel.chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert key == small.ids["西区"]
    assert [r["code"] for r in dash.models["detail"].rows] == ["P3", "P4", "P7"]
    dialogs.files.append(str(tmp_path / "chart.png"))
    panel.export()
    image = QImage(str(tmp_path / "chart.png"))
    assert not image.isNull() and image.width() >= 800


def test_a_commissioner_sees_todays_work(small_window, small):
    dash = sign_in(small_window, small.ids["C1"])
    assert dash.person_box.isVisible() and not dash.office_box.isVisible()
    reports = [r["code"] for r in dash.person_models["reports_to_file"].rows]
    assert reports == ["P3"]  # P1 and P2 have reported November
    assert "已截止" in dash.person_titles["reports_to_file"].text()
    due = [r["code"] for r in dash.person_models["visits_due"].rows]
    assert set(due) == {"P1", "P2", "P3"}  # none visited in the last month
    # C1's own projects P1 P2 P3: filing P1 of P1 P2, P3 unknown
    cards = {c.key: c for c in dash.cards}
    assert "1 / 2" in cards["filing"].figures.text()


def test_a_leader_of_one_district_sees_only_their_projects(qtbot, small_window, small):
    dash = sign_in(small_window, small.ids["L3"])
    mine = rates.compute(
        small.ws.conn, small_window.ctx.today(), scope=rates.Scope(person_id=small.ids["L3"])
    )
    cards = {c.key: c for c in dash.cards}
    start = next(r for r in mine if r.key == "start")
    assert f"{start.numerator} / {start.denominator}" in cards["start"].figures.text()
    qtbot.mouseClick(cards["filing"], Qt.MouseButton.LeftButton)
    assert dash.person_box.isVisible() and dash.person_detail.isVisible()
    codes = [(r["code"], r["state"]) for r in dash.detail_model.rows]
    # L3's P3 P4 P5 P6: P4 P5 filed, P6 only signed, P3 unknown; never 东区's P1 or P8
    assert codes == [("P4", "num"), ("P5", "num"), ("P6", "den"), ("P3", "unknown")]


def test_problems_due_open_the_register(small_window, ws, small):
    from forms import problems

    problems.register(
        ws,
        small.ids["P1"],
        {"category": "land", "description": "用地未落实", "raised_on": "2026-11-01",
         "deadline": "2026-11-25"},
        author_id=small.ids["C1"],
    )  # fmt: skip
    dash = sign_in(small_window, small.ids["C1"])
    rows = dash.person_models["due_this_week"].rows
    assert [r["code"] for r in rows] == ["P1"]
    view = dash.person_views["due_this_week"]
    view.doubleClicked.emit(dash.person_models["due_this_week"].index(0, 0))
    assert small_window.stack.currentWidget() is small_window.screens["problems"]


def test_the_demo_dashboards_render(qtbot, window, ctx, tmp_path):
    for role in ("office", "commissioner", "leader"):
        person = next(p for p in people_store.people(ctx.reader) if p["role"] == role)
        dash = sign_in(window, person["id"])
        assert all(c.value.text() for c in dash.cards)
        window.grab().save(str(tmp_path / f"dashboard_{role}.png"))
    data = board.office(ctx.ws.conn, ctx.today())
    assert len(data.rates) == 7 and data.charts[0].categories


def test_chart_widget_keys_and_axis(qtbot):
    chart = charts.BarChart(
        "t",
        ("a", "b"),
        (charts.Series("s", "#000000", (1.0, 3.0), ("1", "3")),),
        "个",
        ("ka", "kb"),
    )
    widget = BarChartWidget(chart)
    qtbot.addWidget(widget)
    widget.resize(400, 240)
    widget.grab()
    hits = []
    widget.clicked.connect(hits.append)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(300, 150))
    assert hits == ["kb"]
    assert axis(21) == (30, 10) and axis(337) == (400, 100) and axis(100) == (100, 25)


def test_a_commissioner_files_a_monthly_report_from_the_dashboard(small_window, small, dialogs):
    from forms import monthly_reports

    dash = sign_in(small_window, small.ids["C1"])
    model = dash.person_models["reports_to_file"]
    assert [r["code"] for r in model.rows] == ["P3"]

    def fill_badly(dialog) -> bool:
        dialog.save()  # nothing typed: the required figures are marked, nothing recorded
        assert not dialog.fields.errors["progress_text"].isHidden()
        assert not dialog.fields.errors["investment_month"].isHidden()
        return False

    def fill(dialog) -> bool:
        editors = dialog.fields.editors
        assert (
            editors["project_id"].raw() == small.ids["P3"] and editors["month"].raw() == "2026-11"
        )
        editors["investment_month"].set_raw("120.5")  # typed in 万元
        editors["investment_to_date"].set_raw("3000")
        editors["progress_text"].set_raw("钢结构吊装")
        dialog.save()
        return dialog.result() == dialog.DialogCode.Accepted

    dialogs.fillers += [fill_badly, fill]
    view = dash.person_views["reports_to_file"]
    view.doubleClicked.emit(model.index(0, 0))
    assert small.ws.db.execute("SELECT count(*) FROM monthly_reports").fetchone()[0] == 3
    view.doubleClicked.emit(model.index(0, 0))
    row = small.ws.db.execute(
        "SELECT investment_month, investment_to_date, author_id FROM monthly_reports"
        " WHERE project_id = ?",
        [small.ids["P3"]],
    ).fetchone()
    assert row == (1_205_000, 30_000_000, small.ids["C1"])
    assert model.rows == []
    status = monthly_reports.status(small.ws.conn, "2026-11", small_window.ctx.today())
    assert {p.row["code"]: p.state(status.today) for p in status.projects}["P3"] == "late"


def test_with_a_real_worker_the_figures_follow_the_first_paint(qtbot, small, dialogs, settings):
    """In the app the board loads on the worker once the frame is on screen (not in tests'
    synchronous mode): it must arrive."""
    from desktop.context import AppContext
    from desktop.worker import Operations

    from .conftest import TODAY

    small.ws.local_set("signed_in_person", small.ids["O"])
    ctx = AppContext.build(
        small.ws, ops=Operations(), dialogs=dialogs, settings=settings, today=lambda: TODAY
    )
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        # The first frame is the dashboard's skeleton; the screen is built after that paint.
        assert window.stack.currentWidget() is window.skeleton
        qtbot.waitUntil(lambda: "dashboard" in window.screens, timeout=10_000)
        dash = window.screens["dashboard"]
        assert window.stack.currentWidget() is dash and window.skeleton is None
        qtbot.waitUntil(lambda: dash.data is not None, timeout=10_000)
        assert dash.cards[0].value.text() == "50.0%"
    finally:
        ctx.close()


def test_the_office_edits_the_rate_definitions(small_window, small, dialogs):
    import json

    dash = sign_in(small_window, small.ids["O"])

    def broken(dialog) -> bool:
        dialog.text.setPlainText('[{"key": "x", "name": "x", "numerator": {"where": [{"sql": 1}]},'
                                 ' "denominator": {}}]')  # fmt: skip
        dialog.save()
        assert "unknown condition" in dialog.error.text()
        return False

    def only_filing(dialog) -> bool:
        data = json.loads(dialog.text.toPlainText())
        assert [d["key"] for d in data] == [d.key for d in rates.DEFAULTS]
        dialog.text.setPlainText(json.dumps(data[:1], ensure_ascii=False))
        dialog.save()
        return dialog.result() == dialog.DialogCode.Accepted

    dialogs.fillers += [broken, only_filing]
    dash.edit_definitions()
    assert rates.definitions(small.ws.conn)[0] == rates.DEFAULTS  # nothing recorded
    dash.edit_definitions()
    assert [d.key for d in rates.definitions(small.ws.conn)[0]] == ["filing"]
    assert [c.key for c in dash.cards if c.isVisibleTo(dash)] == ["filing"]
