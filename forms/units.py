"""Units (districts, parks, departments): found by name, created when a ledger names a new one."""

from __future__ import annotations

from typing import Any

from .ids import new_id
from .store import units as store
from .workspace import Workspace


def find_unit(ws: Workspace, name: str) -> str | None:
    return store.id_named(ws.conn, name)


def ensure_unit(ws: Workspace, name: str, kind: str, *, author_id: str | None = None) -> str:
    """The id of the unit called `name`, created if there is none."""
    existing = find_unit(ws, name)
    if existing:
        return existing
    unit_id = new_id()
    ws.record("unit", unit_id, {"name": name, "kind": kind}, author_id=author_id)
    return unit_id


def units(ws: Workspace, kind: str | None = None) -> list[dict[str, Any]]:
    return store.all_of_kind(ws.conn, kind)


def unit_names(ws: Workspace) -> dict[str, str]:
    return store.every_name(ws.conn)
