"""A small hand-built ledger whose board figures are worked out by hand in the tests.

As of D = 2026-11-23. Two districts (东区, 西区); eight projects P1–P8 with milestone dates
chosen to hit every case of the rates (reached, reached after D, missing with a later date =
unknown, missing plan figures); leaders L1 (东区, three stages), L2 (西区, no assignment), L3
(all four stages); commissioners C1 and C2; visits in 2026-Q3 with participants; monthly
reports for 2026-11.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from forms import monthly_reports
from forms.workspace import Workspace

D = dt.date(2026, 11, 23)
YI = 100_000_000  # 1亿元 in yuan

PROJECTS = {
    # code: (district, stage, fields)
    "P1": ("东区", "build", {
        "signed_actual": "2026-01-10", "filed_actual": "2026-02-01",
        "started_plan": "2026-03-01", "started_actual": "2026-03-01",
        "year_plan_investment": YI, "year_completed_investment": 60_000_000, "city_key": 1}),
    "P2": ("东区", "attract", {"signed_actual": "2026-05-01", "started_plan": "2026-12-01"}),
    "P3": ("西区", "build", {
        "started_plan": "2026-05-01", "started_actual": "2026-06-01",
        "year_plan_investment": 50_000_000, "year_completed_investment": 10_000_000}),
    "P4": ("西区", "produce", {
        "signed_actual": "2024-01-01", "filed_actual": "2024-02-01",
        "started_plan": "2024-03-01", "started_actual": "2024-03-01",
        "completed_actual": "2025-10-01", "production_actual": "2026-01-15"}),
    "P5": ("东区", "upgrade", {
        "signed_actual": "2025-01-01", "filed_actual": "2025-02-01",
        "started_actual": "2025-03-01", "completed_actual": "2026-12-01",
        "year_plan_investment": 20_000_000, "year_completed_investment": 20_000_000}),
    "P6": ("东区", "attract", {"signed_actual": "2026-07-01"}),
    "P7": ("西区", "reserve", {}),
    "P8": ("东区", "attract", {"signed_actual": "2026-10-01", "filed_actual": "2026-12-10"}),
}  # fmt: skip
# Stage history: every project entered its stage on 2025-01-01, except P6 (reserve from
# 2025-06-01, attract from 2026-07-01) and P7 (reserve from 2025-03-01).
STAGES = {
    "P6": [("reserve", "2025-06-01"), ("attract", "2026-07-01")],
    "P7": [("reserve", "2025-03-01")],
}
PEOPLE = {
    "L1": ("leader", "东区"),
    "L2": ("leader", "西区"),
    "L3": ("leader", "西区"),
    "C1": ("commissioner", "东区"),
    "C2": ("commissioner", "西区"),
    "O": ("office", None),
}
ASSIGNMENTS = [
    ("L1", "P1", "leader"), ("L1", "P2", "leader"), ("L1", "P5", "leader"),
    ("L3", "P3", "leader"), ("L3", "P4", "leader"), ("L3", "P5", "leader"), ("L3", "P6", "leader"),
    ("C1", "P1", "commissioner"), ("C1", "P2", "commissioner"), ("C1", "P3", "commissioner"),
    ("C2", "P4", "commissioner"), ("C2", "P8", "commissioner"),
]  # fmt: skip
SINCE = {("C2", "P8"): "2026-08-15"}  # the rest since 2026-01-01
VISITS = [
    # author, project, when, participants
    ("C1", "P1", "2026-07-05T09:00", ["C1", "L1"]),
    ("L3", "P3", "2026-08-10T10:00", ["C1"]),
    ("C1", "P1", "2026-09-02T09:00", []),
    ("C2", "P4", "2026-07-20T09:00", []),
    ("C2", "P4", "2026-08-20T09:00", []),
    ("C2", "P4", "2026-09-20T09:00", []),
    ("O", "P2", "2026-07-15T14:00", ["C1"]),
    ("C1", "P1", "2026-06-30T18:00", []),  # the day before the quarter: not counted in Q3
]


@dataclass
class Board:
    ws: Workspace
    ids: dict[str, str] = field(default_factory=dict)  # P1 / L1 / 东区 -> id

    def code_of(self, project_id: str) -> str:
        return next(k for k, v in self.ids.items() if v == project_id)


def build(ws: Workspace, *, reports: bool = True) -> Board:
    board = Board(ws)
    n = iter(range(1, 1000))

    def new(key: str) -> str:
        board.ids[key] = f"00000000-0000-7000-8000-{next(n):012d}"
        return board.ids[key]

    with ws.transaction():
        for name in ("东区", "西区"):
            ws.record("unit", new(name), {"name": name, "kind": "district"})
        for key, (role, district) in PEOPLE.items():
            unit = board.ids.get(district) if district else None
            ws.record("person", new(key), {"name": key, "role": role, "unit_id": unit})
        for code, (district, stage, fields) in PROJECTS.items():
            pid = new(code)
            ws.record(
                "project",
                pid,
                {"code": code, "name": f"项目{code}", "district_id": board.ids[district],
                 "stage": stage, "industry_chain": "new_materials" if code in ("P1", "P4")
                 else "equipment", **fields},
            )  # fmt: skip
            for stage_at, day in STAGES.get(code, [(stage, "2025-01-01")]):
                ws.record(
                    "stage_change",
                    new(f"s{code}{day}"),
                    {"project_id": pid, "stage": stage_at, "changed_on": day},
                )
        for person, project, role in ASSIGNMENTS:
            ws.record(
                "assignment",
                new(f"a{person}{project}"),
                {"person_id": board.ids[person], "project_id": board.ids[project], "role": role,
                 "since": SINCE.get((person, project), "2026-01-01"), "active": 1},
            )  # fmt: skip
        for i, (author, project, when, participants) in enumerate(VISITS):
            values = {
                "project_id": board.ids[project],
                "visited_at": when,
                "kind": "routine",
                "participants": [board.ids[p] for p in participants],
                "progress_text": "施工中",
            }
            ws.record(
                "visit",
                new(f"v{i}"),
                {"project_id": board.ids[project], "visited_at": when, "kind": "routine",
                 "progress_text": "施工中", "form_id": "visit", "form_version": 1,
                 "data": json.dumps(values, ensure_ascii=False)},
                author_id=board.ids[author],
            )  # fmt: skip
    if reports:
        file_reports(board)
    return board


def file_reports(board: Board) -> None:
    """2026-11: P1 on time (15th, corrected on the 25th), P2 late (22nd)."""
    for project, day, month_amount, to_date in (
        ("P1", "2026-11-15T10:00", 5_000_000, 65_000_000),
        ("P2", "2026-11-22T10:00", 1_000_000, 1_000_000),
        ("P1", "2026-11-25T10:00", 6_000_000, 66_000_000),
    ):
        monthly_reports.record(
            board.ws,
            {
                "project_id": board.ids[project],
                "month": "2026-11",
                "reported_at": day,
                "investment_month": month_amount,
                "investment_to_date": to_date,
                "progress_text": "主体施工",
            },
            author_id=board.ids["C1"],
        )


def with_overdue_problems(ws: Workspace) -> Board:
    """The board with three problems of 东区 past their deadlines on D (qP1, qP4, qP7): the
    escalation ladder's fixture."""
    from forms import problems

    found = build(ws)
    for code, deadline in (("P1", "2026-11-10"), ("P4", "2026-11-20"), ("P7", "2026-10-09")):
        found.ids[f"q{code}"] = problems.register(
            ws,
            found.ids[code],
            {"category": "land", "description": f"{code} 用地", "raised_on": "2026-09-01",
             "unit_id": found.ids["东区"], "deadline": deadline},
            author_id=found.ids["O"],
        )  # fmt: skip
    return found
