"""Migration 0007_review_rounds: published form definitions get their stamp and author; the
review tables exist; rows already in form_definitions are kept."""

from __future__ import annotations

import shutil
from pathlib import Path

from forms.schema import migrations
from forms.workspace import Workspace, connect

DATA = Path(__file__).resolve().parents[2] / "data"


def test_0007_applies_on_an_older_workspace_and_keeps_its_definitions(tmp_path):
    home = tmp_path / "old"
    home.mkdir()
    db = connect(home / "workspace.sqlite")
    migrations.apply(db, stop_before="0007_review_rounds")
    db.execute(
        "INSERT INTO form_definitions (id, version, kind, body) VALUES ('visit', 1, 'visit', '{}')"
    )
    db.conn.commit()
    db.close()
    with Workspace.open(home) as ws:
        columns = {c.name for c in ws.db["form_definitions"].columns}
        assert {"hlc", "author_id"} <= columns
        assert ws.db.execute("SELECT COUNT(*) FROM form_definitions").fetchone()[0] == 1
        for table in ("review_rounds", "review_members", "review_stops", "review_scores"):
            assert ws.db[table].exists()


def test_the_released_workspace_file_upgrades_through_0007(tmp_path):
    shutil.copy(DATA / "workspace-0001.sqlite", tmp_path / "workspace.sqlite")
    with Workspace.open(tmp_path) as ws:
        assert "0007_review_rounds" in [m.name for m in migrations.applied(ws.db)]
        assert ws.db["review_scores"].exists()
