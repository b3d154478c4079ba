"""How dates and money look in the UI (docs/domain.md): 2026年11月23日, amounts in 万元."""

from __future__ import annotations

from . import i18n


def date(value: str | None) -> str:
    if not value:
        return ""
    day = value[:10]
    if i18n.language() == "en" or len(day) != 10:
        return day
    return f"{int(day[:4])}年{int(day[5:7])}月{int(day[8:10])}日"


def datetime(value: str | None) -> str:
    if not value:
        return ""
    time = value[11:16]
    return f"{date(value)} {time}".strip()


def wan(yuan: int | None) -> str:
    """Integer yuan shown in 万元 with up to two decimals, no float arithmetic on the sum."""
    if yuan is None:
        return ""
    whole, rest = divmod(abs(int(yuan)), 10000)
    sign = "-" if yuan < 0 else ""
    cents = rest // 100
    return f"{sign}{whole:,}" + (f".{cents:02d}".rstrip("0") if cents else "")
