"""What a person may do, by their role; the same rules the server keeps for what it accepts.

- Only the office verifies and closes (销号) or reopens a problem; the leader who assigned it may
  too when the office has set `problems.leader_may_verify`. Never the person who reported it
  done (compared by person id, never by name).
- A leader or commissioner acts on the problems they raised and on those of the projects they
  are assigned to; a reviewer records scores only.
- Only the office edits the ledger: projects, units, people, assignments.

An action with no person (`author_id=None`: the command line, the demo, imports by script) is
not checked here: whoever runs a command holds the workspace file itself (and its password when
it is encrypted). Signed-in work in the app always names its person.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .errors import UserError
from .store import people, settings

LEADER_MAY_VERIFY = "problems.leader_may_verify"
CLOSING_ACTIONS = ("verify", "reopen")


class Forbidden(UserError):
    """The person's role does not allow this."""


def role_of(conn: sqlite3.Connection, person_id: str | None) -> str | None:
    return people.role(conn, person_id) if person_id is not None else None


def leader_may_verify(conn: sqlite3.Connection) -> bool:
    value = settings.raw(conn, LEADER_MAY_VERIFY)
    try:
        return bool(value and json.loads(value))
    except (TypeError, ValueError):
        return False


def problem_refusal(
    conn: sqlite3.Connection, person_id: str | None, problem: dict[str, Any], action: str
) -> str | None:
    """Why `person_id` may not take `action` on `problem` (a row of `problems`), or None."""
    if person_id is None:
        return None
    role = role_of(conn, person_id)
    if role is None:
        return "登录人员不在人员名单中 / the signed-in person is not in the ledger"
    if action == "verify" and problem.get("reported_by") == person_id:
        return (
            "销号须由报办结以外的人核验 / whoever reported it done cannot also verify and close it"
        )
    if action in CLOSING_ACTIONS:
        if role == "office":
            return None
        if (
            role == "leader"
            and leader_may_verify(conn)
            and people.assigning_leader(conn, problem["id"]) == person_id
        ):
            return None
        return "只有专班办公室可以核验销号或重开问题 / only the office verifies, closes or reopens a problem"
    if role == "office":
        return None
    if role == "reviewer":
        return "观摩点评组成员只能记录评分 / reviewers record scores only"
    if people.raised_by(conn, problem["id"]) == person_id or people.is_assigned(
        conn, person_id, problem["project_id"]
    ):
        return None
    return "只能处理自己提出的或包抓项目的问题 / you act on your own problems and those of your projects"


def ledger_refusal(conn: sqlite3.Connection, person_id: str | None) -> str | None:
    """Why `person_id` may not edit the ledger (projects, units, people, assignments), or None."""
    if person_id is None or role_of(conn, person_id) == "office":
        return None
    return "只有专班办公室可以修改项目台账 / only the office edits the ledger"


def check_problem(
    conn: sqlite3.Connection, person_id: str | None, problem: dict[str, Any], action: str
) -> None:
    reason = problem_refusal(conn, person_id, problem, action)
    if reason:
        raise Forbidden(reason)


def check_ledger(conn: sqlite3.Connection, person_id: str | None) -> None:
    reason = ledger_refusal(conn, person_id)
    if reason:
        raise Forbidden(reason)
