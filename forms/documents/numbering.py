"""Notice numbers (文号 such as 工专班督〔2026〕12号) that never repeat, even offline.

Scheme: **number lanes**. A year's sequence is cut into lanes of 1000 numbers; lane L owns
L*1000+1 … L*1000+999 (lane 0: 1–999, lane 3: 3001–3999). Each device issues only from its
own lane, in order, so two laptops issuing offline can never produce the same number — no
coordination is needed at issue time, only that no two devices hold the same lane.

A device's lane is a synced setting `notice_lane:<device id>` (so every device sees every
claim). The office sets it when a laptop is set up (`set_lane`; the main office laptop would
take lane 0 so its numbers read 1, 2, 3 …). A device without a lane claims one itself the first
time it issues: the lowest lane, starting from a point derived from its device id, that no
claim it knows of holds. Once a laptop has synced with the office workspace it knows every
claim and its own claim cannot collide; the one remaining risk — two laptops that have never
synced claiming the same lane — is made unlikely by the device-id start (1 in 98) and is
detected by `lane_conflicts` after they sync, so it is reported rather than silent.

Why not blocks claimed at the next free number? Two offline laptops would pick the same block;
a paper notice cannot be renumbered after it went out. Lanes trade consecutive numbers across
laptops (each laptop's own numbers are consecutive) for uniqueness by construction.
"""

from __future__ import annotations

import hashlib
import json

from ..errors import UserError
from ..workspace import Workspace
from . import queries

LANE_SIZE = 1000
SELF_CLAIMED_LANES = range(1, 99)  # lane 0 is only ever given by the office
LANE_KEY = "notice_lane:"


def lanes(ws: Workspace) -> dict[str, int]:
    """Every known lane claim: device id -> lane."""
    out = {}
    for row in ws.db.query("SELECT id, value FROM settings WHERE id LIKE ?", [LANE_KEY + "%"]):
        try:
            out[row["id"][len(LANE_KEY) :]] = int(json.loads(row["value"]))
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


def next_seq(ws: Workspace, year: int, *, author_id: str | None = None) -> int:
    """The next unused number of this device's lane for `year` (call inside the transaction
    that records the notice, so the number and the notice are written together)."""
    lane = own_lane(ws, author_id=author_id)
    first, last = lane * LANE_SIZE + 1, lane * LANE_SIZE + LANE_SIZE - 1
    seq = queries.notices_in_lane(ws, year, first, last) + 1
    if seq > last:
        raise UserError(
            f"本设备 {year} 年的文号号段已用完 / this device's numbers for {year} are used up"
        )
    return seq


def format_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}〔{year}〕{seq}号"
