"""Exporting the ledger to .xlsx in the shape the import reads back: a title row, a header row
with units, one row per project, money in 万元 as exact decimals, dates as Excel dates."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .. import codes
from ..errors import UserError
from ..workspace import Workspace
from . import columns as cols
from . import values
from .snapshot import Snapshot

TITLE = "重点项目台账"
WIDE = {
    "name": 36,
    "enterprise": 28,
    "location": 28,
    "progress_note": 30,
    "notes": 24,
    "responsible_units": 28,
}


def export(
    ws: Workspace,
    path: str | Path,
    *,
    title: str = TITLE,
    project_ids: list[str] | None = None,
    problem_ids: list[str] | None = None,
) -> int:
    """Write the projects to `path` (replaced atomically); returns the number of projects.

    All of them by code, or `project_ids` in their order (what a screen's filter shows); the
    问题清单 sheet has `problem_ids` in their order, else the problems of the projects written."""
    path = Path(path)
    snap = Snapshot.load(ws)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目台账"
    header = [_header(f) for f in cols.FIELD_NAMES]
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.cell(1, 1).font = Font(bold=True, size=16)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.append(header)
    if project_ids is None:
        ordered = sorted(
            snap.projects,
            key=lambda i: (
                snap.projects[i].get("code") or "",
                snap.projects[i].get("name") or "",
                i,
            ),
        )
    else:
        ordered = [i for i in dict.fromkeys(project_ids) if i in snap.projects]
    for project_id in ordered:
        sheet.append([_cell(f, v) for f, v in _row(snap, project_id)])
        _as_text(sheet[sheet.max_row])
    _style(sheet, header, len(ordered))
    _problems_sheet(ws, book, problem_ids, None if project_ids is None else set(ordered))
    _save(book, path)
    return len(ordered)


def export_problems(ws: Workspace, path: str | Path, problem_ids: list[str]) -> int:
    """The workbook of these problems (the register's filter, in its order) and their projects."""
    from ..store import problems as problem_store

    rows = problem_store.problem_rows(ws.db, problem_ids)
    projects = [r["project_id"] for r in rows]
    export(ws, path, project_ids=projects, problem_ids=[r["id"] for r in rows])
    return len(rows)


# Text Excel (or LibreOffice, or a CSV made from the sheet) would run as a formula: ledger text
# comes from many hands and the wire, so "=HYPERLINK(…)" or "=cmd|…" must stay text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cells: Any) -> None:
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            cell.data_type = "s"  # openpyxl took it for a formula; it is a string
            cell.quotePrefix = True  # and Excel keeps it one when the cell is edited


PROBLEM_HEADER = (
    ("number", "问题编号", 14),
    ("project_code", "项目编号", 14),
    ("project_name", "项目名称", 36),
    ("category", "问题类别", 12),
    ("description", "问题描述", 40),
    ("status", "状态", 10),
    ("unit_name", "责任单位", 24),
    ("raised_on", "发现日期", 12),
    ("deadline", "办理时限", 12),
)


def _problems_sheet(
    ws: Workspace, book: Any, problem_ids: list[str] | None, projects: set[str] | None
) -> None:
    """A second sheet, 问题清单, the problems by number (the import reads the first sheet)."""
    from ..store import problems as problem_store

    sheet = book.create_sheet("问题清单")
    sheet.append([label for _, label, _ in PROBLEM_HEADER])
    if problem_ids is None:
        problem_ids = problem_store.problem_ids(ws.db, problem_store.ProblemFilter())
    rows = problem_store.problem_rows(ws.db, problem_ids)
    if projects is not None:
        rows = [r for r in rows if r["project_id"] in projects]
    for row in rows:
        out = []
        for key, _, _ in PROBLEM_HEADER:
            value = row.get(key)
            if key in ("raised_on", "deadline") and value:
                value = dt.date.fromisoformat(value[:10])
            elif key == "category":
                value = codes.label("problem_category", value)
            elif key == "status":
                value = codes.label("problem_status", value)
            out.append(value)
        sheet.append(out)
    for i, (key, _, width) in enumerate(PROBLEM_HEADER, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.cell(1, i).font = Font(bold=True)
        if key in ("raised_on", "deadline"):
            for r in range(2, len(rows) + 2):
                sheet.cell(r, i).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"


def _header(field: str) -> str:
    label = cols.LABELS[field]
    return f"{label}（万元）" if field in cols.MONEY_FIELDS else label


def _row(snap: Snapshot, project_id: str) -> list[tuple[str, Any]]:
    view = snap.ledger_view(project_id)
    return [(f, view.get(f)) for f in cols.FIELD_NAMES]


def _cell(field: str, value: Any) -> Any:
    if value is None or value == []:
        return None
    if field in cols.MONEY_FIELDS:
        return values.yuan_to(value)
    if field in cols.DATE_FIELDS:
        return dt.date.fromisoformat(value)
    if field in cols.FLAG_FIELDS:
        return "是" if value else "否"
    if field == "stage":
        return codes.label("stage", value)
    if field == "industry_chain":
        return codes.label("industry_chain", value)
    if isinstance(value, list):
        return "、".join(value)
    return value


def _style(sheet: Any, header: list[str], count: int) -> None:
    for i, field in enumerate(cols.FIELD_NAMES, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = WIDE.get(field, 14)
        sheet.cell(2, i).font = Font(bold=True)
        if field in cols.DATE_FIELDS:
            for row in range(3, count + 3):
                sheet.cell(row, i).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "C3"


def _save(book: Any, path: Path) -> None:
    # Written beside the target and renamed over it: a failed export leaves no half file.
    try:
        fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=path.parent or ".")
        os.close(fd)
        try:
            book.save(tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as e:
        raise UserError(f"无法写入 {path} (cannot write): {e.strerror}") from e
