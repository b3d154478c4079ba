"""People and their assignments to projects (包抓/包联): found by name, created when a ledger
names a new one, linked to projects."""

from __future__ import annotations

from typing import Any

from . import roles
from .ids import new_id
from .store import people as store
from .workspace import Workspace


def find_person(ws: Workspace, name: str) -> str | None:
    return store.id_named(ws.conn, name)


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
    return store.with_role(ws.conn, role)


def person(ws: Workspace, person_id: str) -> dict[str, Any] | None:
    return store.person(ws.conn, person_id)


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
    existing = store.active_assignment(ws.conn, person_id, project_id)
    if existing:
        return existing
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
    return store.assigned_to(ws.conn, project_id)
