"""Official documents (GB/T 9704-2012): supervision notices, inspection records, problem lists,
monthly reports. Qt-free; each builder returns a `DocumentResult` with the PDF bytes and the
warnings (missing settings, characters no font can draw) that the caller must show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import format as format_


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


# One module formats dates and money for the screen and for paper (forms.format).
zh_date = format_.zh_date
wan = format_.wan
