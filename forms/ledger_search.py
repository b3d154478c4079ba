"""The ledger in memory for instant filtering: one tuple per project and a lowercased search
text (code, name, enterprise), so a keystroke filters 20,000 projects without touching SQLite.

Chinese needs no tokenising here: a substring test on the joined text finds 铝合金 inside
高性能铝合金型材 as it finds "xm2026" inside "XM202600017".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .store import projects as project_store

if TYPE_CHECKING:
    from sqlite_utils import Database

COLUMN = {name: i for i, name in enumerate(project_store.LEDGER_COLUMNS)}


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
        self._ranks: dict[tuple[int, bool], list[int]] = {}
        self._found: dict[str, list[int]] = {}  # search text -> matching positions

    @classmethod
    def load(cls, db: Database) -> LedgerIndex:
        return cls(project_store.ledger_rows(db))

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
        text = " ".join(words)
        if text in self._found:
            candidates: Any = self._found[text]
        else:
            # Typing adds to the text: what matched "铝合" is all "铝合金" can match, so the
            # scan runs over the last result rather than the whole ledger.
            candidates = self._narrowest(text)
            for word in words:
                candidates = [i for i in candidates if word in hay[i]]
            self._remember(text, candidates)
        for column, wanted in tests:
            candidates = [i for i in candidates if rows[i][column] == wanted]
        return list(candidates)

    def _narrowest(self, text: str) -> Any:
        """The smallest remembered result whose text every row matching `text` matches too."""
        best: Any = range(len(self.rows))
        for seen, found in self._found.items():
            if len(found) < len(best) and all(w in text for w in seen.split()):
                best = found
        return best

    def _remember(self, text: str, found: list[int]) -> None:
        if len(self._found) >= 64:  # a few searches' worth of prefixes, then start again
            self._found.clear()
        self._found[text] = found

    def sort(self, positions: list[int], column: str, descending: bool = False) -> list[int]:
        """Positions ordered by a column; empty values last whichever the direction."""
        rank = self._rank(COLUMN[column], descending)
        return sorted(positions, key=rank.__getitem__)  # a C-level key: ~1 ms at 20,000

    def _rank(self, c: int, descending: bool) -> list[int]:
        """Each row's place in the whole ledger ordered by column `c`, worked out once: every
        keystroke re-sorts what it finds, and comparing ints is far cheaper than values."""
        key = (c, descending)
        if key not in self._ranks:
            rows = self.rows
            present = [i for i in range(len(rows)) if rows[i][c] is not None]
            missing = [i for i in range(len(rows)) if rows[i][c] is None]
            present.sort(key=lambda i: rows[i][c], reverse=descending)
            rank = [0] * len(rows)
            for place, i in enumerate(present + missing):
                rank[i] = place
            self._ranks[key] = rank
        return self._ranks[key]
