"""The photo route speaks tus 1.0.0 (core, creation, checksum): tuspy, an independent tus
client, uploads in chunks, stops part-way and resumes with a new uploader; the protocol's
answers one by one, against a real server process."""

from __future__ import annotations

import base64
import hashlib

import httpx
import pytest
from tusclient.client import TusClient

from sync import laptop_state
from sync.client import Client
from sync.protocol import MAX_PHOTO

from .helpers import add_photo, demo_queued

TUS = {"Tus-Resumable": "1.0.0"}
BYTES = {**TUS, "Content-Type": "application/offset+octet-stream"}


def http(server, ws) -> httpx.Client:
    token = laptop_state.get_secret(ws, "token")
    return httpx.Client(
        base_url=f"{server.url}/v1", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )


@pytest.fixture
def laptop(server, tmp_path):
    """A laptop whose photo records (not yet the photo) are on the server."""
    ws = server.enrolled(tmp_path / "a", "办公室甲")
    demo_queued(ws)
    photo = add_photo(ws, size=1_000_000)
    with Client(ws) as client:
        client.sync(photos=False)
    return ws, photo


def test_tuspy_uploads_in_chunks_stops_and_resumes_with_a_new_uploader(server, laptop):
    ws, photo = laptop
    data = photo.path.read_bytes()
    tus = TusClient(
        f"{server.url}/v1/photos",
        headers={"Authorization": f"Bearer {laptop_state.get_secret(ws, 'token')}"},
    )
    first = tus.uploader(
        str(photo.path),
        chunk_size=128 * 1024,
        metadata={"sha256": photo.working},
        upload_checksum=True,  # tuspy sends sha1; the server takes sha1 and sha256
    )
    first.upload(stop_at=512 * 1024)
    assert first.url == f"{server.url}/v1/photos/{photo.working}"
    with http(server, ws) as client:
        head = client.head(f"/photos/{photo.working}", headers=TUS)
    assert head.status_code == 200
    assert head.headers["Upload-Offset"] == str(512 * 1024)
    assert head.headers["Upload-Length"] == str(len(data))
    assert head.headers["Cache-Control"] == "no-store" and head.headers["Tus-Resumable"] == "1.0.0"
    assert not photo.on_server(server.data).exists()
    # a new uploader, knowing only the URL, resumes where the server is
    second = tus.uploader(str(photo.path), url=first.url, chunk_size=300_000, upload_checksum=True)
    assert second.offset == 512 * 1024
    second.upload()
    assert photo.on_server(server.data).read_bytes() == data
    # our own client finds it whole: nothing waits
    with Client(ws) as client:
        assert client.sync().photos_sent == 1
    assert laptop_state.status(ws).synced


def test_tus_answers(server, laptop):
    ws, photo = laptop
    sha, data = photo.working, photo.path.read_bytes()
    with http(server, ws) as client:
        options = client.options("/photos")
        assert options.status_code == 204
        assert options.headers["Tus-Version"] == "1.0.0"
        assert set(options.headers["Tus-Extension"].split(",")) >= {"creation", "checksum"}
        assert options.headers["Tus-Max-Size"] == str(MAX_PHOTO)
        assert "sha256" in options.headers["Tus-Checksum-Algorithm"]
        assert client.head(f"/photos/{sha}", headers=TUS).status_code == 404  # none yet
        old = client.head(f"/photos/{sha}", headers={"Tus-Resumable": "0.2.2"})
        assert old.status_code == 412 and old.headers["Tus-Version"] == "1.0.0"
        metadata = "sha256 " + base64.b64encode(sha.encode()).decode()
        created = client.post(
            "/photos", headers={**TUS, "Upload-Length": str(len(data)), "Upload-Metadata": metadata}
        )
        assert created.status_code == 201
        assert created.headers["Location"] == f"/v1/photos/{sha}"
        assert created.headers["Upload-Offset"] == "0"
        patch = lambda offset, body, **more: client.patch(  # noqa: E731
            f"/photos/{sha}", content=body, headers={**BYTES, "Upload-Offset": str(offset), **more}
        )
        wrong_type = client.patch(
            f"/photos/{sha}", content=data[:10], headers={**TUS, "Upload-Offset": "0"}
        )
        assert wrong_type.status_code == 415
        first = patch(0, data[:1000])
        assert first.status_code == 204 and first.headers["Upload-Offset"] == "1000"
        conflict = patch(500, data[500:2000])
        assert conflict.status_code == 409 and conflict.headers["Upload-Offset"] == "1000"
        bad = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
        mismatch = patch(1000, data[1000:2000], **{"Upload-Checksum": f"sha256 {bad}"})
        assert mismatch.status_code == 460
        good = base64.b64encode(hashlib.sha256(data[1000:2000]).digest()).decode()
        checked = patch(1000, data[1000:2000], **{"Upload-Checksum": f"sha256 {good}"})
        assert checked.status_code == 204 and checked.headers["Upload-Offset"] == "2000"
        unknown = patch(2000, data[2000:3000], **{"Upload-Checksum": "crc32 AAAA"})
        assert unknown.status_code == 400
        # the last chunk with wrong bytes: the whole photo does not match its name
        rest = len(data) - 2000
        assert patch(2000, b"\0" * rest).status_code == 422
        assert client.head(f"/photos/{sha}", headers=TUS).status_code == 404  # starts over
        assert not (server.data / "partial" / sha).exists()
        whole = patch(0, data, **{"Upload-Length": str(len(data))})  # creation by PATCH
        assert whole.status_code == 204 and whole.headers["Upload-Offset"] == str(len(data))
        done = client.head(f"/photos/{sha}", headers=TUS)
        assert done.headers["Upload-Offset"] == done.headers["Upload-Length"] == str(len(data))
        again = patch(0, data, **{"Upload-Length": str(len(data))})  # whole already: no-op
        assert again.status_code == 204 and again.headers["Upload-Offset"] == str(len(data))
        too_big = client.post(
            "/photos",
            headers={**TUS, "Upload-Length": str(MAX_PHOTO + 1), "Upload-Metadata": metadata},
        )
        assert too_big.status_code == 413
        assert client.get(f"/photos/{sha}").content == data
