"""The laptop's sync state: migration 0003_sync, kept out of the dump, cursor with its page."""

from __future__ import annotations

import json

import pytest

from forms import dump
from forms.changes import ChangeConflict
from forms.schema import SHARED_TABLES
from forms.workspace import Workspace
from sync import laptop_state

from .factory import project


def test_0003_sync_upgrades_an_older_workspace(tmp_path):
    ws = Workspace.open(tmp_path / "w")
    tables = (
        "sync_state",
        "sync_set_aside",
        "sync_photos_sent",
        "sync_peers",
        "sync_bundles",
        "sync_resolved",
    )
    # make it look like a workspace written before 0003_sync
    for table in tables:
        ws.db.execute(f"DROP TABLE {table}")
    ws.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0003_sync'")
    ws.close()
    ws = Workspace.open(tmp_path / "w")
    assert all(ws.db[t].exists() for t in tables)
    assert not set(tables) & set(SHARED_TABLES)
    laptop_state.put(ws, server_url="http://x", token="secret-token", cursor=7)
    assert "secret-token" not in dump.dumps(ws) and laptop_state.cursor(ws) == 7
    ws.close()


def test_0004_hostile_upgrades_a_workspace_and_seals_its_plain_token(tmp_path):
    ws = Workspace.open(tmp_path / "w")
    laptop_state.put(ws, server_url="http://x", token="plain-old-token")  # as 0003 kept it
    ws.db.execute("DROP TABLE sync_refused_in")
    ws.db.execute("DROP TABLE sync_revoked_devices")
    ws.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_hostile'")
    ws.close()
    ws = Workspace.open(tmp_path / "w")
    assert ws.db["sync_refused_in"].exists() and ws.db["sync_revoked_devices"].exists()
    assert not {"sync_refused_in", "sync_revoked_devices"} & set(SHARED_TABLES)
    assert laptop_state.get_secret(ws, "token") == "plain-old-token"  # read once, sealed at once
    assert laptop_state.get(ws, "token").startswith("enc1:")
    assert laptop_state.get_secret(ws, "token") == "plain-old-token"
    ws.close()


def test_a_page_and_its_cursor_are_stored_together(ws):
    good = project("d1")
    bad = {**good, "fields": {"name": "同号不同内容"}}
    laptop_state.apply_page(ws, [good], 5)
    assert laptop_state.cursor(ws) == 5
    with pytest.raises(ChangeConflict):
        laptop_state.apply_page(ws, [project("d1"), bad], 9)
    assert laptop_state.cursor(ws) == 5  # nothing of the failed page, not even its cursor
    assert ws.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == 1


def test_set_aside_leaves_the_queue_and_can_be_requeued(ws):
    first = ws.record("unit", "u1", {"name": "甲"})
    second = ws.record("unit", "u2", {"name": "乙"})
    laptop_state.set_aside(ws, [{"id": first["id"], "status": 403, "reason": "不在范围内"}])
    assert [json.loads(b)["id"] for b in laptop_state.outbox_batch(ws, 10)] == [second["id"]]
    assert laptop_state.set_aside_list(ws)[0]["reason"] == "不在范围内"
    assert laptop_state.requeue_set_aside(ws) == 1
    assert laptop_state.status(ws).changes_waiting == 2 and laptop_state.status(ws).set_aside == 0


def test_own_change_returned_with_the_server_author_is_adopted(ws):
    ws.record("project", "p1", {"name": "项目", "district_id": "d"})
    v = ws.record(
        "stage_change",
        "s1",
        {"project_id": "p1", "stage": "build", "changed_on": "2026-11-01"},
        author_id="someone",
    )
    returned = {**v, "author_id": "server-user"}
    laptop_state.apply_page(ws, [returned], 3)
    row = ws.db.execute("SELECT author_id FROM stage_changes WHERE id = 's1'").fetchone()
    assert row[0] == "server-user"
    body = json.loads(
        ws.db.execute("SELECT body FROM changes WHERE id = ?", [v["id"]]).fetchone()[0]
    )
    assert body["author_id"] == "server-user"
