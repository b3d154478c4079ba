"""The rates' SQL: each declared condition (forms.rates.CONDITIONS) compiled from a template
here into a three-valued SQL expression — 1, 0, or NULL for "unknown" — which SQLite's AND
combines by Kleene's rules (0 AND NULL is 0, 1 AND NULL is NULL). Column names come only from
the vocabulary's own lists (milestones, money fields, flags); every value from a definition is
a bound parameter. One query per rate gives every group's figures and unknown projects.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import rates as model

if TYPE_CHECKING:
    from sqlite_utils import Database

    Reader = Database | sqlite3.Connection

# A project's part in a rate, as small integers in SQL (compared fastest) and names outside.
OUT, UNKNOWN, DEN, NUM = 0, 1, 2, 3
STATE_NAMES = {OUT: "out", UNKNOWN: "unknown", DEN: "den", NUM: "num"}
GROUP_SQL = {
    None: "NULL",
    "district": "p.district_id",
    "stage": "p.stage",
    "chain": "p.industry_chain",
}


class _Params:
    """Named parameters made while compiling; values never enter the SQL text."""

    def __init__(self, base: dict[str, Any]) -> None:
        self.values = dict(base)

    def add(self, value: Any) -> str:
        name = f"v{len(self.values)}"
        self.values[name] = value
        return f":{name}"


def _column(milestone: str, kind: str) -> str:
    if milestone not in model.MILESTONES or kind not in ("plan", "actual"):
        raise ValueError(milestone)  # parse() already refused it; never build SQL from it
    return f"p.{milestone}_{kind}"


def _evidence(milestone: str) -> str:
    """True when a later milestone is dated on or before D: then a missing date is unknown."""
    later = model.MILESTONES[model.MILESTONES.index(milestone) + 1 :]
    if not later:
        return "0"
    return "(" + " OR ".join(f"{_column(m, 'actual')} <= :as_of" for m in later) + ")"


def _stage_on(day: str) -> str:
    return (
        "(SELECT s.stage FROM stage_changes s WHERE s.project_id = p.id"
        f" AND s.changed_on <= {day} ORDER BY s.changed_on DESC, s.hlc DESC LIMIT 1)"
    )


def condition_sql(condition: dict[str, Any], params: _Params) -> str:
    """One condition as an SQL expression that is 1, 0 or NULL (unknown)."""
    ((name, arg),) = condition.items()
    if name == "reached":
        actual = _column(arg, "actual")
        return (
            f"(CASE WHEN {actual} <= :as_of THEN 1 WHEN {actual} IS NOT NULL THEN 0"
            f" WHEN {_evidence(arg)} THEN NULL ELSE 0 END)"
        )
    if name == "reached_in_year":
        actual = _column(arg, "actual")
        return (
            f"(CASE WHEN {actual} BETWEEN :year_start AND :as_of THEN 1"
            f" WHEN {actual} IS NOT NULL THEN 0 WHEN {_evidence(arg)} THEN NULL ELSE 0 END)"
        )
    if name == "planned_in_year":
        plan, actual = _column(arg, "plan"), _column(arg, "actual")
        # Without a plan date it is unknown, unless the milestone was reached before the year.
        return (
            f"(CASE WHEN {plan} BETWEEN :year_start AND :year_end THEN 1"
            f" WHEN {plan} IS NOT NULL THEN 0 WHEN {actual} < :year_start THEN 0 ELSE NULL END)"
        )
    if name == "flag":
        if arg not in model.FLAGS:
            raise ValueError(arg)
        return f"(coalesce(p.{arg}, 0) = 1)"
    day = ":year_start" if arg["on"] == "year_start" else ":as_of"
    stages = ", ".join(params.add(s) for s in arg.get("in") or arg["not_in"])
    test = "IN" if "in" in arg else "NOT IN"
    # No dated stage by that day: not yet in the ledger then, unless undated entries exist.
    return (
        f"(CASE WHEN {_stage_on(day)} {test} ({stages}) THEN 1"
        f" WHEN {_stage_on(day)} IS NOT NULL THEN 0"
        " WHEN EXISTS (SELECT 1 FROM stage_changes s WHERE s.project_id = p.id"
        " AND s.changed_on IS NULL) THEN NULL ELSE 0 END)"
    )


def _all(where: Sequence[dict[str, Any]], params: _Params) -> str:
    return " AND ".join(condition_sql(c, params) for c in where) or "1"


def _sum_column(name: str | None) -> str:
    if name is None:
        return "1"
    if name not in model.SUM_FIELDS:
        raise ValueError(name)
    return f"p.{name}"


def _scope_sql(scope: model.Scope, params: _Params) -> str:
    where = []
    if scope.district_id:
        where.append(f"p.district_id = {params.add(scope.district_id)}")
    if scope.person_id:
        where.append(
            "p.id IN (SELECT project_id FROM assignments WHERE active = 1"
            f" AND person_id = {params.add(scope.person_id)})"
        )
    return " AND ".join(where) or "1"


def _states(
    d: model.RateDefinition, as_of: dt.date, by: str | None, scope: model.Scope
) -> tuple[str, dict[str, Any]]:
    """Per project: its group, code, state (out | unknown | den | num) and the two figures."""
    start, end = model.year_bounds(as_of)
    params = _Params(
        {"as_of": as_of.isoformat(), "year_start": start.isoformat(), "year_end": end.isoformat()}
    )
    den, num = _all(d.denominator.where, params), _all(d.numerator.where, params)
    dv, nv = _sum_column(d.denominator.sum), _sum_column(d.numerator.sum)
    sql = (
        f"SELECT grp, id, code, CASE WHEN d = 0 THEN {OUT}"
        f" WHEN d IS NULL OR n IS NULL OR dv IS NULL OR (n = 1 AND nv IS NULL) THEN {UNKNOWN}"
        f" WHEN n = 1 THEN {NUM} ELSE {DEN} END AS state, dv, nv FROM ("
        f"SELECT {GROUP_SQL[by]} AS grp, p.id, p.code, ({den}) AS d, ({num}) AS n,"
        f" {dv} AS dv, {nv} AS nv FROM projects p WHERE {_scope_sql(scope, params)})"
    )
    return sql, params.values


@dataclass
class RateRow:
    key: str | None
    label: str
    numerator: int
    denominator: int
    unknown: list[str]


def rate(
    db: Reader, d: model.RateDefinition, as_of: dt.date, by: str | None, scope: model.Scope
) -> list[RateRow]:
    """One rate's figures per group (one row when `by` is None), in one query."""
    states, params = _states(d, as_of, by, scope)
    # MATERIALIZED: each project's state is worked out once; flattened, SQLite would repeat
    # the conditions' expressions in every aggregate that reads the state.
    # Groups are named after they are summed: a few joins, not one per project.
    name = "(SELECT name FROM units WHERE id = a.grp)" if by == "district" else "NULL"
    sql = (
        f"WITH s AS MATERIALIZED ({states}) SELECT a.*, {name} FROM (SELECT grp,"
        f" coalesce(sum(CASE WHEN state >= {DEN} THEN dv END), 0),"
        f" coalesce(sum(CASE WHEN state = {NUM} THEN nv END), 0),"
        f" group_concat(CASE WHEN state = {UNKNOWN} THEN code END, char(31))"
        f" FROM s{' GROUP BY grp' if by else ''}) a"  # one group needs no sorting
    )
    out = []
    for key, den, num, unknown, label in db.execute(sql, params):
        codes = sorted(unknown.split("\x1f")) if unknown else []
        out.append(RateRow(key, label or "", int(num), int(den), codes))
    return out


def projects_in(
    db: Reader,
    d: model.RateDefinition,
    as_of: dt.date,
    states: Sequence[str],
    scope: model.Scope,
    group: tuple[str, str | None] | None,
) -> list[dict[str, Any]]:
    """The projects of a rate in the given states (drill-down), by code."""
    by, key = group if group else (None, None)
    sql, params = _states(d, as_of, by, scope)
    codes = {name: code for code, name in STATE_NAMES.items()}
    marks = ", ".join(f":st{n}" for n in range(len(states)))
    params.update({f"st{n}": codes[s] for n, s in enumerate(states)})
    where = f"s.state IN ({marks})"
    if group:
        where += " AND s.grp IS :grp"
        params["grp"] = key
    cursor = db.execute(
        "SELECT p.id, p.code, p.name, p.stage, p.industry_chain, d.name AS district_name, s.state"
        f" FROM ({sql}) s JOIN projects p ON p.id = s.id LEFT JOIN units d ON d.id = p.district_id"
        f" WHERE {where} ORDER BY p.code, p.id",
        params,
    )
    keys = [c[0] for c in cursor.description]
    rows = [dict(zip(keys, row, strict=True)) for row in cursor]
    for row in rows:
        row["state"] = STATE_NAMES[row["state"]]
    return rows
