"""The server store's suite, run against SQLite and PostgreSQL alike (Kinto's pattern)."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest

from sync.store import Refused, Store

from .factory import change, project, visit


@pytest.fixture
def store(tmp_path, store_url):
    s = Store.open(tmp_path / "data", store_url)
    yield s
    s.close()


def device(store: Store, name: str, role: str, district: str | None = None):
    store.add_user(name, role, district)
    user, _token = store.enroll(store.enroll_code(name, dt.timedelta(hours=1)), "laptop")
    return user


def test_push_stores_once_and_refuses_other_body(store):
    office = device(store, "办公室", "office")
    first = project("d1")
    assert store.push(office, [first])[0]["status"] == "stored"
    assert store.push(office, [first])[0]["status"] == "duplicate"
    altered = {**first, "fields": {"name": "别的"}}
    fresh = project("d1")
    with pytest.raises(Refused) as refused:
        store.push(office, [fresh, altered])
    assert [(r.id, r.status) for r in refused.value.refusals] == [(first["id"], 409)]
    # all or nothing: the good change of the refused batch was not written either
    assert store.change_ids() == [first["id"]]
    store.push(office, [fresh])
    assert store.change_ids() == [first["id"], fresh["id"]]


def test_author_comes_from_the_token(store):
    leader = device(store, "张三", "leader", "d1")
    office = device(store, "办公室", "office")
    project_d1 = project("d1")
    store.push(office, [project_d1])
    mine = visit(project_d1["entity_id"])
    mine["author_id"] = "someone-else"
    assert store.push(leader, [mine])[0]["author_id"] == leader.id
    relayed = visit(project_d1["entity_id"])
    relayed["author_id"] = "laptop-person"
    own = visit(project_d1["entity_id"])
    own["device"] = "officeDevice"
    results = store.push(office, [relayed, own], origin_device="officeDevice")
    assert [r["author_id"] for r in results] == ["laptop-person", office.id]
    bodies, _cursor, _more = store.pull(office, 0, 10)
    authors = {json.loads(b)["id"]: json.loads(b)["author_id"] for b in bodies}
    assert authors[mine["id"]] == leader.id


def test_unknown_entity_is_refused_with_reason(store):
    office = device(store, "办公室", "office")
    future = change("drone_flight", fields={"x": 1}, op="append")
    with pytest.raises(Refused) as refused:
        store.push(office, [future])
    assert refused.value.refusals[0].status == 422
    assert "未知" in refused.value.refusals[0].reason


def test_pull_pages_by_cursor_without_own_changes(store):
    office = device(store, "办公室", "office")
    other = device(store, "办公室2", "office")
    pushed = [project("d1", f"项目{n}") for n in range(7)]
    store.push(office, pushed)
    seen, cursor, more = [], 0, True
    while more:
        bodies, cursor, more = store.pull(other, cursor, 3)
        seen += [json.loads(b)["id"] for b in bodies]
    assert seen == [c["id"] for c in pushed]
    assert store.pull(other, cursor, 3) == ([], cursor, False)
    assert store.pull(office, 0, 100)[0] == []  # a device is not sent back its own pushes


def test_scope_of_leader(store):
    office = device(store, "办公室", "office")
    unit = change("unit", fields={"name": "东区", "kind": "district"})
    store.push(office, [unit])
    # the district given by name is kept as the unit's id (scope follows ids, not names)
    leader = device(store, "李四", "leader", "东区")
    assert leader.district == unit["entity_id"]
    east, west, assigned = project(unit["entity_id"]), project("west"), project("west")
    assignment = change(
        "assignment",
        fields={"person_id": leader.id, "project_id": assigned["entity_id"], "active": 1},
    )
    store.push(office, [east, west, assigned, assignment])
    pulled = {json.loads(b)["entity_id"] for b in store.pull(leader, 0, 100)[0]}
    assert east["entity_id"] in pulled and assigned["entity_id"] in pulled
    assert west["entity_id"] not in pulled
    assert unit["entity_id"] in pulled  # reference data is everyone's
    ok = visit(east["entity_id"])
    outside = visit(west["entity_id"])
    before = store.count_changes()
    with pytest.raises(Refused) as refused:
        store.push(leader, [ok, outside])
    assert [(r.id, r.status) for r in refused.value.refusals] == [(outside["id"], 403)]
    assert store.count_changes() == before
    store.push(leader, [ok, visit(assigned["entity_id"])])
    with pytest.raises(Refused):
        store.push(leader, [change("unit", fields={"name": "新单位"})])


def test_enrolment_codes_are_one_time_and_expire(store):
    store.add_user("王五", "commissioner", "d1")
    code = store.enroll_code("王五", dt.timedelta(hours=1))
    user, token = store.enroll(code, "laptop")
    assert store.authenticate(token) == user
    assert store.enroll(code, "again") is None
    expired = store.enroll_code("王五", dt.timedelta(seconds=-1))
    assert store.enroll(expired, "late") is None
    assert store.revoke(device_id=user.device_id) == 1
    assert store.authenticate(token) is None


def test_tokens_are_stored_hashed(store, tmp_path):
    store.add_user("赵六", "office")
    _user, token = store.enroll(store.enroll_code("赵六", dt.timedelta(hours=1)), "x")
    rows = [json.dumps(row, default=str) for _table, row in store.export_rows()]
    assert not any(token in row for row in rows)


def test_concurrent_pushes_never_let_a_pull_skip_a_change(store):
    """The watermark: a reader paging while writers commit must end with every change."""
    writers = [device(store, f"办公室{n}", "office") for n in range(4)]
    reader = device(store, "读者", "office")
    pushed: list[str] = []
    lock = threading.Lock()

    def write(user):
        for _ in range(15):
            batch = [project("d1") for _ in range(3)]
            store.push(user, batch)
            with lock:
                pushed.extend(c["id"] for c in batch)

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    for t in threads:
        t.start()
    seen, cursor = [], 0
    while any(t.is_alive() for t in threads):
        bodies, cursor, _more = store.pull(reader, cursor, 7)
        seen += [json.loads(b)["id"] for b in bodies]
    for t in threads:
        t.join()
    more = True
    while more:
        bodies, cursor, more = store.pull(reader, cursor, 7)
        seen += [json.loads(b)["id"] for b in bodies]
    assert sorted(seen) == sorted(pushed)
    assert len(seen) == len(set(seen))


def test_a_newly_assigned_project_brings_its_history(store):
    office = device(store, "办公室", "office")
    leader = device(store, "新领导", "leader", "east")
    east, west = project("east"), project("west")
    old_visit = visit(west["entity_id"])
    store.push(office, [east, west, old_visit])
    bodies, cursor, _ = store.pull(leader, 0, 100)
    assert {json.loads(b)["id"] for b in bodies} == {east["id"]}
    store.push(
        office,
        [
            change(
                "assignment",
                fields={"person_id": leader.id, "active": 1, "project_id": west["entity_id"]},
            )
        ],
    )
    bodies, cursor2, _ = store.pull(leader, cursor, 100)
    got = [json.loads(b)["id"] for b in bodies]
    assert west["id"] in got and old_visit["id"] in got  # history before the cursor
    # until the device shows it stored that page, a retry of the same pull sends it again
    assert old_visit["id"] in [json.loads(b)["id"] for b in store.pull(leader, cursor, 100)[0]]
    bodies, _, _ = store.pull(leader, cursor2, 100)
    assert bodies == []


def test_photo_rows_from_many_threads_are_each_committed_before_returning(store):
    hashes = [f"{n:064x}" for n in range(40)]
    returned: list[str] = []

    def stored(sha):
        store.photo_stored(sha, 10)
        # the row is there, committed, when the call returns (seen from another connection)
        with store.connection() as conn:
            assert conn.one("SELECT 1 FROM photos WHERE sha256 = ?", [sha]) is not None
        returned.append(sha)

    threads = [threading.Thread(target=stored, args=(sha,)) for sha in hashes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(returned) == hashes
    assert all(store.has_photo(sha) for sha in hashes)


def test_group_commit_hands_a_failed_write_to_each_caller_in_it():
    from sync.store import GroupCommit

    written: list[list[tuple]] = []
    started, release = threading.Event(), threading.Event()

    def write(rows):
        if not written:  # the first write holds the others back until they have queued
            started.set()
            release.wait(5)
        written.append(list(rows))
        if ("bad",) in rows:
            raise OSError("disk full")

    commit = GroupCommit(write)
    outcomes: dict[str, str] = {}

    def submit(name):
        try:
            commit.submit((name,))
            outcomes[name] = "ok"
        except OSError as e:
            outcomes[name] = str(e)

    first = threading.Thread(target=submit, args=("first",))
    first.start()
    started.wait(5)
    later = [threading.Thread(target=submit, args=(n,)) for n in ("a", "bad", "b")]
    for t in later:
        t.start()
    while sum(len(g.rows) for g in [commit._queued] if g) < 3:
        threading.Event().wait(0.01)
    release.set()
    for t in [first, *later]:
        t.join()
    assert written[0] == [("first",)]
    assert sorted(written[1]) == [("a",), ("b",), ("bad",)]  # the three waiting went together
    assert outcomes == {"first": "ok", "a": "disk full", "bad": "disk full", "b": "disk full"}


def test_a_photo_row_is_written_only_after_its_folder_is_fsynced(store, tmp_path):
    sha = f"{7:064x}"
    # A folder that cannot be fsynced (gone) fails the group before its transaction: no row.
    with pytest.raises(FileNotFoundError):
        store.photo_stored(sha, 10, [tmp_path / "gone"])
    assert not store.has_photo(sha)
    store.photo_stored(sha, 10, [tmp_path, tmp_path])  # the same folder twice: one fsync
    assert store.has_photo(sha)


def test_a_laptop_announces_its_number_lane_but_changes_no_one_elses(store):
    """Problem numbers come from a device's lane (forms/numbers.py): a commissioner's first
    claim must reach everyone; a change to an existing claim, or any other setting, may not."""
    commissioner = device(store, "王五", "commissioner", "d1")
    office = device(store, "办公室", "office")
    claim = change("setting", "notice_lane:abc123", {"value": "37"}, device="abc123")
    assert store.push(commissioner, [claim])[0]["status"] == "stored"
    bodies, _cursor, _more = store.pull(office, 0, 10)
    assert claim["id"] in {json.loads(b)["id"] for b in bodies}
    for refused in (
        change("setting", "notice_lane:abc123", {"value": "0"}, device="abc123"),
        change("setting", "notice_lane:other", {"value": "0"}, device="abc123"),  # not its own
        change("setting", "organ_name", {"value": '"x"'}),
    ):
        with pytest.raises(Refused) as raised:
            store.push(commissioner, [refused])
        assert raised.value.refusals[0].status == 403


def test_a_verification_by_whoever_reported_the_problem_done_is_refused(store):
    """The second-person rule on either database: by the stored author's id, in one batch or
    across pushes, relayed or not; after a reopen the new report's author is the one kept."""
    office = device(store, "办公室", "office")
    leader = device(store, "张三", "leader", "d1")
    commissioner = device(store, "李四", "commissioner", "d1")
    site = project("d1")
    allowed = change("setting", "problems.leader_may_verify", {"value": "true"})
    problem = change(
        "problem",
        fields={
            "project_id": site["entity_id"],
            "category": "land",
            "description": "用地手续未办",
            "raised_on": "2026-11-20",
            "form_id": "problem",
            "form_version": 1,
            "data": "{}",
        },
    )
    store.push(office, [site, allowed, problem])

    def event(kind: str, author_id: str | None = None) -> dict:
        fields = {"problem_id": problem["entity_id"], "kind": kind, "at": "2026-11-25T10:00"}
        return change("problem_event", fields=fields, author_id=author_id)

    def refused(user, changes, **kw) -> list[str]:
        with pytest.raises(Refused) as e:
            store.push(user, changes, **kw)
        return [r.reason for r in e.value.refusals]

    assert "报办结以外" in refused(leader, [event("reported_done"), event("verified")])[0]
    store.push(commissioner, [event("reported_done")])
    relayed = event("verified", author_id=commissioner.id)
    assert "报办结以外" in refused(office, [relayed])[0]
    assert store.push(leader, [event("verified")])[0]["status"] == "stored"
    # reopened and reported done again, by the leader this time: the leader may not verify
    store.push(office, [event("reopened"), event("reported_done", leader.id)])
    assert "报办结以外" in refused(leader, [event("verified")])[0]
    assert store.push(office, [event("verified", office.id)])[0]["status"] == "stored"
