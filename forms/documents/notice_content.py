"""The words of a supervision notice (`NoticeContent`), shared by its PDF (notice.py) and its
.docx export (notice_docx.py): its own module, so that neither imports the other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import workdays
from . import zh_date


@dataclass
class NoticeContent:
    """Every word of the notice, filled from the record and the settings (with placeholders)."""

    organ: str
    number: str
    title: str
    addressee: str
    opening: str
    problems: list[dict[str, Any]]
    requirement: str
    contact: str
    signature: str
    date: str
    copy_to: str
    print_office: str
    print_date: str
    qr_payload: str
    notice: dict[str, Any]
    calendar: workdays.Calendar
    provisional_note: str = ""
    remarks: str = ""  # the paragraph the office added to the draft
    attachment: str = "问题清单"

    def problem_rows(self, today: dt.date) -> list[list[str]]:
        return [
            [
                str(n),
                p["problem_number"],
                p["project_name"] or "",
                p["description"] or "",
                zh_date(p["deadline"]),
                days_over(p, today, self.calendar),
            ]
            for n, p in enumerate(self.problems, 1)
        ]


SLIP_NUMBERS = 8  # problem numbers the reply slip lists before "等N项"
PROBLEM_HEADER = ("序号", "问题编号", "项目名称", "问题描述", "办理时限", "超期工作日")


def days_over(problem: dict[str, Any], today: dt.date, calendar: workdays.Calendar) -> str:
    if not problem.get("deadline") or problem.get("status") == "closed":
        return ""
    deadline = dt.date.fromisoformat(problem["deadline"][:10])
    days = calendar.between(deadline, today) if deadline < today else 0
    return str(days) if days > 0 else ""
