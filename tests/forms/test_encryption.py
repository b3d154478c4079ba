"""Encryption at rest: a lost laptop yields nothing readable, a wrong password changes nothing,
a new password rewrites no photo, and everything works as before with the right password."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from forms import backup, crypto, dump, encryption
from forms.photos import files, import_photos
from forms.photos import store as photo_store
from forms.photos.thumbs import thumbnail
from forms.photos.watermark import watermarked
from forms.workspace import Workspace, WorkspaceError
from tests.sync.helpers import add_photo, noise_jpeg

PASSWORD = "correct horse battery"


def cli(*args: str, home: Path, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        stdin=subprocess.DEVNULL,
    )
    assert not check or done.returncode == 0, done.stderr
    return done


def _digests(home: Path) -> dict[str, str]:
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file() and p.name != "workspace.lock"
    }


@pytest.fixture
def encrypted(demo_ws):
    add_photo(demo_ws, seed=1)
    add_photo(demo_ws, seed=2)
    before = dump.dumps(demo_ws)
    home = demo_ws.home
    demo_ws.close()
    result = encryption.encrypt(home, PASSWORD)
    assert result.photos >= 4  # working copies, thumbnails, originals
    return home, before


def _photo_files(home: Path) -> list[Path]:
    return [p for p in (home / "photos").rglob("*") if p.is_file()]


def test_an_encrypted_workspace_is_unreadable_without_the_password(encrypted):
    home, _ = encrypted
    raw = (home / "workspace.sqlite").read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(home / "workspace.sqlite").execute("SELECT * FROM sqlite_master").fetchall()
    assert b"sync_state" not in raw and "项目".encode() not in raw
    photos = _photo_files(home)
    assert photos
    for path in photos:
        data = path.read_bytes()
        assert crypto.is_sealed(data) and b"\xff\xd8\xff" not in data[:64]
        with pytest.raises(OSError):
            Image.open(path)
    assert (
        not (home / "workspace.sqlite-wal").exists()
        or b"SQLite" not in (home / "workspace.sqlite-wal").read_bytes()[:32]
    )


def test_with_the_password_everything_is_as_before(encrypted, tmp_path):
    home, before = encrypted
    with Workspace.open(home, password=PASSWORD) as ws:
        assert dump.dumps(ws) == before
        assert ws.reader().execute("SELECT count(*) FROM projects").fetchone()[0] == 200
        project = ws.conn.execute("SELECT id FROM projects LIMIT 1").fetchone()[0]
        source = noise_jpeg(tmp_path / "camera.jpg", 200_000, 3)
        [result] = import_photos(ws, [source], attach_to=("project", project))
        assert result.ok, result.line()
        path = files.photo_path(ws, result.photo_id, "working")
        assert crypto.is_sealed(path.read_bytes())  # imported sealed, hashed as plain
        plain = files.read_plain(path, ws.photo_key)
        assert Image.open(io.BytesIO(plain)).format == "JPEG"
        working = photo_store.photo(ws, result.photo_id)["working_sha256"]
        assert hashlib.sha256(plain).hexdigest() == working
        files.remove_quietly(files.photo_path(ws, result.photo_id, "thumb"))
        assert crypto.is_sealed(thumbnail(ws, result.photo_id).read_bytes())
        link = ws.conn.execute("SELECT id FROM photo_links LIMIT 1").fetchone()[0]
        assert crypto.is_sealed(watermarked(ws, link).read_bytes())


def test_a_wrong_password_is_one_plain_line_and_changes_nothing(encrypted):
    home, _ = encrypted
    files_before = _digests(home)
    with pytest.raises(crypto.WrongPassword):
        Workspace.open(home, password="wrong password")
    env = {**os.environ, "SITELEDGER_PASSWORD": "wrong password"}
    for args in (["dump"], ["backup", str(home.parent / "b.slbackup")]):
        done = cli(*args, home=home, check=False, env=env)
        assert done.returncode == 1
        assert done.stderr == "siteledger: wrong password for this encrypted workspace\n"
    os.environ.pop("SITELEDGER_PASSWORD", None)
    with pytest.raises(WorkspaceError, match="encrypted"):
        Workspace.open(home)  # no password at all: said, not guessed
    assert _digests(home) == files_before


def test_changing_the_password_rewrites_only_the_key_file(encrypted):
    home, before = encrypted
    files_before = _digests(home)
    encryption.change_password(home, PASSWORD, "a new long password")
    after = _digests(home)
    changed = {name for name in after if after[name] != files_before.get(name)}
    assert changed == {"workspace.key"}
    with pytest.raises(crypto.WrongPassword):
        Workspace.open(home, password=PASSWORD)
    with Workspace.open(home, password="a new long password") as ws:
        assert dump.dumps(ws) == before


def test_an_encrypted_backup_is_encrypted_and_restores(encrypted, tmp_path):
    home, before = encrypted
    with Workspace.open(home, password=PASSWORD) as ws:
        result = backup.backup(home, tmp_path / "enc.slbackup", ws.key)
    assert result.encrypted
    raw = (tmp_path / "enc.slbackup").read_bytes()
    assert b"SQLite format 3" not in raw and b"JFIF" not in raw and b"Exif" not in raw
    backup.restore(tmp_path / "restored", tmp_path / "enc.slbackup")
    with Workspace.open(tmp_path / "restored", password=PASSWORD) as again:
        assert dump.dumps(again) == before


def test_encrypt_on_the_command_line(demo_ws):
    home = demo_ws.home
    before = dump.dumps(demo_ws)
    demo_ws.close()
    env = {**os.environ, "SITELEDGER_PASSWORD": PASSWORD}
    assert "workspace encrypted" in cli("encrypt", home=home, env=env).stdout
    again = cli("encrypt", home=home, env=env, check=False)
    assert again.returncode == 1 and "already encrypted" in again.stderr
    assert cli("dump", home=home, env=env).stdout.strip() == before.strip()
    new = {**env, "SITELEDGER_NEW_PASSWORD": "another long one"}
    assert "password changed" in cli("encrypt", "--change-password", home=home, env=new).stdout


def test_new_workspaces_get_the_faster_cipher_and_old_key_files_still_open(demo_ws, monkeypatch):
    """The key file names its database's cipher settings; one made before it did (no "cipher")
    was encrypted with SQLCipher 4's defaults and opens with them."""
    home, before = demo_ws.home, dump.dumps(demo_ws)
    demo_ws.close()
    monkeypatch.setattr(crypto, "CIPHER", "sqlcipher4")
    encryption.encrypt(home, PASSWORD)
    body = json.loads((home / crypto.KEY_FILE).read_text())
    del body["cipher"]  # as the first encrypted workspaces' key files were written
    (home / crypto.KEY_FILE).write_text(json.dumps(body))
    with Workspace.open(home, password=PASSWORD) as ws:
        assert ws.conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA512"
        assert dump.dumps(ws) == before


def test_a_newly_encrypted_workspace_checks_pages_with_hmac_sha256(encrypted):
    home, before = encrypted
    with Workspace.open(home, password=PASSWORD) as ws:
        assert ws.conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA256"
        assert ws.conn.execute("PRAGMA cipher_page_size").fetchone()[0] == "16384"
        assert dump.dumps(ws) == before
    body = json.loads((home / crypto.KEY_FILE).read_text())
    body["cipher"] = "PRAGMA key = 'x'"  # a key file naming settings nobody declared
    (home / crypto.KEY_FILE).write_text(json.dumps(body))
    with pytest.raises(WorkspaceError, match="damaged"):
        Workspace.open(home, password=PASSWORD)
