"""A photo that reaches another laptop by sync: its gallery, watermark and inspection record
work from the working copy alone, and a sync confirms the laptop's clock for later photos."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from PIL import Image

from forms.documents import record
from forms.photos import clock, import_photos, photo_path, store, thumbnail, watermarked
from sync import bundle, laptop_state
from sync.client import Client

from .helpers import add_photo, demo_queued


def sync(ws, **kw):
    with Client(ws) as client:
        return client.sync(**kw)


def first_visit(ws) -> str:
    return ws.db.execute("SELECT id FROM visits ORDER BY id LIMIT 1").fetchone()[0]


@pytest.fixture
def operations(qapp):
    from desktop.worker import Operations

    return Operations(synchronous=True)


def test_photo_synced_to_a_second_laptop_shows_in_its_gallery_and_prints(
    qtbot, operations, server, tmp_path
):
    from desktop.photo_gallery import PhotoGallery

    a = server.enrolled(tmp_path / "a", "办公室甲")
    b = server.enrolled(tmp_path / "b", "办公室乙")
    demo_queued(a)
    visit = first_visit(a)
    photo = add_photo(a, attach_to=("visit", visit))
    sync(a)
    assert sync(b).photos_fetched == 1
    assert photo.at(b).exists()
    thumb = photo_path(b, photo.original, "thumb")
    assert not thumb.exists()  # only the working copy travels
    gallery = PhotoGallery(b, operations, attach_to=("visit", visit))
    qtbot.addWidget(gallery)
    model = gallery.model
    assert model.rowCount() == 1 and model.rows[0]["photo_id"] == photo.original
    model.data(model.index(0), 1)  # DecorationRole: asks the loader thread for the thumbnail
    qtbot.waitUntil(lambda: photo.original in model._icons, timeout=5000)
    assert photo.original not in model._absent  # a real picture, not "照片未到达"
    with Image.open(thumb) as image:  # made from the working copy, on the loader thread
        assert max(image.size) == 320
    [link] = store.links(b, "visit", visit)
    with Image.open(watermarked(b, link["link_id"])) as marked, Image.open(photo.at(b)) as working:
        assert marked.size == working.size
    result = record.build(b, visit)
    assert not [w for w in result.warnings if "照片" in w], result.warnings
    assert jpegs_in(result.pdf, tmp_path) == 1  # the photo is printed
    assert jpegs_in(record.build(b, visit, photo_list=[]).pdf, tmp_path) == 0


def jpegs_in(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "record.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return sum(" jpeg " in line for line in listing)


def test_a_photo_arrived_before_its_file_shows_as_not_arrived_then_appears(
    qtbot, operations, server, tmp_path
):
    from desktop.photo_gallery import PhotoGallery

    a = server.enrolled(tmp_path / "a", "办公室甲")
    b = server.enrolled(tmp_path / "b", "办公室乙")
    demo_queued(a)
    visit = first_visit(a)
    photo = add_photo(a, attach_to=("visit", visit))
    sync(a)
    sync(b, photos=False)  # the records, not yet the file
    gallery = PhotoGallery(b, operations, attach_to=("visit", visit))
    qtbot.addWidget(gallery)
    gallery.model.data(gallery.model.index(0), 1)
    qtbot.waitUntil(lambda: photo.original in gallery.model._icons, timeout=5000)
    assert photo.original in gallery.model._absent
    assert sync(b).photos_fetched == 1
    gallery.refresh()
    gallery.model.data(gallery.model.index(0), 1)
    qtbot.waitUntil(lambda: photo.original in gallery.model._icons, timeout=5000)
    assert photo.original not in gallery.model._absent


def test_photo_carried_by_bundle_gets_a_thumbnail(server, tmp_path):
    laptop = server.enrolled(tmp_path / "laptop", "笔记本")
    office = server.enrolled(tmp_path / "office", "办公室")
    demo_queued(laptop)
    photo = add_photo(laptop)
    bundle.export(laptop, tmp_path / "b.zip")
    assert bundle.import_(office, tmp_path / "b.zip").photos == 1
    assert laptop_state.status(office).photos_missing == 0
    with Image.open(thumbnail(office, photo.original)) as image:
        assert max(image.size) == 320
    laptop.close()
    office.close()


def exif_now() -> bytes:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = dt.datetime.now().strftime("%Y:%m:%d %H:%M:%S")
    return exif.tobytes()


def test_a_sync_confirms_the_clock_so_later_photos_are_trusted(server, tmp_path):
    ws = server.enrolled(tmp_path / "a", "办公室甲")
    demo_queued(ws)
    visit = first_visit(ws)
    before = tmp_path / "before.jpg"
    Image.new("RGB", (64, 48), "red").save(before, "JPEG", exif=exif_now())
    [untrusted] = import_photos(ws, [before], attach_to=("visit", visit))
    assert not clock.reading(ws).trusted
    assert store.photo(ws, untrusted.photo_id)["time_trusted"] == 0
    sync(ws)
    reading = clock.reading(ws)
    assert reading.trusted, reading.note
    assert abs((reading.confirmed_at - dt.datetime.now(dt.UTC)).total_seconds()) < 5
    after = tmp_path / "after.jpg"
    Image.new("RGB", (64, 48), "blue").save(after, "JPEG", exif=exif_now())
    [trusted] = import_photos(ws, [after], attach_to=("visit", visit))
    row = store.photo(ws, trusted.photo_id)
    assert row["time_trusted"] == 1 and row["clock_confirmed_at"], row
    assert "time_unconfirmed" not in trusted.flags


def test_a_failed_sync_confirms_nothing(server, tmp_path):
    ws = server.enrolled(tmp_path / "a", "办公室甲")
    server.stop()
    with pytest.raises(Exception, match="同步中断"):
        sync(ws)
    assert clock.reading(ws).note == "设备时钟从未与服务器核对"
