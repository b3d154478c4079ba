"""The workspace's ledger as the sheet sees it, read once: projects, unit and people names,
active assignments. Matching and comparing 5,000 rows against dicts built here costs no
per-row query."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..store import ledger as store
from ..workspace import Workspace

ROLE_OF = {"leaders": "leader", "commissioners": "commissioner"}


@dataclass
class Snapshot:
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_code: dict[str, str] = field(default_factory=dict)
    by_name: dict[tuple[str, str], str] = field(default_factory=dict)
    unit_ids: dict[str, str] = field(default_factory=dict)  # name -> id (oldest id)
    unit_names: dict[str, str] = field(default_factory=dict)  # id -> name
    person_ids: dict[str, str] = field(default_factory=dict)
    person_names: dict[str, str] = field(default_factory=dict)
    # (project id, role) -> {person id: assignment id}, active links only
    assigned: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, ws: Workspace) -> Snapshot:
        snap = cls()
        for row in store.projects(ws.conn):
            snap.add_project(row)
        for uid, name in store.unit_names(ws.conn):
            snap.unit_names[uid] = name
            snap.unit_ids.setdefault(name, uid)
        for pid, name in store.person_names(ws.conn):
            snap.person_names[pid] = name
            snap.person_ids.setdefault(name, pid)
        for aid, person_id, project_id, role in store.active_assignments(ws.conn):
            snap.assigned.setdefault((project_id, role), {}).setdefault(person_id, aid)
        return snap

    def add_project(self, row: dict[str, Any]) -> None:
        self.projects[row["id"]] = row
        if row.get("code"):
            self.by_code.setdefault(row["code"], row["id"])
        if row.get("name"):
            self.by_name.setdefault((row["name"], row.get("enterprise") or ""), row["id"])

    def match(self, fields: dict[str, Any]) -> str | None:
        """A project by code, else by name and enterprise (the ledger's identity)."""
        code = fields.get("code")
        if code and code in self.by_code:
            return self.by_code[code]
        return self.by_name.get((fields.get("name") or "", fields.get("enterprise") or ""))

    def ledger_view(self, project_id: str) -> dict[str, Any]:
        """A stored project in the sheet's terms: unit and people by name."""
        row = self.projects[project_id]
        view = dict(row)
        view["district"] = self.unit_names.get(row.get("district_id"))
        view["lead_unit"] = self.unit_names.get(row.get("lead_unit_id"))
        ids = json.loads(row["responsible_units"]) if row.get("responsible_units") else []
        view["responsible_units"] = [self.unit_names.get(i, i) for i in ids]
        for column, role in ROLE_OF.items():
            people = self.assigned.get((project_id, role), {})
            view[column] = sorted(self.person_names.get(p, p) for p in people)
        return view
