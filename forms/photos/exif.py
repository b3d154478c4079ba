"""Reading what a photo's EXIF says (time taken, place, camera) and keeping only that.

EXIF written by phones and cameras is often wrong: a date of 0000:00:00, a month 13, a GPS
reading of 0,0 or a latitude of 500°. A value that cannot be right is dropped and flagged,
never stored as if it were true.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from PIL import ExifTags, Image

EXIF_IFD = ExifTags.IFD.Exif
GPS_IFD = ExifTags.IFD.GPSInfo
DATETIME_ORIGINAL = 0x9003
DATETIME_DIGITIZED = 0x9004
OFFSET_TIME_ORIGINAL = 0x9011
DATETIME = 0x0132
MAKE, MODEL = 0x010F, 0x0110
ORIENTATION = 0x0112
# GPS tags copied into the working copy: version, latitude, longitude, altitude, time, date.
GPS_KEPT = (0, 1, 2, 3, 4, 5, 6, 7, 29)

EARLIEST = dt.datetime(1990, 1, 1)  # no digital photo of a current site is older
_DATETIME = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")


@dataclass
class Facts:
    """What the EXIF of one photo says, after checking."""

    has_exif: bool = False
    taken_at: str | None = None  # ISO, camera local time
    taken_offset: str | None = None  # +08:00
    latitude: float | None = None
    longitude: float | None = None
    camera: str | None = None
    orientation: int = 1
    flags: list[str] = field(default_factory=list)


def read(image: Image.Image, *, latest: dt.datetime | None = None) -> Facts:
    """The checked facts of `image`'s EXIF; `latest` is the latest believable time taken."""
    exif = image.getexif()
    facts = Facts(has_exif=len(exif) > 0)
    exif_ifd = _ifd(exif, EXIF_IFD)
    facts.orientation = _orientation(exif.get(ORIENTATION))
    facts.camera = _camera(exif.get(MAKE), exif.get(MODEL))
    raw_time = (
        exif_ifd.get(DATETIME_ORIGINAL) or exif_ifd.get(DATETIME_DIGITIZED) or exif.get(DATETIME)
    )
    if raw_time is None:
        facts.flags.append("no_exif_time")
    else:
        taken = parse_datetime(raw_time, latest=latest)
        if taken is None:
            facts.flags.append("exif_time_invalid")
        else:
            facts.taken_at = taken.isoformat(timespec="seconds")
            offset = exif_ifd.get(OFFSET_TIME_ORIGINAL)
            if isinstance(offset, str) and _OFFSET.match(offset.strip("\x00 ")):
                facts.taken_offset = offset.strip("\x00 ")
    gps = _ifd(exif, GPS_IFD)
    if not gps:
        facts.flags.append("no_gps")
    else:
        position = parse_gps(gps)
        if position is None:
            facts.flags.append("gps_invalid")
        else:
            facts.latitude, facts.longitude = position
    if facts.taken_at is None and facts.latitude is None:
        facts.flags.append("unverified")  # nothing in the file says when or where
    return facts


def parse_datetime(value: object, *, latest: dt.datetime | None = None) -> dt.datetime | None:
    """An EXIF "YYYY:MM:DD HH:MM:SS" as a datetime, or None when it is not a real moment."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    m = _DATETIME.match(value.strip("\x00 "))
    if not m:
        return None
    try:
        when = dt.datetime(*(int(g) for g in m.groups()))
    except ValueError:
        return None
    if when < EARLIEST or (latest is not None and when > latest):
        return None
    return when


def parse_gps(gps: dict) -> tuple[float, float] | None:
    """(latitude, longitude) in degrees, or None when the reading cannot be a place on Earth."""
    try:
        lat = _degrees(gps[2], gps.get(1, "N"), "S")
        lon = _degrees(gps[4], gps.get(3, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    if abs(lat) > 90 or abs(lon) > 180 or (abs(lat) < 1e-6 and abs(lon) < 1e-6):
        return None  # 0,0 is what a receiver without a fix writes
    return round(lat, 7), round(lon, 7)


def kept_exif(image: Image.Image) -> bytes:
    """EXIF for the working copy: time taken and GPS only, orientation already applied."""
    source = image.getexif()
    kept = Image.Exif()
    for tag in (DATETIME,):
        if tag in source:
            kept[tag] = source[tag]
    source_exif = _ifd(source, EXIF_IFD)
    wanted = {
        t: source_exif[t]
        for t in (DATETIME_ORIGINAL, DATETIME_DIGITIZED, OFFSET_TIME_ORIGINAL)
        if t in source_exif
    }
    if wanted:
        kept.get_ifd(EXIF_IFD).update(wanted)
    gps = _ifd(source, GPS_IFD)
    gps_wanted = {t: gps[t] for t in GPS_KEPT if t in gps}
    if gps_wanted and parse_gps(gps_wanted) is not None:
        kept.get_ifd(GPS_IFD).update(gps_wanted)
    return kept.tobytes() if len(kept) or wanted or gps_wanted else b""


def _ifd(exif: Image.Exif, tag: int) -> dict:
    try:
        return exif.get_ifd(tag) or {}
    except Exception:  # a damaged sub-IFD: treat as absent, the picture itself may be fine
        return {}


def _degrees(value: object, ref: object, negative: str) -> float:
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    d, m, s = (float(v) for v in value)  # type: ignore[union-attr]
    if min(d, m, s) < 0 or m >= 60 or s >= 60:
        raise ValueError("minutes or seconds out of range")
    degrees = d + m / 60 + s / 3600
    return -degrees if str(ref).strip("\x00 ").upper() == negative else degrees


def _orientation(value: object) -> int:
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _camera(make: object, model: object) -> str | None:
    parts = [
        str(p).strip("\x00 ") for p in (make, model) if isinstance(p, str) and p.strip("\x00 ")
    ]
    if len(parts) == 2 and parts[1].lower().startswith(parts[0].lower()):
        parts = parts[1:]
    return " ".join(parts)[:80] or None


def read_orientation(image: Image.Image) -> int:
    return _orientation(image.getexif().get(ORIENTATION))
