"""Who may write what: why a change is refused for the user who pushes it (a part of `Store`).

Scope by identity, on both ends: the laptops keep the same rules (forms/roles.py)."""

from __future__ import annotations

import json

from forms import entities, roles, visits

from ..dialect import Connection
from .model import User, _Batch

# What a leader or commissioner records in the field, on the projects in their scope, as each
# entity declares it (forms/entities.py). Everything else (units, people, projects' fields,
# assignments, stages, notices, settings) is the ledger's base data: the office's alone.
FIELD_ENTITIES = frozenset(name for name, e in entities.ENTITIES.items() if e.field_work)
# The project figures a visit reports (investment to date, actual milestone dates): a field
# official may set these, and only these, on a project already in their scope.
FIELD_PROJECT_FIELDS = frozenset(visits.LEDGER_UPDATES)
# Problem events that verify (销号) or reopen: the office's, or a leader's where the office set
# `problems.leader_may_verify` (forms/roles.py keeps the same rule on the laptop).
CLOSING_EVENTS = ("verified", "reopened")
# A device's claim of a number lane (forms/documents/numbering.py): every laptop that registers
# problems numbers them from its own lane, so its first claim must reach every other device.
LANE_CLAIM = "notice_lane:"


class Rules:
    """Why a change is refused for the user who makes it (None: it may be stored)."""

    def _deny(
        self,
        conn: Connection,
        batch: _Batch,
        user: User,
        entity: str,
        change: dict,
        project_id: str | None,
        round_id: str | None,
    ) -> str | None:
        """Why this user may not write this change, or None if they may.

        Scope by identity, on both ends: a field official writes only field records (visits,
        problems and their events, photos and their links), only on a project in their scope,
        and only if the record as it is now (on the server) is in their scope too."""
        if user.role == "office":
            return None
        if round_id is not None:
            return self._deny_review(conn, user, entity, change, project_id, round_id)
        if entity == "setting" and self._new_lane_claim(conn, change):
            return None
        progress = entity == "project" and set(change["fields"]) <= FIELD_PROJECT_FIELDS
        if entity not in FIELD_ENTITIES and not progress:
            return "只有专班办公室可以修改基础数据"
        if user.role == "reviewer":
            return self._deny_reviewer_photo(conn, user, entity, project_id)
        if entity == "problem_event" and change["fields"].get("kind") in CLOSING_EVENTS:
            if not (user.role == "leader" and self._leader_may_verify(conn)):
                return "只有专班办公室可以核验销号或重开问题"
        if user.id not in batch.visible:
            batch.visible[user.id] = self.visible_projects(conn, user)
        visible = batch.visible[user.id]
        if progress:
            # the project as it is now must be theirs; these fields cannot move it
            return None if project_id in visible else "该项目不在您的辖区或包抓范围内"
        if entity == "photo":
            return self._deny_photo(conn, user, change, visible)
        if project_id is None:
            if entity in ("problem_event", "photo_link", "photo_link_event"):
                return "服务器上没有该记录所属的问题、走访或照片链接"
            return "该记录没有所属项目"
        if entity == "photo_link":
            named = change["fields"].get("project_id")
            if named is not None and named != project_id:
                return "照片链接的项目与其所属的走访或问题不符"
        if project_id not in visible:
            return "该项目不在您的辖区或包抓范围内"
        before = self._indexed_project(conn, entity, change["entity_id"])
        if before is not None and before != project_id:
            return "该记录已属于另一个项目"
        return None

    def _deny_own_verification(
        self,
        conn: Connection,
        batch: _Batch,
        change: dict,
        author_id: str | None,
        project_id: str | None,
    ) -> str | None:
        """The second-person rule: a problem is verified and closed (销号) by someone other
        than the person who reported it done. People are compared by id, as forms/roles.py
        compares the signed-in person on the laptop: `author_id` is the token's user, or the
        author a relayed change was made by (None: no one known, nothing to compare)."""
        if change["entity"] != "problem_event" or change["fields"].get("kind") != "verified":
            return None
        if author_id is None or author_id != self._reported_by(conn, batch, change, project_id):
            return None
        return "销号须由报办结以外的人核验"

    def _reported_by(
        self, conn: Connection, batch: _Batch, change: dict, project_id: str | None
    ) -> str | None:
        """Who reported the problem done, as its events known here say, folded in (hlc, id)
        order as forms/problem_state.py does (a report while it is closed counts not): what the
        laptop's own check sees. All known events, not only those stamped before `change`: a
        verification stamped back in time does not slip under its author's own report."""
        problem_id = change["fields"].get("problem_id")
        # A problem's events are kept under its project (see _scope_of); those earlier in this
        # batch are not in the table yet.
        where = "project_id = ?" if project_id is not None else "project_id IS NULL"
        bodies = [
            body
            for (body,) in conn.all(
                f"SELECT body FROM changes WHERE entity = 'problem_event' AND {where}",
                [project_id] if project_id is not None else [],
            )
        ]
        bodies += [r[7] for r in batch.rows if r[1] == "problem_event" and r[3] == project_id]
        events = [e for e in map(json.loads, bodies) if e["fields"].get("problem_id") == problem_id]
        reported_by, closed = None, False
        for event in sorted(events, key=lambda e: (e["hlc"], e["entity_id"])):
            kind = event["fields"].get("kind")
            if kind == "reported_done" and not closed:
                reported_by = event.get("author_id")
            elif kind in CLOSING_EVENTS:
                closed = kind == "verified"
        return reported_by

    def _deny_photo(
        self, conn: Connection, user: User, change: dict, visible: set[str]
    ) -> str | None:
        """A photo row has no project of its own: a new one anyone in the field may make (its
        links decide who sees it); an existing one only someone who may see it may change."""
        photo_id = change["entity_id"]
        if conn.one("SELECT 1 FROM changes WHERE entity = 'photo' AND entity_id = ?", [photo_id]):
            if not self._photo_ids_visible(conn, user, [photo_id], visible):
                return "这张照片不在您的辖区或包抓范围内"
        working = change["fields"].get("working_sha256")
        if working is not None and working != photo_id:
            # The file it names must not be someone else's photo out of this user's scope.
            others = [
                r[0]
                for r in conn.all(
                    "SELECT photo_id FROM scope_photo_files WHERE sha256 = ? AND photo_id <> ?",
                    [working, photo_id],
                )
            ]
            if others and not self._photo_ids_visible(conn, user, others, visible):
                return "这张照片不在您的辖区或包抓范围内"
        return None

    def _leader_may_verify(self, conn: Connection) -> bool:
        """The office's setting, as the latest stored change of it says."""
        latest = None
        for (body,) in conn.all(
            "SELECT body FROM changes WHERE entity = 'setting' AND entity_id = ?",
            [roles.LEADER_MAY_VERIFY],
        ):
            change = json.loads(body)
            if latest is None or change["hlc"] > latest["hlc"]:
                latest = change
        try:
            return bool(latest and json.loads(latest["fields"].get("value") or "false"))
        except (TypeError, ValueError):
            return False

    def _new_lane_claim(self, conn: Connection, change: dict) -> bool:
        """A first claim of a lane by the device that makes the change (never a change to
        someone's existing claim, nor a claim in another device's name)."""
        if change["entity_id"] != LANE_CLAIM + (change.get("device") or ""):
            return False
        return (
            conn.one(
                "SELECT 1 FROM changes WHERE entity = 'setting' AND entity_id = ?",
                [change["entity_id"]],
            )
            is None
        )

    # -- review rounds (季度观摩点评) ------------------------------------------------------------
    # The office writes rounds, their members and route, and scorecards (form definitions). A
    # member with the reviewer role writes only scores: as themselves, for rounds they are a
    # member of, for projects on the round's route. A member pulls their rounds, the base data
    # of the route's projects (not their visits or problems) and only their own scores (members
    # score independently); the office pulls everything.

    def _deny_review(
        self,
        conn: Connection,
        user: User,
        entity: str,
        change: dict,
        project_id: str | None,
        round_id: str,
    ) -> str | None:
        if user.role != "reviewer" or not self._member(conn, user, round_id):
            return "不是该观摩点评轮次的成员"
        if entity != "review_score":
            return "观摩点评组成员只能记录评分"
        if change["fields"].get("member_id") != user.id:
            return "只能记录本人的评分"
        on_route = conn.one(
            "SELECT 1 FROM scope_round_projects WHERE round_id = ? AND project_id = ?",
            [round_id, project_id],
        )
        return None if on_route else "该项目不在本轮观摩路线上"

    def _deny_reviewer_photo(
        self, conn: Connection, user: User, entity: str, project_id: str
    ) -> str | None:
        """A member links the photos they took on site to a project on their route."""
        if entity in ("photo_link", "photo_link_event") and project_id in self._route_only(
            conn, user, []
        ):
            return None
        return "观摩点评组成员只能记录所在轮次的评分"
