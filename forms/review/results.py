"""Merging the members' scores of a round and ranking projects and districts.

The rules, in the order they apply:

- each member's score for a project is their latest (by clock stamp) valid score made before the
  round closed; earlier ones are its history (amended). A score made after the close is kept and
  flagged late, not counted; one made before but received after the close is counted and flagged.
  A score on another scorecard version than the round's is kept and flagged, not counted.
- a project's score is the mean of its members' totals, with the single highest and the single
  lowest total dropped when five or more members scored it (去掉一个最高分和一个最低分); the
  per-criterion means are over the same members, so with weights of 1 they add up to the score.
- only projects every member scored are ranked; the others are listed with how many scored them.
- ties are broken by the round's stated tie rule; districts by its district rule (rules.py).

Arithmetic is exact (fractions); figures are rounded to two decimals only when shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import UserError
from ..store import review as store
from . import rounds, rules, scorecard

TRIM_FROM = 5  # members at which the highest and the lowest total are dropped

FLAG_LABELS = {
    "late": "结束评分后作出，未计入",
    "after_close": "结束评分后才收到，已计入",
    "other_version": "使用其他版本评分表，未计入",
    "invalid": "分数无效，未计入",
    "not_member": "非本轮成员，未计入",
    "off_route": "项目不在路线上，未计入",
    "amended": "已被本人后来的评分修改",
    "other_author": "由另一名成员记录，未计入",
}


@dataclass
class ProjectResult:
    project_id: str
    code: str
    name: str
    district_id: str | None
    district_name: str
    position: int
    facts: dict[str, Any]
    scored_by: int = 0
    total: Fraction | None = None
    criteria: dict[str, Fraction] = field(default_factory=dict)
    rank: int | None = None
    dropped: tuple[str, str] | None = None  # member names of the highest and lowest dropped
    comments: list[tuple[str, str]] = field(default_factory=list)  # (member name, comment)


@dataclass
class DistrictResult:
    district_id: str | None
    name: str
    score: Fraction
    projects: int
    rank: int = 0


@dataclass
class Results:
    round: dict[str, Any]
    criteria: list[scorecard.Criterion]
    members: list[dict[str, Any]]  # person_id, name, scored (counted scores)
    projects: list[ProjectResult]  # ranked in rank order, then the others in route order
    districts: list[DistrictResult]
    red: list[ProjectResult]
    black: list[ProjectResult]
    flags: list[dict[str, Any]]  # kind, member, code, score_id, form_version
    rules_text: dict[str, str]

    @property
    def ranked(self) -> list[ProjectResult]:
        return [p for p in self.projects if p.rank is not None]

    @property
    def unranked(self) -> list[ProjectResult]:
        return [p for p in self.projects if p.rank is None]

    def silent_members(self) -> list[str]:
        """Members none of whose scores have reached this workspace (never synced?)."""
        return [m["name"] for m in self.members if not m["scored"]]

    def to_json(self) -> dict[str, Any]:
        return {
            "round": {
                "id": self.round["id"],
                "title": self.round["title"],
                "quarter": self.round["quarter"],
                "closed": bool(self.round["closed_at"]),
                "members": len(self.members),
            },
            "projects": [
                {
                    "code": p.code,
                    "name": p.name,
                    "district": p.district_name,
                    "total": shown(p.total),
                    "scored_by": p.scored_by,
                    "rank": p.rank,
                    "criteria": {k: shown(v) for k, v in p.criteria.items()},
                }
                for p in self.projects
            ],
            "districts": [
                {"name": d.name, "score": shown(d.score), "projects": d.projects, "rank": d.rank}
                for d in self.districts
            ],
            "red": [p.code for p in self.red],
            "black": [p.code for p in self.black],
            "members": [{"name": m["name"], "scored": m["scored"]} for m in self.members],
            "flags": self.flags,
            "rules": self.rules_text,
        }


def shown(value: Fraction | None) -> float | None:
    """Two decimals, rounded half up from the exact value."""
    if value is None:
        return None
    return float((value * 100 + Fraction(1, 2)).__floor__()) / 100


def compute(db: Any, round_id: str) -> Results:
    """The round's results as this workspace holds its scores now."""
    round_ = store.round_(db, round_id)
    if round_ is None:
        raise UserError("本机没有该轮次 / no such round")
    card = rounds.card_of(db, round_)
    criteria = scorecard.criteria(card)
    members = store.members(db, round_id)
    names = {m["person_id"]: m["name"] for m in members}
    stops = store.stops(db, round_id)
    projects = {s["project_id"]: _project(s) for s in stops}
    counted, flags = _counted(db, round_, card, criteria, set(names), set(projects))
    for (member, project_id), row in counted.items():
        if row["comment"]:
            projects[project_id].comments.append((names.get(member, member), row["comment"]))
    by_project: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for (member, project_id), row in sorted(counted.items()):
        by_project[project_id].append((member, row["points"]))
    for project_id, scored in by_project.items():
        _aggregate(projects[project_id], scored, criteria, names)
    ranked = _rank(
        [p for p in projects.values() if members and p.scored_by == len(members)],
        criteria,
        round_.get("tie_rule") or rules.DEFAULT_TIE,
    )
    others = sorted((p for p in projects.values() if p.rank is None), key=lambda p: p.position)
    exempt = set(round_.get("exempt_projects") or [])
    figures = [{**p.facts, "project_id": p.project_id} for p in ranked]
    by_id = {p.project_id: p for p in ranked}
    red = [
        by_id[f["project_id"]] for f in rules.pick(round_["red_rule"] or {}, figures, exempt, "red")
    ]
    black = [
        by_id[f["project_id"]]
        for f in rules.pick(round_["black_rule"] or {}, figures, exempt, "black")
    ]
    scored_count = defaultdict(int)
    for member, _project_id in counted:
        scored_count[member] += 1
    return Results(
        round_,
        criteria,
        [{**m, "scored": scored_count[m["person_id"]]} for m in members],
        ranked + others,
        _districts(ranked),
        red,
        black,
        flags,
        {
            "red": rules.describe(round_["red_rule"], "red"),
            "black": rules.describe(round_["black_rule"], "black"),
            "tie": rules.TIE_RULES.get(round_.get("tie_rule") or rules.DEFAULT_TIE, ""),
            "district": rules.DISTRICT_RULES.get(
                round_.get("district_rule") or rules.DEFAULT_DISTRICT, ""
            ),
            "score": "项目得分为各成员总分的平均值；评分成员达5人及以上时去掉一个最高分和一个最低分",
        },
    )


def _project(stop: dict[str, Any]) -> ProjectResult:
    return ProjectResult(
        stop["project_id"],
        stop["code"] or stop["project_id"][:8],
        stop["name"] or "（项目资料未到达）",
        stop["district_id"],
        stop["district_name"] or "未定",
        stop["position"],
        {
            "year_plan_investment": stop["year_plan_investment"],
            "year_completed_investment": stop["year_completed_investment"],
            "enterprise": stop["enterprise"],
            "progress_note": stop["progress_note"],
            "planned_day": stop["planned_day"],
        },
    )


def _counted(db, round_, card, criteria, members: set[str], route: set[str]):
    """Each (member, project)'s counted score row, and the flags of everything not counted."""
    closed = store.closed_stamp(db, round_["id"])
    reviewers = store.reviewer_ids(db)
    current: dict[tuple[str, str], dict] = {}
    flags: list[dict[str, Any]] = []

    def flag(kind: str, row: dict) -> None:
        flags.append(
            {
                "kind": kind,
                "label": FLAG_LABELS[kind],
                "member": row["member_name"] or row["member_id"],
                "code": row["project_code"] or row["project_id"],
                "score_id": row["id"],
                "form_version": row["form_version"],
                "scored_at": row["scored_at"],
            }
        )

    for row in store.scores(db, round_["id"]):  # oldest stamp first
        if row["member_id"] not in members:
            flag("not_member", row)
        elif row["project_id"] not in route:
            flag("off_route", row)
        elif row["author_id"] in reviewers and row["author_id"] != row["member_id"]:
            # a member may score only as themselves (the office may enter a paper scorecard)
            flag("other_author", row)
        elif (row["form_id"], row["form_version"]) != (card.id, card.version):
            flag("other_version", row)
        elif scorecard.check(criteria, row["points"]):
            flag("invalid", row)
        elif closed and row["hlc"] > closed[0]:
            flag("late", row)
        else:
            if closed and row["arrived"] is not None and row["arrived"] > closed[1]:
                flag("after_close", row)
            key = (row["member_id"], row["project_id"])
            if key in current:
                flag("amended", current[key])
            current[key] = row
    return current, flags


def _aggregate(project: ProjectResult, scored, criteria, names) -> None:
    # Sums in tenths of a point (integers), divided once: exact and cheap.
    totals = [
        (scorecard.total_tenths(criteria, points), member, points) for member, points in scored
    ]
    project.scored_by = len(totals)
    kept = sorted(totals, key=lambda t: (t[0], t[1]))
    if len(kept) >= TRIM_FROM:
        project.dropped = (names.get(kept[-1][1], kept[-1][1]), names.get(kept[0][1], kept[0][1]))
        kept = kept[1:-1]
    project.total = Fraction(sum(t[0] for t in kept)) / (10 * len(kept))
    project.criteria = {
        c.key: Fraction(sum(scorecard.tenths(t[2][c.key]) for t in kept), 10 * len(kept))
        for c in criteria
    }


def _rank(projects: list[ProjectResult], criteria, tie_rule: str) -> list[ProjectResult]:
    def key(p: ProjectResult):
        tie = [-(c.weight * p.criteria[c.key]) for c in criteria] if tie_rule != "code" else []
        return (-p.total, *tie, p.code)

    ordered = sorted(projects, key=key)
    for n, p in enumerate(ordered, 1):
        p.rank = n
    return ordered


def _districts(ranked: list[ProjectResult]) -> list[DistrictResult]:
    groups: dict[str | None, list[ProjectResult]] = defaultdict(list)
    for p in ranked:
        groups[p.district_id].append(p)
    out = [
        DistrictResult(
            district_id,
            members[0].district_name,
            sum((p.total for p in members), Fraction(0)) / len(members),
            len(members),
        )
        for district_id, members in groups.items()
    ]
    out.sort(key=lambda d: (-d.score, -d.projects, d.name))
    for n, d in enumerate(out, 1):
        d.rank = n
    return out
