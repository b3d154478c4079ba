"""An encrypted workspace syncs its photos: sealed at rest on the laptop, plain (and verified by
their hash) on the wire and in bundles, sealed again where another encrypted laptop stores them."""

from __future__ import annotations

import hashlib

from forms import crypto, encryption, projects
from forms.photos import import_photos, photo_path
from forms.photos import store as photo_store
from forms.photos.files import read_plain
from forms.workspace import Workspace
from sync import bundle
from sync.client import Client

from .helpers import noise_jpeg

PASSWORD = "a long enough password"


def sync(ws: Workspace):
    with Client(ws) as client:
        return client.sync()


def add_photo(ws: Workspace, project_id: str, seed: int) -> tuple[str, str]:
    source = noise_jpeg(ws.home.parent / f"camera-{seed}.jpg", 150_000, seed)
    [result] = import_photos(ws, [source], attach_to=("project", project_id))
    assert result.ok, result.line()
    return result.photo_id, photo_store.photo(ws, result.photo_id)["working_sha256"]


def working(ws: Workspace, photo_id: str) -> bytes:
    return photo_path(ws, photo_id, "working").read_bytes()


def test_an_encrypted_laptop_syncs_its_photos_both_ways(server, tmp_path):
    sealed_home = tmp_path / "sealed"
    server.enrolled(sealed_home, "专班办公室").close()
    encryption.encrypt(sealed_home, PASSWORD)
    sealed = Workspace.open(sealed_home, password=PASSWORD)
    plain = server.enrolled(tmp_path / "plain", "督查室")
    try:
        project = projects.create(sealed, {"code": "XM1", "name": "再生铝项目"})
        mine, mine_hash = add_photo(sealed, project, seed=1)
        assert crypto.is_sealed(working(sealed, mine))  # at rest on the laptop
        report = sync(sealed)
        assert report.photos_sent == 1 and not report.photos_waiting
        sync(plain)
        arrived = working(plain, mine)
        assert hashlib.sha256(arrived).hexdigest() == mine_hash  # plain on the wire, verified
        assert arrived == read_plain(photo_path(sealed, mine, "working"), sealed.photo_key)

        theirs, theirs_hash = add_photo(plain, project, seed=2)
        sync(plain)
        sync(sealed)
        fetched = working(sealed, theirs)
        assert crypto.is_sealed(fetched)  # sealed as it was written
        assert hashlib.sha256(crypto.open_sealed(sealed.photo_key, fetched)).hexdigest() == (
            theirs_hash
        )

        # by file: a bundle carries plain bytes; the encrypted side stores them sealed
        third, third_hash = add_photo(plain, project, seed=3)
        bundle.export(plain, tmp_path / "to-sealed.zip")
        bundle.import_(sealed, tmp_path / "to-sealed.zip")
        stored = working(sealed, third)
        assert crypto.is_sealed(stored)
        assert hashlib.sha256(crypto.open_sealed(sealed.photo_key, stored)).hexdigest() == (
            third_hash
        )
    finally:
        sealed.close()
        plain.close()
