"""The central sync server: FastAPI routes over `store.Store` and a photo folder.

Every route answers only after its write is durable (the store commits before returning; photo
files are fsynced and renamed before their row). Authentication is a per-device bearer token;
the token is never logged (it travels in a header, and no route logs headers or bodies).
"""

import asyncio
import gzip
import hashlib
import json
import logging
import time
import zlib
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect

from . import memory, photo_files
from .protocol import (
    MAX_BODY,
    MAX_PAGE,
    MAX_PHOTO,
    PREFIX,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    Attestation,
    Devices,
    EnrollRequest,
    EnrollResponse,
    Info,
    KeyRequest,
    Me,
    PhotoState,
    PullResponse,
    PushRequest,
    PushResponse,
    RefusedResponse,
    is_sha256,
)
from .store import Refused, Store, User

log = logging.getLogger("siteledger.server")
bearer = HTTPBearer(auto_error=False)
# Enrolment codes are guessed only by trying: a few failed attempts per client address per
# minute cost a real user nothing and an attacker nearly everything. (Only failures count, so
# an office enrolling fifty laptops from one address in a minute is not held up.)
ENROLL_ATTEMPTS = 10
ENROLL_WINDOW_S = 60


class RateLimit:
    """At most `limit` events per key in any `window` seconds (in this process's memory)."""

    def __init__(self, limit: int, window: int) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[str, list[float]] = {}

    def allow(self, key: str) -> bool:
        """Whether `key` is under its limit now (the event is not counted: see `count`)."""
        now = time.monotonic()
        recent = [t for t in self._seen.get(key, []) if t > now - self.window]
        self._seen[key] = recent
        return len(recent) < self.limit

    def count(self, key: str) -> None:
        now = time.monotonic()
        if len(self._seen) > 10_000:  # forget quiet addresses rather than grow without end
            self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - self.window}
        self._seen.setdefault(key, []).append(now)


class Photos:
    """The server's photo folder: whole photos by hash, partial uploads beside them."""

    def __init__(self, data: Path) -> None:
        self.dir = data / "photos"
        self.partial = data / "partial"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.partial.mkdir(parents=True, exist_ok=True)
        photo_files.make_folders(self.dir)
        # Uploads run on the one event loop: an asyncio lock per photo orders them.
        self._locks: dict[str, asyncio.Lock] = {}

    def lock(self, sha256: str) -> asyncio.Lock:
        return self._locks.setdefault(sha256, asyncio.Lock())

    def final(self, sha256: str) -> Path:
        return photo_files.photo_path(self.dir, sha256)

    def part(self, sha256: str) -> Path:
        return self.partial / sha256

    def offset(self, sha256: str) -> int:
        part = self.part(sha256)
        return part.stat().st_size if part.exists() else 0


def create_app(store: Store, data: Path) -> FastAPI:
    app = FastAPI(
        title="SiteLedger sync",
        version=str(PROTOCOL_VERSION),
        description="Push and pull changes, upload photos by SHA-256. Every request may carry "
        f"the header `{PROTOCOL_HEADER}: {PROTOCOL_VERSION}`.",
    )
    photos = Photos(data)
    attempts = RateLimit(ENROLL_ATTEMPTS, ENROLL_WINDOW_S)
    app.state.store = store
    # Level 5 as the client uses: JSON shrinks nearly as much as at 9 for a fraction of the CPU.
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5, **_no_gzip_for_photos())
    app.add_middleware(BodyLimitMiddleware, limit=MAX_BODY)

    def current_user(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> User:
        user = store.authenticate(credentials.credentials) if credentials else None
        if user is None:
            raise HTTPException(401, "未登录或设备已被撤销", {"WWW-Authenticate": "Bearer"})
        return user

    Authed = Annotated[User, Depends(current_user)]

    @app.get(f"{PREFIX}/info", response_model=Info)
    def info() -> Info:
        return Info(service="siteledger", protocol=PROTOCOL_VERSION)

    @app.post(
        f"{PREFIX}/enroll",
        response_model=EnrollResponse,
        responses={401: {"description": "unknown, used or expired code"}},
    )
    def enroll(request: EnrollRequest, http: Request) -> EnrollResponse:
        address = http.client.host if http.client else "?"
        if not attempts.allow(address):
            raise HTTPException(
                429, "注册尝试过于频繁，请稍后再试", {"Retry-After": str(attempts.window)}
            )
        enrolled = store.enroll(
            request.code, request.device_name, request.public_key, request.workspace_device
        )
        if enrolled is None:
            attempts.count(address)
            raise HTTPException(401, "注册码无效、已使用或已过期")
        user, token = enrolled
        log.info("device %s enrolled for user %s", user.device_id, user.name)
        attestation = signature = None
        if request.public_key and request.workspace_device:
            attestation, signature = store.attestation(
                user, request.public_key, request.workspace_device
            )
        return EnrollResponse(
            token=token,
            device_id=user.device_id,
            user_id=user.id,
            user_name=user.name,
            role=user.role,
            district=user.district,
            server_id=store.server_id,
            server_key=store.server_key,
            attestation=attestation,
            attestation_signature=signature,
        )

    @app.post(
        f"{PREFIX}/me/key",
        response_model=Attestation,
        responses={409: {"description": "this device has a signing key already"}},
    )
    def register_key(request: KeyRequest, user: Authed) -> Attestation:
        if not store.register_key(user, request.public_key, request.workspace_device):
            raise HTTPException(409, "此设备已有签名密钥")
        attestation, signature = store.attestation(
            user, request.public_key, request.workspace_device
        )
        return Attestation(attestation=attestation, attestation_signature=signature)

    @app.get(f"{PREFIX}/devices", response_model=Devices)
    def devices(user: Authed) -> Devices:
        return Devices(
            server_id=store.server_id,
            server_key=store.server_key,
            revoked=[device_id for device_id, _at in store.revoked_devices()],
        )

    @app.get(f"{PREFIX}/me", response_model=Me)
    def me(user: Authed) -> Me:
        return Me(
            user_id=user.id,
            user_name=user.name,
            role=user.role,
            district=user.district,
            device_id=user.device_id,
        )

    @app.post(
        f"{PREFIX}/changes",
        response_model=PushResponse,
        responses={
            403: {"model": RefusedResponse},
            409: {"model": RefusedResponse},
            422: {"description": "malformed request or refused changes"},
        },
    )
    def push(request: PushRequest, user: Authed):
        changes = [c.model_dump() for c in request.changes]
        try:
            results = store.push(user, changes, request.origin_device)
        except Refused as e:
            status = min(r.status for r in e.refusals)
            body = {"refused": [r.__dict__ for r in e.refusals]}
            return JSONResponse(body, status_code=status)
        # Plain dicts of plain strings: encoded once, not validated again through the model.
        return Response(
            json.dumps({"results": results}, ensure_ascii=False), media_type="application/json"
        )

    @app.get(f"{PREFIX}/changes", response_model=PullResponse)
    def pull(
        user: Authed,
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
    ) -> Response:
        bodies, cursor, more = store.pull(user, since, limit)
        # The bodies are stored canonical JSON: splice them instead of parsing and re-encoding.
        text = (
            '{"changes":[' + ",".join(bodies) + f'],"cursor":{cursor},"more":{json.dumps(more)}}}'
        )
        return Response(text, media_type="application/json")

    @app.head(f"{PREFIX}/photos/{{sha256:path}}")
    def photo_head(sha256: str, user: Authed) -> Response:
        state = _photo_state(photos, store, sha256)
        return Response(
            headers={
                "Upload-Offset": str(state.offset),
                "Upload-Complete": "1" if state.complete else "0",
            }
        )

    @app.get(
        f"{PREFIX}/photos/{{sha256:path}}",
        response_class=FileResponse,
        responses={404: {"description": "no such photo (yet)"}},
    )
    def photo_get(sha256: str, user: Authed):
        _check_hash(sha256)
        if not store.has_photo(sha256):
            raise HTTPException(404, "服务器上还没有这张照片")
        return FileResponse(photos.final(sha256), media_type="application/octet-stream")

    @app.patch(
        f"{PREFIX}/photos/{{sha256:path}}",
        response_model=PhotoState,
        responses={409: {"description": "offset does not match what the server has"}},
    )
    async def photo_patch(
        sha256: str,
        request: Request,
        user: Authed,
        upload_offset: Annotated[int, Header(ge=0, le=2**40)],
        upload_length: Annotated[int, Header(ge=1, le=2**40)],
    ):
        _check_hash(sha256)
        if upload_length > MAX_PHOTO:
            raise HTTPException(413, f"照片超过 {MAX_PHOTO // 1024 // 1024} MB")
        # The body (at most MAX_BODY) is read first, also when the client sent a whole photo
        # without asking (the connection stays usable for the answer), and what arrived before
        # a cut is kept. The file work then runs in one step on a worker thread.
        chunks = await _receive(request)
        async with photos.lock(sha256):
            state, taken = await run_in_threadpool(
                _take_upload, photos, store, sha256, upload_offset, upload_length, chunks
            )
        return (
            state if taken or state.complete else JSONResponse(state.model_dump(), status_code=409)
        )

    return app


def _no_gzip_for_photos() -> dict:
    """Photos are already compressed: gzipping them only burns CPU (newer Starlette only)."""
    import inspect

    from starlette.middleware import gzip as starlette_gzip

    if "exclude_content_types" not in inspect.signature(GZipMiddleware.__init__).parameters:
        return {}
    defaults = getattr(starlette_gzip, "DEFAULT_EXCLUDED_CONTENT_TYPES", ())
    return {"exclude_content_types": (*defaults, "application/octet-stream")}


def _check_hash(sha256: str) -> None:
    if not is_sha256(sha256):
        raise HTTPException(400, "照片名必须是 64 位小写十六进制 SHA-256")


def _photo_state(photos: Photos, store: Store, sha256: str) -> PhotoState:
    _check_hash(sha256)
    if store.has_photo(sha256):
        return PhotoState(sha256=sha256, offset=photos.final(sha256).stat().st_size, complete=True)
    return PhotoState(sha256=sha256, offset=photos.offset(sha256), complete=False)


async def _receive(request: Request) -> list[bytes]:
    """The body's chunks as they came, up to a cut connection."""
    chunks: list[bytes] = []
    try:
        async for chunk in request.stream():
            chunks.append(chunk)
    except ClientDisconnect:
        pass
    return chunks


def _take_upload(
    photos: Photos, store: Store, sha256: str, offset: int, length: int, chunks: list[bytes]
) -> tuple[PhotoState, bool]:
    """Append a request's bytes to the partial file if they continue it; the state after, and
    whether they were taken (False: the photo was complete already, or `offset` is not where
    the server is).

    Partial bytes are not fsynced: whatever a crash leaves is checked against the hash at the
    end (and the upload starts over if it does not match). An upload from offset 0 is hashed
    as it is written, so a photo sent in one piece is not read back.
    """
    state = _photo_state(photos, store, sha256)
    if state.complete or offset != state.offset:
        return state, False
    digest = hashlib.sha256() if offset == 0 else None
    with open(photos.part(sha256), "ab") as f:
        for chunk in chunks:  # chunk by chunk: joining them first would copy every byte again
            f.write(chunk)
            if digest is not None:
                digest.update(chunk)
    return _finish_upload(photos, store, sha256, length, digest), True


def _finish_upload(
    photos: Photos, store: Store, sha256: str, length: int, digest=None
) -> PhotoState:
    part = photos.part(sha256)
    size = part.stat().st_size
    if size < length:
        return PhotoState(sha256=sha256, offset=size, complete=False)
    if digest is None or size != length:
        digest = hashlib.sha256()
        with open(part, "rb") as f:
            while block := f.read(1024 * 1024):
                digest.update(block)
    if size > length or digest.hexdigest() != sha256:
        part.unlink()
        raise HTTPException(422, "照片内容与其 SHA-256 不符，已丢弃，请重新上传")
    # The file is whole and durable at its final name before the row that names it.
    # The folder fsync that makes the rename durable runs in the group commit, before the row.
    folders = photo_files.place(part, photos.final(sha256))
    store.photo_stored(sha256, size, folders)
    return PhotoState(sha256=sha256, offset=size, complete=True)


class BodyLimitMiddleware:
    """413 for a body over the limit (also after gunzip); gzip request bodies decoded.

    Also checks the protocol version header and names the version on every response.
    """

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        started = time.perf_counter()

        async def send_versioned(message):
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - started) * 1000
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (PROTOCOL_HEADER.lower().encode(), str(PROTOCOL_VERSION).encode()),
                    (b"server-timing", f"app;dur={took:.1f}".encode()),
                ]
            await send(message)

        version = headers.get(PROTOCOL_HEADER.lower())
        if version is not None and version.strip() != str(PROTOCOL_VERSION):
            return await _reply(
                send_versioned,
                400,
                f"协议版本 {version!r} 不受支持，"
                f"服务器使用版本 {PROTOCOL_VERSION}，请更新 SiteLedger",
            )
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await _reply(send_versioned, 413, "请求太大")
        encoding = headers.get("content-encoding", "").lower()
        if encoding or declared is None and scope["method"] in ("POST", "PUT", "PATCH"):
            body = await _read_limited(receive, self.limit)
            if body is None:
                return await _reply(send_versioned, 413, "请求太大")
            if encoding == "gzip":
                try:
                    body = _gunzip(body, self.limit)
                except (OSError, EOFError, zlib.error):
                    return await _reply(send_versioned, 400, "gzip 压缩数据损坏")
                if body is None:
                    return await _reply(send_versioned, 413, "解压后的请求太大")
            elif encoding not in ("", "identity"):
                return await _reply(send_versioned, 415, f"不支持的内容编码 {encoding}")
            scope = dict(scope)
            scope["headers"] = [
                (k, v)
                for k, v in scope["headers"]
                if k.lower() not in (b"content-encoding", b"content-length")
            ]
            scope["headers"].append((b"content-length", str(len(body)).encode()))
            receive = _replay(body)
        await self.app(scope, receive, send_versioned)


async def _read_limited(receive, limit: int) -> bytes | None:
    parts, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(parts)


def _gunzip(body: bytes, limit: int) -> bytes | None:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = inflater.decompress(body, limit + 1)
    if len(out) > limit:
        return None
    if not inflater.eof:
        raise EOFError("truncated gzip")
    return out


def _replay(body: bytes):
    sent = False

    async def receive():
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _reply(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=5)


def serve(
    data: Path, database: str | None, host: str, port: int, clock_margin_hours: float = 24.0
) -> None:
    import uvicorn

    memory.keep_freed_memory()
    store = Store.open(data, database)
    store.future_margin_ms = int(clock_margin_hours * 3_600_000)
    app = create_app(store, data)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=True, timeout_keep_alive=30)
