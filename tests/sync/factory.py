"""Change dicts for server-store tests, shaped as forms.workspace.record makes them."""

from __future__ import annotations

import itertools

from forms.ids import new_id

_counter = itertools.count(1)


def change(
    entity: str,
    entity_id: str | None = None,
    fields: dict | None = None,
    *,
    op: str | None = None,
    device: str = "dev1",
    author_id: str | None = None,
) -> dict:
    mutable = entity in ("unit", "person", "project", "assignment", "notice", "setting")
    return {
        "id": new_id(),
        "entity": entity,
        "entity_id": entity_id or new_id(),
        "op": op or ("set" if mutable else "append"),
        "fields": fields or {},
        "hlc": f"{1_700_000_000_000 + next(_counter):015d}-00000-{device}",
        "author_id": author_id,
        "device": device,
    }


def project(district_id: str, name: str = "项目") -> dict:
    return change("project", fields={"name": name, "district_id": district_id})


def visit(project_id: str) -> dict:
    return change(
        "visit",
        fields={
            "project_id": project_id,
            "visited_at": "2026-11-20",
            "form_id": "visit",
            "form_version": 1,
            "data": "{}",
        },
    )
