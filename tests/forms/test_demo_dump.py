import datetime as dt
import json

import pytest

from forms import demo, dump
from forms.workspace import Workspace

TODAY = dt.date(2026, 11, 23)


def _demo_dump(home, **kw):
    with Workspace.open(home) as ws:
        demo.build(ws, today=TODAY, **kw)
        return dump.dumps(ws)


def test_demo_is_deterministic(tmp_path):
    assert _demo_dump(tmp_path / "a") == _demo_dump(tmp_path / "b")
    assert _demo_dump(tmp_path / "c", seed=7) != _demo_dump(tmp_path / "d")


def test_demo_is_realistic(demo_ws):
    content = json.loads(dump.dumps(demo_ws))
    assert len(content["projects"]) >= 200
    assert len(content["people"]) == 20
    assert len(content["visits"]) == 300
    assert len(content["problems"]) == 600
    assert {p["stage"] for p in content["projects"]} == {
        "reserve",
        "attract",
        "build",
        "upgrade",
        "produce",
    }
    assert len({p["district_id"] for p in content["projects"]}) == 6
    statuses = {p["status"] for p in content["problems"]}
    assert {"closed", "assigned", "in_progress", "reported_done"} <= statuses
    overdue = [
        p
        for p in content["problems"]
        if p["status"] != "closed" and p["deadline"] and p["deadline"] < TODAY.isoformat()
    ]
    assert overdue
    assert all("\u4e00" <= p["name"][0] <= "\u9fff" for p in content["projects"])


def test_every_leader_packages_each_stage(demo_ws):
    rows = demo_ws.db.execute(
        "SELECT people.id, group_concat(DISTINCT projects.stage) FROM people"
        " JOIN assignments ON assignments.person_id = people.id"
        " JOIN projects ON projects.id = assignments.project_id"
        " WHERE people.role = 'leader' GROUP BY people.id"
    ).fetchall()
    assert rows
    for _, stages in rows:
        assert {"attract", "build", "upgrade", "produce"} <= set(stages.split(","))


def test_demo_refuses_a_workspace_with_data(demo_ws):
    with pytest.raises(ValueError, match="empty"):
        demo.build(demo_ws, today=TODAY)


def test_dump_leaves_out_device_local_state(demo_ws):
    demo_ws.local_set("sync_cursor", "12345")
    text = dump.dumps(demo_ws)
    content = json.loads(text)
    assert set(content) == {
        "units",
        "people",
        "projects",
        "stage_changes",
        "assignments",
        "visits",
        "problems",
        "problem_events",
        "notices",
        "form_definitions",
        "settings",
    } | set(content)
    assert "outbox" not in content and "local" not in content and "changes" not in content
    assert "12345" not in text and demo_ws.device_id not in text


def test_dump_rows_sorted_and_stable_under_insert_order(tmp_path):
    from forms import projects

    with Workspace.open(tmp_path / "a") as a, Workspace.open(tmp_path / "b") as b:
        first = projects.create(a, {"name": "甲"})
        second = projects.create(a, {"name": "乙"})
        body = [
            json.loads(r[0]) for r in a.db.execute("SELECT body FROM changes ORDER BY hlc DESC")
        ]
        b.receive(body)  # the other order
        assert dump.dumps(a) == dump.dumps(b)
        ids = [p["id"] for p in json.loads(dump.dumps(a))["projects"]]
        assert ids == sorted([first, second])
