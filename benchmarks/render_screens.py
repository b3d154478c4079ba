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
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
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
    from forms import demo, queries
    from forms.workspace import Workspace

    out.mkdir(parents=True, exist_ok=True)
    app = application([])
    i18n.set_language(lang)
    fonts.register_all()
    fonts.use_ui_font(app)
    ws = Workspace.open(Path(tempfile.mkdtemp(prefix="siteledger-render-")) / "ws")
    demo.build(ws, today=TODAY)
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
    window.resize(1366, 768)
    window.show()

    def shot(name: str, widget=None) -> None:
        app.processEvents()
        (widget or window).grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    shot("1_sign_in")
    leader = next(p for p in queries.people(ctx.reader) if p["role"] == "leader")
    window.screens["sign_in"].choose(leader["id"])
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
    window.new_visit(project_id)
    form = window.screens["visit"]
    shot("5_visit_new")
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
    closed = queries.problem_ids(ctx.reader, queries.ProblemFilter(status="closed"))[0]
    register.status.setCurrentIndex(0)
    register.select(closed)
    shot("6_problems_history")
    dialog = ActionDialog(ctx, "assign", register.detail.problem, window)
    dialog.show()
    shot("7_action_assign", dialog)
    dialog.close()
    review(ctx, window, shot)
    window.close()
    ctx.close()
    ws.close()


def review(ctx, window, shot) -> None:
    """A review round of 30 projects and 5 members, a third scored: scoring and results."""
    from forms.review import rounds, rules, scorecard
    from forms.store import review as store

    card = scorecard.from_file(
        {
            "id": "review-2026q4",
            "version": 1,
            "title": "2026年第四季度观摩评分表",
            "criteria": [
                {"key": "progress", "label": "建设进度", "max": 40},
                {"key": "investment", "label": "投资完成", "max": 30},
                {"key": "quality", "label": "质量安全", "max": 30},
            ],
        }
    )
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


if __name__ == "__main__":
    main()
