"""Declarative form definitions and their validation.

A definition is data (``forms/definitions/*.json``, or one the office published through sync:
the workspace's ``form_definitions`` rows) with an id and a version; a record keeps the id and
version it was filled with. `validate` returns every error with its field and a message in
Chinese and English; it never stops at the first.

A published definition may come from a newer SiteLedger: a higher ``schema`` marker, a field type
or a field attribute this version does not know. Such a definition is never half-rendered: `load`
raises `UnrenderableForm` saying which form and why, and `latest` keeps to the newest version this
app can render while `unrenderable` lists the others for the screen to show.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from . import codes
from .errors import UserError

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
    "score",  # scorecard criterion: points from 0 to `max`, optional `weight`
)
# The newest definition layout this version of SiteLedger can render; a definition carries its
# own as "schema" (1 when absent).
FORM_SCHEMA = 1
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
    weight: float | None = None

    def title(self, lang: str = "zh") -> str:
        return self.label.get(lang) or self.label.get("zh") or self.name


@dataclass(frozen=True)
class Definition:
    id: str
    version: int
    kind: str
    title: dict[str, str]
    fields: tuple[Field, ...]
    schema: int = 1

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Definition:
        """The definition, or UnrenderableForm (a ValueError) naming what this app lacks."""
        form_id, version = data.get("id"), data.get("version")
        schema = data.get("schema", 1)
        if not isinstance(schema, int) or schema > FORM_SCHEMA:
            raise UnrenderableForm(
                form_id,
                version,
                f"表单格式 {schema} 新于本应用支持的 {FORM_SCHEMA}",
                f"schema {schema} is newer than {FORM_SCHEMA}",
            )
        fields = []
        for raw in data["fields"]:
            if raw["type"] not in FIELD_TYPES:
                raise UnrenderableForm(
                    form_id,
                    version,
                    f"字段 {raw['name']} 的类型 {raw['type']!r} 本应用不认识",
                    f"field {raw['name']}: unknown type {raw['type']!r}",
                )
            if (
                raw["type"] in ("choice", "multichoice")
                and raw.get("codes") not in codes.CODE_LISTS
            ):
                raise UnrenderableForm(
                    form_id,
                    version,
                    f"字段 {raw['name']} 的代码表 {raw.get('codes')!r} 本应用没有",
                    f"field {raw['name']}: unknown code list {raw.get('codes')!r}",
                )
            unknown = sorted(set(raw) - set(Field.__dataclass_fields__))
            if unknown:
                raise UnrenderableForm(
                    form_id,
                    version,
                    f"字段 {raw['name']} 有本应用不认识的属性 {', '.join(unknown)}",
                    f"field {raw['name']}: unknown attributes {', '.join(unknown)}",
                )
            fields.append(Field(**raw))
        return cls(form_id, int(version), data["kind"], data["title"], tuple(fields), int(schema))

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "version": self.version,
            "kind": self.kind,
            "title": self.title,
            "fields": [
                {k: v for k, v in f.__dict__.items() if v is not None and v is not False}
                for f in self.fields
            ],
        }
        if self.schema != 1:
            out["schema"] = self.schema
        return out


class UnrenderableForm(UserError, ValueError):
    """A form definition (usually published by a newer SiteLedger) this app cannot render."""

    def __init__(self, form_id: Any, version: Any, reason: str, reason_en: str = "") -> None:
        self.form_id, self.version, self.reason = form_id, version, reason
        super().__init__(
            f"表单 {form_id} 第 {version} 版无法在本版本中显示（{reason}），请更新 SiteLedger"
            f" / form {form_id} version {version} needs a newer SiteLedger"
            + (f" ({reason_en})" if reason_en else "")
        )


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


_BUNDLED: dict[tuple[str, int], Definition] | None = None


def _shipped() -> dict[tuple[str, int], Definition]:
    global _BUNDLED
    if _BUNDLED is None:
        _BUNDLED = bundled()
    return _BUNDLED


def available(db: Any = None) -> tuple[dict[tuple[str, int], Definition], list[UnrenderableForm]]:
    """The shipped definitions and those published in the workspace `db` (a sqlite-utils
    Database or a bare connection), and the published ones this app cannot render."""
    found = dict(_shipped())
    unrenderable: list[UnrenderableForm] = []
    if db is None:
        return found, unrenderable
    from .store import definitions as stored

    for form_id, version, body in stored.published(db):
        if (form_id, version) in found:
            continue
        try:
            found[(form_id, version)] = Definition.from_dict(json.loads(body))
        except UnrenderableForm as e:
            unrenderable.append(e)
        except (ValueError, KeyError, TypeError) as e:
            unrenderable.append(
                UnrenderableForm(form_id, version, f"内容无效：{e}", f"invalid: {e}")
            )
    return found, unrenderable


def load(definition_id: str, version: int, db: Any = None) -> Definition:
    """The definition a record was filled with; UnrenderableForm if this app cannot show it."""
    found, unrenderable = available(db)
    if (definition_id, version) in found:
        return found[(definition_id, version)]
    for e in unrenderable:
        if (e.form_id, e.version) == (definition_id, version):
            raise e
    raise UserError(
        f"本机没有表单 {definition_id} 第 {version} 版（请先同步）"
        f" / form {definition_id} version {version} has not reached this device"
    )


def latest(definition_id: str, db: Any = None) -> Definition:
    """The newest version of a form this app can render, shipped or published in `db`."""
    found, _ = available(db)
    versions = [d for (i, _v), d in found.items() if i == definition_id]
    if not versions:
        raise KeyError(definition_id)
    return max(versions, key=lambda d: d.version)


def unrenderable(db: Any) -> list[UnrenderableForm]:
    """Published definitions this app cannot render: shown so the user knows to update."""
    return available(db)[1]


def publish(ws: Any, definition: Definition, *, author_id: str | None = None) -> bool:
    """Publish a definition through sync (the office); False if it is already here as it is.

    A published (id, version) is never changed: a different body under the same version is
    refused, so a record's version always means the one definition."""
    body = json.dumps(definition.to_dict(), ensure_ascii=False, sort_keys=True)
    from .store import definitions as stored

    existing = stored.body(ws.db, definition.id, definition.version)
    if existing is None and (definition.id, definition.version) in _shipped():
        existing = json.dumps(
            _shipped()[(definition.id, definition.version)].to_dict(),
            ensure_ascii=False,
            sort_keys=True,
        )
    if existing is not None:
        if json.loads(existing) != json.loads(body):
            raise UserError(
                f"表单 {definition.id} 第 {definition.version} 版已发布且内容不同，请使用新的版本号"
                f" / form {definition.id} version {definition.version} exists with other content"
            )
        return False
    ws.record(
        "form_definition",
        definition.id,
        {"version": definition.version, "kind": definition.kind, "body": body},
        author_id=author_id,
    )
    return True


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
    elif t == "score":
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            return "应为分数", "must be a number of points"
        if value < 0 or (f.max is not None and value > f.max):
            return f"应在 0–{f.max} 分之间", f"must be between 0 and {f.max} points"
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
