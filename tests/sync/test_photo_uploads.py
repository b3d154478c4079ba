"""The server's upload store: a photo whose bytes are all there is finished whenever that is
noticed; one whose bytes do not match is discarded; partials expire and count against a quota.

And the stuck photo of issue 11 reproduced: a real server process killed (SIGKILL, through the
fault points of sync/faults.py) at every step between the last byte and the answer; after the
restart the photo is finished, the laptop confirms it, and nothing is left half-done.
"""

from __future__ import annotations

import hashlib
import os
import time

import pytest

from sync import laptop_state
from sync.client import Client, SyncError
from sync.photo_uploads import UploadRefused, Uploads
from sync.store import Store

from .helpers import add_photo, demo_queued


def sync(ws, **kw):
    with Client(ws) as client:
        return client.sync(**kw)


@pytest.fixture
def uploads(tmp_path):
    store = Store.open(tmp_path / "server")
    yield Uploads(tmp_path / "server", store, quota=1000)
    store.close()


def photo_bytes(n: int, seed: int = 0) -> tuple[str, bytes]:
    data = hashlib.sha256(str(seed).encode()).digest() * (n // 32 + 1)
    data = data[:n]
    return hashlib.sha256(data).hexdigest(), data


def test_all_bytes_there_but_never_finished_is_finished_on_the_next_head(uploads):
    sha, data = photo_bytes(500)
    uploads.create(sha, len(data), "dev")
    uploads.part(sha).write_bytes(data)  # what a server killed after the last byte leaves
    upload = uploads.state(sha)
    assert upload.complete and upload.offset == 500
    assert uploads.store.has_photo(sha) and uploads.final(sha).read_bytes() == data
    assert not uploads.part(sha).exists()


def test_a_partial_whose_bytes_do_not_match_is_discarded_and_starts_over(uploads):
    sha, data = photo_bytes(500)
    uploads.create(sha, len(data), "dev")
    uploads.part(sha).write_bytes(b"x" * 500)
    assert uploads.state(sha) is None  # gone: the upload starts again from 0
    assert not uploads.part(sha).exists() and not uploads.store.has_photo(sha)
    assert uploads.append(sha, 0, [data], length=500).complete


def test_renamed_into_place_without_its_row_is_recorded_at_start_up(uploads):
    sha, data = photo_bytes(300)
    uploads.final(sha).write_bytes(data)  # the rename happened, the row's commit did not
    assert not uploads.store.has_photo(sha)
    assert uploads.recover()["rows"] == 1
    assert uploads.store.has_photo(sha)


def test_partials_expire_and_count_against_a_quota_per_device(uploads):
    first, second, third = (photo_bytes(600, seed)[0] for seed in (1, 2, 3))
    uploads.create(first, 600, "laptop")
    with pytest.raises(UploadRefused) as refused:
        uploads.create(second, 600, "laptop")
    assert refused.value.status == 413 and "配额" in refused.value.detail
    uploads.create(third, 600, "other laptop")  # the quota is per device
    old = time.time() - 8 * 24 * 3600
    for path in (uploads.part(first), uploads.partial / f"{first}.json"):
        os.utime(path, (old, old))
    assert uploads.expire() == 1
    assert uploads.state(first) is None and uploads.state(third).offset == 0
    uploads.create(second, 600, "laptop")  # room again


@pytest.mark.parametrize(
    "fault", ["after_last_byte", "after_rename", "before_photo_commit", "after_photo_commit"]
)
def test_server_killed_finishing_a_photo_finishes_it_after_restart(server, tmp_path, fault):
    a = server.enrolled(tmp_path / "a", "办公室甲")
    b = server.enrolled(tmp_path / "b", "办公室乙")
    demo_queued(a)
    photo = add_photo(a, size=300_000)
    server.stop()
    server.fault = fault
    server.start()
    with pytest.raises(SyncError):
        sync(a)
    assert server.died(), f"the server did not reach {fault}"
    assert laptop_state.status(a).photos_waiting == 1
    server.fault = None
    server.start()
    # at start-up: the photo is finished before anyone asks
    store = server.store()
    try:
        assert store.has_photo(photo.working)
    finally:
        store.close()
    assert not list((server.data / "partial").glob(f"{photo.working}*"))
    assert sync(a).photos_sent == 1
    status = laptop_state.status(a)
    assert status.synced and status.photos_waiting == 0 and not status.waits
    served = photo.on_server(server.data).read_bytes()
    assert hashlib.sha256(served).hexdigest() == photo.working
    assert sync(b).photos_fetched == 1 and photo.at(b).read_bytes() == photo.path.read_bytes()
