"""The photo tables' SQL: photos, their links to visits, problems and projects, and the
links' events (caption, removed). Read by forms/photos/store.py; writes go through `ws.record`."""

from __future__ import annotations

from typing import Any

from . import first, rows

LIVE = (
    "NOT EXISTS (SELECT 1 FROM photo_link_events e WHERE e.link_id = l.id AND e.kind = 'removed')"
)


def known_photo_ids(db: Any) -> set[str]:
    return {r[0] for r in db.execute("SELECT id FROM photos")}


def photo(db: Any, photo_id: str) -> dict[str, Any] | None:
    return first(db, "SELECT * FROM photos WHERE id = ?", [photo_id])


def referenced_hashes(db: Any) -> list[dict[str, str]]:
    """The photos some live link names: [{"sha256": original, "working_sha256": ...}]."""
    return rows(
        db,
        f"SELECT DISTINCT l.photo_id AS sha256, p.working_sha256 FROM photo_links l"
        f" LEFT JOIN photos p ON p.id = l.photo_id WHERE {LIVE} ORDER BY l.photo_id",
    )


def unreferenced_photo_ids(db: Any) -> list[str]:
    """Photos no live link names any more."""
    return [
        r[0]
        for r in db.execute(
            f"SELECT p.id FROM photos p WHERE NOT EXISTS"
            f" (SELECT 1 FROM photo_links l WHERE l.photo_id = p.id AND {LIVE}) ORDER BY p.id"
        )
    ]


def live_link(db: Any, photo_id: str, target_kind: str, target_id: str) -> str | None:
    row = db.execute(
        f"SELECT l.id FROM photo_links l WHERE l.photo_id = ? AND l.target_kind = ?"
        f" AND l.target_id = ? AND {LIVE}",
        [photo_id, target_kind, target_id],
    ).fetchone()
    return row[0] if row else None


def links(db: Any, target_kind: str, target_id: str) -> list[dict[str, Any]]:
    """Live photo links of a visit, a problem or (everything of) a project, oldest taken
    first, each joining the photo's facts and carrying the current caption (undecoded)."""
    column = "l.project_id" if target_kind == "project" else "l.target_id"
    kind_clause = "" if target_kind == "project" else "AND l.target_kind = ?"
    params = [target_id] if target_kind == "project" else [target_id, target_kind]
    return rows(
        db,
        f"""SELECT l.id AS link_id, l.photo_id, l.target_kind, l.target_id, l.project_id,
           COALESCE((SELECT e.caption FROM photo_link_events e WHERE e.link_id = l.id
                     AND e.kind = 'caption' ORDER BY e.hlc DESC, e.id DESC LIMIT 1),
                    l.caption) AS caption,
           l.flags AS link_flags, l.distance_m, l.linked_at, l.author_id,
           p.original_name, p.width, p.height, p.taken_at, p.latitude, p.longitude,
           p.time_trusted, p.time_note, p.flags AS photo_flags, p.working_sha256
       FROM photo_links l LEFT JOIN photos p ON p.id = l.photo_id
       WHERE {column} = ? {kind_clause} AND {LIVE}
       ORDER BY p.taken_at IS NULL, p.taken_at, l.hlc""",
        params,
    )


def link_target(db: Any, link_id: str) -> tuple[str, str] | None:
    """(target kind, target id) of a link, removed or not; None when there is no such link."""
    row = db.execute(
        "SELECT target_kind, target_id FROM photo_links WHERE id = ?", [link_id]
    ).fetchone()
    return (row[0], row[1]) if row else None


# -- what a photo is attached to (forms/photos/plausibility.py) --------------------------------


def visit_facts(db: Any, visit_id: str) -> tuple[str, str, str | None] | None:
    """(project id, visited at, visitor id) of a visit."""
    return db.execute(
        "SELECT project_id, visited_at, author_id FROM visits WHERE id = ?", [visit_id]
    ).fetchone()


def problem_facts(db: Any, problem_id: str) -> tuple[str, str, str | None] | None:
    """(project id, day seen, who saw it) of a problem: its visit's, else its own."""
    return db.execute(
        "SELECT p.project_id, COALESCE(v.visited_at, p.raised_on), COALESCE(v.author_id,"
        " p.author_id) FROM problems p LEFT JOIN visits v ON v.id = p.visit_id"
        " WHERE p.id = ?",
        [problem_id],
    ).fetchone()


def project_place(db: Any, project_id: str) -> tuple[str, str, float, float] | None:
    """(name, location, latitude, longitude) of a project."""
    return db.execute(
        "SELECT name, location, latitude, longitude FROM projects WHERE id = ?", [project_id]
    ).fetchone()
