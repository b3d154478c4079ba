"""Notice numbers (文号 such as 工专班督〔2026〕12号) that never repeat, even offline.

**Lanes.** Every device holds a lane (0–98), a synced setting `notice_lane:<device id>` (so
every device sees every claim). The office gives lane 0 to its numbering laptop (`set_lane`,
`siteledger document lane --set 0`); any other device claims one itself the first time it
numbers something: the lowest free lane, starting from a point derived from its device id.
Lanes also number problems (forms/numbers.py).

**文号.** Only the holder of lane 0 — the office's register — gives definitive numbers, one
sequence per year and kind, 1, 2, 3 …: `工专班督〔2026〕12号`, as the office has always
written them. Any other device issuing offline gives a *provisional* number in its own lane:
`工专班督〔2026〕临07-3号`, and the printed notice says it is provisional; the numbering
office confirms it later (`confirm`: the next definitive number, recorded as an append-only
`numbered` event, shown from then on beside the provisional one, which the paper carries).
Two devices therefore never produce the same number: definitive numbers come from one device,
provisional ones carry their lane. The remaining risk — two never-synced laptops claiming the
same lane, or lane 0 given twice — is reported by `lane_conflicts` after they sync.

The old scheme gave every lane a block of a thousand definitive numbers (18001号); those
numbers stay on the notices that carry them but no longer take part in the sequence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from ..errors import UserError
from ..ids import new_id
from ..store import notices as notice_store
from ..store import settings as setting_store
from ..workspace import Workspace

SELF_CLAIMED_LANES = range(1, 99)  # lane 0 is only ever given by the office
LANE_KEY = "notice_lane:"


def lanes(ws: Workspace) -> dict[str, int]:
    """Every known lane claim: device id -> lane."""
    out = {}
    for key, value in setting_store.with_prefix(ws.db, LANE_KEY).items():
        try:
            out[key[len(LANE_KEY) :]] = int(value)
        except (TypeError, ValueError):
            continue
    return out


def set_lane(
    ws: Workspace, lane: int, device_id: str | None = None, *, author_id: str | None = None
) -> None:
    """Give a device (this one by default) a lane; refuses a lane another device holds."""
    device_id = device_id or ws.device_id
    if not 0 <= lane < 99:
        raise UserError("文号号段须在 0 到 98 之间 / the lane must be between 0 and 98")
    holders = [d for d, held in lanes(ws).items() if held == lane and d != device_id]
    if holders:
        raise UserError(f"号段 {lane} 已由设备 {holders[0]} 使用 / lane {lane} is taken")
    ws.record("setting", LANE_KEY + device_id, {"value": json.dumps(lane)}, author_id=author_id)


def own_lane(ws: Workspace, *, author_id: str | None = None) -> int:
    """This device's lane, claimed now if it has none."""
    known = lanes(ws)
    if ws.device_id in known:
        return known[ws.device_id]
    taken = set(known.values())
    span = list(SELF_CLAIMED_LANES)
    start = int(hashlib.sha256(ws.device_id.encode()).hexdigest(), 16) % len(span)
    for lane in span[start:] + span[:start]:
        if lane not in taken:
            set_lane(ws, lane, author_id=author_id)
            return lane
    raise UserError("没有空闲的文号号段 / every notice number lane is taken")


def lane_conflicts(ws: Workspace) -> dict[int, list[str]]:
    """Lanes held by more than one device (possible only between never-synced laptops); each
    device's claim is its own record, so both claims survive sync and show up here."""
    by_lane: dict[int, list[str]] = {}
    for device, lane in sorted(lanes(ws).items()):
        by_lane.setdefault(lane, []).append(device)
    return {lane: devices for lane, devices in by_lane.items() if len(devices) > 1}


OFFICE_LANE = 0


@dataclass(frozen=True)
class Number:
    text: str
    seq: int
    provisional: bool
    lane: int


def next_number(
    ws: Workspace, prefix: str, year: int, kind: str = "notice", *, author_id: str | None = None
) -> Number:
    """The next 文号 this device may give (call inside the transaction that records the
    notice, so the lane claim, the number and the notice are written together)."""
    lane = own_lane(ws, author_id=author_id)
    if lane == OFFICE_LANE:
        seq = notice_store.last_definitive_seq(ws.db, year, kind) + 1
        return Number(format_number(prefix, year, seq), seq, False, lane)
    seq = notice_store.last_provisional_seq(ws.db, year, lane, kind) + 1
    return Number(f"{prefix}〔{year}〕临{lane:02d}-{seq}号", seq, True, lane)


def is_numbering_office(ws: Workspace) -> bool:
    return lanes(ws).get(ws.device_id) == OFFICE_LANE


def confirm(ws: Workspace, notice_id: str, prefix: str, *, author_id: str | None = None) -> str:
    """Give a provisional notice its definitive number (only the numbering office may)."""
    if not is_numbering_office(ws):
        raise UserError(
            "只有持有 0 号段的专班办公室设备可以确认文号"
            " / only the office's numbering device (lane 0) confirms numbers"
        )
    row = notice_store.get(ws.db, notice_id)
    if row is None:
        raise UserError(f"没有这份通知 / no such notice: {notice_id}")
    if not row["provisional"] or row["confirmed_number"]:
        raise UserError(f"{row['shown_number']} 已是正式文号 / already has its number")
    seq = notice_store.last_definitive_seq(ws.db, row["year"], row["doc_kind"]) + 1
    number = format_number(prefix, row["year"], seq)
    ws.record(
        "notice_event",
        new_id(),
        {
            "notice_id": notice_id,
            "kind": "numbered",
            "at": dt.datetime.now().isoformat(timespec="seconds"),
            "number": number,
            "seq": seq,
            "note": f"临时文号 {row['number']} 确认为 {number}",
        },
        author_id=author_id,
    )
    return number


def format_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}〔{year}〕{seq}号"
