"""Photos for documents: the small input type the inspection record takes, and the photo grid.

The photo module (`forms.photos`) owns photos; a document only needs a file, a caption and the
plausibility flags to print under it: `for_visit` asks the photo module for them.

Each photo is pre-sized with Pillow to the size it is printed at (~150 dpi) and embedded as a
JPEG as it is (DCTDecode, no ASCII85: see page.py), which is fast and keeps the file small.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Table, TableStyle

from .blocks import font_of
from .context import Context
from .text import Style, Text

PRINT_DPI = 150
FLAG_RED = HexColor("#C00000")


@dataclass(frozen=True)
class PhotoForDocument:
    path: Path
    caption: str = ""
    flags: tuple[str, ...] = field(default_factory=tuple)  # plausibility flags, in Chinese
    key: bytes | None = None  # the photo key of an encrypted workspace


def for_visit(ws, visit_id: str) -> list[PhotoForDocument]:
    """The visit's photos as the record prints them: the watermarked copy (made on first use),
    the caption, and the flags that call for a reader's attention, in Chinese. A photo whose
    file has not reached this device keeps its expected path: the record draws a red box."""
    from forms.errors import UserError
    from forms.photos import FLAG_LABELS, files, store, watermarked
    from forms.photos.plausibility import WARNINGS

    chosen = []
    for row in store.links(ws, "visit", visit_id):
        flags = tuple(FLAG_LABELS[f] for f in row["flags"] if f in WARNINGS)
        try:
            path = watermarked(ws, row["link_id"])
        except UserError:
            path = files.photo_path(ws, row["photo_id"], "working")
        caption = row["caption"] or row["original_name"] or ""
        chosen.append(PhotoForDocument(path, caption, flags, ws.photo_key))
    return chosen


def presized_jpeg(
    path: Path, width: float, height: float, key: bytes | None = None
) -> tuple[bytes, float, float] | None:
    """The photo scaled to fit width × height points at PRINT_DPI, as JPEG bytes and its
    printed size; None if the file is missing or not an image."""
    from forms.errors import UserError
    from forms.photos import files

    try:
        with Image.open(io.BytesIO(files.read_plain(path, key))) as image:
            # JPEG decodes at 1/2, 1/4 or 1/8 scale directly: far faster than a full decode.
            image.draft("RGB", (round(width / 72 * PRINT_DPI), round(height / 72 * PRINT_DPI)))
            image = ImageOps.exif_transpose(image).convert("RGB")
            scale = min(width / image.width, height / image.height)
            out_w, out_h = image.width * scale, image.height * scale
            pixels = (max(1, round(out_w / 72 * PRINT_DPI)), max(1, round(out_h / 72 * PRINT_DPI)))
            if pixels[0] < image.width:
                image = image.resize(pixels, Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=82, optimize=False)
            return buffer.getvalue(), out_w, out_h
    except (OSError, UnidentifiedImageError, ValueError, UserError):
        return None


class PhotoBox(Flowable):
    """One photo fitted into a box, or a visible 'missing' box."""

    def __init__(self, ctx: Context, photo: PhotoForDocument, width: float, height: float) -> None:
        super().__init__()
        self.ctx, self.photo = ctx, photo
        self.width, self.height = width, height
        self.jpeg = presized_jpeg(photo.path, width, height, photo.key)
        if self.jpeg is None:
            ctx.warn(f"照片缺失或无法读取：{photo.path.name}，记录中已标出。")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if self.jpeg is None:
            canvas.setStrokeColor(FLAG_RED)
            canvas.setDash(3, 3)
            canvas.rect(0, 0, self.width, self.height)
            canvas.setFillColor(FLAG_RED)
            canvas.setFont(self.ctx.fonts.roles["body"].name, 11)
            canvas.drawCentredString(self.width / 2, self.height / 2, "照片缺失")
            canvas.drawCentredString(
                self.width / 2, self.height / 2 - 14, self.photo.path.name[:40]
            )
            return
        data, w, h = self.jpeg
        canvas.drawImage(
            ImageReader(io.BytesIO(data)), (self.width - w) / 2, (self.height - h) / 2, w, h
        )


def grid(ctx: Context, photos: list[PhotoForDocument], width: float, per_page: int = 4) -> list:
    """Photos two to a row, each with its caption and flags; `per_page` 2 gives large photos."""
    cols = 2
    rows_per_page = max(1, per_page // cols)
    cell_w = width / cols - 4 * mm
    photo_h = (200 * mm / rows_per_page) - 22 * mm
    caption = Style("heading2", 11.0, 15.0, "center", 0)
    flag = Style("body", 10.0, 14.0, "center", 0, FLAG_RED)
    cells = []
    for n, photo in enumerate(photos, 1):
        parts = [
            PhotoBox(ctx, photo, cell_w, photo_h),
            Text(ctx, f"图{n}　{photo.caption}".strip(), caption),
        ]
        if photo.flags:
            parts.append(Text(ctx, "存疑：" + "；".join(photo.flags), flag))
        cells.append(parts)
    rows = [
        cells[i : i + cols] + [""] * (cols - len(cells[i : i + cols]))
        for i in range(0, len(cells), cols)
    ]
    if not rows:
        return []
    table = Table(rows, colWidths=[width / cols] * cols)
    table.setStyle(
        TableStyle(
            [
                font_of(ctx),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return [table]
