"""Conflicts: ledger fields that two people changed to different values.

Both writes are in the `changes` journal; last-writer-wins by HLC decided which one applies. A
field is listed while its two latest writes come from different devices with different values
and the office has not settled it since. The office either keeps the applied value or chooses
another one, which is simply a new change (it syncs like any other and wins by being newest).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from forms import entities
from forms.hlc import Stamp
from forms.store import people as people_store
from forms.store import sync as sync_tables
from forms.workspace import Workspace

ENTITY_LABELS = {
    "project": "项目",
    "unit": "单位",
    "person": "人员",
    "assignment": "包抓关系",
    "notice": "督办通知",
    "setting": "设置",
}
FIELD_LABELS = {
    "name": "名称",
    "code": "编号",
    "enterprise": "企业",
    "stage": "阶段",
    "district_id": "区县",
    "industry_chain": "产业链",
    "total_investment": "总投资",
    "year_plan_investment": "年度计划投资",
    "year_completed_investment": "年度完成投资",
    "cumulative_investment": "累计完成投资",
    "progress_note": "形象进度",
    "notes": "备注",
    "location": "地点",
    "status": "状态",
    "deadline": "期限",
    "phone": "电话",
    "title": "职务",
    "active": "有效",
    "value": "值",
}


@dataclass(frozen=True)
class Write:
    change_id: str
    value: Any
    hlc: str
    author_id: str | None
    author: str
    device: str | None

    @property
    def when(self) -> str:
        stamp = dt.datetime.fromtimestamp(Stamp.parse(self.hlc).millis / 1000)
        return f"{stamp.year}年{stamp.month}月{stamp.day}日 {stamp:%H:%M}"


@dataclass(frozen=True)
class Conflict:
    entity: str
    entity_id: str
    field: str
    record: str
    applied: Write
    others: tuple[Write, ...]

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    def describe(self) -> str:
        """One line in Chinese: what, who, when, which value applies."""
        parts = [f"{w.author} 于 {w.when} 改为 {show(w.value, self.field)}" for w in self.others]
        parts.append(
            f"{self.applied.author} 于 {self.applied.when} 改为 "
            f"{show(self.applied.value, self.field)}（现采用）"
        )
        return (
            f"{ENTITY_LABELS.get(self.entity, self.entity)}「{self.record}」的「{self.field_label}」："
            + "；".join(parts)
        )


def find(ws: Workspace) -> list[Conflict]:
    """Every unsettled conflict, newest first."""
    names = {p["id"]: p["name"] for p in people_store.with_role(ws.conn)}
    settled = sync_tables.settled_conflicts(ws.conn)
    mutable = [e.name for e in entities.ENTITIES.values() if e.mutable]
    writes: dict[tuple[str, str, str], list[Write]] = {}
    for change_id, entity, entity_id, hlc, author_id, device, body in sync_tables.writes_of(
        ws.conn, mutable
    ):
        fields = json.loads(body)["fields"]
        author = names.get(author_id) or (
            f"用户 {author_id[-6:]}" if author_id else f"设备 {(device or '?')[-4:]}"
        )
        for field, value in fields.items():
            key = (entity, entity_id, field)
            writes.setdefault(key, []).append(
                Write(change_id, value, hlc, author_id, author, device)
            )
    found = []
    for key, history in writes.items():
        if len(history) < 2 or history[-1].hlc <= settled.get(key, ""):
            continue
        applied, previous = history[-1], history[-2]
        if previous.device != applied.device and previous.value != applied.value:
            rivals = tuple(
                w
                for w in history[:-1]
                if w.device != applied.device
                and w.value != applied.value
                and w.hlc > settled.get(key, "")
            )
            found.append(Conflict(*key, _record_label(ws, key[0], key[1]), applied, rivals[-3:]))
    return sorted(found, key=lambda c: c.applied.hlc, reverse=True)


def keep(ws: Workspace, conflict: Conflict) -> None:
    """The office keeps the applied value: the conflict is settled."""
    _settle(ws, conflict, conflict.applied.hlc)


def choose(ws: Workspace, conflict: Conflict, write: Write, *, author_id: str | None) -> None:
    """The office chooses another value: a new change that wins by being newest."""
    with ws.transaction():
        change = ws.record(
            conflict.entity, conflict.entity_id, {conflict.field: write.value}, author_id=author_id
        )
        _settle(ws, conflict, change["hlc"])


def _settle(ws: Workspace, conflict: Conflict, through: str) -> None:
    with ws.transaction():
        sync_tables.settle(ws.conn, conflict.entity, conflict.entity_id, conflict.field, through)


def _record_label(ws: Workspace, entity: str, entity_id: str) -> str:
    label = sync_tables.record_label(ws.conn, entities.get(entity).table, entity_id)
    return label or entity_id[-8:]


def show(value: Any, field: str) -> str:
    """A value as the office reads it: money (integer yuan) in 万元."""
    if value is None:
        return "（空）"
    if field.endswith("investment") and isinstance(value, int):
        from forms.format import wan

        return f"{wan(value)} 万元"
    return str(value)
