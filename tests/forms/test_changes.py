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
