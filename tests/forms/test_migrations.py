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
