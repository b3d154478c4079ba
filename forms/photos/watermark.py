"""The watermarked copy used in documents and exports (like a watermark camera's photos).

A band across the bottom of the working copy carries the project name, the time taken, the place
(the photo's GPS, else the project's address) and the visitor, in the bundled UI font. It is a
separate file, made on first use; the original and the working copy are never changed.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..assets import BUNDLED_FONTS
from ..errors import UserError
from . import files, plausibility, store

BAND_RGBA = (0, 0, 0, 165)
ACCENT = (255, 196, 0)
WARN = (255, 90, 60)
TEXT = (255, 255, 255)


def watermarked(ws, link_id: str) -> Path:
    """The watermarked copy of a linked photo, written (atomically) if it is not there yet."""
    row = store.link(ws, link_id)
    if row is None:
        raise UserError(f"no photo link {link_id}")
    target = files.watermarked_path_in(ws.photos_dir, row["photo_id"], link_id)
    if target.exists():
        return target
    working = files.photo_path(ws, row["photo_id"], "working")
    if not working.exists():
        raise UserError("the photo file has not arrived on this device yet")
    context = plausibility.resolve(ws, row["target_kind"], row["target_id"])
    lines = caption_lines(row, context)
    with Image.open(io.BytesIO(files.read_plain(working, ws.photo_key))) as image:
        exif_bytes = image.info.get("exif", b"")
        marked = draw(image.convert("RGB"), lines["title"], lines["rows"], lines["warning"])
    out = io.BytesIO()
    marked.save(out, "JPEG", quality=88, exif=exif_bytes)
    files.write_atomic(target, out.getvalue(), ws.photo_key)
    return target


def caption_lines(row: dict, target: plausibility.Target) -> dict:
    """What the band says, from the link row and its target."""
    if row.get("taken_at"):
        when = dt.datetime.fromisoformat(row["taken_at"])
        time_text = f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"
    else:
        time_text = "无拍摄时间"
    if row.get("latitude") is not None and row.get("longitude") is not None:
        lat, lon = row["latitude"], row["longitude"]
        place = f"{'北纬' if lat >= 0 else '南纬'} {abs(lat):.5f}°  {'东经' if lon >= 0 else '西经'} {abs(lon):.5f}°"
    else:
        place = target.address or "无定位"
    rows = [("时间", time_text), ("地点", place)]
    if target.visitor:
        rows.append(("走访人", target.visitor))
    warning = "时间待核验" if not row.get("time_trusted") else ""
    return {"title": target.project_name or "（未命名项目）", "rows": rows, "warning": warning}


def draw(
    image: Image.Image, title: str, rows: list[tuple[str, str]], warning: str = ""
) -> Image.Image:
    """Draw the band onto a copy of `image` and return it."""
    w, h = image.size
    size = max(14, round(min(w, h) / 26))
    title_font, font = _font(round(size * 1.25)), _font(size)
    pad, gap = round(size * 0.7), round(size * 0.35)
    accent_w = max(4, size // 4)
    line_h, title_h = round(size * 1.35), round(size * 1.25 * 1.35)
    x = pad + accent_w + pad
    limit = w - x - pad
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    tag_w = round(measure.textlength(warning, font=font)) + pad if warning else 0
    # A long project name wraps to a second line rather than lose its end: it is evidence.
    titles = _wrap(measure, title, title_font, [limit - tag_w - (pad if warning else 0), limit])
    band_h = pad * 2 + title_h * len(titles) + gap + line_h * len(rows)
    band = Image.new("RGBA", (w, band_h), BAND_RGBA)
    pen = ImageDraw.Draw(band)
    pen.rectangle((pad, pad, pad + accent_w, band_h - pad), fill=ACCENT)
    if warning:
        pen.rounded_rectangle(
            (w - pad - tag_w, pad, w - pad, pad + line_h), radius=size // 4, fill=WARN
        )
        pen.text(
            (w - pad - tag_w + pad // 2, pad + (line_h - size) // 2 - size // 8),
            warning,
            font=font,
            fill=TEXT,
        )
    y = pad
    for line in titles:
        pen.text((x, y), line, font=title_font, fill=TEXT)
        y += title_h
    y += gap
    label_w = max(round(pen.textlength(f"{k}：", font=font)) for k, _ in rows)
    for label, value in rows:
        pen.text((x, y), f"{label}：", font=font, fill=ACCENT)
        pen.text((x + label_w, y), _fit(pen, value, font, limit - label_w), font=font, fill=TEXT)
        y += line_h
    out = image.convert("RGBA")
    out.alpha_composite(band, (0, h - band_h))
    return out.convert("RGB")


def _wrap(
    pen: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, widths: list[int]
) -> list[str]:
    """Break `text` into at most len(widths) lines, the i-th no wider than widths[i]."""
    lines: list[str] = []
    rest = text
    for i, width in enumerate(widths):
        if pen.textlength(rest, font=font) <= width or i == len(widths) - 1:
            lines.append(_fit(pen, rest, font, width))
            return lines
        cut = len(rest)
        while cut > 1 and pen.textlength(rest[:cut], font=font) > width:
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines


def _fit(pen: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if pen.textlength(text, font=font) <= width:
        return text
    while text and pen.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BUNDLED_FONTS["ui"]), size)
