"""Monthly progress reports (月报, "每月20日前…报送", 002_d23a99ef1920ac99.txt): a report per
project and month that the responsible commissioner fills in, offline like a visit; the office
sees which projects have not reported by the due day and builds the monthly PDF from them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import periods, workdays
from .errors import UserError
from .ids import new_id
from .store import supervision as store

if TYPE_CHECKING:
    from . import form_definitions
    from .store.supervision import Reader
    from .workspace import Workspace

FORM_ID = "monthly_report"
DUE_DAY = 20


def due_date(month: str, calendar: workdays.Calendar | None = None) -> dt.date:
    """The day a month's report is due: "每月20日前" read as the last WORKING day on or before
    the 20th (the 20th itself when it is one; a Sunday 20th is due on Friday the 18th, a 20th
    inside the Spring Festival on the last working day before the holiday, a 调休 Sunday is
    a working day). Everything else asks here; pass the workspace's calendar
    (`workdays.for_reader(db)`) so the office's entered years count."""
    calendar = calendar or workdays.Calendar()
    return calendar.on_or_before(periods.parse_month(month).first.replace(day=DUE_DAY))


def due_date_in(db: Reader, month: str) -> dt.date:
    """`due_date` on the workspace's calendar (with the office's entered years)."""
    return due_date(month, workdays.for_reader(db))


def check(ws: Workspace, values: dict[str, Any]) -> list[form_definitions.FieldError]:
    from . import form_definitions  # only to record: the board's figures never need the form code
    from .visits import lookups

    errors = form_definitions.validate(form_definitions.latest(FORM_ID), values, lookups(ws))
    month = values.get("month")
    if isinstance(month, str) and month:
        try:
            periods.parse_month(month)
        except UserError:
            errors.append(
                form_definitions.FieldError(
                    "month", "报送月份应写作 2026-11", "the month is written 2026-11"
                )
            )
    return errors


def record(ws: Workspace, values: dict[str, Any], *, author_id: str | None) -> str:
    """Validate and record one monthly report (append-only; a later one corrects it)."""
    from . import form_definitions
    from .visits import InvalidForm

    errors = check(ws, values)
    if errors:
        raise InvalidForm(errors)
    definition = form_definitions.latest(FORM_ID)
    report_id = new_id()
    month = periods.parse_month(values["month"]).label
    ws.record(
        "monthly_report",
        report_id,
        {
            "project_id": values["project_id"],
            "month": month,
            "reported_at": values["reported_at"],
            "investment_month": values.get("investment_month"),
            "investment_to_date": values.get("investment_to_date"),
            "progress_text": values.get("progress_text"),
            "problems_text": values.get("problems_text"),
            "form_id": definition.id,
            "form_version": definition.version,
            "data": json.dumps({**values, "month": month}, ensure_ascii=False, sort_keys=True),
        },
        author_id=author_id,
    )
    return report_id


@dataclass
class ProjectStatus:
    row: dict[str, Any]
    due: dt.date

    @property
    def reported(self) -> bool:
        return self.row["first_reported_at"] is not None

    @property
    def on_time(self) -> bool:
        return self.reported and self.row["first_reported_at"][:10] <= self.due.isoformat()

    def state(self, today: dt.date) -> str:
        """on_time | late | missing (past the due day) | pending (not yet due)."""
        if self.reported:
            return "on_time" if self.on_time else "late"
        return "missing" if today > self.due else "pending"

    def to_json(self, today: dt.date) -> dict[str, Any]:
        r = self.row
        return {
            "code": r["code"],
            "name": r["name"],
            "district": r["district_name"],
            "commissioners": r["commissioners"].split("、") if r["commissioners"] else [],
            "state": self.state(today),
            "reported_at": r["first_reported_at"],
            "investment_month": r["investment_month"],
            "investment_to_date": r["investment_to_date"],
        }


@dataclass
class MonthlyStatus:
    month: str
    due: dt.date
    today: dt.date
    projects: list[ProjectStatus]
    warning: str | None = None  # the due day was counted Monday–Friday (no official schedule)

    def of(self, *states: str) -> list[ProjectStatus]:
        return [p for p in self.projects if p.state(self.today) in states]

    def to_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "due": self.due.isoformat(),
            "reported": len(self.of("on_time", "late")),
            "on_time": len(self.of("on_time")),
            "late": len(self.of("late")),
            "missing": [p.row["code"] for p in self.of("missing")],
            "pending": [p.row["code"] for p in self.of("pending")],
            "projects": [p.to_json(self.today) for p in self.projects],
        }


def status(db: Reader, month: str, today: dt.date, district_id: str | None = None) -> MonthlyStatus:
    label = periods.parse_month(month).label
    calendar = workdays.for_reader(db)
    due = due_date(label, calendar)
    rows = store.monthly_status(db, label, district_id)
    projects = [ProjectStatus(r, due) for r in rows]
    return MonthlyStatus(label, due, today, projects, calendar.warning())
