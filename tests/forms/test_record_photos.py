"""The inspection record prints the visit's photos from the photo module: watermarked copies,
captions and the flags that need a reader's attention."""

from __future__ import annotations

import io

import pdfplumber
from PIL import Image

from forms.documents import record
from forms.photos import import_photos, store


def _photo(path, colour):
    Image.new("RGB", (1600, 1200), colour).save(path, "JPEG")  # no EXIF: 未核验
    return path


def test_record_prints_the_visit_photos(demo_ws, tmp_path):
    visit_id = demo_ws.db.execute("SELECT id FROM visits ORDER BY id LIMIT 1").fetchone()[0]
    results = import_photos(
        demo_ws,
        [_photo(tmp_path / "a.jpg", "#336699"), _photo(tmp_path / "b.jpg", "#993333")],
        attach_to=("visit", visit_id),
        caption="厂房主体",
    )
    assert all(r.status == "added" for r in results), results
    links = store.links(demo_ws, "visit", visit_id)
    assert len(links) == 2
    result = record.build(demo_ws, visit_id)
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        images = [im for page in pdf.pages for im in page.images]
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert len(images) == 2
    assert "厂房主体" in text and "未核验" in text
    # The watermarked copies were made for the record and kept beside the originals.
    assert len(list((demo_ws.photos_dir / "watermarked").rglob("*.jpg"))) == 2
