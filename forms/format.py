"""How dates, money and rates read, on screen and on paper alike (DESIGN.md §6): the one module
that formats them. `desktop.display` adds only the UI language; documents import from here.

Money is integer 元. A project's figures are written in 万元 with two decimals (the ledger's
unit: 9,900.00). A total of many projects in 万元 becomes an unreadable eight-digit number
(18,007,210.00万元), so `money` writes amounts of 1亿元 and more in 亿元 instead. A table or a
chart picks ONE unit for all its figures with `unit_for`, and says it in its header, so that a
table and the chart beside it never mix 亿元 and 万元.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class MoneyUnit:
    name: str  # 万元 | 亿元
    yuan: int  # how many 元 one of it is
    en: str


WAN = MoneyUnit("万元", 10_000, "10k yuan")
YI = MoneyUnit("亿元", 100_000_000, "100m yuan")


def zh_date(value: str | dt.date | None) -> str:
    """2026年11月23日 (Arabic numerals, no leading zeros), '' for nothing."""
    if not value:
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def amount(yuan: int | None, unit: MoneyUnit = WAN) -> str:
    """Integer yuan as a number of `unit` with two decimals, exactly (no float rounding,
    half up): 99_000_000 -> '9,900.00' in 万元, '0.99' in 亿元."""
    if yuan is None:
        return ""
    sign = "-" if yuan < 0 else ""
    step = unit.yuan // 100  # one hundredth of the unit
    hundredths = (abs(int(yuan)) + step // 2) // step
    return f"{sign}{hundredths // 100:,}.{hundredths % 100:02d}"


def wan(yuan: int | None) -> str:
    """Integer yuan in 万元, two decimals: the ledger's columns whose header says 万元."""
    return amount(yuan, WAN)


def unit_for(*amounts: int | None) -> MoneyUnit:
    """One unit for a set of figures shown together: 亿元 once the largest reaches 1亿元."""
    largest = max((abs(a) for a in amounts if a is not None), default=0)
    return YI if largest >= YI.yuan else WAN


def money(yuan: int | None, unit: MoneyUnit | None = None) -> str:
    """An amount with its unit, for prose and single figures: '9,900.00万元', '1,800.72亿元'."""
    if yuan is None:
        return ""
    unit = unit or unit_for(yuan)
    return f"{amount(yuan, unit)}{unit.name}"


def percent(numerator: int, denominator: int, places: int = 1) -> str:
    """numerator / denominator as '85.7%' (exact rounding half up), '—' when nothing to divide."""
    if not denominator:
        return "—"
    scaled = Fraction(numerator * 100, denominator) * 10**places
    rounded = int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    whole, part = divmod(abs(rounded), 10**places)
    sign = "-" if rounded < 0 else ""
    return f"{sign}{whole}.{part:0{places}d}%" if places else f"{sign}{whole}%"
