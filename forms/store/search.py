"""The global search: projects, problems, notices (by 文号), people and units whose words
contain the text typed, a few of each kind, for the desktop's search box."""

from __future__ import annotations

from typing import Any

from . import query as _query

LIMIT = 20  # hits of each kind


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def everything(db: Any, text: str, limit: int = LIMIT) -> list[dict[str, Any]]:
    """Hits as {kind, id, title, detail}; kinds in the order a person looks for them."""
    text = " ".join(text.split())
    if not text:
        return []
    like, hits = _like(text), []
    hits += _query(
        db,
        "SELECT 'project' AS kind, id, coalesce(code, '') || ' ' || name AS title,"
        " coalesce(enterprise, '') AS detail FROM projects"
        " WHERE code LIKE :q ESCAPE '\\' OR name LIKE :q ESCAPE '\\'"
        " OR enterprise LIKE :q ESCAPE '\\' ORDER BY code LIMIT :n",
        {"q": like, "n": limit},
    )
    hits += _query(
        db,
        "SELECT 'problem' AS kind, problems.id, problems.description AS title,"
        " coalesce(projects.name, '') AS detail FROM problems"
        " LEFT JOIN projects ON projects.id = problems.project_id"
        " WHERE problems.description LIKE :q ESCAPE '\\'"
        " ORDER BY problems.raised_on DESC LIMIT :n",
        {"q": like, "n": limit},
    )
    hits += _query(
        db,
        "SELECT 'notice' AS kind, notices.id, notices.number AS title,"
        " coalesce(units.name, '') AS detail FROM notices"
        " LEFT JOIN units ON units.id = notices.unit_id"
        " WHERE notices.number LIKE :q ESCAPE '\\' ORDER BY notices.issued_on DESC LIMIT :n",
        {"q": like, "n": limit},
    )
    hits += _query(
        db,
        "SELECT 'person' AS kind, id, name AS title, coalesce(title, role, '') AS detail"
        " FROM people WHERE name LIKE :q ESCAPE '\\' ORDER BY name LIMIT :n",
        {"q": like, "n": limit},
    )
    hits += _query(
        db,
        "SELECT 'unit' AS kind, id, name AS title, kind AS detail FROM units"
        " WHERE name LIKE :q ESCAPE '\\' ORDER BY name LIMIT :n",
        {"q": like, "n": limit},
    )
    return hits


def projects_of(db: Any, kind: str, target_id: str, limit: int = 200) -> list[dict[str, Any]]:
    """The projects a person is assigned to, or a unit's (district, park, lead or responsible)."""
    if kind == "person":
        sql = (
            "SELECT 'project' AS kind, p.id, coalesce(p.code, '') || ' ' || p.name AS title,"
            " coalesce(p.enterprise, '') AS detail FROM projects p"
            " JOIN assignments a ON a.project_id = p.id AND a.active = 1"
            " WHERE a.person_id = :id ORDER BY p.code LIMIT :n"
        )
    else:
        sql = (
            "SELECT 'project' AS kind, id, coalesce(code, '') || ' ' || name AS title,"
            " coalesce(enterprise, '') AS detail FROM projects"
            " WHERE district_id = :id OR lead_unit_id = :id"
            " OR EXISTS (SELECT 1 FROM json_each(projects.responsible_units) WHERE value = :id)"
            " ORDER BY code LIMIT :n"
        )
    return list(_query(db, sql, {"id": target_id, "n": limit}))
