"""Queries of quarterly review rounds (季度观摩点评): rounds, members, the route, the scores.

The only SQL of `forms.review`. Each function takes a sqlite-utils `Database` or a bare
`sqlite3.Connection` (the desktop reads on its reader connection).
"""

from __future__ import annotations

import json
from typing import Any

from . import query as _query


def rounds(db: Any) -> list[dict[str, Any]]:
    """Every round, newest quarter first."""
    return [_round(r) for r in _query(db, "SELECT * FROM review_rounds ORDER BY quarter DESC, id")]


def round_(db: Any, round_id: str) -> dict[str, Any] | None:
    rows = list(_query(db, "SELECT * FROM review_rounds WHERE id = ?", [round_id]))
    return _round(rows[0]) if rows else None


def _round(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("red_rule", "black_rule", "exempt_projects"):
        row[key] = json.loads(row[key]) if row[key] else None
    return row


def members(db: Any, round_id: str) -> list[dict[str, Any]]:
    """The round's members in the order they were named, with their names."""
    return list(
        _query(
            db,
            "SELECT m.person_id, p.name FROM review_members m"
            " LEFT JOIN people p ON p.id = m.person_id"
            " WHERE m.round_id = ? GROUP BY m.person_id ORDER BY MIN(m.hlc), m.person_id",
            [round_id],
        )
    )


def stops(db: Any, round_id: str) -> list[dict[str, Any]]:
    """The route in visiting order, with each project's ledger facts the results need."""
    return list(
        _query(
            db,
            "SELECT s.project_id, s.position, s.planned_day, p.code, p.name, p.enterprise,"
            " p.district_id, u.name AS district_name, p.year_plan_investment,"
            " p.year_completed_investment, p.progress_note"
            " FROM review_stops s LEFT JOIN projects p ON p.id = s.project_id"
            " LEFT JOIN units u ON u.id = p.district_id"
            " WHERE s.round_id = ? ORDER BY s.position, s.hlc",
            [round_id],
        )
    )


def scores(db: Any, round_id: str) -> list[dict[str, Any]]:
    """Every score of the round, oldest stamp first, with where it arrived in this workspace's
    journal (`arrived`: the journal's row number) to tell what came in after the close."""
    rows = _query(
        db,
        "SELECT s.*, c.rowid AS arrived, p.name AS member_name, j.code AS project_code"
        " FROM review_scores s"
        " LEFT JOIN changes c ON c.entity = 'review_score' AND c.entity_id = s.id"
        " LEFT JOIN people p ON p.id = s.member_id"
        " LEFT JOIN projects j ON j.id = s.project_id"
        " WHERE s.round_id = ? ORDER BY s.hlc, s.id",
        [round_id],
    )
    out = []
    for row in rows:
        try:
            row["points"] = json.loads(row["points"])
        except (TypeError, ValueError):
            row["points"] = None
        out.append(row)
    return out


def closed_stamp(db: Any, round_id: str) -> tuple[str, int] | None:
    """The stamp of the change that closed the round and where it arrived in the journal."""
    row = db.execute(
        "SELECT f.hlc, c.rowid FROM field_stamps f JOIN changes c ON c.id = f.change_id"
        " JOIN review_rounds r ON r.id = f.entity_id"
        " WHERE f.entity = 'review_round' AND f.entity_id = ?"
        " AND EXISTS (SELECT 1 FROM json_each(f.fields) WHERE value = 'closed_at')"
        " AND r.closed_at IS NOT NULL",
        [round_id],
    ).fetchone()
    return (row[0], row[1]) if row else None


def reviewer_ids(db: Any) -> set[str]:
    return {r[0] for r in db.execute("SELECT id FROM people WHERE role = 'reviewer'")}


def project_by_code(db: Any, code: str) -> dict[str, Any] | None:
    rows = list(_query(db, "SELECT id, code, name FROM projects WHERE code = ?", [code]))
    return rows[0] if rows else None


def people_named(db: Any, name: str) -> list[dict[str, Any]]:
    return list(_query(db, "SELECT id, name, role FROM people WHERE name = ? ORDER BY id", [name]))


def round_ids_like(db: Any, prefix: str) -> list[str]:
    """Round ids starting with `prefix` (a person types the first characters of an id)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [
        r[0]
        for r in db.execute(
            "SELECT id FROM review_rounds WHERE id LIKE ? ESCAPE '\\' ORDER BY id",
            [escaped + "%"],
        )
    ]
