"""How dates and money look in the UI (docs/domain.md): the shared `forms.format`, with the UI
language applied (English shows ISO dates)."""

from __future__ import annotations

from forms import format as shared
from forms.format import MoneyUnit, amount, percent, unit_for, wan  # noqa: F401 (one formatter)

from . import i18n


def date(value: str | None) -> str:
    if not value:
        return ""
    day = value[:10]
    if i18n.language() == "en" or len(day) != 10:
        return day
    return shared.zh_date(day)


def money(yuan: int | None, unit: MoneyUnit | None = None) -> str:
    """`forms.format.money` with the unit in the UI's language: '1,800.72亿元', '1,800.72 100m yuan'."""
    if yuan is None or i18n.language() != "en":
        return shared.money(yuan, unit)
    unit = unit or unit_for(yuan)
    return f"{amount(yuan, unit)} {unit.en}"


def datetime(value: str | None) -> str:
    if not value:
        return ""
    time = value[11:16]
    return f"{date(value)} {time}".strip()
