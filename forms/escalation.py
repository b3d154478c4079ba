"""The escalation ladder for overdue problems: 提醒 → 督办通知 → 通报 → 约谈.

A problem climbs one rung at a time: its next step is the first rung above the highest it has
reached, proposed once the problem has been overdue (in working days, forms/workdays.py) for
at least that rung's threshold. Thresholds are the office's synced setting
`escalation_thresholds` ({"remind": 1, "notice": 3, "bulletin": 10, "interview": 20} by
default). A new deadline (assigned again, extended, reopened) starts the ladder again.

Each step is one action over many problems and leaves an event in each problem's history:
提醒 `reminded`; 督办通知 a notice per unit (or a 催办 where a notice is open) `noticed`;
通报 one GB/T 9704 document listing the units and their overdue problems `bulletined`;
约谈 a record of who, when and the outcome `interviewed`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from . import problems, workdays
from .errors import UserError
from .ids import new_id
from .store import problems as problem_store
from .store import reminders as reminder_store
from .store import settings as settings_store
from .workspace import Workspace

STEPS = ("remind", "notice", "bulletin", "interview")
STEP_ZH = {"remind": "提醒", "notice": "督办通知", "bulletin": "通报", "interview": "约谈"}
STEP_EVENTS = {
    "reminded": "remind",
    "noticed": "notice",
    "bulletined": "bulletin",
    "interviewed": "interview",
}
RESTARTS = ("assigned", "deadline_extended", "reopened")
DEFAULT_THRESHOLDS = {"remind": 1, "notice": 3, "bulletin": 10, "interview": 20}
SETTING = "escalation_thresholds"


@dataclass(frozen=True)
class Proposal:
    problem: dict[str, Any]
    overdue_workdays: int
    reached: str | None  # the highest rung taken since the deadline was last set
    next_step: str | None  # None: overdue but the next rung's threshold is not reached yet


def thresholds(ws: Workspace | Any) -> dict[str, int]:
    db = getattr(ws, "db", ws)  # a workspace, or a reader connection
    value = settings_store.get(db, SETTING) or {}
    out = dict(DEFAULT_THRESHOLDS)
    if isinstance(value, dict):
        out.update({k: int(v) for k, v in value.items() if k in out and str(v).isdigit()})
    return out


def set_thresholds(ws: Workspace, values: dict[str, int], *, author_id: str | None) -> None:
    """The office's thresholds, in working days overdue; they must climb."""
    merged = {**thresholds(ws), **values}
    unknown = set(values) - set(STEPS)
    if unknown:
        raise UserError(f"没有这一级：{', '.join(sorted(unknown))} / unknown step")
    climbing = [merged[s] for s in STEPS]
    if any(v < 0 for v in climbing) or climbing != sorted(climbing):
        raise UserError(
            "各级阈值须为非负且逐级不减（提醒 ≤ 督办 ≤ 通报 ≤ 约谈）"
            " / thresholds must be non-negative and climb"
        )
    ws.record("setting", SETTING, {"value": json.dumps(merged)}, author_id=author_id)


def overdue_workdays(problem: dict[str, Any], today: dt.date, calendar: workdays.Calendar) -> int:
    """Working days past the deadline (0 when not overdue, closed or without a deadline)."""
    if not problems.is_open(problem) or not problem["deadline"]:
        return 0
    deadline = dt.date.fromisoformat(problem["deadline"][:10])
    # Not yet due: no count (and no warning about a later year the count never needed).
    return calendar.between(deadline, today) if deadline < today else 0


def reached(events: list[dict[str, Any]]) -> str | None:
    """The highest rung taken since the problem's deadline was last set."""
    top = -1
    for event in events:
        if event["kind"] in RESTARTS:
            top = -1
        elif event["kind"] in STEP_EVENTS:
            top = max(top, STEPS.index(STEP_EVENTS[event["kind"]]))
    return STEPS[top] if top >= 0 else None


def propose(
    source: Workspace | Any,
    today: dt.date,
    calendar: workdays.Calendar,
    rows: list[dict[str, Any]],
) -> list[Proposal]:
    """For each open overdue problem among `rows`, how far it has climbed and its next step
    (`source`: a workspace, or a reader connection as the desktop's screens use)."""
    db = getattr(source, "db", source)
    limits = thresholds(db)
    overdue = [(r, overdue_workdays(r, today, calendar)) for r in rows]
    overdue = [(r, n) for r, n in overdue if n > 0]
    history = problem_store.escalation_events(db, [r["id"] for r, _ in overdue])
    out = []
    for row, days in overdue:
        top = reached(history[row["id"]])
        after = STEPS.index(top) + 1 if top else 0
        step = STEPS[after] if after < len(STEPS) else None
        if step and days < limits[step]:
            step = None
        out.append(Proposal(row, days, top, step))
    return out


@dataclass
class Ladder:
    """Every open overdue problem on the ladder: how far each has climbed and where it goes
    next (the office dashboard's escalation part)."""

    proposals: list[Proposal]

    def at(self, step: str | None) -> list[Proposal]:
        """The problems whose highest rung is `step` (None: overdue, not yet reminded)."""
        return [p for p in self.proposals if p.reached == step]

    def due(self, step: str) -> list[Proposal]:
        """The problems due to climb to `step` now."""
        return [p for p in self.proposals if p.next_step == step]

    def summary(self) -> list[dict[str, Any]]:
        """One row per rung: problems there, and problems due to climb to it."""
        rows = [{"step": None, "reached": len(self.at(None)), "due": 0}]
        rows += [{"step": s, "reached": len(self.at(s)), "due": len(self.due(s))} for s in STEPS]
        return rows


def ladder(db: Any, today: dt.date, rows: list[dict[str, Any]]) -> Ladder:
    """The ladder over `rows` (the register's overdue problems), on the workspace's calendar."""
    return Ladder(propose(db, today, workdays.for_reader(db), rows))


# -- taking a step -----------------------------------------------------------------------------


def remind(
    ws: Workspace, problem_ids: list[str], *, today: dt.date, note: str, author_id: str | None
) -> None:
    """提醒: the office reminded the unit (by phone or message); one event per problem."""
    if not note.strip():
        raise UserError("提醒需要写明方式和对象 / a reminder needs a note (how, to whom)")
    with ws.transaction():
        for pid in problem_ids:
            problems._event(ws, pid, "reminded", author_id, at=_at(today), note=note.strip())


def remind_commissioners(
    ws: Workspace,
    *,
    today: dt.date,
    note: str,
    author_id: str | None,
    problem_ids: list[str] = (),  # type: ignore[assignment]
    month: str | None = None,
    project_ids: list[str] = (),  # type: ignore[assignment]
) -> int:
    """提醒 the commissioners of these overdue problems (the ladder's `reminded` event, naming
    them) and of these projects' missing monthly reports for `month` (a `reminder` record each).
    Projects without a commissioner are left out. The number of records made; nothing is
    written when there is no one to remind."""
    if not note.strip():
        raise UserError("提醒需要写明方式和内容 / a reminder needs a note (how, what)")
    problem_rows = problem_store.project_of(ws.db, list(problem_ids)) if problem_ids else {}
    people = reminder_store.commissioners(ws.db, sorted({*problem_rows.values(), *project_ids}))
    made = 0
    with ws.transaction():
        for pid, project_id in problem_rows.items():
            if people.get(project_id):
                names = "、".join(p["name"] for p in people[project_id])
                text = f"提醒服务专员{names}：{note.strip()}"
                problems._event(ws, pid, "reminded", author_id, at=_at(today), note=text[:1000])
                made += 1
        for project_id in project_ids if month else ():
            if people.get(project_id):
                ws.record(
                    "reminder",
                    new_id(),
                    {
                        "project_id": project_id,
                        "month": month,
                        "person_ids": json.dumps([p["id"] for p in people[project_id]]),
                        "note": note.strip()[:500],
                        "reminded_on": today.isoformat(),
                    },
                    author_id=author_id,
                )
                made += 1
        if not made:
            raise UserError("所选项目都没有服务专员，无人可提醒 / no commissioner to remind")
    return made


def bulletin(
    ws: Workspace, problem_ids: list[str], *, today: dt.date, author_id: str | None
) -> str:
    """通报: one numbered document over all the units of these problems (see documents/bulletin)."""
    from .documents import notice

    if not problem_ids:
        raise UserError("没有要通报的问题 / nothing to put in a bulletin")
    with ws.transaction():
        return notice._record(ws, "bulletin", None, problem_ids, today, author_id)


def interview(
    ws: Workspace,
    problem_ids: list[str],
    *,
    held_on: dt.date,
    convened_by: str,
    attendees: str,
    outcome: str,
    unit_id: str | None,
    author_id: str | None,
) -> str:
    """约谈: who was summoned, by whom, when, and what was agreed."""
    for label, value in (("约谈人", convened_by), ("被约谈人", attendees), ("约谈结果", outcome)):
        if not value.strip():
            raise UserError(f"约谈记录需要填写{label} / the interview record needs {label}")
    interview_id = new_id()
    with ws.transaction():
        ws.record(
            "interview",
            interview_id,
            {
                "unit_id": unit_id,
                "problem_ids": json.dumps(problem_ids),
                "held_on": held_on.isoformat(),
                "convened_by": convened_by.strip(),
                "attendees": attendees.strip(),
                "outcome": outcome.strip(),
            },
            author_id=author_id,
        )
        note = f"约谈 {held_on.isoformat()}：{convened_by.strip()}约谈{attendees.strip()}；{outcome.strip()}"
        for pid in problem_ids:
            problems._event(ws, pid, "interviewed", author_id, at=_at(held_on), note=note[:1000])
    return interview_id


def _at(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.datetime.now().time()).isoformat(timespec="seconds")
