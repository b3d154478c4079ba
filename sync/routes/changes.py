"""Changes: push a batch (stored once by id, all or nothing) and pull by cursor."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from .. import faults
from ..protocol import MAX_PAGE, PREFIX, PullResponse, PushRequest, PushResponse, RefusedResponse
from ..store import Refused
from .deps import Authed, StoreDep

router = APIRouter(prefix=PREFIX)


@router.post(
    "/changes",
    response_model=PushResponse,
    responses={
        403: {"model": RefusedResponse},
        409: {"model": RefusedResponse},
        422: {"description": "malformed request or refused changes"},
    },
)
def push(request: PushRequest, user: Authed, store: StoreDep):
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


@router.get("/changes", response_model=PullResponse)
def pull(
    user: Authed,
    store: StoreDep,
    since: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
) -> Response:
    bodies, cursor, more = store.pull(user, since, limit)
    # The bodies are stored canonical JSON: splice them instead of parsing and re-encoding.
    text = '{"changes":[' + ",".join(bodies) + f'],"cursor":{cursor},"more":{json.dumps(more)}}}'
    return Response(text, media_type="application/json")
