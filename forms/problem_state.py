"""A problem's state, folded from its events in (hlc, id) order: deterministic on every device."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .store import events
from .store import problems as store

if TYPE_CHECKING:
    from sqlite_utils import Database


def fold(db: Database, problem_ids: list[str]) -> None:
    """Recompute each problem's state from all its events (deterministic)."""
    for problem_id in set(problem_ids):
        state: dict[str, Any] = {
            "status": "registered",
            "unit_id": None,
            "assignee": None,
            "deadline": None,
            "reported_by": None,
            "closed_on": None,
        }
        for event in store.fold_events(db, problem_id):
            _fold_event(state, *event)
        store.put_state(db, problem_id, state)


def _fold_event(
    state: dict[str, Any],
    kind: str,
    at: str,
    author: str | None,
    unit_id: str | None,
    assignee: str | None,
    deadline: str | None,
) -> None:
    if kind in ("registered", "assigned"):
        state["unit_id"] = unit_id or state["unit_id"]
        state["assignee"] = assignee or state["assignee"]
        state["deadline"] = deadline or state["deadline"]
        if kind == "assigned" and state["status"] in ("registered", "reopened"):
            state["status"] = "assigned"
    elif kind == "progress":
        if state["status"] in ("registered", "assigned", "reopened"):
            state["status"] = "in_progress"
    elif kind == "reported_done":
        if state["status"] != "closed":
            state["status"] = "reported_done"
            state["reported_by"] = author
    elif kind == "verified":
        state["status"] = "closed"
        state["closed_on"] = at[:10]
    elif kind == "reopened":
        state["status"] = "reopened"
        state["closed_on"] = None
    elif kind == "deadline_extended":
        state["deadline"] = deadline or state["deadline"]


def fold_from_events(db: Database, event_ids: list[str]) -> None:
    fold(db, events.parents(db, "problem_events", event_ids))
