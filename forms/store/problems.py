"""Problems by name: the register (filters, rows, history), the status bar's counts, their
human number (Q26-07-0123, see forms/numbers.py) and the state folded from their events.

"Open" is defined here once (`OPEN`, `open_sql`): every query that counts or lists open
problems, here and in the other store modules, asks for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import first, query, rows

# An open problem: any status but verified closed (销号). The statuses are forms.problems'
# OPEN_STATUSES and 'closed'.
OPEN = "{q}.status != 'closed'"


def open_sql(alias: str = "q") -> str:
    """The SQL test that the problem under `alias` is open."""
    return OPEN.format(q=alias)


def open_on_sql(alias: str = "q", day: str = ":day") -> str:
    """The SQL test that the problem was open at the end of `day` (a bound ISO date): raised
    by then and not closed by then, for figures as of a past day (the monthly report)."""
    return (
        f"({alias}.raised_on <= {day} AND ({alias}.closed_on IS NULL OR {alias}.closed_on > {day}))"
    )


# What a problem is called aloud: its number, or for one registered before numbers existed
# (migration 0005) the tail of its id, marked with # so it cannot be taken for a number.
NUMBER = "COALESCE({q}.number, '#' || substr(replace({q}.id, '-', ''), -6))"


def number_sql(alias: str = "q") -> str:
    return NUMBER.format(q=alias)


def last_seq(db: Any, prefix: str) -> int:
    """The highest sequence used after `prefix` (Q26-07-) in numbers this device knows."""
    row = db.execute(
        "SELECT max(CAST(substr(number, ?) AS INTEGER)) FROM problems"
        " WHERE substr(number, 1, ?) = ?",
        [len(prefix) + 1, len(prefix), prefix],
    ).fetchone()
    return row[0] or 0


def by_number(db: Any, number: str) -> list[str]:
    """Ids of the problems called `number` (one, unless two never-synced devices shared a
    lane; the caller says so). Accepts the #tail form of an unnumbered problem, and an id."""
    number = number.strip()
    rows = db.execute(
        f"SELECT id FROM problems q WHERE q.number = ? OR {number_sql()} = ? OR q.id = ?"
        " ORDER BY q.id",
        [number.upper(), number.lower(), number],
    ).fetchall()
    return [r[0] for r in rows]


def duplicate_numbers(db: Any) -> dict[str, list[str]]:
    """Numbers held by more than one problem (only after a lane conflict, see numbering)."""
    out: dict[str, list[str]] = {}
    for number, pid in db.execute(
        "SELECT number, id FROM problems WHERE number IN"
        " (SELECT number FROM problems WHERE number IS NOT NULL GROUP BY number"
        "  HAVING count(*) > 1) ORDER BY number, id"
    ).fetchall():
        out.setdefault(number, []).append(pid)
    return out


def escalation_events(db: Any, problem_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per problem, its events that start or climb the escalation ladder, in fold order."""
    out: dict[str, list[dict[str, Any]]] = {pid: [] for pid in problem_ids}
    for start in range(0, len(problem_ids), 500):
        chunk = problem_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for pid, kind, at, note in db.execute(
            "SELECT problem_id, kind, at, note FROM problem_events"
            f" WHERE problem_id IN ({marks}) AND kind IN ('assigned', 'deadline_extended',"
            " 'reopened', 'reminded', 'noticed', 'bulletined', 'interviewed')"
            " ORDER BY hlc, id",
            chunk,
        ).fetchall():
            out[pid].append({"kind": kind, "at": at, "note": note})
    return out


# -- one problem -------------------------------------------------------------------------------


def get(db: Any, problem_id: str) -> dict[str, Any] | None:
    return first(db, "SELECT * FROM problems WHERE id = ?", [problem_id])


def problem_history(db: Any, problem_id: str) -> list[dict[str, Any]]:
    """The problem's events in the order they fold: who did what when (`author_name`), and to
    which unit (`unit_name`)."""
    return rows(
        db,
        "SELECT e.*, people.name AS author_name, units.name AS unit_name FROM problem_events e"
        " LEFT JOIN people ON people.id = e.author_id LEFT JOIN units ON units.id = e.unit_id"
        " WHERE e.problem_id = ? ORDER BY e.hlc, e.id",
        [problem_id],
    )


# -- the fold (forms/problem_state.py) ---------------------------------------------------------


def fold_events(db: Any, problem_id: str) -> list[tuple]:
    """(kind, at, author_id, unit_id, assignee, deadline) of each event, in fold order."""
    return db.execute(
        "SELECT kind, at, author_id, unit_id, assignee, deadline FROM problem_events"
        " WHERE problem_id = ? ORDER BY hlc, id",
        [problem_id],
    ).fetchall()


def put_state(db: Any, problem_id: str, state: dict[str, Any]) -> None:
    """Store the folded state (status, unit, assignee, deadline, reported_by, closed_on)."""
    db.execute(
        "UPDATE problems SET status = ?, unit_id = ?, assignee = ?, deadline = ?,"
        " reported_by = ?, closed_on = ? WHERE id = ?",
        [
            state["status"],
            state["unit_id"],
            state["assignee"],
            state["deadline"],
            state["reported_by"],
            state["closed_on"],
            problem_id,
        ],
    )


# -- status bar --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    projects: int
    open_problems: int
    overdue_problems: int


def counts(db: Any, today: dt.date) -> Counts:
    projects = db.execute("SELECT count(*) FROM projects").fetchone()[0]
    open_, overdue = db.execute(
        "SELECT count(*), coalesce(sum(deadline IS NOT NULL AND deadline < ?), 0)"
        f" FROM problems q WHERE {open_sql()}",
        [today.isoformat()],
    ).fetchone()
    return Counts(projects, open_, overdue)


# -- the register ------------------------------------------------------------------------------


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


def problem_ids(db: Any, f: ProblemFilter) -> list[str]:
    """Ids of the matching problems, the most pressing first (earliest deadline)."""
    where, params = [], []
    if f.status == "open":
        where.append(open_sql())
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
        where.append(f"{open_sql()} AND q.deadline < ?")
        params.append((f.today or dt.date.today()).isoformat())
    if f.search.strip():
        words = f.search.strip()
        where.append(f"(instr(upper({number_sql()}), upper(?)) > 0 OR instr(q.description, ?) > 0)")
        params += [words, words]
    sql = "SELECT q.id FROM problems q" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY q.status = 'closed', q.deadline IS NULL, q.deadline, q.raised_on, q.id"
    return [r[0] for r in db.execute(sql, params)]


def problem_rows(db: Any, ids: list[str]) -> list[dict[str, Any]]:
    """The register's columns for these problems, in the order of `ids`."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in query(
            db,
            f"SELECT q.id, {number_sql()} AS number, q.project_id, q.category,"
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


def project_of(db: Any, problem_ids: list[str]) -> dict[str, str]:
    """Each of these problems' project id, by problem id (unknown ids left out)."""
    out: dict[str, str] = {}
    for start in range(0, len(problem_ids), 500):
        chunk = problem_ids[start : start + 500]
        rows = db.execute(
            f"SELECT id, project_id FROM problems WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        out.update({pid: project for pid, project in rows})
    return {pid: out[pid] for pid in problem_ids if pid in out}


def of_visit(db: Any, visit_id: str) -> list[str]:
    """The ids of the problems a visit raised, in the order they were recorded."""
    rows = db.execute(
        "SELECT id FROM problems WHERE visit_id = ? ORDER BY rowid", [visit_id]
    ).fetchall()
    return [r[0] for r in rows]
