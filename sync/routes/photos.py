"""The photo routes: tus 1.0.0 (core, creation, creation-with-upload, checksum) on the photo's
content address `/v1/photos/{sha256}`, and GET of a whole photo.

    OPTIONS /v1/photos[/{sha256}]  Tus-Version, Tus-Extension, Tus-Max-Size, checksum algorithms
    POST    /v1/photos             creation: Upload-Length + Upload-Metadata "sha256 <base64 hex>"
                                   → 201, Location /v1/photos/{sha256} (a body: creation-with-upload)
    HEAD    /v1/photos/{sha256}    Upload-Offset, Upload-Length, Cache-Control: no-store; 404 none
    PATCH   /v1/photos/{sha256}    application/offset+octet-stream at Upload-Offset → 204 and the
                                   new Upload-Offset; 409 wrong offset, 460 checksum mismatch
    GET     /v1/photos/{sha256}    the photo, once finished

Beyond the core: a PATCH at offset 0 that carries Upload-Length creates the upload itself (one
request for a whole photo), and a photo already whole answers every PATCH with its full offset.
`Upload-Offset == Upload-Length` only once the photo is finished — every byte there and hashed
to its name, placed and recorded; a finished upload whose bytes do not match is discarded (422)
and starts again from 0. Requests with another Tus-Resumable than 1.0.0 get 412.

The storage is `photo_uploads.Uploads` (a dependency, see deps.py); who may touch a photo is
the store's `photo_visible` (the scope of the projects its links name) and, for bytes,
`photo_named` (a photo row the server holds names them).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from ..photo_uploads import Upload, UploadRefused, Uploads
from ..protocol import MAX_PHOTO, PREFIX, is_sha256
from ..store import Store, User
from .deps import Credentials, StoreDep, UploadsDep, user_of

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,creation-with-upload,checksum"
CHECKSUMS = {"sha256": hashlib.sha256, "sha1": hashlib.sha1}  # sha1: tuspy's default
OFFSET_TYPE = "application/offset+octet-stream"
CHECKSUM_MISMATCH = 460

router = APIRouter(prefix=f"{PREFIX}/photos", tags=["photos"])


def _user(request: Request, store: StoreDep, credentials: Credentials) -> User:
    _check_tus_version(request)  # a tus client of another version hears that first
    return user_of(store, credentials)


Authed = Annotated[User, Depends(_user)]


def _check_tus_version(request: Request) -> None:
    version = request.headers.get("tus-resumable")
    if version is not None and version.strip() != TUS_VERSION:
        raise HTTPException(412, f"不支持的 tus 版本 {version}", {"Tus-Version": TUS_VERSION})


def _tus_headers(upload: Upload | None = None, **more: str) -> dict[str, str]:
    headers = {"Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store", **more}
    if upload is not None:
        headers["Upload-Offset"] = str(upload.offset)
        headers["Upload-Length"] = str(upload.length)
    return headers


def _options() -> Response:
    return Response(
        status_code=204,
        headers={
            "Tus-Resumable": TUS_VERSION,
            "Tus-Version": TUS_VERSION,
            "Tus-Extension": TUS_EXTENSIONS,
            "Tus-Max-Size": str(MAX_PHOTO),
            "Tus-Checksum-Algorithm": ",".join(CHECKSUMS),
        },
    )


@router.options("")
def options_collection() -> Response:
    return _options()


@router.options("/{sha256:path}")
def options_photo(sha256: str) -> Response:
    return _options()


def _visible_or_404(store: Store, user: User, sha256: str) -> None:
    """A photo the caller may not see does not exist for them (HEAD tells nothing)."""
    if not is_sha256(sha256):
        raise HTTPException(400, "照片名必须是 64 位小写十六进制 SHA-256", _tus_headers())
    if not store.photo_visible(user, sha256):
        raise HTTPException(404, "服务器上没有记录引用这张照片", _tus_headers())


def _named_or_403(store: Store, user: User, sha256: str) -> None:
    """Bytes only for a photo a record the server holds names (push the record first)."""
    if not is_sha256(sha256):
        raise HTTPException(400, "照片名必须是 64 位小写十六进制 SHA-256", _tus_headers())
    if not (store.photo_named(sha256) and store.photo_visible(user, sha256)):
        raise HTTPException(
            403, "服务器上还没有记录引用这张照片：先推送照片记录，再上传照片", _tus_headers()
        )


def _length(request: Request) -> int | None:
    raw = request.headers.get("upload-length")
    if raw is None:
        return None
    if not raw.isdigit():
        raise HTTPException(400, "Upload-Length 必须是非负整数", _tus_headers())
    length = int(raw)
    if length > MAX_PHOTO:
        raise HTTPException(413, f"照片超过 {MAX_PHOTO // 1024 // 1024} MB", _tus_headers())
    return length


def _refused(e: UploadRefused) -> JSONResponse:
    return JSONResponse({"detail": e.detail}, e.status, headers=_tus_headers(e.upload))


@router.post("", status_code=201, responses={201: {"description": "upload created"}})
async def create(request: Request, user: Authed, store: StoreDep, uploads: UploadsDep) -> Response:
    length = _length(request)
    if length is None:
        raise HTTPException(400, "需要 Upload-Length（不支持延后声明长度）", _tus_headers())
    sha256 = _metadata(request.headers.get("upload-metadata", "")).get("sha256", "")
    _named_or_403(store, user, sha256)
    location = {"Location": f"{PREFIX}/photos/{sha256}"}
    with_body = request.headers.get("content-type", "").split(";")[0].strip() == OFFSET_TYPE
    try:
        upload = await run_in_threadpool(uploads.create, sha256, length, user.device_id)
        # creation-with-upload: the body continues an upload still at 0 (else it is not read,
        # and the answer's Upload-Offset says where to go on)
        if with_body and upload.offset == 0 and not upload.complete:
            upload = await _stream(uploads, sha256, 0, request, length, user.device_id)
    except UploadRefused as e:
        if e.status == 422:  # the whole photo came with the creation and did not match
            return JSONResponse({"detail": e.detail}, 422, headers=_tus_headers(**location))
        return _refused(e)
    return Response(status_code=201, headers=_tus_headers(upload, **location))


@router.head("/{sha256:path}", responses={404: {"description": "no upload of this photo"}})
async def head(sha256: str, user: Authed, store: StoreDep, uploads: UploadsDep) -> Response:
    _visible_or_404(store, user, sha256)
    upload = await run_in_threadpool(uploads.state, sha256)
    if upload is None:
        return Response(status_code=404, headers=_tus_headers())
    return Response(status_code=200, headers=_tus_headers(upload))


@router.patch(
    "/{sha256:path}",
    status_code=204,
    responses={
        409: {"description": "Upload-Offset is not where the server is"},
        460: {"description": "Upload-Checksum does not match the body"},
    },
)
async def patch(
    sha256: str, request: Request, user: Authed, store: StoreDep, uploads: UploadsDep
) -> Response:
    if request.headers.get("content-type", "").split(";")[0].strip() != OFFSET_TYPE:
        raise HTTPException(415, f"Content-Type 必须是 {OFFSET_TYPE}", _tus_headers())
    raw_offset = request.headers.get("upload-offset", "")
    if not raw_offset.isdigit():
        raise HTTPException(400, "需要 Upload-Offset（非负整数）", _tus_headers())
    length = _length(request)
    _named_or_403(store, user, sha256)
    checksum = _checksum(request.headers.get("upload-checksum"))
    offset = int(raw_offset)
    try:
        if checksum is None:
            upload = await _stream(uploads, sha256, offset, request, length, user.device_id)
        else:
            # A checksum covers the whole body: it is read first (at most MAX_BODY), checked,
            # and only then written (a cut body is not kept).
            chunks = await _body(request, whole=True)
            algorithm, expected = checksum
            digest = CHECKSUMS[algorithm]()
            for chunk in chunks:
                digest.update(chunk)
            if digest.digest() != expected:
                return JSONResponse(
                    {"detail": "Upload-Checksum 与内容不符，本段未保存"},
                    CHECKSUM_MISMATCH,
                    headers=_tus_headers(),
                )
            upload = await run_in_threadpool(
                uploads.append, sha256, offset, chunks, length=length, device_id=user.device_id
            )
    except UploadRefused as e:
        return _refused(e)
    return Response(status_code=204, headers=_tus_headers(upload))


@router.get(
    "/{sha256:path}",
    response_class=FileResponse,
    responses={404: {"description": "no such photo (yet)"}},
)
def get(sha256: str, user: Authed, store: StoreDep, uploads: UploadsDep):
    _visible_or_404(store, user, sha256)
    if not store.has_photo(sha256):
        raise HTTPException(404, "服务器上还没有这张照片")
    return FileResponse(uploads.final(sha256), media_type="application/octet-stream")


def _metadata(header: str) -> dict[str, str]:
    """tus Upload-Metadata: comma-separated `key base64value` pairs."""
    found: dict[str, str] = {}
    for pair in header.split(","):
        key, _, value = pair.strip().partition(" ")
        if not key:
            continue
        try:
            found[key] = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise HTTPException(
                400, f"Upload-Metadata 的 {key} 不是 base64", _tus_headers()
            ) from None
    return found


def _checksum(header: str | None) -> tuple[str, bytes] | None:
    if header is None:
        return None
    algorithm, _, value = header.strip().partition(" ")
    if algorithm not in CHECKSUMS:
        raise HTTPException(
            400, f"不支持的校验算法 {algorithm}（支持 {','.join(CHECKSUMS)}）", _tus_headers()
        )
    try:
        return algorithm, base64.b64decode(value.strip(), validate=True)
    except binascii.Error:
        raise HTTPException(400, "Upload-Checksum 不是 base64", _tus_headers()) from None


async def _stream(
    uploads: Uploads, sha256: str, offset: int, request: Request, length: int | None, device: str
) -> Upload:
    """Write the body to the partial file as it arrives: what came before a cut connection (or
    a killed server) is kept, and the client resumes after it. Waiting for the photo's lock and
    finishing (hash, fsync, rename, row) run on worker threads; the page-cache writes of the
    chunks run here."""
    appender = await run_in_threadpool(
        uploads.begin, sha256, offset, length=length, device_id=device
    )
    if isinstance(appender, Upload):
        return appender
    try:
        async for chunk in request.stream():
            appender.write(chunk)
    except ClientDisconnect:
        pass
    except BaseException:
        # cancelled or failed: release the lock here and now (what was written stays)
        with contextlib.suppress(Exception):
            appender.close()
        raise
    return await run_in_threadpool(appender.close)


async def _body(request: Request, whole: bool = False) -> list[bytes]:
    """The body's chunks as they came, up to a cut connection ([] for a cut one when `whole`:
    a checksum covers the whole body, so part of it cannot be kept)."""
    chunks: list[bytes] = []
    try:
        async for chunk in request.stream():
            if chunk:
                chunks.append(chunk)
    except ClientDisconnect:
        if whole:
            return []
    return chunks
