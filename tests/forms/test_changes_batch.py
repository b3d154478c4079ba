"""Applying many changes at once (batched writes) gives what applying them one by one gives."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from forms import changes, demo, dump, projects
from forms.workspace import Workspace


@pytest.fixture
def journal(tmp_path):
    with Workspace.open(tmp_path / "source") as source:
        demo.build(source, size=demo.Size(30, 8, 40, 60), today=dt.date(2026, 11, 23))
        # a later write to a field some projects already have: last writer wins
        for project in projects.all_projects(source)[:5]:
            projects.update(source, project["id"], {"notes": "第二次", "stage": "produce"})
        rows = source.db.execute("SELECT body FROM changes ORDER BY rowid").fetchall()
        return [json.loads(body) for (body,) in rows], shared(source)


def shared(ws) -> dict:
    # Form definitions are bundled files, not changes: every workspace has its own copy.
    content = json.loads(dump.dumps(ws))
    content.pop("form_definitions")
    return content


def test_all_at_once_equals_one_by_one(tmp_path, journal):
    received, source_dump = journal
    with Workspace.open(tmp_path / "one") as one:
        for change in received:
            one.receive([change])
        assert shared(one) == source_dump
    shuffled = list(received)
    random.Random(5).shuffle(shuffled)  # any order: references are checked at commit
    with Workspace.open(tmp_path / "all") as together:
        assert together.receive(shuffled) == len(received)
        assert together.receive(received) == 0  # idempotent
        assert shared(together) == source_dump


def test_same_id_twice_in_one_batch(ws):
    change = {
        "id": "c1",
        "entity": "unit",
        "entity_id": "u1",
        "op": "set",
        "fields": {"name": "城关区", "kind": "district"},
        "hlc": "000000000000001-00000-aa",
        "author_id": None,
        "device": "aa",
    }
    assert ws.receive([change, dict(change)]) == 1
    with pytest.raises(changes.ChangeConflict):
        ws.receive([{**change, "fields": {"name": "别的"}}])


def test_batch_writes_at_the_end_and_nothing_on_error(ws):
    heard = []
    ws.subscribe(lambda done, origin: heard.append(len(done)))
    with ws.batch():
        project_id = projects.create(ws, {"code": "A1", "name": "甲", "stage": "build"})
        assert projects.get(ws, project_id) is None  # applied when the block ends
    assert projects.get(ws, project_id)["name"] == "甲"
    assert heard == [2]  # the project and its first stage, announced once
    assert ws.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 2
    with pytest.raises(RuntimeError), ws.batch():
        projects.create(ws, {"code": "B1", "name": "乙"})
        raise RuntimeError("stop")
    assert projects.count(ws) == 1
    assert ws.db.execute("SELECT count(*) FROM changes").fetchone()[0] == 2


def test_a_failed_inner_block_in_a_batch_drops_only_its_records(ws):
    heard = []
    ws.subscribe(lambda done, origin: heard.append(sorted(c["entity"] for c in done)))
    with ws.batch():
        projects.create(ws, {"code": "A1", "name": "甲"})
        with pytest.raises(ValueError):
            projects.create(ws, {"code": "B1", "name": "乙", "stage": "nonsense"})
        with pytest.raises(KeyError), ws.transaction():
            ws.record("unit", "u1", {"name": "城关区", "kind": "district"})
            raise KeyError("inner failure")
    assert [p["code"] for p in projects.all_projects(ws)] == ["A1"]
    assert ws.db.execute("SELECT count(*) FROM units").fetchone()[0] == 0
    assert heard == [["project"]]
