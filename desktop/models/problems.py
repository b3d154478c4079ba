"""The problem register's table: the ids that match the filters, rows fetched a page at a time
from the reader connection as the view scrolls to them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from forms import escalation, problems, workdays
from forms.store import problems as problem_store
from forms.store import settings as settings_store

from .. import display, i18n
from ..i18n import QT_TR_NOOP, tr
from .rows import LEFT, RIGHT, ColumnsModel, Index

if TYPE_CHECKING:
    from sqlite_utils import Database

PAGE = 200
LIGHT_COLOURS = {"green": "#2e9d4b", "yellow": "#d9a400", "red": "#d93025"}
OVERDUE_BACKGROUND = "#fde4e1"
DUE_WEEK_BACKGROUND = "#fff4cc"


SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # what a column sorts by (numbers, ISO dates)
LIGHT_RANK = {"red": 0, "yellow": 1, "green": 2}


@dataclass(frozen=True)
class ProblemColumn:
    key: str
    title: str
    width: int
    tip: str = ""  # the header's tooltip: what the column says and how it is counted


# 责任单位 and 时限 come early so that they stay in sight beside the detail panel at 1366 px;
# the long texts (description, project) come after them and elide.
COLUMNS = (
    ProblemColumn(
        "light",
        QT_TR_NOOP("亮灯"),
        36,
        QT_TR_NOOP("绿：时限内；黄：已用去时限的四分之三；红：已超期"),
    ),
    ProblemColumn(
        "number", QT_TR_NOOP("问题编号"), 96, QT_TR_NOOP("问题编号：Q + 年份 + 设备序号 + 顺序号")
    ),
    ProblemColumn("status", QT_TR_NOOP("状态"), 64),
    ProblemColumn("unit_name", QT_TR_NOOP("责任单位"), 130),
    ProblemColumn("deadline", QT_TR_NOOP("时限"), 100, QT_TR_NOOP("办结时限")),
    ProblemColumn(
        "overdue",
        QT_TR_NOOP("超期工作日"),
        92,
        QT_TR_NOOP("超过时限的工作日数（按国务院节假日安排，含调休）"),
    ),
    ProblemColumn("description", QT_TR_NOOP("问题描述"), 200),
    ProblemColumn("project_name", QT_TR_NOOP("项目"), 160),
    ProblemColumn("category", QT_TR_NOOP("类别"), 64),
    ProblemColumn("district_name", QT_TR_NOOP("区县"), 80),
    ProblemColumn("raised_on", QT_TR_NOOP("发现日期"), 100),
)


class ProblemModel(ColumnsModel):
    columns = COLUMNS

    def __init__(self, db: Database, today: Callable[[], dt.date], parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.ids: list[str] = []
        self.calendar = workdays.Calendar()
        self._rows: dict[str, dict[str, Any]] = {}

    def load(self, f: problem_store.ProblemFilter) -> None:
        ids = problem_store.problem_ids(self.db, f)
        # The office's entered holiday years (a synced setting) count with the published ones.
        self.calendar = workdays.Calendar.from_settings(
            settings_store.with_prefix(self.db, workdays.SCHEDULE_KEY)
        )
        self.beginResetModel()
        self.ids = ids
        self._rows = {}
        self.endResetModel()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            column = COLUMNS[section]
            return tr(column.tip or column.title) + tr("（点击列头排序）")
        return super().headerData(section, orientation, role)

    def problem(self, row: int) -> dict[str, Any] | None:
        if not 0 <= row < len(self.ids):
            return None
        problem_id = self.ids[row]
        if problem_id not in self._rows:
            start = row - row % PAGE
            page = self.ids[start : start + PAGE]
            self._rows.update({r["id"]: r for r in problem_store.problem_rows(self.db, page)})
        return self._rows.get(problem_id)

    def row_of(self, problem_id: str) -> int:
        try:
            return self.ids.index(problem_id)
        except ValueError:
            return -1

    def row_count(self) -> int:
        return len(self.ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(COLUMNS):
            return None
        row = self.problem(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()].key
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "light":
            colour = LIGHT_COLOURS.get(problems.light(row, self.today()) or "")
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._background(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key == "overdue":
                return int(RIGHT)
            return int(Qt.AlignmentFlag.AlignCenter if key == "light" else LEFT)
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        if role == SORT_ROLE:
            return self._sort_value(row, key)
        return None

    def _sort_value(self, row: dict[str, Any], key: str) -> Any:
        if key == "light":
            return LIGHT_RANK.get(problems.light(row, self.today()) or "", 3)
        if key == "overdue":
            return escalation.overdue_workdays(row, self.today(), self.calendar)
        if key in ("deadline", "raised_on"):
            return row[key] or "9999"  # no deadline sorts last
        return self._text(row, key)

    def _text(self, row: dict[str, Any], key: str) -> str:
        if key == "light":
            return "●" if problems.light(row, self.today()) else ""
        if key == "status":
            return i18n.code("problem_status", row["status"])
        if key == "category":
            return i18n.code("problem_category", row["category"])
        if key in ("deadline", "raised_on"):
            return display.date(row[key]) or ""
        if key == "overdue":
            days = escalation.overdue_workdays(row, self.today(), self.calendar)
            return str(days) if days else ""
        return row.get(key) or ""

    def _background(self, row: dict[str, Any]) -> str | None:
        today = self.today()
        if problems.is_overdue(row, today):
            return OVERDUE_BACKGROUND
        if due_this_week(row, today):
            return DUE_WEEK_BACKGROUND
        return None


def due_this_week(row: dict[str, Any], today: dt.date) -> bool:
    if row["status"] == "closed" or not row["deadline"]:
        return False
    return today.isoformat() <= row["deadline"] <= (today + dt.timedelta(days=7)).isoformat()
