"""Render every screen on the demo workspace to PNG (offscreen grab) for looking at.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/render_screens.py [OUT] [--scale 1.5] [--en]

The window is 1366x768, the smallest common laptop screen; `--scale` renders as at 125 % or
150 % display scaling (QT_SCALE_FACTOR), `--en` in English.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2026, 11, 23)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "out", nargs="?", default=str(Path(tempfile.gettempdir()) / "siteledger-screens")
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--en", action="store_true")
    args = parser.parse_args()
    # A 1366×768 screen, so dialogs size themselves to it as on the laptop (not to the
    # offscreen plugin's default 800×600).
    screens = Path(tempfile.mkdtemp(prefix="siteledger-screens-")) / "screens.json"
    screens.write_text(
        '{"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,'
        ' "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}'
    )
    os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={screens}")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    render(Path(args.out), "en" if args.en else "zh")


def render(out: Path, lang: str) -> None:
    from PySide6.QtCore import QSettings

    from desktop import extensions, fonts, i18n
    from desktop.app import application
    from desktop.context import AppContext
    from desktop.dialogs import Dialogs
    from desktop.main_window import MainWindow
    from desktop.screens.problem_actions import ActionDialog
    from desktop.settings import Settings
    from desktop.worker import Operations
    from forms import demo
    from forms.store import people as people_store
    from forms.store import problems as problem_store
    from forms.workspace import Workspace

    out.mkdir(parents=True, exist_ok=True)
    app = application([])
    i18n.set_language(lang)
    i18n.use_qt_translations(app)  # Qt's own buttons (Close, OK …) as the app shows them
    fonts.register_all()
    fonts.use_ui_font(app)
    ws = Workspace.open(Path(tempfile.mkdtemp(prefix="siteledger-render-")) / "ws")
    demo.build(ws, today=TODAY, numbering_office=True)
    settings = Settings(QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
    ctx = AppContext.build(
        ws,
        ops=Operations(synchronous=True),
        dialogs=Dialogs(),
        settings=settings,
        today=lambda: TODAY,
        now=lambda: dt.datetime(2026, 11, 23, 10, 30),
    )
    extensions.load()  # the documents, photos and sync panels, as the app loads them
    window = MainWindow(ctx)
    # The whole screen at 100 %; at 150 % the screen has 911×512 logical pixels.
    free = app.primaryScreen().availableGeometry()
    window.resize(min(1366, free.width()), min(768, free.height()))
    window.show()

    def shot(name: str, widget=None) -> None:
        app.processEvents()
        (widget or window).grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    shot("1_sign_in")
    office = next(p for p in people_store.people(ctx.reader) if p["role"] == "office")
    window.screens["sign_in"].choose(office["id"])
    shot("2_dashboard_office")
    dashboard = window.screens["dashboard"]
    dashboard.show_rate_projects("start")
    shot("2_dashboard_office_drill_down")
    dashboard.tabs.setCurrentIndex(1)  # 督办升级: the ladder's rungs and their problems
    shot("2_dashboard_office_escalation")
    dashboard.tabs.setCurrentIndex(0)
    commissioner = next(p for p in people_store.people(ctx.reader) if p["role"] == "commissioner")
    window.screens["sign_in"].choose(commissioner["id"])
    shot("2_dashboard_commissioner")
    leader = next(p for p in people_store.people(ctx.reader) if p["role"] == "leader")
    window.screens["sign_in"].choose(leader["id"])
    shot("2_dashboard_leader")
    window.go("my_projects")
    shot("2_my_projects")
    window.go("ledger")
    ledger = window.screens["ledger"]
    shot("3_ledger")
    ledger.search.setText("铝")
    ledger.stage.setCurrentIndex(3)
    shot("3_ledger_filtered")
    ledger.search.clear()
    ledger.stage.setCurrentIndex(0)
    project_id = window.screens["my_projects"].model.rows[1]["id"]
    window.open_project(project_id)
    project = window.screens["project"]
    for n, name in enumerate(
        ("overview", "milestones", "stages", "people", "visits", "problems", "records", "photos")
    ):
        project.tabs.setCurrentIndex(n)
        shot(f"4_project_{n}_{name}")
    project.tabs.setCurrentIndex(4)
    visit_view = project.open_visit(project.models["visits"].index(0, 0))
    if visit_view is not None:
        shot("4_visit_view", visit_view)
        visit_view.show_photos()
        shot("4_visit_view_photos", visit_view)
        visit_view.close()
    window.new_visit(project_id)
    form = window.screens["visit"]
    shot("5_visit_new")
    form.scroll.verticalScrollBar().setValue(form.scroll.verticalScrollBar().maximum())
    shot("5_visit_new_bottom")
    form.scroll.verticalScrollBar().setValue(0)
    form.fields.editors["cumulative_investment"].edit.setText("abc")
    form.add_problem()
    form.problems[0].fields.editors["deadline"].edit.setText("2026-01-01")
    form.save()
    shot("5_visit_errors")
    form.cancel_button.setEnabled(True)
    form.discard_draft()
    window.go("problems")
    register = window.screens["problems"]
    register.view.selectRow(0)
    shot("6_problems")
    closed = problem_store.problem_ids(ctx.reader, problem_store.ProblemFilter(status="closed"))[0]
    register.status.setCurrentIndex(0)
    register.select(closed)
    shot("6_problems_history")
    dialog = ActionDialog(ctx, "assign", register.detail.problem, window)
    dialog.show()
    shot("7_action_assign", dialog)
    dialog.close()
    from forms import escalation

    office = next(p for p in people_store.people(ctx.reader) if p["role"] == "office")
    overdue = problem_store.problem_ids(
        ctx.reader, problem_store.ProblemFilter(overdue=True, today=TODAY)
    )
    escalation.remind(ws, overdue[:12], today=TODAY, note="电话提醒", author_id=office["id"])
    window.go("notices")
    notices = window.screens["notices"]
    notices.refresh()
    shot("10_notices")
    search = window.search_everything()
    search.box.setText("铝")
    search.run()
    shot("11_search", search)
    search.close()
    help_page = window._help()
    shot("12_help", help_page)
    help_page.close()
    previews(ctx, window, shot)
    review(ctx, window, shot)
    window.close()
    ctx.close()
    ws.close()


def review(ctx, window, shot) -> None:
    """A review round of 30 projects and 5 members, a third scored: scoring and results."""
    from forms.review import rounds, rules, scorecard
    from forms.store import review as store

    card = scorecard.from_file(scorecard.SAMPLE)
    codes = [r[0] for r in ctx.ws.db.execute("SELECT code FROM projects ORDER BY code LIMIT 30")]
    members = ["评委甲", "评委乙", "评委丙", "评委丁", "评委戊"]
    red, black = rules.simple(5, 4)
    round_id = rounds.new_round(
        ctx.ws,
        title="2026年第四季度重点项目观摩点评",
        quarter="2026-Q4",
        card=card,
        route=[
            rounds.Stop(c, "2026-12-01" if n < 15 else "2026-12-02") for n, c in enumerate(codes)
        ],
        member_names=members,
        red_rule=red,
        black_rule=black,
    )
    stops = store.stops(ctx.ws.db, round_id)
    for i, name in enumerate(members):
        member = rounds.member_id(ctx.ws.db, round_id, name)
        for j, stop in enumerate(stops[: 12 if i == 0 else 20]):
            points = {
                "progress": 20 + (j * 7 + i) % 20,
                "investment": 12 + j % 15,
                "quality": 18 + i,
            }
            rounds.score(ctx.ws, round_id, member, stop["project_id"], points, comment="现场有序")
    ctx.sign_in(rounds.member_id(ctx.ws.db, round_id, "评委甲"))
    window.go("review_scoring")
    shot("8_review_scoring")
    window.go("review_results")
    shot("9_review_results")


def previews(ctx, window, shot) -> None:
    """The document preview (sized to the screen) and the ledger import preview."""
    from desktop.document_preview import open_document_preview
    from desktop.screens.ledger_import import ImportPreview
    from forms import ledger
    from forms.documents import problem_list

    opened = []
    open_document_preview(
        window,
        ctx.ops,
        lambda: problem_list.build(ctx.ws, overdue=False, today=TODAY),
        on_open=opened.append,
    )
    dialog = opened[0]
    dialog._saved(str(Path(tempfile.gettempdir()) / "问题清单.pdf"))
    shot("10_preview", dialog)
    dialog.close()
    sheet = Path(tempfile.mkdtemp(prefix="siteledger-render-")) / "ledger.xlsx"
    ledger.export(ctx.ws, sheet)
    dialog = ImportPreview(ledger.dry_run(ctx.ws, sheet), None, {}, window)
    dialog.show()
    shot("11_import_preview", dialog)
    dialog.close()


if __name__ == "__main__":
    main()
