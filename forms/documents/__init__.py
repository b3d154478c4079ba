"""Official documents (GB/T 9704-2012): supervision notices, inspection records, problem lists,
monthly reports. Qt-free; each builder returns a `DocumentResult` with the PDF bytes and the
warnings (missing settings, characters no font can draw) that the caller must show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class DocumentResult:
    kind: str  # notice | record | problems | monthly
    title: str
    pdf: bytes
    warnings: list[str] = field(default_factory=list)
    file_name: str = "document.pdf"  # a suggested name for saving
    # The notice also exists as an editable Word file; None for the other documents.
    docx: Callable[[], bytes] | None = None
    record_id: str | None = None  # the notice's id when a notice was issued


def zh_date(value: str | dt.date | None) -> str:
    """2026年11月23日 (Arabic numerals, no leading zeros), '' for nothing."""
    if not value:
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def wan(yuan: int | None) -> str:
    """Integer yuan shown in 万元 with two decimals, exactly (no float rounding)."""
    if yuan is None:
        return ""
    sign = "-" if yuan < 0 else ""
    cents_of_wan = (abs(yuan) + 50) // 100  # 1 万元 = 10000 元, two decimals = 100 元
    return f"{sign}{cents_of_wan // 100:,}.{cents_of_wan % 100:02d}"
