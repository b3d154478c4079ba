"""Is a photo plausible evidence for what it is attached to? Flagged, never refused.

A photo taken outside the visit's day (give or take a tolerance) or farther than a set distance
from the project's location is flagged in the gallery and the inspection record; the person who
reviews decides. A photo with no time or place in its file is "unverified".
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..errors import UserError
from ..store import people as people_store
from ..store import photos as photo_sql

EARTH_RADIUS_M = 6_371_000.0

# Flag -> label shown in the gallery and documents.
LABELS = {
    "unverified": "未核验（无拍摄信息）",
    "no_exif_time": "无拍摄时间",
    "exif_time_invalid": "拍摄时间无效",
    "no_gps": "无定位",
    "gps_invalid": "定位无效",
    "time_unconfirmed": "时间待核验",
    "outside_visit_day": "非走访当日拍摄",
    "far_from_project": "距项目位置过远",
}
# Flags that call for a reviewer's attention (the others are only missing information).
WARNINGS = (
    "unverified",
    "exif_time_invalid",
    "gps_invalid",
    "time_unconfirmed",
    "outside_visit_day",
    "far_from_project",
)


@dataclass(frozen=True)
class Target:
    """What a photo is attached to, with what plausibility needs to know about it."""

    kind: str  # visit | problem | project
    id: str
    project_id: str
    day: dt.date | None  # the visit's day (a problem's: its visit's, else raised_on)
    latitude: float | None  # the project's location
    longitude: float | None
    project_name: str = ""
    address: str = ""
    visitor: str = ""

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "project_id": self.project_id}


def resolve(ws, kind: str, target_id: str) -> Target:
    """The target of an import; UserError when it does not exist."""
    db = ws.conn
    if kind == "visit":
        row = photo_sql.visit_facts(db, target_id)
        if row is None:
            raise UserError(f"no visit with id {target_id}")
        project_id, day, person = row[0], _day(row[1]), row[2]
    elif kind == "problem":
        row = photo_sql.problem_facts(db, target_id)
        if row is None:
            raise UserError(f"no problem with id {target_id}")
        project_id, day, person = row[0], _day(row[1]), row[2]
    elif kind == "project":
        project_id, day, person = target_id, None, None
    else:
        raise UserError(f"photos attach to a visit, a problem or a project, not {kind!r}")
    project = photo_sql.project_place(db, project_id)
    if project is None:
        raise UserError(f"no project with id {project_id}")
    visitor = ""
    if person:
        found = people_store.person(db, person)
        visitor = found["name"] if found and found["name"] else ""
    return Target(
        kind,
        target_id,
        project_id,
        day,
        project[2],
        project[3],
        project[0] or "",
        project[1] or "",
        visitor,
    )


def check(
    taken_at: str | None,
    latitude: float | None,
    longitude: float | None,
    target: Target,
    *,
    tolerance_hours: float,
    max_distance_m: float,
) -> tuple[list[str], float | None]:
    """(flags, distance in metres or None) of a photo against its target."""
    flags: list[str] = []
    if taken_at and target.day is not None:
        taken = dt.datetime.fromisoformat(taken_at).replace(tzinfo=None)
        start = dt.datetime.combine(target.day, dt.time()) - dt.timedelta(hours=tolerance_hours)
        end = start + dt.timedelta(days=1, hours=2 * tolerance_hours)
        if not start <= taken < end:
            flags.append("outside_visit_day")
    distance = None
    if None not in (latitude, longitude, target.latitude, target.longitude):
        distance = round(haversine_m(latitude, longitude, target.latitude, target.longitude), 1)
        if distance > max_distance_m:
            flags.append("far_from_project")
    return flags, distance


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
