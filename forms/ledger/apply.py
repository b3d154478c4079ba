"""Writing a checked plan: one transaction through forms.projects and forms.units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import people, projects, roles, units
from ..errors import UserError
from ..ids import new_id
from ..workspace import Workspace
from . import aliases, values
from .plan import Plan, RowPlan, compare
from .snapshot import ROLE_OF, Snapshot

PARK_WORDS = ("园区", "开发区", "高新区", "产业园", "新区", "工业园")
# Ledger fields stored on the project as they are read.
DIRECT = frozenset(
    (
        "code",
        "name",
        "enterprise",
        "park",
        "industry_chain",
        "stage",
        "total_investment",
        "year_plan_investment",
        "year_completed_investment",
        "cumulative_investment",
        *projects.DATE_FIELDS,
        "location",
        "longitude",
        "latitude",
        "province_key",
        "city_key",
        "progress_note",
        "notes",
    )
)


@dataclass
class Result:
    created: int
    updated: int
    unchanged: int
    skipped_rows: list[int]


def apply(
    ws: Workspace,
    plan: Plan,
    *,
    skip_bad_rows: bool = False,
    author_id: str | None = None,
    today: dt.date | None = None,
) -> Result:
    """Write the plan in one transaction; refuses (writing nothing) if a row is in error,
    unless `skip_bad_rows`, which writes the good rows only."""
    roles.check_ledger(ws.conn, author_id)
    _refuse_errors(plan, skip_bad_rows)
    on = (today or dt.date.today()).isoformat()
    # One transaction, its records applied together at the end (Workspace.batch): the writer
    # never reads back what it wrote, it keeps its own dicts of units, people and links.
    with ws.batch():
        snapshot = plan.take_snapshot(ws)
        if snapshot is None:  # something was recorded since the dry run: compare again
            snapshot = Snapshot.load(ws)
            compare(snapshot, plan)  # against the workspace as it is now, in the transaction
            _refuse_errors(plan, skip_bad_rows)
        aliases.record(ws, plan.new_aliases, author_id=author_id)
        writer = _Writer(ws, snapshot, author_id, on)
        for action in plan.actions:
            if action.action == "create":
                writer.create(action)
            elif action.action == "update":
                writer.update(action)
    return Result(
        plan.count("create"), plan.count("update"), plan.count("unchanged"), plan.bad_rows
    )


def _refuse_errors(plan: Plan, skip_bad_rows: bool) -> None:
    if plan.errors and not skip_bad_rows:
        raise UserError(
            f"{len(plan.bad_rows)} 行有错误，未写入任何内容；改正后重新导入，"
            "或用 --skip-bad-rows 只导入正确的行"
            f" ({len(plan.bad_rows)} rows in error, nothing written)"
        )


class _Writer:
    def __init__(self, ws: Workspace, snapshot: Snapshot, author_id: str | None, on: str) -> None:
        self.ws, self.snap, self.author_id, self.on = ws, snapshot, author_id, on

    # The ledger rule was checked once for the whole import, and the plan says what differs:
    # projects.record writes without a check or a read per row.
    def create(self, action: RowPlan) -> None:
        fields = self._project_fields(action.fields, action.fields.keys())
        project_id = new_id()
        projects.record(self.ws, project_id, fields, author_id=self.author_id, on=self.on)
        self._people(project_id, action.fields, action.fields.keys())

    def update(self, action: RowPlan) -> None:
        assert action.project_id is not None
        fields = self._project_fields(action.fields, action.changed)
        if fields:
            projects.record(
                self.ws, action.project_id, fields, author_id=self.author_id, on=self.on
            )
        self._people(action.project_id, action.fields, action.changed)

    def _project_fields(self, ledger: dict[str, Any], names: Any) -> dict[str, Any]:
        out = {name: ledger[name] for name in names if name in DIRECT}
        if "district" in names:
            district = ledger["district"]
            kind = "park" if district.endswith(PARK_WORDS) else "district"
            out["district_id"] = self.unit(district, kind)
        if "park" in names:
            self.unit(ledger["park"], "park")
        if "lead_unit" in names:
            out["lead_unit_id"] = self.unit(ledger["lead_unit"], "department")
        if "responsible_units" in names:
            out["responsible_units"] = [
                self.unit(n, "department") for n in ledger["responsible_units"]
            ]
        return out

    def unit(self, name: str, kind: str) -> str:
        unit_id = self.snap.unit_ids.get(name)
        if unit_id is None:
            unit_id = units.ensure_unit(self.ws, name, kind, author_id=self.author_id)
            self.snap.unit_ids[name] = unit_id
            self.snap.unit_names[unit_id] = name
        return unit_id

    def person(self, entry: str, role: str) -> str:
        name, title = values.person(entry)
        person_id = self.snap.person_ids.get(name)
        if person_id is None:
            extra = {"title": title} if title else {}
            person_id = people.ensure_person(self.ws, name, role, author_id=self.author_id, **extra)
            self.snap.person_ids[name] = person_id
            self.snap.person_names[person_id] = name
        return person_id

    def _assign(self, person_id: str, project_id: str, role: str) -> str:
        # What people.assign records, without its query for an existing link: the snapshot
        # already says there is none (and inside the batch the query could not see new ones).
        assignment_id = new_id()
        self.ws.record(
            "assignment",
            assignment_id,
            {
                "person_id": person_id,
                "project_id": project_id,
                "role": role,
                "since": self.on,
                "active": 1,
            },
            author_id=self.author_id,
        )
        return assignment_id

    def _people(self, project_id: str, ledger: dict[str, Any], names: Any) -> None:
        """Leaders and commissioners named in the sheet are assigned; those of the same role
        no longer named lose their active link (kept in history)."""
        for column, role in ROLE_OF.items():
            if column not in names:
                continue
            wanted = {self.person(entry, role) for entry in ledger[column]}
            current = self.snap.assigned.setdefault((project_id, role), {})
            for person_id in sorted(wanted - current.keys()):
                current[person_id] = self._assign(person_id, project_id, role)
            for person_id in sorted(current.keys() - wanted):
                self.ws.record(
                    "assignment", current.pop(person_id), {"active": 0}, author_id=self.author_id
                )
