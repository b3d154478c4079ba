"""Problems by their human number (Q26-07-0123, see forms/numbers.py)."""

from __future__ import annotations

from typing import Any

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
