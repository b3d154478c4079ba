"""Workspace backup and restore: one checksummed file, taken while the workspace is open and
written to; restore equal by `dump`, a damaged backup refused, the current workspace kept."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest

from forms import backup, dump, problems
from forms.workspace import Workspace
from tests.sync.helpers import add_photo, cli


@pytest.fixture
def photographed(demo_ws):
    add_photo(demo_ws, seed=1)
    add_photo(demo_ws, seed=2)
    return demo_ws


def _open_problem(ws: Workspace) -> str:
    return ws.conn.execute(
        "SELECT id FROM problems WHERE status = 'registered' LIMIT 1"
    ).fetchone()[0]


def test_backup_while_open_restores_equal_by_dump(photographed, tmp_path):
    ws = photographed
    file = tmp_path / "ws.slbackup"
    result = backup.backup(ws.home, file)  # the workspace stays open, its lock held
    before = dump.dumps(ws)
    photos = sorted(p.relative_to(ws.home) for p in ws.photos_dir.rglob("*") if p.is_file())
    problems.act(ws, _open_problem(ws), "progress", author_id=None, note="备份之后")
    assert result.files >= 3 and not result.encrypted
    target = tmp_path / "restored"
    restored = backup.restore(target, file)
    assert restored.kept_aside is None
    with Workspace.open(target) as again:
        assert dump.dumps(again) == before  # the snapshot, not what came after
        again_photos = sorted(
            p.relative_to(target) for p in again.photos_dir.rglob("*") if p.is_file()
        )
    assert again_photos == photos and photos


def test_restore_keeps_the_current_workspace_aside(photographed, tmp_path):
    home = photographed.home
    file = tmp_path / "ws.slbackup"
    backup.backup(home, file)
    before = dump.dumps(photographed)
    problems.act(photographed, _open_problem(photographed), "progress", author_id=None, note="新")
    after = dump.dumps(photographed)
    with pytest.raises(backup.UserError, match="open in another"):
        backup.restore(home, file)  # not while it is open
    photographed.close()
    result = backup.restore(home, file)
    assert result.kept_aside is not None and result.kept_aside.name.startswith("ws.before-restore-")
    with Workspace.open(home) as ws:
        assert dump.dumps(ws) == before
    with Workspace.open(result.kept_aside) as old:
        assert dump.dumps(old) == after


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, change(info.filename, zin.read(info.filename)))


@pytest.mark.parametrize(
    "damage",
    [
        "truncated",
        "photo altered",
        "manifest altered",
        "file added",
        "not a zip",
        "database altered",
    ],
)
def test_damaged_backup_is_refused_and_nothing_changes(photographed, tmp_path, damage):
    good = tmp_path / "good.slbackup"
    backup.backup(photographed.home, good)
    bad = tmp_path / "bad.slbackup"
    raw = good.read_bytes()
    if damage == "truncated":
        bad.write_bytes(raw[: len(raw) * 2 // 3])
    elif damage == "not a zip":
        bad.write_bytes(b"hello" * 100)
    elif damage == "file added":
        bad.write_bytes(raw)
        with zipfile.ZipFile(bad, "a") as zf:
            zf.writestr("files/photos/evil.jpg", b"x")
    else:

        def change(name: str, data: bytes) -> bytes:
            hit = {
                "photo altered": name.startswith("files/photos/") and name.endswith(".jpg"),
                "manifest altered": name == "manifest.json",
                "database altered": name == "workspace.sqlite",
            }[damage]
            if not hit:
                return data
            if name == "manifest.json":
                return data.replace(b'"version": 1', b'"version": 0')
            return data[:1000] + bytes([data[1000] ^ 1]) + data[1001:]

        _rewrite(good, bad, change)
    home = tmp_path / "target"
    with Workspace.open(home) as ws:
        ws.local_set("marker", "still here")
    with pytest.raises(backup.BackupError):
        backup.restore(home, bad)
    with pytest.raises(backup.BackupError):
        backup.verify(bad)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    with Workspace.open(home) as ws:
        assert ws.local_get("marker") == "still here"
    assert not list(tmp_path.glob("target.before-restore-*"))


def test_backup_and_restore_on_the_command_line(photographed, tmp_path):
    file = tmp_path / "cli.slbackup"
    done = cli("backup", str(file), home=photographed.home)
    assert "backup written" in done.stdout
    before = dump.dumps(photographed)
    photographed.close()
    done = cli("restore", str(file), home=photographed.home)
    assert "kept in" in done.stdout
    assert cli("dump", home=photographed.home).stdout.strip() == before.strip()
    bad = tmp_path / "bad.slbackup"
    bad.write_bytes(file.read_bytes()[:5000])
    refused = cli("restore", str(bad), home=photographed.home, check=False)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "damaged" in refused.stderr
    sqlite3.connect(photographed.home / "workspace.sqlite").execute("SELECT 1").fetchone()
