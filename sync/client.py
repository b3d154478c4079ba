"""The laptop's side of sync: push the outbox, upload photos, pull by cursor, fetch photos.

Nothing counts early: a change leaves the outbox only when the server answered that it stored it;
the cursor moves only in the transaction that applied the page; a photo counts as sent only when
the server says all its bytes are there and match the hash. Any step may be cut off at any point
and the next sync simply carries on.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import gzip
import io
import json
import logging
import platform
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from forms.changes import ChangeConflict
from forms.errors import UserError
from forms.photos import clock, confirm_clock
from forms.store import sync as sync_tables
from forms.workspace import Workspace

from . import laptop_state, photo_files, signing
from .protocol import MAX_BATCH, MAX_PAGE, PHOTO_CHUNK, PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION

TUS = {"Tus-Resumable": "1.0.0"}
# Answers that keep one photo waiting (with their reason) without stopping the sync.
PHOTO_REFUSALS = (403, 404, 409, 413, 422, 460)

log = logging.getLogger(__name__)
PHOTO_STREAMS = 4

# progress(kind, done, total): kind is "changes", "photos" or "pull"
Progress = Callable[[str, int, int], None]


class SyncError(UserError):
    """Sync could not finish (no network, revoked device, server error); nothing is lost."""


@dataclass
class Report:
    pushed: int = 0
    set_aside: list[dict] = field(default_factory=list)
    received: int = 0
    photos_sent: int = 0
    photos_fetched: int = 0
    photo_bytes_sent: int = 0  # photo bytes this sync put on the wire (resumes send only the rest)
    photos_waiting: dict[str, str] = field(default_factory=dict)  # working sha -> why it waits


@dataclass
class PhotoPlan:
    """What the photo lane is to do: read from the workspace by the writer beforehand, so the
    lane itself never touches the database."""

    uploads: dict[str, Path] = field(default_factory=dict)  # working sha -> the file here
    started: set[str] = field(default_factory=set)  # of those, begun by an earlier sync
    held: dict[str, str] = field(default_factory=dict)  # naming change still queued -> sha
    fetches: list[photo_files.LaptopPhoto] = field(default_factory=list)


@dataclass
class PhotoOutcome:
    """What the photo lane found, for the writer to record (`Client.record_photos`)."""

    confirmed: list[str] = field(default_factory=list)  # the server holds these whole
    fetched: list[str] = field(default_factory=list)  # now on this laptop (so on the server)
    waiting: dict[str, str] = field(default_factory=dict)  # sha -> why not confirmed
    offsets: dict[str, int] = field(default_factory=dict)  # sha -> the server's offset
    bytes_sent: int = 0
    error: BaseException | None = None  # what stopped the lane (network), after the above


def _http(url: str, token: str | None = None, timeout: float = 30.0) -> httpx.Client:
    headers = {
        PROTOCOL_HEADER: str(PROTOCOL_VERSION),
        "User-Agent": f"SiteLedger/{PROTOCOL_VERSION}",
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=url.rstrip("/") + PREFIX, headers=headers, timeout=timeout)


LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def check_url(url: str, insecure: bool = False) -> None:
    """Tokens and records travel only encrypted: plain http:// only to this machine itself,
    unless the user says --insecure (a test network, a trusted LAN)."""
    parsed = httpx.URL(url)
    if parsed.scheme == "https" or insecure:
        return
    if parsed.scheme != "http":
        raise SyncError(f"服务器地址应以 https:// 开头：{url}")
    if parsed.host not in LOOPBACK and not parsed.host.startswith("127."):
        raise SyncError(
            f"拒绝以未加密的 http:// 连接 {parsed.host}（令牌会明文传输）：请使用 https://，"
            "或在可信网络中加 --insecure"
        )


def enroll(ws: Workspace, url: str, code: str, *, insecure: bool = False) -> dict:
    """Spend a one-time code; the workspace keeps its own token for this server, and a new
    bundle-signing key whose public half the server attests (sync/signing.py)."""
    check_url(url, insecure)
    private, public = signing.new_key()
    with _http(url) as http:
        try:
            response = http.post(
                "/enroll",
                json={
                    "code": code,
                    "device_name": platform.node()[:100],
                    "public_key": public,
                    "workspace_device": ws.device_id,
                },
            )
        except httpx.HTTPError as e:
            raise SyncError(f"无法连接服务器 {url}：{_reason(e)}") from e
    if response.status_code == 401:
        raise SyncError("注册码无效、已使用或已过期，请向专班办公室重新申请")
    if response.status_code == 429:
        raise SyncError("注册尝试过于频繁，请一分钟后再试")
    _raise_for(response)
    me = response.json()
    if signing.attested(
        me["server_key"], me.get("attestation"), me.get("attestation_signature")
    ) != {
        **(me.get("attestation") or {}),
        "public_key": public,
    }:
        raise SyncError("服务器的注册应答无法验证（签名不符），未注册")
    laptop_state.put(
        ws,
        server_url=url.rstrip("/"),
        insecure="1" if insecure else None,
        server_device=me["device_id"],
        user_id=me["user_id"],
        user_name=me["user_name"],
        role=me["role"],
        district=me["district"],
        server_id=me["server_id"],
        server_key=me["server_key"],
        attestation=json.dumps(me["attestation"], sort_keys=True),
        attestation_signature=me["attestation_signature"],
        cursor=0,
    )
    laptop_state.put_secret(ws, "token", me["token"])
    laptop_state.put_secret(ws, "signing_key", private)
    return {k: v for k, v in me.items() if k not in ("token", "attestation_signature")}


class Client:
    def __init__(
        self,
        ws: Workspace,
        url: str | None = None,
        *,
        batch: int = 1000,
        page: int = MAX_PAGE,
        timeout: float = 30.0,
        progress: Progress | None = None,
    ) -> None:
        self.ws = ws
        # The photo lane runs without a database handle: the key to open sealed photo files is
        # taken here, once (None for a workspace that is not encrypted).
        self.photo_key = ws.photo_key
        url = url or laptop_state.get(ws, "server_url")
        token = laptop_state.get_secret(ws, "token")
        if not url or not token:
            raise SyncError("此工作区尚未在服务器注册：请先用注册码注册（siteledger enroll）")
        if url.rstrip("/") != laptop_state.get(ws, "server_url"):
            raise SyncError(
                f"此工作区注册的服务器是 {laptop_state.get(ws, 'server_url')}，不是 {url}"
            )
        check_url(url, laptop_state.get(ws, "insecure") == "1")
        self.batch = min(batch, MAX_BATCH)
        self.page = min(page, MAX_PAGE)
        self.progress = progress or (lambda kind, done, total: None)
        self.http = _http(url, token, timeout)
        self.photos_dir = ws.photos_dir
        self._server_time: tuple[dt.datetime, float] | None = None  # (Date, monotonic then)
        self._acknowledged: Callable[[list[str]], None] = lambda ids: None

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sync(self, *, photos: bool = True) -> Report:
        """Push, pull, then move photos; remembers the outcome for the status bar.

        With `photos=False` only the database part runs; the caller then moves photos on a lane
        of its own (`plan_photos` here, `move_photos` there, `record_photos` here: the desktop
        does).
        """
        report = Report()
        with self._outcome():
            if not photos:
                self._push_pull(report)
                return report
            # Uploads run on their own lane while the changes go up and come down (the network
            # and the server's fsyncs overlap the database work). A photo goes only once the
            # server holds the record naming it: those pushed before start at once, the rest
            # as their batch is acknowledged. The lane never touches the workspace: what the
            # server confirmed is recorded here afterwards, also when something failed.
            plan = self.plan_photos(fetches=False)
            released: queue.Queue[str | None] = queue.Queue()

            def acknowledged(ids: list[str]) -> None:
                for change_id in ids:
                    if change_id in plan.held:
                        released.put(plan.held.pop(change_id))

            self._acknowledged = acknowledged
            with ThreadPoolExecutor(max_workers=1) as lane:
                moving = lane.submit(self.move_photos, plan, released)
                try:
                    self.push(report)
                    self._acknowledged = lambda ids: None
                    released.put(None)
                    self.pull(report)
                    self._confirm_clock()
                    self.learn_devices()
                finally:
                    released.put(None)
                    self.record_photos(moving.result(), report)
            # Fetching needs the pulled rows.
            self.record_photos(self.move_photos(self.plan_photos(uploads=False)), report)
        return report

    def finish_photos(self, outcome: PhotoOutcome, report: Report) -> Report:
        """Record what a photo lane found and remember the sync's outcome (the desktop's last
        step, on the writer)."""
        with self._outcome():
            self.record_photos(outcome, report)
        return report

    def _push_pull(self, report: Report) -> None:
        self.push(report)
        self.pull(report)
        self._confirm_clock()
        self.learn_devices()

    def learn_devices(self) -> None:
        """The server's revocations (bundles their devices signed are refused from now on),
        and, for a workspace enrolled before bundles were signed, its own signing key."""
        response = self.http.get("/devices")
        if response.status_code == 404:
            return  # an older server
        _raise_for(response)
        known = response.json()
        if laptop_state.get(self.ws, "server_id") in (None, known["server_id"]):
            laptop_state.learn_devices(
                self.ws, known["server_id"], known["server_key"], known["revoked"]
            )
        if laptop_state.get(self.ws, "attestation") is None:
            self._register_key()

    def _register_key(self) -> None:
        private, public = signing.new_key()
        response = self.http.post(
            "/me/key", json={"public_key": public, "workspace_device": self.ws.device_id}
        )
        if response.status_code != 200:
            return  # the device has a key already, or the server is older: nothing to sign with
        me = response.json()
        if signing.attested(
            laptop_state.get(self.ws, "server_key") or "",
            me["attestation"],
            me["attestation_signature"],
        ):
            laptop_state.put(
                self.ws,
                attestation=json.dumps(me["attestation"], sort_keys=True),
                attestation_signature=me["attestation_signature"],
            )
            laptop_state.put_secret(self.ws, "signing_key", private)

    @contextmanager
    def _outcome(self):
        """Translate failures into SyncError and record the outcome (last sync, last error,
        whether the outbox's head moved)."""

        def remember(**values):
            laptop_state.put(self.ws, **values)
            laptop_state.note_push_attempt(self.ws, values.get("last_error"))

        try:
            yield
        except SyncError as e:
            remember(last_error=str(e))
            raise
        except ChangeConflict as e:
            message = f"服务器上的记录与本机矛盾，同步已停止：{e}"
            remember(last_error=message)
            raise SyncError(message) from e
        except httpx.HTTPError as e:
            message = f"同步中断：{_reason(e)}（已完成的部分已保存，下次同步继续）"
            remember(last_error=message)
            raise SyncError(message) from e
        except OSError as e:
            message = f"照片文件读写失败：{e}"
            remember(last_error=message)
            raise SyncError(message) from e
        remember(last_sync=laptop_state.now(), last_error=None)

    # -- push --------------------------------------------------------------------------------

    def push(self, report: Report) -> None:
        """Push the outbox in batches. While the server stores one batch, the one before it is
        taken off the outbox here: the next batch is sent only once the previous was answered
        200, so at most one is in flight and a refusal is handled before anything follows."""
        total = sync_tables.outbox_count(self.ws.conn)
        with ThreadPoolExecutor(max_workers=1) as net:
            batch, last = laptop_state.outbox_after(self.ws, self.batch, 0)
            sending = net.submit(self._post_changes, batch) if batch else None
            while sending is not None:
                response = sending.result()
                if response.status_code == 200:
                    batch, last = laptop_state.outbox_after(self.ws, self.batch, last)
                    sending = net.submit(self._post_changes, batch) if batch else None
                    results = response.json()["results"]
                    laptop_state.acknowledge(self.ws, results)
                    self._acknowledged([r["id"] for r in results])
                    report.pushed += len(results)
                    self.progress("changes", report.pushed, total)
                    continue
                refused = _refusals(response, batch)
                if not refused:
                    _raise_for(response)
                laptop_state.set_aside(self.ws, refused)
                report.set_aside.extend(refused)
                # the rest of the refused batch goes again, from the head of the queue
                batch, last = laptop_state.outbox_after(self.ws, self.batch, 0)
                sending = net.submit(self._post_changes, batch) if batch else None

    def _post_changes(self, bodies: list[str]) -> httpx.Response:
        # The journal holds each change as canonical JSON: splice, do not parse and re-encode.
        body = (
            '{"changes":['
            + ",".join(bodies)
            + '],"origin_device":'
            + json.dumps(self.ws.device_id)
            + "}"
        ).encode()
        headers = {"Content-Type": "application/json"}
        if len(body) > 4096:
            body = gzip.compress(body, compresslevel=5)
            headers["Content-Encoding"] = "gzip"
        return self.http.post("/changes", content=body, headers=headers)

    # -- pull --------------------------------------------------------------------------------

    def pull(self, report: Report) -> None:
        more = True
        while more:
            since = laptop_state.cursor(self.ws)
            response = self.http.get("/changes", params={"since": since, "limit": self.page})
            _raise_for(response)
            self._server_time = _server_time(response)
            page = response.json()
            if page["changes"] or page["cursor"] != since:
                report.received += laptop_state.apply_page(self.ws, page["changes"], page["cursor"])
            more = page["more"]
            self.progress("pull", report.received, report.received)

    def _confirm_clock(self) -> None:
        """The server's time at this successful sync confirms the laptop's clock, so photos
        taken from now on have trusted times (else 时间待核验)."""
        if self._server_time is None:
            return
        when, then = self._server_time
        # The Date header is whole seconds, cut down: at most a second early, well in tolerance.
        confirm_clock(self.ws, when + dt.timedelta(seconds=clock.monotonic() - then))

    # -- photos ------------------------------------------------------------------------------

    def plan_photos(self, *, uploads: bool = True, fetches: bool = True) -> PhotoPlan:
        """What the photo lane should do, read (and the uploads noted as started) on the
        writer. A photo whose naming change is still in the outbox is held: the server takes
        bytes only for photos a record it holds names."""
        plan = PhotoPlan()
        if uploads:
            pending = laptop_state.photos_to_upload(self.ws.db, self.photos_dir)
            plan.held = laptop_state.photos_unpushed(self.ws, pending)
            plan.started = laptop_state.photos_started(self.ws.db, list(pending))
            held = set(plan.held.values())
            plan.uploads = {sha: path for sha, path in pending.items() if sha not in held}
            plan.uploads.update({sha: pending[sha] for sha in held})  # sent once released
        if fetches:
            plan.fetches = laptop_state.photos_missing(self.ws.db, self.photos_dir)
        return plan

    def record_photos(self, outcome: PhotoOutcome, report: Report) -> None:
        """Record what the photo lane found (on the writer); raises what stopped the lane."""
        laptop_state.photos_sent(self.ws.db, outcome.confirmed + outcome.fetched)
        laptop_state.note_photo_attempts(
            self.ws, outcome.waiting, outcome.offsets, outcome.confirmed
        )
        report.photos_sent += len(outcome.confirmed)
        report.photos_fetched += len(outcome.fetched)
        report.photo_bytes_sent += outcome.bytes_sent
        for sha in outcome.confirmed + outcome.fetched:
            report.photos_waiting.pop(sha, None)
        report.photos_waiting.update(outcome.waiting)
        if outcome.error is not None:
            raise outcome.error

    def move_photos(
        self, plan: PhotoPlan, released: queue.Queue[str | None] | None = None
    ) -> PhotoOutcome:
        """Upload and fetch photos: network and files only, never the database (safe on a
        thread of its own). Held photos go as `released` names them (None: no more); a failure
        is kept in the outcome, after what was confirmed before it."""
        outcome = PhotoOutcome()
        held = set(plan.held.values())
        try:
            self._send_photos(plan, held, released, outcome)
            for photo in plan.fetches:
                if self._fetch(photo):
                    outcome.fetched.append(photo.working)
        except Exception as e:
            outcome.error = e
        for sha in held:
            outcome.waiting.setdefault(sha, "照片记录尚未被服务器接受，照片等记录推送后再上传")
        return outcome

    def _send_photos(
        self,
        plan: PhotoPlan,
        held: set[str],
        released: queue.Queue[str | None] | None,
        outcome: PhotoOutcome,
    ) -> None:
        """A few photos at once, so one photo's transfer overlaps another's fsync on the server."""
        lock = threading.Lock()
        total = len(plan.uploads)

        def one(sha: str) -> None:
            offset, sent, reason = self._upload(sha, plan.uploads[sha], sha in plan.started)
            with lock:
                outcome.bytes_sent += sent
                outcome.offsets[sha] = offset
                if reason is None:
                    outcome.confirmed.append(sha)
                else:
                    outcome.waiting[sha] = reason
                self.progress("photos", len(outcome.confirmed) + len(outcome.waiting), total)

        with ThreadPoolExecutor(max_workers=PHOTO_STREAMS) as pool:
            futures = [pool.submit(one, sha) for sha in plan.uploads if sha not in held]
            while released is not None and held:
                sha = released.get()
                if sha is None:
                    break
                held.discard(sha)
                futures.append(pool.submit(one, sha))
            try:
                for future in as_completed(futures):
                    future.result()
            finally:
                for future in futures:
                    future.cancel()

    def _upload(self, sha: str, path: Path, probe: bool = True) -> tuple[int, int, str | None]:
        """Send the working copy at `path` (on this laptop) as the photo `sha` (its own hash),
        by tus: (the server's offset after, bytes sent, None if confirmed else why it waits).

        With `probe` the server is asked first how much it has (HEAD); without, the photo is
        created with its first chunk (POST, creation-with-upload) and a server that has more
        answers with its offset. The server's offset equals the length only once the photo is
        whole, verified and recorded there."""
        plain = photo_files.read_working(path, self.photo_key)  # sealed at rest, plain on the wire
        size = len(plain) if plain is not None else path.stat().st_size
        offset: int | None = None  # None: no upload on the server yet
        sent = 0
        if probe:
            state = self.http.head(f"/photos/{sha}", headers=TUS)
            if state.status_code == 200:
                offset = int(state.headers["Upload-Offset"])
            elif state.status_code not in PHOTO_REFUSALS:
                _raise_for(state)
        stuck = 0
        with io.BytesIO(plain) if plain is not None else open(path, "rb") as f:
            while offset != size and stuck < 3:
                before = offset
                f.seek(offset or 0)
                chunk = f.read(PHOTO_CHUNK)
                headers = {**TUS, "Content-Type": "application/offset+octet-stream"}
                if offset is None:
                    metadata = "sha256 " + base64.b64encode(sha.encode()).decode()
                    headers |= {"Upload-Length": str(size), "Upload-Metadata": metadata}
                    response = self.http.post("/photos", content=chunk, headers=headers)
                else:
                    headers["Upload-Offset"] = str(offset)
                    response = self.http.patch(f"/photos/{sha}", content=chunk, headers=headers)
                sent += len(chunk)
                if response.status_code in (201, 204, 409) and "Upload-Offset" in response.headers:
                    offset = int(response.headers["Upload-Offset"])
                elif response.status_code == 404:
                    offset = None  # expired on the server meanwhile: start again
                elif response.status_code in PHOTO_REFUSALS:
                    return offset or 0, sent, _detail(response)
                else:
                    _raise_for(response)
                stuck = stuck + 1 if offset == before else 0
        if offset != size:
            return offset or 0, sent, "服务器未接收照片的字节"
        return offset, sent, None

    def _fetch(self, photo: photo_files.LaptopPhoto) -> bool:
        """Download one working copy to its laptop path; False if not on the server yet."""
        with self.http.stream("GET", f"/photos/{photo.working}") as response:
            if response.status_code == 404:
                return False  # the photo has not reached the server yet
            _raise_for(response)
            return photo_files.write_photo(
                photo.path, photo.working, response.iter_bytes(), self.photo_key
            )


def _server_time(response: httpx.Response) -> tuple[dt.datetime, float] | None:
    """The server's clock from a response's Date header, with the monotonic time it arrived."""
    try:
        when = email.utils.parsedate_to_datetime(response.headers["date"])
    except (KeyError, TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return when, clock.monotonic()


def _refusals(response: httpx.Response, bodies: list[str]) -> list[dict]:
    """The changes a refused batch names, with reasons; [] if the answer names none."""
    if response.status_code not in (403, 409, 422):
        return []
    try:
        body = response.json()
    except ValueError:
        return []
    if "refused" in body:
        return body["refused"]
    # A change the server's schema rejects (an older or newer app): FastAPI names its index.
    refused: dict[str, dict] = {}
    for error in body.get("detail", []) if isinstance(body.get("detail"), list) else []:
        loc = error.get("loc", [])
        if len(loc) >= 3 and loc[:2] == ["body", "changes"] and isinstance(loc[2], int):
            change = json.loads(bodies[loc[2]])
            refused.setdefault(
                change["id"],
                {
                    "id": change["id"],
                    "status": 422,
                    "reason": f"服务器不接受此变更的格式（{'.'.join(map(str, loc[3:]))}: {error.get('msg')}）",
                },
            )
    return list(refused.values())


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    return f"服务器答复 {response.status_code}：{detail or response.reason_phrase}"


def _raise_for(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    if response.status_code == 401:
        raise SyncError("服务器拒绝了此设备：未注册或已被撤销，请重新注册")
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = response.text[:200]
    raise SyncError(f"服务器错误 {response.status_code}：{detail}")


def _reason(error: httpx.HTTPError) -> str:
    return type(error).__name__ if not str(error) else str(error)
