"""Who may see what: the scope indexes kept from the changes in the transaction that stores
them (which project, and so which district, each record belongs to; who is assigned where; the
members and routes of review rounds), and the projects and pull filter of a user (a part of
`Store`)."""

from __future__ import annotations

from typing import Any

from ..dialect import Connection
from .model import User

# Entities that belong to a project through a field of theirs.
PROJECT_FIELD = {"visit", "stage_change", "problem", "assignment"}
# Indexed in scope_rows: the records a later change reaches through an id of theirs.
INDEXED = {"problem", "assignment", "visit", "photo_link"}


class Scope:
    """The scope indexes and what they say a user may see."""

    def _scope_of(
        self, conn: Connection, entity: str, change: dict
    ) -> tuple[str | None, str | None]:
        """The project (and review round) the record belongs to once this change is applied."""
        fields = change["fields"]
        round_id = fields.get("round_id")
        if entity == "review_round":
            return None, change["entity_id"]
        if entity == "project":
            return change["entity_id"], round_id
        if entity == "problem_event":
            return self._indexed_project(conn, "problem", fields.get("problem_id")), round_id
        if entity == "photo_link_event":
            return self._indexed_project(conn, "photo_link", fields.get("link_id")), round_id
        if entity == "photo_link":
            return self._link_project(conn, fields), round_id
        if entity in PROJECT_FIELD or "project_id" in fields:
            if fields.get("project_id"):
                return fields["project_id"], round_id
            row = conn.one(
                "SELECT project_id, round_id FROM scope_rows WHERE entity = ? AND entity_id = ?",
                [entity, change["entity_id"]],
            )
            return (row[0], row[1] or round_id) if row else (None, round_id)
        return None, round_id

    def _indexed_project(self, conn: Connection, entity: str, entity_id: Any) -> str | None:
        row = conn.one(
            "SELECT project_id FROM scope_rows WHERE entity = ? AND entity_id = ?",
            [entity, entity_id],
        )
        return row[0] if row else None

    def _link_project(self, conn: Connection, fields: dict) -> str | None:
        """A photo link's project is its target's: the project itself, or the project of the
        visit or problem it names (the link's own project_id must agree, see _deny)."""
        kind, target = fields.get("target_kind"), fields.get("target_id")
        if kind == "project":
            return target
        return self._indexed_project(conn, kind, target) or fields.get("project_id")

    def _member(self, conn: Connection, user: User, round_id: str) -> bool:
        return (
            conn.one(
                "SELECT 1 FROM scope_round_members WHERE round_id = ? AND person_id = ?",
                [round_id, user.id],
            )
            is not None
        )

    def _districts(self, conn: Connection, user: User) -> list[str]:
        # The user's district is a unit id (see _district_id), never matched by name.
        return [user.district] if user.district else []

    def visible_projects(self, conn: Connection, user: User) -> set[str]:
        districts = self._districts(conn, user)
        marks = ", ".join("?" for _ in districts) or "NULL"
        rows = conn.all(
            f"SELECT project_id FROM scope_projects WHERE district_id IN ({marks})"
            " UNION SELECT project_id FROM scope_assignments WHERE person_id = ? AND active = 1",
            [*districts, user.id],
        )
        return {r[0] for r in rows}

    def _index(
        self,
        conn: Connection,
        entity: str,
        change: dict,
        project_id: str | None,
        round_id: str | None,
    ) -> None:
        fields, entity_id = change["fields"], change["entity_id"]
        self._index_photo(conn, entity, change, project_id)
        if (project_id or round_id) and (entity in INDEXED or round_id):
            conn.execute(
                "INSERT INTO scope_rows (entity, entity_id, project_id, round_id)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (entity, entity_id) DO NOTHING",
                [entity, entity_id, project_id, round_id],
            )
        if entity == "project" and "district_id" in fields:
            conn.execute(
                "INSERT INTO scope_projects (project_id, district_id, hlc) VALUES (?, ?, ?)"
                " ON CONFLICT (project_id) DO UPDATE SET district_id = excluded.district_id,"
                " hlc = excluded.hlc WHERE scope_projects.hlc < excluded.hlc",
                [entity_id, fields["district_id"], change["hlc"]],
            )
        elif entity == "assignment":
            conn.execute(
                "INSERT INTO scope_assignments (id, person_id, project_id, active)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " person_id = COALESCE(excluded.person_id, scope_assignments.person_id),"
                " project_id = COALESCE(excluded.project_id, scope_assignments.project_id),"
                " active = COALESCE(excluded.active, scope_assignments.active)",
                [
                    entity_id,
                    fields.get("person_id"),
                    fields.get("project_id"),
                    _int_or_none(fields.get("active")),
                ],
            )
        elif entity == "unit" and "name" in fields:
            conn.execute(
                "INSERT INTO scope_units (unit_id, name) VALUES (?, ?)"
                " ON CONFLICT (unit_id) DO UPDATE SET name = excluded.name",
                [entity_id, fields["name"]],
            )
        elif entity in ("review_member", "review_stop") and fields.get("round_id"):
            self._index_review(conn, entity, fields)

    def _index_review(self, conn: Connection, entity: str, fields: dict) -> None:
        if entity == "review_member":
            sql = "INSERT INTO scope_round_members (round_id, person_id) VALUES (?, ?)"
            values = [fields["round_id"], fields.get("person_id")]
        else:
            sql = "INSERT INTO scope_round_projects (round_id, project_id) VALUES (?, ?)"
            values = [fields["round_id"], fields.get("project_id")]
        conn.execute(sql + " ON CONFLICT DO NOTHING", values)

    def _member_rounds(self, conn: Connection, user: User) -> list[str]:
        return [
            r[0]
            for r in conn.all(
                "SELECT round_id FROM scope_round_members WHERE person_id = ?", [user.id]
            )
        ]

    def _route_only(self, conn: Connection, user: User, visible: list[str]) -> set[str]:
        """Projects on the routes of the user's rounds that are not otherwise theirs: only
        their base data (the project records) is sent, backfilled like a newly visible one."""
        if user.role != "reviewer":
            return set()
        rows = conn.all(
            "SELECT DISTINCT r.project_id FROM scope_round_projects r"
            " JOIN scope_round_members m ON m.round_id = r.round_id WHERE m.person_id = ?",
            [user.id],
        )
        return {r[0] for r in rows} - set(visible)

    def _review_filter(self, conn: Connection, user: User) -> tuple[str, list]:
        """The pull clause of a member's rounds, own scores and route projects' base data."""
        rounds = self._member_rounds(conn, user)
        if not rounds:
            return "", []
        marks = ", ".join("?" for _ in rounds)
        return (
            f" OR (round_id IN ({marks}) AND (entity <> 'review_score' OR author_id = ?))"
            " OR (entity = 'project' AND round_id IS NULL AND project_id IN"
            " (SELECT project_id FROM scope_round_projects WHERE round_id IN"
            f" ({marks})))",
            [*rounds, user.id, *rounds],
        )

    def _pull_filter(
        self, conn: Connection, user: User, projects: list[str] | None
    ) -> tuple[str, list]:
        if projects is None:
            return "", []
        project_marks = ", ".join("?" for _ in projects) or "NULL"
        review, review_params = self._review_filter(conn, user)
        # Photo rows have no project: they follow the projects their links name.
        return (
            " AND ((project_id IS NULL AND round_id IS NULL AND entity <> 'photo')"
            f" OR (round_id IS NULL AND project_id IN ({project_marks})){review}"
            " OR (entity = 'photo' AND entity_id IN (SELECT photo_id FROM scope_photo_links"
            f" WHERE project_id IN ({project_marks}))))",
            [*projects, *review_params, *projects],
        )


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(bool(value))
