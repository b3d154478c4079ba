"""A canonical JSON of a workspace's shared content: same content, same bytes.

Only the tables that sync shares are written (schema.SHARED_TABLES), rows sorted by key, keys
sorted, no whitespace variation; nothing device-local (outbox, cursors, enrolment, settings of
this laptop). Later issues compare two workspaces by comparing their dumps.
"""

from __future__ import annotations

import json
from typing import IO

from .schema import SHARED_TABLES
from .store import tables
from .workspace import Workspace


def write(ws: Workspace, out: IO[str]) -> None:
    """Stream the dump table by table so a large workspace is never held in memory at once."""
    out.write("{")
    for n, table in enumerate(SHARED_TABLES):
        out.write(("," if n else "") + json.dumps(table) + ":[")
        cursor = tables.in_key_order(ws.conn, table)
        columns = [d[0] for d in cursor.description]
        first = True
        encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
        while rows := cursor.fetchmany(2000):
            chunk = ",".join(encode(dict(zip(columns, row, strict=True))) for row in rows)
            out.write(chunk if first else "," + chunk)
            first = False
        out.write("]")
    out.write("}\n")


def dumps(ws: Workspace) -> str:
    import io

    buffer = io.StringIO()
    write(ws, buffer)
    return buffer.getvalue()
