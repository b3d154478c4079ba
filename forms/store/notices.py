"""Notices (督办通知, 催办, 通报) and their life, by name.

A notice's life is folded from its append-only `notice_events` (delivered, replied, closed,
numbered) into columns of `notices`, as a problem's state is folded from its events. Whether it
is *closed* also depends on its problems (all verified closed), so the status is one SQL
expression (`STATUS`) over both, defined here once.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .events import parents

EVENT_KINDS = ("delivered", "replied", "closed", "numbered")
OPEN_STATUSES = ("issued", "delivered", "replied")

_ALL_CLOSED = (
    "(json_array_length(n.problem_ids) > 0 AND (SELECT count(*) FROM json_each(n.problem_ids) j"
    " JOIN problems q ON q.id = j.value AND q.status = 'closed')"
    " = json_array_length(n.problem_ids))"
)
STATUS = (
    "CASE WHEN n.closed_on IS NOT NULL THEN 'closed'"
    f" WHEN {_ALL_CLOSED} THEN 'closed'"
    " WHEN n.replied_on IS NOT NULL THEN 'replied'"
    " WHEN n.delivered_on IS NOT NULL THEN 'delivered'"
    " ELSE 'issued' END"
)
ROWS = f"""
    SELECT n.*, COALESCE(n.confirmed_number, n.number) AS shown_number,
           COALESCE(n.kind, 'notice') AS doc_kind, u.name AS unit_name, ({STATUS}) AS state,
           cited.number AS cited_number_raw,
           COALESCE(cited.confirmed_number, cited.number) AS cited_number,
           cited.issued_on AS cited_issued_on
    FROM notices n
    LEFT JOIN units u ON u.id = n.unit_id
    LEFT JOIN notices cited ON cited.id = n.cites_id
"""


def _rows(db: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    out = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        row["problem_id_list"] = json.loads(row["problem_ids"] or "[]")
        out.append(row)
    return out


def get(db: Any, notice_id: str) -> dict[str, Any] | None:
    rows = _rows(db, ROWS + " WHERE n.id = ?", [notice_id])
    return rows[0] if rows else None


def listing(
    db: Any, *, unit_id: str | None = None, kinds: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """The register: newest first (by issue date, then number)."""
    where, params = [], []
    if unit_id:
        where.append("n.unit_id = ?")
        params.append(unit_id)
    if kinds:
        where.append(f"COALESCE(n.kind, 'notice') IN ({','.join('?' * len(kinds))})")
        params.extend(kinds)
    sql = ROWS + (" WHERE " + " AND ".join(where) if where else "")
    return _rows(db, sql + " ORDER BY n.issued_on DESC, n.year DESC, n.seq DESC, n.id", params)


_QR_ID = re.compile(r"ID:([0-9A-Za-z][0-9A-Za-z_.:-]{0,79}?)(?=N:|P:|$|\s)")
_QR_NUMBER = re.compile(r"NO:(.+?号)")


def find(db: Any, text: str) -> dict[str, Any] | None:
    """The notice a person or a scanner names: its 文号 (provisional or confirmed), the
    payload of the reply slip's QR code — whole, or as a keyboard-wedge scanner types it into
    one line — or its id."""
    text = text.strip()
    if "SITELEDGER-NOTICE/1" in text or text.startswith(("ID:", "NO:")):
        found = _QR_ID.search(text)
        if found:
            return get(db, found.group(1))
        found = _QR_NUMBER.search(text)
        text = found.group(1) if found else ""
    if not text:
        return None
    rows = _rows(
        db,
        ROWS + " WHERE n.number = ? OR n.confirmed_number = ? OR n.id = ? ORDER BY n.id LIMIT 1",
        [text, text, text],
    )
    return rows[0] if rows else None


def open_notices_for(db: Any, problem_ids: list[str]) -> dict[str, dict[str, Any]]:
    """problem id → the first (oldest) open notice (not a reminder) that lists it."""
    if not problem_ids:
        return {}
    marks = ",".join("?" * len(problem_ids))
    rows = _rows(
        db,
        ROWS + f" WHERE COALESCE(n.kind, 'notice') = 'notice' AND ({STATUS}) != 'closed'"
        f" AND EXISTS (SELECT 1 FROM json_each(n.problem_ids) j WHERE j.value IN ({marks}))"
        " ORDER BY n.issued_on, n.id",
        problem_ids,
    )
    wanted, out = set(problem_ids), {}
    for row in rows:
        for pid in row["problem_id_list"]:
            if pid in wanted and pid not in out:
                out[pid] = row
    return out


def reminders_of(db: Any, notice_id: str) -> list[dict[str, Any]]:
    return _rows(db, ROWS + " WHERE n.cites_id = ? ORDER BY n.issued_on, n.id", [notice_id])


def events(db: Any, notice_id: str) -> list[dict[str, Any]]:
    cursor = db.execute(
        "SELECT e.*, people.name AS author_name FROM notice_events e"
        " LEFT JOIN people ON people.id = e.author_id WHERE e.notice_id = ? ORDER BY e.hlc, e.id",
        [notice_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def notices_of_problem(db: Any, problem_id: str) -> list[dict[str, Any]]:
    return _rows(
        db,
        ROWS + " WHERE EXISTS (SELECT 1 FROM json_each(n.problem_ids) j WHERE j.value = ?)"
        " ORDER BY n.issued_on, n.id",
        [problem_id],
    )


# -- numbers -----------------------------------------------------------------------------------


def last_definitive_seq(db: Any, year: int, kind: str) -> int:
    """The highest confirmed or definitive sequence number of `kind` documents in `year`
    (numbers of the old lane scheme, 18001号, are not part of the office's sequence)."""
    row = db.execute(
        "SELECT max(s) FROM (SELECT seq AS s FROM notices WHERE year = ? AND provisional = 0"
        " AND COALESCE(kind, 'notice') IN (?, ?)"
        " UNION ALL SELECT confirmed_seq FROM notices WHERE year = ?"
        " AND COALESCE(kind, 'notice') IN (?, ?))",
        [year, *_family(kind), year, *_family(kind)],
    ).fetchone()
    return row[0] or 0


def last_provisional_seq(db: Any, year: int, lane: int, kind: str) -> int:
    row = db.execute(
        "SELECT max(seq) FROM notices WHERE year = ? AND provisional = 1 AND lane = ?"
        " AND COALESCE(kind, 'notice') IN (?, ?)",
        [year, lane, *_family(kind)],
    ).fetchone()
    return row[0] or 0


def unconfirmed(db: Any) -> list[dict[str, Any]]:
    """Provisional notices the numbering office has not confirmed, oldest first."""
    return _rows(
        db,
        ROWS + " WHERE n.provisional = 1 AND n.confirmed_number IS NULL"
        " ORDER BY n.issued_on, n.number, n.id",
        [],
    )


def _family(kind: str) -> tuple[str, str]:
    """Notices and reminders share the 督 sequence; bulletins have their own."""
    return ("bulletin", "bulletin") if kind == "bulletin" else ("notice", "reminder")


# -- interviews -------------------------------------------------------------------------------


def interviews_of_problem(db: Any, problem_id: str) -> list[dict[str, Any]]:
    cursor = db.execute(
        "SELECT i.*, u.name AS unit_name FROM interviews i LEFT JOIN units u ON u.id = i.unit_id"
        " WHERE EXISTS (SELECT 1 FROM json_each(i.problem_ids) j WHERE j.value = ?)"
        " ORDER BY i.held_on, i.id",
        [problem_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


# -- the fold ----------------------------------------------------------------------------------


def fold(db: Any, notice_ids: list[str]) -> None:
    """Recompute each notice's life from all its events, in (hlc, id) order."""
    for notice_id in set(notice_ids):
        state: dict[str, Any] = dict.fromkeys(
            ("delivered_on", "replied_on", "closed_on", "close_reason", "confirmed_number")
        )
        state["confirmed_seq"] = None
        for kind, at, note, number, seq in db.execute(
            "SELECT kind, at, note, number, seq FROM notice_events WHERE notice_id = ?"
            " ORDER BY hlc, id",
            [notice_id],
        ).fetchall():
            if kind == "delivered":
                state["delivered_on"] = state["delivered_on"] or at[:10]
            elif kind == "replied":
                state["replied_on"] = at[:10]
                state["delivered_on"] = state["delivered_on"] or at[:10]
            elif kind == "closed":
                state["closed_on"], state["close_reason"] = at[:10], note
            elif kind == "numbered" and state["confirmed_number"] is None:
                # The first confirmation stands: a number printed on paper is never changed.
                state["confirmed_number"], state["confirmed_seq"] = number, seq
        db.execute(
            "UPDATE notices SET delivered_on = ?, replied_on = ?, closed_on = ?,"
            " close_reason = ?, confirmed_number = ?, confirmed_seq = ? WHERE id = ?",
            [
                state["delivered_on"],
                state["replied_on"],
                state["closed_on"],
                state["close_reason"],
                state["confirmed_number"],
                state["confirmed_seq"],
                notice_id,
            ],
        )


def fold_from_events(db: Any, event_ids: list[str]) -> None:
    fold(db, parents(db, "notice_events", event_ids))
