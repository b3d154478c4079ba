"""The ledger in memory for instant filtering: one tuple per project and a lowercased search
text (code, name, enterprise), so a keystroke filters 20,000 projects without touching SQLite.

Chinese needs no tokenising here: a substring test on the joined text finds 铝合金 inside
高性能铝合金型材 as it finds "xm2026" inside "XM202600017".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import queries

if TYPE_CHECKING:
    from sqlite_utils import Database

COLUMN = {name: i for i, name in enumerate(queries.LEDGER_COLUMNS)}


@dataclass(frozen=True)
class LedgerFilter:
    text: str = ""
    district_id: str | None = None  # a district's or a park's unit id
    stage: str | None = None
    industry_chain: str | None = None
    province_key: bool = False
    city_key: bool = False


class LedgerIndex:
    def __init__(self, rows: list[tuple]) -> None:
        self.rows = rows
        self.haystacks = [f"{r[1] or ''}\n{r[2] or ''}\n{r[3] or ''}".lower() for r in rows]
        self.by_id = {r[0]: i for i, r in enumerate(rows)}

    @classmethod
    def load(cls, db: Database) -> LedgerIndex:
        return cls(queries.ledger_rows(db))

    def __len__(self) -> int:
        return len(self.rows)

    def value(self, position: int, column: str) -> Any:
        return self.rows[position][COLUMN[column]]

    def filter(self, f: LedgerFilter) -> list[int]:
        """Positions of the matching rows, in ledger order."""
        tests = []
        if f.district_id:
            tests.append((COLUMN["district_id"], f.district_id))
        if f.stage:
            tests.append((COLUMN["stage"], f.stage))
        if f.industry_chain:
            tests.append((COLUMN["industry_chain"], f.industry_chain))
        if f.province_key:
            tests.append((COLUMN["province_key"], 1))
        if f.city_key:
            tests.append((COLUMN["city_key"], 1))
        words = f.text.lower().split()
        rows, hay = self.rows, self.haystacks
        if not words and not tests:
            return list(range(len(rows)))
        # Narrow by the cheapest test first: the text scan over one list of strings.
        candidates = range(len(rows))
        for word in words:
            candidates = [i for i in candidates if word in hay[i]]
        for column, wanted in tests:
            candidates = [i for i in candidates if rows[i][column] == wanted]
        return list(candidates)

    def sort(self, positions: list[int], column: str, descending: bool = False) -> list[int]:
        """Positions ordered by a column; empty values last whichever the direction."""
        c = COLUMN[column]
        rows = self.rows
        present = [i for i in positions if rows[i][c] is not None]
        missing = [i for i in positions if rows[i][c] is None]
        present.sort(key=lambda i: rows[i][c], reverse=descending)
        return present + missing
