"""The command line, and photo records travelling to another device like every record."""

import subprocess
import sys

from forms import dump
from forms.photos import import_photos, photo_path, store, watermarked
from forms.schema import SHARED_TABLES
from forms.workspace import Workspace

from .imaging import exif_bytes, jpeg


def cli(home, *args):
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_photos_add_prints_one_line_per_file(site, tmp_path):
    ws = site["ws"]
    home, visit = ws.home, site["visit"]
    ws.close()
    good = jpeg(tmp_path / "in" / "good.jpg", exif=exif_bytes("2026:11:20 10:00:00"))
    (tmp_path / "in" / "bad.jpg").write_text("not a photo")
    done = cli(home, "photos", "add", "--visit", visit, str(tmp_path / "in"), str(good))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines == [
        f"{tmp_path / 'in' / 'bad.jpg'}: refused: not an image (or a damaged one)",
        f"{good}: added [time_unconfirmed]",
        f"{good}: already attached",
    ]
    assert "1 added" in done.stderr and "1 refused" in done.stderr


def test_photos_add_fails_only_when_it_cannot_run(site, tmp_path):
    home = site["ws"].home
    site["ws"].close()
    done = cli(home, "photos", "add", "--visit", "no-such-visit", str(tmp_path))
    assert (
        done.returncode == 1 and done.stderr.strip() == "siteledger: no visit with id no-such-visit"
    )
    done = cli(home, "photos", "add", str(tmp_path))
    assert done.returncode == 2  # argparse: a target is required


def test_photo_records_sync_and_converge(site, tmp_path):
    ws = site["ws"]
    assert {"photos", "photo_links", "photo_link_events"} <= set(SHARED_TABLES)
    [result] = import_photos(
        ws,
        [jpeg(tmp_path / "a.jpg", exif=exif_bytes("2026:11:20 10:00:00"))],
        attach_to=("visit", site["visit"]),
        caption="大门",
    )
    store.set_caption(ws, result.link_id, "厂区大门", author_id=None)
    journal = [_change(row) for row in ws.db.query("SELECT body FROM changes ORDER BY hlc")]
    with Workspace.open(tmp_path / "other") as other:
        other.receive(journal)
        assert dump.dumps(other) == dump.dumps(ws)
        [link] = store.links(other, "visit", site["visit"])
        assert link["caption"] == "厂区大门" and link["working_sha256"]
        # the record arrived before the file: the hash says which file sync must fetch
        assert not photo_path(other, result.photo_id).exists()
        assert store.referenced_hashes(other) == store.referenced_hashes(ws)


def test_the_same_photo_imported_on_two_devices_converges(site, tmp_path):
    ws = site["ws"]
    source = jpeg(tmp_path / "a.jpg", exif=exif_bytes("2026:11:20 10:00:00"))
    shared = [_change(r) for r in ws.db.query("SELECT body FROM changes ORDER BY hlc")]
    with Workspace.open(tmp_path / "laptop2") as other:
        other.receive(shared)
        import_photos(other, [source], attach_to=("visit", site["visit"]))
        import_photos(ws, [source], attach_to=("visit", site["visit"]))
        mine = [_change(r) for r in ws.db.query("SELECT body FROM changes ORDER BY hlc")]
        theirs = [_change(r) for r in other.db.query("SELECT body FROM changes ORDER BY hlc")]
        other.receive(mine)
        ws.receive(theirs)
        assert dump.dumps(other) == dump.dumps(ws)
        assert len(store.links(ws, "visit", site["visit"])) == 2  # both links count


def test_watermarked_copy_is_separate_and_says_what_and_where(site, tmp_path):
    from PIL import Image

    ws = site["ws"]
    [result] = import_photos(
        ws,
        [
            jpeg(
                tmp_path / "a.jpg",
                Image.new("RGB", (1200, 900), "white"),
                exif=exif_bytes("2026:11:20 10:00:00"),
            )
        ],
        attach_to=("visit", site["visit"]),
    )
    working_before = photo_path(ws, result.photo_id).read_bytes()
    path = watermarked(ws, result.link_id)
    assert (
        path != photo_path(ws, result.photo_id)
        and photo_path(ws, result.photo_id).read_bytes() == working_before
    )
    assert watermarked(ws, result.link_id) == path  # made once
    with Image.open(path) as image:
        assert image.size == (1200, 900)
        top, bottom = image.getpixel((600, 100)), image.getpixel((1150, 890))
        assert min(top) > 240 and max(bottom) < 140  # white photo, dark band at the foot
        assert image.getexif().get_ifd(0x8769)[0x9003] == "2026:11:20 10:00:00"


def _change(row):
    import json

    return json.loads(row["body"])


def test_photos_core_does_not_load_qt():
    code = "import sys, forms.photos, forms.commands.photos; print(any(m.startswith('PySide6') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
