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
from forms.photos import store as photo_store
from forms.workspace import Workspace
from sync import laptop_state
from sync.client import Client

from .conftest import ServerProcess
from .factory import change, visit
from .helpers import add_photo, cli


def sync(ws):
    with Client(ws) as client:
        return client.sync()


def api(server, ws) -> httpx.Client:
    token = laptop_state.get_secret(ws, "token")
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


PEOPLE = ("东区领导", "东区专员", "西区领导")


@pytest.fixture(scope="session")
def city_template(tmp_path_factory):
    """The city made once, through the real server and clients, then kept as files: each test
    runs on its own copy with its own server process (a copy costs far less than the making)."""
    root = tmp_path_factory.mktemp("city")
    server = ServerProcess(root / "server").start()
    try:
        office = server.enrolled(root / "office", "办公室")
        east, west = "u-east", "u-west"
        with office.transaction():
            office.record("unit", east, {"name": "东区", "kind": "district"})
            office.record("unit", west, {"name": "西区", "kind": "district"})
        made = {
            district: [
                projects.create(
                    office, {"name": f"{label}项目{n}", "district_id": district, "stage": "build"}
                )
                for n in range(2)
            ]
            for district, label in ((east, "东区"), (west, "西区"))
        }
        sync(office)
        # districts given by name are kept as the units' ids (the units are on the server now)
        server.add_user("东区领导", "leader", "东区")
        server.add_user("东区专员", "commissioner", "东区")
        server.add_user("西区领导", "leader", "西区")
        people = [server.enrolled(root / n, n) for n in PEOPLE]
        for ws in people:
            sync(ws)
        for ws in (office, *people):
            ws.close()
    finally:
        server.stop()
    return root, east, west, made[east], made[west]


@pytest.fixture
def city(city_template, tmp_path):
    import shutil

    root, east, west, east_projects, west_projects = city_template
    copy = tmp_path / "city"
    shutil.copytree(root, copy)
    server = ServerProcess(copy / "server").start()
    workspaces = []
    for name in ("office", *PEOPLE):
        ws = Workspace.open(copy / name)
        laptop_state.put(ws, server_url=server.url)  # the copy's server listens on another port
        workspaces.append(ws)
    made = City(server, *workspaces, east, west, east_projects, west_projects)
    yield made
    made.close()
    server.stop()


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
        assert laptop_state.status(ws).changes_waiting == 0
    sync(city.office)
    for photo in (leader_photo, commissioner_photo):
        assert photo.original in photo_rows(city.office)
        assert photo.at(city.office).read_bytes() == photo.path.read_bytes()
    # the links arrive, and a later caption event on one
    assert city.office.db.execute("SELECT COUNT(*) FROM photo_links").fetchone()[0] == 2
    link = city.east_leader.db.execute("SELECT id FROM photo_links").fetchone()[0]
    photo_store.set_caption(city.east_leader, link, "基坑支护完成", author_id=None)
    assert sync(city.east_leader).set_aside == []
    sync(city.office)
    assert city.office.db.execute(
        "SELECT caption FROM photo_link_events WHERE link_id = ?", [link]
    ).fetchone() == ("基坑支护完成",)
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
            name: store.authenticate(laptop_state.get_secret(ws, "token"))
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
        assert store.photo_named(photo.working) and store.photo_named(photo.original)
        assert not store.photo_named("0" * 64)
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
    next_year = change("project", city.east_projects[1], {"name": "明年"})
    next_year["hlc"] = f"{hlc.wall_millis() + 400 * hlc.DAY:015d}-00000-evil"
    for body in (evil, unknown, future, next_year):
        _smuggle(city.server, body)
    record_visit(city.west_leader, city.west_projects[0])
    sync(city.west_leader)
    clock_before = city.office.clock.last
    city.office.close()
    out = cli("sync", home=city.office.home)
    city.office = office = Workspace.open(city.office.home)
    assert out.returncode == 0
    assert "4 received changes refused" in out.stdout
    assert names() == before  # nothing renamed, no token copied anywhere
    assert office.db.execute("SELECT COUNT(*) FROM visits").fetchone()[0] == 1
    refused = {r["change_id"]: r["reason"] for r in laptop_state.refused_received(office)}
    assert set(refused) == {evil["id"], unknown["id"], future["id"], next_year["id"]}
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


# -- signed bundles ---------------------------------------------------------------------------


def resign(path, ws, out, *, manifest=None, changes=None):
    """Rebuild a bundle with edited manifest/changes, signed with `ws`'s own key: what someone
    holding that laptop (its key) could make."""
    import hashlib
    import zipfile

    from sync import signing

    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    lines = [json.loads(line) for line in members["changes.jsonl"].splitlines() if line]
    if changes is not None:
        lines = changes(lines)
    data = b"".join(json.dumps(c, sort_keys=True).encode() + b"\n" for c in lines)
    body = json.loads(members["manifest.json"])
    body.update(changes=len(lines), changes_sha256=hashlib.sha256(data).hexdigest())
    if manifest is not None:
        manifest(body)
    members["changes.jsonl"] = data
    members["manifest.json"] = json.dumps(body, sort_keys=True).encode()
    members["signature"] = signing.sign(
        laptop_state.get_secret(ws, "signing_key"), members["manifest.json"]
    ).encode()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out


def office_import(city, path):
    """`sync --import` on the office's command line: (exit code, stderr)."""
    city.office.close()
    try:
        result = cli("sync", "--import", str(path), home=city.office.home, check=False)
    finally:
        city.office = Workspace.open(city.office.home)
    return result


def test_a_leaders_bundle_is_theirs_and_reaches_the_server(city, tmp_path):
    from sync import bundle

    leader = city.east_leader
    visit_id = record_visit(leader, city.east_projects[0])
    leader.db.execute("UPDATE changes SET author_id = 'someone-else' WHERE entity = 'visit'")
    photo = add_photo(leader, seed=5, attach_to=("visit", visit_id))
    path = tmp_path / "usb.zip"
    bundle.export(leader, path)
    result = bundle.import_(city.office, path)
    assert result.new_changes >= 3 and result.photos == 1
    author = city.office.db.execute(
        "SELECT author_id FROM visits WHERE id = ?", [visit_id]
    ).fetchone()[0]
    assert author == laptop_state.get(leader, "user_id")
    report = sync(city.office)
    assert report.set_aside == []
    sync(city.east_commissioner)
    assert photo.original in photo_rows(city.east_commissioner)


def test_a_leaders_bundle_out_of_scope_is_refused_by_the_server_on_relay(city, tmp_path):
    from sync import bundle

    record_visit(city.east_leader, city.east_projects[0])
    bundle.export(city.east_leader, tmp_path / "b.zip")

    def elsewhere(lines):  # the same visit, put on a 西区 project (the leader holds the key)
        for c in lines:
            if c["entity"] == "visit":
                c["fields"]["project_id"] = city.west_projects[0]
        return lines

    resign(tmp_path / "b.zip", city.east_leader, tmp_path / "west.zip", changes=elsewhere)
    bundle.import_(city.office, tmp_path / "west.zip")
    report = sync(city.office)
    assert [r["status"] for r in report.set_aside] == [403]


def test_a_hand_made_bundle_is_refused_with_one_plain_line(city, tmp_path):
    """Checksums anyone can recompute are no longer enough: closing a problem as verified in a
    leader's name, renaming a unit, an office-role person, all in an unsigned bundle."""
    import zipfile

    from sync import bundle

    bundle.export(city.east_leader, tmp_path / "real.zip")
    forged = [
        change(
            "unit",
            city.east,
            {"name": "被改名"},
            author_id=laptop_state.get(city.east_leader, "user_id"),
        ),
        change("person", fields={"name": "假办公室", "role": "office"}),
    ]
    fake = tmp_path / "fake.zip"
    with zipfile.ZipFile(tmp_path / "real.zip") as z, zipfile.ZipFile(fake, "w") as out:
        for item in z.infolist():
            content = z.read(item)
            if item.filename == "changes.jsonl":
                content = b"".join(json.dumps(c).encode() + b"\n" for c in forged)
            out.writestr(item, content)
    before = city.office.db.execute("SELECT name FROM units ORDER BY id").fetchall()
    result = office_import(city, fake)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "未导入任何内容" in result.stderr and "Traceback" not in result.stderr
    assert city.office.db.execute("SELECT name FROM units ORDER BY id").fetchall() == before
    # signed by the leader's own key, base data is still refused: only the office changes it
    signed = resign(
        tmp_path / "real.zip",
        city.east_leader,
        tmp_path / "signed.zip",
        changes=lambda _lines: [{**c, "device": city.east_leader.device_id} for c in forged],
    )
    result = office_import(city, signed)
    assert result.returncode == 1 and "基础数据" in result.stderr
    # a bad entry (not JSON) is one plain line too
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(tmp_path / "real.zip") as z, zipfile.ZipFile(broken, "w") as out:
        for item in z.infolist():
            out.writestr(
                item, b"{not json" if item.filename == "attestation.json" else z.read(item)
            )
    result = office_import(city, broken)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert city.office.db.execute("SELECT COUNT(*) FROM sync_bundles").fetchone() == (0,)


def test_a_signed_bundle_with_an_sql_field_name_writes_nothing(city, tmp_path):
    from sync import bundle

    record_visit(city.east_leader, city.east_projects[0])
    bundle.export(city.east_leader, tmp_path / "real.zip")

    def poison(lines):
        for c in lines:
            if c["entity"] == "visit":
                c["fields"][SQL_NAME] = 1
        return lines

    evil = resign(tmp_path / "real.zip", city.east_leader, tmp_path / "evil.zip", changes=poison)
    before = city.office.db.execute("SELECT COUNT(*), MAX(rowid) FROM changes").fetchone()
    result = office_import(city, evil)
    assert result.returncode == 1 and "没有字段" in result.stderr
    assert city.office.db.execute("SELECT COUNT(*), MAX(rowid) FROM changes").fetchone() == before
    assert city.office.db.execute("SELECT COUNT(*) FROM visits").fetchone() == (0,)


def test_a_bundle_for_another_server_or_from_a_revoked_device_is_refused(city, tmp_path):
    from sync import bundle

    other = ServerProcess(tmp_path / "other").start()
    try:
        stranger = other.enrolled(tmp_path / "stranger", "别处办公室")
        bundle.export(stranger, tmp_path / "elsewhere.zip")
        stranger.close()
    finally:
        other.stop()
    with pytest.raises(bundle.BundleError, match="不是本服务器|另一台服务器"):
        bundle.import_(city.office, tmp_path / "elsewhere.zip")
    record_visit(city.east_leader, city.east_projects[0])
    bundle.export(city.east_leader, tmp_path / "leader.zip")
    device = laptop_state.get(city.east_leader, "server_device")
    cli("server", "revoke-device", "--data", str(city.server.data), "--device", device)
    sync(city.office)  # learns the revocation
    with pytest.raises(bundle.BundleError, match="撤销"):
        bundle.import_(city.office, tmp_path / "leader.zip")


def test_forged_acknowledgements_do_not_make_the_next_export_drop_changes(city, tmp_path):
    from sync import bundle

    for n in range(3):
        city.office.record("unit", new_id(), {"name": f"新单位{n}"})
    bundle.export(city.office, tmp_path / "to_leader.zip")
    bundle.import_(city.east_leader, tmp_path / "to_leader.zip")
    record_visit(city.east_leader, city.east_projects[0])
    bundle.export(city.east_leader, tmp_path / "back.zip")
    office_device = city.office.device_id
    forged = resign(
        tmp_path / "back.zip",
        city.east_leader,
        tmp_path / "forged.zip",
        manifest=lambda m: m["acks"].update({office_device: 10**9}),
    )
    bundle.import_(city.office, forged)
    later = city.office.record("unit", new_id(), {"name": "更新的单位"})
    bundle.export(city.office, tmp_path / "next.zip")
    import zipfile

    with zipfile.ZipFile(tmp_path / "next.zip") as z:
        ids = {json.loads(line)["id"] for line in z.read("changes.jsonl").splitlines()}
    assert later["id"] in ids


def test_a_bundle_bomb_is_refused_before_it_is_read(city, tmp_path):
    import resource
    import time
    import zipfile

    from sync import bundle

    bundle.export(city.east_leader, tmp_path / "real.zip")
    bomb = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(tmp_path / "real.zip") as z,
        zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for item in z.infolist():
            if item.filename == "changes.jsonl":
                with out.open("changes.jsonl", "w", force_zip64=True) as f:
                    block = b"\n" * (1 << 20)
                    for _ in range(bundle.MAX_CHANGES_BYTES // len(block) + 1):
                        f.write(block)
            else:
                out.writestr(item, z.read(item))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(bundle.BundleError, match="过大"):
        bundle.import_(city.office, bomb)
    assert time.monotonic() - started < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 50 * 1024  # KiB


# -- the lesser ones ----------------------------------------------------------------------------


def test_workspace_and_server_files_are_private_and_the_token_is_sealed(city, tmp_path):
    import stat

    office = city.office
    token = laptop_state.get_secret(office, "token")
    assert token and laptop_state.get(office, "token").startswith("enc1:")
    assert token.encode() not in office.path.read_bytes()
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(office.home) == 0o700
    for name in ("workspace.sqlite", "workspace.sqlite-wal", "secret.key", "workspace.lock"):
        assert mode(office.home / name) == 0o600, name
    assert mode(city.server.data) == 0o700
    assert mode(city.server.data / "server.sqlite") == 0o600
    cli("server", "backup", "--data", str(city.server.data), "--output", str(tmp_path / "bk"))
    assert mode(tmp_path / "bk") == 0o700
    assert mode(tmp_path / "bk" / "server.sqlite") == 0o600
    assert mode(tmp_path / "bk" / "rows.jsonl") == 0o600


def test_plain_http_only_to_this_machine_unless_insecure(server, tmp_path):
    refused = cli(
        "enroll",
        "--server",
        "http://192.0.2.10:8470",
        "--code",
        "X",
        home=tmp_path / "a",
        check=False,
    )
    assert refused.returncode == 1 and "--insecure" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    tried = cli(
        "enroll",
        "--server",
        "http://192.0.2.10:1",
        "--code",
        "X",
        "--insecure",
        home=tmp_path / "b",
        check=False,
        timeout=120,
    )
    assert tried.returncode == 1 and "--insecure" not in tried.stderr  # it tried to connect


def test_enrolment_attempts_are_rate_limited_per_address(server):
    with httpx.Client(base_url=f"{server.url}/v1", timeout=10) as http:
        answers = [
            http.post("/enroll", json={"code": f"WRONG-{n:05d}"}).status_code for n in range(12)
        ]
    assert answers[:10] == [401] * 10 and answers[10:] == [429, 429]


def test_failed_enrolments_are_still_counted_after_a_restart(server):
    """The count is in the server's database (every process on it shares it), not in memory."""
    with httpx.Client(base_url=f"{server.url}/v1", timeout=10) as http:
        answers = [http.post("/enroll", json={"code": f"WRONG-{n:05d}"}) for n in range(10)]
    assert [a.status_code for a in answers] == [401] * 10
    server.stop()
    server.start()
    with httpx.Client(base_url=f"{server.url}/v1", timeout=10) as http:
        refused = http.post("/enroll", json={"code": "WRONG-99999"})
    assert refused.status_code == 429 and refused.headers["retry-after"] == "60"


def test_a_workspace_enrolled_before_signing_gets_its_key_at_the_next_sync(city, tmp_path):
    from sync import bundle

    office = city.office
    for key in ("attestation", "attestation_signature", "signing_key", "server_key", "server_id"):
        office.db.execute("DELETE FROM sync_state WHERE key = ?", [key])
    db = sqlite3.connect(city.server.data / "server.sqlite")
    with db:
        db.execute(
            "UPDATE devices SET public_key = NULL, workspace_device = NULL WHERE id = ?",
            [laptop_state.get(office, "server_device")],
        )
    db.close()
    with pytest.raises(bundle.BundleError, match="注册"):
        bundle.export(office, tmp_path / "none.zip")
    sync(office)
    assert laptop_state.get(office, "attestation") and laptop_state.get(office, "server_key")
    office.record("unit", city.east, {"name": "东区（新名）"})
    bundle.export(office, tmp_path / "signed.zip")
    assert bundle.import_(city.east_leader, tmp_path / "signed.zip").new_changes >= 1
    # a device that has its key cannot have it swapped with its token alone
    again = api(city.server, office).post(
        "/me/key", json={"public_key": "0" * 64, "workspace_device": office.device_id}
    )
    assert again.status_code == 409


def test_a_visits_reported_figures_reach_the_office_but_no_other_project_field(city):
    leader = city.east_leader
    target = city.east_projects[0]
    projects.update(leader, target, {"cumulative_investment": 5_000_000})
    projects.update(leader, target, {"started_actual": "2026-11-02"})
    projects.update(leader, target, {"notes": "领导改备注"})
    report = sync(leader)
    assert len(report.set_aside) == 1 and "办公室" in report.set_aside[0]["reason"]
    sync(city.office)
    row = city.office.db.execute(
        "SELECT cumulative_investment, started_actual, notes FROM projects WHERE id = ?", [target]
    ).fetchone()
    assert row == (5_000_000, "2026-11-02", None)
    # the same figures on another district's project are refused
    figure = change("project", city.west_projects[0], {"cumulative_investment": 1})
    response = api(city.server, leader).post("/changes", json={"changes": [figure]})
    assert response.status_code == 403


def test_a_commissioners_monthly_report_reaches_the_office(city):
    """Monthly reports are field work (declared on the entity): they flow from the commissioner
    of the project; another district's leader cannot file one."""
    from forms import monthly_reports

    values = {
        "project_id": city.east_projects[0],
        "month": "2026-11",
        "reported_at": "2026-11-18T10:00",
        "investment_month": 1_200_000,
        "investment_to_date": 9_000_000,
        "progress_text": "主体结构封顶",
    }
    report_id = monthly_reports.record(city.east_commissioner, values, author_id=None)
    assert sync(city.east_commissioner).set_aside == []
    sync(city.office)
    assert city.office.db.execute(
        "SELECT project_id, investment_month FROM monthly_reports WHERE id = ?", [report_id]
    ).fetchone() == (city.east_projects[0], 1_200_000)
    # the 西区 leader's app would not offer the project: a crafted change, as an attacker's
    fields = {
        "project_id": city.east_projects[0],
        "month": "2026-11",
        "reported_at": "2026-11-18T10:00",
        "form_id": "monthly_report",
        "form_version": 1,
        "data": "{}",
    }
    response = api(city.server, city.west_leader).post(
        "/changes", json={"changes": [change("monthly_report", fields=fields)]}
    )
    assert response.status_code == 403
    assert "辖区" in response.json()["refused"][0]["reason"]


def test_only_the_office_verifies_a_problem_on_the_server(city):
    """The 销号 rule holds on the server too: a commissioner's crafted `verified` event on a
    problem of their own project is refused; the office's goes through."""
    from forms import problems

    values = {"category": "land", "description": "用地手续未办", "raised_on": "2026-11-20"}
    problem_id = problems.register(
        city.east_commissioner, city.east_projects[0], values, author_id=None
    )
    assert sync(city.east_commissioner).set_aside == []
    fields = {"problem_id": problem_id, "kind": "verified", "at": "2026-11-25T10:00"}
    east = api(city.server, city.east_commissioner)
    response = east.post("/changes", json={"changes": [change("problem_event", fields=fields)]})
    assert response.status_code == 403
    assert "办公室" in response.json()["refused"][0]["reason"]
    sync(city.office)
    office = api(city.server, city.office)
    response = office.post("/changes", json={"changes": [change("problem_event", fields=fields)]})
    assert response.status_code == 200, response.text


def _user_ids(server) -> dict[str, str]:
    store = server.store()
    try:
        return {name: store.user_by_name(name).id for name in ("办公室", "东区专员")}
    finally:
        store.close()


def test_whoever_reported_a_problem_done_cannot_verify_it_on_the_server(city, tmp_path):
    """The second-person rule (issue 16) holds on the server, by person id: a commissioner who
    reported a problem done cannot verify it, neither with their own token nor in a change the
    office relays in their name; a leader the office lets verify cannot verify their own report
    (their laptop's verification, made with no person, is set aside); another person can."""
    from forms import problems, roles

    ids = _user_ids(city.server)
    values = {"category": "land", "description": "用地手续未办", "raised_on": "2026-11-20"}
    done = problems.register(city.east_commissioner, city.east_projects[0], values, author_id=None)
    problems.act(city.east_commissioner, done, "report_done", author_id=None)
    assert sync(city.east_commissioner).set_aside == []
    verify = {"problem_id": done, "kind": "verified", "at": "2026-11-25T10:00"}
    own = api(city.server, city.east_commissioner).post(
        "/changes", json={"changes": [change("problem_event", fields=verify)]}
    )
    office = api(city.server, city.office)
    relayed = office.post(
        "/changes",
        json={"changes": [change("problem_event", fields=verify, author_id=ids["东区专员"])]},
    )
    for response in (own, relayed):
        assert response.status_code == 403, response.text
        assert "报办结以外" in response.json()["refused"][0]["reason"]
    # the office is another person: its verification is stored, in its own name
    accepted = office.post(
        "/changes",
        json={"changes": [change("problem_event", fields=verify)], "origin_device": "dev1"},
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["results"][0]["author_id"] == ids["办公室"]

    # a leader allowed to verify, on a problem they reported done themselves
    city.office.record("setting", roles.LEADER_MAY_VERIFY, {"value": "true"})
    assert sync(city.office).set_aside == []
    leader = city.east_leader
    theirs = problems.register(leader, city.east_projects[1], values, author_id=None)
    problems.act(leader, theirs, "report_done", author_id=None)
    problems.act(leader, theirs, "verify", author_id=None)  # no person: the laptop lets it
    set_aside = sync(leader).set_aside
    assert len(set_aside) == 1 and "报办结以外" in set_aside[0]["reason"], set_aside
    second = city.server.enrolled(tmp_path / "office2", "办公室二")
    try:
        verify = {"problem_id": theirs, "kind": "verified", "at": "2026-11-25T10:00"}
        response = api(city.server, second).post(
            "/changes", json={"changes": [change("problem_event", fields=verify)]}
        )
        assert response.status_code == 200, response.text
    finally:
        second.close()


def test_a_monthly_report_reminder_is_the_offices_and_reaches_its_district_only(city):
    """提醒 of a missing monthly report (entity `reminder`): the office's record, synced in the
    project's scope — the 东区 commissioner gets it, the 西区 leader does not, and a
    commissioner's crafted one is refused."""
    fields = {
        "project_id": city.east_projects[0],
        "month": "2026-11",
        "person_ids": "[]",
        "note": "请今日报送月报",
        "reminded_on": "2026-11-23",
    }
    city.office.record("reminder", new_id(), fields)
    assert sync(city.office).set_aside == []
    sync(city.east_commissioner)
    sync(city.west_leader)
    count = "SELECT count(*) FROM reminders WHERE project_id = ?"
    assert city.east_commissioner.db.execute(count, [city.east_projects[0]]).fetchone() == (1,)
    assert city.west_leader.db.execute("SELECT count(*) FROM reminders").fetchone() == (0,)
    response = api(city.server, city.east_commissioner).post(
        "/changes", json={"changes": [change("reminder", fields=fields)]}
    )
    assert response.status_code == 403
    assert "办公室" in response.json()["refused"][0]["reason"]
