"""Large demo workspaces for the desktop benchmarks, built once and cached in a temp folder."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from forms import demo
from forms.workspace import Workspace

CACHE = Path(tempfile.gettempdir()) / "siteledger-bench"
TODAY = dt.date(2026, 11, 23)
# About 3.5 events per demo problem: 57,000 problems give about 200,000 problem events.
STARTUP = demo.Size(projects=2000, people=60, visits=50000, problems=57000)
SEARCH = demo.Size(projects=20000, people=60, visits=2000, problems=2000)


def cached(name: str, size: demo.Size) -> Path:
    """The workspace folder for `size`, built on first use (a signed-in person included)."""
    home = CACHE / name
    if (home / "ready").exists():
        return home
    shutil.rmtree(home, ignore_errors=True)
    started = time.perf_counter()
    with Workspace.open(home) as ws:
        demo.build(ws, size=size, today=TODAY)
        person = ws.db.execute(
            "SELECT id FROM people WHERE role = 'commissioner' LIMIT 1"
        ).fetchone()[0]
        ws.local_set("signed_in_person", person)
    (home / "ready").write_text("")
    print(f"built {name} workspace in {time.perf_counter() - started:.0f} s: {home}")
    return home


if __name__ == "__main__":
    cached("startup", STARTUP)
    cached("search", SEARCH)
