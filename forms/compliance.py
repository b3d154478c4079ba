"""Visit compliance (002_d23a99ef1920ac99.txt): linked leaders contact each assigned project
1–2 times a quarter, service commissioners visit each 1–2 times a month.

A duty window is a calendar month (commissioners) or quarter (leaders). A window is met when
the person attended at least one visit to the project in it — as its author or listed among
its participants (the visit form's 参加人员). Over a month, a leader's window is the quarter to
the month's end: it is owed only once that quarter is over. A window not yet over by `today`,
or that began before the assignment, is not owed. "Behind" is the number of owed windows
missed, per project and in total. A leader or commissioner with no assignment is listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import periods
from .store import supervision as store

if TYPE_CHECKING:
    from .store.supervision import Reader

DUTY_ZH = {"leader": "每季度走访1–2次", "commissioner": "每月走访1–2次"}


@dataclass
class Window:
    label: str  # 2026-11 or 2026-Q4
    first: dt.date
    last: dt.date
    visits: int = 0
    owed: bool = True  # False: not over yet, or before the assignment

    @property
    def met(self) -> bool:
        return self.visits > 0


@dataclass
class ProjectDuty:
    """One assignment's windows over the period. The window shapes are shared by every
    assignment of the same duty; only the counts and what is owed are its own."""

    project_id: str
    code: str
    name: str
    duty: str  # leader | commissioner
    shapes: tuple[_Template, ...]
    owed_flags: tuple[bool, ...]
    counts: list[int]

    @property
    def windows(self) -> list[Window]:
        return [
            Window(t.label, t.first, t.last, n, o)
            for t, n, o in zip(self.shapes, self.counts, self.owed_flags, strict=True)
        ]

    @property
    def visits(self) -> int:
        return sum(self.counts)

    @property
    def owed(self) -> int:
        return sum(self.owed_flags)

    @property
    def behind(self) -> int:
        return sum(o and not n for n, o in zip(self.counts, self.owed_flags, strict=True))

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "duty": self.duty,
            "visits": self.visits,
            "owed": self.owed,
            "behind": self.behind,
            "windows": [
                {"window": w.label, "visits": w.visits, "owed": w.owed, "met": w.met}
                for w in self.windows
            ],
        }


@dataclass
class PersonCompliance:
    person_id: str
    name: str
    role: str
    projects: list[ProjectDuty] = field(default_factory=list)

    @property
    def behind(self) -> int:
        return sum(p.behind for p in self.projects)

    @property
    def owed(self) -> int:
        return sum(p.owed for p in self.projects)

    def to_json(self) -> dict[str, Any]:
        return {
            "person": self.name,
            "person_id": self.person_id,
            "role": self.role,
            "duty": DUTY_ZH.get(self.role, ""),
            "no_assignments": not self.projects,
            "owed": self.owed,
            "behind": self.behind,
            "projects": [p.to_json() for p in self.projects],
        }


@dataclass
class Compliance:
    period: periods.Period
    people: list[PersonCompliance]

    @property
    def behind(self) -> list[PersonCompliance]:
        return sorted((p for p in self.people if p.behind), key=lambda p: -p.behind)

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period.label,
            "first": self.period.first.isoformat(),
            "last": self.period.last.isoformat(),
            "people": [p.to_json() for p in self.people],
            "behind": [{"person": p.name, "role": p.role, "behind": p.behind} for p in self.behind],
        }


def windows(duty: str, period: periods.Period) -> list[tuple[str, dt.date, dt.date]]:
    """The duty's windows over the period: its months, or the quarters it ends in / covers."""
    if duty == "commissioner":
        return [(p.label, p.first, p.last) for p in map(periods.parse, period.months)]
    quarters = {periods.quarter_of(periods.parse(m).first) for m in period.months}
    # A month's leader window runs from its quarter's start to the month's end.
    return sorted((q.label, q.first, min(q.last, period.last)) for q in quarters)


@dataclass(frozen=True)
class _Template:
    """A duty's window over the period, made once per computation (not per assignment)."""

    label: str
    first: dt.date
    last: dt.date
    whole: bool  # not a quarter cut at the month's end
    over: bool  # ended before today
    first_text: str  # first, ISO: compared with each assignment's since

    def owed(self, since: str | None) -> bool:
        return self.whole and self.over and (not since or since[:10] <= self.first_text)


def _templates(
    duty: str, period: periods.Period, today: dt.date
) -> tuple[tuple[_Template, ...], dict[str, int]]:
    """The duty's windows, and which window each month (YYYY-MM) falls in."""
    found, month_index = [], {}
    for n, (label, first, last) in enumerate(windows(duty, period)):
        whole_last = periods.parse(label).last  # the end of the month or the whole quarter
        found.append(
            _Template(label, first, last, last == whole_last, whole_last < today, first.isoformat())
        )
        for month in periods.Period(label, first, last).months:
            month_index[month] = n
    return tuple(found), month_index


def compute(
    db: Reader, period: periods.Period, today: dt.date, district_id: str | None = None
) -> Compliance:
    first = periods.quarter_of(period.first).first  # a leader's quarter may start earlier
    # Per duty: its window shapes, the window of each month, what is owed per `since` day.
    templates = {duty: (*_templates(duty, period, today), {}) for duty in DUTY_ZH}
    people: dict[str, PersonCompliance] = {}
    duties: dict[str, ProjectDuty] = {}
    for row in store.attendance(db, first, period.last, district_id):
        person = people.get(row["person_id"])
        if person is None:
            person = people[row["person_id"]] = PersonCompliance(
                row["person_id"], row["person_name"], row["person_role"] or ""
            )
        if row["assignment_id"] is None:
            continue
        duty = duties.get(row["assignment_id"])
        shapes, month_index, owed = templates[row["duty"]]
        if duty is None:
            since = row["since"]
            if since not in owed:
                owed[since] = tuple(t.owed(since) for t in shapes)
            duty = ProjectDuty(
                row["project_id"],
                row["project_code"] or "",
                row["project_name"] or "",
                row["duty"],
                shapes,
                owed[since],
                [0] * len(shapes),
            )
            duties[row["assignment_id"]] = duty
            person.projects.append(duty)
        n = month_index.get(row["month"]) if row["month"] else None
        if n is not None:
            duty.counts[n] += row["visits"]
    for person in people.values():
        person.projects.sort(key=lambda d: (d.code, d.project_id))
    ordered = sorted(people.values(), key=lambda p: (p.role, p.name, p.person_id))
    return Compliance(period, ordered)
