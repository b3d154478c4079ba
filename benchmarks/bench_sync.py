"""Sync benchmarks on loopback against a real server process; prints each figure beside its goal.

    .venv/bin/python benchmarks/bench_sync.py [--quick] [--push-only] [--repeat N]
                                              [--database postgresql://…]

1. push 10,000 changes and 200 photos of 2 MB, as a ratio against a plain HTTP upload of the
   same bytes with the same HTTP client (httpx) to a bare uvicorn app, in the same run (goal ≤ 1.5);
   N rounds (default 3, each with a new server and laptop), medians printed; also against a
   plain upload whose server fsyncs each body, as ours must. Every timed run starts on a quiet
   disk (os.sync, then a second's pause), so none pays for the deletes of the one before; the
   laptop records as its enrolled user, as the desktop does once someone signed in;
2. a sync with nothing to do (goal ≤ 100 ms);
3. the first pull of 100,000 changes into an empty workspace (goal ≤ 20 s);
4. the server's p99 push latency with 50 clients syncing at once (goal ≤ 1 s), on SQLite and
   on PostgreSQL with two server processes sharing it, in the same run (`--load-only`: just that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forms.ids import new_id  # noqa: E402
from forms.photos import files  # noqa: E402
from forms.photos import store as photo_store  # noqa: E402
from forms.workspace import Workspace  # noqa: E402
from sync import laptop_state, memory, photo_files  # noqa: E402
from sync.client import Client, enroll  # noqa: E402
from sync.store import Store  # noqa: E402
from tests.sync.pg import free_port  # noqa: E402

BASELINE_APP = """
import os, sys
from pathlib import Path
OUT = Path(sys.argv[2])
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    n = 0
    with open(OUT / f"{os.getpid()}-{id(scope)}", "wb") as f:
        while True:
            m = await receive()
            f.write(m.get("body", b""))
            if not m.get("more_body"):
                break
        if sys.argv[3] == "fsync":
            f.flush()
            os.fsync(f.fileno())
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})
import uvicorn
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def wait_up(url: str) -> None:
    for _ in range(400):
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


def start_server(data: Path, database: str | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "desktop.cli",
        "server",
        "--data",
        str(data),
        "--port",
        str(port),
    ]
    if database:
        command += ["--database", database]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_up(f"{url}/v1/info")
    return proc, url


def enrolled(
    store: Store, url: str, home: Path, name: str, role: str = "office", district: str | None = None
) -> Workspace:
    if store.user_by_name(name) is None:
        store.add_user(name, role, district)
    ws = Workspace.open(home)
    enroll(ws, url, store.enroll_code(name, dt.timedelta(hours=1)))
    return ws


def signed_in(ws: Workspace) -> str | None:
    """The enrolled user, as whom the desktop records once they signed in (the server then
    keeps the author the laptop wrote)."""
    return laptop_state.get(ws, "user_id")


def queue_changes(ws: Workspace, count: int, district: str = "d1") -> None:
    """`count` local changes, as recording them on the laptop makes them."""
    projects = [new_id() for _ in range(max(1, count // 20))]
    author = signed_in(ws)
    with ws.transaction():
        for project_id in projects:
            ws.record(
                "project",
                project_id,
                {
                    "name": f"项目{project_id[-6:]}",
                    "district_id": district,
                    "total_investment": 1_000_000,
                },
                author_id=author,
            )
        for n in range(count - len(projects)):
            ws.record(
                "project",
                projects[n % len(projects)],
                {"progress_note": f"第 {n} 次进度：主体结构施工中，完成投资稳步推进"},
                author_id=author,
            )


def queue_visits(ws: Workspace, count: int) -> None:
    """`count` visits on the workspace's projects, as a leader records them in the field."""
    projects = [r[0] for r in ws.db.execute("SELECT id FROM projects ORDER BY id")]
    author = signed_in(ws)
    with ws.transaction():
        for n in range(count):
            ws.record(
                "visit",
                new_id(),
                {
                    "project_id": projects[n % len(projects)],
                    "visited_at": "2026-11-20T09:00",
                    "kind": "routine",
                    "progress_text": f"第 {n} 次走访：主体结构施工中，完成投资稳步推进",
                    "form_id": "visit",
                    "form_version": 1,
                    "data": "{}",
                },
                author_id=author,
            )


def add_photos(ws: Workspace, count: int, size: int) -> int:
    """`count` photos of `size` random bytes, registered through the photo store like an import
    (a photo row with its working hash, a link to a project) with the bytes as the working
    copy where the photo module keeps it. Random bytes, not decoded JPEGs: the figure is about
    moving files, and random bytes do not compress, like JPEG. Makes 2 changes per photo."""
    project_id = ws.db.execute("SELECT id FROM projects ORDER BY id LIMIT 1").fetchone()[0]
    author = signed_in(ws)
    total = 0
    for _ in range(count):
        data = os.urandom(size)
        original = hashlib.sha256(b"original" + data).hexdigest()
        files.write_atomic(files.path_in(ws.photos_dir, original, "working"), data)
        with ws.transaction():
            photo_store.record_photo(
                ws,
                original,
                {
                    "working_sha256": hashlib.sha256(data).hexdigest(),
                    "original_name": "bench.jpg",
                    "original_format": "JPEG",
                },
                author_id=author,
            )
            photo_store.record_link(
                ws,
                original,
                {"kind": "project", "id": project_id, "project_id": project_id},
                caption=None,
                flags=[],
                distance_m=None,
                author_id=author,
            )
        total += size
    return total


def quiet_disk() -> None:
    """Let the disk finish what came before (writeback, the discards of deleted files) so
    that no timed run pays for the one before it."""
    os.sync()
    time.sleep(1.0)


def plain_upload(ws: Workspace, batch: int, tmp: Path, fsync: bool = False) -> float:
    """The same bytes (change batches as JSON, each photo whole) by plain HTTP PUTs."""
    port = free_port()
    out = tmp / "baseline"
    out.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", BASELINE_APP, str(port), str(out), "fsync" if fsync else "-"]
    )
    try:
        wait_up(f"http://127.0.0.1:{port}/")
        bodies = []
        rows = [
            r[0]
            for r in ws.db.execute(
                "SELECT body FROM changes JOIN outbox ON outbox.change_id = changes.id ORDER BY seq"
            )
        ]
        for start in range(0, len(rows), batch):
            bodies.append(('{"changes":[' + ",".join(rows[start : start + batch]) + "]}").encode())
        photos = sorted(photo_files.referenced(ws.db, ws.photos_dir).items())
        quiet_disk()
        started = time.perf_counter()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            for body in bodies:
                http.put("/changes", content=body)
            for sha, path in photos:
                http.put(f"/photos/{sha}", content=path.read_bytes())
        return time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(out, ignore_errors=True)


def push_benchmark(tmp, database, n_changes, n_photos, photo_size, repeat):
    """Each round: a new server and a new laptop with its own changes and photos; the plain
    uploads of its bytes, then its sync. Rounds alternate the two so that both meet the same
    machine; medians count. Returns the last round's server and laptop for the next figures."""
    # The sync client tunes the process's allocator when it starts (sync.memory); the plain
    # uploads run in this same process, so they get it from the first round on too.
    memory.keep_freed_memory()
    rounds = []
    proc = store = ws = None
    for n in range(repeat):
        if proc is not None:  # the last round's files go, so that every round starts alike
            stop_server(proc, store)
            ws.close()
            shutil.rmtree(tmp / f"server{n - 1}")
            shutil.rmtree(tmp / f"pusher{n - 1}")
        proc, url = start_server(tmp / f"server{n}", database)
        store = Store.open(tmp / f"server{n}", database)
        ws = enrolled(store, url, tmp / f"pusher{n}", "推送者")
        # The photo records count among the changes (2 each), so the total stays comparable.
        queue_changes(ws, n_changes - 2 * n_photos)
        size = add_photos(ws, n_photos, photo_size)
        baseline = plain_upload(ws, 1000, tmp)
        durable = plain_upload(ws, 1000, tmp, fsync=True)
        quiet_disk()
        started = time.perf_counter()
        with Client(ws) as client:
            report = client.sync()
        ours = time.perf_counter() - started
        assert report.pushed == n_changes and report.photos_sent == n_photos, report
        rounds.append((ours, baseline, durable))
        print(
            f"  round {n + 1}: sync {ours:.2f} s, plain upload {baseline:.2f} s"
            f" (fsyncing {durable:.2f} s), ratio {ours / baseline:.2f}"
        )
    ours, baseline, durable = (statistics.median(r[i] for r in rounds) for i in range(3))
    ratio = statistics.median(r[0] / r[1] for r in rounds)
    print(
        f"push {n_changes:,} changes + {n_photos} photos × {photo_size / 1e6:.0f} MB"
        f" ({size / 1e6:,.0f} MB), median of {repeat}: sync {ours:.2f} s, plain HTTP upload"
        f" {baseline:.2f} s, ratio {ratio:.2f}   (goal ≤ 1.5); against a plain upload that also"
        f" fsyncs each body ({durable:.2f} s): ratio {ours / durable:.2f}"
    )
    return proc, url, store, ws


def stop_server(proc: subprocess.Popen, store: Store) -> None:
    proc.terminate()
    proc.wait()
    store.close()


def idle_benchmark(ws: Workspace) -> None:
    times = []
    with Client(ws) as client:
        client.sync()
        for _ in range(20):
            started = time.perf_counter()
            client.sync()
            times.append(time.perf_counter() - started)
    print(
        f"sync with nothing to do: median {statistics.median(times) * 1000:.1f} ms,"
        f" max {max(times) * 1000:.1f} ms   (goal ≤ 100 ms)"
    )


def pull_benchmark(store, url, tmp, total: int) -> None:
    office = store.user_by_name("推送者")
    have = store.count_changes()
    filler = store.add_user("填充", "office")
    filler = store.authenticate(
        store.enroll(store.enroll_code("填充", dt.timedelta(hours=1)), "bench")[1]
    )
    projects = [new_id() for _ in range(2000)]
    pending, made = [], 0
    # stamps in the recent past: the server refuses ones more than a day ahead of its clock
    clock = time.time_ns() // 1_000_000 - 10 * total
    while have + made < total:
        n = have + made
        if n < have + len(projects):
            project_id = projects[made]
            change = {
                "entity": "project",
                "entity_id": project_id,
                "op": "set",
                "fields": {"name": f"项目{made}", "district_id": "d1"},
            }
        else:
            change = {
                "entity": "visit",
                "entity_id": new_id(),
                "op": "append",
                "fields": {
                    "project_id": projects[made % len(projects)],
                    "visited_at": "2026-11-20T09:00",
                    "kind": "routine",
                    "form_id": "visit",
                    "form_version": 1,
                    "data": json.dumps({"progress_text": f"第{made}次走访"}, ensure_ascii=False),
                },
            }
        clock += 1
        pending.append(
            {
                "id": new_id(),
                **change,
                "hlc": f"{clock:015d}-00000-bench",
                "author_id": None,
                "device": "bench",
            }
        )
        made += 1
        if len(pending) == 2000:
            store.push(filler, pending)
            pending = []
    if pending:
        store.push(filler, pending)
    assert office is not None and store.count_changes() >= total
    ws = enrolled(store, url, tmp / "fresh", "新设备")
    started = time.perf_counter()
    with Client(ws) as client:
        report = client.sync()
    elapsed = time.perf_counter() - started
    print(
        f"first pull of {report.received:,} changes into an empty workspace: {elapsed:.1f} s"
        f"   (goal ≤ 20 s)"
    )


def concurrent_benchmark(
    store, url, tmp, clients: int, changes_each: int, label: str = "", urls: list[str] | None = None
) -> None:
    latencies: list[float] = []
    server_side: list[float] = []
    lock = threading.Lock()

    class Timed(Client):
        def _post_changes(self, changes):
            started = time.perf_counter()
            response = super()._post_changes(changes)
            with lock:
                latencies.append(time.perf_counter() - started)
                timing = response.headers.get("server-timing", "dur=0").split("dur=")[-1]
                server_side.append(float(timing) / 1000)
            return response

    # Leaders of 50 districts: each pushes field work (visits) on its own district's projects,
    # which the office made, and pulls only those and the reference data (an office device
    # would pull the whole province's history). Base data is the office's alone to push.
    workspaces = []
    urls = urls or [url]
    office = enrolled(store, url, tmp / "office-c", "并发办公室")
    for n in range(clients):
        for _ in range(5):
            office.record("project", new_id(), {"name": f"区{n}项目", "district_id": f"d{n}"})
    with Client(office) as client:
        client.sync()
    for n in range(clients):
        # with several server processes, the clients are spread over them (round robin)
        ws = enrolled(store, urls[n % len(urls)], tmp / f"c{n}", f"并发{n}", "leader", f"d{n}")
        with Client(ws) as client:
            client.sync()  # its district's projects (untimed)
        queue_visits(ws, changes_each)
        workspaces.append(ws)
    errors = []

    def run(ws):
        try:
            with Timed(ws, batch=50) as client:
                client.sync()
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(ws,)) for ws in workspaces]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started

    def p99(values: list[float]) -> float:
        values = sorted(values)
        return values[min(len(values) - 1, int(len(values) * 0.99))]

    print(
        f"{label}{clients} clients syncing at once ({clients * changes_each:,} changes in"
        f" {len(latencies)} pushes of ≤50, {elapsed:.1f} s): push latency in the server"
        f" median {statistics.median(server_side) * 1000:.0f} ms, p99"
        f" {p99(server_side) * 1000:.0f} ms; seen by the clients (50 threads of one process)"
        f" median {statistics.median(latencies) * 1000:.0f} ms, p99 {p99(latencies) * 1000:.0f} ms"
        f"{f', {len(errors)} errors' if errors else ''}   (goal p99 ≤ 1 s)"
    )


def load_benchmark(tmp: Path, clients: int, changes_each: int) -> None:
    """Issue 11's load figure, both ways in one run: one server on SQLite, and two server
    processes sharing one PostgreSQL database (the clients spread over them)."""
    proc, url = start_server(tmp / "load-sqlite", None)
    store = Store.open(tmp / "load-sqlite")
    try:
        concurrent_benchmark(store, url, tmp / "sqlite-clients", clients, changes_each, "SQLite: ")
    finally:
        stop_server(proc, store)
    from tests.sync import pg

    if pg.binaries() is None:
        print("PostgreSQL: skipped (no binaries under /usr/lib/postgresql/*/bin)")
        return
    cluster = pg.start()
    try:
        database = cluster.create_database("load")
        procs = [start_server(tmp / f"load-pg{n}", database) for n in range(2)]
        store = Store.open(tmp / "load-pg0", database)
        try:
            concurrent_benchmark(
                store,
                procs[0][1],
                tmp / "pg-clients",
                clients,
                changes_each,
                "PostgreSQL, two server processes: ",
                urls=[u for _p, u in procs],
            )
        finally:
            for p, _u in procs:
                p.terminate()
                p.wait()
            store.close()
    finally:
        cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--database", help="postgresql://… for the server (default SQLite)")
    parser.add_argument("--push-only", action="store_true", help="only the push figure")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the push figure")
    parser.add_argument(
        "--load-only", action="store_true", help="only the p99 under load, SQLite and PostgreSQL"
    )
    args = parser.parse_args()
    q = args.quick
    tmp = Path(tempfile.mkdtemp(prefix="siteledger-bench-"))
    proc = store = None
    try:
        if args.load_only:
            load_benchmark(tmp, 10 if q else 50, 100 if q else 200)
            return
        print(f"servers on loopback ({'PostgreSQL' if args.database else 'SQLite'})")
        proc, url, store, ws = push_benchmark(
            tmp,
            args.database,
            1000 if q else 10_000,
            10 if q else 200,
            2_000_000,
            # rounds need a fresh database each
            1 if q or args.database else args.repeat,
        )
        if args.push_only:
            return
        idle_benchmark(ws)
        pull_benchmark(store, url, tmp, 10_000 if q else 100_000)
        concurrent_benchmark(store, url, tmp, 10 if q else 50, 100 if q else 200, "SQLite: ")
        if not args.database:
            stop_server(proc, store)
            proc = None
            load_benchmark(tmp, 10 if q else 50, 100 if q else 200)
    finally:
        if proc is not None:
            stop_server(proc, store)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
