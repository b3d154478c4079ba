"""Coverage (000_5c11f5fe81c94720.txt): every leader packages at least one attracted-investment,
one under-construction, one upgrade and one production project (包抓). Who lacks which stage,
and which projects nobody packages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .store import supervision as store

if TYPE_CHECKING:
    from .store.supervision import Reader

REQUIRED_STAGES = ("attract", "build", "upgrade", "produce")


@dataclass
class LeaderGap:
    leader: str
    person_id: str
    projects: int
    missing_stages: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "leader": self.leader,
            "person_id": self.person_id,
            "projects": self.projects,
            "missing_stages": self.missing_stages,
        }


@dataclass
class Coverage:
    leaders: list[LeaderGap]  # only those missing a stage (a leader with none misses all four)
    unassigned: list[str]  # codes of projects with no active assignment at all
    without_leader: list[str]  # codes of projects no leader packages
    leaders_total: int

    def to_json(self) -> dict[str, Any]:
        return {
            "leaders": [g.to_json() for g in self.leaders],
            "unassigned": self.unassigned,
            "without_leader": self.without_leader,
            "leaders_total": self.leaders_total,
        }


def compute(db: Reader, district_id: str | None = None) -> Coverage:
    gaps, rows = [], store.leader_stages(db, district_id)
    for row in rows:
        held = set((row["stages"] or "").split(","))
        missing = [s for s in REQUIRED_STAGES if s not in held]
        if missing:
            gaps.append(LeaderGap(row["name"], row["id"], row["projects"], missing))
    return Coverage(
        gaps,
        store.projects_without(db, None, district_id),
        store.projects_without(db, "leader", district_id),
        len(rows),
    )
