"""Server scope of review rounds, on SQLite and PostgreSQL: the office writes rounds; a member
writes only its own scores, for its rounds and the route's projects; a member pulls its rounds,
the route's projects' base data and its own scores."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sync.store import Refused, Store

from .factory import change, project, visit


@pytest.fixture
def store(tmp_path, store_url):
    s = Store.open(tmp_path / "data", store_url)
    yield s
    s.close()


def device(store: Store, name: str, role: str, district: str | None = None, person_id=None):
    store.add_user(name, role, district, person_id)
    user, _token = store.enroll(store.enroll_code(name, dt.timedelta(hours=1)), "laptop")
    return user


def round_changes(round_id: str, members: list[str], projects: list[str]) -> list[dict]:
    out = [
        change(
            "review_round",
            round_id,
            {"title": "观摩", "quarter": "2026-Q4", "form_id": "card", "form_version": 1},
            op="set",
        )
    ]
    out += [change("review_member", fields={"round_id": round_id, "person_id": m}) for m in members]
    out += [
        change(
            "review_stop",
            fields={"round_id": round_id, "project_id": p, "position": n},
        )
        for n, p in enumerate(projects, 1)
    ]
    return out


def score(round_id: str, member: str, project_id: str) -> dict:
    return change(
        "review_score",
        fields={
            "round_id": round_id,
            "project_id": project_id,
            "member_id": member,
            "form_id": "card",
            "form_version": 1,
            "points": {"a": 1},
        },
    )


def refused(store: Store, user, changes: list[dict]) -> str:
    with pytest.raises(Refused) as raised:
        store.push(user, changes)
    [refusal] = raised.value.refusals
    assert refusal.status == 403
    return refusal.reason


def test_members_write_only_their_own_scores_on_the_route(store):
    office = device(store, "办公室", "office")
    on, off = project("east"), project("west")
    store.push(office, [on, off])
    a = device(store, "评委甲", "reviewer", person_id="person-a")
    b = device(store, "评委乙", "reviewer", person_id="person-b")
    outsider = device(store, "评委丙", "reviewer", person_id="person-c")
    leader = device(store, "区长", "leader", "east")
    store.push(office, round_changes("round-1", [a.id, b.id], [on["entity_id"]]))
    assert store.push(a, [score("round-1", a.id, on["entity_id"])])[0]["status"] == "stored"
    assert "本人" in refused(store, a, [score("round-1", b.id, on["entity_id"])])
    assert "路线" in refused(store, a, [score("round-1", a.id, off["entity_id"])])
    assert "成员" in refused(store, outsider, [score("round-1", outsider.id, on["entity_id"])])
    assert "成员" in refused(store, leader, [score("round-1", leader.id, on["entity_id"])])
    link = {"photo_id": "a" * 64, "target_kind": "project", "target_id": on["entity_id"]}
    assert store.push(a, [change("photo_link", fields={**link, "project_id": on["entity_id"]})])
    off_link = {**link, "target_id": off["entity_id"], "project_id": off["entity_id"]}
    assert refused(store, a, [change("photo_link", fields=off_link)])
    for office_only in round_changes("round-1", [a.id], [off["entity_id"]]):
        assert refused(store, a, [office_only])
    assert refused(
        store,
        a,
        [change("form_definition", "card", {"version": 2, "kind": "scorecard", "body": "{}"})],
    )


def test_members_pull_their_round_the_route_base_data_and_their_own_scores(store):
    office = device(store, "办公室", "office")
    on, off = project("east"), project("west")
    store.push(office, [on, off, visit(on["entity_id"])])
    a = device(store, "评委甲", "reviewer", person_id="person-a")
    b = device(store, "评委乙", "reviewer", person_id="person-b")
    leader = device(store, "区长", "leader", "east")
    store.push(office, round_changes("round-1", [a.id, b.id], [on["entity_id"]]))
    store.push(a, [score("round-1", a.id, on["entity_id"])])
    store.push(b, [score("round-1", b.id, on["entity_id"])])

    def pulled(user, since=0):
        bodies, cursor, _more = store.pull(user, since, 1000)
        return [json.loads(x) for x in bodies], cursor

    mine, cursor = pulled(a)
    kinds = sorted(c["entity"] for c in mine)
    # a's own score is not echoed to the device that sent it; b's is never sent to a
    assert kinds == ["project", "review_member", "review_member", "review_round", "review_stop"]
    assert [c["entity_id"] for c in mine if c["entity"] == "project"] == [on["entity_id"]]
    # a's second laptop (or a reinstalled one) gets a's own score back, still not b's
    a2, _token = store.enroll(store.enroll_code("评委甲", dt.timedelta(hours=1)), "laptop 2")
    again, _ = pulled(a2)
    assert [c["author_id"] for c in again if c["entity"] == "review_score"] == [a.id]
    everything, _ = pulled(office)
    assert sum(1 for c in everything if c["entity"] == "review_score") == 2
    district, _ = pulled(leader)
    assert not [c for c in district if c["entity"].startswith("review_")]

    # a second round later adds a project to a's route: its base data is backfilled
    store.push(office, round_changes("round-2", [a.id], [off["entity_id"]]))
    later, _ = pulled(a, cursor)
    assert off["entity_id"] in [c["entity_id"] for c in later if c["entity"] == "project"]
    assert not [c for c in later if c["entity"] == "visit"]
