"""Read-only queries the screens ask for by name: the one place their SQL lives.

Every function takes a sqlite-utils `Database` — or the bare `sqlite3.Connection` under it —
rather than a workspace, so the desktop can run them on its reader connection (WAL lets it read
while the worker writes), and before sqlite-utils is imported (start-up, see `Workspace.db`).
Counts are SQL aggregates: the screens never load a table to count it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .problems import OPEN_STATUSES
from .store import problems as problem_store

if TYPE_CHECKING:
    import sqlite3

    from sqlite_utils import Database

    Reader = Database | sqlite3.Connection

# How often an assigned person should visit (002_d23a99ef1920ac99.txt): service commissioners
# 1–2 times a month, linked leaders 1–2 times a quarter. A visit is due once this many days
# have passed since the person's own last visit; "soon" a week before.
VISIT_INTERVAL_DAYS = {"commissioner": 30, "leader": 90}
VISIT_SOON_DAYS = 7

_OPEN = "status != 'closed'"


def _query(
    db: Reader, sql: str, params: Sequence | dict[str, Any] = ()
) -> Iterator[dict[str, Any]]:
    """Rows as dicts, as sqlite-utils' `db.query` gives them, from either kind of connection."""
    cursor = db.execute(sql, params)
    keys = [d[0] for d in cursor.description]
    return (dict(zip(keys, row, strict=True)) for row in cursor)


# -- status bar --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    projects: int
    open_problems: int
    overdue_problems: int


def counts(db: Reader, today: dt.date) -> Counts:
    projects = db.execute("SELECT count(*) FROM projects").fetchone()[0]
    open_, overdue = db.execute(
        f"SELECT count(*), coalesce(sum(deadline IS NOT NULL AND deadline < ?), 0)"
        f" FROM problems WHERE {_OPEN}",
        [today.isoformat()],
    ).fetchone()
    return Counts(projects, open_, overdue)


# -- people and reference lists ----------------------------------------------------------------


def people(db: Reader) -> list[dict[str, Any]]:
    """Everyone who can sign in, leaders first, then by name."""
    return list(
        _query(
            db,
            "SELECT people.id, people.name, people.role, people.title, units.name AS unit_name"
            " FROM people LEFT JOIN units ON units.id = people.unit_id"
            " ORDER BY CASE people.role WHEN 'leader' THEN 0 WHEN 'commissioner' THEN 1"
            " WHEN 'office' THEN 2 ELSE 3 END, people.name",
        )
    )


def person(db: Reader, person_id: str) -> dict[str, Any] | None:
    return next(_query(db, "SELECT * FROM people WHERE id = ?", [person_id]), None)


def units(db: Reader, *kinds: str) -> list[dict[str, Any]]:
    """Units of the given kinds (all when none), by name."""
    where = f" WHERE kind IN ({','.join('?' * len(kinds))})" if kinds else ""
    return list(_query(db, f"SELECT id, name, kind FROM units{where} ORDER BY kind, name", kinds))


def project_choices(db: Reader, person_id: str | None) -> list[dict[str, Any]]:
    """Projects to pick on a visit form: the person's own first, then all others by code.
    Two plain reads sorted here: an EXISTS per project costs ~10× more at 20,000 projects."""
    mine = {
        row[0]
        for row in db.execute(
            "SELECT project_id FROM assignments WHERE person_id = ? AND active = 1", [person_id]
        )
    }
    rows = [
        {"id": pid, "code": code, "name": name, "mine": int(pid in mine)}
        for pid, code, name in db.execute("SELECT id, code, name FROM projects")
    ]
    # As SQL's ORDER BY mine DESC, code, name: NULL codes first within each group.
    rows.sort(key=lambda r: (-r["mine"], r["code"] is not None, r["code"] or "", r["name"] or ""))
    return rows


# -- my projects -------------------------------------------------------------------------------


def my_projects(db: Reader, person_id: str, today: dt.date) -> list[dict[str, Any]]:
    """The person's assigned projects with visit dates and problem counts, ordered by stage."""
    rows = list(
        _query(
            db,
            "SELECT p.id, p.code, p.name, p.enterprise, p.stage, a.role,"
            " (SELECT max(visited_at) FROM visits v WHERE v.project_id = p.id) AS last_visit,"
            " (SELECT max(visited_at) FROM visits v WHERE v.project_id = p.id"
            "   AND v.author_id = :person) AS my_last_visit,"
            f" (SELECT count(*) FROM problems q WHERE q.project_id = p.id AND q.{_OPEN}) AS open_problems,"
            f" (SELECT count(*) FROM problems q WHERE q.project_id = p.id AND q.{_OPEN}"
            "   AND q.deadline < :today) AS overdue_problems"
            " FROM assignments a JOIN projects p ON p.id = a.project_id"
            " WHERE a.person_id = :person AND a.active = 1"
            " ORDER BY CASE p.stage WHEN 'reserve' THEN 0 WHEN 'attract' THEN 1 WHEN 'build' THEN 2"
            " WHEN 'upgrade' THEN 3 WHEN 'produce' THEN 4 ELSE 5 END, p.code",
            {"person": person_id, "today": today.isoformat()},
        )
    )
    for row in rows:
        row["days_since"] = days_since(row["last_visit"], today)
        row["my_days_since"] = days_since(row["my_last_visit"], today)
        row["visit_due"] = visit_due(row["role"], row["my_last_visit"], today)
    return rows


def days_since(when: str | None, today: dt.date) -> int | None:
    if not when:
        return None
    return (today - dt.date.fromisoformat(when[:10])).days


def visit_due(role: str | None, last_visit: str | None, today: dt.date) -> str | None:
    """'due' when the person's visit interval has passed (or they never went), 'soon' a week
    before, None otherwise or for roles without a visit duty."""
    interval = VISIT_INTERVAL_DAYS.get(role or "")
    if interval is None:
        return None
    days = days_since(last_visit, today)
    if days is None or days >= interval:
        return "due"
    return "soon" if days >= interval - VISIT_SOON_DAYS else None


# -- one project -------------------------------------------------------------------------------


def project_detail(db: Reader, project_id: str) -> dict[str, Any] | None:
    """A project with everything its screen shows: names of its units, stage history, people,
    visits (newest first) and problems."""
    project = next(
        _query(
            db,
            "SELECT p.*, d.name AS district_name, l.name AS lead_unit_name FROM projects p"
            " LEFT JOIN units d ON d.id = p.district_id LEFT JOIN units l ON l.id = p.lead_unit_id"
            " WHERE p.id = ?",
            [project_id],
        ),
        None,
    )
    if project is None:
        return None
    unit_ids = json.loads(project["responsible_units"] or "[]")
    names = _unit_names(db, unit_ids)
    project["responsible_unit_names"] = [names.get(u, u) for u in unit_ids]
    return {
        "project": project,
        "stages": list(
            _query(
                db,
                "SELECT s.*, people.name AS author_name FROM stage_changes s"
                " LEFT JOIN people ON people.id = s.author_id WHERE project_id = ? ORDER BY s.hlc",
                [project_id],
            )
        ),
        "people": list(
            _query(
                db,
                "SELECT people.id, people.name, people.title, a.role, a.since FROM assignments a"
                " JOIN people ON people.id = a.person_id WHERE a.project_id = ? AND a.active = 1"
                " ORDER BY a.role, people.name",
                [project_id],
            )
        ),
        "visits": list(
            _query(
                db,
                "SELECT v.id, v.visited_at, v.kind, v.progress_text, v.cumulative_investment,"
                " v.data, people.name AS author_name FROM visits v"
                " LEFT JOIN people ON people.id = v.author_id"
                " WHERE v.project_id = ? ORDER BY v.visited_at DESC, v.id",
                [project_id],
            )
        ),
        "problems": problem_rows(db, problem_ids(db, ProblemFilter(project_id=project_id))),
    }


def _unit_names(db: Reader, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {
        r[0]: r[1] for r in db.execute(f"SELECT id, name FROM units WHERE id IN ({marks})", ids)
    }


# -- problem register --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemFilter:
    """What the problem register shows. `status` is a status code, 'open' or None (all)."""

    status: str | None = None
    category: str | None = None
    unit_id: str | None = None
    district_id: str | None = None
    project_id: str | None = None
    overdue: bool = False
    today: dt.date | None = None
    search: str = ""  # a problem number (or part of one) or words of the description


def problem_ids(db: Reader, f: ProblemFilter) -> list[str]:
    """Ids of the matching problems, the most pressing first (earliest deadline)."""
    where, params = [], []
    if f.status == "open":
        where.append(f"q.status IN ({','.join('?' * len(OPEN_STATUSES))})")
        params += OPEN_STATUSES
    elif f.status:
        where.append("q.status = ?")
        params.append(f.status)
    for column, value in (
        ("q.category", f.category),
        ("q.unit_id", f.unit_id),
        ("q.project_id", f.project_id),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.district_id:
        where.append("q.project_id IN (SELECT id FROM projects WHERE district_id = ?)")
        params.append(f.district_id)
    if f.overdue:
        where.append(f"q.{_OPEN} AND q.deadline < ?")
        params.append((f.today or dt.date.today()).isoformat())
    if f.search.strip():
        words = f.search.strip()
        where.append(
            f"(instr(upper({problem_store.number_sql()}), upper(?)) > 0"
            " OR instr(q.description, ?) > 0)"
        )
        params += [words, words]
    sql = "SELECT q.id FROM problems q" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY q.status = 'closed', q.deadline IS NULL, q.deadline, q.raised_on, q.id"
    return [r[0] for r in db.execute(sql, params)]


def problem_rows(db: Reader, ids: list[str]) -> list[dict[str, Any]]:
    """The register's columns for these problems, in the order of `ids`."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in _query(
            db,
            f"SELECT q.id, {problem_store.number_sql()} AS number, q.project_id, q.category,"
            " q.description, q.raised_on, q.status,"
            " q.unit_id, q.assignee, q.deadline, q.reported_by, q.closed_on, q.author_id,"
            " p.code AS project_code, p.name AS project_name, d.name AS district_name,"
            " u.name AS unit_name FROM problems q JOIN projects p ON p.id = q.project_id"
            " LEFT JOIN units d ON d.id = p.district_id LEFT JOIN units u ON u.id = q.unit_id"
            f" WHERE q.id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found[row["id"]] = row
    return [found[i] for i in ids if i in found]


def problem_history(db: Reader, problem_id: str) -> list[dict[str, Any]]:
    """The problem's events in the order they fold: who did what when."""
    return list(
        _query(
            db,
            "SELECT e.*, people.name AS author_name, units.name AS unit_name FROM problem_events e"
            " LEFT JOIN people ON people.id = e.author_id LEFT JOIN units ON units.id = e.unit_id"
            " WHERE e.problem_id = ? ORDER BY e.hlc, e.id",
            [problem_id],
        )
    )


# -- ledger ------------------------------------------------------------------------------------

LEDGER_COLUMNS = (
    "id",
    "code",
    "name",
    "enterprise",
    "district_id",
    "district_name",
    "park",
    "industry_chain",
    "stage",
    "total_investment",
    "cumulative_investment",
    "province_key",
    "city_key",
    "open_problems",
)


def ledger_rows(db: Reader) -> list[tuple]:
    """Every project with the ledger's columns (`LEDGER_COLUMNS`), by code."""
    return db.execute(
        "SELECT p.id, p.code, p.name, p.enterprise, p.district_id, d.name, p.park,"
        " p.industry_chain, p.stage, p.total_investment, p.cumulative_investment,"
        " coalesce(p.province_key, 0), coalesce(p.city_key, 0), coalesce(o.n, 0)"
        " FROM projects p LEFT JOIN units d ON d.id = p.district_id"
        f" LEFT JOIN (SELECT project_id, count(*) AS n FROM problems WHERE {_OPEN}"
        "            GROUP BY project_id) o ON o.project_id = p.id"
        " ORDER BY p.code, p.name, p.id"
    ).fetchall()


# -- device-local values ------------------------------------------------------------------------


def local_value(db: Reader, key: str) -> str | None:
    """A device-local value (`Workspace.local_get`) read on another connection."""
    row = db.execute("SELECT value FROM local WHERE key = ?", [key]).fetchone()
    return row[0] if row else None
