"""Importing a batch of photos into a visit, a problem or a project.

The CPU work (hash, decode, scale, encode, write files) runs in a pool of processes, one per
core; the database writes run on the calling thread (the workspace's one writer), one short
transaction per photo, each committed only after its files are in place. One file's failure
never stops the batch; a cancel stops it between photos: what is done stays, what was in
flight is discarded with its files.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from ..errors import UserError
from . import background as background_mod
from . import clock, plausibility, store
from .prepare import Prepared, Refused, discard, prepare

ADDED, LINKED, DUPLICATE, REFUSED, CANCELLED = (
    "added",
    "linked",
    "duplicate",
    "refused",
    "cancelled",
)
_WORDS = {
    ADDED: "added",
    LINKED: "linked duplicate",
    DUPLICATE: "already attached",
    REFUSED: "refused",
    CANCELLED: "cancelled",
}
SKIPPED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass
class Result:
    path: Path
    status: str  # added | linked | duplicate | refused | cancelled
    reason: str = ""
    photo_id: str | None = None  # sha256 of the original
    link_id: str | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in (ADDED, LINKED, DUPLICATE)

    def line(self) -> str:
        """One line for the command line: path, what happened, why."""
        text = f"{self.path}: {_WORDS[self.status]}"
        if self.reason:
            text += f": {self.reason}"
        warnings = [f for f in self.flags if f in plausibility.WARNINGS]
        if warnings and self.ok:
            text += " [" + ", ".join(warnings) + "]"
        return text


Progress = Callable[[int, int, Result], None]


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the files inside folders named (recursively, in name order)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.name not in SKIPPED_NAMES and not p.name.startswith("._")
                )
            )
        else:
            found.append(path)
    return found


def import_photos(
    ws,
    paths: Iterable[str | Path],
    *,
    attach_to: tuple[str, str],
    author_id: str | None = None,
    caption: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    background: bool = False,
) -> list[Result]:
    """Import files and folders into `attach_to` = ("visit"|"problem"|"project", id).

    Returns one Result per file, in order. Raises UserError only when the batch cannot start
    (no such visit); each file's own trouble is its Result. `background` decodes in worker
    processes of low priority, so that a user interface stays fluid (the desktop sets it).
    """
    target = plausibility.resolve(ws, *attach_to)
    files = expand(paths)
    context = _Context(ws, target, author_id, caption, background)
    cancelled = cancelled or (lambda: False)
    results: list[Result] = []
    queue: deque[tuple[Path, Future]] = deque()
    upcoming = iter(files)
    in_flight = 2 * pool_size()

    def submit_more() -> None:
        while len(queue) < in_flight and not cancelled():
            path = next(upcoming, None)
            if path is None:
                return
            queue.append(
                (
                    path,
                    _submit(
                        path, ws.photos_dir, context.keep_original, background, key=ws.photo_key
                    ),
                )
            )

    try:
        submit_more()
        while queue:
            path, future = queue.popleft()
            if cancelled():
                queue.appendleft((path, future))
                break
            results.append(context.commit(path, future))
            if progress:
                progress(len(results), len(files), results[-1])
            submit_more()
    finally:
        _abandon(ws, queue)
    results.extend(Result(p, CANCELLED) for p in files[len(results) :])
    return results


# -- the decoding processes ---------------------------------------------------------------------
# Decoding runs in worker processes, not threads: Pillow holds the GIL in parts of its work
# (reading, EXIF, the Python loop around the decoder), and a thread holding it would pause the
# UI thread of the desktop. Processes also keep a crashing decoder or an out-of-memory image
# away from the application. The pool lives as long as the program: starting Python and Pillow
# in a fresh process costs a few hundred milliseconds, paid once.

_pools: dict[bool, ProcessPoolExecutor] = {}  # by background (low priority) or not
_pool_lock = threading.Lock()


def pool_size() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _executor(background: bool = False) -> ProcessPoolExecutor:
    with _pool_lock:
        if background not in _pools:
            _pools[background] = ProcessPoolExecutor(
                max_workers=pool_size(),
                mp_context=_context(),
                initializer=background_mod.worker_started,
                initargs=(os.getpid(), background),
            )
        return _pools[background]


def _context():
    """Never plain fork: forking a process that runs Qt or SQLite threads is unsafe.

    Where it exists, a fork server that has already imported Pillow starts each worker in
    milliseconds; elsewhere (Windows) workers are spawned.
    """
    try:
        context = get_context("forkserver")
    except ValueError:
        return get_context("spawn")
    context.set_forkserver_preload(["forms.photos.prepare"])
    return context


def warm_up(background: bool = True) -> None:
    """Start the worker processes now (e.g. when a photo view opens), not on the first import."""
    pool = _executor(background)
    for future in [pool.submit(os.getpid) for _ in range(pool_size())]:
        future.result()


def _reset_pool(background: bool) -> None:
    with _pool_lock:
        pool = _pools.pop(background, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _pool_starts(background: bool) -> bool:
    try:
        _executor(background).submit(os.getpid).result(timeout=60)
    except (BrokenProcessPool, TimeoutError):
        _reset_pool(background)
        return False
    return True


def _submit(
    path: Path,
    photos_dir: Path,
    keep_original: bool,
    background: bool,
    force: bool = False,
    key: bytes | None = None,
) -> Future:
    args = (prepare, path, photos_dir)
    # The photo key travels to the worker with each task: it is never written anywhere.
    options = {"keep_original": keep_original, "force": force, "key": key}
    try:
        return _executor(background).submit(*args, **options)
    except BrokenProcessPool:
        _reset_pool(background)
        return _executor(background).submit(*args, **options)


class _Context:
    """What every photo of one batch is recorded with."""

    def __init__(
        self,
        ws,
        target: plausibility.Target,
        author_id: str | None,
        caption: str | None,
        background: bool,
    ) -> None:
        self.ws, self.target, self.author_id, self.caption = ws, target, author_id, caption
        self.background = background
        self.keep_original = bool(store.setting(ws, "photo_keep_originals"))
        self.tolerance_hours = float(store.setting(ws, "photo_day_tolerance_hours"))
        self.max_distance_m = float(store.setting(ws, "photo_max_distance_m"))
        self.clock_tolerance_s = float(store.setting(ws, "clock_tolerance_s"))

    def commit(self, path: Path, future: Future) -> Result:
        try:
            prepared: Prepared = future.result()
            if prepared.known and store.photo(self.ws, prepared.sha256) is None:
                # Files without a row (left by a crash): make them again and record them.
                prepared = _submit(
                    path,
                    self.ws.photos_dir,
                    self.keep_original,
                    self.background,
                    force=True,
                    key=self.ws.photo_key,
                ).result()
        except Refused as e:
            return Result(path, REFUSED, str(e))
        except BrokenProcessPool:
            # The decoder died on this file (or ran out of memory): refuse it, go on — unless
            # no worker can start at all, which is this machine's trouble, not the photo's.
            _reset_pool(self.background)
            if not _pool_starts(self.background):
                raise UserError(
                    "照片处理进程无法启动，本批其余照片未导入 / the photo workers cannot start;"
                    " the rest of the batch was not imported"
                ) from None
            return Result(path, REFUSED, "the image could not be decoded (the decoder stopped)")
        except MemoryError:
            return Result(path, REFUSED, "not enough memory to decode this image")
        except Exception as e:  # a decoder bug must not end the batch; the file is refused
            return Result(path, REFUSED, f"cannot read the image: {type(e).__name__}: {e}")
        try:
            return self._record(path, prepared)
        except BaseException:
            discard(prepared)
            raise

    def _record(self, path: Path, prepared: Prepared) -> Result:
        ws, sha = self.ws, prepared.sha256
        with ws.transaction():
            existing = store.photo(ws, sha)
            if existing is not None and store.live_link(ws, sha, self.target.kind, self.target.id):
                return Result(
                    path,
                    DUPLICATE,
                    "",
                    sha,
                    store.live_link(ws, sha, self.target.kind, self.target.id),
                    existing["flags"],
                )
            if existing is None:
                fields = {**prepared.meta, **self._time_fields(prepared.meta)}
                store.record_photo(ws, sha, fields, author_id=self.author_id)
                photo = {**fields}
            else:
                photo = existing
            flags, distance = plausibility.check(
                photo["taken_at"],
                photo["latitude"],
                photo["longitude"],
                self.target,
                tolerance_hours=self.tolerance_hours,
                max_distance_m=self.max_distance_m,
            )
            link_id = store.record_link(
                ws,
                sha,
                self.target.as_dict(),
                caption=self.caption,
                flags=flags,
                distance_m=distance,
                author_id=self.author_id,
            )
        status = ADDED if existing is None else LINKED
        all_flags = list(photo["flags"]) + flags
        if not photo.get("time_trusted") and "time_unconfirmed" not in all_flags:
            all_flags.append("time_unconfirmed")
        return Result(path, status, "", sha, link_id, all_flags)

    def _time_fields(self, meta: dict) -> dict:
        """The device-clock facts recorded with a new photo, and whether its time is trusted."""
        reading = clock.reading(self.ws, tolerance_s=self.clock_tolerance_s)  # at this photo
        note = reading.note
        trusted = reading.trusted and meta["taken_at"] is not None
        if reading.trusted and meta["taken_at"] is None:
            note = "照片无拍摄时间"
        if trusted and reading.expected is not None:
            # EXIF time is the camera's local time; allow any timezone (UTC+14) past "now".
            latest = reading.expected.replace(tzinfo=None) + dt.timedelta(hours=14)
            if dt.datetime.fromisoformat(meta["taken_at"]) > latest:
                trusted, note = False, "拍摄时间晚于核对后的当前时间"
        return {
            "imported_at": reading.wall.isoformat(timespec="seconds"),
            "clock_confirmed_at": reading.confirmed_at.isoformat()
            if reading.confirmed_at
            else None,
            "clock_offset_s": None if reading.offset_s is None else round(reading.offset_s, 3),
            "clock_drift_s": None if reading.drift_s is None else round(reading.drift_s, 3),
            "time_trusted": trusted,
            "time_note": note,
        }


def _abandon(ws, queue: deque[tuple[Path, Future]]) -> None:
    """After a cancel: stop what has not started, wait for what has, remove its new files."""
    for _path, future in queue:
        future.cancel()
    for _path, future in queue:
        if future.cancelled():
            continue
        try:
            prepared = future.result()
        except Exception:
            continue
        # Another photo of this batch with the same bytes may have been recorded meanwhile:
        # its row names these files, so they stay.
        if store.photo(ws, prepared.sha256) is None:
            discard(prepared)
