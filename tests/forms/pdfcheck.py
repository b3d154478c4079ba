"""Reading generated PDFs back: text, fonts, lines, page numbers (GB/T 9704 checks)."""

from __future__ import annotations

import io
from collections import defaultdict

import pdfplumber
from pypdf import PdfReader

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)


def text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def fonts(pdf: bytes) -> list[dict]:
    """Every font used, with whether it is embedded (font file present) and subset (ABCDEF+)."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"].get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            name = str(font["/BaseFont"])
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.append({"name": name, "embedded": embedded, "subset": name[7:8] == "+"})
    return out


def lines(pdf: bytes) -> list[list[list[dict]]]:
    """Per page, the text lines (characters grouped by baseline, left to right)."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            rows: dict[float, list[dict]] = defaultdict(list)
            for char in page.chars:
                if char["text"].strip():
                    rows[round(char["bottom"], 0)].append(char)
            pages.append([sorted(r, key=lambda c: c["x0"]) for _, r in sorted(rows.items())])
    return pages


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (float(p.mediabox.width), float(p.mediabox.height))
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]
