"""The central sync server: `create_app` assembles the routes (sync/routes/, one router per
resource) over `store.Store` and a photo folder, with the middleware; `serve` runs it.

Every route answers only after its write is durable (the store commits before returning; photo
files are fsynced and renamed before their row). Authentication is a per-device bearer token;
the token is never logged (it travels in a header, and no route logs headers or bodies).
"""

import gzip
import logging
from pathlib import Path

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from . import memory
from .middleware import BodyLimitMiddleware
from .photo_uploads import Uploads
from .protocol import MAX_BODY, PROTOCOL_HEADER, PROTOCOL_VERSION
from .routes import ROUTERS
from .store import Store

log = logging.getLogger("siteledger.server")


def create_app(store: Store, data: Path) -> FastAPI:
    app = FastAPI(
        title="SiteLedger sync",
        version=str(PROTOCOL_VERSION),
        description="Push and pull changes, upload photos by SHA-256. Every request may carry "
        f"the header `{PROTOCOL_HEADER}: {PROTOCOL_VERSION}`.",
    )
    # What the routes depend on (sync/routes/deps.py).
    app.state.store = store
    app.state.uploads = Uploads(data, store)
    # Photos whose bytes were all there when the server last died are finished now.
    recovered = app.state.uploads.recover()
    if any(recovered.values()):
        log.info("photo uploads at start-up: %s", recovered)
    for router in ROUTERS:
        app.include_router(router)
    # Level 5 as the client uses: JSON shrinks nearly as much as at 9 for a fraction of the CPU.
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5, **_no_gzip_for_photos())
    app.add_middleware(BodyLimitMiddleware, limit=MAX_BODY)
    return app


def _no_gzip_for_photos() -> dict:
    """Photos are already compressed: gzipping them only burns CPU (newer Starlette only)."""
    import inspect

    from starlette.middleware import gzip as starlette_gzip

    if "exclude_content_types" not in inspect.signature(GZipMiddleware.__init__).parameters:
        return {}
    defaults = getattr(starlette_gzip, "DEFAULT_EXCLUDED_CONTENT_TYPES", ())
    return {"exclude_content_types": (*defaults, "application/octet-stream")}


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
