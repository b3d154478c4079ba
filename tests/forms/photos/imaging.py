"""Generating test photos with Pillow (no binary files in the repository)."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

from PIL import ExifTags, Image

QUADRANTS = ((255, 0, 0), (0, 200, 0), (0, 0, 255), (255, 255, 0))  # TL, TR, BL, BR


def quadrant_image(w: int = 64, h: int = 48) -> Image.Image:
    """Four coloured quadrants, so any flip or rotation is visible."""
    image = Image.new("RGB", (w, h))
    for i, colour in enumerate(QUADRANTS):
        x, y = (i % 2) * w // 2, (i // 2) * h // 2
        image.paste(colour, (x, y, x + w // 2, y + h // 2))
    return image


def dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round((value - d - m / 60) * 3600, 4)
    return (Fraction(d), Fraction(m), Fraction(s).limit_denominator(10000))


def exif_bytes(
    taken: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    orientation: int | None = None,
    gps_raw: dict | None = None,
    make: str | None = "TestCam",
    offset: str | None = None,
) -> bytes:
    exif = Image.Exif()
    if make:
        exif[0x010F] = make
        exif[0x0110] = "Model 1"
    if orientation is not None:
        exif[0x0112] = orientation
    if taken is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[0x9003] = taken
        exif[0x0131] = "Editor 9000"  # Software: must be dropped from the working copy
    if offset is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[0x9011] = offset
    if lat is not None and lon is not None:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps.update(
            {1: "N" if lat >= 0 else "S", 2: dms(lat), 3: "E" if lon >= 0 else "W", 4: dms(lon)}
        )
    if gps_raw is not None:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(gps_raw)
    return exif.tobytes()


def jpeg(
    path: Path, image: Image.Image | None = None, *, exif: bytes = b"", quality: int = 85, **kwargs
) -> Path:
    image = image if image is not None else quadrant_image()
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=quality, exif=exif, **kwargs)
    return path


def jpeg_bytes(image: Image.Image | None = None, *, exif: bytes = b"") -> bytes:
    out = io.BytesIO()
    (image if image is not None else quadrant_image()).save(out, "JPEG", exif=exif)
    return out.getvalue()
