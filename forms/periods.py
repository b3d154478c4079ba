"""Calendar periods the board reports on: a month (2026-11) or a quarter (2026-Q3)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .errors import UserError

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")


@dataclass(frozen=True)
class Period:
    label: str  # as written: 2026-11 or 2026-Q3
    first: dt.date
    last: dt.date

    @property
    def months(self) -> list[str]:
        """Its calendar months as YYYY-MM, in order."""
        out, day = [], self.first
        while day <= self.last:
            out.append(f"{day.year:04d}-{day.month:02d}")
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return out

    @property
    def is_quarter(self) -> bool:
        return len(self.months) == 3

    def zh(self) -> str:
        if self.is_quarter:
            return f"{self.first.year}年第{(self.first.month + 2) // 3}季度"
        return f"{self.first.year}年{self.first.month}月"


def month(year: int, mon: int) -> Period:
    last = calendar.monthrange(year, mon)[1]
    return Period(f"{year:04d}-{mon:02d}", dt.date(year, mon, 1), dt.date(year, mon, last))


def quarter(year: int, q: int) -> Period:
    first_month = 3 * (q - 1) + 1
    last = calendar.monthrange(year, first_month + 2)[1]
    return Period(
        f"{year:04d}-Q{q}", dt.date(year, first_month, 1), dt.date(year, first_month + 2, last)
    )


def quarter_of(day: dt.date) -> Period:
    return quarter(day.year, (day.month + 2) // 3)


def parse(text: str) -> Period:
    """2026-11 or 2026-Q3; a UserError says how to write it otherwise."""
    text = (text or "").strip()
    if m := _MONTH.match(text):
        year, mon = int(m[1]), int(m[2])
        if 1 <= mon <= 12:
            return month(year, mon)
    if m := _QUARTER.match(text):
        return quarter(int(m[1]), int(m[2]))
    raise UserError(
        f"期间应写作 2026-11（月）或 2026-Q3（季度） / a period is 2026-11 or 2026-Q3: {text}"
    )


def parse_month(text: str) -> Period:
    period = parse(text)
    if period.is_quarter:
        raise UserError(f"这里需要月份，如 2026-11 / a month is wanted, like 2026-11: {text}")
    return period
