"""Declarative form definitions and their validation.

A definition is data (``forms/definitions/*.json``, or one received through sync) with an id and
a version; a record keeps the id and version it was filled with. `validate` returns every error
with its field and a message in Chinese and English; it never stops at the first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from . import codes

FIELD_TYPES = (
    "text",
    "longtext",
    "integer",
    "money",
    "date",
    "datetime",
    "choice",
    "multichoice",
    "person",
    "unit",
    "project",
    "photos",
    "gps",
)
DEFAULT_MAX_LENGTH = {"text": 200, "longtext": 5000}
SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    label: dict[str, str]
    required: bool = False
    multiple: bool = False
    codes: str | None = None
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    not_before: str | None = None
    default: Any = None

    def title(self, lang: str = "zh") -> str:
        return self.label.get(lang) or self.label.get("zh") or self.name


@dataclass(frozen=True)
class Definition:
    id: str
    version: int
    kind: str
    title: dict[str, str]
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Definition:
        fields = []
        for raw in data["fields"]:
            if raw["type"] not in FIELD_TYPES:
                raise ValueError(f"field {raw['name']}: unknown type {raw['type']!r}")
            if (
                raw["type"] in ("choice", "multichoice")
                and raw.get("codes") not in codes.CODE_LISTS
            ):
                raise ValueError(f"field {raw['name']}: unknown code list {raw.get('codes')!r}")
            fields.append(Field(**raw))
        return cls(data["id"], int(data["version"]), data["kind"], data["title"], tuple(fields))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "kind": self.kind,
            "title": self.title,
            "fields": [
                {k: v for k, v in f.__dict__.items() if v is not None and v is not False}
                for f in self.fields
            ],
        }


@dataclass(frozen=True)
class FieldError:
    field: str
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass
class Lookups:
    """Existence checks for reference fields; None means 'not checked'."""

    person: Any = None
    unit: Any = None
    project: Any = None
    photo: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def bundled() -> dict[tuple[str, int], Definition]:
    """The definitions shipped with this version of SiteLedger."""
    found = {}
    for entry in resources.files("forms.definitions").iterdir():
        if entry.name.endswith(".json"):
            definition = Definition.from_dict(json.loads(entry.read_text("utf-8")))
            found[(definition.id, definition.version)] = definition
    return found


def latest(definition_id: str) -> Definition:
    versions = [d for (i, _), d in bundled().items() if i == definition_id]
    if not versions:
        raise KeyError(definition_id)
    return max(versions, key=lambda d: d.version)


def defaults(definition: Definition, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or dt.datetime.now().replace(second=0, microsecond=0)
    values: dict[str, Any] = {}
    for f in definition.fields:
        if f.default == "now":
            values[f.name] = now.isoformat(timespec="minutes")
        elif f.default == "today":
            values[f.name] = now.date().isoformat()
        elif f.default is not None:
            values[f.name] = f.default
    return values


def validate(
    definition: Definition, values: dict[str, Any], lookups: Lookups | None = None
) -> list[FieldError]:
    """Every error in `values`, in the order of the definition's fields."""
    lookups = lookups or Lookups()
    errors: list[FieldError] = []
    for f in definition.fields:
        value = values.get(f.name)
        if _empty(value):
            if f.required:
                errors.append(
                    FieldError(f.name, f"{f.title('zh')}不能为空", f"{f.title('en')} is required")
                )
            continue
        items = value if f.multiple else [value]
        if f.multiple and not isinstance(value, list):
            errors.append(
                FieldError(f.name, f"{f.title('zh')}应为列表", f"{f.title('en')} must be a list")
            )
            continue
        for item in items:
            problem = _check(f, item, lookups)
            if problem:
                errors.append(
                    FieldError(
                        f.name, f"{f.title('zh')}{problem[0]}", f"{f.title('en')} {problem[1]}"
                    )
                )
                break
    errors.extend(_cross_checks(definition, values, {e.field for e in errors}))
    unknown = sorted(set(values) - {f.name for f in definition.fields})
    for name in unknown:
        errors.append(FieldError(name, f"未知字段 {name}", f"unknown field {name}"))
    return errors


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _check(f: Field, value: Any, lookups: Lookups) -> tuple[str, str] | None:
    t = f.type
    if t in ("text", "longtext"):
        if not isinstance(value, str):
            return "应为文字", "must be text"
        limit = f.max_length or DEFAULT_MAX_LENGTH[t]
        if len(value) > limit:
            return (
                f"过长（{len(value)} 字，最多 {limit} 字）",
                f"is too long ({len(value)} characters, at most {limit})",
            )
    elif t in ("integer", "money"):
        if isinstance(value, bool) or not isinstance(value, int):
            return "应为整数", "must be a whole number"
        if f.min is not None and value < f.min:
            return f"不能小于 {_show(f, f.min)}", f"must be at least {_show(f, f.min)}"
        if f.max is not None and value > f.max:
            return f"不能大于 {_show(f, f.max)}", f"must be at most {_show(f, f.max)}"
    elif t == "date":
        if parse_date(value) is None:
            # Say the format, not a date: "应为 2026-11-23" read as "must be that day".
            return (
                "不是有效日期，请按“年-月-日”填写，例如 2026-03-05",
                "is not a valid date: write it as year-month-day, e.g. 2026-03-05",
            )
    elif t == "datetime":
        if parse_datetime(value) is None:
            return "不是有效时间", "is not a valid date and time"
    elif t in ("choice", "multichoice"):
        allowed = codes.values(f.codes or "")
        chosen = value if t == "multichoice" else [value]
        if not isinstance(chosen, list) or any(v not in allowed for v in chosen):
            return "不在可选范围内", "is not one of the allowed choices"
    elif t in ("person", "unit", "project"):
        exists = getattr(lookups, t)
        if not isinstance(value, str) or (exists is not None and not exists(value)):
            return "不存在", "does not exist"
    elif t == "photos":
        if not isinstance(value, list) or any(
            not (isinstance(h, str) and SHA256.match(h)) for h in value
        ):
            return "照片引用无效", "holds an invalid photo reference"
    elif t == "gps":
        if not _valid_gps(value):
            return "坐标无效", "is not a valid position"
    return None


def _cross_checks(
    definition: Definition, values: dict[str, Any], bad: set[str]
) -> list[FieldError]:
    errors = []
    for f in definition.fields:
        if f.not_before and f.name not in bad and f.not_before not in bad:
            mine, other = values.get(f.name), values.get(f.not_before)
            if not _empty(mine) and not _empty(other) and str(mine)[:10] < str(other)[:10]:
                before = definition.field(f.not_before)
                errors.append(
                    FieldError(
                        f.name,
                        f"{f.title('zh')}不能早于{before.title('zh')}",
                        f"{f.title('en')} cannot be before {before.title('en').lower()}",
                    )
                )
    return errors


def _show(f: Field, amount: int) -> str:
    return f"{amount / 10000:g} 万元" if f.type == "money" else str(amount)


def _valid_gps(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    lat, lon = value.get("lat"), value.get("lon")
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon))
    return numbers and -90 <= lat <= 90 and -180 <= lon <= 180


def parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) < 16:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None
