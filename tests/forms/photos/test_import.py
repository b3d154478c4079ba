"""Importing photos: facts, files, duplicates, bad input, cancel (real files through Pillow)."""

import hashlib
import struct
import zlib

import pytest
from PIL import Image, ImageFile

from forms.photos import import_photos, photo_path, store
from forms.photos.prepare import WORKING_SIDE

from .conftest import PROJECT_LAT, PROJECT_LON, set_setting
from .imaging import QUADRANTS, exif_bytes, jpeg, jpeg_bytes, quadrant_image

TAKEN = "2026:11:20 10:15:30"


def run(site, paths, **kwargs):
    kwargs.setdefault("attach_to", ("visit", site["visit"]))
    return import_photos(site["ws"], paths, author_id=site["person"], **kwargs)


def photo_files(ws):
    return sorted(p for p in ws.photos_dir.rglob("*") if p.is_file())


def assert_nothing_half_written(ws):
    leftovers = [p for p in ws.photos_dir.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    # every file belongs to a photo row, every photo row has its files
    rows = store.known_photo_ids(ws)
    on_disk = {p.name.split(".")[0].split("-")[0] for p in photo_files(ws)}
    assert on_disk == rows
    for sha in rows:
        assert photo_path(ws, sha, "working").exists() and photo_path(ws, sha, "thumb").exists()


def test_a_photo_is_added_with_its_files_and_facts(site, tmp_path):
    ws = site["ws"]
    source = jpeg(
        tmp_path / "in" / "site.jpg",
        quadrant_image(4000, 3000),
        exif=exif_bytes(TAKEN, PROJECT_LAT + 0.001, PROJECT_LON, offset="+08:00"),
    )
    [result] = run(site, [source])
    assert result.status == "added", result.line()
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    assert result.photo_id == sha
    assert photo_path(ws, sha, "original").read_bytes() == source.read_bytes()
    row = store.photo(ws, sha)
    assert (row["width"], row["height"]) == (4000, 3000)
    assert row["taken_at"] == "2026-11-20T10:15:30" and row["taken_offset"] == "+08:00"
    assert row["latitude"] == pytest.approx(PROJECT_LAT + 0.001, abs=1e-6)
    assert row["longitude"] == pytest.approx(PROJECT_LON, abs=1e-6)
    assert row["camera"] == "TestCam Model 1"
    working = photo_path(ws, sha, "working")
    assert row["working_sha256"] == hashlib.sha256(working.read_bytes()).hexdigest()
    with Image.open(working) as image:
        assert image.format == "JPEG" and max(image.size) == WORKING_SIDE
        kept = image.getexif()
        assert kept.get_ifd(0x8769)[0x9003] == TAKEN
        assert kept.get_ifd(0x8825)[1] == "N"
        assert 0x010F not in kept and 0x0131 not in kept  # camera make, software dropped
    with Image.open(photo_path(ws, sha, "thumb")) as thumb:
        assert max(thumb.size) == 320
    [link] = store.links(ws, "visit", site["visit"])
    assert link["link_flags"] == [] and link["distance_m"] == pytest.approx(111, abs=2)
    assert_nothing_half_written(ws)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_applied(site, tmp_path, orientation):
    upright = quadrant_image(64, 48)
    # The inverse of what the viewer must do, so that applying `orientation` gives `upright`.
    inverse = {
        1: None,
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_90,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_270,
    }[orientation]
    stored = upright.transpose(inverse) if inverse is not None else upright
    source = jpeg(
        tmp_path / f"o{orientation}.jpg",
        stored,
        exif=exif_bytes(TAKEN, orientation=orientation),
        quality=95,
    )
    [result] = run(site, [source])
    row = store.photo(site["ws"], result.photo_id)
    assert (row["width"], row["height"]) == (64, 48)
    with Image.open(photo_path(site["ws"], result.photo_id, "working")) as image:
        assert image.size == (64, 48)
        assert image.getexif().get(0x0112) in (None, 1)
        for i, colour in enumerate(QUADRANTS):
            x, y = 16 + (i % 2) * 32, 12 + (i // 2) * 24
            assert all(
                abs(a - b) < 40 for a, b in zip(image.getpixel((x, y)), colour, strict=True)
            ), (orientation, i, image.getpixel((x, y)))


def test_southern_and_western_gps_and_rational_seconds(site, tmp_path):
    source = jpeg(tmp_path / "sw.jpg", exif=exif_bytes(TAKEN, -33.8688, -151.2093))
    [result] = run(site, [source])
    row = store.photo(site["ws"], result.photo_id)
    assert row["latitude"] == pytest.approx(-33.8688, abs=1e-5)
    assert row["longitude"] == pytest.approx(-151.2093, abs=1e-5)
    assert "far_from_project" in result.flags


@pytest.mark.parametrize(
    "taken",
    [
        "0000:00:00 00:00:00",
        "2026:13:45 10:00:00",
        "    :  :     :  :  ",
        "1970:01:01 00:00:00",
        "2999:01:01 00:00:00",
        "yesterday",
    ],
)
def test_nonsense_dates_are_dropped_and_flagged(site, tmp_path, taken):
    [result] = run(
        site, [jpeg(tmp_path / "d.jpg", exif=exif_bytes(taken, PROJECT_LAT, PROJECT_LON))]
    )
    assert result.status == "added"
    row = store.photo(site["ws"], result.photo_id)
    assert row["taken_at"] is None
    assert "exif_time_invalid" in row["flags"] and "unverified" not in row["flags"]  # GPS is there


@pytest.mark.parametrize(
    "gps",
    [
        {1: "N", 2: (500.0, 0.0, 0.0), 3: "E", 4: (108.0, 0.0, 0.0)},
        {1: "N", 2: (0.0, 0.0, 0.0), 3: "E", 4: (0.0, 0.0, 0.0)},
        {1: "N", 2: (34.0, 75.0, 0.0), 3: "E", 4: (108.0, 0.0, 0.0)},
        {1: "N", 2: (34.0,), 3: "E", 4: (108.0, 0.0, 0.0)},
        {1: "N", 3: "E", 4: (108.0, 0.0, 0.0)},
    ],
)
def test_nonsense_gps_is_dropped_and_flagged(site, tmp_path, gps):
    [result] = run(site, [jpeg(tmp_path / "g.jpg", exif=exif_bytes(TAKEN, gps_raw=gps))])
    assert result.status == "added", result.line()
    row = store.photo(site["ws"], result.photo_id)
    assert row["latitude"] is None and row["longitude"] is None
    assert "gps_invalid" in row["flags"]
    with Image.open(photo_path(site["ws"], result.photo_id)) as image:
        assert not image.getexif().get_ifd(0x8825)  # a nonsense reading is not passed on


def test_no_exif_is_unverified(site, tmp_path):
    [result] = run(site, [jpeg(tmp_path / "plain.jpg")])
    assert result.status == "added"
    assert {"unverified", "no_exif_time", "no_gps"} <= set(
        store.photo(site["ws"], result.photo_id)["flags"]
    )
    assert "unverified" in result.line()


def test_duplicates_are_linked_not_stored_twice(site, tmp_path):
    ws = site["ws"]
    first = jpeg(tmp_path / "a.jpg", exif=exif_bytes(TAKEN))
    copy = tmp_path / "copy-of-a.jpg"
    copy.write_bytes(first.read_bytes())
    results = run(site, [first, copy])
    assert [r.status for r in results] == ["added", "duplicate"]
    files_before = photo_files(ws)
    [again] = run(site, [copy], attach_to=("problem", site["problem"]))
    assert again.status == "linked" and ": linked duplicate" in again.line()
    assert photo_files(ws) == files_before
    assert len(store.known_photo_ids(ws)) == 1
    assert len(store.links(ws, "problem", site["problem"])) == 1
    assert len(store.links(ws, "project", site["project"])) == 2


def test_caption_and_removal_are_records_and_files_stay(site, tmp_path):
    ws = site["ws"]
    [result] = run(site, [jpeg(tmp_path / "a.jpg")], caption="东侧厂房")
    [link] = store.links(ws, "visit", site["visit"])
    assert link["caption"] == "东侧厂房"
    store.set_caption(ws, link["link_id"], "东侧厂房主体封顶", author_id=site["person"])
    assert store.links(ws, "visit", site["visit"])[0]["caption"] == "东侧厂房主体封顶"
    assert [r["sha256"] for r in store.referenced_hashes(ws)] == [result.photo_id]
    store.remove_link(ws, link["link_id"], author_id=site["person"])
    assert store.links(ws, "visit", site["visit"]) == []
    assert store.referenced_hashes(ws) == []
    assert store.unreferenced_photo_ids(ws) == [result.photo_id]
    assert photo_path(ws, result.photo_id).exists()
    kinds = [r[0] for r in ws.db.execute("SELECT kind FROM photo_link_events ORDER BY hlc")]
    assert kinds == ["caption", "removed"]


def test_files_go_only_when_no_record_names_the_photo(site, tmp_path):
    from forms.photos import watermarked

    ws = site["ws"]
    source = jpeg(tmp_path / "a.jpg")
    [on_visit] = run(site, [source])
    [on_problem] = run(site, [source], attach_to=("problem", site["problem"]))
    watermarked(ws, on_visit.link_id)
    store.remove_link(ws, on_visit.link_id, author_id=None)
    assert store.purge_unreferenced(ws) == []  # the problem still names it
    assert photo_path(ws, on_visit.photo_id).exists()
    store.remove_link(ws, on_problem.link_id, author_id=None)
    assert store.purge_unreferenced(ws) == [on_visit.photo_id]
    assert photo_files(ws) == []
    assert store.photo(ws, on_visit.photo_id) is not None  # the record stays


def test_large_jpegs_are_decoded_at_reduced_scale(tmp_path):
    from forms.photos import prepare as prep

    source = tmp_path / "big.jpg"
    Image.new("RGB", (8000, 2000), (90, 140, 200)).save(source, "JPEG")
    with Image.open(source) as image:
        rgb, width, height = prep._decode_oriented(image)
        assert image.size == (4000, 1000)  # draft: libjpeg decoded at 1/2 scale
    assert rgb.size == (2560, 640) and (width, height) == (8000, 2000)


def test_originals_are_not_kept_when_the_workspace_says_so(site, tmp_path):
    set_setting(site["ws"], "photo_keep_originals", False)
    [result] = run(site, [jpeg(tmp_path / "a.jpg")])
    assert result.status == "added"
    assert not photo_path(site["ws"], result.photo_id, "original").exists()
    assert photo_path(site["ws"], result.photo_id, "working").exists()


# -- bad input -----------------------------------------------------------------------------------


def bomb_png(path):
    """A PNG whose header claims 20000 × 20000 pixels (over twice Pillow's bomb limit)."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + chunk(b"IEND", b"")
    )
    return path


def test_bad_files_are_refused_with_reasons_and_the_batch_goes_on(site, tmp_path):
    ws = site["ws"]
    folder = tmp_path / "card"
    folder.mkdir()
    (folder / "empty.jpg").write_bytes(b"")
    whole = jpeg_bytes(quadrant_image(800, 600), exif=exif_bytes(TAKEN))
    (folder / "truncated.jpg").write_bytes(whole[: len(whole) // 2])
    (folder / "notes.jpg").write_text("这不是照片", encoding="utf-8")
    (folder / "report.heic").write_bytes(b"%PDF-1.4\n" + b"0" * 200)
    bomb_png(folder / "bomb.png")
    Image.new("RGB", (8, 8)).save(folder / "icon.gif")
    jpeg(folder / "good.jpg", exif=exif_bytes(TAKEN))
    results = {r.path.name: r for r in run(site, [folder, tmp_path / "missing.jpg"])}
    assert results["good.jpg"].status == "added"
    reasons = {name: r.reason for name, r in results.items() if r.status == "refused"}
    assert set(reasons) == {
        "empty.jpg",
        "truncated.jpg",
        "notes.jpg",
        "report.heic",
        "bomb.png",
        "icon.gif",
        "missing.jpg",
    }
    assert "empty" in reasons["empty.jpg"]
    assert "truncated" in reasons["truncated.jpg"]
    assert "not an image" in reasons["notes.jpg"] and "not an image" in reasons["report.heic"]
    assert "too large" in reasons["bomb.png"]
    assert "unsupported format GIF" in reasons["icon.gif"]
    assert "not found" in reasons["missing.jpg"]
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert len(store.known_photo_ids(ws)) == 1
    assert_nothing_half_written(ws)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_hundred_megapixel_panorama_is_taken(site, tmp_path):
    source = tmp_path / "pano.jpg"
    Image.new("RGB", (20000, 5000), (90, 140, 200)).save(source, "JPEG", quality=70)
    [result] = run(site, [source])
    assert result.status == "added", result.line()
    row = store.photo(site["ws"], result.photo_id)
    assert (row["width"], row["height"]) == (20000, 5000)
    with Image.open(photo_path(site["ws"], result.photo_id)) as image:
        assert image.size == (2560, 640)


def test_cmyk_16bit_and_transparent_images_become_faithful_rgb(site, tmp_path):
    cmyk = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (64, 48), (0, 255, 255, 0)).save(cmyk, "JPEG", quality=95)  # red ink
    grey16 = tmp_path / "grey16.png"
    Image.new("I;16", (64, 48), 30000).save(grey16)
    clear = tmp_path / "clear.png"
    rgba = Image.new("RGBA", (64, 48), (0, 0, 0, 0))
    rgba.paste((0, 0, 200, 255), (0, 0, 32, 48))
    rgba.save(clear)
    results = run(site, [cmyk, grey16, clear])
    assert [r.status for r in results] == ["added"] * 3, [r.line() for r in results]
    pixels = []
    for r in results:
        with Image.open(photo_path(site["ws"], r.photo_id)) as image:
            assert image.mode == "RGB"
            pixels.append((image.getpixel((10, 10)), image.getpixel((54, 10))))
    (red, _), (grey, _), (blue, transparent) = pixels
    assert red[0] > 200 and red[1] < 60 and red[2] < 60
    assert all(abs(c - 30000 // 256) < 6 for c in grey)
    assert blue[2] > 150 and blue[0] < 60
    assert min(transparent) > 240  # transparent parts are paper-white, not black


def test_heic_is_read_with_its_exif(site, tmp_path):
    source = tmp_path / "IMG_0001.HEIC"
    upright = quadrant_image(64, 48)
    upright.save(source, "HEIF", quality=90, exif=exif_bytes(TAKEN, PROJECT_LAT, PROJECT_LON))
    [result] = run(site, [source])
    assert result.status == "added", result.line()
    row = store.photo(site["ws"], result.photo_id)
    assert row["original_format"] == "HEIF" and (row["width"], row["height"]) == (64, 48)
    assert row["taken_at"] == "2026-11-20T10:15:30"
    assert row["latitude"] == pytest.approx(PROJECT_LAT, abs=1e-5)


def test_webp_and_tiff_are_taken(site, tmp_path):
    quadrant_image().save(tmp_path / "a.webp", "WEBP")
    quadrant_image().save(tmp_path / "b.tif", "TIFF")
    results = run(site, [tmp_path / "a.webp", tmp_path / "b.tif"])
    assert [r.status for r in results] == ["added", "added"]


def test_a_folder_of_500_with_3_bad_files(site, tmp_path):
    folder = tmp_path / "dcim"
    for i in range(500):
        image = Image.new("RGB", (24, 16), (i % 256, (i * 7) % 256, (i // 2) % 256))
        jpeg(folder / f"IMG_{i:04d}.jpg", image)
    (folder / "IMG_0100.jpg").write_bytes(b"")
    (folder / "IMG_0200.jpg").write_bytes(b"garbage" * 10)
    good = (folder / "IMG_0300.jpg").read_bytes()
    (folder / "IMG_0300.jpg").write_bytes(good[:-200])
    seen = []
    results = run(site, [folder], progress=lambda done, total, r: seen.append((done, total)))
    assert len(results) == 500 and seen[-1] == (500, 500)
    refused = [r.path.name for r in results if r.status == "refused"]
    assert refused == ["IMG_0100.jpg", "IMG_0200.jpg", "IMG_0300.jpg"]
    assert (
        sum(r.status == "added" for r in results) + sum(r.status == "duplicate" for r in results)
        == 497
    )
    assert_nothing_half_written(site["ws"])


def test_cancel_keeps_what_is_done_and_nothing_half_written(site, tmp_path):
    ws = site["ws"]
    paths = [jpeg(tmp_path / f"{i}.jpg", quadrant_image(400 + i, 300)) for i in range(30)]
    progress = []
    results = run(
        site,
        paths,
        progress=lambda done, total, r: progress.append(done),
        cancelled=lambda: len(progress) >= 7,
    )
    statuses = [r.status for r in results]
    assert statuses == ["added"] * 7 + ["cancelled"] * 23
    assert len(store.known_photo_ids(ws)) == 7
    assert_nothing_half_written(ws)
    again = run(site, paths)
    assert [r.status for r in again] == ["duplicate"] * 7 + ["added"] * 23


def test_an_unknown_target_stops_the_command(site, tmp_path):
    from forms.errors import UserError

    with pytest.raises(UserError, match="no visit"):
        run(site, [jpeg(tmp_path / "a.jpg")], attach_to=("visit", "nope"))


def test_background_decoding_runs_in_low_priority_workers_not_in_this_process(site, tmp_path):
    import os

    from forms.photos import importer

    before = os.nice(0)
    [result] = run(site, [jpeg(tmp_path / "a.jpg")], background=True)
    assert result.status == "added"
    assert os.nice(0) == before  # the application (and its UI thread) keeps its priority
    low = importer._executor(background=True).submit(os.nice, 0).result()
    normal = importer._executor(background=False).submit(os.nice, 0).result()
    assert normal == before and (low >= before + 5 or low == 19)
