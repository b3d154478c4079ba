"""How dates and money look in the UI (docs/domain.md): the shared `forms.format`, with the UI
language applied (English shows ISO dates)."""

from __future__ import annotations

from forms import format as shared
from forms.format import amount, money, percent, unit_for, wan  # noqa: F401 (one formatter)

from . import i18n


def date(value: str | None) -> str:
    if not value:
        return ""
    day = value[:10]
    if i18n.language() == "en" or len(day) != 10:
        return day
    return shared.zh_date(day)


def datetime(value: str | None) -> str:
    if not value:
        return ""
    time = value[11:16]
    return f"{date(value)} {time}".strip()
