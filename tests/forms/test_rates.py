"""Every rate on the hand-built board (answers worked out by hand in board_fixture's terms),
by group and scope, definitions as data, and the demo workspace."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from forms import rates
from forms.errors import UserError

from .board_fixture import YI, D, build


@pytest.fixture
def board(ws):
    return build(ws, reports=False)


def figures(found):
    return {r.key: (r.numerator, r.denominator, r.unknown) for r in found}


def test_every_default_rate_as_of_d(board):
    assert figures(rates.compute(board.ws.conn, D)) == {
        # P3 started without signing or filing dates: unknown, on neither side
        "filing": (3, 6, ["P3"]),  # P1 P4 P5 of P1 P2 P4 P5 P6 P8 (P8 filed after D)
        "start": (3, 3, ["P3"]),  # P1 P4 P5
        # started: P1 (1亿 / 6000万), P3 (5000万 / 1000万), P5 (2000万 / 2000万); P4 has no plan
        "investment": (90_000_000, YI + 70_000_000, ["P4"]),
        "production": (1, 1, []),  # P4; P5 completes only after D
        "capacity": (0, 1, []),  # P4 is in production, not at capacity: a real zero
        "conversion": (1, 2, []),  # P6 and P7 reserve on 1 January; P6 moved on
        # planned to start in 2026: P1 P2 P3; P6 P7 P8 have no plan date and have not started
        "year_start": (2, 3, ["P6", "P7", "P8"]),
    }


def test_value_is_none_without_a_denominator_never_zero(board):
    found = {r.key: r for r in rates.compute(board.ws.conn, dt.date(2023, 1, 1))}
    assert found["filing"].denominator == 0 and found["filing"].value is None
    assert found["filing"].to_json()["value"] is None
    assert {r.key: r.value for r in rates.compute(board.ws.conn, D)}["capacity"] == 0.0


def test_a_milestone_counts_only_from_its_actual_date(board):
    before = figures(rates.compute(board.ws.conn, dt.date(2026, 12, 9)))
    after = figures(rates.compute(board.ws.conn, dt.date(2026, 12, 10)))
    assert before["filing"][0] + 1 == after["filing"][0]  # P8 filed on 2026-12-10
    assert figures(rates.compute(board.ws.conn, dt.date(2026, 12, 1)))["production"] == (1, 2, [])


def test_by_district_stage_and_chain(board):
    by_district = {
        g.group: figures(g.rates) for g in rates.compute_by(board.ws.conn, D, "district")
    }
    assert list(by_district) == ["东区", "西区"]
    assert by_district["东区"]["filing"] == (2, 5, [])  # P1 P5 of P1 P2 P5 P6 P8
    assert by_district["西区"]["filing"] == (1, 1, ["P3"])  # P4; P7 not signed
    assert by_district["西区"]["investment"] == (10_000_000, 50_000_000, ["P4"])
    by_stage = {g.key: figures(g.rates) for g in rates.compute_by(board.ws.conn, D, "stage")}
    assert list(by_stage) == ["reserve", "attract", "build", "upgrade", "produce"]
    assert by_stage["attract"]["filing"] == (0, 3, [])  # P2 P6 P8
    by_chain = {g.group: figures(g.rates) for g in rates.compute_by(board.ws.conn, D, "chain")}
    assert by_chain["新材料"]["start"] == (2, 2, [])  # P1 P4
    with pytest.raises(UserError):
        rates.compute_by(board.ws.conn, D, "colour")


def test_a_leaders_own_projects_and_one_district(board):
    mine = figures(rates.compute(board.ws.conn, D, scope=rates.Scope(person_id=board.ids["L1"])))
    assert mine["filing"] == (2, 3, [])  # P1 P5 of P1 P2 P5
    west = rates.Scope(district_id=board.ids["西区"])
    assert figures(rates.compute(board.ws.conn, D, scope=west))["start"] == (1, 1, ["P3"])
    nobody = rates.compute(board.ws.conn, D, scope=rates.Scope(person_id=board.ids["L2"]))
    assert [(r.numerator, r.denominator, r.value) for r in nobody] == [(0, 0, None)] * 7


def test_drill_down_lists_the_projects_behind_each_figure(board):
    filing = next(d for d in rates.DEFAULTS if d.key == "filing")
    codes = {
        part: [p["code"] for p in rates.projects_behind(board.ws.conn, filing, D, part)]
        for part in ("numerator", "denominator", "unknown")
    }
    assert codes == {
        "numerator": ["P1", "P4", "P5"],
        "denominator": ["P1", "P2", "P4", "P5", "P6", "P8"],
        "unknown": ["P3"],
    }
    east = ("district", board.ids["东区"])
    behind = rates.projects_behind(board.ws.conn, filing, D, "denominator", group=east)
    assert [p["code"] for p in behind] == ["P1", "P2", "P5", "P6", "P8"]


def test_every_definition_is_written_out(board):
    texts = {d.key: d.text() for d in rates.DEFAULTS}
    assert texts["filing"] == "备案率 = 已签约且已备案的项目数 ÷ 已签约的项目数"
    assert texts["investment"] == (
        "投资完成率 = 已开工项目的本年度完成投资之和 ÷ 已开工项目的本年度计划投资之和"
    )
    assert all(r.definition == texts[r.key] for r in rates.compute(board.ws.conn, D))


def test_the_office_publishes_its_own_definitions(board):
    custom = [
        *rates.DEFAULT_DATA[:2],
        {
            "key": "key_filing",
            "name": "市重点备案率",
            "note": "仅市重点项目",
            "denominator": {"where": [{"flag": "city_key"}, {"reached": "signed"}]},
            "numerator": {"where": [{"reached": "filed"}]},
        },
    ]
    rates.save_definitions(board.ws, custom, author_id=board.ids["O"])
    change = board.ws.db.execute(
        "SELECT entity, entity_id FROM changes ORDER BY rowid DESC LIMIT 1"
    ).fetchone()
    assert change == ("setting", rates.SETTING_KEY)  # synced like every setting
    defs, warnings = rates.definitions(board.ws.conn)
    assert [d.key for d in defs] == ["filing", "start", "key_filing"] and not warnings
    found = figures(rates.compute(board.ws.conn, D))
    assert found["key_filing"] == (1, 1, [])  # P1 is the only city key project
    assert "市重点备案率 = 属市重点项目且已签约且已备案的项目数" in defs[2].text()


@pytest.mark.parametrize(
    "broken, says",
    [
        ({"reached": "signed_actual) OR 1=1 --"}, "needs a milestone"),
        ({"sql": "SELECT 1"}, "unknown condition"),
        ({"stage_on": {"on": "yesterday", "in": ["reserve"]}}, "stage_on"),
        ({"stage_on": {"on": "as_of", "in": ["reserve"], "not_in": ["build"]}}, "exactly one"),
        ({"reached": "signed", "flag": "city_key"}, "one {name: argument}"),
    ],
)
def test_definitions_outside_the_vocabulary_are_refused(board, broken, says):
    data = [{"key": "x", "name": "x", "denominator": {"where": [broken]}, "numerator": {}}]
    with pytest.raises(UserError, match=says.replace("(", r"\(").replace(")", r"\)")):
        rates.save_definitions(board.ws, data)
    assert rates.definitions(board.ws.conn)[0] == rates.DEFAULTS


def test_a_broken_setting_from_elsewhere_falls_back_to_the_defaults(board):
    board.ws.record("setting", rates.SETTING_KEY, {"value": json.dumps([{"key": "BAD"}])})
    defs, warnings = rates.definitions(board.ws.conn)
    assert defs == rates.DEFAULTS and "invalid rate setting" in warnings[0]


def test_sum_and_count_sides_must_agree():
    with pytest.raises(UserError, match="both count or both sum"):
        rates.parse(
            [{"key": "m", "name": "m", "denominator": {"sum": "total_investment"}, "numerator": {}}]
        )


def test_the_demo_workspace_computes_without_error(demo_ws):
    found = rates.compute(demo_ws.conn, D)
    assert len(found) == 7 and all(r.denominator >= r.numerator >= 0 for r in found)
    assert next(r for r in found if r.key == "filing").denominator > 0
    for by in rates.GROUPINGS:
        groups = rates.compute_by(demo_ws.conn, D, by)
        assert sum(g.rates[0].denominator for g in groups) == found[0].denominator


def test_the_docs_write_every_default_definition_as_computed():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "rates.md").read_text("utf-8")
    for d in rates.DEFAULTS:
        assert f"| `{d.key}` | {d.name} | {d.text().split(' = ', 1)[1]} |" in docs, d.key
    for condition in rates.CONDITIONS:
        assert f"`{condition}`" in docs
