"""Units (districts, parks, departments) and people with their assignments (包抓/包联)."""

from __future__ import annotations

from typing import Any

from . import roles
from .ids import new_id
from .workspace import Workspace


def find_unit(ws: Workspace, name: str) -> str | None:
    row = ws.db.execute(
        "SELECT id FROM units WHERE name = ? ORDER BY id LIMIT 1", [name]
    ).fetchone()
    return row[0] if row else None


def ensure_unit(ws: Workspace, name: str, kind: str, *, author_id: str | None = None) -> str:
    """The id of the unit called `name`, created if there is none."""
    existing = find_unit(ws, name)
    if existing:
        return existing
    unit_id = new_id()
    ws.record("unit", unit_id, {"name": name, "kind": kind}, author_id=author_id)
    return unit_id


def units(ws: Workspace, kind: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM units" + (" WHERE kind = ?" if kind else "") + " ORDER BY name"
    return list(ws.db.query(sql, [kind] if kind else []))


def unit_names(ws: Workspace) -> dict[str, str]:
    return {row["id"]: row["name"] for row in ws.db.query("SELECT id, name FROM units")}


def find_person(ws: Workspace, name: str) -> str | None:
    row = ws.db.execute(
        "SELECT id FROM people WHERE name = ? ORDER BY id LIMIT 1", [name]
    ).fetchone()
    return row[0] if row else None


def ensure_person(
    ws: Workspace, name: str, role: str, *, author_id: str | None = None, **fields: Any
) -> str:
    existing = find_person(ws, name)
    if existing:
        return existing
    person_id = new_id()
    ws.record("person", person_id, {"name": name, "role": role, **fields}, author_id=author_id)
    return person_id


def people(ws: Workspace, role: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM people" + (" WHERE role = ?" if role else "") + " ORDER BY name"
    return list(ws.db.query(sql, [role] if role else []))


def person(ws: Workspace, person_id: str) -> dict[str, Any] | None:
    return next(ws.db.query("SELECT * FROM people WHERE id = ?", [person_id]), None)


def assign(
    ws: Workspace,
    person_id: str,
    project_id: str,
    role: str,
    since: str,
    *,
    author_id: str | None = None,
) -> str:
    """Link a person to a project (包抓/包联); an existing active link is kept as it is."""
    roles.check_ledger(ws.conn, author_id)
    row = ws.db.execute(
        "SELECT id FROM assignments WHERE person_id = ? AND project_id = ? AND active = 1",
        [person_id, project_id],
    ).fetchone()
    if row:
        return row[0]
    assignment_id = new_id()
    ws.record(
        "assignment",
        assignment_id,
        {
            "person_id": person_id,
            "project_id": project_id,
            "role": role,
            "since": since,
            "active": 1,
        },
        author_id=author_id,
    )
    return assignment_id


def assigned_people(ws: Workspace, project_id: str) -> list[dict[str, Any]]:
    return list(
        ws.db.query(
            "SELECT people.*, assignments.role AS assignment_role, assignments.since"
            " FROM assignments JOIN people ON people.id = assignments.person_id"
            " WHERE assignments.project_id = ? AND assignments.active = 1 ORDER BY people.name",
            [project_id],
        )
    )
