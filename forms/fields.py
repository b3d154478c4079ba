"""Field types an entity declares: what a change may carry, checked before anything touches SQL.

Nothing from the wire is trusted (a change pulled, pushed or read from a bundle): each entity
names its fields and their types here, and `check` returns the reasons a value is refused.
Column names are always these declared names, never keys taken from a change.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.:-]{0,79}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# ISO date-time, optional fraction and offset (photo times, event times).
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?"
)

MAX_TEXT = 4000  # characters: a long problem description fits, a megabyte does not
MAX_JSON = 64_000  # bytes of encoded JSON (a filled form's values, a list of ids)
MAX_INT = 2**53  # exact in every JSON reader; 9 千万亿 元 is beyond any project


@dataclass(frozen=True)
class Field:
    """One declared field. `kind` is one of the checks below; `null` allows None."""

    kind: str
    max: int | float | None = None
    min: int | float | None = None
    choices: tuple[str, ...] = ()
    null: bool = True
    check_value: Callable[[Any], str | None] = field(
        init=False, repr=False, compare=False, default=None
    )

    def __post_init__(self) -> None:
        # The check of a value that is not None, made once per declared field: a ledger import
        # checks some 400,000 values, nearly all of them acceptable at the first test.
        object.__setattr__(self, "check_value", _value_check(self))

    def check(self, value: Any) -> str | None:
        """None if `value` is acceptable, else the reason (in Chinese, shown to a person)."""
        if value is None:
            return None if self.null else "不能为空"
        return self.check_value(value)


def text(max: int = MAX_TEXT, *, choices: tuple[str, ...] = (), null: bool = True) -> Field:
    return Field("text", max=max, choices=choices, null=null)


def id_(*, null: bool = True) -> Field:
    """A record id (UUIDv7 made on a device, or a short code such as a setting's key)."""
    return Field("id", null=null)


def sha256(*, null: bool = True) -> Field:
    return Field("sha256", null=null)


def integer(min: int = -MAX_INT, max: int = MAX_INT, *, null: bool = True) -> Field:
    return Field("int", min=min, max=max, null=null)


def number(min: float = -1e15, max: float = 1e15, *, null: bool = True) -> Field:
    return Field("number", min=min, max=max, null=null)


def boolean(*, null: bool = True) -> Field:
    return Field("bool", null=null)


def date(*, null: bool = True) -> Field:
    return Field("date", null=null)


def datetime(*, null: bool = True) -> Field:
    return Field("datetime", null=null)


def json_value(max: int = MAX_JSON, *, null: bool = True) -> Field:
    """A list or object (stored as JSON text), or JSON text itself; at most `max` bytes."""
    return Field("json", max=max, null=null)


def id_list(max: int = 1000, *, null: bool = True) -> Field:
    """A list of record ids (a JSON list, or its JSON text as stored)."""
    return Field("id_list", max=max, null=null)


def _text(f: Field, v: Any) -> str | None:
    if not isinstance(v, str):
        return "应为文字"
    if len(v) > f.max:
        return f"超过 {f.max} 个字符"
    if f.choices and v not in f.choices:
        return f"不是可选值（{'、'.join(f.choices)}）"
    return None


def _id(f: Field, v: Any) -> str | None:
    return None if isinstance(v, str) and _ID.fullmatch(v) else "不是有效的编号"


def _sha(f: Field, v: Any) -> str | None:
    return None if isinstance(v, str) and _SHA256.fullmatch(v) else "不是 SHA-256 值"


def _int(f: Field, v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, int):
        return "应为整数"
    return None if f.min <= v <= f.max else f"超出范围 {f.min}–{f.max}"


def _number(f: Field, v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, int | float) or v != v:
        return "应为数字"
    return None if f.min <= v <= f.max else f"超出范围 {f.min}–{f.max}"


def _bool(f: Field, v: Any) -> str | None:
    return None if isinstance(v, bool) or v in (0, 1) else "应为是或否"


def _date(f: Field, v: Any) -> str | None:
    if not isinstance(v, str) or not _DATE.fullmatch(v):
        return "应为日期 YYYY-MM-DD"
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return "不是有效的日期"
    return None


def _datetime(f: Field, v: Any) -> str | None:
    if not isinstance(v, str) or len(v) > 40 or not _DATETIME.fullmatch(v):
        return "应为 ISO 日期时间"
    return None


def _json(f: Field, v: Any) -> str | None:
    if isinstance(v, str):
        if len(v.encode()) > f.max:
            return f"超过 {f.max} 字节"
        try:
            json.loads(v)
        except ValueError:
            return "不是有效的 JSON"
        return None
    if not isinstance(v, list | dict):
        return "应为列表或对象"
    try:
        size = len(json.dumps(v, ensure_ascii=False).encode())
    except (TypeError, ValueError, RecursionError):
        return "不是有效的 JSON"
    return None if size <= f.max else f"超过 {f.max} 字节"


def _id_list(f: Field, v: Any) -> str | None:
    if isinstance(v, str):
        try:
            v = json.loads(v)
        except ValueError:
            return "不是有效的编号列表"
    if not isinstance(v, list) or len(v) > f.max:
        return f"应为至多 {f.max} 个编号的列表"
    if not all(isinstance(x, str) and _ID.fullmatch(x) for x in v):
        return "列表中有无效的编号"
    return None


@functools.lru_cache(maxsize=4096)
def _date_text(v: str) -> str | None:
    return _date(None, v)  # type: ignore[arg-type]  # _date reads nothing of its field


def _value_check(f: Field) -> Callable[[Any], str | None]:
    """`f`'s check of a value that is not None: the usual acceptable value passes a test or
    two; anything else gets the full check, with its reason."""
    full = _CHECKS[f.kind]
    limit = f.max
    if f.kind == "text":
        choices = frozenset(c for c in f.choices if len(c) <= limit)
        if f.choices:
            return lambda v: None if v.__class__ is str and v in choices else full(f, v)
        return lambda v: None if v.__class__ is str and len(v) <= limit else full(f, v)
    if f.kind == "id":
        match = _ID.fullmatch
        return lambda v: None if v.__class__ is str and match(v) else full(f, v)
    if f.kind in ("int", "number"):
        low = f.min
        kinds = (int,) if f.kind == "int" else (int, float)
        return lambda v: None if v.__class__ in kinds and low <= v <= limit else full(f, v)
    if f.kind == "date":
        return lambda v: _date_text(v) if v.__class__ is str else full(f, v)
    if f.kind == "bool":
        return lambda v: None if v.__class__ is bool else full(f, v)
    return lambda v: full(f, v)


_CHECKS = {
    "text": _text,
    "id": _id,
    "sha256": _sha,
    "int": _int,
    "number": _number,
    "bool": _bool,
    "date": _date,
    "datetime": _datetime,
    "json": _json,
    "id_list": _id_list,
}
