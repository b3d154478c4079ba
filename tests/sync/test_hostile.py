"""Hostile peers (issue 10): an office, a 东区 leader and commissioner, a 西区 leader on one
real server on loopback; attacks with only a leader's own token, a server that relays anything,
a far-future clock."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

import httpx
import pytest

from forms import hlc, projects
from forms.ids import new_id
from forms.workspace import Workspace
from sync import local
from sync.client import Client

from .factory import change, visit
from .helpers import add_photo, cli


def sync(ws):
    with Client(ws) as client:
        return client.sync()


def api(server, ws) -> httpx.Client:
    token = local.get(ws, "token")
    return httpx.Client(
        base_url=f"{server.url}/v1", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )


@dataclass
class City:
    server: object
    office: Workspace
    east_leader: Workspace
    east_commissioner: Workspace
    west_leader: Workspace
    east: str  # unit ids
    west: str
    east_projects: list[str]
    west_projects: list[str]

    def close(self) -> None:
        for ws in (self.office, self.east_leader, self.east_commissioner, self.west_leader):
            ws.close()


@pytest.fixture
def city(server, tmp_path):
    office = server.enrolled(tmp_path / "office", "办公室")
    east, west = "u-east", "u-west"
    with office.transaction():
        office.record("unit", east, {"name": "东区", "kind": "district"})
        office.record("unit", west, {"name": "西区", "kind": "district"})
    east_projects = [
        projects.create(office, {"name": f"东区项目{n}", "district_id": east, "stage": "build"})
        for n in range(2)
    ]
    west_projects = [
        projects.create(office, {"name": f"西区项目{n}", "district_id": west, "stage": "build"})
        for n in range(2)
    ]
    sync(office)
    # districts given by name are kept as the units' ids (the units are on the server now)
    server.add_user("东区领导", "leader", "东区")
    server.add_user("东区专员", "commissioner", "东区")
    server.add_user("西区领导", "leader", "西区")
    people = [server.enrolled(tmp_path / n, n) for n in ("东区领导", "东区专员", "西区领导")]
    for ws in people:
        sync(ws)
    made = City(server, office, *people, east, west, east_projects, west_projects)
    yield made
    made.close()


def record_visit(ws, project_id: str) -> str:
    visit_id = new_id()
    ws.record("visit", visit_id, visit(project_id)["fields"])
    return visit_id


def photo_rows(ws) -> set[str]:
    return {r[0] for r in ws.db.execute("SELECT id FROM photos")}


def test_field_photos_reach_the_office_byte_exact(city):
    leader_photo = add_photo(city.east_leader, seed=1, attach_to=("project", city.east_projects[0]))
    visit_id = record_visit(city.east_commissioner, city.east_projects[1])
    commissioner_photo = add_photo(city.east_commissioner, seed=2, attach_to=("visit", visit_id))
    for ws in (city.east_leader, city.east_commissioner):
        report = sync(ws)
        assert report.set_aside == [], report.set_aside
        assert local.status(ws).changes_waiting == 0
    sync(city.office)
    for photo in (leader_photo, commissioner_photo):
        assert photo.original in photo_rows(city.office)
        assert photo.at(city.office).read_bytes() == photo.path.read_bytes()
    # the links and a later caption event arrive too
    assert city.office.db.execute("SELECT COUNT(*) FROM photo_links").fetchone()[0] == 2
    assert city.office.db.execute(
        "SELECT project_id FROM visits WHERE id = ?", [visit_id]
    ).fetchone() == (city.east_projects[1],)
    # the 东区 colleagues see each other's photos; the 西区 leader sees no photo row at all
    sync(city.east_leader)
    assert commissioner_photo.original in photo_rows(city.east_leader)
    sync(city.west_leader)
    assert photo_rows(city.west_leader) == set()
    assert city.west_leader.db.execute("SELECT COUNT(*) FROM photo_links").fetchone()[0] == 0


def test_photo_rows_reach_a_colleague_who_pulled_before_the_link(city):
    """A photo row pushed before any link of it is out of everyone's scope but the office's;
    once a link puts it in a project, a colleague's next pull brings the row too."""
    photo = add_photo(city.east_leader, seed=3, attach_to=("project", city.east_projects[0]))
    link = city.east_leader.db.execute("SELECT id FROM photo_links").fetchone()[0]
    link_change = city.east_leader.db.execute(
        "SELECT change_id FROM outbox JOIN changes ON changes.id = outbox.change_id"
        " WHERE changes.entity = 'photo_link'"
    ).fetchone()[0]
    # the photo row goes alone first (the link is held back), the colleague pulls past it
    city.east_leader.db.execute("DELETE FROM outbox WHERE change_id = ?", [link_change])
    sync(city.east_leader)
    sync(city.east_commissioner)
    assert photo_rows(city.east_commissioner) == set()
    city.east_leader.db.execute("INSERT INTO outbox (change_id) VALUES (?)", [link_change])
    sync(city.east_leader)
    sync(city.east_commissioner)
    assert photo.original in photo_rows(city.east_commissioner)
    assert city.east_commissioner.db.execute(
        "SELECT 1 FROM photo_links WHERE id = ?", [link]
    ).fetchone()


def test_photo_visible_follows_the_projects_links_name(city):
    photo = add_photo(city.east_leader, seed=4, attach_to=("project", city.east_projects[0]))
    sync(city.east_leader)
    store = city.server.store()
    try:
        users = {
            name: store.authenticate(local.get(ws, "token"))
            for name, ws in (
                ("office", city.office),
                ("east", city.east_leader),
                ("commissioner", city.east_commissioner),
                ("west", city.west_leader),
            )
        }
        for sha in (photo.original, photo.working):
            assert store.photo_visible(users["office"], sha)
            assert store.photo_visible(users["east"], sha)
            assert store.photo_visible(users["commissioner"], sha)
            assert not store.photo_visible(users["west"], sha)
        assert not store.photo_visible(users["west"], "0" * 64)
    finally:
        store.close()


def test_a_district_cannot_take_anothers_projects(city):
    west = api(city.server, city.west_leader)
    target = city.east_projects[0]
    moved = change("project", target, {"district_id": city.west})
    response = west.post("/changes", json={"changes": [moved]})
    assert response.status_code == 403
    assert "办公室" in response.json()["refused"][0]["reason"]
    # nor write a visit, a problem or a photo link on one
    for record in (
        visit(target),
        change(
            "photo_link",
            fields={"photo_id": "a" * 64, "target_kind": "project", "target_id": target},
        ),
    ):
        assert west.post("/changes", json={"changes": [record]}).status_code == 403
    # a link that names its own project but targets another district's visit is refused too
    east_visit = record_visit(city.east_leader, target)
    sync(city.east_leader)
    sneaky = change(
        "photo_link",
        fields={
            "photo_id": "b" * 64,
            "target_kind": "visit",
            "target_id": east_visit,
            "project_id": city.west_projects[0],
        },
    )
    assert west.post("/changes", json={"changes": [sneaky]}).status_code == 403
    sync(city.west_leader)
    assert city.west_leader.db.execute(
        "SELECT COUNT(*) FROM projects WHERE district_id = ?", [city.east]
    ).fetchone() == (0,)
    sync(city.office)
    assert city.office.db.execute(
        "SELECT district_id FROM projects WHERE id = ?", [target]
    ).fetchone() == (city.east,)


def test_renaming_a_unit_changes_no_ones_scope(city):
    city.office.record("unit", city.east, {"name": "西区"})  # the 东区 unit now named 西区
    city.office.record("unit", city.west, {"name": "老西区"})
    sync(city.office)
    sync(city.west_leader)
    sync(city.east_leader)
    districts = lambda ws: {  # noqa: E731
        r[0] for r in ws.db.execute("SELECT district_id FROM projects")
    }
    assert districts(city.west_leader) == {city.west}
    assert districts(city.east_leader) == {city.east}
    response = api(city.server, city.west_leader).post(
        "/changes", json={"changes": [visit(city.east_projects[0])]}
    )
    assert response.status_code == 403


SQL_NAME = "name = 'x', notes = (SELECT value FROM sync_state WHERE key = 'token') --"


def test_a_field_name_that_is_sql_is_refused_by_the_server(city):
    bad = change("visit", fields={**visit(city.east_projects[0])["fields"], SQL_NAME: 1})
    response = api(city.server, city.east_leader).post("/changes", json={"changes": [bad]})
    assert response.status_code == 422
    assert "没有字段" in response.json()["refused"][0]["reason"]
    wrong_type = visit(city.east_projects[0])
    wrong_type["fields"]["form_version"] = "1; DROP TABLE visits"
    response = api(city.server, city.east_leader).post("/changes", json={"changes": [wrong_type]})
    assert response.status_code == 422 and "整数" in response.json()["refused"][0]["reason"]
    huge = visit(city.east_projects[0])
    huge["fields"]["progress_text"] = "长" * 100_000
    response = api(city.server, city.east_leader).post("/changes", json={"changes": [huge]})
    assert response.status_code == 422 and "超过" in response.json()["refused"][0]["reason"]


def _smuggle(server, body: dict) -> None:
    """A change the server stores without checking (an older server, or one broken into)."""
    db = sqlite3.connect(server.data / "server.sqlite")
    with db:
        db.execute(
            "INSERT INTO changes (id, entity, entity_id, project_id, author_id, device_id, body,"
            " stored_at) VALUES (?, ?, ?, NULL, NULL, 'evil', ?, '2026-11-23')",
            [body["id"], body["entity"], body["entity_id"], json.dumps(body, sort_keys=True)],
        )
    db.close()


def test_a_bad_change_relayed_by_the_server_is_set_aside_and_the_rest_goes(city):
    names = lambda: city.office.db.execute(  # noqa: E731
        "SELECT id, name, notes FROM projects ORDER BY id"
    ).fetchall()
    before = names()
    evil = change("project", city.east_projects[0], {"name": "被改", SQL_NAME: 1})
    unknown = change("project", city.east_projects[1], {"drone_altitude": 30})
    future = change("project", city.east_projects[1], {"name": "来自未来"})
    future["hlc"] = "999999999999999-99999-evil"
    for body in (evil, unknown, future):
        _smuggle(city.server, body)
    record_visit(city.west_leader, city.west_projects[0])
    sync(city.west_leader)
    clock_before = city.office.clock.last
    city.office.close()
    out = cli("sync", home=city.office.home)
    city.office = office = Workspace.open(city.office.home)
    assert out.returncode == 0
    assert "3 received changes refused" in out.stdout
    assert names() == before  # nothing renamed, no token copied anywhere
    assert office.db.execute("SELECT COUNT(*) FROM visits").fetchone()[0] == 1
    refused = {r["change_id"]: r["reason"] for r in local.refused_received(office)}
    assert set(refused) == {evil["id"], unknown["id"], future["id"]}
    assert "没有字段" in refused[unknown["id"]]
    assert office.clock.last.millis < hlc.MAX_MILLIS - hlc.RECEIVE_AHEAD
    assert office.clock.last >= clock_before
    # the office's own next change syncs as ever
    office.record("project", city.west_projects[1], {"notes": "之后的修改"})
    report = sync(office)
    assert report.set_aside == [] and report.pushed == 1


def test_a_stamp_far_ahead_of_the_server_is_refused(city):
    client = api(city.server, city.east_leader)
    ahead = visit(city.east_projects[0])
    ahead["hlc"] = f"{hlc.wall_millis() + 25 * 3600 * 1000:015d}-00000-dev"
    response = client.post("/changes", json={"changes": [ahead]})
    assert response.status_code == 422
    assert "超前" in response.json()["refused"][0]["reason"]
    near = visit(city.east_projects[0])
    near["hlc"] = f"{hlc.wall_millis() + 3600 * 1000:015d}-00000-dev"
    assert client.post("/changes", json={"changes": [near]}).status_code == 200
    poison = visit(city.east_projects[0])
    poison["hlc"] = "999999999999999-99999-dev"
    assert client.post("/changes", json={"changes": [poison]}).status_code == 422
