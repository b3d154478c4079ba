"""A round's scorecard: a form definition of kind "scorecard", one `score` field per criterion.

The office writes it as ``{"id", "version", "title", "criteria": [{"key", "label", "max",
"weight"?}]}``; it is published through sync like any form, so a laptop renders the version the
round names, and every score keeps the version it was filled with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .. import form_definitions
from ..errors import UserError

# A scorecard in the form `review new --scorecard FILE.json` reads (docs/review.md): the example
# the screens' renders, the tests and the benchmark use.
SAMPLE = {
    "id": "review-2026q4",
    "version": 1,
    "title": "2026年第四季度观摩评分表",
    "criteria": [
        {"key": "progress", "label": "建设进度", "max": 40},
        {"key": "investment", "label": "投资完成", "max": 30},
        {"key": "quality", "label": "质量安全", "max": 30},
    ],
}
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    max: int
    weight: Fraction = Fraction(1)


def from_file(data: Any) -> form_definitions.Definition:
    """The scorecard file as a form definition; UserError saying what is wrong with it."""
    if not isinstance(data, dict):
        raise UserError("评分表应为 JSON 对象 / the scorecard must be a JSON object")
    missing = [k for k in ("id", "version", "title", "criteria") if k not in data]
    if missing:
        raise UserError(
            f"评分表缺少 {', '.join(missing)} / the scorecard lacks {', '.join(missing)}"
        )
    version, criteria = data["version"], data["criteria"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UserError("评分表版本应为正整数 / the scorecard version must be a positive integer")
    if not isinstance(criteria, list) or not criteria:
        raise UserError("评分表至少需要一项评分内容 / the scorecard needs at least one criterion")
    fields, seen = [], set()
    for n, raw in enumerate(criteria, 1):
        fields.append(_criterion_field(n, raw, seen))
    try:
        return form_definitions.Definition.from_dict(
            {
                "id": str(data["id"]),
                "version": version,
                "kind": "scorecard",
                "title": {"zh": str(data["title"]), "en": str(data["title"])},
                "fields": fields,
            }
        )
    except (ValueError, TypeError) as e:
        raise UserError(f"评分表无效：{e} / invalid scorecard") from None


def _criterion_field(n: int, raw: Any, seen: set[str]) -> dict[str, Any]:
    where = f"第 {n} 项评分内容 / criterion {n}"
    if not isinstance(raw, dict) or not {"key", "label", "max"} <= set(raw):
        raise UserError(f"{where}：需要 key、label 和 max / needs key, label and max")
    key, top = raw["key"], raw["max"]
    if not isinstance(key, str) or not _KEY.fullmatch(key) or key in seen:
        raise UserError(f"{where}：key {key!r} 无效或重复 / invalid or repeated key")
    if isinstance(top, bool) or not isinstance(top, int) or not 0 < top <= 1000:
        raise UserError(f"{where}：max 应为 1–1000 的整数 / max must be a whole number 1–1000")
    seen.add(key)
    field = {"name": key, "type": "score", "required": True, "max": top}
    field["label"] = {"zh": str(raw["label"]), "en": str(raw["label"])}
    weight = raw.get("weight")
    if weight is not None:
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 100:
            raise UserError(f"{where}：weight 应为正数 / weight must be a positive number")
        field["weight"] = weight
    return field


def criteria(definition: form_definitions.Definition) -> list[Criterion]:
    """The criteria of a scorecard in its order."""
    if definition.kind != "scorecard":
        raise UserError(
            f"表单 {definition.id} 不是评分表 / form {definition.id} is not a scorecard"
        )
    return [
        Criterion(
            f.name,
            f.title("zh"),
            int(f.max or 0),
            Fraction(str(f.weight)) if f.weight is not None else Fraction(1),
        )
        for f in definition.fields
    ]


def tenths(value: int | float) -> int:
    """Points in tenths: exact, as points have at most one decimal (`check`)."""
    return round(value * 10)


def total(definition_criteria: list[Criterion], points: dict[str, Any]) -> Fraction:
    """A member's total for one project: the weighted sum of the criteria's points, exactly."""
    return Fraction(total_tenths(definition_criteria, points), 10)


def total_tenths(definition_criteria: list[Criterion], points: dict[str, Any]) -> int | Fraction:
    """The total in tenths of a point; an integer unless a weight is not whole."""
    return sum(
        tenths(points[c.key]) if c.weight == 1 else c.weight * tenths(points[c.key])
        for c in definition_criteria
    )


def check(definition_criteria: list[Criterion], points: Any) -> list[str]:
    """Why these points cannot be recorded (every reason), or nothing."""
    if not isinstance(points, dict):
        return ["评分应为各项分数 / points must name each criterion"]
    reasons = []
    known = {c.key for c in definition_criteria}
    for c in definition_criteria:
        value = points.get(c.key)
        if value is None:
            reasons.append(f"缺少“{c.label}”（{c.key}）的分数 / {c.key} has no points")
        elif isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            reasons.append(f"“{c.label}”（{c.key}）应为数字 / {c.key} must be a number")
        elif not 0 <= value <= c.max:
            reasons.append(
                f"“{c.label}”（{c.key}）{value:g} 分超出 0–{c.max} 分"
                f" / {c.key} {value:g} is outside 0–{c.max}"
            )
        elif abs(value * 10 - round(value * 10)) > 1e-6:
            reasons.append(f"“{c.label}”（{c.key}）最多保留一位小数 / {c.key}: at most one decimal")
    for key in sorted(set(points) - known):
        reasons.append(f"评分表中没有 {key} / the scorecard has no criterion {key}")
    return reasons
