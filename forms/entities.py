"""What kinds of records exist and how a change to each is applied.

Two kinds (DESIGN.md §4): append-only records (a visit, a problem event, a score) are inserted
once and never changed; mutable records (ledger data edited by the office) resolve each field
last-writer-wins by hybrid logical clock. Registering an entity here is all it takes for the
store, sync and dump to handle it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import problem_state

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Entity:
    name: str
    table: str
    mutable: bool
    # Called inside the applying transaction with the entity ids just changed.
    after_apply: list[Callable[[Database, list[str]], None]] = field(default_factory=list)


ENTITIES: dict[str, Entity] = {}


def register(name: str, table: str, *, mutable: bool) -> Entity:
    entity = Entity(name, table, mutable)
    ENTITIES[name] = entity
    return entity


def get(name: str) -> Entity:
    try:
        return ENTITIES[name]
    except KeyError:
        raise ValueError(f"unknown entity {name!r}") from None


register("unit", "units", mutable=True)
register("person", "people", mutable=True)
register("project", "projects", mutable=True)
register("assignment", "assignments", mutable=True)
register("notice", "notices", mutable=True)
register("setting", "settings", mutable=True)
register("stage_change", "stage_changes", mutable=False)
register("visit", "visits", mutable=False)
register("problem", "problems", mutable=False).after_apply.append(problem_state.fold)
register("problem_event", "problem_events", mutable=False).after_apply.append(
    problem_state.fold_from_events
)
register("photo", "photos", mutable=True)
register("photo_link", "photo_links", mutable=False)
register("photo_link_event", "photo_link_events", mutable=False)
