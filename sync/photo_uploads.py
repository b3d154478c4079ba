"""The server's photo folder and its uploads in progress (the storage behind the tus routes).

A photo is whole at `photos/<sha[:2]>/<sha>` with a row in the store, or in progress as
`partial/<sha>` beside `partial/<sha>.json` (the declared length, who started it, when). An upload
is finished — hash checked, fsynced, renamed into place, its row committed — as soon as all its
bytes are there, whenever that is noticed: by the request that wrote the last byte, by the next
HEAD, PATCH or creation for that photo, or by `recover` at start-up. So a server killed at any
step between the last byte and the row's commit finishes the photo the next time anyone asks; a
partial whose bytes do not hash to its name is discarded and the upload starts again from 0.

Every step on one photo holds a file lock (flock) on one of 256 lock files, so uploads are
ordered across threads and across server processes sharing the folder.

Partial uploads expire (`EXPIRE_AFTER` without a write, swept at start-up and hourly) and count
against a quota per device (`DEVICE_QUOTA` bytes declared by uploads not finished yet).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import faults, photo_files
from .protocol import MAX_PHOTO, is_sha256

EXPIRE_AFTER = dt.timedelta(days=7)
DEVICE_QUOTA = 2 * 1024 * 1024 * 1024  # bytes declared by one device's unfinished uploads
SWEEP_EVERY = 3600.0  # seconds between sweeps of expired partial uploads


@dataclass(frozen=True)
class Upload:
    """Where one photo's upload stands. `offset == length` only once it is finished."""

    sha256: str
    offset: int
    length: int

    @property
    def complete(self) -> bool:
        return self.offset == self.length


class UploadRefused(Exception):
    """An upload request that cannot be taken: `status` is the HTTP status to answer."""

    def __init__(self, status: int, detail: str, upload: Upload | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.upload = upload


class Uploads:
    def __init__(
        self,
        data: Path,
        store,
        *,
        expire_after: dt.timedelta = EXPIRE_AFTER,
        quota: int = DEVICE_QUOTA,
    ) -> None:
        self.dir = data / "photos"
        self.partial = data / "partial"
        self.store = store
        self.expire_after = expire_after
        self.quota = quota
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.partial / ".locks").mkdir(parents=True, exist_ok=True)
        photo_files.make_folders(self.dir)
        self._last_sweep = 0.0

    # -- names -------------------------------------------------------------------------------

    def final(self, sha256: str) -> Path:
        return photo_files.photo_path(self.dir, sha256)

    def part(self, sha256: str) -> Path:
        return self.partial / sha256

    def _info(self, sha256: str) -> Path:
        return self.partial / f"{sha256}.json"

    @contextmanager
    def locked(self, sha256: str) -> Iterator[None]:
        lock = self._lock(sha256)
        try:
            yield
        finally:
            _unlock(lock)

    # -- the steps ---------------------------------------------------------------------------

    def state(self, sha256: str) -> Upload | None:
        """The upload of `sha256` (finished if all its bytes are here), or None if none exists."""
        with self.locked(sha256):
            return self._settle(sha256)

    def create(self, sha256: str, length: int, device_id: str) -> Upload:
        """Declare an upload of `length` bytes (tus creation); an existing one is kept as it is."""
        self._sweep_now_and_then()
        with self.locked(sha256):
            upload = self._settle(sha256)
            if upload is not None:
                if upload.length != length:
                    raise UploadRefused(
                        409, f"此照片已按 {upload.length} 字节开始上传，不是 {length} 字节", upload
                    )
                return upload
            return self._declare(sha256, length, device_id)

    def append(
        self,
        sha256: str,
        offset: int,
        chunks: list[bytes],
        *,
        length: int | None = None,
        device_id: str = "",
    ) -> Upload:
        """Append a request's bytes at `offset` (tus PATCH); the upload after it. See `begin`."""
        appender = self.begin(sha256, offset, length=length, device_id=device_id)
        if isinstance(appender, Upload):
            return appender
        try:
            for chunk in chunks:  # chunk by chunk: joining them would copy every byte again
                appender.write(chunk)
        finally:
            upload = appender.close()
        return upload

    def begin(
        self, sha256: str, offset: int, *, length: int | None = None, device_id: str = ""
    ) -> Appender | Upload:
        """Start appending at `offset`: an `Appender` holding the photo's lock until closed, or
        the finished upload (a whole photo takes nothing and answers finished).

        An upload that does not exist yet is created when `length` is given and `offset` is 0
        (a PATCH that declares its length)."""
        lock = self._lock(sha256)
        try:
            upload = self._settle(sha256)
            if upload is None:
                if length is None or offset != 0:
                    raise UploadRefused(404, "没有这张照片的上传：请先创建（POST）")
                upload = self._declare(sha256, length, device_id)
            if upload.complete:
                _unlock(lock)
                return upload
            if length is not None and length != upload.length:
                raise UploadRefused(409, "Upload-Length 与创建时声明的不同", upload)
            if offset != upload.offset:
                raise UploadRefused(409, "Upload-Offset 与服务器已有的字节数不符", upload)
            return Appender(self, sha256, upload, lock)
        except BaseException:
            _unlock(lock)
            raise

    def _lock(self, sha256: str):
        f = open(self.partial / ".locks" / sha256[:2], "a+b")  # noqa: SIM115 (held past here)
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        return f

    # -- finishing ---------------------------------------------------------------------------

    def _settle(self, sha256: str) -> Upload | None:
        """Finish what can be finished; the upload as it then stands (under the lock)."""
        final = self.final(sha256)
        if final.exists() and self.store.has_photo(sha256):
            self._forget(sha256)
            return Upload(sha256, final.stat().st_size, final.stat().st_size)
        if final.exists():
            # renamed into place, its row never committed: check it and write the row
            size = final.stat().st_size
            if photo_files.file_sha256(final) == sha256:
                self._record(sha256, size, [final.parent])
                self._forget(sha256)
                return Upload(sha256, size, size)
            final.unlink()
        declared = self._declared(sha256)
        part = self.part(sha256)
        if declared is None:
            part.unlink(missing_ok=True)  # no declared length: it can never be finished
            return None
        size = part.stat().st_size if part.exists() else 0
        if size < declared["length"]:
            return Upload(sha256, size, declared["length"])
        return self._finish(sha256, declared["length"])

    def _finish(self, sha256: str, length: int, digest=None) -> Upload | None:
        """All bytes are in the partial file: place it and record it, or discard it (None)."""
        part = self.part(sha256)
        size = part.stat().st_size
        if digest is None or size != length:
            digest = hashlib.sha256()
            with open(part, "rb") as f:
                while block := f.read(1024 * 1024):
                    digest.update(block)
        if size != length or digest.hexdigest() != sha256:
            self._forget(sha256)
            return None
        # The file is whole and durable at its final name before the row that names it; the
        # folder fsync that makes the rename durable runs in the row's group commit.
        folders = photo_files.place(part, self.final(sha256))
        faults.point("after_rename")
        self._record(sha256, size, folders)
        self._forget(sha256)
        return Upload(sha256, size, size)

    def _record(self, sha256: str, size: int, folders: Iterable[Path]) -> None:
        faults.point("before_photo_commit")
        self.store.photo_stored(sha256, size, folders)
        faults.point("after_photo_commit")

    def _declare(self, sha256: str, length: int, device_id: str) -> Upload:
        if length > MAX_PHOTO:
            raise UploadRefused(413, f"照片超过 {MAX_PHOTO // 1024 // 1024} MB")
        if device_id and self.reserved(device_id) + length > self.quota:
            raise UploadRefused(
                413, f"本设备未完成的照片上传超过配额 {self.quota // 1024 // 1024} MB，请稍后再传"
            )
        info = self._info(sha256)
        temp = info.with_name(f".{info.name}.tmp")
        temp.write_text(json.dumps({"length": length, "device": device_id, "at": time.time()}))
        os.replace(temp, info)
        self.part(sha256).unlink(missing_ok=True)
        self.part(sha256).touch()
        return Upload(sha256, 0, length)

    def _declared(self, sha256: str) -> dict | None:
        try:
            declared = json.loads(self._info(sha256).read_text())
        except (OSError, ValueError):
            return None
        return declared if isinstance(declared.get("length"), int) else None

    def _forget(self, sha256: str) -> None:
        self.part(sha256).unlink(missing_ok=True)
        self._info(sha256).unlink(missing_ok=True)

    # -- housekeeping ------------------------------------------------------------------------

    def reserved(self, device_id: str) -> int:
        """Bytes declared by `device_id`'s unfinished uploads."""
        total = 0
        for sha256 in self._in_progress():
            declared = self._declared(sha256)
            if declared and declared.get("device") == device_id:
                total += declared["length"]
        return total

    def _in_progress(self) -> list[str]:
        return [p.name for p in self.partial.iterdir() if is_sha256(p.name)] + [
            p.stem
            for p in self.partial.glob("*.json")
            if is_sha256(p.stem) and not self.part(p.stem).exists()
        ]

    def recover(self) -> dict[str, int]:
        """At start-up: finish every upload whose bytes are all here (or discard it), drop
        expired ones, and record photos renamed into place whose row never committed."""
        counts = {"finished": 0, "discarded": 0, "expired": 0, "rows": 0}
        counts["expired"] = self.expire()
        for sha256 in self._in_progress():
            with self.locked(sha256):
                upload = self._settle(sha256)
            if upload is None:
                counts["discarded"] += 1
            elif upload.complete:
                counts["finished"] += 1
        # A crash between the rename and the row leaves a recent file with no row.
        recent = time.time() - self.expire_after.total_seconds()
        for folder in self.dir.iterdir():
            if not folder.is_dir():
                continue
            for file in folder.iterdir():
                if is_sha256(file.name) and file.stat().st_mtime > recent:
                    if not self.store.has_photo(file.name):
                        with self.locked(file.name):
                            upload = self._settle(file.name)
                        counts["rows"] += bool(upload and upload.complete)
        return counts

    def expire(self, now: float | None = None) -> int:
        """Drop partial uploads not written to for `expire_after`; how many."""
        cutoff = (now or time.time()) - self.expire_after.total_seconds()
        dropped = 0
        for sha256 in self._in_progress():
            with self.locked(sha256):
                paths = [p for p in (self.part(sha256), self._info(sha256)) if p.exists()]
                if paths and max(p.stat().st_mtime for p in paths) < cutoff:
                    self._forget(sha256)
                    dropped += 1
        self._last_sweep = time.monotonic()
        return dropped

    def _sweep_now_and_then(self) -> None:
        if time.monotonic() - self._last_sweep > SWEEP_EVERY:
            self.expire()


def _unlock(lock) -> None:
    fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
    lock.close()


class Appender:
    """Bytes of one request written to the partial file as they arrive (what came before a cut
    connection or a killed server stays), holding the photo's lock until `close`."""

    def __init__(self, uploads: Uploads, sha256: str, upload: Upload, lock) -> None:
        self.uploads = uploads
        self.sha256 = sha256
        self.length = upload.length
        self.offset = upload.offset
        self.overflow = False
        self._lock = lock
        self._file = open(uploads.part(sha256), "ab")  # noqa: SIM115 (closed in close)
        # From 0 the bytes are hashed as they come, so a photo sent in one piece is not read back.
        self._digest = hashlib.sha256() if upload.offset == 0 else None

    def write(self, chunk: bytes) -> None:
        room = self.length - self.offset
        if len(chunk) > room:
            self.overflow = True
            chunk = chunk[:room]
        self._file.write(chunk)
        if self._digest is not None:
            self._digest.update(chunk)
        self.offset += len(chunk)

    def close(self) -> Upload:
        """The upload after these bytes: finished if they were the last (or UploadRefused)."""
        try:
            self._file.close()
            if self.offset < self.length:
                upload = Upload(self.sha256, self.offset, self.length)
            else:
                faults.point("after_last_byte")
                upload = self.uploads._finish(self.sha256, self.length, self._digest)
                if upload is None:
                    raise UploadRefused(422, "照片内容与其 SHA-256 不符，已丢弃，请重新上传")
        finally:
            _unlock(self._lock)
        if self.overflow:
            raise UploadRefused(400, "上传的字节超出了声明的 Upload-Length", upload)
        return upload
