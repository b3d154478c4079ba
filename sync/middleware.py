"""The server's outer layer, before any route: body limits, gzip request bodies, the
protocol version checked and named on every answer (and tus's on every photo answer)."""

from __future__ import annotations

import json
import time
import zlib

from .protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from .routes import photos


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
        tus = scope["path"].startswith(photos.router.prefix)  # every tus answer says so

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
                    message["headers"].append((b"tus-resumable", photos.TUS_VERSION.encode()))
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
