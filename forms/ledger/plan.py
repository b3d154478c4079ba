"""The dry run: what importing a sheet would do, and every row-level error, writing nothing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..store import ledger as store
from ..workspace import Workspace
from . import aliases as unit_aliases
from . import calamine_reader, reader, rows, values
from .columns import Column
from .rows import RowError, SheetRow
from .snapshot import Snapshot


@dataclass
class RowPlan:
    row: int
    action: str  # create | update | unchanged
    project_id: str | None
    fields: dict[str, Any]  # everything the row says, in ledger terms
    changed: list[str]  # for an update: the ledger fields that differ


@dataclass
class Plan:
    sheet: str
    columns: list[Column]
    rows: list[SheetRow]  # good rows, in sheet order
    sheet_errors: list[RowError] = field(default_factory=list)
    match_errors: list[RowError] = field(default_factory=list)  # found against the workspace
    actions: list[RowPlan] = field(default_factory=list)
    year: int = field(default_factory=lambda: dt.date.today().year)  # of generated codes
    aliases: dict[str, str] = field(default_factory=dict)  # sheet name -> known unit name
    new_aliases: dict[str, str] = field(default_factory=dict)  # confirmed now: name -> unit id
    suggested: dict[str, str] = field(default_factory=dict)  # unconfirmed: name -> known name
    generated_codes: dict[int, str] = field(default_factory=dict)  # row -> code made for it
    # What the dry run compared against, kept for `apply` while the journal has not moved
    # (the workspace's file and its journal mark): apply then neither reads nor compares again.
    _compared: tuple[str, int, Snapshot] | None = field(default=None, repr=False, compare=False)

    def keep_snapshot(self, ws: Workspace, snapshot: Snapshot) -> None:
        self._compared = (str(ws.path), store.journal_mark(ws.conn), snapshot)

    def take_snapshot(self, ws: Workspace) -> Snapshot | None:
        """The dry run's snapshot if nothing was recorded in `ws` since; taken once (the
        writer adds to it, and an apply that fails must not leave it behind for a retry)."""
        kept, self._compared = self._compared, None
        if kept is None or kept[:2] != (str(ws.path), store.journal_mark(ws.conn)):
            return None
        return kept[2]

    @property
    def errors(self) -> list[RowError]:
        return sorted(self.sheet_errors + self.match_errors, key=lambda e: e.row)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def count(self, action: str) -> int:
        return sum(1 for a in self.actions if a.action == action)

    @property
    def unmapped(self) -> list[str]:
        return [c.label for c in self.columns if c.field is None]

    def summary(self) -> str:
        return (
            f"新建 {self.count('create')} 个项目，更新 {self.count('update')} 个，"
            f"不变 {self.count('unchanged')} 个；有错误的行 {len(self.bad_rows)} 行"
            f" (create {self.count('create')}, update {self.count('update')},"
            f" unchanged {self.count('unchanged')}, rows in error {len(self.bad_rows)})"
        )


def read_sheet(
    path: str | Path, *, sheet: str | None = None, mapping: dict[str, str] | None = None
) -> Plan:
    """Read and check every row of the ledger sheet; no workspace needed."""
    overrides = reader.normalise_overrides(mapping)
    book = calamine_reader.open_workbook(path)  # .xlsx and .xls, faster than openpyxl
    try:
        table = reader.find_table(book, sheet, overrides)
        plan = Plan(table.sheet, table.columns, [])
        read = _read_rows(table, plan)
    except UserError:
        raise
    except Exception as e:  # a damaged part deep in the file shows only while streaming it
        raise reader.damaged(Path(path)) from e
    finally:
        book.close()
    _check_duplicates(plan, read)
    return plan


def _read_rows(table: reader.Table, plan: Plan) -> list[SheetRow]:
    """Every data row read; the good ones go to `plan.rows`, the errors to the plan."""
    mapped = rows.readers(table.columns, table.default_unit)
    name_index = next(c.index for c in table.columns if c.field == "name")
    section_stage: str | None = None
    out: list[SheetRow] = []
    for number, raw in enumerate(table.rows, start=table.first_data_row):
        kind = rows.kind(raw, name_index)
        if kind == "section":
            heading = next(v for v in raw if not values.blank(v))
            section_stage = values.stage_in(str(heading)) or section_stage
            continue
        if kind != "data":
            continue
        read = rows.read(number, raw, mapped, section_stage)
        out.append(read)
        if read.errors:
            plan.sheet_errors.extend(read.errors)
        else:
            plan.rows.append(read)
    return out


def _check_duplicates(plan: Plan, read: list[SheetRow]) -> None:
    """Two rows for one project (a repeated code, or a repeated name + enterprise without a
    code) are both in error, even if one has other errors: the sheet does not say which one
    is right."""
    groups: dict[tuple, list[SheetRow]] = {}
    for row in read:
        f = row.fields
        if not f.get("code") and not f.get("name"):
            continue
        key = ("code", f["code"]) if f.get("code") else ("name", f["name"], f.get("enterprise"))
        groups.setdefault(key, []).append(row)
    label = {c.field: c.label for c in reversed(plan.columns)}
    bad: set[int] = set()
    for key, group in groups.items():
        if len(group) < 2:
            continue
        zh = "、".join(str(r.row) for r in group)
        en = ", ".join(str(r.row) for r in group)
        for row in group:
            bad.add(row.row)
            if key[0] == "code":
                plan.sheet_errors.append(
                    RowError(
                        row.row,
                        label["code"],
                        key[1],
                        f"项目编号重复（第{zh}行）",
                        f"duplicate project code (rows {en})",
                    )
                )
            else:
                plan.sheet_errors.append(
                    RowError(
                        row.row,
                        label["name"],
                        key[1],
                        f"项目名称和建设单位重复（第{zh}行）",
                        f"duplicate name and enterprise (rows {en})",
                    )
                )
    plan.rows = [r for r in plan.rows if r.row not in bad]


def compare(snapshot: Snapshot, plan: Plan) -> None:
    """Fill `plan.actions`: each good row matched to a project and compared field by field."""
    plan.actions, plan.match_errors, plan.generated_codes = [], [], {}
    claimed: dict[str, int] = {}
    next_code = _codes(snapshot, plan.year)
    for row in plan.rows:
        project_id = snapshot.match(row.fields)
        if project_id is None:
            fields = row.fields
            if not fields.get("code"):
                # Every project has a human number (DESIGN §6): one without a code gets the
                # next ZD-year-NNNN; a later sheet with the real code updates it (matched by
                # name and enterprise).
                fields = {**fields, "code": next(next_code)}
                plan.generated_codes[row.row] = fields["code"]
            plan.actions.append(RowPlan(row.row, "create", None, fields, sorted(fields)))
            continue
        first = claimed.setdefault(project_id, row.row)
        if first != row.row:
            plan.match_errors.append(
                RowError(
                    row.row,
                    "项目名称",
                    row.fields["name"],
                    f"与第{first}行是同一个项目",
                    f"same project as row {first}",
                )
            )
            continue
        changed = _changed(snapshot.ledger_view(project_id), row.fields)
        action = "update" if changed else "unchanged"
        plan.actions.append(RowPlan(row.row, action, project_id, row.fields, changed))
    drop = set(plan.bad_rows)
    plan.actions = [a for a in plan.actions if a.row not in drop]


GENERATED_CODE = "ZD-{year}-{n:04d}"


def _codes(snapshot: Snapshot, year: int):
    """Codes not yet used: ZD-2026-0001, ZD-2026-0002 … after the highest one stored."""
    pattern = re.compile(rf"^ZD-{year}-(\d+)$")
    used = [int(m.group(1)) for code in snapshot.by_code if (m := pattern.match(code))]
    n = max(used, default=0)
    while True:
        n += 1
        yield GENERATED_CODE.format(year=year, n=n)


def resolve_aliases(
    ws: Workspace, snapshot: Snapshot, plan: Plan, given: dict[str, str] | None
) -> None:
    """Rename the units the sheet calls by a confirmed alias (stored, or `given` now as
    {alias: known name}); suggest the likely unit for the names still unknown."""
    names = {
        alias: snapshot.unit_names[uid]
        for alias, uid in unit_aliases.confirmed(ws).items()
        if uid in snapshot.unit_names and alias not in snapshot.unit_ids
    }
    plan.new_aliases = {}
    for alias, name in (given or {}).items():
        if name not in snapshot.unit_ids:
            raise UserError(f"别名指向的单位“{name}”不存在 (no unit called {name})")
        if names.get(alias) != name:
            plan.new_aliases[alias] = snapshot.unit_ids[name]
        names[alias] = name
    in_sheet: set[str] = set()
    for row in plan.rows:
        in_sheet |= unit_aliases.unit_names_in(row.fields)
        row.fields = unit_aliases.rename(row.fields, names)
    plan.aliases = {a: n for a, n in names.items() if a in in_sheet}
    unknown = {n for n in in_sheet if n not in snapshot.unit_ids and n not in names}
    plan.suggested = unit_aliases.suggest(unknown, snapshot.unit_ids)


def _changed(current: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    # A blank cell leaves the stored value as it is: a sheet that lacks a figure never wipes it.
    out = []
    for name, value in wanted.items():
        stored = current.get(name)
        if name in ("leaders", "commissioners"):
            if sorted({values.person(e)[0] for e in value}) != sorted(stored or []):
                out.append(name)
        elif isinstance(value, list):
            if sorted(value) != sorted(stored or []):
                out.append(name)
        elif value != stored:
            out.append(name)
    return sorted(out)


def dry_run(
    ws: Workspace,
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    aliases: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> Plan:
    """The plan of importing `path` into `ws`: counts to create/update/unchanged and errors.
    `aliases` ({name in the sheet: known unit name}) are confirmed by this import."""
    plan = read_sheet(path, sheet=sheet, mapping=mapping)
    if today is not None:
        plan.year = today.year
    snapshot = Snapshot.load(ws)
    resolve_aliases(ws, snapshot, plan, aliases)
    compare(snapshot, plan)
    plan.keep_snapshot(ws, snapshot)
    return plan
