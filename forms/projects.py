"""Projects of the ledger (台账): mutable fields, last writer wins, with their stage history."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from . import codes, roles
from .ids import new_id
from .store import projects as store
from .workspace import Workspace

MONEY_FIELDS = (
    "total_investment",
    "year_plan_investment",
    "year_completed_investment",
    "cumulative_investment",
)
DATE_FIELDS = tuple(f"{m}_{kind}" for m, _, _ in codes.MILESTONES for kind in ("plan", "actual"))
TEXT_FIELDS = (
    "code",
    "name",
    "enterprise",
    "district_id",
    "park",
    "industry_chain",
    "stage",
    "lead_unit_id",
    "location",
    "progress_note",
    "notes",
)
FLAG_FIELDS = ("province_key", "city_key")
FIELDS = (
    *TEXT_FIELDS,
    *MONEY_FIELDS,
    *DATE_FIELDS,
    *FLAG_FIELDS,
    "responsible_units",
    "latitude",
    "longitude",
)


def create(
    ws: Workspace, fields: dict[str, Any], *, author_id: str | None = None, on: str | None = None
) -> str:
    """A new project; its stage is also recorded as the first entry of its stage history."""
    roles.check_ledger(ws.conn, author_id)
    project_id = new_id()
    with ws.transaction():
        record(ws, project_id, fields, author_id=author_id, on=on)
    return project_id


def update(
    ws: Workspace,
    project_id: str,
    fields: dict[str, Any],
    *,
    author_id: str | None = None,
    on: str | None = None,
) -> list[str]:
    """Write only the fields that differ from the stored ones; returns their names.

    Not checked against the ledger rule: a visit reports the figures and milestones it saw
    through here, whoever made it (forms/visits.py)."""
    current = get(ws, project_id)
    if current is None:
        raise KeyError(project_id)
    wanted = _clean(fields)
    changed = {k: v for k, v in wanted.items() if _stored(v) != current.get(k)}
    if not changed:
        return []
    with ws.transaction():
        record(ws, project_id, changed, author_id=author_id, on=on)
    return sorted(changed)


def record(
    ws: Workspace,
    project_id: str,
    fields: dict[str, Any],
    *,
    author_id: str | None,
    on: str | None,
) -> None:
    """Record these fields of a project, and a new stage in its stage history, inside the
    caller's transaction. No check of the ledger rule and no read: the ledger import checks
    the rule once and compares against its own snapshot, for thousands of rows."""
    ws.record("project", project_id, _clean(fields), author_id=author_id)
    if fields.get("stage"):
        _record_stage(ws, project_id, fields["stage"], on, author_id)


def _record_stage(
    ws: Workspace, project_id: str, stage: str, on: str | None, author_id: str | None
) -> None:
    ws.record(
        "stage_change",
        new_id(),
        {"project_id": project_id, "stage": stage, "changed_on": on or dt.date.today().isoformat()},
        author_id=author_id,
    )


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown project fields: {', '.join(sorted(unknown))}")
    if fields.get("stage") and fields["stage"] not in codes.values("stage"):
        raise ValueError(f"unknown stage {fields['stage']!r}")
    return dict(fields)


def _stored(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return int(value)
    return value


def get(ws: Workspace, project_id: str) -> dict[str, Any] | None:
    return store.get(ws.conn, project_id)


def find(ws: Workspace, code: str | None, name: str | None, enterprise: str | None) -> str | None:
    """Match a ledger row to a project: by code, else by name and enterprise."""
    found = store.id_with_code(ws.conn, code) if code else None
    if found is None and name:
        found = store.id_named(ws.conn, name, enterprise)
    return found


def all_projects(ws: Workspace) -> list[dict[str, Any]]:
    return store.every_project(ws.conn)


def stage_history(ws: Workspace, project_id: str) -> list[dict[str, Any]]:
    return store.stage_history(ws.conn, project_id)


def count(ws: Workspace) -> int:
    return store.count(ws.conn)
