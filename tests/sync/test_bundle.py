"""Sync by file: bundles carried between a laptop that never reaches the server and the office."""

from __future__ import annotations

import zipfile

import pytest

from forms import problems
from sync import bundle, laptop_state
from sync.client import Client

from .helpers import add_photo, assert_same, cli, demo_queued, dumps

# Bundles are signed with a key the server attests at enrolment: a laptop that syncs only by
# file was enrolled once, then never reaches the server again.


@pytest.fixture
def laptop(server, tmp_path):
    ws = server.enrolled(tmp_path / "laptop", "离线笔记本", "office")
    yield ws
    ws.close()


@pytest.fixture
def office(server, tmp_path):
    ws = server.enrolled(tmp_path / "office", "办公室")
    yield ws
    ws.close()


def test_bundles_both_ways_converge_exactly_once(laptop, office, tmp_path):
    demo_queued(office)
    to_laptop = tmp_path / "to_laptop.zip"
    bundle.export(office, to_laptop)
    assert bundle.import_(laptop, to_laptop).new_changes > 0
    problem_id = laptop.db.execute(
        "SELECT id FROM problems WHERE status IN ('registered', 'assigned', 'in_progress', 'reopened') LIMIT 1"
    ).fetchone()[0]
    problems.act(laptop, problem_id, "progress", author_id=None, note="现场已开工")
    photo = add_photo(laptop)
    to_office = tmp_path / "to_office.zip"
    changes, photos = bundle.export(laptop, to_office)
    assert photos == 1
    first = bundle.import_(office, to_office)
    assert first.new_changes == 3 and first.photos == 1  # the action, the photo, its link
    again = bundle.import_(office, to_office)
    assert again.already_imported and again.new_changes == 0
    # the working copy is at the office's laptop path, named by the original's hash
    assert photo.at(office).read_bytes() == photo.path.read_bytes()
    assert_same(laptop, office)
    # the office acknowledged the laptop's journal: the laptop's next bundle carries less
    bundle.export(office, to_laptop)
    bundle.import_(laptop, to_laptop)
    smaller, _ = bundle.export(laptop, tmp_path / "next.zip")
    assert smaller < changes


def test_truncated_or_tampered_bundle_is_refused_with_nothing_applied(laptop, office, tmp_path):
    demo_queued(office)
    path = tmp_path / "b.zip"
    bundle.export(office, path)
    data = path.read_bytes()
    before = dumps(laptop)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(bundle.BundleError):
        bundle.import_(laptop, truncated)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "changes.jsonl":
                content = content.replace("示范".encode(), "伪造".encode(), 1)
            target.writestr(item, content)
    with pytest.raises(bundle.BundleError, match="校验|签名"):
        bundle.import_(laptop, tampered)
    assert dumps(laptop) == before
    assert laptop.db.execute("SELECT COUNT(*) FROM sync_bundles").fetchone()[0] == 0


def test_office_relays_a_laptops_bundle_to_the_server(server, tmp_path):
    office = server.enrolled(tmp_path / "office", "办公室")
    laptop = server.enrolled(tmp_path / "laptop", "离线笔记本")  # enrolled, then never online
    demo_queued(laptop)
    path = tmp_path / "usb.zip"
    bundle.export(laptop, path)
    bundle.import_(office, path)
    assert laptop_state.status(office).changes_waiting > 0
    with Client(office) as client:
        client.sync()
    other = server.enrolled(tmp_path / "other", "办公室乙")
    with Client(other) as client:
        client.sync()
    assert_same(laptop, office, other)


def test_bundle_command_line(server, tmp_path):
    office_home, laptop_home = tmp_path / "office", tmp_path / "laptop"
    for home, name in ((office_home, "办公室"), (laptop_home, "笔记本")):
        server.add_user(name, "office")
        cli("enroll", "--server", server.url, "--code", server.code(name), home=home)
    cli(
        "demo",
        "--projects",
        "10",
        "--people",
        "4",
        "--visits",
        "10",
        "--problems",
        "10",
        "--today",
        "2026-11-23",
        home=office_home,
    )
    path = tmp_path / "x.zip"
    out = cli("sync", "--export", str(path), home=office_home).stdout
    assert "bundle written" in out
    assert "imported" in cli("sync", "--import", str(path), home=laptop_home).stdout
    assert "already imported" in cli("sync", "--import", str(path), home=laptop_home).stdout
    path.write_bytes(path.read_bytes()[:-100])
    bad = cli("sync", "--import", str(path), home=laptop_home, check=False)
    assert bad.returncode == 1 and "未导入任何内容" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
