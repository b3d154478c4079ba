"""The CPU part of importing one photo: hash, check, decode, orient, scale, write the files.

Runs in a worker process; it never touches the database. A truncated or corrupt image is refused, not patched up: it is not
evidence (so `ImageFile.LOAD_TRUNCATED_IMAGES` must stay False).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pillow_heif
from PIL import Image, ImageFile, UnidentifiedImageError

from . import exif, files

pillow_heif.register_heif_opener()
# Images between Pillow's limit and twice it (a 100-megapixel panorama) are decoded at reduced
# scale below; above twice the limit Pillow raises DecompressionBombError and we refuse.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

WORKING_SIDE = 2560
THUMB_SIDE = 320
WORKING_QUALITY = 85
THUMB_QUALITY = 80
MAX_FILE_BYTES = 300 * 1024 * 1024
FORMATS = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "HEIF": "HEIF",
    "AVIF": "HEIF",
    "WEBP": "WEBP",
    "TIFF": "TIFF",
}


class Refused(Exception):
    """This file is not taken; the message says why, in words a person can act on."""


@dataclass
class Prepared:
    path: Path
    sha256: str
    known: bool  # already in the workspace with its files: nothing decoded
    meta: dict = field(default_factory=dict)  # the photos row's content fields
    created: list[Path] = field(default_factory=list)  # files this call wrote


def prepare(
    path: Path,
    photos_dir: Path,
    *,
    keep_original: bool = True,
    force: bool = False,
    key: bytes | None = None,
) -> Prepared:
    """Hash and, unless its files are already there, convert `path`; raises Refused.

    Runs in a worker process: it reads and writes files only, never the database.
    """
    assert not ImageFile.LOAD_TRUNCATED_IMAGES, "truncated images must be refused, not patched"
    data = _read(path)
    sha = hashlib.sha256(data).hexdigest()
    working = files.path_in(photos_dir, sha, "working")
    if not force and working.exists() and files.path_in(photos_dir, sha, "thumb").exists():
        return Prepared(path, sha, known=True)
    image = _open(data)
    facts = exif.read(image, latest=dt.datetime.now() + dt.timedelta(days=2))
    kept = exif.kept_exif(image)
    source_format = FORMATS[image.format]
    rgb, width, height = _decode_oriented(image)
    thumb = rgb.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.BICUBIC, reducing_gap=2.0)
    prepared = Prepared(
        path,
        sha,
        known=False,
        meta={
            "working_sha256": None,
            "original_name": path.name,
            "original_format": source_format,
            "original_bytes": len(data),
            "width": width,
            "height": height,
            "taken_at": facts.taken_at,
            "taken_offset": facts.taken_offset,
            "latitude": facts.latitude,
            "longitude": facts.longitude,
            "camera": facts.camera,
            "flags": facts.flags,
        },
    )
    # Encoded straight into the (temporary) file: no extra copy of the bytes in memory.
    outputs = [
        ("working", _encoder(rgb, WORKING_QUALITY, kept)),
        ("thumb", _encoder(thumb, THUMB_QUALITY, b"")),
    ]
    if keep_original:
        outputs.append(("original", data))
    try:
        for kind, payload in outputs:
            target = files.path_in(photos_dir, sha, kind)
            if files.write_atomic(target, payload, key):
                prepared.created.append(target)
        working_bytes = files.read_plain(working, key)
        prepared.meta["working_sha256"] = hashlib.sha256(working_bytes).hexdigest()
    except OSError as e:
        discard(prepared)
        raise Refused(f"cannot write the photo files: {e.strerror or e}") from e
    except BaseException:
        discard(prepared)
        raise
    return prepared


def discard(prepared: Prepared) -> None:
    """Remove the files this preparation wrote (a cancelled or failed import)."""
    for path in prepared.created:
        files.remove_quietly(path)
    prepared.created.clear()


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size == 0:
            raise Refused("empty file (0 bytes)")
        if size > MAX_FILE_BYTES:
            raise Refused(f"file too large for a photo ({size // (1024 * 1024)} MB)")
        return path.read_bytes()
    except FileNotFoundError:
        raise Refused("file not found") from None
    except IsADirectoryError:
        raise Refused("is a folder, not a file") from None
    except PermissionError:
        raise Refused("no permission to read the file") from None
    except OSError as e:
        raise Refused(f"cannot read the file: {e.strerror or e}") from e


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as e:
        raise Refused(f"image too large to decode safely ({e})") from None
    except UnidentifiedImageError:
        raise Refused("not an image (or a damaged one)") from None
    except (OSError, SyntaxError, ValueError) as e:
        raise Refused(f"damaged image: {e}") from None
    if image.format not in FORMATS:
        raise Refused(f"unsupported format {image.format} (JPEG, PNG, HEIC, WebP, TIFF are taken)")
    return image


def _decode_oriented(image: Image.Image) -> tuple[Image.Image, int, int]:
    """The picture as RGB, upright, longest side ≤ WORKING_SIDE; and its full upright size."""
    full_w, full_h = image.size
    target = _fit(image.size, WORKING_SIDE)
    if image.format in ("JPEG", "MPO") and target != image.size:
        # Decode at 1/2, 1/4 or 1/8 scale when that still covers the target: a 100-megapixel
        # panorama then never exists in memory at full size.
        image.draft(image.mode if image.mode in ("RGB", "L", "CMYK") else "RGB", target)
    try:
        image.load()
    except Image.DecompressionBombError as e:
        raise Refused(f"image too large to decode safely ({e})") from None
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise Refused(f"damaged or truncated image: {e}") from None
    orientation = exif.read_orientation(image)
    if orientation in (5, 6, 7, 8):
        full_w, full_h = full_h, full_w
    rgb = _to_rgb(image)
    if orientation != 1:
        rgb = rgb.transpose(_TRANSPOSE[orientation]) if orientation in _TRANSPOSE else rgb
    if max(rgb.size) > WORKING_SIDE:
        rgb = rgb.resize(_fit(rgb.size, WORKING_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return rgb, full_w, full_h


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _to_rgb(image: Image.Image) -> Image.Image:
    mode = image.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit grey: scale to 8 bits instead of letting convert() clip everything to white.
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L").convert("RGB")
    if mode == "F":
        return image.point(lambda v: v * 255).convert("L").convert("RGB")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))  # transparent parts print as paper
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if mode == "RGB" else image.convert("RGB")


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    w, h = size
    if max(w, h) <= side:
        return w, h
    scale = side / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def _encoder(image: Image.Image, quality: int, exif_bytes: bytes):
    options: dict = {"quality": quality}
    if exif_bytes:
        options["exif"] = exif_bytes
    return lambda out: image.save(out, "JPEG", **options)
