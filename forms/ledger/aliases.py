"""Unit names in a ledger matched to the units the workspace knows.

Sheets shorten names: 高新区 for 高新技术产业开发区, 经开区 for 经济技术开发区, 城关 for 城关区.
A name the workspace does not know is compared with the known units under those rules; a match
is only a *suggestion* until the office confirms it (on the command line `--alias 高新区=…`, in
the desktop by ticking it in the preview). Confirmed aliases are a shared setting
(`unit_aliases`: {alias: unit id}), so every office laptop and every later import uses them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import UserError
from ..store import ledger as store
from ..workspace import Workspace

SETTING = "unit_aliases"
UNIT_FIELDS = ("district", "park", "lead_unit")  # one name each; responsible_units: a list
# Long forms and the short forms sheets use for them, longest first.
_SHORT = (
    ("高新技术产业开发区", "高新区"),
    ("高新技术开发区", "高新区"),
    ("高新技术产业园区", "高新区"),
    ("经济技术开发区", "经开区"),
    ("经济开发区", "经开区"),
    ("经济技术开发园区", "经开区"),
)
_SUFFIX = re.compile(r"(区|县|市|镇|乡)$")


def key(name: str) -> str:
    """The form two names of one unit share: short forms, no trailing 区/县."""
    out = "".join(name.split())
    for long, short in _SHORT:
        out = out.replace(long, short)
    return _SUFFIX.sub("", out) if len(out) > 2 else out


def confirmed(ws: Workspace) -> dict[str, str]:
    """{alias: unit id} as the office confirmed them."""
    text = store.setting_text(ws.conn, SETTING)
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def suggest(unknown: set[str], known: dict[str, str]) -> dict[str, str]:
    """{unknown name: known name} where exactly one known unit shares the name's key."""
    by_key: dict[str, list[str]] = {}
    for name in known:
        by_key.setdefault(key(name), []).append(name)
    out = {}
    for name in sorted(unknown):
        matches = [k for k in by_key.get(key(name), []) if k != name]
        if len(matches) == 1:
            out[name] = matches[0]
    return out


def parse(pairs: list[str] | None) -> dict[str, str]:
    """`高新区=高新技术产业开发区` pairs from the command line: {alias: known name}."""
    out = {}
    for pair in pairs or []:
        alias, sep, name = pair.partition("=")
        if not sep or not alias.strip() or not name.strip():
            raise UserError(f"别名应写作 简称=单位全称，而不是“{pair}” (alias must be SHORT=FULL)")
        out[alias.strip()] = name.strip()
    return out


def record(ws: Workspace, added: dict[str, str], *, author_id: str | None) -> None:
    """Add confirmed {alias: unit id} to the shared setting (inside the caller's transaction)."""
    if not added:
        return
    merged = {**confirmed(ws), **added}
    ws.record(
        "setting",
        SETTING,
        {"value": json.dumps(merged, ensure_ascii=False, sort_keys=True)},
        author_id=author_id,
    )


def rename(fields: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """A row's fields with each aliased unit name replaced by the known name."""
    if not names:
        return fields
    out = dict(fields)
    for field in UNIT_FIELDS:
        if out.get(field) in names:
            out[field] = names[out[field]]
    if out.get("responsible_units"):
        out["responsible_units"] = [names.get(n, n) for n in out["responsible_units"]]
    return out


def unit_names_in(fields: dict[str, Any]) -> set[str]:
    found = {fields[f] for f in UNIT_FIELDS if fields.get(f)}
    return found | set(fields.get("responsible_units") or [])
