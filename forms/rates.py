"""The supervision rates (五率, 002_d23a99ef1920ac99.txt) as data.

A rate is a declared definition, not code: a numerator and a denominator, each a list of
conditions from a small vocabulary (`CONDITIONS`) over a project's milestone dates, stage
history and flags, counted or summed over one declared money field. Localities publish
different sets and formulas, so the office edits the definitions as a synced setting
(`SETTING_KEY`); `DEFAULTS` apply until it does. Definitions never carry SQL: the store
compiles each condition from its own templates, with column names from the vocabulary and
every value bound as a parameter.

Evaluation is as of a day D (a milestone counts when its actual date is on or before D). Each
condition is true, false or unknown for a project; a project that is unknown for either side
(a later milestone has a date but the one the rate needs has none, a summed figure is
missing) is listed as unknown and counted on neither side, never as zero.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import codes
from .errors import UserError

if TYPE_CHECKING:
    from .store.rates import Reader
    from .workspace import Workspace

SETTING_KEY = "rate_definitions"
MILESTONES = tuple(m for m, _, _ in codes.MILESTONES)
MILESTONE_ZH = {m: zh for m, zh, _ in codes.MILESTONES}
STAGES = tuple(codes.values("stage"))
SUM_FIELDS = {
    "year_plan_investment": "本年度计划投资",
    "year_completed_investment": "本年度完成投资",
    "total_investment": "总投资",
    "cumulative_investment": "累计完成投资",
}
FLAGS = {"province_key": "省重大项目", "city_key": "市重点项目"}
# The vocabulary: each condition is a one-key object {name: argument}.
CONDITIONS = ("reached", "reached_in_year", "planned_in_year", "stage_on", "flag")
STAGE_DAYS = ("year_start", "as_of")
GROUPINGS = ("district", "stage", "chain")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Side:
    """One side of a rate: the projects meeting every condition, counted or summed."""

    where: tuple[dict[str, Any], ...] = ()
    sum: str | None = None  # a SUM_FIELDS name, or None to count projects


@dataclass(frozen=True)
class RateDefinition:
    key: str
    name: str
    # The numerator is taken over the denominator's projects: its conditions are added to them.
    denominator: Side
    numerator: Side
    name_en: str = ""
    note: str = ""

    @property
    def measure(self) -> str:
        return "sum" if self.denominator.sum else "count"

    def text(self) -> str:
        """The definition in words, made from the conditions themselves (so it cannot drift
        from what is computed); written next to the figure on screen and in the docs."""
        over = _describe(self.denominator.where)
        extra = _describe(self.numerator.where)
        if self.measure == "sum":
            num = f"{over}项目的{SUM_FIELDS[self.numerator.sum or '']}之和"
            if self.numerator.where:
                num = f"{over}且{extra}项目的{SUM_FIELDS[self.numerator.sum or '']}之和"
            den = f"{over}项目的{SUM_FIELDS[self.denominator.sum or '']}之和"
        else:
            num = f"{over}且{extra}的项目数" if self.numerator.where else f"{over}的项目数"
            den = f"{over}的项目数"
        text = f"{self.name} = {num} ÷ {den}"
        return f"{text}（{self.note}）" if self.note else text

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "name": self.name}
        if self.name_en:
            out["name_en"] = self.name_en
        if self.note:
            out["note"] = self.note
        for side_name in ("numerator", "denominator"):
            side = getattr(self, side_name)
            out[side_name] = {"where": list(side.where), **({"sum": side.sum} if side.sum else {})}
        return out


def _describe(where: tuple[dict[str, Any], ...]) -> str:
    return "且".join(_describe_one(c) for c in where) or "全部"


def _describe_one(condition: dict[str, Any]) -> str:
    ((name, arg),) = condition.items()
    if name == "reached":
        return f"已{MILESTONE_ZH[arg]}"
    if name == "reached_in_year":
        return f"本年内已{MILESTONE_ZH[arg]}"
    if name == "planned_in_year":
        return f"计划本年{MILESTONE_ZH[arg]}"
    if name == "flag":
        return f"属{FLAGS[arg]}"
    day = "年初" if arg["on"] == "year_start" else "统计日"
    stages = "、".join(codes.label("stage", s) for s in arg.get("in") or arg.get("not_in"))
    return f"{day}处于{stages}阶段" if "in" in arg else f"{day}已不在{stages}阶段"


def _count(den: list, num: list, **kw: Any) -> dict[str, Any]:
    return {"denominator": {"where": den}, "numerator": {"where": num}, **kw}


DEFAULT_DATA: list[dict[str, Any]] = [
    {"key": "filing", "name": "备案率", "name_en": "Filing rate",
     **_count([{"reached": "signed"}], [{"reached": "filed"}])},
    {"key": "start", "name": "开工率", "name_en": "Start rate",
     **_count([{"reached": "filed"}], [{"reached": "started"}])},
    {"key": "investment", "name": "投资完成率", "name_en": "Investment completion",
     "denominator": {"where": [{"reached": "started"}], "sum": "year_plan_investment"},
     "numerator": {"where": [], "sum": "year_completed_investment"}},
    {"key": "production", "name": "投产率", "name_en": "Production rate",
     **_count([{"reached": "completed"}], [{"reached": "production"}])},
    {"key": "capacity", "name": "达效率", "name_en": "Capacity rate",
     **_count([{"reached": "production"}], [{"reached": "capacity"}])},
    {"key": "conversion", "name": "转化率", "name_en": "Reserve conversion",
     **_count([{"stage_on": {"on": "year_start", "in": ["reserve"]}}],
              [{"stage_on": {"on": "as_of", "not_in": ["reserve"]}}])},
    {"key": "year_start", "name": "年度开工率", "name_en": "Year's start rate",
     **_count([{"planned_in_year": "started"}], [{"reached_in_year": "started"}])},
]  # fmt: skip


def parse(data: Any) -> list[RateDefinition]:
    """Definitions from their JSON form; a UserError names the first thing wrong."""
    if not isinstance(data, list) or not data:
        raise UserError("指标定义应为非空列表 / rate definitions must be a non-empty list")
    found = [_parse_one(item, n) for n, item in enumerate(data)]
    keys = [d.key for d in found]
    if len(set(keys)) != len(keys):
        raise UserError(f"指标键重复 / duplicate rate key in {keys}")
    return found


def _parse_one(item: Any, n: int) -> RateDefinition:
    where = f"rate {n + 1}"
    if not isinstance(item, dict):
        raise UserError(f"{where}: not an object")
    _only(item, {"key", "name", "name_en", "note", "numerator", "denominator"}, where)
    key = item.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        raise UserError(f"{where}: key must be lower-case letters, digits and _")
    where = f"rate {key}"
    for text_field, limit in (("name", 20), ("name_en", 60), ("note", 500)):
        value = item.get(text_field, "")
        if not isinstance(value, str) or len(value) > limit or (text_field == "name" and not value):
            raise UserError(f"{where}: {text_field} must be text of at most {limit} characters")
    den = _parse_side(item.get("denominator"), f"{where}.denominator")
    num = _parse_side(item.get("numerator"), f"{where}.numerator")
    if (den.sum is None) != (num.sum is None):
        raise UserError(f"{where}: numerator and denominator must both count or both sum")
    return RateDefinition(
        key, item["name"], den, num, item.get("name_en", ""), item.get("note", "")
    )


def _parse_side(side: Any, where: str) -> Side:
    if not isinstance(side, dict):
        raise UserError(f"{where}: not an object")
    _only(side, {"where", "sum"}, where)
    conditions = side.get("where", [])
    if not isinstance(conditions, list) or len(conditions) > 10:
        raise UserError(f"{where}.where: a list of at most 10 conditions")
    total = side.get("sum")
    if total is not None and total not in SUM_FIELDS:
        raise UserError(f"{where}.sum: one of {', '.join(SUM_FIELDS)}")
    return Side(tuple(_parse_condition(c, f"{where}.where") for c in conditions), total)


def _parse_condition(condition: Any, where: str) -> dict[str, Any]:
    if not isinstance(condition, dict) or len(condition) != 1:
        raise UserError(f"{where}: each condition is one {{name: argument}}")
    ((name, arg),) = condition.items()
    if name not in CONDITIONS:
        raise UserError(f"{where}: unknown condition {name!r} (known: {', '.join(CONDITIONS)})")
    if name in ("reached", "reached_in_year", "planned_in_year"):
        if arg not in MILESTONES:
            raise UserError(f"{where}: {name} needs a milestone ({', '.join(MILESTONES)})")
        return {name: arg}
    if name == "flag":
        if arg not in FLAGS:
            raise UserError(f"{where}: flag is one of {', '.join(FLAGS)}")
        return {name: arg}
    if not isinstance(arg, dict) or arg.get("on") not in STAGE_DAYS:
        raise UserError(f"{where}: stage_on needs on: year_start or as_of")
    _only(arg, {"on", "in", "not_in"}, where)
    present = [k for k in ("in", "not_in") if k in arg]
    which = present[0] if len(present) == 1 else None
    stages = arg.get(which or "in")
    if which is None or not isinstance(stages, list) or not stages:
        raise UserError(f"{where}: stage_on needs exactly one of in / not_in, a list of stages")
    if any(s not in STAGES for s in stages):
        raise UserError(f"{where}: stages are {', '.join(STAGES)}")
    return {name: {"on": arg["on"], which: list(stages)}}


def _only(obj: dict, allowed: set[str], where: str) -> None:
    extra = sorted(set(obj) - allowed)
    if extra:
        raise UserError(f"{where}: unknown field {extra[0]!r}")


DEFAULTS = parse(DEFAULT_DATA)


def definitions(db: Reader) -> tuple[list[RateDefinition], list[str]]:
    """The office's definitions (the synced setting), else the defaults; a setting that does
    not parse falls back to the defaults with a warning rather than stopping the board."""
    from .store import settings

    raw = settings.raw(db, SETTING_KEY)
    if raw is None:
        return list(DEFAULTS), []
    try:
        return parse(json.loads(raw)), []
    except (UserError, ValueError) as e:
        return list(DEFAULTS), [f"指标定义设置无效，已按默认口径计算 / invalid rate setting: {e}"]


def save_definitions(ws: Workspace, data: Any, *, author_id: str | None = None) -> None:
    """Validate and record the office's definitions as the synced setting."""
    parse(data)
    ws.record(
        "setting",
        SETTING_KEY,
        {"value": json.dumps(data, ensure_ascii=False, sort_keys=True)},
        author_id=author_id,
    )


# -- computing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which projects a figure is over: all, one district, or one person's assigned ones."""

    district_id: str | None = None
    person_id: str | None = None


@dataclass
class RateResult:
    key: str
    name: str
    definition: str
    measure: str  # count | sum (then numerator and denominator are 元)
    numerator: int
    denominator: int
    unknown: list[str] = field(default_factory=list)  # project codes
    name_en: str = ""  # the English name the definition gives, for an English screen

    @property
    def value(self) -> float | None:
        return round(self.numerator / self.denominator, 4) if self.denominator else None

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "definition": self.definition,
            "measure": self.measure,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "unknown": self.unknown,
        }


@dataclass
class Group:
    group: str  # the label shown: 东区, 加快建设, 新材料 …
    key: str | None  # the district id, stage or chain code
    rates: list[RateResult]

    def to_json(self) -> dict[str, Any]:
        return {"group": self.group, "key": self.key, "rates": [r.to_json() for r in self.rates]}


def compute(
    db: Reader,
    as_of: dt.date,
    *,
    scope: Scope = Scope(),
    defs: list[RateDefinition] | None = None,
) -> list[RateResult]:
    """Every rate over the scope's projects, as of `as_of`."""
    groups = compute_by(db, as_of, None, scope=scope, defs=defs)
    if groups:
        return groups[0].rates
    return [
        RateResult(d.key, d.name, d.text(), d.measure, 0, 0, name_en=d.name_en)
        for d in defs or DEFAULTS
    ]


def compute_by(
    db: Reader,
    as_of: dt.date,
    by: str | None,
    *,
    scope: Scope = Scope(),
    defs: list[RateDefinition] | None = None,
) -> list[Group]:
    """Every rate per district, stage or industry chain (`by`; None: one group of all)."""
    from .store import rates as store

    if by is not None and by not in GROUPINGS:
        raise UserError(f"--by 应为 {' | '.join(GROUPINGS)} / --by must be one of {GROUPINGS}")
    defs = defs if defs is not None else definitions(db)[0]
    found: dict[str | None, dict[str, RateResult]] = {}
    labels: dict[str | None, str] = {}
    for d in defs:
        for row in store.rate(db, d, as_of, by, scope):
            labels[row.key] = row.label
            found.setdefault(row.key, {})[d.key] = RateResult(
                d.key, d.name, d.text(), d.measure, row.numerator, row.denominator, row.unknown,
                d.name_en,
            )  # fmt: skip
    groups = []
    for key, by_rate in found.items():
        rates = [
            by_rate.get(d.key)
            or RateResult(d.key, d.name, d.text(), d.measure, 0, 0, name_en=d.name_en)
            for d in defs
        ]
        groups.append(Group(_label(by, key, labels[key]), key, rates))
    return sorted(groups, key=lambda g: _order(by, g))


def _label(by: str | None, key: str | None, label: str) -> str:
    if by == "stage":
        return codes.label("stage", key) or "未定阶段"
    if by == "chain":
        return codes.label("industry_chain", key) or "未定产业链"
    if by == "district":
        return label or "未定区县"
    return "全部"


def _order(by: str | None, group: Group) -> tuple:
    if by == "stage":
        return (STAGES.index(group.key) if group.key in STAGES else 99, "")
    if by == "chain":
        chains = codes.values("industry_chain")
        return (chains.index(group.key) if group.key in chains else 99, "")
    return (group.key is None, group.group)


def projects_behind(
    db: Reader,
    definition: RateDefinition,
    as_of: dt.date,
    part: str,
    *,
    scope: Scope = Scope(),
    group: tuple[str, str | None] | None = None,
) -> list[dict[str, Any]]:
    """The projects behind a figure (drill-down): `part` is numerator, denominator or unknown;
    `group` is (by, key) to stay inside one group of `compute_by`."""
    from .store import rates as store

    states = {"numerator": ("num",), "denominator": ("num", "den"), "unknown": ("unknown",)}
    if part not in states:
        raise ValueError(part)
    return store.projects_in(db, definition, as_of, states[part], scope, group)


def year_bounds(as_of: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31)
