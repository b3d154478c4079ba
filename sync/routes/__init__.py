"""The server's HTTP routes, one `APIRouter` per resource; `sync.server.create_app` assembles them.

    enrolment  GET /v1/info, POST /v1/enroll (rate-limited failures), POST /v1/me/key
    devices    GET /v1/devices (the server's key, revoked devices), GET /v1/me
    changes    POST /v1/changes (push), GET /v1/changes (pull by cursor)
    photos     tus 1.0.0 on /v1/photos/{sha256}, GET of a finished photo

Each route gets the store, the photo uploads and the token's user as FastAPI dependencies
(`deps`), never from a closure: a route module can be read, and tested, on its own.
"""

from . import changes, devices, enrolment, photos

# In this order in the OpenAPI document, as before the routes were split.
ROUTERS = (photos.router, enrolment.router, devices.router, changes.router)
