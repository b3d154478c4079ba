import json

import pytest

from forms import changes, dump, projects
from forms.hlc import Clock
from forms.workspace import Workspace


def _pair(tmp_path):
    return Workspace.open(tmp_path / "a"), Workspace.open(tmp_path / "b")


def _journal(ws):
    return [json.loads(r[0]) for r in ws.db.execute("SELECT body FROM changes ORDER BY hlc")]


def test_receive_is_idempotent(tmp_path):
    a, b = _pair(tmp_path)
    projects.create(a, {"name": "甲项目", "stage": "build"})
    assert b.receive(_journal(a)) == 2
    assert b.receive(_journal(a)) == 0
    assert dump.dumps(a) == dump.dumps(b)


def test_same_id_other_body_is_refused(tmp_path):
    a, b = _pair(tmp_path)
    projects.create(a, {"name": "甲项目"})
    sent = _journal(a)
    b.receive(sent)
    sent[0]["fields"]["name"] = "篡改"
    with pytest.raises(changes.ChangeConflict):
        b.receive(sent)


def test_last_writer_wins_per_field_in_any_order(tmp_path):
    a, b = _pair(tmp_path)
    pid = projects.create(a, {"name": "甲项目", "stage": "build", "notes": "原"})
    b.receive(_journal(a))
    projects.update(a, pid, {"notes": "甲改"})
    projects.update(b, pid, {"notes": "乙改", "location": "北环路"})
    a_changes, b_changes = _journal(a), _journal(b)
    a.receive(b_changes)
    b.receive(a_changes)
    assert dump.dumps(a) == dump.dumps(b)
    row = projects.get(a, pid)
    assert row["location"] == "北环路"
    # Both writes are kept in the journal whoever won.
    notes = [c["fields"]["notes"] for c in _journal(a) if "notes" in c["fields"]]
    assert set(notes) == {"原", "甲改", "乙改"}


def test_clock_days_behind_still_orders_after_what_it_saw(tmp_path):
    a, b = _pair(tmp_path)
    three_days = 3 * 24 * 3600 * 1000
    b.clock = Clock(b.device_id, wall=lambda: 1_800_000_000_000 - three_days)
    a.clock = Clock(a.device_id, wall=lambda: 1_800_000_000_000)
    pid = projects.create(a, {"name": "甲项目", "notes": "办公室写"})
    b.receive(_journal(a))
    projects.update(b, pid, {"notes": "现场后写"})  # later in reality, earlier by its wall clock
    a.receive(_journal(b))
    assert projects.get(a, pid)["notes"] == "现场后写"
    assert projects.get(b, pid)["notes"] == "现场后写"


def _stamps(ws, entity_id):
    rows = ws.db.execute(
        "SELECT change_id, fields FROM field_stamps WHERE entity_id = ? ORDER BY hlc", [entity_id]
    ).fetchall()
    return [(change_id, sorted(json.loads(names))) for change_id, names in rows]


def test_field_stamps_one_row_per_record_and_winning_change(tmp_path):
    a, b = _pair(tmp_path)
    pid = projects.create(a, {"name": "甲项目", "stage": "build", "notes": "原"})
    made = _journal(a)[0]["id"]
    assert _stamps(a, pid) == [(made, ["name", "notes", "stage"])]
    projects.update(a, pid, {"notes": "改"})
    edit = _journal(a)[-1]["id"]
    assert _stamps(a, pid) == [(made, ["name", "stage"]), (edit, ["notes"])]
    projects.update(a, pid, {"name": "甲项目二期", "stage": "produce"})
    assert [change for change, _ in _stamps(a, pid)] == [edit, _journal(a)[-2]["id"]]
    # Another device that receives the same changes in another order holds the same stamps.
    b.receive(list(reversed(_journal(a))))
    assert _stamps(b, pid) == _stamps(a, pid)
    assert dump.dumps(a) == dump.dumps(b)


def test_reset_clock_counts_the_field_values_future_stamps_hold(ws):
    from forms import hlc

    ahead = f"{hlc.wall_millis() + 30 * hlc.DAY:015d}-00000-ff"
    ws.receive(
        [
            {
                "id": "c1",
                "entity": "unit",
                "entity_id": "u1",
                "op": "set",
                "fields": {"name": "东区", "kind": "district"},
                "hlc": ahead,
                "author_id": None,
                "device": "ff",
            },
            {
                "id": "c2",
                "entity": "unit",
                "entity_id": "u2",
                "op": "set",
                "fields": {"name": "西区"},
                "hlc": "001700000000000-00000-ee",
                "author_id": None,
                "device": "ee",
            },
        ]  # fmt: skip
    )
    assert ws.reset_clock()[2] == 2


def test_declared_field_names_are_plain_identifiers():
    """field_stamps lists field names as JSON joined by hand (changes._names_json): that holds
    while every declared name is a plain identifier."""
    import re

    from forms import entities

    names = {name for entity in entities.ENTITIES.values() for name in entity.fields}
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in names)
    assert json.loads(changes._names_json(sorted(names))) == sorted(names)
    assert json.loads(changes._names_json([])) == []


def test_a_change_that_sets_no_field_is_journaled_and_changes_nothing(tmp_path):
    """An empty edit (from this laptop or a peer) is one change in the journal and leaves the
    record as it was; it used to be an SQL syntax error that stopped the whole receive."""
    a, b = _pair(tmp_path)
    project_id = projects.create(a, {"name": "甲项目", "stage": "build"})
    b.receive(_journal(a))
    before = dump.dumps(a)
    a.record("project", project_id, {})
    assert _journal(a)[-1]["fields"] == {}
    assert dump.dumps(a) == before
    assert b.receive(_journal(a)) == 1
    assert dump.dumps(b) == before
