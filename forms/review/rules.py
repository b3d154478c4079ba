"""The red and black list rules (红黑榜), the tie rule and the district rule, as data.

Cities differ, so a round keeps its rules as JSON the office writes:

    {"top": 5}                                         red: the first 5 ranked
    {"top": 5, "require": ["target_exceeded"]}         ... of them, those above their year's plan
    {"bottom": 4, "require": ["target_missed"], "exempt": true}
                                                       black: of the last 4 ranked, those below
                                                       their plan, except the round's exempted
                                                       projects (不可抗力)

A position is the project's place in the ranking (ties already broken), so "in the top 5" means
ranks 1–5 whether or not each of them meets the other conditions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import UserError

# Conditions on a project's ledger figures for this year (integer 元).
CONDITIONS: dict[str, tuple[str, Callable[[dict[str, Any]], bool]]] = {
    "target_exceeded": (
        "超额完成年度投资目标",
        lambda p: (
            bool(p.get("year_plan_investment"))
            and (p.get("year_completed_investment") or 0) > p["year_plan_investment"]
        ),
    ),
    "target_met": (
        "完成年度投资目标",
        lambda p: (
            bool(p.get("year_plan_investment"))
            and (p.get("year_completed_investment") or 0) >= p["year_plan_investment"]
        ),
    ),
    "target_missed": (
        "未完成年度投资目标",
        lambda p: (
            bool(p.get("year_plan_investment"))
            and (p.get("year_completed_investment") or 0) < p["year_plan_investment"]
        ),
    ),
}
TIE_RULES = {
    "criteria_then_code": "得分相同时，依次比较评分表各项平均分（按评分表顺序），仍相同按项目编号",
    "code": "得分相同时按项目编号",
}
DISTRICT_RULES = {
    "mean_of_ranked": "区县（园区）得分为其参与排名项目得分的平均值；"
    "相同时参与排名项目多者在前，再按名称",
}
DEFAULT_TIE = "criteria_then_code"
DEFAULT_DISTRICT = "mean_of_ranked"


def simple(red: int, black: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The simplest rules: the first `red` and the last `black` ranked."""
    return {"top": red}, {"bottom": black}


def check(rule: Any, side: str) -> dict[str, Any]:
    """The rule if it is well formed; UserError saying what is wrong otherwise."""
    place = "top" if side == "red" else "bottom"
    name = "红榜" if side == "red" else "黑榜"
    if not isinstance(rule, dict) or set(rule) - {place, "require", "exempt"}:
        raise UserError(f'{name}规则应为 {{"{place}": N, "require": [...], "exempt": true}}')
    count = rule.get(place)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise UserError(f"{name}名额应为非负整数 / the {side} list size must be 0 or more")
    require = rule.get("require", [])
    if not isinstance(require, list) or any(c not in CONDITIONS for c in require):
        raise UserError(
            f"{name}条件只能是 {', '.join(CONDITIONS)} / unknown condition in the {side} rule"
        )
    if not isinstance(rule.get("exempt", False), bool):
        raise UserError(f"{name}的 exempt 应为 true 或 false")
    return rule


def pick(rule: dict[str, Any], ranked: list[dict[str, Any]], exempt: set[str], side: str) -> list:
    """The ranked projects (dicts with project_id and the ledger figures) the rule lists."""
    place = "top" if side == "red" else "bottom"
    count = rule.get(place, 0)
    window = ranked[:count] if side == "red" else ranked[max(0, len(ranked) - count) :]
    chosen = []
    for project in window:
        if rule.get("exempt") and project["project_id"] in exempt:
            continue
        if all(CONDITIONS[c][1](project) for c in rule.get("require", [])):
            chosen.append(project)
    return chosen


def describe(rule: dict[str, Any] | None, side: str) -> str:
    """The rule in words, for the screen and the bulletin."""
    if not rule:
        return "不设" + ("红榜" if side == "red" else "黑榜")
    count = rule.get("top" if side == "red" else "bottom", 0)
    text = f"排名前{count}位" if side == "red" else f"排名后{count}位"
    conditions = [CONDITIONS[c][0] for c in rule.get("require", [])]
    if conditions:
        text += "且" + "、".join(conditions)
    text += "的项目"
    if rule.get("exempt"):
        text += "（因不可抗力豁免的项目除外）"
    return text
