"""The server's photo folders."""

from __future__ import annotations

from sync import photo_files


def test_the_256_photo_folders_are_made_once(tmp_path):
    photos = tmp_path / "photos"
    photo_files.make_folders(photos)
    folders = sorted(p.name for p in photos.iterdir())
    assert folders == [f"{n:02x}" for n in range(256)]
    sha = "ab" + "0" * 62
    assert photo_files.photo_path(photos, sha).parent.is_dir()
    (photos / "ab" / sha).write_bytes(b"kept")
    photo_files.make_folders(photos)  # a restarted server keeps what is there
    assert (photos / "ab" / sha).read_bytes() == b"kept"
