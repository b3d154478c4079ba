"""The in-memory ledger search: results remembered per text give the same answer as a fresh
scan, whatever order the text is typed and deleted in; sorting by a rank matches sorting by
value with empty values last."""

from __future__ import annotations

import random

from forms.ledger_search import COLUMN, LedgerFilter, LedgerIndex


def rows(n: int = 500) -> list[tuple]:
    rng = random.Random(3)
    words = ["铝合金", "型材", "汽车", "部件", "科技", "光伏", "XM2026"]
    out = []
    for i in range(n):
        row = [None] * len(COLUMN)
        row[COLUMN["id"]] = f"id{i}"
        row[COLUMN["code"]] = rng.choice([f"XM2026{i:05d}", None])
        row[COLUMN["name"]] = "".join(rng.sample(words, 3))
        row[COLUMN["enterprise"]] = rng.choice(["甲公司", "乙科技", None])
        row[COLUMN["total_investment"]] = rng.choice([None, rng.randrange(100)])
        out.append(tuple(row))
    return out


def test_remembered_results_equal_a_fresh_scan():
    data = rows()
    index = LedgerIndex(data)
    for text in ("铝合金型材", "xm2026 科技", "汽车部件科技", "光 伏"):
        typed = [text[:n] for n in range(1, len(text) + 1)]
        for t in typed + typed[::-1]:
            f = LedgerFilter(text=t)
            assert index.filter(f) == LedgerIndex(data).filter(f), t


def test_sort_by_rank_keeps_empty_values_last():
    index = LedgerIndex(rows())
    everything = index.filter(LedgerFilter())
    for descending in (False, True):
        ordered = index.sort(everything, "total_investment", descending)
        values = [index.value(i, "total_investment") for i in ordered]
        present = [v for v in values if v is not None]
        assert present == sorted(present, reverse=descending)
        assert values[len(present) :] == [None] * (len(values) - len(present))
