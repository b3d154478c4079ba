"""Form definitions kept in the workspace: those the office published through sync (and the
shipped ones some workspaces copy in). Read by `forms.form_definitions`, the loader."""

from __future__ import annotations

from typing import Any


def published(db: Any) -> list[tuple[str, int, str]]:
    """Every stored definition as (id, version, body JSON text)."""
    return [
        (row[0], row[1], row[2])
        for row in db.execute("SELECT id, version, body FROM form_definitions ORDER BY id, version")
    ]


def body(db: Any, form_id: str, version: int) -> str | None:
    row = db.execute(
        "SELECT body FROM form_definitions WHERE id = ? AND version = ?", [form_id, version]
    ).fetchone()
    return row[0] if row else None


def keep(db: Any, form_id: str, version: int, kind: str, body: str) -> None:
    """Store a definition unless that version is already kept (the demo copies the shipped
    ones in, as a workspace that received them by sync holds them)."""
    db.execute(
        "INSERT OR IGNORE INTO form_definitions (id, version, kind, body) VALUES (?, ?, ?, ?)",
        [form_id, version, kind, body],
    )
