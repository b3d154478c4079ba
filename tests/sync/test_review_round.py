"""A whole quarterly review round: five member laptops score twenty projects offline; three
send their scores through a real server on loopback, two by bundles carried to the office
(one of them arriving after the round was closed). The office's ranking, lists and bulletin
are checked against figures worked out by hand below."""

from __future__ import annotations

import re
import time
from fractions import Fraction

from forms import projects
from forms.review import bulletin, results, rounds, scorecard
from forms.store import review as store
from forms.workspace import Workspace
from sync import bundle
from sync.client import Client
from tests.forms import pdfcheck

from .helpers import add_photo, demo_queued

CARD = scorecard.SAMPLE
MEMBERS = ["评委一", "评委二", "评委三", "评委四", "评委五"]
OFFSET = [-6, -1, 0, 2, 9]  # added to each member's quality points: 五 highest, 一 lowest


def base(j: int) -> dict[str, int]:
    """The points every member starts from for the j-th project on the route."""
    investment = 15 if j == 4 else 10 + (7 * j) % 15  # project 4 ties project 3 at 54
    return {"progress": 20 + j, "investment": investment, "quality": 15}


def points(i: int, j: int) -> dict[str, int]:
    p = base(j)
    return {**p, "quality": p["quality"] + OFFSET[i]}


# Worked out by hand from `base`: each project's total is base + (-1 + 0 + 2) / 3 once the
# highest (五, +9) and the lowest (一, -6) are dropped. Bases by route position:
# 0:45 1:53 2:61 3:54 4:54 5:55 6:63 7:56 8:64 9:57 10:65 11:58 12:66 13:59 14:67 15:60
# 16:68 17:76 18:69 19:77. Project 0 is not scored by 五, so it is not ranked (4 of 5).
# 3 and 4 tie at 54⅓: 4 has more progress points (24 vs 23), so 4 is placed first.
EXPECTED_ORDER = [19, 17, 18, 16, 14, 12, 10, 8, 6, 2, 15, 13, 11, 9, 7, 5, 4, 3, 1]
# Plans: even positions exceeded their year's investment target, odd ones missed it.
# Red: top 5 (19, 17, 18, 16, 14) that exceeded: 18, 16, 14.
# Black: bottom 4 (5, 4, 3, 1) that missed: 5, 3, 1; 1 is exempt (不可抗力): 5, 3.
EXPECTED_RED, EXPECTED_BLACK = [18, 16, 14], [5, 3]


def sync(ws):
    with Client(ws) as client:
        return client.sync()


def carry(source: Workspace, target: Workspace, path) -> int:
    bundle.export(source, path)
    return bundle.import_(target, path).new_changes


def test_a_whole_round_through_the_server_and_bundles(server, tmp_path):
    office = server.enrolled(tmp_path / "office", "专班办公室")
    demo_queued(office, projects=20)
    codes = [r[0] for r in office.db.execute("SELECT code FROM projects ORDER BY code")]
    ids = [store.project_by_code(office.db, c)["id"] for c in codes]
    for j, pid in enumerate(ids):
        done = 1_200_000 if j % 2 == 0 else 800_000
        projects.update(
            office, pid, {"year_plan_investment": 1_000_000, "year_completed_investment": done}
        )
    add_photo(office, attach_to=("project", ids[19]))
    round_id = rounds.new_round(
        office,
        title="2026年第四季度重点项目观摩点评",
        quarter="2026-Q4",
        card=scorecard.from_file(CARD),
        route=[
            rounds.Stop(c, "2026-12-01" if j < 10 else "2026-12-02") for j, c in enumerate(codes)
        ],
        member_names=MEMBERS,
        red_rule={"top": 5, "require": ["target_exceeded"]},
        black_rule={"bottom": 4, "require": ["target_missed"], "exempt": True},
        exempt_codes=[codes[1]],
    )
    sync(office)
    member_ids = [rounds.member_id(office.db, round_id, name) for name in MEMBERS]
    for name, pid in zip(MEMBERS, member_ids, strict=True):
        server.add_user(name, "reviewer", person_id=pid)

    online = [server.enrolled(tmp_path / f"m{i}", MEMBERS[i], "reviewer") for i in range(3)]
    # 四 and 五 enrolled their laptops before the tour and never sync online: bundles only
    # (a bundle is signed by an enrolled device).
    offline = [server.enrolled(tmp_path / f"m{i}", MEMBERS[i], "reviewer") for i in (3, 4)]
    for ws in online:
        sync(ws)
        # a member holds the round, its route's projects (base data only) and its scorecard
        assert len(store.stops(ws.db, round_id)) == 20
        assert ws.db.execute("SELECT COUNT(*) FROM projects").fetchone()[0] == 20
        assert ws.db.execute("SELECT COUNT(*) FROM visits").fetchone()[0] == 0
        assert rounds.card_of(ws.db, store.round_(ws.db, round_id)).version == 1
    for n, ws in enumerate(offline):
        assert carry(office, ws, tmp_path / f"to_m{n + 3}.zip") > 0

    laptops = online + offline
    for i, ws in enumerate(laptops):
        for j, pid in enumerate(ids):
            if i == 4 and j == 0:
                continue  # 五 did not score the first project
            if i == 2 and j == 0:  # 三 first slips, then amends before syncing
                rounds.score(ws, round_id, member_ids[i], pid, {**points(i, j), "quality": 0})
            rounds.score(
                ws, round_id, member_ids[i], pid, points(i, j), comment=f"{MEMBERS[i]}：第{j}站"
            )
    for ws in online:
        sync(ws)
    sync(office)
    carry(offline[0], office, tmp_path / "from_m3.zip")
    # the office closes scoring while 五's bundle is still on its way
    rounds.close(office, round_id)
    time.sleep(0.002)  # a later millisecond: stamps within one are ordered by device
    # 四, offline, amends a score after the close: kept and flagged, not counted
    rounds.score(offline[0], round_id, member_ids[3], ids[5], {**points(3, 5), "quality": 30})
    carry(offline[1], office, tmp_path / "from_m4.zip")
    carry(offline[0], office, tmp_path / "from_m3_again.zip")
    sync(office)

    found = results.compute(office.db, round_id)
    by_code = {p.code: p for p in found.projects}
    assert [p.code for p in found.ranked] == [codes[j] for j in EXPECTED_ORDER]
    for j in EXPECTED_ORDER:
        total = sum(base(j).values()) + Fraction(1, 3)
        assert by_code[codes[j]].total == total and by_code[codes[j]].scored_by == 5
    top = by_code[codes[19]]
    assert results.shown(top.total) == 77.33
    assert top.criteria == {"progress": 39, "investment": 23, "quality": 15 + Fraction(1, 3)}
    first = by_code[codes[0]]
    assert first.rank is None and first.scored_by == 4
    assert first.total == 45 + Fraction(-6 - 1 + 0 + 2, 4)  # four scored: nothing dropped
    assert [p.code for p in found.red] == [codes[j] for j in EXPECTED_RED]
    assert [p.code for p in found.black] == [codes[j] for j in EXPECTED_BLACK]
    flags = {(f["kind"], f["member"], f["code"]) for f in found.flags}
    assert ("late", "评委四", codes[5]) in flags
    assert ("amended", "评委三", codes[0]) in flags
    assert sum(1 for f in found.flags if f["kind"] == "after_close") == 19  # 五's bundle
    assert not found.silent_members()

    # districts: the mean of their ranked projects, worked out from the ledger here
    district_of = {p.code: p.district_name for p in found.ranked}
    means = {}
    for name in set(district_of.values()):
        mine = [
            sum(base(j).values()) + Fraction(1, 3)
            for j in EXPECTED_ORDER
            if district_of[codes[j]] == name
        ]
        means[name] = (sum(mine) / len(mine), len(mine))
    expected = sorted(means, key=lambda n: (-means[n][0], -means[n][1], n))
    assert [d.name for d in found.districts] == expected

    # the server holds every score, including the relayed and the late ones
    stored = server.store()
    try:
        assert sum(1 for _ in _scores_on_server(stored)) == 20 * 5 - 1 + 1 + 1
    finally:
        stored.close()
    # a member pulls only its own scores: members score independently
    sync(online[0])
    authors = {r[0] for r in online[0].db.execute("SELECT member_id FROM review_scores")}
    assert authors == {member_ids[0]}

    result = bulletin.build(office, round_id)
    text = re.sub(r"— \d+ —", "", pdfcheck.text(result.pdf).replace("\n", ""))
    names = {p.code: p.name for p in found.projects}
    positions = [text.index(names[codes[j]]) for j in EXPECTED_ORDER[:3]]
    assert positions == sorted(positions)  # the ranking table in rank order
    red_part = text[text.index("红榜：") : text.index("黑榜：")]
    assert all(names[codes[j]] in red_part for j in EXPECTED_RED)
    black_part = text[text.index("黑榜：") : text.index("三、")]
    assert all(names[codes[j]] in black_part for j in EXPECTED_BLACK)
    assert names[codes[1]] not in black_part  # exempt
    assert "77.33" in text, text[:3000]
    assert "4/5名成员评分" in text
    assert "不可抗力" in text, black_part
    assert "图1" in text  # the photo of the first-placed project
    for ws in laptops:
        ws.close()


def _scores_on_server(store_):
    with store_.connection() as conn:
        yield from conn.all("SELECT id FROM changes WHERE entity = 'review_score'")
