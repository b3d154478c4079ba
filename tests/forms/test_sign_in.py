"""Sign-in passwords, slowing down after failures, role rules, and the append-only audit trail."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3

import pytest

from forms import problems, projects, roles, sign_in, units
from forms.people import assign, ensure_person
from tests.sync.helpers import cli

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def people(ws):
    office = ensure_person(ws, "李娜", "office")
    wang = ensure_person(ws, "王伟", "commissioner")
    zhao = ensure_person(ws, "赵敏", "commissioner")
    leader = ensure_person(ws, "陈刚", "leader")
    return ws, office, wang, zhao, leader


def test_a_laptop_with_no_password_signs_in_by_name_until_one_is_set(people):
    ws, office, wang, zhao, _ = people
    sign_in.check(ws, wang, None)
    sign_in.set_password(ws, wang, "shanghai-77", by=None)
    assert sign_in.needs_password(ws)
    with pytest.raises(sign_in.SignInError, match="office sets one"):
        sign_in.check(ws, zhao, None)  # nobody signs in as zhao until the office sets one
    sign_in.set_password(ws, zhao, "zhao-secret", by=office)
    sign_in.check(ws, zhao, "zhao-secret")


def test_wrong_password_is_refused_and_attempts_slow_down(people):
    ws, _, wang, *_ = people
    clock = Clock()
    sign_in.set_password(ws, wang, "shanghai-77", by=None, now=clock)
    for _ in range(sign_in.FREE_ATTEMPTS):
        with pytest.raises(sign_in.WrongPassword):
            sign_in.check(ws, wang, "guess", now=clock)
    with pytest.raises(sign_in.TooSoon) as early:
        sign_in.check(ws, wang, "shanghai-77", now=clock)  # even the right one must wait
    assert early.value.seconds == sign_in.FIRST_WAIT
    clock.now += dt.timedelta(seconds=6)
    with pytest.raises(sign_in.WrongPassword):
        sign_in.check(ws, wang, "guess again", now=clock)
    assert sign_in.wait_seconds(ws, wang, clock) == 2 * sign_in.FIRST_WAIT
    clock.now += dt.timedelta(seconds=11)
    sign_in.check(ws, wang, "shanghai-77", now=clock)
    assert sign_in.wait_seconds(ws, wang, clock) == 0
    actions = [a for (a,) in ws.conn.execute("SELECT action FROM audit_events ORDER BY seq")]
    assert actions == ["password_set"] + ["sign_in_failed"] * 4 + ["sign_in"]


def test_only_the_office_sets_another_persons_password(people):
    ws, office, wang, zhao, _ = people
    with pytest.raises(roles.Forbidden):
        sign_in.set_password(ws, zhao, "from-wang", by=wang)
    sign_in.set_password(ws, wang, "my-own-1", by=wang)
    sign_in.set_password(ws, zhao, "reset-by-office", by=office)
    with pytest.raises(sign_in.UserError, match="at least"):
        sign_in.set_password(ws, wang, "abc", by=wang)


def _problem_reported_done(ws, office, reporter, project):
    assign(ws, reporter, project, "commissioner", "2026-01-01")
    problem_id = problems.register(
        ws,
        project,
        {"category": "land", "description": "用地未征收", "raised_on": "2026-11-20"},
        author_id=reporter,
    )
    unit = units.ensure_unit(ws, "市自然资源和规划局", "department")
    return problem_id, unit


def test_a_commissioner_is_refused_verify_and_close(people):
    ws, office, wang, zhao, leader = people
    project = projects.create(ws, {"name": "年产10万吨铝合金项目", "stage": "build"})
    pid, unit = _problem_reported_done(ws, office, wang, project)
    assign(ws, leader, project, "leader", "2026-01-01")  # the project's 包抓领导
    problems.act(ws, pid, "assign", author_id=leader, unit_id=unit)  # a leader may assign
    problems.act(ws, pid, "report_done", author_id=wang)
    with pytest.raises(problems.LifecycleError, match="cannot also verify"):
        problems.act(ws, pid, "verify", author_id=wang)
    with pytest.raises(roles.Forbidden, match="only the office"):
        problems.act(ws, pid, "verify", author_id=zhao)  # another commissioner: still no
    with pytest.raises(roles.Forbidden, match="only the office"):
        problems.act(ws, pid, "verify", author_id=leader)  # the leader, not yet allowed
    with pytest.raises(roles.Forbidden, match="your own problems"):
        problems.act(ws, pid, "progress", author_id=zhao, note="不是我的项目")
    assert problems.get(ws, pid)["status"] == "reported_done"
    # The office lets the assigning leader close; ids decide, never names.
    ws.record("setting", roles.LEADER_MAY_VERIFY, {"value": "true"}, author_id=office)
    namesake = ensure_person(ws, "陈刚 ", "leader")
    ws.db.execute("UPDATE people SET name = '陈刚' WHERE id = ?", [namesake])
    with pytest.raises(roles.Forbidden):
        problems.act(ws, pid, "verify", author_id=namesake)
    problems.act(ws, pid, "verify", author_id=leader)
    assert problems.get(ws, pid)["status"] == "closed"
    with pytest.raises(roles.Forbidden):
        problems.act(ws, pid, "reopen", author_id=wang, note="反弹")
    problems.act(ws, pid, "reopen", author_id=office, note="反弹")


def test_only_the_office_edits_the_ledger(people):
    ws, office, wang, *_ = people
    with pytest.raises(roles.Forbidden, match="only the office edits the ledger"):
        projects.create(ws, {"name": "自己加的项目"}, author_id=wang)
    project = projects.create(ws, {"name": "办公室加的项目"}, author_id=office)
    with pytest.raises(roles.Forbidden):
        assign(ws, wang, project, "commissioner", "2026-01-01", author_id=wang)


def test_the_audit_trail_is_append_only_and_exports(people, tmp_path):
    ws, office, wang, *_ = people
    sign_in.set_password(ws, wang, "shanghai-77", by=None)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ws.conn.execute("DELETE FROM audit_events")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ws.conn.execute("UPDATE audit_events SET person_id = NULL")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ws.conn.execute("DELETE FROM changes")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ws.conn.execute("UPDATE changes SET entity = 'unit'")
    ws.close()
    out = tmp_path / "audit.jsonl"
    cli("audit", "-o", str(out), home=ws.home)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    journal = [line for line in lines if line["source"] == "journal"]
    events = [line for line in lines if line["source"] == "event"]
    assert {j["entity"] for j in journal} == {"person"} and len(journal) == 4
    assert events[0]["action"] == "password_set" and events[0]["person_name"] == "王伟"
    assert all(line["device"] for line in lines)


def test_password_on_the_command_line(people):
    ws, *_ = people
    ws.close()
    env = {"SITELEDGER_PASSWORD": "from-script-1"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        done = cli("password", "--person", "王伟", home=ws.home)
        assert "password set" in done.stdout
        refused = cli("password", "--person", "赵敏", "--by", "王伟", home=ws.home, check=False)
        assert refused.returncode == 1 and "only the office" in refused.stderr
        unknown = cli("password", "--person", "无名", home=ws.home, check=False)
        assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
