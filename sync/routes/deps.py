"""What the routes depend on: the app's store and photo uploads, and the token's user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..photo_uploads import Uploads
from ..store import Store, User

bearer = HTTPBearer(auto_error=False)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


# async: handing the app's object over needs no worker thread
async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_uploads(request: Request) -> Uploads:
    return request.app.state.uploads


StoreDep = Annotated[Store, Depends(get_store)]
UploadsDep = Annotated[Uploads, Depends(get_uploads)]


def user_of(store: Store, credentials: HTTPAuthorizationCredentials | None) -> User:
    """The user of a live device token, or 401 (the same answer for no, a wrong or a revoked
    token: nothing tells which)."""
    user = store.authenticate(credentials.credentials) if credentials else None
    if user is None:
        raise HTTPException(401, "未登录或设备已被撤销", {"WWW-Authenticate": "Bearer"})
    return user


# A plain def: authenticating asks the database, so it runs on a worker thread.
def current_user(store: StoreDep, credentials: Credentials) -> User:
    return user_of(store, credentials)


Authed = Annotated[User, Depends(current_user)]
