"""The review scoring and results screens, driven through their widgets at 1366×768."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from forms.review import rounds, rules, scorecard
from forms.store import review as store

CARD = scorecard.SAMPLE
MEMBERS = ["评委甲", "评委乙", "评委丙"]
SHOTS = os.environ.get("SITELEDGER_SHOTS")  # a folder: the screens are saved there to look at


@pytest.fixture
def round_id(ctx):
    codes = [r[0] for r in ctx.ws.db.execute("SELECT code FROM projects ORDER BY code LIMIT 30")]
    red, black = rules.simple(3, 3)
    made = rounds.new_round(
        ctx.ws,
        title="2026年第四季度重点项目观摩",
        quarter="2026-Q4",
        card=scorecard.from_file(CARD),
        route=[
            rounds.Stop(c, "2026-12-01" if n < 15 else "2026-12-02") for n, c in enumerate(codes)
        ],
        member_names=MEMBERS,
        red_rule=red,
        black_rule=black,
    )
    person = rounds.member_id(ctx.ws.db, made, "评委甲")
    ctx.sign_in(person)
    return made


def shot(widget, name: str) -> None:
    if SHOTS:
        QApplication.processEvents()  # the layout settles as it would between keystrokes
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_scoring_with_the_keyboard_progress_and_refusal_in_place(qtbot, window, ctx, round_id):
    window.go("review_scoring")
    screen = window.screens["review_scoring"]
    assert screen.progress.text() == "已评 0/30"
    assert screen.member() == ctx.person_id
    fields = screen.editor.fields
    for _ in range(12):
        for key, text in zip(fields, ("30", "25.5", "20"), strict=True):
            fields[key].clear()
            qtbot.keyClicks(fields[key], text)
        qtbot.keyClick(fields["quality"], Qt.Key.Key_Return)
    assert screen.progress.text() == "已评 12/30"
    assert screen.route.currentRow() == 12  # moved on to the next project not yet scored
    assert screen.route.item(0).checkState() == Qt.CheckState.Checked
    # out of range cannot be typed: "45" stops at "4"; a third digit is not taken either
    fields["progress"].clear()
    qtbot.keyClicks(fields["progress"], "45")
    assert fields["progress"].text() == "4"
    qtbot.keyClicks(fields["investment"], "300")
    assert fields["investment"].text() == "30"
    # missing a criterion: refused with a message, nothing written
    fields["quality"].clear()
    before = len(store.scores(ctx.ws.db, round_id))
    qtbot.keyClick(fields["investment"], Qt.Key.Key_Return)
    assert "请填写" in screen.message.text()
    assert len(store.scores(ctx.ws.db, round_id)) == before
    # Tab moves from criterion to criterion, then to the comment
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    fields["progress"].setFocus()
    assert QApplication.focusWidget() is fields["progress"]
    qtbot.keyClick(fields["progress"], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is fields["investment"]
    qtbot.keyClick(fields["investment"], Qt.Key.Key_Tab)
    qtbot.keyClick(fields["quality"], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.editor.comment
    # the project's photos are beside its scores, where the member adds those taken on site
    assert screen.gallery.attach_to == ("project", screen.current_project())
    assert screen.gallery.isVisible()
    shot(window, "review_scoring")
    [score] = [s for s in store.scores(ctx.ws.db, round_id) if s["points"]["investment"] == 25.5][
        :1
    ]
    assert score["member_id"] == ctx.person_id and score["form_version"] == 1


def test_results_show_ranking_lists_and_what_is_missing(qtbot, window, ctx, round_id):
    stops = store.stops(ctx.ws.db, round_id)
    for name in MEMBERS:
        member = rounds.member_id(ctx.ws.db, round_id, name)
        for n, stop in enumerate(stops[:20]):
            rounds.score(
                ctx.ws,
                round_id,
                member,
                stop["project_id"],
                {"progress": 20 + n % 20, "investment": 10 + n % 7, "quality": 25},
                comment="现场组织有序",
            )
    window.go("review_results")
    screen = window.screens["review_results"]
    assert screen.model.rowCount() == 30
    first = screen.model.rows[0]["p"]
    assert first.rank == 1 and first.scored_by == 3
    unranked = [r["p"] for r in screen.model.rows if r["p"].rank is None]
    assert len(unranked) == 10 and all(p.scored_by == 0 for p in unranked)
    assert [r["list"] for r in screen.model.rows[:3]] == ["红榜"] * 3
    assert screen.districts.rowCount() >= 1
    assert "去掉一个最高分" in screen.rules.text()
    shot(window, "review_results")


def test_a_scorecard_this_app_cannot_render_is_said_so(qtbot, window, ctx, round_id):
    import json

    newer = {**scorecard.from_file(CARD).to_dict(), "version": 2, "schema": 7}
    ctx.ws.record(
        "form_definition",
        CARD["id"],
        {"version": 2, "kind": "scorecard", "body": json.dumps(newer)},
    )
    ctx.ws.record("review_round", round_id, {"form_version": 2})
    window.go("review_scoring")
    screen = window.screens["review_scoring"]
    assert "请更新 SiteLedger" in screen.message.text()
    assert not screen.save_button.isEnabled() and not screen.editor.fields
    window.go("review_results")
    assert "请更新 SiteLedger" in window.screens["review_results"].summary.text()


def test_the_visit_form_says_when_a_newer_visit_form_cannot_be_rendered(qtbot, ctx):
    import json

    from desktop.screens.visit_form import VisitForm
    from forms import form_definitions

    newer = {**form_definitions.latest("visit").to_dict(), "version": 5}
    newer["fields"] = [*newer["fields"], {"name": "x", "type": "drawing", "label": {"zh": "图"}}]
    ctx.ws.record(
        "form_definition", "visit", {"version": 5, "kind": "visit", "body": json.dumps(newer)}
    )
    form = VisitForm(ctx)
    qtbot.addWidget(form)
    assert form.definition.version == 1
    assert "visit 第 5 版无法在本版本中显示" in form.newer.text()
    assert not form.newer.isHidden()
