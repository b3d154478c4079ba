"""What kinds of records exist and how a change to each is applied.

Two kinds (docs/storage.md): append-only records (a visit, a problem event, a score) are inserted
once and never changed; mutable records (ledger data edited by the office) resolve each field
last-writer-wins by hybrid logical clock. Registering an entity here is all it takes for the
store, sync and dump to handle it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import hlc, problem_state
from .fields import (
    Field,
    boolean,
    date,
    datetime,
    id_,
    id_list,
    integer,
    json_value,
    number,
    sha256,
    text,
)
from .store import notices as notice_store

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Entity:
    name: str
    table: str
    mutable: bool
    # The fields a change may carry, and so the only column names ever written (besides id,
    # and, on append-only rows, hlc and author_id, which come from the change itself).
    fields: dict[str, Field] = field(default_factory=dict)
    # Field work (DESIGN: a field official's records flow to the office): a leader, commissioner
    # or reviewer may write it on the projects in their scope; everything else is base data,
    # the office's alone to change.
    field_work: bool = False
    # Called inside the applying transaction with the entity ids just changed.
    after_apply: list[Callable[[Database, list[str]], None]] = field(default_factory=list)
    # name -> the field's check of a value that is not None (fields.Field.check_value)
    value_checks: dict[str, Callable[[object], str | None]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self.value_checks.update({name: f.check_value for name, f in self.fields.items()})


ENTITIES: dict[str, Entity] = {}


def register(
    name: str, table: str, *, mutable: bool, fields: dict[str, Field], field_work: bool = False
) -> Entity:
    entity = Entity(name, table, mutable, dict(fields), field_work)
    ENTITIES[name] = entity
    return entity


def get(name: str) -> Entity:
    try:
        return ENTITIES[name]
    except KeyError:
        raise ValueError(f"unknown entity {name!r}") from None


ENVELOPE = ("id", "entity", "entity_id", "op", "fields", "hlc", "author_id", "device")
_ENVELOPE_KEYS = frozenset(ENVELOPE)
_RECORD_ID = id_(null=False)
_PERSON = id_()
MAX_FIELD_NAME = 64


def check(change: object, *, now: int | None = None, ahead: int | None = None) -> list[str]:
    """The reasons `change` (from the wire, a bundle or anywhere) may not be applied; [] if it
    may. Checks the envelope and every field against the entity's declared fields, before any
    SQL is built from it. With `now` and `ahead` (milliseconds) a clock stamp more than `ahead`
    past `now` is refused too (the server's bound on future stamps)."""
    if not isinstance(change, dict):
        return ["变更应为对象"]
    reasons = [f"多余的键 {_shown(k)}" for k in change if k not in _ENVELOPE_KEYS]
    for key in ("id", "entity_id"):
        if (why := _RECORD_ID.check(change.get(key))) is not None:
            reasons.append(f"{key}: {why}")
    for key in ("author_id", "device"):
        if (why := _PERSON.check(change.get(key))) is not None:
            reasons.append(f"{key}: {why}")
    if (why := hlc.problem(change.get("hlc"), now=now, ahead=ahead)) is not None:
        reasons.append(f"hlc: {why}")
    entity = ENTITIES.get(change.get("entity")) if isinstance(change.get("entity"), str) else None
    if entity is None:
        return [*reasons, f"未知的记录类型 {_shown(change.get('entity'))}（应用版本不同？）"]
    op = "set" if entity.mutable else "append"
    if change.get("op") != op:
        reasons.append(f"记录类型 {entity.name} 的操作应为 {op}")
    fields = change.get("fields")
    if not isinstance(fields, dict):
        return [*reasons, "fields 应为对象"]
    for name, value in () if _all_acceptable(entity, fields) else fields.items():
        declared = entity.fields.get(name) if isinstance(name, str) else None
        if declared is None:
            reasons.append(f"{entity.name} 没有字段 {_shown(name)}")
        elif value is None:
            if not declared.null:
                reasons.append(f"{entity.name}.{name}: 不能为空")
        elif (why := declared.check_value(value)) is not None:
            reasons.append(f"{entity.name}.{name}: {why}")
    if not entity.mutable:
        # An append-only row is written once, whole: a required field must be there.
        reasons += [
            f"{entity.name}.{name}: 不能为空"
            for name, f in entity.fields.items()
            if not f.null and name not in fields
        ]
    return reasons


def _all_acceptable(entity: Entity, fields: dict) -> bool:
    """True for the usual change: every field declared and every value acceptable, seen
    without building a reason (a ledger import checks some 400,000 values). Anything else,
    and any None, goes through the field-by-field loop that says why."""
    checks = entity.value_checks
    return (
        fields.keys() <= checks.keys()
        and None not in fields.values()
        and not [name for name, value in fields.items() if checks[name](value) is not None]
    )


def _shown(value: object) -> str:
    """A value from the wire, safe and short enough to put in a reason."""
    return repr(value)[:MAX_FIELD_NAME]


MONEY = integer(min=0, max=10**14)  # integer 元; 10^14 元 is a hundred trillion
LAT = number(-90, 90)
LON = number(-180, 180)
ROLES = ("leader", "commissioner", "office", "reviewer")

register(
    "unit",
    "units",
    mutable=True,
    fields={
        "name": text(200),
        "kind": text(40),
        "parent_id": id_(),
    },
)
register(
    "person",
    "people",
    mutable=True,
    fields={
        "name": text(100),
        "role": text(20, choices=ROLES),
        "unit_id": id_(),
        "title": text(100),
        "phone": text(40),
    },
)
register(
    "project",
    "projects",
    mutable=True,
    fields={
        "code": text(64),
        "name": text(300),
        "enterprise": text(300),
        "district_id": id_(),
        "park": text(200),
        "industry_chain": text(100),
        "stage": text(20, choices=("reserve", "attract", "build", "upgrade", "produce")),
        "total_investment": MONEY,
        "year_plan_investment": MONEY,
        "year_completed_investment": MONEY,
        "cumulative_investment": MONEY,
        **{
            f"{m}_{k}": date()
            for m in ("signed", "filed", "started", "completed", "production", "capacity")
            for k in ("plan", "actual")
        },
        "lead_unit_id": id_(),
        "responsible_units": id_list(100),
        "location": text(500),
        "latitude": LAT,
        "longitude": LON,
        "province_key": boolean(),
        "city_key": boolean(),
        "progress_note": text(),
        "notes": text(),
    },
)
register(
    "assignment",
    "assignments",
    mutable=True,
    fields={
        "person_id": id_(),
        "project_id": id_(),
        "role": text(20, choices=("leader", "commissioner")),
        "since": date(),
        "active": boolean(),
    },
)
register(
    "notice",
    "notices",
    mutable=True,
    fields={
        "number": text(64),
        "year": integer(1900, 9999),
        "seq": integer(0, 10**9),
        "unit_id": id_(),
        "issued_on": date(),
        "deadline": date(),
        "problem_ids": id_list(),
        "status": text(20),
        # 0005: notice (督办通知), reminder (催办, citing `cites_id`) or bulletin (通报).
        "kind": text(20, choices=("notice", "reminder", "bulletin")),
        "cites_id": id_(),
        "provisional": boolean(),  # a 临 number the numbering office confirms later
        "lane": integer(0, 98),
        "remarks": text(1000),  # a paragraph the office added before issuing
    },
).after_apply.append(notice_store.fold)
register(
    "setting",
    "settings",
    mutable=True,
    fields={
        "value": text(64_000),
    },
)
register(
    "stage_change",
    "stage_changes",
    mutable=False,
    fields={
        "project_id": id_(null=False),
        "stage": text(20, null=False),
        "changed_on": date(),
    },
)
register(
    "visit",
    "visits",
    mutable=False,
    field_work=True,
    fields={
        "project_id": id_(null=False),
        "visited_at": datetime(null=False),
        "kind": text(40),
        "latitude": LAT,
        "longitude": LON,
        "progress_text": text(),
        "cumulative_investment": MONEY,
        "form_id": id_(null=False),
        "form_version": integer(1, 10**6, null=False),
        "data": json_value(null=False),
    },
)
register(
    "problem",
    "problems",
    mutable=False,
    field_work=True,
    fields={
        "project_id": id_(null=False),
        "visit_id": id_(),
        "category": text(40),
        "description": text(),
        "raised_on": date(),
        "number": text(16),  # 0005: Q26-07-0123, see forms/numbers.py
        "form_id": id_(null=False),
        "form_version": integer(1, 10**6, null=False),
        "data": json_value(null=False),
    },
).after_apply.append(problem_state.fold)
register(
    "problem_event",
    "problem_events",
    mutable=False,
    field_work=True,
    fields={
        "problem_id": id_(null=False),
        "kind": text(40, null=False),
        "at": datetime(null=False),
        "unit_id": id_(),
        "assignee": text(100),
        "deadline": date(),
        "note": text(),
    },
).after_apply.append(problem_state.fold_from_events)
register(
    "notice_event",
    "notice_events",
    mutable=False,
    fields={
        "notice_id": id_(null=False),
        "kind": text(20, choices=notice_store.EVENT_KINDS, null=False),
        "at": datetime(null=False),
        "note": text(1000),
        "reply_text": text(),
        "photo_id": sha256(),
        "number": text(64),
        "seq": integer(1, 10**6),
    },
).after_apply.append(notice_store.fold_from_events)
register(
    "interview",
    "interviews",
    mutable=False,
    fields={
        "unit_id": id_(),
        "problem_ids": id_list(),
        "held_on": date(null=False),
        "convened_by": text(200),
        "attendees": text(1000),
        "outcome": text(),
    },
)
register(
    "photo",
    "photos",
    mutable=True,
    field_work=True,
    fields={
        "working_sha256": sha256(),
        "original_name": text(255),
        "original_format": text(20),
        "original_bytes": integer(0, 2**40),
        "width": integer(0, 10**6),
        "height": integer(0, 10**6),
        "taken_at": datetime(),
        "taken_offset": text(10),
        "latitude": LAT,
        "longitude": LON,
        "camera": text(200),
        "imported_at": datetime(),
        "clock_confirmed_at": datetime(),
        "clock_offset_s": number(),
        "clock_drift_s": number(),
        "time_trusted": boolean(),
        "time_note": text(500),
        "flags": json_value(4000),
    },
)
register(
    "photo_link",
    "photo_links",
    mutable=False,
    field_work=True,
    fields={
        "photo_id": sha256(null=False),
        "target_kind": text(20, choices=("visit", "problem", "project"), null=False),
        "target_id": id_(null=False),
        "project_id": id_(),
        "caption": text(500),
        "linked_at": datetime(),
        "flags": json_value(4000),
        "distance_m": number(0, 1e8),
    },
)
register(
    "photo_link_event",
    "photo_link_events",
    mutable=False,
    field_work=True,
    fields={
        "link_id": id_(null=False),
        "kind": text(20, choices=("caption", "removed"), null=False),
        "caption": text(500),
        "at": datetime(),
    },
)
# -- forms published through sync and quarterly review rounds (季度观摩点评) ---------------------
# A published form definition: the entity id is the form's id, one row per version (the table's
# key is id + version), never changed once published.
register(
    "form_definition",
    "form_definitions",
    mutable=False,
    fields={
        "version": integer(1, 10**6, null=False),
        "kind": text(40, null=False),
        "body": json_value(null=False),
    },
)
# The office's round: mutable so it can be closed (closed_at) and its exemptions edited.
register(
    "review_round",
    "review_rounds",
    mutable=True,
    fields={
        "quarter": text(7),
        "title": text(200),
        "form_id": id_(),
        "form_version": integer(1, 10**6),
        "red_rule": json_value(4000),
        "black_rule": json_value(4000),
        "tie_rule": text(40),
        "district_rule": text(40),
        "exempt_projects": id_list(1000),
        "closed_at": datetime(),
    },
)
register(
    "review_member",
    "review_members",
    mutable=False,
    fields={"round_id": id_(null=False), "person_id": id_(null=False)},
)
# One stop of the route: the project visited and where in the visiting order.
register(
    "review_stop",
    "review_stops",
    mutable=False,
    fields={
        "round_id": id_(null=False),
        "project_id": id_(null=False),
        "position": integer(1, 10_000, null=False),
        "planned_day": date(),
    },
)
# One member's scores for one project; a later score by the same member amends it (history kept).
register(
    "review_score",
    "review_scores",
    mutable=False,
    field_work=True,
    fields={
        "round_id": id_(null=False),
        "project_id": id_(null=False),
        "member_id": id_(null=False),
        "form_id": id_(null=False),
        "form_version": integer(1, 10**6, null=False),
        "points": json_value(4000, null=False),
        "comment": text(2000),
        "scored_at": datetime(),
    },
)
register(
    "reminder",
    "reminders",
    mutable=False,
    fields={
        "project_id": id_(null=False),
        "month": text(7),
        "person_ids": id_list(),
        "note": text(500),
        "reminded_on": date(null=False),
    },
)
register(
    "monthly_report",
    "monthly_reports",
    mutable=False,
    field_work=True,
    fields={
        "project_id": id_(null=False),
        "month": text(7, null=False),
        "reported_at": datetime(null=False),
        "investment_month": MONEY,
        "investment_to_date": MONEY,
        "progress_text": text(2000),
        "problems_text": text(2000),
        "form_id": id_(null=False),
        "form_version": integer(1, 10**6, null=False),
        "data": json_value(null=False),
    },
)
