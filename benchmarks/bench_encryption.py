"""The cost of encryption at rest, measured against the same plain workspace in the same run.

    .venv/bin/python benchmarks/bench_encryption.py [--photos 50] [--rounds 5]

1. Open and query: open the demo workspace (200 projects, 300 visits, 600 problems), read
   everything (`dump`, which reads every shared table) and the desktop's counts, close. Encrypted
   (SQLCipher, key unwrapped from the password with argon2id at every open) against plain, the
   median of `--rounds` alternating rounds. Goal: ratio <= 1.2. The password derivation alone is
   printed too: it is paid once per open, whatever the workspace's size.
2. Import `--photos` 12-megapixel JPEGs (bench_photos' generator) into an encrypted and a plain
   workspace: every working copy, thumbnail and original sealed with AES-GCM. Goal: ratio <= 1.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_photos import generate, workspace  # noqa: E402

from forms import crypto, demo, dump, encryption  # noqa: E402
from forms.store import problems as problem_store  # noqa: E402
from forms.store import projects as project_store  # noqa: E402
from forms.workspace import Workspace  # noqa: E402

PASSWORD = "benchmark password"


def open_and_query(home: Path, password: str | None) -> float:
    start = time.perf_counter()
    with Workspace.open(home, password=password) as ws:
        dump.dumps(ws)
        problem_store.counts(ws.conn, dt.date(2026, 11, 23))
        project_store.ledger_rows(ws.conn)
    return time.perf_counter() - start


def storage_only(secret: Path, plain: Path, rounds: int) -> list[tuple[float, float]]:
    """(plain, encrypted) rounds with the key unwrapped once beforehand: the database's cost."""
    from forms import workspace as workspace_module

    key = crypto.unlock(secret, PASSWORD)
    real = workspace_module.unlock
    workspace_module.unlock = lambda home, password=None: key
    try:
        return [
            (open_and_query(plain, None), open_and_query(secret, PASSWORD)) for _ in range(rounds)
        ]
    finally:
        workspace_module.unlock = real


def kdf_seconds(home: Path) -> float:
    start = time.perf_counter()
    crypto.unlock(home, PASSWORD)
    return time.perf_counter() - start


def import_seconds(paths: list[Path], home: Path, password: str | None) -> float:
    from forms.photos import import_photos

    ws, visit = workspace(home)
    ws.close()
    if password:
        encryption.encrypt(home, password)
    ws = Workspace.open(home, password=password)
    try:
        start = time.perf_counter()
        results = import_photos(ws, paths, attach_to=("visit", visit))
        elapsed = time.perf_counter() - start
    finally:
        ws.close()
    assert all(r.status == "added" for r in results), [r.line() for r in results]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plain = tmp / "plain"
        with Workspace.open(plain) as ws:
            demo.build(ws, today=dt.date(2026, 11, 23))
        secret = tmp / "encrypted"
        shutil.copytree(plain, secret)
        encryption.encrypt(secret, PASSWORD)
        open_and_query(plain, None), open_and_query(secret, PASSWORD)  # warm the page cache
        plain_times, secret_times = [], []
        for _ in range(args.rounds):
            plain_times.append(open_and_query(plain, None))
            secret_times.append(open_and_query(secret, PASSWORD))
        storage_times = storage_only(secret, plain, args.rounds)
        p, s = statistics.median(plain_times), statistics.median(secret_times)
        kdf = statistics.median(kdf_seconds(secret) for _ in range(3))
        p2, k = (statistics.median(t) for t in zip(*storage_times, strict=True))
        print(
            f"open + query demo workspace, password included: encrypted {s * 1000:.0f} ms vs"
            f" plain {p * 1000:.0f} ms -> {s / p:.2f}x; the password's argon2id alone"
            f" {kdf * 1000:.0f} ms, paid once a session by design (what makes guessing slow)"
        )
        print(
            f"open + query demo workspace, key already unwrapped (SQLCipher's cost):"
            f" encrypted {k * 1000:.0f} ms vs plain {p2 * 1000:.0f} ms -> {k / p2:.2f}x"
            " (goal <= 1.2)"
        )
        paths = generate(tmp / "camera", args.photos)
        plain_import = import_seconds(paths, tmp / "photos-plain", None)
        secret_import = import_seconds(paths, tmp / "photos-encrypted", PASSWORD)
        print(
            f"import {args.photos} photos: encrypted {secret_import:.2f} s vs plain"
            f" {plain_import:.2f} s -> {secret_import / plain_import:.2f}x (goal <= 1.1)"
        )


if __name__ == "__main__":
    main()
