"""Whole shared tables, row by row in key order: the dump (forms/dump.py) reads them so."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..schema import SHARED_TABLES


def in_key_order(db: Any, table: str) -> sqlite3.Cursor:
    """A cursor over every row of a shared `table`, ordered by its primary key (its columns in
    table order; the rowid for a table without one)."""
    if table not in SHARED_TABLES:
        raise ValueError(table)  # SQL identifiers never come from data
    columns = db.execute(f"PRAGMA table_info({table})").fetchall()
    keys = [c[1] for c in columns if c[5]] or ["rowid"]
    return db.execute(f"SELECT * FROM {table} ORDER BY {', '.join(keys)}")
