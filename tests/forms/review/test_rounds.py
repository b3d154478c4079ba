"""Rounds and scoring in the core: refusals leave nothing written, amendments keep history,
aggregation drops the highest and lowest when five or more scored, rules as data."""

from __future__ import annotations

import time

import pytest

from forms import projects
from forms.errors import UserError
from forms.review import results, rounds, scorecard
from forms.store import review as store

from .conftest import CARD, MEMBERS, codes, make_round, person_id, points, project_id


def _changes(ws) -> int:
    return ws.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0]


def test_a_round_makes_reviewers_publishes_its_scorecard_and_keeps_the_route(ledger):
    round_id = make_round(ledger)
    members = store.members(ledger.db, round_id)
    assert [m["name"] for m in members] == MEMBERS
    roles = {r[0] for r in ledger.db.execute("SELECT role FROM people WHERE name LIKE '评委%'")}
    assert roles == {"reviewer"}
    assert [s["code"] for s in store.stops(ledger.db, round_id)] == codes(ledger, 6)
    card = rounds.card_of(ledger.db, store.round_(ledger.db, round_id))
    assert (card.id, card.version, card.kind) == ("review-2026q4", 1, "scorecard")
    assert [c.max for c in scorecard.criteria(card)] == [40, 30, 30]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"quarter": "2026Q4"}, "2026-Q4"),
        ({"route": "XM999"}, "没有这些项目编号"),
        ({"route": "repeat"}, "重复"),
        ({"members": []}, "成员"),
        ({"card": {**CARD, "criteria": [{"key": "a", "label": "A", "max": -1}]}}, "max"),
        ({"card": {**CARD, "criteria": []}}, "至少需要"),
        ({"red_rule": {"top": 2, "require": ["richest"]}}, "条件"),
    ],
)
def test_a_bad_round_is_refused_with_nothing_written(ledger, change, message):
    before = _changes(ledger)
    route = [rounds.Stop(c) for c in codes(ledger, 3)]
    if change.get("route") == "XM999":
        route.append(rounds.Stop("XM999"))
    elif change.get("route") == "repeat":
        route.append(route[0])
    with pytest.raises(UserError, match=message):
        rounds.new_round(
            ledger,
            title="观摩",
            quarter=change.get("quarter", "2026-Q4"),
            card=scorecard.from_file(change.get("card", CARD)),
            route=route,
            member_names=change.get("members", MEMBERS),
            red_rule=change.get("red_rule", {"top": 1}),
            black_rule={"bottom": 1},
        )
    assert _changes(ledger) == before


def test_scores_refused_in_place_leave_nothing_written(ledger):
    round_id = make_round(ledger)
    member = person_id(ledger, "评委甲")
    on_route, off_route = (
        project_id(ledger, codes(ledger, 6)[0]),
        project_id(ledger, codes(ledger, 8)[7]),
    )
    before = _changes(ledger)
    for bad, message in [
        (points((41, 20, 20)), "超出 0–40"),
        (points((-1, 20, 20)), "超出"),
        ({"progress": 30, "investment": 20}, "缺少"),
        ({**points((30, 20, 20)), "beauty": 3}, "没有 beauty"),
        ({**points((30, 20, 20)), "quality": "很好"}, "应为数字"),
    ]:
        with pytest.raises(UserError, match=message):
            rounds.score(ledger, round_id, member, on_route, bad)
    with pytest.raises(UserError, match="不在本轮观摩路线"):
        rounds.score(ledger, round_id, member, off_route, points((30, 20, 20)))
    with pytest.raises(UserError, match="不是本轮"):
        rounds.score(
            ledger, round_id, person_id(ledger, codes_person(ledger)), on_route, points((1, 1, 1))
        )
    assert _changes(ledger) == before


def codes_person(ws) -> str:
    return ws.db.execute("SELECT name FROM people WHERE role <> 'reviewer' LIMIT 1").fetchone()[0]


def test_trimmed_mean_by_hand_and_amendments_keep_history(ledger):
    round_id = make_round(ledger, n_projects=2, red=1, black=1)
    first, second = (project_id(ledger, c) for c in codes(ledger, 2))
    # totals 60, 70, 75, 80, 95 on the first project: drop 95 and 60 -> (70+75+80)/3 = 75
    splits = [(20, 20, 20), (30, 20, 20), (35, 20, 20), (40, 20, 20), (40, 30, 25)]
    for name, split in zip(MEMBERS, splits, strict=True):
        rounds.score(ledger, round_id, person_id(ledger, name), first, points(split))
    # the second: everyone 70 except 评委甲, who first gave 10 and then amended to 74
    for name in MEMBERS:
        rounds.score(ledger, round_id, person_id(ledger, name), second, points((30, 20, 20)))
    rounds.score(ledger, round_id, person_id(ledger, "评委甲"), second, points((0, 5, 5)))
    rounds.score(ledger, round_id, person_id(ledger, "评委甲"), second, points((34, 20, 20)))
    found = results.compute(ledger.db, round_id)
    one, two = sorted(found.ranked, key=lambda p: p.project_id != first)
    assert one.total == 75 and one.scored_by == 5 and one.dropped == ("评委戊", "评委甲")
    assert one.criteria == {"progress": 35, "investment": 20, "quality": 20}  # adds up to 75
    assert two.total == 70  # 70,70,70,70,74: drop 74 and one 70
    assert [p.rank for p in (one, two)] == [1, 2]
    amended = [f for f in found.flags if f["kind"] == "amended"]
    assert len(amended) == 2 and {f["member"] for f in amended} == {"评委甲"}
    assert len(store.scores(ledger.db, round_id)) == 12  # every score kept


def test_only_projects_every_member_scored_are_ranked_the_others_listed_with_their_count(ledger):
    round_id = make_round(ledger, n_projects=3, members=MEMBERS[:3], red=1, black=1)
    a, b, c = (project_id(ledger, x) for x in codes(ledger, 3))
    for name in MEMBERS[:3]:
        rounds.score(ledger, round_id, person_id(ledger, name), a, points((30, 20, 20)))
    rounds.score(ledger, round_id, person_id(ledger, "评委甲"), b, points((40, 30, 30)))
    found = results.compute(ledger.db, round_id).to_json()
    by_code = {p["code"]: p for p in found["projects"]}
    code_a, code_b, code_c = codes(ledger, 3)
    assert by_code[code_a] | {"criteria": None} == {
        **by_code[code_a],
        "total": 70.0,
        "rank": 1,
        "scored_by": 3,
        "criteria": None,
    }
    assert by_code[code_b]["rank"] is None and by_code[code_b]["scored_by"] == 1
    assert by_code[code_c]["rank"] is None and by_code[code_c]["scored_by"] == 0
    assert by_code[code_c]["total"] is None  # never shown as zero
    assert found["red"] == [code_a] and found["black"] == [code_a]
    assert [p["code"] for p in found["projects"]] == [code_a, code_b, code_c]


def test_a_member_who_never_synced_is_named(ledger):
    round_id = make_round(ledger, n_projects=1, members=MEMBERS[:2])
    [p] = [project_id(ledger, x) for x in codes(ledger, 1)]
    rounds.score(ledger, round_id, person_id(ledger, "评委甲"), p, points((30, 20, 20)))
    found = results.compute(ledger.db, round_id)
    assert found.silent_members() == ["评委乙"] and not found.ranked


def test_ties_broken_by_the_criteria_in_scorecard_order_then_code(ledger):
    round_id = make_round(ledger, n_projects=3, members=MEMBERS[:1], red=1, black=1)
    a, b, c = (project_id(ledger, x) for x in codes(ledger, 3))
    member = person_id(ledger, "评委甲")
    rounds.score(ledger, round_id, member, a, points((30, 20, 20)))  # 70
    rounds.score(ledger, round_id, member, b, points((35, 15, 20)))  # 70, more progress
    rounds.score(ledger, round_id, member, c, points((30, 20, 20)))  # 70, same as a
    found = results.compute(ledger.db, round_id)
    code_a, code_b, code_c = codes(ledger, 3)
    assert [p.code for p in found.ranked] == [code_b, code_a, code_c]


def test_red_and_black_rules_as_data_with_force_majeure_exempt(ledger):
    """One city's rule: red = annual target exceeded and in the top 5, black = target missed
    and in the bottom 4, force majeure exempt."""
    six = codes(ledger, 6)
    ids = [project_id(ledger, c) for c in six]
    # plan 100 万元 each; completed: exceeded, missed, exceeded, missed, missed, missed
    for pid, done in zip(ids, [120, 80, 130, 90, 50, 70], strict=True):
        projects.update(
            ledger,
            pid,
            {"year_plan_investment": 1_000_000, "year_completed_investment": done * 10_000},
        )
    round_id = make_round(
        ledger,
        members=MEMBERS[:1],
        red_rule={"top": 5, "require": ["target_exceeded"]},
        black_rule={"bottom": 4, "require": ["target_missed"], "exempt": True},
        exempt_codes=[six[5]],
    )
    member = person_id(ledger, "评委甲")
    for n, pid in enumerate(ids):
        rounds.score(ledger, round_id, member, pid, points((40 - n, 20, 20)))  # rank = order
    found = results.compute(ledger.db, round_id)
    assert [p.code for p in found.red] == [six[0], six[2]]  # 2 (missed) and 4,5 not exceeded
    # bottom 4 = ranks 3..6: #3 exceeded its plan, #6 is exempt
    assert [p.code for p in found.black] == [six[3], six[4]]
    assert "不可抗力" in found.rules_text["black"] and "超额完成" in found.rules_text["red"]


def test_closed_round_refuses_scores_and_late_ones_are_kept_and_flagged(ledger, tmp_path):
    import json

    from forms.workspace import Workspace

    round_id = make_round(ledger, n_projects=2, members=MEMBERS[:1], red=1, black=0)
    a, b = (project_id(ledger, x) for x in codes(ledger, 2))
    member = person_id(ledger, "评委甲")
    with Workspace.open(tmp_path / "laptop") as laptop:
        laptop.receive(
            [json.loads(r[0]) for r in ledger.db.execute("SELECT body FROM changes ORDER BY rowid")]
        )
        rounds.score(laptop, round_id, member, a, points((30, 20, 20)))  # before the close
        rounds.close(ledger, round_id)
        time.sleep(0.002)  # a later millisecond: stamps within one are ordered by device
        rounds.score(laptop, round_id, member, b, points((30, 20, 20)))  # made after the close
        with pytest.raises(UserError, match="已结束"):
            rounds.score(ledger, round_id, member, a, points((30, 20, 20)))
        ledger.receive(
            [
                json.loads(r[0])
                for r in laptop.db.execute(
                    "SELECT body FROM changes WHERE entity = 'review_score' ORDER BY rowid"
                )
            ]
        )
    found = results.compute(ledger.db, round_id)
    kinds = sorted((f["kind"], f["code"]) for f in found.flags)
    code_a, code_b = codes(ledger, 2)
    assert kinds == [("after_close", code_a), ("late", code_b)]
    assert [p.code for p in found.ranked] == [code_a]
    assert len(store.scores(ledger.db, round_id)) == 2  # never silently dropped


def test_a_scorecard_changed_after_scoring_began_keeps_each_scores_version(ledger):
    round_id = make_round(ledger, n_projects=1, members=MEMBERS[:1])
    [p] = [project_id(ledger, x) for x in codes(ledger, 1)]
    member = person_id(ledger, "评委甲")
    rounds.score(ledger, round_id, member, p, points((30, 20, 20)))
    card2 = scorecard.from_file({**CARD, "version": 2})
    assert rounds.change_scorecard(ledger, round_id, card2) == 1
    found = results.compute(ledger.db, round_id)
    assert [(f["kind"], f["form_version"]) for f in found.flags] == [("other_version", 1)]
    assert not found.ranked
    rounds.score(ledger, round_id, member, p, points((30, 20, 20)))
    [score] = [s for s in store.scores(ledger.db, round_id) if s["form_version"] == 2]
    assert results.compute(ledger.db, round_id).ranked[0].total == 70 and score


def test_a_score_recorded_by_another_member_is_kept_and_not_counted(ledger):
    round_id = make_round(ledger, n_projects=1, members=MEMBERS[:2])
    [p] = [project_id(ledger, x) for x in codes(ledger, 1)]
    a, b = person_id(ledger, "评委甲"), person_id(ledger, "评委乙")
    rounds.score(ledger, round_id, a, p, points((30, 20, 20)))
    # as a bundle from 乙's laptop claiming to be 甲's score would arrive
    ledger.record(
        "review_score",
        "forged-1",
        {
            "round_id": round_id,
            "project_id": p,
            "member_id": b,
            "form_id": CARD["id"],
            "form_version": 1,
            "points": points((40, 30, 30)),
        },
        author_id=a,
    )
    found = results.compute(ledger.db, round_id)
    assert [(f["kind"], f["score_id"]) for f in found.flags] == [("other_author", "forged-1")]
    assert found.silent_members() == ["评委乙"]
