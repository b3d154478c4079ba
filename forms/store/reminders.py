"""Who is reminded of what: the commissioners of projects, and the reminders of monthly
reports (`reminders`); a problem's reminders are its `reminded` events."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from .supervision import _query

if TYPE_CHECKING:
    from .supervision import Reader


def commissioners(db: Reader, project_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each project's active commissioners ({"id", "name"}), by project id."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(project_ids), 500):
        chunk = project_ids[start : start + 500]
        for row in _query(
            db,
            "SELECT a.project_id, pe.id, pe.name FROM assignments a"
            " JOIN people pe ON pe.id = a.person_id WHERE a.active = 1"
            " AND a.role = 'commissioner'"
            f" AND a.project_id IN ({','.join('?' * len(chunk))}) ORDER BY pe.name, pe.id",
            chunk,
        ):
            out[row["project_id"]].append({"id": row["id"], "name": row["name"]})
    return out


def of_month(db: Reader, month: str) -> dict[str, dict[str, Any]]:
    """The monthly-report reminders of `month` by project: how many, and the last day."""
    return {
        row["project_id"]: row
        for row in _query(
            db,
            "SELECT project_id, count(*) AS times, max(reminded_on) AS last_on FROM reminders"
            " WHERE month = ? GROUP BY project_id",
            [month],
        )
    }
