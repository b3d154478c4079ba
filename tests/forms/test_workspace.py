import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from forms import projects
from forms.errors import NewerSchemaError, WorkspaceError
from forms.workspace import Workspace


def test_pragmas_are_set(ws):
    db = ws.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_record_writes_row_journal_and_outbox_together(ws):
    project_id = projects.create(ws, {"name": "测试项目", "stage": "build"})
    assert projects.get(ws, project_id)["name"] == "测试项目"
    journal = ws.db.execute("SELECT entity FROM changes ORDER BY hlc").fetchall()
    assert [r[0] for r in journal] == ["project", "stage_change"]
    outbox = ws.db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    assert outbox == 2


def test_failed_transaction_leaves_nothing(ws):
    with pytest.raises(RuntimeError):
        with ws.transaction():
            projects.create(ws, {"name": "半截项目"})
            raise RuntimeError("power cut")
    for table in ("projects", "changes", "outbox"):
        assert ws.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_listeners_hear_after_commit_only(ws):
    heard = []
    ws.subscribe(lambda changes, origin: heard.append(([c["entity"] for c in changes], origin)))
    with ws.transaction():
        projects.create(ws, {"name": "甲", "stage": "reserve"})
        assert heard == []
    assert heard == [(["project", "stage_change"], "local")]


def test_second_instance_is_refused(ws):
    with pytest.raises(WorkspaceError, match="another SiteLedger"):
        Workspace.open(ws.home)


def test_device_id_and_clock_survive_reopen(tmp_path):
    with Workspace.open(tmp_path) as first:
        device = first.device_id
        projects.create(first, {"name": "甲"})
        last = str(first.clock.last)
    with Workspace.open(tmp_path) as again:
        assert again.device_id == device
        assert again.clock.now() > last


def test_corrupt_file_gives_clear_error(tmp_path):
    (tmp_path / "workspace.sqlite").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(WorkspaceError, match="damaged or not a SiteLedger file"):
        Workspace.open(tmp_path)


def test_newer_schema_is_refused_and_file_untouched(tmp_path):
    with Workspace.open(tmp_path) as ws:
        ws.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('siteledger', '9999_from_the_future', '2030-01-01')"
        )
    before = (tmp_path / "workspace.sqlite").read_bytes()
    with pytest.raises(NewerSchemaError, match="newer SiteLedger"):
        Workspace.open(tmp_path)
    assert (tmp_path / "workspace.sqlite").read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_workspace_reports_clearly(tmp_path):
    with Workspace.open(tmp_path) as ws:
        projects.create(ws, {"name": "甲"})
    for f in tmp_path.iterdir():
        f.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(WorkspaceError):
            with Workspace.open(tmp_path) as ws:
                projects.create(ws, {"name": "乙"})
    finally:
        tmp_path.chmod(0o755)


def test_read_only_database_write_reports_clearly(tmp_path):
    with Workspace.open(tmp_path) as ws:
        projects.create(ws, {"name": "甲"})
        # A read-only connection stands in for a file the OS will not let us write.
        ws.db.conn.close()
        uri = f"file:{ws.path}?mode=ro"
        from sqlite_utils import Database

        ws.db = Database(sqlite3.connect(uri, uri=True, isolation_level=None))
        with pytest.raises(WorkspaceError, match="read-only"):
            projects.create(ws, {"name": "乙"})


def test_current_workspace_opens_without_sqlite_utils_until_db_is_used(tmp_path):
    """Start-up path: a workspace whose schema is current opens on the bare connection (the
    desktop shows its window before paying for the sqlite-utils import), and `ws.db` still
    gives the library's Database on that same connection."""
    Workspace.open(tmp_path).close()  # created and migrated
    code = (
        "import sys\n"
        "from forms.workspace import Workspace\n"
        f"ws = Workspace.open({str(tmp_path)!r})\n"
        "assert 'sqlite_utils' not in sys.modules, 'imported while opening'\n"
        "device = ws.device_id\n"
        "from sqlite_utils import Database\n"
        "assert isinstance(ws.db, Database) and ws.db.conn is ws.conn\n"
        "assert ws.local_get('device_id') == device\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.strip() == "ok", done.stderr
