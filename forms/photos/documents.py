"""The evidence photos as a photo source of the inspection record (forms.documents).

Each live photo of the visit is printed as its watermarked copy, made from the working copy
(the file that syncs, so a photo that reached this laptop by sync prints like one imported
here). A photo whose file has not arrived is listed with its working path: the record shows
it as missing instead of leaving it out silently.
"""

from __future__ import annotations

from ..documents import photos as document_photos
from . import files, store
from .plausibility import LABELS, WARNINGS
from .watermark import watermarked


def for_visit(ws, visit_id: str) -> list[document_photos.PhotoForDocument]:
    found = []
    for row in store.links(ws, "visit", visit_id):
        working = files.photo_path(ws, row["photo_id"], "working")
        path = watermarked(ws, row["link_id"]) if working.exists() else working
        flags = tuple(LABELS.get(f, f) for f in row["flags"] if f in WARNINGS)
        found.append(document_photos.PhotoForDocument(path, row["caption"] or "", flags))
    return found


document_photos.register_source(for_visit)
