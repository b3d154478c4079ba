"""Supervision board benchmarks (issue 14), each printed beside its baseline from the same run.

(a) All rates and gaps — the seven rates, coverage, visit compliance for a month and a
    quarter, monthly report status — through forms (declared definitions compiled to SQL, the
    Python that folds windows and states) against the same aggregates written by hand as one
    SQL query each over the same tables. 20,000 projects and about 500,000 events (visits,
    problems and their events, stage changes, monthly reports). Goal <= 2x.
(b) The dashboard's time to first paint, signed in as the office, against a bare window: both
    child processes, from spawn to their first paint event (benchmarks/first_paint.py), the
    board's figures loading on the worker as in the app. Goal <= 1.5x. The time until the
    figures are on screen is printed too.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_board.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.first_paint import APP, BARE, child_env, time_child  # noqa: E402
from benchmarks.workspaces import CACHE, TODAY, cached  # noqa: E402
from forms import demo  # noqa: E402

# About 4.2 events per demo problem: 90,000 visits + 70,000 problems with ~300,000 events +
# stage changes and monthly reports come to about 500,000 events.
BOARD = demo.Size(projects=20000, people=400, visits=90_000, problems=70_000)
RUNS = 5

# -- (a) the hand-written baseline ---------------------------------------------------------------

LATER = {
    "signed": ("filed", "started", "completed", "production", "capacity"),
    "filed": ("started", "completed", "production", "capacity"),
    "started": ("completed", "production", "capacity"),
    "completed": ("production", "capacity"),
    "production": ("capacity",),
}


def _reached(m: str) -> str:
    later = " OR ".join(f"{x}_actual <= :d" for x in LATER.get(m, ())) or "0"
    return (
        f"(CASE WHEN {m}_actual <= :d THEN 1 WHEN {m}_actual IS NOT NULL THEN 0"
        f" WHEN {later} THEN NULL ELSE 0 END)"
    )


def _count_rate(den: str, num: str) -> str:
    return (
        f"SELECT sum(d = 1 AND n IS NOT NULL), sum(d = 1 AND n = 1),"
        f" group_concat(CASE WHEN d IS NULL OR (d = 1 AND n IS NULL) THEN code END)"
        f" FROM (SELECT code, {den} AS d, {num} AS n FROM projects)"
    )


STAGE_AT = (
    "(SELECT stage FROM stage_changes s WHERE s.project_id = projects.id AND s.changed_on <= {day}"
    " ORDER BY s.changed_on DESC, s.hlc DESC LIMIT 1)"
)
HAND_RATES = [
    _count_rate(_reached("signed"), _reached("filed")),
    _count_rate(_reached("filed"), _reached("started")),
    "SELECT sum(year_plan_investment), sum(year_completed_investment),"
    " group_concat(CASE WHEN year_plan_investment IS NULL OR year_completed_investment IS NULL"
    f" THEN code END) FROM projects WHERE {_reached('started')} IS NOT 0",
    _count_rate(_reached("completed"), _reached("production")),
    _count_rate(_reached("production"), _reached("capacity")),
    # Materialized, as anyone writing it by hand would once it is slow: the stage lookups
    # are then made once per project, not once per reference.
    "WITH s AS MATERIALIZED (SELECT code,"
    f" coalesce({STAGE_AT.format(day=':y0')} = 'reserve', 0) AS d,"
    f" coalesce({STAGE_AT.format(day=':d')} != 'reserve', 0) AS n FROM projects)"
    " SELECT sum(d = 1), sum(d = 1 AND n = 1) FROM s",
    _count_rate(
        "(CASE WHEN started_plan BETWEEN :y0 AND :y1 THEN 1 WHEN started_plan IS NOT NULL THEN 0"
        " WHEN started_actual < :y0 THEN 0 ELSE NULL END)",
        "(CASE WHEN started_actual BETWEEN :y0 AND :d THEN 1 WHEN started_actual IS NOT NULL"
        " THEN 0 WHEN completed_actual <= :d OR production_actual <= :d OR capacity_actual <= :d"
        " THEN NULL ELSE 0 END)",
    ),
]
HAND_COVERAGE = [
    "SELECT pe.id, pe.name, group_concat(DISTINCT p.stage) FROM people pe"
    " LEFT JOIN assignments a ON a.person_id = pe.id AND a.active = 1 AND a.role = 'leader'"
    " LEFT JOIN projects p ON p.id = a.project_id WHERE pe.role = 'leader' GROUP BY pe.id",
    "SELECT code FROM projects p WHERE NOT EXISTS (SELECT 1 FROM assignments a"
    " WHERE a.project_id = p.id AND a.active = 1)",
    "SELECT code FROM projects p WHERE NOT EXISTS (SELECT 1 FROM assignments a"
    " WHERE a.project_id = p.id AND a.active = 1 AND a.role = 'leader')",
]
HAND_COMPLIANCE = """
    WITH att AS (
        SELECT v.id, v.project_id, v.author_id AS person_id, substr(v.visited_at, 1, 7) AS month
        FROM visits v WHERE v.visited_at >= :first AND v.visited_at < :after
        UNION
        SELECT v.id, v.project_id, j.value, substr(v.visited_at, 1, 7)
        FROM visits v, json_each(v.data, '$.participants') j
        WHERE v.visited_at >= :first AND v.visited_at < :after AND j.type = 'text'
    ), per AS (SELECT person_id, project_id, month, count(*) AS n FROM att GROUP BY 1, 2, 3)
    SELECT pe.id, pe.name, a.id, a.role, a.since, a.project_id, p.code, per.month, per.n
    FROM people pe LEFT JOIN assignments a ON a.person_id = pe.id AND a.active = 1
    LEFT JOIN projects p ON p.id = a.project_id
    LEFT JOIN per ON per.person_id = pe.id AND per.project_id = a.project_id
    WHERE pe.role IN ('leader', 'commissioner') OR a.id IS NOT NULL
"""
HAND_MONTHLY = """
    WITH f AS (SELECT project_id, min(reported_at) AS first, max(hlc) AS last_hlc
               FROM monthly_reports WHERE month = :month GROUP BY project_id),
         c AS (SELECT a.project_id, group_concat(pe.name) AS names FROM assignments a
               JOIN people pe ON pe.id = a.person_id
               WHERE a.active = 1 AND a.role = 'commissioner' GROUP BY a.project_id)
    SELECT p.code, d.name, c.names, f.first, r.investment_month, r.investment_to_date
    FROM projects p LEFT JOIN units d ON d.id = p.district_id
    LEFT JOIN c ON c.project_id = p.id LEFT JOIN f ON f.project_id = p.id
    LEFT JOIN monthly_reports r ON r.project_id = p.id AND r.month = :month AND r.hlc = f.last_hlc
"""


def hand_written(conn, today: dt.date) -> None:
    y0, y1 = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    params = {"d": today.isoformat(), "y0": y0.isoformat(), "y1": y1.isoformat()}
    for sql in HAND_RATES:
        conn.execute(sql, params).fetchall()
    for sql in HAND_COVERAGE:
        conn.execute(sql).fetchall()
    for first, after in (("2026-10-01", "2026-11-01"), ("2026-07-01", "2026-10-01")):
        conn.execute(HAND_COMPLIANCE, {"first": first, "after": after}).fetchall()
    conn.execute(HAND_MONTHLY, {"month": f"{today:%Y-%m}"}).fetchall()


def through_forms(conn, today: dt.date) -> None:
    from forms import compliance, coverage, monthly_reports, periods, rates

    rates.compute(conn, today)
    coverage.compute(conn)
    compliance.compute(conn, periods.parse("2026-10"), today)
    compliance.compute(conn, periods.parse("2026-Q3"), today)
    monthly_reports.status(conn, f"{today:%Y-%m}", today)


def aggregates(home: Path) -> None:
    from forms.workspace import Workspace

    with Workspace.open(home) as ws:
        conn = ws.conn
        tables = ("visits", "problems", "problem_events", "stage_changes", "monthly_reports")
        events = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
        projects = conn.execute("SELECT count(*) FROM projects").fetchone()[0]
        hand_written(conn, TODAY)  # warm the page cache for both
        through_forms(conn, TODAY)
        hand, ours = [], []
        for _ in range(RUNS):  # interleaved: drift on the shared machine hits both alike
            hand.append(_timed(lambda: hand_written(conn, TODAY)))
            ours.append(_timed(lambda: through_forms(conn, TODAY)))
    h, o = statistics.median(hand), statistics.median(ours)
    print(f"(a) all rates and gaps, {projects:,} projects, {events:,} events, median of {RUNS}:")
    print(f"    hand-written SQL, one query each  {h * 1000:7.0f} ms   (baseline)")
    print(
        f"    forms (declared definitions)      {o * 1000:7.0f} ms   ratio {o / h:.2f}  (goal <= 2)"
    )


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


# -- (b) first paint -------------------------------------------------------------------------------

# The children (bare window and app) and their timing: benchmarks/first_paint.py.


def signed_in(home: Path, role: str | None) -> None:
    """Who the app opens as: the office (its board is the heavy one), or nobody."""
    from forms.workspace import Workspace

    with Workspace.open(home) as ws:
        person = ws.conn.execute("SELECT id FROM people WHERE role = ? LIMIT 1", [role]).fetchone()
        ws.local_set("signed_in_person", person[0] if person else None)


def first_paint(home: Path) -> None:
    env = child_env(CACHE)
    signed_in(home, "office")
    time_child(BARE, env=env)  # warm the file cache for both, and write the app's byte code
    time_child(APP, str(home), env=env)
    bares, shells, paints, fills = [], [], [], []
    for _ in range(RUNS):  # interleaved, so drift on the machine hits all alike
        bares.append(time_child(BARE, env=env)[0])
        signed_in(home, None)
        shells.append(time_child(APP, str(home), env=env)[0])
        signed_in(home, "office")
        paint, fill = time_child(APP, str(home), env=env)[:2]
        paints.append(paint)
        fills.append(fill)
    b, sh, p, f = (statistics.median(x) for x in (bares, shells, paints, fills))
    print(f"(b) process start to first paint, signed in as the office, median of {RUNS}:")
    print(f"    bare PySide6 QMainWindow           {b * 1000:7.0f} ms   (baseline)")
    print(
        f"    SiteLedger sign-in (app's shell)   {sh * 1000:7.0f} ms   ratio {sh / b:.2f}  (reference)"
    )
    print(
        f"    SiteLedger dashboard               {p * 1000:7.0f} ms   ratio {p / b:.2f}  (goal <= 1.5)"
    )
    print(f"    dashboard with its figures shown   {f * 1000:7.0f} ms")


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = cached("board-500k", BOARD)
    which = sys.argv[1:] or ["aggregates", "paint"]
    if "aggregates" in which:
        aggregates(home)
    if "paint" in which:
        first_paint(home)
