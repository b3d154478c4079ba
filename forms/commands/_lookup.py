"""What the follow-through commands share: names a person types, turned into records."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from forms.errors import UserError
from forms.store import documents as document_store
from forms.store import people as people_store
from forms.store import problems as problem_store


def person(ws: Any, name: str | None) -> str | None:
    """The id of the person called `name` (--as); None when not given."""
    if name is None:
        return None
    found = [p for p in people_store.people(ws.db) if p["name"] == name]
    if not found:
        raise UserError(f"没有名为“{name}”的人员 / no person named {name}")
    return found[0]["id"]


def unit(ws: Any, name: str) -> dict[str, Any]:
    found = document_store.unit_by_name(ws.conn, name)
    if found is None:
        raise UserError(f"没有名为“{name}”的单位 / no unit named {name}")
    return found


def problem_id(ws: Any, number: str) -> str:
    ids = problem_store.by_number(ws.db, number)
    if not ids:
        raise UserError(f"没有编号为“{number}”的问题 / no problem numbered {number}")
    if len(ids) > 1:
        raise UserError(
            f"编号 {number} 对应 {len(ids)} 个问题（两台设备曾使用同一号段），请用问题 id"
            f" / {number} names {len(ids)} problems: use an id ({', '.join(ids)})"
        )
    return ids[0]


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"“{text}”不是日期 YYYY-MM-DD / not a date: {text}") from None


def calendar_warning(calendar: Any) -> None:
    warning = calendar.warning()
    if warning:
        print(f"siteledger: warning: {warning}", file=sys.stderr)


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))
