"""Fixtures for sync tests: a real server process on loopback, enrolled workspaces, PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from forms.workspace import Workspace
from sync.client import enroll
from sync.store import Store

from . import pg
from .helpers import install_definitions


class ServerProcess:
    """`siteledger server` as its own process, restartable after a SIGKILL."""

    def __init__(self, data: Path, database: str | None = None, options: tuple = ()) -> None:
        self.data = data
        self.database = database
        self.options = list(options)
        self.fault: str | None = None  # SITELEDGER_FAULT for the next start (sync/faults.py)
        self.port = pg.free_port()
        self.proc: subprocess.Popen | None = None
        self.log = data.parent / f"{data.name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        command = [
            sys.executable,
            "-m",
            "desktop.cli",
            "server",
            "--data",
            str(self.data),
            "--port",
            str(self.port),
        ]
        if self.database:
            command += ["--database", self.database]
        command += self.options
        with open(self.log, "ab") as log:
            env = {k: v for k, v in os.environ.items() if k != "SITELEDGER_FAULT"}
            if self.fault:
                env["SITELEDGER_FAULT"] = self.fault
            self.proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/v1/info", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            time.sleep(0.05)
        raise RuntimeError("server did not start")

    def died(self, timeout: float = 10) -> bool:
        """Whether the process ended (a fault point killed it) within `timeout` seconds."""
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()

    def store(self) -> Store:
        return Store.open(self.data, self.database)

    def add_user(
        self, name: str, role: str, district: str | None = None, person_id: str | None = None
    ):
        store = self.store()
        try:
            return store.add_user(name, role, district, person_id)
        finally:
            store.close()

    def code(self, user: str, ttl: float = 3600) -> str:
        store = self.store()
        try:
            return store.enroll_code(user, dt.timedelta(seconds=ttl))
        finally:
            store.close()

    def enrolled(
        self, home: Path, user: str, role: str = "office", district: str | None = None
    ) -> Workspace:
        """A workspace enrolled as a new user `user` (created if needed)."""
        store = self.store()
        try:
            if store.user_by_name(user) is None:
                store.add_user(user, role, district)
        finally:
            store.close()
        ws = Workspace.open(home)
        install_definitions(ws)
        enroll(ws, self.url, self.code(user))
        return ws


@pytest.fixture
def server(tmp_path):
    process = ServerProcess(tmp_path / "server").start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
def pg_cluster():
    if pg.binaries() is None:
        pytest.skip("PostgreSQL binaries not installed (/usr/lib/postgresql/*/bin/initdb)")
    cluster = pg.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty server database of each kind (None = the data folder's SQLite file)."""
    if request.param == "sqlite":
        return None
    cluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database(f"t{os.getpid()}_{time.monotonic_ns()}")
