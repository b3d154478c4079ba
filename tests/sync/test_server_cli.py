"""`siteledger server` administration from the command line."""

from __future__ import annotations

import json
import sqlite3

from .helpers import cli


def test_add_user_backup_and_errors(tmp_path):
    data = tmp_path / "data"
    out = cli(
        "server",
        "add-user",
        "--data",
        str(data),
        "--name",
        "张三",
        "--role",
        "leader",
        "--district",
        "东区",
    ).stdout
    assert "张三" in out
    again = cli(
        "server", "add-user", "--data", str(data), "--name", "张三", "--role", "office", check=False
    )
    assert again.returncode == 1 and len(again.stderr.strip().splitlines()) == 1
    code = (
        cli("server", "enroll-code", "--data", str(data), "--user", "张三")
        .stdout.strip()
        .splitlines()[-1]
    )
    assert len(code) == 11 and code[5] == "-"
    missing = cli("server", "enroll-code", "--data", str(data), "--user", "无名", check=False)
    assert missing.returncode == 1 and "无名" in missing.stderr
    (data / "photos" / "ab").mkdir(parents=True)
    (data / "photos" / "ab" / ("ab" + "0" * 62)).write_bytes(b"x")
    cli("server", "backup", "--data", str(data), "--output", str(tmp_path / "bk"))
    copy = sqlite3.connect(tmp_path / "bk" / "server.sqlite")
    assert copy.execute("SELECT name, role, district FROM users").fetchall() == [
        ("张三", "leader", "东区")
    ]
    rows = [json.loads(line) for line in (tmp_path / "bk" / "rows.jsonl").open()]
    assert {r["table"] for r in rows} >= {"users", "enroll_codes"}
    assert code not in (tmp_path / "bk" / "rows.jsonl").read_text()
    assert (tmp_path / "bk" / "photos" / "ab" / ("ab" + "0" * 62)).read_bytes() == b"x"
    refused = cli(
        "server", "backup", "--data", str(data), "--output", str(tmp_path / "bk"), check=False
    )
    assert refused.returncode == 1


def test_server_cli_on_postgresql(pg_cluster, tmp_path):
    url = pg_cluster.create_database("clitest")
    data = tmp_path / "data"
    cli(
        "server",
        "add-user",
        "--data",
        str(data),
        "--database",
        url,
        "--name",
        "办公室",
        "--role",
        "office",
    )
    # the data folder remembers the database for later commands
    code = (
        cli("server", "enroll-code", "--data", str(data), "--user", "办公室")
        .stdout.strip()
        .splitlines()[-1]
    )
    assert code
    cli("server", "backup", "--data", str(data), "--output", str(tmp_path / "bk"))
    assert "办公室" in (tmp_path / "bk" / "rows.jsonl").read_text()
    assert not (tmp_path / "bk" / "server.sqlite").exists()
