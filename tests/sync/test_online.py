"""Online sync against a real server process on loopback."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from forms import problems, projects
from forms.hlc import Clock
from forms.ids import new_id
from sync import conflicts, laptop_state
from sync.client import Client, SyncError

from .conftest import ServerProcess
from .factory import visit
from .helpers import add_photo, assert_same, demo_queued


def sync(ws, **kw):
    with Client(ws, **kw) as client:
        return client.sync()


def test_two_offices_converge_and_nothing_to_do_is_quick(server, tmp_path):
    a = server.enrolled(tmp_path / "a", "办公室甲")
    b = server.enrolled(tmp_path / "b", "办公室乙")
    demo_queued(a)
    report = sync(a, batch=37)
    assert report.pushed == a.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0]
    assert laptop_state.status(a).changes_waiting == 0
    assert sync(b).received == report.pushed
    assert_same(a, b)
    again = sync(b)
    assert (again.pushed, again.received) == (0, 0)
    assert laptop_state.status(b).last_error is None and laptop_state.status(b).last_sync


def test_authorship_from_token_is_adopted_locally(server, tmp_path):
    office = server.enrolled(tmp_path / "o", "办公室")
    demo_queued(office)
    sync(office)
    from forms import people

    # the office records the leader as a person; the server user is that person
    leader_id = people.ensure_person(office, "李局长", "leader")
    server.add_user("李局长", "leader", "不存在的区", person_id=leader_id)
    leader = server.enrolled(tmp_path / "l", "李局长")
    project_id = office.db.execute("SELECT id FROM projects ORDER BY id LIMIT 1").fetchone()[0]
    person = office.db.execute(
        "SELECT id FROM people WHERE id <> ? LIMIT 1", [leader_id]
    ).fetchone()[0]
    # give the leader this project, then the leader records a problem on it, as "someone"
    people.assign(office, leader_id, project_id, "leader", "2026-01-01")
    sync(office)
    sync(leader)
    problem_id = problems.register(
        leader,
        project_id,
        {
            "category": "land",
            "description": "用地指标未落实",
            "raised_on": "2026-11-20",
        },
        author_id=person,
    )
    sync(leader)
    user_id = laptop_state.get(leader, "user_id")
    assert user_id == leader_id
    row = leader.db.execute(
        "SELECT author_id, reported_by FROM problems WHERE id = ?", [problem_id]
    ).fetchone()
    assert row[0] == user_id
    sync(office)
    assert (
        office.db.execute("SELECT author_id FROM problems WHERE id = ?", [problem_id]).fetchone()[0]
        == user_id
    )
    # the leader sees only the assigned project (none in its district), the office sees all
    assert leader.db.execute("SELECT COUNT(*) FROM projects").fetchone()[0] == 1


def test_refused_change_is_set_aside_and_the_rest_goes(server, tmp_path):
    office = server.enrolled(tmp_path / "o", "办公室")
    demo_queued(office)
    mine = projects.create(office, {"name": "本区项目", "district_id": "x"})
    sync(office)
    commissioner = server.enrolled(tmp_path / "c", "专员", "commissioner", district="x")
    sync(commissioner)
    # base data is the office's: a project (even in the commissioner's district) and a unit
    projects.create(commissioner, {"name": "本区新项目", "district_id": "x"})
    unit = commissioner.record("unit", "u-new", {"name": "私建单位"})
    # field work on a project in scope goes
    visit_id = new_id()
    commissioner.record("visit", visit_id, visit(mine)["fields"])
    report = sync(commissioner)
    reasons = {item["id"]: item["reason"] for item in report.set_aside}
    assert unit["id"] in reasons and "办公室" in reasons[unit["id"]]
    assert len(report.set_aside) == 2
    assert laptop_state.status(commissioner).set_aside == 2
    assert laptop_state.status(commissioner).changes_waiting == 0
    sync(office)
    assert (
        office.db.execute("SELECT project_id FROM visits WHERE id = ?", [visit_id]).fetchone()[0]
        == mine
    )
    assert office.db.execute("SELECT COUNT(*) FROM units WHERE id = 'u-new'").fetchone()[0] == 0


def test_offline_edits_of_the_same_problem_and_field_converge(server, tmp_path):
    a = server.enrolled(tmp_path / "a", "办公室甲")
    b = server.enrolled(tmp_path / "b", "办公室乙")
    demo_queued(a)
    sync(a)
    sync(b)
    problem_id = a.db.execute(
        "SELECT id FROM problems WHERE status IN ('registered', 'assigned', 'in_progress', 'reopened') ORDER BY id LIMIT 1"
    ).fetchone()[0]
    project_id = a.db.execute("SELECT id FROM projects ORDER BY id LIMIT 1").fetchone()[0]
    unit = a.db.execute("SELECT id FROM units LIMIT 1").fetchone()[0]
    # both offline: events on the same problem, edits of the same ledger field
    problems.act(a, problem_id, "assign", author_id=None, unit_id=unit, deadline="2026-12-31")
    problems.act(b, problem_id, "progress", author_id=None, note="已协调自然资源局")
    projects.update(a, project_id, {"total_investment": 120_000_000})
    projects.update(b, project_id, {"total_investment": 150_000_000})
    sync(a)
    sync(b)
    sync(a)
    assert_same(a, b)
    events = a.db.execute(
        "SELECT kind FROM problem_events WHERE problem_id = ? ORDER BY hlc", [problem_id]
    ).fetchall()
    assert [e[0] for e in events][-2:] in (["assigned", "progress"], ["progress", "assigned"])
    found = [c for c in conflicts.find(a) if c.entity_id == project_id]
    assert len(found) == 1 and found[0].field == "total_investment"
    text = found[0].describe()
    assert "总投资" in text and "12,000.00 万元" in text and "15,000.00 万元" in text
    # the office chooses the other value: a new change, synced like any other
    conflict = found[0]
    other = conflict.others[0]
    conflicts.choose(a, conflict, other, author_id=None)
    assert not [c for c in conflicts.find(a) if c.entity_id == project_id]
    sync(a)
    sync(b)
    assert_same(a, b)
    assert (
        b.db.execute("SELECT total_investment FROM projects WHERE id = ?", [project_id]).fetchone()[
            0
        ]
        == other.value
    )


@pytest.mark.parametrize("days", [-3, 3])
def test_a_laptop_clock_three_days_off_still_orders_events(tmp_path, days):
    """Whoever acts after seeing the other's action comes after it, whatever the wall clocks.

    (A server refuses stamps more than --clock-margin-hours ahead of its clock, 24 by default:
    this one is set to allow a laptop three days fast.)"""
    server = ServerProcess(tmp_path / "server", options=("--clock-margin-hours", "96")).start()
    try:
        _three_days_off(server, tmp_path, days)
    finally:
        server.stop()


def _three_days_off(server, tmp_path, days):
    office = server.enrolled(tmp_path / "o", "办公室")
    skewed = server.enrolled(tmp_path / "s", "钟不准的办公室")
    demo_queued(office)
    sync(office)
    offset = int(dt.timedelta(days=days).total_seconds() * 1000)
    real = skewed.clock._wall
    skewed.clock = Clock(skewed.device_id, str(skewed.clock.last), wall=lambda: real() + offset)
    project_id = office.db.execute("SELECT id FROM projects ORDER BY id LIMIT 1").fetchone()[0]
    problem_id = office.db.execute(
        "SELECT id FROM problems WHERE status IN ('registered', 'assigned', 'in_progress', 'reopened') ORDER BY id LIMIT 1"
    ).fetchone()[0]
    unit = office.db.execute("SELECT id FROM units LIMIT 1").fetchone()[0]
    # 1. the office acts; the skewed laptop sees it, then acts after it
    projects.update(office, project_id, {"progress_note": "主体封顶"})
    problems.act(office, problem_id, "assign", author_id=None, unit_id=unit, deadline="2026-12-31")
    sync(office)
    sync(skewed)
    projects.update(skewed, project_id, {"progress_note": "设备安装中"})
    problems.act(skewed, problem_id, "progress", author_id=None, note="设备进场")
    sync(skewed)
    sync(office)
    assert_same(office, skewed)
    assert (
        office.db.execute(
            "SELECT progress_note FROM projects WHERE id = ?", [project_id]
        ).fetchone()[0]
        == "设备安装中"
    )
    assert problems.get(office, problem_id)["status"] == "in_progress"
    # 2. and the other way round: the office acts after seeing the skewed laptop's action
    projects.update(skewed, project_id, {"notes": "笔记本先写"})
    problems.act(skewed, problem_id, "report_done", author_id=None)
    sync(skewed)
    sync(office)
    projects.update(office, project_id, {"notes": "办公室后改"})
    problems.act(office, problem_id, "verify", author_id=None)
    sync(office)
    sync(skewed)
    assert_same(office, skewed)
    assert (
        skewed.db.execute("SELECT notes FROM projects WHERE id = ?", [project_id]).fetchone()[0]
        == "办公室后改"
    )
    assert problems.get(skewed, problem_id)["status"] == "closed"


def test_photos_upload_and_reach_the_other_laptop(server, tmp_path):
    a = server.enrolled(tmp_path / "a", "办公室甲")
    b = server.enrolled(tmp_path / "b", "办公室乙")
    demo_queued(a)
    photo = add_photo(a, size=2_300_000)  # several chunks
    assert laptop_state.status(a).photos_waiting == 1
    report = sync(a)
    assert report.photos_sent == 1
    assert laptop_state.status(a).photos_waiting == 0
    # on the server: the working copy, by its own hash
    assert photo.on_server(server.data).read_bytes() == photo.path.read_bytes()
    # the other laptop pulls the records first, then fetches the file they name
    with Client(b) as client:
        client.sync(photos=False)
    assert laptop_state.status(b).photos_missing == 1
    assert not photo.at(b).exists()
    assert sync(b).photos_fetched == 1
    assert photo.at(b).read_bytes() == photo.path.read_bytes()
    assert laptop_state.status(b).photos_missing == 0 and laptop_state.status(b).photos_waiting == 0
    assert sync(b).photos_sent == 0  # fetched from the server: nothing to send back


def test_revoked_device_cannot_sync(server, tmp_path):
    a = server.enrolled(tmp_path / "a", "办公室甲")
    store = server.store()
    store.revoke(device_id=laptop_state.get(a, "server_device"))
    store.close()
    with pytest.raises(SyncError, match="撤销"):
        sync(a)
    assert "撤销" in laptop_state.status(a).last_error
    json.dumps(laptop_state.status(a).__dict__)  # plain data for the status bar


def test_server_on_postgresql_end_to_end(pg_cluster, tmp_path):
    """The same server process, on PostgreSQL: push, pull, photos, dumps equal."""
    from .conftest import ServerProcess

    url = pg_cluster.create_database(f"e2e_{tmp_path.name[-20:].lower()}")
    server = ServerProcess(tmp_path / "pgserver", url).start()
    try:
        a = server.enrolled(tmp_path / "a", "办公室甲")
        b = server.enrolled(tmp_path / "b", "办公室乙")
        demo_queued(a)
        photo = add_photo(a)
        sync(a, batch=50)
        assert sync(b).photos_fetched == 1
        assert photo.at(b).read_bytes() == photo.path.read_bytes()
        assert_same(a, b)
        assert (server.data / "database.url").read_text().strip() == url
        assert not (server.data / "server.sqlite").exists()
    finally:
        server.stop()
