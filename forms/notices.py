"""A notice's life after it is printed: issued → delivered (签收) → replied → closed.

Each step is an append-only `notice_event`, folded into the notice (forms/store/notices.py);
a notice is also closed once every problem it lists is verified closed. A reply is overdue
when the unit has not replied by the reply deadline (working days after the issue date).
Issuing itself (and the 催办 for problems that already have an open notice) is in
forms/documents/notice.py, next to the document it prints.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .errors import UserError
from .ids import new_id
from .store import notices as notice_store
from .workspace import Workspace

STATUS_ZH = {"issued": "已印发", "delivered": "已签收", "replied": "已回复", "closed": "已办结"}
KIND_ZH = {"notice": "督办通知", "reminder": "催办通知", "bulletin": "通报"}


def find(ws: Workspace | Any, text: str) -> dict[str, Any]:
    """The notice named by its 文号, the QR payload of its slip, or its id; else a UserError."""
    db = ws.db if isinstance(ws, Workspace) else ws
    row = notice_store.find(db, text)
    if row is None:
        raise UserError(
            f"没有文号为“{text.strip()[:60]}”的通知 / no notice numbered {text.strip()}"
        )
    return row


def reply_overdue(row: dict[str, Any], today: dt.date) -> bool:
    return (
        row["state"] in ("issued", "delivered")
        and bool(row["deadline"])
        and row["deadline"] < today.isoformat()
    )


def deliver(
    ws: Workspace, number: str, *, on: dt.date, note: str | None = None, author_id: str | None
) -> str:
    """签收: the unit received the notice (who signed for it in `note`)."""
    row = _open(ws, number, "签收")
    _not_before_issue(row, on)
    return _event(ws, row, "delivered", on, author_id, note=note)


def reply(
    ws: Workspace,
    number: str,
    *,
    on: dt.date,
    text: str,
    scan: Path | None = None,
    author_id: str | None,
) -> str:
    """The unit's reply: its date, its text and (optionally) a scan of the signed 回执, which is
    imported as a photo of the notice's first problem (so it syncs with the problem's project)."""
    row = _open(ws, number, "登记回复")
    _not_before_issue(row, on)
    if not text.strip():
        raise UserError("回复内容不能为空 / the reply needs its text")
    photo_id = _import_scan(ws, row, scan, author_id) if scan else None
    return _event(ws, row, "replied", on, author_id, reply_text=text.strip(), photo_id=photo_id)


def close(ws: Workspace, number: str, *, on: dt.date, reason: str, author_id: str | None) -> str:
    """Closed by the office before all its problems are: the reason is required."""
    row = _open(ws, number, "办结")
    if not reason.strip():
        raise UserError("办结通知需要写明理由 / closing a notice needs a reason")
    return _event(ws, row, "closed", on, author_id, note=reason.strip())


def _open(ws: Workspace, number: str, what: str) -> dict[str, Any]:
    row = find(ws, number)
    if row["state"] == "closed":
        raise UserError(
            f"{row['shown_number']} 已办结，不能再{what} / notice {row['shown_number']} is closed"
        )
    return row


def _not_before_issue(row: dict[str, Any], on: dt.date) -> None:
    if on.isoformat() < (row["issued_on"] or ""):
        raise UserError(
            f"日期早于通知印发日期 {row['issued_on']} / the date is before the notice was issued"
        )


def _event(
    ws: Workspace, row: dict[str, Any], kind: str, on: dt.date, author_id: str | None, **fields
) -> str:
    event_id = new_id()
    at = dt.datetime.combine(on, dt.datetime.now().time()).isoformat(timespec="seconds")
    ws.record(
        "notice_event",
        event_id,
        {
            "notice_id": row["id"],
            "kind": kind,
            "at": at,
            **{k: v for k, v in fields.items() if v is not None},
        },
        author_id=author_id,
    )
    return event_id


def _import_scan(ws: Workspace, row: dict[str, Any], scan: Path, author_id: str | None) -> str:
    from .photos import importer

    if not row["problem_id_list"]:
        raise UserError("这份通知没有问题，无法附回执扫描件 / the notice lists no problem")
    if not Path(scan).is_file():
        raise UserError(f"找不到回执扫描件：{scan} / no such file")
    results = importer.import_photos(
        ws,
        [scan],
        attach_to=("problem", row["problem_id_list"][0]),
        author_id=author_id,
        caption=f"回执 {row['shown_number']}",
    )
    result = results[0]
    if not result.ok or not result.photo_id:
        raise UserError(f"回执扫描件无法导入 / the scan cannot be imported: {result.line()}")
    return result.photo_id


def register(db: Any, today: dt.date, **filters: Any) -> list[dict[str, Any]]:
    """The register of issued documents as the command line, scripts and the desktop see it
    (problems named by their numbers), newest first; `filters` as `store.notices.listing`."""
    from .store import problems as problem_store

    out = []
    for n in notice_store.listing(db, **filters):
        numbers = [p["number"] for p in problem_store.problem_rows(db, n["problem_id_list"])]
        out.append(
            {
                "number": n["shown_number"],
                "provisional_number": n["number"] if n["provisional"] else None,
                "kind": n["doc_kind"],
                "unit": n["unit_name"],
                "status": n["state"],
                "problems": numbers,
                "issued_on": n["issued_on"],
                "reply_due": n["deadline"],
                "reply_overdue": reply_overdue(n, today),
                "delivered_on": n["delivered_on"],
                "replied_on": n["replied_on"],
                "closed_on": n["closed_on"],
                "cites": n["cited_number"],
                "id": n["id"],
            }
        )
    return out


def history(ws: Workspace | Any, notice_id: str) -> list[dict[str, Any]]:
    db = ws.db if isinstance(ws, Workspace) else ws
    return notice_store.events(db, notice_id)
