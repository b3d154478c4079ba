"""The Excel ledger (台账): import with a dry run, and export that imports back the same.

plan = ledger.dry_run(ws, "台账.xlsx", mapping={"E": "total_investment"})
for error in plan.errors: print(error.line())
ledger.apply(ws, plan)                      # one transaction; refuses rows in error
ledger.export(ws, "导出.xlsx")
"""

import datetime as dt
from pathlib import Path

from ..workspace import Workspace
from .apply import Result, apply
from .columns import FIELD_NAMES, IGNORE
from .export import export, export_problems
from .plan import Plan, RowPlan, dry_run, read_sheet
from .rows import RowError

__all__ = [
    "export_problems",
    "FIELD_NAMES",
    "IGNORE",
    "Plan",
    "Result",
    "RowError",
    "RowPlan",
    "apply",
    "dry_run",
    "export",
    "import_ledger",
    "read_sheet",
]


def import_ledger(
    ws: Workspace,
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    skip_bad_rows: bool = False,
    author_id: str | None = None,
    today: dt.date | None = None,
) -> tuple[Plan, Result]:
    """Dry run then apply, reading the file once."""
    plan = dry_run(ws, path, sheet=sheet, mapping=mapping)
    return plan, apply(ws, plan, skip_bad_rows=skip_bad_rows, author_id=author_id, today=today)
