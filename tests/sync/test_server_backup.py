"""`server backup` and `server restore` on SQLite and PostgreSQL: a restored server holds the
same rows, serves the same laptops with their tokens, and a damaged backup is refused."""

from __future__ import annotations

import json
import os
import time

import pytest

from sync import backup, laptop_state
from sync.client import Client
from sync.store import Store

from .conftest import ServerProcess
from .helpers import add_photo, assert_same, cli, demo_queued


def _rows(store: Store) -> list[str]:
    return sorted(json.dumps([t, r], sort_keys=True, default=str) for t, r in store.export_rows())


@pytest.fixture(params=["sqlite", "postgresql"])
def restore_url(request):
    if request.param == "sqlite":
        return None
    cluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database(f"r{os.getpid()}_{time.monotonic_ns()}")


def test_backup_restores_into_either_kind_and_serves_the_laptops(store_url, restore_url, tmp_path):
    source = ServerProcess(tmp_path / "server", store_url).start()
    try:
        office = source.enrolled(tmp_path / "office", "办公室")
        demo_queued(office, projects=5)
        add_photo(office)
        with Client(office) as client:
            client.sync()
        cli("server", "backup", "--data", str(source.data), "--output", str(tmp_path / "bk"))
    finally:
        source.stop()
    args = ["--database", restore_url] if restore_url else []
    done = cli(
        "server", "restore", "--data", str(tmp_path / "new"), *args, "--input", str(tmp_path / "bk")
    )
    assert "restored" in done.stdout
    old, new = Store.open(source.data, store_url), Store.open(tmp_path / "new", restore_url)
    try:
        assert _rows(new) == _rows(old)
    finally:
        old.close()
        new.close()
    restored = ServerProcess(tmp_path / "new", restore_url).start()
    try:
        # The office's laptop keeps its token; a new laptop pulls everything, photos included.
        laptop_state.put(office, server_url=restored.url)
        with Client(office) as client:
            client.sync()
        other = restored.enrolled(tmp_path / "other", "办公室")
        with Client(other) as client:
            client.sync()
        assert_same(office, other)
        office.close()
        other.close()
        again = cli(
            "server",
            "restore",
            "--data",
            str(tmp_path / "new"),
            *args,
            "--input",
            str(tmp_path / "bk"),
            check=False,
        )
        assert again.returncode == 1 and "already holds data" in again.stderr
    finally:
        restored.stop()


def test_damaged_server_backup_is_refused(tmp_path):
    store = Store.open(tmp_path / "data")
    store.add_user("张三", "leader", "东区")
    backup.backup(store, tmp_path / "data", tmp_path / "bk")
    store.close()
    rows = tmp_path / "bk" / "rows.jsonl"
    rows.write_text(rows.read_text().replace("张三", "李四"))
    target = Store.open(tmp_path / "new")
    try:
        with pytest.raises(ValueError, match="damaged"):
            backup.restore(target, tmp_path / "new", tmp_path / "bk")
        assert target.user_by_name("李四") is None
    finally:
        target.close()
