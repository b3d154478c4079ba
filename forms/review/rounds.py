"""Making a round, scoring on a member's laptop and closing the round.

Every write goes through `Workspace.record`; each public function checks everything first and
writes in one transaction, so a refused input leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .. import form_definitions
from ..errors import UserError
from ..ids import new_id
from ..store import review as store
from ..workspace import Workspace
from . import rules, scorecard

_QUARTER = re.compile(r"(\d{4})-Q([1-4])")


@dataclass(frozen=True)
class Stop:
    code: str
    planned_day: str | None = None


def parse_stops(text: str) -> list[Stop]:
    """`CODE,CODE@2026-12-01,…`: the route in visiting order, each with an optional day."""
    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        code, _, day = part.partition("@")
        if day:
            try:
                dt.date.fromisoformat(day)
            except ValueError:
                raise UserError(f"日期无效：{part}（应为 CODE@2026-12-01）") from None
        out.append(Stop(code.strip(), day or None))
    return out


def new_round(
    ws: Workspace,
    *,
    title: str,
    quarter: str,
    card: form_definitions.Definition,
    route: list[Stop],
    member_names: list[str],
    red_rule: dict[str, Any],
    black_rule: dict[str, Any],
    exempt_codes: list[str] = (),
    author_id: str | None = None,
) -> str:
    """Make a round (the office); returns its id. Unknown members become reviewers."""
    if not _QUARTER.fullmatch(quarter):
        raise UserError(f"季度应写作 2026-Q4 / the quarter must look like 2026-Q4: {quarter}")
    if not title.strip():
        raise UserError("标题不能为空 / the title is required")
    scorecard.criteria(card)
    rules.check(red_rule, "red"), rules.check(black_rule, "black")
    projects = _route_projects(ws, route)
    exempt = [_project(ws, code)["id"] for code in exempt_codes]
    names = [n.strip() for n in member_names if n.strip()]
    if not names:
        raise UserError("至少需要一名观摩点评组成员 / the round needs members")
    if len(set(names)) != len(names):
        raise UserError("成员名单有重复 / a member is named twice")
    for name in names:
        if len(store.people_named(ws.db, name)) > 1:
            raise UserError(f"有多人名为{name}，请先在人员名单中区分 / several people named {name}")
    round_id = new_id()
    with ws.transaction():
        form_definitions.publish(ws, card, author_id=author_id)
        ws.record(
            "review_round",
            round_id,
            {
                "quarter": quarter,
                "title": title.strip(),
                "form_id": card.id,
                "form_version": card.version,
                "red_rule": red_rule,
                "black_rule": black_rule,
                "tie_rule": rules.DEFAULT_TIE,
                "district_rule": rules.DEFAULT_DISTRICT,
                "exempt_projects": exempt,
                "closed_at": None,
            },
            author_id=author_id,
        )
        for name in names:
            person_id = _reviewer(ws, name, author_id)
            ws.record(
                "review_member",
                new_id(),
                {"round_id": round_id, "person_id": person_id},
                author_id=author_id,
            )
        for position, (stop, project) in enumerate(zip(route, projects, strict=True), 1):
            ws.record(
                "review_stop",
                new_id(),
                {
                    "round_id": round_id,
                    "project_id": project["id"],
                    "position": position,
                    "planned_day": stop.planned_day,
                },
                author_id=author_id,
            )
    return round_id


def _route_projects(ws: Workspace, route: list[Stop]) -> list[dict[str, Any]]:
    if not route:
        raise UserError("路线上至少需要一个项目 / the route needs projects")
    codes = [s.code for s in route]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise UserError(f"路线上项目重复：{', '.join(repeated)} / repeated on the route")
    missing = [c for c in codes if store.project_by_code(ws.db, c) is None]
    if missing:
        raise UserError(f"没有这些项目编号：{', '.join(missing)} / no project with code")
    return [store.project_by_code(ws.db, c) for c in codes]


def _project(ws: Workspace, code: str) -> dict[str, Any]:
    project = store.project_by_code(ws.db, code)
    if project is None:
        raise UserError(f"没有项目编号 {code} / no project with code {code}")
    return project


def _reviewer(ws: Workspace, name: str, author_id: str | None) -> str:
    found = store.people_named(ws.db, name)
    if found:
        return found[0]["id"]
    person_id = new_id()
    ws.record("person", person_id, {"name": name, "role": "reviewer"}, author_id=author_id)
    return person_id


def find(db: Any, text: str) -> dict[str, Any]:
    """The round a person names by its id or the id's first characters."""
    text = text.strip()
    found = store.round_(db, text)
    if found is None:
        ids = store.round_ids_like(db, text) if len(text) >= 4 else []
        if len(ids) > 1:
            raise UserError(
                f"有多个轮次以 {text} 开头，请写完整 / several rounds start with {text}"
            )
        found = store.round_(db, ids[0]) if ids else None
    if found is None:
        raise UserError(
            f"本机没有轮次 {text}（尚未同步？）/ no round {text} on this device (not synced yet?)"
        )
    return found


def card_of(db: Any, round_: dict[str, Any]) -> form_definitions.Definition:
    """The round's scorecard as this app can render it (UnrenderableForm if it cannot)."""
    return form_definitions.load(round_["form_id"], round_["form_version"], db)


def member_id(db: Any, round_id: str, name: str) -> str:
    members = {m["name"]: m["person_id"] for m in store.members(db, round_id)}
    if name not in members:
        raise UserError(f"{name}不是本轮观摩点评组成员 / {name} is not a member of this round")
    return members[name]


def score(
    ws: Workspace,
    round_id: str,
    member: str,
    project_id: str,
    points: dict[str, Any],
    *,
    comment: str = "",
    now: dt.datetime | None = None,
) -> str:
    """Record (or amend) one member's scores for one project, offline; returns the score's id.

    Refused, with nothing written: a closed round, someone not a member, a project not on the
    route, a criterion missing, unknown or out of range."""
    round_ = store.round_(ws.db, round_id)
    if round_ is None:
        raise UserError("本机没有该轮次（尚未同步？）/ no such round on this device")
    if round_["closed_at"]:
        raise UserError("本轮观摩点评已结束评分 / scoring of this round is closed")
    if member not in {m["person_id"] for m in store.members(ws.db, round_id)}:
        raise UserError("不是本轮观摩点评组成员 / not a member of this round")
    if project_id not in {s["project_id"] for s in store.stops(ws.db, round_id)}:
        raise UserError("该项目不在本轮观摩路线上 / the project is not on this round's route")
    card = card_of(ws.db, round_)
    reasons = scorecard.check(scorecard.criteria(card), points)
    if reasons:
        raise UserError("；".join(reasons))
    if len(comment) > 2000:
        raise UserError("点评意见最多 2000 字 / the comment is too long")
    score_id = new_id()
    ws.record(
        "review_score",
        score_id,
        {
            "round_id": round_id,
            "project_id": project_id,
            "member_id": member,
            "form_id": card.id,
            "form_version": card.version,
            "points": points,
            "comment": comment or None,
            "scored_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        },
        author_id=member,
    )
    return score_id


def close(ws: Workspace, round_id: str, *, author_id: str | None = None, now=None) -> None:
    """Close scoring (the office). Scores made after this are kept and flagged as late."""
    round_ = store.round_(ws.db, round_id)
    if round_ is None:
        raise UserError("本机没有该轮次 / no such round")
    if round_["closed_at"]:
        raise UserError("本轮已经结束评分 / the round is already closed")
    when = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    ws.record("review_round", round_id, {"closed_at": when}, author_id=author_id)


def change_scorecard(
    ws: Workspace, round_id: str, card: form_definitions.Definition, *, author_id: str | None = None
) -> int:
    """Give the round a new scorecard version; returns how many scores keep an older one."""
    round_ = store.round_(ws.db, round_id)
    if round_ is None:
        raise UserError("本机没有该轮次 / no such round")
    scorecard.criteria(card)
    with ws.transaction():
        form_definitions.publish(ws, card, author_id=author_id)
        ws.record(
            "review_round",
            round_id,
            {"form_id": card.id, "form_version": card.version},
            author_id=author_id,
        )
    return sum(
        1
        for s in store.scores(ws.db, round_id)
        if (s["form_id"], s["form_version"]) != (card.id, card.version)
    )
