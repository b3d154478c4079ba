"""Problems (问题清单) and their lifecycle, folded from append-only events.

Lifecycle: registered → assigned → in progress → reported done → verified closed (销号), or
reopened. Local actions are checked against the current state (`act`); the fold itself accepts
every event in (hlc, id) order, so two laptops that recorded different events offline never
conflict: both events count and every device folds them to the same state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import roles
from .errors import UserError
from .ids import new_id
from .store import problems as problem_store
from .workspace import Workspace

EVENT_KINDS = (
    "registered",
    "assigned",
    "progress",
    "reported_done",
    "verified",
    "reopened",
    "deadline_extended",
)
OPEN_STATUSES = ("registered", "assigned", "in_progress", "reported_done", "reopened")


class LifecycleError(UserError):
    """An action that the problem's current state does not allow."""


class NotAllowed(LifecycleError, roles.Forbidden):
    """An action the person's role does not allow on this problem (forms/roles.py)."""


@dataclass(frozen=True)
class Action:
    event: str
    allowed_from: tuple[str, ...]
    zh: str
    needs_note: bool = False


ACTIONS: dict[str, Action] = {
    "assign": Action("assigned", ("registered", "assigned", "in_progress", "reopened"), "交办"),
    "progress": Action("progress", OPEN_STATUSES, "进展", needs_note=True),
    "report_done": Action(
        "reported_done", ("registered", "assigned", "in_progress", "reopened"), "报办结"
    ),
    "verify": Action("verified", ("reported_done",), "核验销号"),
    "reopen": Action("reopened", ("reported_done", "closed"), "重开", needs_note=True),
    "extend": Action("deadline_extended", OPEN_STATUSES, "延期", needs_note=True),
}


def register(
    ws: Workspace,
    project_id: str,
    values: dict[str, Any],
    *,
    author_id: str | None,
    visit_id: str | None = None,
    form_version: int = 1,
) -> str:
    """A new problem with its `registered` event, in one transaction."""
    import json

    from . import numbers

    problem_id = new_id()
    with ws.transaction():
        number = numbers.next_number(ws, int(values["raised_on"][:4]), author_id=author_id)
        ws.record(
            "problem",
            problem_id,
            {
                "project_id": project_id,
                "visit_id": visit_id,
                "category": values["category"],
                "description": values["description"],
                "raised_on": values["raised_on"],
                "number": number,
                "form_id": "problem",
                "form_version": form_version,
                "data": json.dumps(values, ensure_ascii=False, sort_keys=True),
            },
            author_id=author_id,
        )
        _event(
            ws,
            problem_id,
            "registered",
            author_id,
            at=values["raised_on"],
            unit_id=values.get("unit_id"),
            assignee=values.get("assignee"),
            deadline=values.get("deadline"),
        )
    return problem_id


def act(
    ws: Workspace,
    problem_id: str,
    action: str,
    *,
    author_id: str | None,
    note: str | None = None,
    unit_id: str | None = None,
    assignee: str | None = None,
    deadline: str | None = None,
    at: str | None = None,
    today: dt.date | None = None,
) -> str:
    """Record a lifecycle action as an event, after checking that the state allows it."""
    spec = ACTIONS[action]
    state = get(ws, problem_id)
    if state is None:
        raise LifecycleError(f"没有这个问题 / no such problem: {problem_id}")
    if state["status"] not in spec.allowed_from:
        raise LifecycleError(
            f"问题当前状态不能{spec.zh} / cannot {action} a problem that is {state['status']}"
        )
    if spec.needs_note and not (note or "").strip():
        raise LifecycleError(f"{spec.zh}需要填写说明 / {action} needs a reason or note")
    if action == "assign" and not unit_id:
        raise LifecycleError("交办需要责任单位 / assigning needs a responsible unit")
    if action == "extend" and not deadline:
        raise LifecycleError("延期需要新的时限 / extending needs a new deadline")
    if deadline and deadline < (state["raised_on"] or ""):
        raise LifecycleError(
            "时限不能早于发现日期 / the deadline cannot be before the problem was found"
        )
    refused = roles.problem_refusal(ws.conn, author_id, state, action)
    if refused:
        raise NotAllowed(refused)
    today = today or dt.date.today()
    if deadline and deadline < today.isoformat():
        raise LifecycleError(
            f"时限 {deadline} 已经过去，请给出今天（{today.isoformat()}）或以后的日期"
            " / the deadline is in the past"
        )
    if action == "verify" and author_id is not None and author_id == state["reported_by"]:
        raise LifecycleError(
            "销号须由报办结以外的人核验 / whoever reported it done cannot also verify and close it"
        )
    return _event(
        ws,
        problem_id,
        spec.event,
        author_id,
        at=at,
        note=note,
        unit_id=unit_id,
        assignee=assignee,
        deadline=deadline,
    )


def _event(
    ws: Workspace,
    problem_id: str,
    kind: str,
    author_id: str | None,
    *,
    at: str | None = None,
    **fields: Any,
) -> str:
    event_id = new_id()
    ws.record(
        "problem_event",
        event_id,
        {
            "problem_id": problem_id,
            "kind": kind,
            "at": at or dt.datetime.now().isoformat(timespec="seconds"),
            **{k: v for k, v in fields.items() if v is not None},
        },
        author_id=author_id,
    )
    return event_id


# -- queries -----------------------------------------------------------------------------------


def get(ws: Workspace, problem_id: str) -> dict[str, Any] | None:
    return problem_store.get(ws.conn, problem_id)


def events(ws: Workspace, problem_id: str) -> list[dict[str, Any]]:
    return problem_store.problem_history(ws.conn, problem_id)


def is_open(problem: dict[str, Any]) -> bool:
    """Open: any status but verified closed (销号), the test `store.problems.OPEN` makes in SQL."""
    return problem["status"] != "closed"


def is_overdue(problem: dict[str, Any], today: dt.date) -> bool:
    return (
        bool(problem["deadline"]) and is_open(problem) and (problem["deadline"] < today.isoformat())
    )


def light(problem: dict[str, Any], today: dt.date) -> str | None:
    """亮灯: green, yellow in the last quarter of the time allowed, red when overdue."""
    if not is_open(problem) or not problem["deadline"]:
        return None
    deadline = dt.date.fromisoformat(problem["deadline"])
    start = dt.date.fromisoformat(problem["raised_on"][:10])
    if today > deadline:
        return "red"
    total = max((deadline - start).days, 1)
    return "yellow" if (deadline - today).days * 4 <= total else "green"
