"""The photo records: reads asked by name of forms/store/photos.py (the photo SQL), writes
through `ws.record`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..ids import new_id
from ..store import photos as photo_sql
from ..store import settings as setting_store

TARGET_KINDS = ("visit", "problem", "project")

# Workspace settings (the synced `settings` table) that photos read, with their defaults.
SETTINGS = {
    "photo_keep_originals": True,
    "photo_day_tolerance_hours": 3,
    "photo_max_distance_m": 1000,
    "clock_tolerance_s": 300,
}


def setting(ws, key: str) -> Any:
    raw = setting_store.raw(ws.conn, key)
    if raw is None:
        return SETTINGS[key]
    try:
        return json.loads(raw)
    except ValueError:
        return SETTINGS[key]


def known_photo_ids(ws) -> set[str]:
    return photo_sql.known_photo_ids(ws.conn)


def photo(ws, photo_id: str) -> dict[str, Any] | None:
    row = photo_sql.photo(ws.conn, photo_id)
    return _decoded(row) if row else None


def referenced_hashes(ws) -> list[dict[str, str]]:
    """The photos some live link names: [{"sha256": original, "working_sha256": ...}].

    For sync: these are the files this workspace needs (the working copy is the one that syncs).
    A link can name a photo whose row has not arrived yet; its working hash is then None.
    """
    return photo_sql.referenced_hashes(ws.conn)


def unreferenced_photo_ids(ws) -> list[str]:
    """Photos no live link names any more: their files may go."""
    return photo_sql.unreferenced_photo_ids(ws.conn)


def purge_unreferenced(ws) -> list[str]:
    """Delete the files of photos no live record names (never automatic: ask for it).

    The photo rows stay (they are shared history); a link arriving later by sync can have its
    working copy fetched again, the original is gone for good.
    """
    from . import files

    purged = unreferenced_photo_ids(ws)
    for sha in purged:
        files.purge(ws.photos_dir, sha)
    return purged


def live_link(ws, photo_id: str, target_kind: str, target_id: str) -> str | None:
    return photo_sql.live_link(ws.conn, photo_id, target_kind, target_id)


def links(ws, target_kind: str, target_id: str) -> list[dict[str, Any]]:
    """Live photo links of a visit, a problem or (everything of) a project, oldest taken first.

    Each row joins the photo's facts and carries the current caption.
    """
    return [_decoded_link(r) for r in photo_sql.links(ws.conn, target_kind, target_id)]


def link(ws, link_id: str) -> dict[str, Any] | None:
    target = photo_sql.link_target(ws.conn, link_id)
    if target is None:
        return None
    return next((r for r in links(ws, *target) if r["link_id"] == link_id), None)


def record_photo(ws, sha256: str, fields: dict[str, Any], *, author_id: str | None) -> None:
    ws.record("photo", sha256, fields, author_id=author_id)


def record_link(
    ws,
    sha256: str,
    target: dict[str, Any],
    *,
    caption: str | None,
    flags: list[str],
    distance_m: float | None,
    author_id: str | None,
) -> str:
    link_id = new_id()
    ws.record(
        "photo_link",
        link_id,
        {
            "photo_id": sha256,
            "target_kind": target["kind"],
            "target_id": target["id"],
            "project_id": target.get("project_id"),
            "caption": caption,
            "linked_at": _now(),
            "flags": flags,
            "distance_m": distance_m,
        },
        author_id=author_id,
    )
    return link_id


def set_caption(ws, link_id: str, caption: str, *, author_id: str | None) -> None:
    _event(ws, link_id, "caption", caption, author_id)


def remove_link(ws, link_id: str, *, author_id: str | None) -> None:
    """Take a photo off its visit/problem: an event; the file stays while a record names it."""
    _event(ws, link_id, "removed", None, author_id)


def relink(ws, removed: dict[str, Any], *, author_id: str | None) -> str:
    """Undo a removal: the photo linked again to the same record with the caption it had, as
    a new link (a removal stays in the history; every device, old or new, agrees on it)."""
    target = {
        "kind": removed["target_kind"],
        "id": removed["target_id"],
        "project_id": removed.get("project_id"),
    }
    return record_link(
        ws,
        removed["photo_id"],
        target,
        caption=removed.get("caption"),
        flags=list(removed.get("link_flags") or []),
        distance_m=removed.get("distance_m"),
        author_id=author_id,
    )


def _event(ws, link_id: str, kind: str, caption: str | None, author_id: str | None) -> None:
    if photo_sql.link_target(ws.conn, link_id) is None:
        from ..errors import UserError

        raise UserError(f"no photo link {link_id}")
    ws.record(
        "photo_link_event",
        new_id(),
        {
            "link_id": link_id,
            "kind": kind,
            "caption": caption,
            "at": _now(),
        },
        author_id=author_id,
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["flags"] = json.loads(row["flags"]) if row.get("flags") else []
    return row


def _decoded_link(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["link_flags"] = json.loads(row["link_flags"]) if row.get("link_flags") else []
    row["photo_flags"] = json.loads(row["photo_flags"]) if row.get("photo_flags") else []
    row["flags"] = row["photo_flags"] + row["link_flags"]
    if row.get("time_trusted") == 0 and "time_unconfirmed" not in row["flags"]:
        row["flags"].append("time_unconfirmed")
    return row
