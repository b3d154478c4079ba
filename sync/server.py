"""The central sync server: FastAPI routes over `store.Store` and a photo folder.

Every route answers only after its write is durable (the store commits before returning; photo
files are fsynced and renamed before their row). Authentication is a per-device bearer token;
the token is never logged (it travels in a header, and no route logs headers or bodies).
"""

import gzip
import json
import logging
import time
import zlib
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.middleware.gzip import GZipMiddleware

from . import faults, memory, photo_routes
from .photo_uploads import Uploads
from .protocol import (
    MAX_BODY,
    MAX_PAGE,
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
    PullResponse,
    PushRequest,
    PushResponse,
    RefusedResponse,
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


def create_app(store: Store, data: Path) -> FastAPI:
    app = FastAPI(
        title="SiteLedger sync",
        version=str(PROTOCOL_VERSION),
        description="Push and pull changes, upload photos by SHA-256. Every request may carry "
        f"the header `{PROTOCOL_HEADER}: {PROTOCOL_VERSION}`.",
    )
    attempts = RateLimit(ENROLL_ATTEMPTS, ENROLL_WINDOW_S)
    app.state.store = store
    app.state.uploads = Uploads(data, store)
    # Photos whose bytes were all there when the server last died are finished now.
    recovered = app.state.uploads.recover()
    if any(recovered.values()):
        log.info("photo uploads at start-up: %s", recovered)
    app.include_router(photo_routes.router)
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
        faults.point("before_push_commit")
        try:
            results = store.push(user, changes, request.origin_device)
        except Refused as e:
            status = min(r.status for r in e.refusals)
            body = {"refused": [r.__dict__ for r in e.refusals]}
            return JSONResponse(body, status_code=status)
        faults.point("after_push_commit")
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

    return app


def _no_gzip_for_photos() -> dict:
    """Photos are already compressed: gzipping them only burns CPU (newer Starlette only)."""
    import inspect

    from starlette.middleware import gzip as starlette_gzip

    if "exclude_content_types" not in inspect.signature(GZipMiddleware.__init__).parameters:
        return {}
    defaults = getattr(starlette_gzip, "DEFAULT_EXCLUDED_CONTENT_TYPES", ())
    return {"exclude_content_types": (*defaults, "application/octet-stream")}


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
        tus = scope["path"].startswith(photo_routes.router.prefix)  # every tus answer says so

        async def send_versioned(message):
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - started) * 1000
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (PROTOCOL_HEADER.lower().encode(), str(PROTOCOL_VERSION).encode()),
                    (b"server-timing", f"app;dur={took:.1f}".encode()),
                ]
                if tus and not any(k == b"tus-resumable" for k, _v in message["headers"]):
                    message["headers"].append((b"tus-resumable", photo_routes.TUS_VERSION.encode()))
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
