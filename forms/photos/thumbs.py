"""Thumbnails made from the working copy, for photos that arrived without one.

An import writes the working copy and the thumbnail together; sync carries only the working
copy (the file that syncs), so a laptop that received a photo by sync or bundle makes its
thumbnail on first display. Callers run this off any UI thread: it decodes a JPEG.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from . import files
from .prepare import THUMB_QUALITY, THUMB_SIDE


def thumbnail_in(photos_dir: Path, sha256: str, key: bytes | None = None) -> Path:
    """The thumbnail of the photo `sha256` (its original's hash), made from the working copy if
    missing. The path is returned even when neither file is here (the photo has not arrived);
    reading it then fails like any missing file."""
    thumb = files.path_in(photos_dir, sha256, "thumb")
    if thumb.exists():
        return thumb
    working = files.path_in(photos_dir, sha256, "working")
    try:
        with Image.open(io.BytesIO(files.read_plain(working, key))) as image:
            # Decode at 1/2..1/8 scale straight away: a thumbnail needs no full decode.
            image.draft("RGB", (THUMB_SIDE, THUMB_SIDE))
            small = image.convert("RGB")
        small.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.BICUBIC, reducing_gap=2.0)
        files.write_atomic(thumb, lambda out: small.save(out, "JPEG", quality=THUMB_QUALITY), key)
    except FileNotFoundError:
        pass  # the working copy has not arrived yet either
    except (OSError, SyntaxError, ValueError):
        pass  # a damaged working copy shows as a missing photo; sync never installs one
    return thumb


def thumbnail(ws, sha256: str) -> Path:
    """`thumbnail_in` for a workspace."""
    return thumbnail_in(ws.photos_dir, sha256, ws.photo_key)
