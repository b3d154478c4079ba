"""Device-local values (the `local` table: key → text, never synced), read by name."""

from __future__ import annotations

from typing import Any


def value(db: Any, key: str) -> str | None:
    """A device-local value (`Workspace.local_get`), read on any connection."""
    row = db.execute("SELECT value FROM local WHERE key = ?", [key]).fetchone()
    return row[0] if row else None
