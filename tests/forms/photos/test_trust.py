"""Trustworthy time (device clock vs the last confirmation) and the plausibility rules."""

import datetime as dt
import json

import pytest

from forms.photos import clock, confirm_clock, import_photos, plausibility, store

from .conftest import PROJECT_LAT, PROJECT_LON, set_setting
from .imaging import exif_bytes, jpeg

UTC = dt.UTC


def confirm_at(ws, server, mono=1000.0, boot="boot-a"):
    ws.local_set(
        clock.LOCAL_KEY, json.dumps({"server": server.isoformat(), "monotonic": mono, "boot": boot})
    )


def test_never_confirmed_clock_is_not_trusted(ws):
    r = clock.reading(ws)
    assert not r.trusted and "从未" in r.note


def test_confirmed_clock_on_the_same_boot_is_trusted_until_it_drifts(ws):
    server = dt.datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    confirm_at(ws, server)
    later = server + dt.timedelta(hours=5)
    ok = clock.reading(
        ws, wall=later + dt.timedelta(seconds=20), mono=1000.0 + 5 * 3600, boot="boot-a"
    )
    assert ok.trusted and ok.offset_s == pytest.approx(5 * 3600) and ok.drift_s == pytest.approx(20)
    set_back = clock.reading(
        ws, wall=later - dt.timedelta(days=2), mono=1000.0 + 5 * 3600, boot="boot-a"
    )
    assert not set_back.trusted and set_back.drift_s == pytest.approx(-2 * 86400)
    assert "2.0 天" in set_back.note


def test_a_restart_since_the_confirmation_loses_trust(ws):
    confirm_at(ws, dt.datetime(2026, 11, 20, 8, 0, tzinfo=UTC))
    wall = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert not clock.reading(ws, wall=wall, mono=50.0, boot="boot-b").trusted
    assert not clock.reading(ws, wall=wall, mono=10.0, boot="boot-a").trusted  # went backwards


def test_a_clock_behind_what_the_workspace_has_seen_is_not_trusted(ws):
    now = dt.datetime.now(UTC)
    confirm_clock(ws, now)
    assert clock.reading(ws).trusted
    ws.record("setting", "x", {"value": "1"})  # stamps the HLC at the real now
    assert not clock.reading(ws, wall=now - dt.timedelta(days=3)).trusted


def test_confirm_clock_needs_a_timezone(ws):
    with pytest.raises(ValueError):
        confirm_clock(ws, dt.datetime(2026, 11, 20, 8, 0))


def test_photos_record_the_clock_and_are_trusted_only_when_confirmed(site, tmp_path):
    ws = site["ws"]
    photo = jpeg(
        tmp_path / "a.jpg", exif=exif_bytes("2026:11:20 10:00:00", PROJECT_LAT, PROJECT_LON)
    )
    [untrusted] = import_photos(ws, [photo], attach_to=("visit", site["visit"]))
    row = store.photo(ws, untrusted.photo_id)
    assert row["time_trusted"] == 0 and row["imported_at"] and "time_unconfirmed" in untrusted.flags
    confirm_clock(ws, dt.datetime.now(UTC))
    other = jpeg(
        tmp_path / "b.jpg", exif=exif_bytes("2026:11:20 10:00:01", PROJECT_LAT, PROJECT_LON)
    )
    [trusted] = import_photos(ws, [other], attach_to=("visit", site["visit"]))
    row = store.photo(ws, trusted.photo_id)
    assert row["time_trusted"] == 1 and row["clock_confirmed_at"] and row["clock_offset_s"] >= 0
    assert abs(row["clock_drift_s"]) < 5
    no_time = jpeg(tmp_path / "c.jpg")
    [unknown] = import_photos(ws, [no_time], attach_to=("visit", site["visit"]))
    assert store.photo(ws, unknown.photo_id)["time_trusted"] == 0


def test_a_photo_taken_after_the_confirmed_now_is_not_trusted(site, tmp_path):
    ws = site["ws"]
    confirm_clock(ws, dt.datetime.now(UTC))
    future = (dt.datetime.now() + dt.timedelta(days=1, hours=1)).strftime("%Y:%m:%d %H:%M:%S")
    [result] = import_photos(
        ws, [jpeg(tmp_path / "f.jpg", exif=exif_bytes(future))], attach_to=("visit", site["visit"])
    )
    row = store.photo(ws, result.photo_id)
    assert row["time_trusted"] == 0 and "晚于" in row["time_note"]


# -- plausibility ---------------------------------------------------------------------------------


def import_one(site, tmp_path, taken, lat=PROJECT_LAT, lon=PROJECT_LON, kind="visit"):
    path = jpeg(
        tmp_path / f"{taken.replace(':', '').replace(' ', '')}-{lat}-{kind}.jpg",
        exif=exif_bytes(taken, lat, lon),
    )
    [result] = import_photos(site["ws"], [path], attach_to=(kind, site[kind]))
    assert result.status in ("added", "linked"), result.line()
    return result


@pytest.mark.parametrize(
    "taken, flagged",
    [
        ("2026:11:20 00:00:01", False),
        ("2026:11:20 23:59:00", False),
        ("2026:11:21 01:30:00", False),  # within the default 3 h tolerance
        ("2026:11:19 21:30:00", False),
        ("2026:11:21 04:00:00", True),
        ("2026:11:19 20:00:00", True),
        ("2025:11:20 10:00:00", True),
    ],
)
def test_photos_outside_the_visit_day_are_flagged_not_refused(site, tmp_path, taken, flagged):
    result = import_one(site, tmp_path, taken)
    assert ("outside_visit_day" in result.flags) is flagged


def test_day_tolerance_is_a_workspace_setting(site, tmp_path):
    set_setting(site["ws"], "photo_day_tolerance_hours", 0)
    assert "outside_visit_day" in import_one(site, tmp_path, "2026:11:21 01:30:00").flags


def test_distance_from_the_project_is_flagged_beyond_the_setting(site, tmp_path):
    near = import_one(site, tmp_path, "2026:11:20 10:00:00", lat=PROJECT_LAT + 0.005)  # ≈ 556 m
    assert "far_from_project" not in near.flags
    far = import_one(site, tmp_path, "2026:11:20 10:00:01", lat=PROJECT_LAT + 0.02)  # ≈ 2.2 km
    assert "far_from_project" in far.flags
    set_setting(site["ws"], "photo_max_distance_m", 3000)
    again = import_one(
        site, tmp_path, "2026:11:20 10:00:01", lat=PROJECT_LAT + 0.02, kind="problem"
    )
    assert "far_from_project" not in again.flags
    [far_link] = [
        r for r in store.links(site["ws"], "visit", site["visit"]) if r["link_id"] == far.link_id
    ]
    assert far_link["distance_m"] == pytest.approx(2224, rel=0.01)


def test_problem_photos_are_checked_against_the_problems_visit_day(site, tmp_path):
    assert (
        "outside_visit_day"
        in import_one(site, tmp_path, "2026:10:01 10:00:00", kind="problem").flags
    )
    assert (
        "outside_visit_day"
        not in import_one(site, tmp_path, "2026:11:20 11:00:00", kind="problem").flags
    )


def test_project_photos_have_no_day_rule(site, tmp_path):
    result = import_one(site, tmp_path, "2024:01:01 10:00:00", kind="project")
    assert "outside_visit_day" not in result.flags


def test_haversine_against_a_known_distance():
    # Xi'an Bell Tower to Big Wild Goose Pagoda, about 4.8 km
    assert plausibility.haversine_m(34.26103, 108.94249, 34.21981, 108.95963) == pytest.approx(
        4850, rel=0.05
    )
