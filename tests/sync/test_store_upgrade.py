"""Server schema versioning: a database made before versioning (schema step 1) upgrades."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from sync.store import SCHEMA_VERSION, Store

from .factory import change, project

# The server's schema as shipped before versioning, verbatim (never change this copy: it is
# what old server databases in the field hold).
OLD_SCHEMA = """
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL,
    entity_id TEXT NOT NULL, project_id TEXT, round_id TEXT, author_id TEXT,
    device_id TEXT NOT NULL, body TEXT NOT NULL, stored_at TEXT NOT NULL);
CREATE INDEX changes_project ON changes(project_id, seq);
CREATE TABLE users (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
    district TEXT, created_at TEXT NOT NULL);
CREATE TABLE devices (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE, name TEXT, created_at TEXT NOT NULL,
    revoked_at TEXT);
CREATE TABLE enroll_codes (
    code_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
    expires_at TEXT NOT NULL, used_at TEXT);
CREATE TABLE photos (
    sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, stored_at TEXT NOT NULL);
CREATE TABLE scope_rows (
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, project_id TEXT, round_id TEXT,
    PRIMARY KEY (entity, entity_id));
CREATE TABLE scope_projects (
    project_id TEXT PRIMARY KEY, district_id TEXT, hlc TEXT NOT NULL);
CREATE TABLE scope_assignments (
    id TEXT PRIMARY KEY, person_id TEXT, project_id TEXT, active INTEGER);
CREATE TABLE device_projects (
    device_id TEXT NOT NULL, project_id TEXT NOT NULL, backfill_cursor BIGINT NOT NULL,
    confirmed INTEGER NOT NULL, PRIMARY KEY (device_id, project_id));
CREATE TABLE scope_units (unit_id TEXT PRIMARY KEY, name TEXT);
CREATE TABLE scope_round_members (
    round_id TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (round_id, person_id));
"""


def old_database(data):
    """A small step-1 server database: an office, a leader's district, a project with a photo
    and its link (stored before photo scope existed)."""
    data.mkdir()
    db = sqlite3.connect(data / "server.sqlite")
    db.executescript(OLD_SCHEMA)
    east = project("east")
    photo = change("photo", "a" * 64, {"working_sha256": "b" * 64})
    link = change(
        "photo_link",
        fields={"photo_id": "a" * 64, "target_kind": "project", "target_id": east["entity_id"]},
    )
    rows = [(east, east["entity_id"]), (photo, None), (link, None)]
    with db:
        db.execute("INSERT INTO users VALUES ('office', '办公室', 'office', NULL, '2026-01-01')")
        db.execute("INSERT INTO users VALUES ('lead', '东区领导', 'leader', 'east', '2026-01-01')")
        db.execute(
            "INSERT INTO devices VALUES ('dev-old', 'lead', 'hash', 'x', '2026-01-01', NULL)"
        )
        db.execute(
            "INSERT INTO scope_projects VALUES (?, 'east', ?)", [east["entity_id"], east["hlc"]]
        )
        for body, project_id in rows:
            db.execute(
                "INSERT INTO changes (id, entity, entity_id, project_id, author_id, device_id,"
                " body, stored_at) VALUES (?, ?, ?, ?, 'office', 'dev-office', ?, '2026-01-01')",
                [body["id"], body["entity"], body["entity_id"], project_id, json.dumps(body)],
            )
    db.close()
    return east, photo, link


def test_an_old_server_database_upgrades_step_by_step(tmp_path):
    east, photo, _link = old_database(tmp_path / "data")
    store = Store.open(tmp_path / "data")
    try:
        with store.connection() as conn:
            versions = [r[0] for r in conn.all("SELECT version FROM schema_version ORDER BY 1")]
            columns = [d[0] for d in conn.execute("SELECT * FROM devices").description]
        assert versions == list(range(1, SCHEMA_VERSION + 1))
        assert {"public_key", "workspace_device"} <= set(columns)
        # the photo scope was rebuilt from the changes kept: the leader may see the photo
        leader = store.user_by_name("东区领导")
        assert leader.district == "east"
        assert store.photo_visible(leader, photo["entity_id"])
        assert store.photo_visible(leader, "b" * 64)  # by its working copy's hash too
        assert store.server_id and store.server_key
    finally:
        store.close()
    # opening again changes nothing (and keeps the server's identity)
    again = Store.open(tmp_path / "data")
    try:
        assert again.server_id == store.server_id
        with again.connection() as conn:
            assert conn.one("SELECT COUNT(*) FROM schema_version")[0] == SCHEMA_VERSION
    finally:
        again.close()


# tests/data/server-0003.sqlite: a real server database at schema step 3 (see tests/data/README).
STEP_3 = Path(__file__).resolve().parent.parent / "data" / "server-0003.sqlite"
STEP_3_LEADER_TOKEN = "pqieSWMeAE8GmBqK2WIoIml-nXo36zVoiR5NHvyuv48"
STEP_3_VISIT = "01a23136-506d-7b91-90aa-d79d44956d73"


def test_a_kept_step_3_server_database_upgrades_and_serves_as_before(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(STEP_3, data / "server.sqlite")
    store = Store.open(data)
    try:
        with store.connection() as conn:
            versions = [r[0] for r in conn.all("SELECT version FROM schema_version ORDER BY 1")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))
        leader = store.authenticate(STEP_3_LEADER_TOKEN)  # its devices' tokens still work
        assert leader is not None and leader.name == "东区领导" and leader.district == "u-east"
        assert STEP_3_VISIT in store.change_ids() and store.count_changes() == 3
        bodies, _cursor, more = store.pull(leader, 0, 100)  # the office's unit and project
        assert sorted(json.loads(b)["entity"] for b in bodies) == ["project", "unit"] and not more
        # step 4: failed enrolments are counted in the database
        assert store.enrolment_failures("10.0.0.9", 60) == 0
        store.enrolment_failed("10.0.0.9", 60)
        assert store.enrolment_failures("10.0.0.9", 60) == 1
    finally:
        store.close()
