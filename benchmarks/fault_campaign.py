"""The fault campaign of issue 11: real processes on loopback, faults of every kind, then proof
that nothing was lost, duplicated or reported synced too early.

    .venv/bin/python benchmarks/fault_campaign.py [--short] [--backend sqlite|postgresql|both]
                                                  [--seed N] [--minutes M]

Several office laptops record ledger edits and photos and sync through a proxy that loses 15 % of
the answers to writes (the server committed; the client never hears) and resets 10 % of photo
uploads mid-body. Meanwhile the server is SIGKILLed at random moments and at every step boundary
of a push and of a photo upload (sync/faults.py: after the last byte, after the rename, before
and after the photo row's commit, before and after the push's commit), and `siteledger sync`
processes are SIGKILLed mid-sync. Every sync that says `synced` is checked against the server
at once. After the faults stop and everyone syncs, it checks: every change on the server exactly
once, every photo byte-identical to its hash on the server and on every laptop, every outbox
empty, all workspaces' `dump` identical, no partial upload left. Prints the counts and the photo
bytes sent against the photos' size (goal ≤ 1.05).

Full size: ≥ 200 server kills, ≥ 200 client kills, ≥ 500 lost answers, on SQLite and on
PostgreSQL. `--short` is the smoke version `.ci/run` runs (a few minutes at most).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The server and client processes run this tree's code, not an installed copy.
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.chdir(ROOT)

from forms import projects  # noqa: E402
from forms.workspace import Workspace  # noqa: E402
from sync import faults, laptop_state, photo_files  # noqa: E402
from sync.client import Client, SyncError, enroll  # noqa: E402
from tests.sync import pg  # noqa: E402
from tests.sync.conftest import ServerProcess  # noqa: E402
from tests.sync.helpers import add_photo, demo_queued, dumps, install_definitions  # noqa: E402
from tests.sync.proxy import FaultProxy  # noqa: E402

PUSH_POINTS = ("before_push_commit", "after_push_commit")
PHOTO_POINTS = ("after_last_byte", "after_rename", "before_photo_commit", "after_photo_commit")


@dataclass
class Sizes:
    laptops: int
    projects: int
    photos_each: int  # at the start; more are added as it goes
    photo_size: int
    server_kills: int  # at random moments (the boundary kills come on top)
    client_kills: int
    lost_acks: int
    max_rounds: int


FULL = Sizes(3, 20, 12, 600_000, 200, 200, 500, 3000)
SHORT = Sizes(2, 8, 3, 300_000, 3, 3, 8, 150)


@dataclass
class Counts:
    server_kills: int = 0
    random_kills: int = 0
    boundary_kills: dict[str, int] = field(default_factory=lambda: dict.fromkeys(faults.POINTS, 0))
    client_kills: int = 0
    syncs: int = 0
    synced_said: int = 0
    synced_while_waiting: int = 0
    photos: int = 0
    photo_payload: int = 0


class Campaign:
    def __init__(self, tmp: Path, database: str | None, sizes: Sizes, seed: int) -> None:
        self.rng = random.Random(seed)
        self.sizes = sizes
        tmp.mkdir(parents=True, exist_ok=True)
        self.server = ServerProcess(tmp / "server", database).start()
        self.proxy = FaultProxy(self.server.port, lose_answers=0.15, reset_photos=0.10, seed=seed)
        self.counts = Counts()
        self.timing: dict[str, list] = {}
        self.homes = [tmp / f"laptop{n}" for n in range(sizes.laptops)]
        self.proxy.enabled = False
        for n, home in enumerate(self.homes):
            self.server.add_user(f"办公室{n}", "office")
            ws = Workspace.open(home)
            install_definitions(ws)
            enroll(ws, self.proxy.url, self.server.code(f"办公室{n}"))
            demo_queued(ws, projects=sizes.projects, seed=seed + n)
            for k in range(sizes.photos_each):
                self._photo(ws, seed * 1000 + n * 100 + k)
            ws.close()
        self.proxy.enabled = True
        self._photo_seed = seed * 1000 + 900

    # -- what the laptops do -----------------------------------------------------------------

    def _photo(self, ws: Workspace, seed: int) -> int:
        size = self.rng.randrange(self.sizes.photo_size // 2, self.sizes.photo_size * 3 // 2)
        photo = add_photo(ws, size=size, seed=seed)
        self.counts.photos += 1
        return photo.path.stat().st_size

    def record(self, home: Path) -> None:
        """A few ledger edits, now and then a photo, as an office user makes them."""
        with Workspace.open(home) as ws:
            ids = [r[0] for r in ws.db.execute("SELECT id FROM projects")]
            for _n in range(self.rng.randrange(5, 60)):
                project_id = self.rng.choice(ids)
                projects.update(ws, project_id, {"progress_note": f"进度 {self.rng.random():.6f}"})
            if self.rng.random() < 0.3:
                self._photo_seed += 1
                self._photo(ws, self._photo_seed)

    def sync_in_process(
        self, home: Path, kill_server_after: float | None = None, batch: int = 1000
    ) -> None:
        """One sync here (faster than a process), the server maybe killed meanwhile."""
        killer = None
        if kill_server_after is not None:
            killer = threading.Timer(kill_server_after, self._kill_server)
            killer.start()
        with Workspace.open(home) as ws:
            try:
                with Client(ws, timeout=10, batch=batch) as client:
                    client.sync()
                said = laptop_state.status(ws).synced  # what `siteledger sync` prints `synced` on
            except SyncError:
                said = False
            self.counts.syncs += 1
            if killer is not None:
                killer.join()
            if said:
                self._check_synced(ws)
        self._restart_if_dead()

    def sync_process(self, home: Path, kill_after: float | None) -> None:
        """`siteledger sync` as its own process, maybe SIGKILLed after `kill_after` seconds."""
        proc = subprocess.Popen(
            [sys.executable, "-m", "desktop.cli", "--home", str(home), "sync"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            out, _err = proc.communicate(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            self.counts.client_kills += 1
            return
        finally:
            self.counts.syncs += 1
        if any(line.startswith("synced") for line in out.splitlines()):
            with Workspace.open(home) as ws:
                self._check_synced(ws)
        self._restart_if_dead()

    def _check_synced(self, ws: Workspace) -> None:
        """A sync said `synced`: the server must hold everything of this laptop right now."""
        self.counts.synced_said += 1
        store = self.server.store()
        try:
            on_server = set(store.change_ids())
            mine = {r[0] for r in ws.db.execute("SELECT id FROM changes")}
            photos = photo_files.referenced(ws.db, ws.photos_dir)
            missing_photos = [
                sha for sha, path in photos.items() if path.exists() and not store.has_photo(sha)
            ]
        finally:
            store.close()
        outbox = ws.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
        if mine - on_server or missing_photos or outbox:
            self.counts.synced_while_waiting += 1
            print(
                f"  !! synced said with {len(mine - on_server)} changes and"
                f" {len(missing_photos)} photos not on the server, outbox {outbox}"
            )

    # -- what happens to the server ----------------------------------------------------------

    def _kill_server(self) -> None:
        if self.server.proc.poll() is None:
            self.server.kill()
            self.counts.server_kills += 1
            self.counts.random_kills += 1

    def _restart_if_dead(self) -> None:
        if self.server.proc.poll() is not None:
            self.server.fault = None
            self.server.start()

    def arm(self, point: str) -> None:
        """Restart the server so that it kills itself at the N-th time it reaches `point`."""
        self.server.kill()  # (not counted: a graceful stop would wait for idle connections)
        self.server.fault = f"{point}:{self.rng.randrange(1, 3)}"
        self.server.start()
        self.server.fault = None

    def boundary_round(self, home: Path, point: str) -> None:
        self.arm(point)
        with Workspace.open(home) as ws:  # something for the step to happen on
            if point in PHOTO_POINTS:
                self._photo_seed += 1
                self._photo(ws, self._photo_seed)
        self.record(home)
        armed = self.server.proc
        self.sync_in_process(home)  # restarts the server if the fault point killed it
        if self.server.proc is not armed:
            self.counts.boundary_kills[point] += 1
            self.counts.server_kills += 1
        else:
            self.server.kill()  # not reached this time: disarm it (not counted)
            self.server.start()

    # -- the campaign ------------------------------------------------------------------------

    def done(self) -> bool:
        c, s = self.counts, self.sizes
        return (
            c.random_kills >= s.server_kills
            and c.client_kills >= s.client_kills
            and self.proxy.lost_acks >= s.lost_acks
            and all(c.boundary_kills.values())
        )

    def run(self, deadline: float = float("inf")) -> None:
        """Rounds until every count reached its target (or the deadline, monotonic): each round
        is of the kind furthest behind its target (step boundaries first), with edits and
        photos recorded between."""
        rounds = 0
        while not self.done() and rounds < self.sizes.max_rounds and time.monotonic() < deadline:
            rounds += 1
            home = self.rng.choice(self.homes)
            if self.rng.random() < 0.5:
                self.record(home)
            kind = self._next_kind()
            started = time.monotonic()
            if kind == "boundary":
                missing = [p for p, n in self.counts.boundary_kills.items() if not n]
                self.boundary_round(home, self.rng.choice(missing))
            elif kind == "client kill":
                # a CLI process needs about 0.4 s to start on a quiet machine, more when busy
                self.sync_process(home, kill_after=self.rng.uniform(0.45, 1.5))
            elif kind == "server kill":
                self.sync_in_process(home, kill_server_after=self.rng.uniform(0.0, 0.8))
            else:  # lost answers: small batches, many writes, half their answers lost
                self.record(home)
                self.proxy.lose_answers = 0.5
                try:
                    self.sync_in_process(home, batch=20)
                finally:
                    self.proxy.lose_answers = 0.15
            took = self.timing.setdefault(kind, [0, 0.0])
            took[0] += 1
            took[1] += time.monotonic() - started
            if rounds % 50 == 0:
                self.progress(rounds)
        self.progress(rounds)

    def _next_kind(self) -> str:
        c, s = self.counts, self.sizes
        if not all(c.boundary_kills.values()) and self.rng.random() < 0.5:
            return "boundary"
        behind = {
            "client kill": 1 - c.client_kills / s.client_kills,
            "server kill": 1 - c.random_kills / s.server_kills,
            "lost answers": 1 - self.proxy.lost_acks / s.lost_acks,
        }
        if max(behind.values()) <= 0:
            return "boundary"
        # mostly the one furthest behind, now and then another, so the kinds stay mixed
        if self.rng.random() < 0.25:
            return self.rng.choice([k for k, v in behind.items() if v > 0])
        return max(behind, key=behind.get)

    def progress(self, rounds: int) -> None:
        c = self.counts
        print(
            f"  round {rounds}: server kills {c.server_kills}, client kills {c.client_kills},"
            f" lost answers {self.proxy.lost_acks}, resets {self.proxy.resets}, syncs {c.syncs};"
            f" seconds a round: { {k: round(v[1] / v[0], 1) for k, v in self.timing.items()} }",
            flush=True,
        )

    def resets_only(self, photos_each: int) -> tuple[int, int]:
        """New photos on every laptop uploaded with only the resets on (10 % of photo uploads
        cut mid-body, no kills, no lost answers): (bytes sent for photos, their size)."""
        self.proxy.lose_answers = 0.0
        self._restart_if_dead()
        payload = 0
        for home in self.homes:
            with Workspace.open(home) as ws:
                for _ in range(photos_each):
                    self._photo_seed += 1
                    payload += self._photo(ws, self._photo_seed)
        before = self.proxy.photo_bytes
        for home in self.homes:
            for _attempt in range(20):
                with Workspace.open(home) as ws:
                    try:
                        with Client(ws, timeout=10) as client:
                            client.sync()
                    except SyncError:
                        pass
                    if laptop_state.status(ws).synced:
                        break
        return self.proxy.photo_bytes - before, payload

    def heal(self) -> None:
        """No more faults: everyone syncs until nothing waits, twice round (for the pulls)."""
        self.proxy.enabled = False
        self._restart_if_dead()
        for _round in range(2):
            for home in self.homes:
                for _attempt in range(5):
                    result = subprocess.run(
                        [sys.executable, "-m", "desktop.cli", "--home", str(home), "sync"],
                        capture_output=True,
                        text=True,
                        timeout=300,
                    )
                    self.counts.syncs += 1
                    if result.returncode == 0:
                        with Workspace.open(home) as ws:
                            self._check_synced(ws)
                        break
                else:
                    raise AssertionError(f"{home} never synced: {result.stdout}{result.stderr}")

    def verify(self) -> list[str]:
        """What is wrong after it all ([] when everything holds)."""
        problems = []
        store = self.server.store()
        try:
            ids = store.change_ids()
            has = store.has_photo
            if len(ids) != len(set(ids)):
                problems.append(f"{len(ids) - len(set(ids))} changes on the server twice")
            journals = []
            for home in self.homes:
                with Workspace.open(home) as ws:
                    journals.append({r[0] for r in ws.db.execute("SELECT id FROM changes")})
                    status = laptop_state.status(ws)
                    if status.changes_waiting or status.photos_waiting or status.photos_missing:
                        problems.append(f"{home.name} still waits: {status}")
                    for photo in photo_files.referenced_photos(ws.db, ws.photos_dir):
                        if not has(photo.working):
                            problems.append(f"photo {photo.working[:12]} not on the server")
                        on_server = photo_files.photo_path(
                            self.server.data / "photos", photo.working
                        )
                        if _sha(on_server) != photo.working:
                            problems.append(f"photo {photo.working[:12]} differs on the server")
                        if _sha(photo.path) != photo.working:
                            problems.append(f"photo {photo.working[:12]} differs on {home.name}")
            union = set().union(*journals)
            if set(ids) != union or any(j != union for j in journals):
                problems.append("the server and the laptops hold different changes")
        finally:
            store.close()
        first = None
        for home in self.homes:
            with Workspace.open(home) as ws:
                text = dumps(ws)
            if first is None:
                first = text
            elif text != first:
                problems.append(f"{home.name}'s dump differs from {self.homes[0].name}'s")
        left = [p for p in (self.server.data / "partial").iterdir() if p.name != ".locks"]
        if left:
            problems.append(f"{len(left)} partial upload files left")
        if self.counts.synced_while_waiting:
            problems.append(f"{self.counts.synced_while_waiting} syncs said synced while waiting")
        return problems

    def payload(self) -> int:
        sizes: dict[str, int] = {}
        for home in self.homes:
            with Workspace.open(home) as ws:
                for photo in photo_files.referenced_photos(ws.db, ws.photos_dir):
                    sizes[photo.working] = photo.path.stat().st_size
        return sum(sizes.values())

    def close(self) -> None:
        self.proxy.close()
        self.server.stop()


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def run_backend(
    name: str, database: str | None, sizes: Sizes, seed: int, tmp: Path, minutes: float
) -> bool:
    print(f"{name}: {sizes.laptops} laptops through a lossy proxy", flush=True)
    started = time.monotonic()
    campaign = Campaign(tmp / name, database, sizes, seed)
    try:
        campaign.run(started + minutes * 60)
        if not campaign.done():
            print(f"{name}: stopped at the time or round limit before every target was reached")
        reset_sent, reset_payload = campaign.resets_only(sizes.photos_each)
        campaign.heal()
        problems = campaign.verify()
        c, proxy = campaign.counts, campaign.proxy
        store = campaign.server.store()
        try:
            changes = store.count_changes()
        finally:
            store.close()
        payload = campaign.payload()
        boundary = ", ".join(f"{k} {v}" for k, v in c.boundary_kills.items())
        print(
            f"{name}: server kills {c.server_kills} (at step boundaries: {boundary}),"
            f" client kills {c.client_kills}, lost answers {proxy.lost_acks},"
            f" photo connections reset mid-body {proxy.resets}; {c.syncs} syncs,"
            f" {c.synced_said} said synced, {c.synced_while_waiting} of them while something"
            f" waited; {changes:,} changes, {c.photos} photos ({payload / 1e6:.1f} MB);"
            f" photo bytes sent {proxy.photo_bytes / 1e6:.1f} MB ="
            f" {proxy.photo_bytes / max(payload, 1):.3f} × payload, all faults together;"
            f" with only the resets (10 % of photo uploads cut mid-body):"
            f" {reset_sent / 1e6:.1f} MB for {reset_payload / 1e6:.1f} MB of photos ="
            f" {reset_sent / max(reset_payload, 1):.3f} × payload (goal ≤ 1.05);"
            f" {time.monotonic() - started:.0f} s"
        )
        for problem in problems:
            print(f"  FAILED: {problem}")
        if not problems:
            print(
                f"{name}: every change on the server exactly once, every photo byte-identical,"
                " outboxes empty, dumps identical, no partial left"
            )
        return not problems
    finally:
        campaign.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--short", action="store_true", help="the smoke version for .ci/run")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--minutes", type=float, default=float("inf"), help="stop the faults after this long"
    )
    args = parser.parse_args()
    sizes = SHORT if args.short else FULL
    tmp = Path(tempfile.mkdtemp(prefix="siteledger-faults-"))
    ok = True
    cluster = None
    try:
        if args.backend in ("sqlite", "both"):
            ok &= run_backend("SQLite", None, sizes, args.seed, tmp, args.minutes)
        if args.backend in ("postgresql", "both"):
            if pg.binaries() is None:
                print("PostgreSQL: skipped, no binaries (/usr/lib/postgresql/*/bin/initdb)")
            else:
                cluster = pg.start()
                url = cluster.create_database("campaign")
                ok &= run_backend("PostgreSQL", url, sizes, args.seed + 1, tmp, args.minutes)
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
