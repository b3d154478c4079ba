"""Seconds for `siteledger dump` of a demo workspace with 50,000 visits (issue 2).

Usage: .venv/bin/python benchmarks/bench_dump.py [--visits N]
Builds the workspace in a temporary folder (also timed), then runs the real command line as a
subprocess writing to a file, as an operator would, and prints the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forms import demo  # noqa: E402
from forms.workspace import Workspace  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "ws"
        started = time.perf_counter()
        with Workspace.open(home) as ws:
            demo.build(
                ws,
                size=demo.Size(
                    projects=2000, people=60, visits=args.visits, problems=args.visits // 2
                ),
                today=dt.date(2026, 11, 23),
            )
        built = time.perf_counter() - started
        out = Path(tmp) / "dump.json"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "desktop.cli", "--home", str(home), "dump", "-o", str(out)],
            check=True,
        )
        seconds = time.perf_counter() - started
        print(
            f"demo workspace built: {args.visits} visits, {args.visits // 2} problems in {built:.1f} s"
        )
        print(
            f"dump: {seconds:.2f} s for {out.stat().st_size / 1e6:.1f} MB (whole command, process start included)"
        )


if __name__ == "__main__":
    main()
