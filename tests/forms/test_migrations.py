import json
import shutil
from pathlib import Path

import pytest

from forms import dump, problems, projects
from forms.schema import migrations
from forms.workspace import Workspace

DATA = Path(__file__).resolve().parent.parent / "data"
OLD_FILES = sorted(DATA.glob("workspace-*.sqlite"))


@pytest.mark.parametrize("old_file", OLD_FILES, ids=[f.stem for f in OLD_FILES])
def test_upgrade_from_every_released_schema(tmp_path, old_file):
    shutil.copy(old_file, tmp_path / "workspace.sqlite")
    with Workspace.open(tmp_path) as ws:
        applied = [m.name for m in migrations.applied(ws.db)]
        assert applied == [m.name for m in migrations._migrations]
        # The records the old file held are all still there and usable.
        content = json.loads(dump.dumps(ws))
        assert len(content["projects"]) == 10
        assert len(content["problems"]) == 8
        project = content["projects"][0]["id"]
        projects.update(ws, project, {"notes": "升级后可写"})
        pid = content["problems"][0]["id"]
        assert problems.get(ws, pid)["status"] == content["problems"][0]["status"]


def test_upgrade_is_idempotent(tmp_path):
    shutil.copy(OLD_FILES[0], tmp_path / "workspace.sqlite")
    with Workspace.open(tmp_path) as ws:
        first = dump.dumps(ws)
    with Workspace.open(tmp_path) as ws:
        assert dump.dumps(ws) == first


def test_each_migration_applies_on_top_of_the_previous(tmp_path):
    """Stop before every migration in turn: the schema up to there upgrades to the latest."""
    from forms.workspace import connect

    names = [m.name for m in migrations._migrations]
    for n, name in enumerate(names[1:], start=1):
        home = tmp_path / str(n)
        home.mkdir()
        db = connect(home / "workspace.sqlite")
        migrations.apply(db, stop_before=name)
        db.close()
        with Workspace.open(home) as ws:
            assert [m.name for m in migrations.applied(ws.db)] == names


@pytest.mark.parametrize("old_file", OLD_FILES, ids=[f.stem for f in OLD_FILES])
def test_0006_monthly_reports_on_an_old_workspace(tmp_path, old_file):
    """An old workspace gains the monthly_reports table, empty, and can file a report."""
    from forms import monthly_reports

    shutil.copy(old_file, tmp_path / "workspace.sqlite")
    with Workspace.open(tmp_path) as ws:
        columns = {c.name for c in ws.db["monthly_reports"].columns}
        assert {"project_id", "month", "reported_at", "investment_month", "hlc"} <= columns
        assert ws.db.execute("SELECT count(*) FROM monthly_reports").fetchone()[0] == 0
        project = ws.db.execute("SELECT id FROM projects ORDER BY id LIMIT 1").fetchone()[0]
        values = {"project_id": project, "month": "2026-11", "reported_at": "2026-11-18T09:00",
                  "investment_month": 0, "investment_to_date": 0, "progress_text": "停工"}  # fmt: skip
        monthly_reports.record(ws, values, author_id=None)
        status = monthly_reports.status(ws.conn, "2026-11", monthly_reports.due_date("2026-11"))
        assert [p.row["id"] for p in status.of("on_time")] == [project]


def _winning_stamps(conn) -> dict[tuple[str, str, str], tuple[str, str]]:
    """{(entity, id, field): (hlc, change id)} as field_stamps (0009) holds them."""
    out = {}
    for entity, entity_id, change_id, hlc, names in conn.execute(
        "SELECT entity, entity_id, change_id, hlc, fields FROM field_stamps"
    ):
        for name in json.loads(names):
            assert (entity, entity_id, name) not in out, "a field held by two changes"
            out[(entity, entity_id, name)] = (hlc, change_id)
    return out


@pytest.mark.parametrize("old_file", OLD_FILES, ids=[f.stem for f in OLD_FILES])
def test_0009_field_stamps_keep_every_winning_stamp(tmp_path, old_file):
    import sqlite3

    shutil.copy(old_file, tmp_path / "workspace.sqlite")
    with sqlite3.connect(tmp_path / "workspace.sqlite") as old:
        before = {
            (entity, entity_id, field): (hlc, change_id)
            for entity, entity_id, field, hlc, change_id in old.execute(
                "SELECT entity, entity_id, field, hlc, change_id FROM field_clock"
            )
        }
    assert before
    with Workspace.open(tmp_path) as ws:
        assert _winning_stamps(ws.conn) == before
        assert not ws.db["field_clock"].exists()
        # One row per record here (each was written whole by one change), not one per field.
        records = {(e, i) for e, i, _ in before}
        rows = ws.conn.execute("SELECT count(*) FROM field_stamps").fetchone()[0]
        assert rows == len(records) < len(before)


def test_0009_on_fields_won_by_several_changes(tmp_path):
    """A record whose fields came from two changes keeps both stamps through the upgrade, and
    last writer wins per field afterwards: a write between the two stamps takes the field the
    older change held and loses the one the newer holds (kept in the journal)."""
    from forms.workspace import connect

    db = connect(tmp_path / "workspace.sqlite")
    migrations.apply(db, stop_before="0009_field_stamps")
    old, new = "001700000000000-00000-aa", "001700000000900-00000-bb"
    db.execute("INSERT INTO projects (id, name, notes) VALUES ('p1', '甲项目', '后写')")
    db.conn.executemany(
        "INSERT INTO field_clock (entity, entity_id, field, hlc, change_id) VALUES (?, ?, ?, ?, ?)",
        [("project", "p1", "name", old, "c1"), ("project", "p1", "notes", new, "c2")],
    )
    db.conn.commit()
    db.close()
    with Workspace.open(tmp_path) as ws:
        assert _winning_stamps(ws.conn) == {
            ("project", "p1", "name"): (old, "c1"),
            ("project", "p1", "notes"): (new, "c2"),
        }
        between = "001700000000500-00000-cc"
        change = {"id": "c3", "entity": "project", "entity_id": "p1", "op": "set",
                  "fields": {"name": "乙项目", "notes": "中间写"}, "hlc": between,
                  "author_id": None, "device": "cc"}  # fmt: skip
        assert ws.receive([change]) == 1
        assert projects.get(ws, "p1")["name"] == "乙项目"
        assert projects.get(ws, "p1")["notes"] == "后写"
        assert _winning_stamps(ws.conn) == {
            ("project", "p1", "name"): (between, "c3"),
            ("project", "p1", "notes"): (new, "c2"),
        }
        # c1 holds no field any more: its row is gone, the change stays in the journal.
        held = [r[0] for r in ws.conn.execute("SELECT change_id FROM field_stamps ORDER BY 1")]
        assert held == ["c2", "c3"]
        assert ws.conn.execute("SELECT count(*) FROM changes WHERE id = 'c3'").fetchone()[0] == 1
