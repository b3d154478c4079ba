"""Working days (工作日) on China's official calendar, with its 调休 make-up days.

The State Council publishes each year's holiday schedule in the November or December before;
`chinese-calendar` carries every published year (its data ends with the latest, 2026 now).
For a year it has no data for, the office may enter that year's schedule as a synced setting
(`workday_schedule:YEAR`, see `set_schedule`); until then such a year counts Monday–Friday,
and every answer that touched it says so (`Calendar.uncovered`), so the UI and the command
line can tell the user the count is provisional.

"Add N working days" counts days *after* the start (the start itself never counts): a notice
issued on Monday with 5 working days to reply is due the next Monday.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from .errors import UserError

SCHEDULE_KEY = "workday_schedule:"
MAX_SPAN = 3660  # days one count may walk: ten years, far beyond any deadline


class NoCalendarData(UserError):
    """A year neither the package nor the office's settings have a schedule for."""


@dataclass(frozen=True)
class Schedule:
    """One year's official exceptions: holidays on weekdays, make-up working days on weekends."""

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str  # "chinese-calendar" | "office"


def _package_schedule(year: int) -> Schedule | None:
    import chinese_calendar.constants as data

    holidays = frozenset(d for d in data.holidays if d.year == year)
    workdays = frozenset(d for d in data.workdays if d.year == year)
    if not holidays:
        return None
    return Schedule(year, holidays, workdays, "chinese-calendar")


def package_years() -> range:
    """The years `chinese-calendar` has published data for."""
    import chinese_calendar.constants as data

    years = {d.year for d in data.holidays}
    return range(min(years), max(years) + 1)


@dataclass
class Calendar:
    """Answers 'is this a working day' for any date; remembers the years it had to guess."""

    office: dict[int, Schedule] = field(default_factory=dict)
    uncovered: set[int] = field(default_factory=set)
    _cache: dict[int, Schedule | None] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Calendar:
        """The calendar with the office's entered years (settings as `read_settings` gives)."""
        office = {}
        for key, value in settings.items():
            if key.startswith(SCHEDULE_KEY):
                try:
                    schedule = parse_schedule(int(key[len(SCHEDULE_KEY) :]), value)
                except (ValueError, UserError):
                    continue  # a damaged setting counts as no data: the year shows as uncovered
                office[schedule.year] = schedule
        return cls(office)

    def schedule(self, year: int) -> Schedule | None:
        if year not in self._cache:
            # The published schedule wins over an entry the office made before it came out.
            self._cache[year] = _package_schedule(year) or self.office.get(year)
        return self._cache[year]

    def covers(self, year: int) -> bool:
        return self.schedule(year) is not None

    def is_workday(self, day: dt.date) -> bool:
        schedule = self.schedule(day.year)
        if schedule is None:
            self.uncovered.add(day.year)
            return day.weekday() < 5
        if day in schedule.holidays:
            return False
        if day in schedule.workdays:
            return True
        return day.weekday() < 5

    def add(self, start: dt.date, n: int) -> dt.date:
        """The date `n` working days after `start` (n ≥ 0; 0 is `start` itself)."""
        if n < 0:
            raise UserError("工作日数不能为负 / the number of working days cannot be negative")
        day = start
        for _ in range(MAX_SPAN):
            if n == 0:
                return day
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        raise UserError(f"{n} 个工作日超出可计算的范围 / too many working days")

    def on_or_before(self, day: dt.date) -> dt.date:
        """The last working day on or before `day` (`day` itself when it is one)."""
        for _ in range(MAX_SPAN):
            if self.is_workday(day):
                return day
            day -= dt.timedelta(days=1)
        raise UserError(f"{day} 之前找不到工作日 / no working day before {day}")

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative when end < start).

        Arithmetic, not a walk: Monday–Friday in the span, less the official holidays on
        weekdays, plus the make-up working days on weekends (a register of thousands of
        overdue problems asks this for each, on every refresh)."""
        if end < start:
            return -self.between(end, start)
        if (end - start).days > MAX_SPAN:
            raise UserError("日期相隔太远，无法计算工作日 / the dates are too far apart")
        count = _weekdays_after(start, end)
        for year in range(start.year, end.year + 1):
            schedule = self.schedule(year)
            if schedule is None:
                self.uncovered.add(year)
                continue
            count -= sum(1 for d in schedule.holidays if start < d <= end and d.weekday() < 5)
            count += sum(1 for d in schedule.workdays if start < d <= end and d.weekday() >= 5)
        return count

    def warning(self) -> str | None:
        """The sentence to show when a count touched a year without an official schedule."""
        if not self.uncovered:
            return None
        years = "、".join(str(y) for y in sorted(self.uncovered))
        return (
            f"{years} 年的法定节假日安排尚无数据，暂按周一至周五计算工作日；"
            f"请在“设置”中录入该年安排（siteledger workdays set）。"
            f" / no official holiday schedule for {years} yet: counting Monday–Friday"
        )


def _weekdays_after(start: dt.date, end: dt.date) -> int:
    """Monday–Friday days in (start, end]."""
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = start.weekday()
    for n in range(1, rest + 1):
        count += (weekday + n) % 7 < 5
    return count


def parse_schedule(year: int, value: Any) -> Schedule:
    """An office-entered schedule: {"holidays": [ISO dates], "workdays": [ISO dates]}."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise UserError(f"{year} 年的节假日安排不是有效的 JSON") from None
    if not isinstance(value, dict):
        raise UserError(f"{year} 年的节假日安排应含 holidays 与 workdays")
    holidays = _dates(year, value.get("holidays") or [], "holidays")
    workdays = _dates(year, value.get("workdays") or [], "workdays")
    if not holidays:
        raise UserError(
            f"{year} 年的节假日安排没有任何假日，未保存 / the schedule for {year} lists no holidays"
        )
    both = holidays & workdays
    if both:
        day = min(both).isoformat()
        raise UserError(f"{day} 不能既是假日又是调休上班日 / {day} is both a holiday and a workday")
    return Schedule(year, holidays, workdays, "office")


def _dates(year: int, values: list[Any], what: str) -> frozenset[dt.date]:
    out = set()
    for v in values:
        try:
            day = dt.date.fromisoformat(str(v))
        except ValueError:
            raise UserError(f"“{v}”不是有效的日期（{what}）/ not a date: {v}") from None
        if day.year != year:
            raise UserError(f"{day} 不在 {year} 年内 / {day} is not in {year}")
        out.add(day)
    return frozenset(out)


def for_workspace(ws: Any) -> Calendar:
    """The calendar with the workspace's office-entered years."""
    return for_reader(ws.db)


def for_reader(db: Any) -> Calendar:
    """The calendar with the office-entered years, from a connection or a Database."""
    from .store import settings as settings_store

    return Calendar.from_settings(settings_store.with_prefix(db, SCHEDULE_KEY))


def set_schedule(
    ws: Any,
    year: int,
    holidays: list[str],
    workdays: list[str],
    *,
    author_id: str | None = None,
) -> Schedule:
    """Record the office's schedule for a year the package has no data for (synced)."""
    if year in package_years():
        raise UserError(
            f"{year} 年已有国务院公布的节假日安排，无需录入 / {year} is already covered"
        )
    value = {"holidays": sorted(holidays), "workdays": sorted(workdays)}
    schedule = parse_schedule(year, value)  # refuses before anything is written
    ws.record(
        "setting",
        f"{SCHEDULE_KEY}{year}",
        {"value": json.dumps(value, ensure_ascii=False)},
        author_id=author_id,
    )
    return schedule
