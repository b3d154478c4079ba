"""Recognising a column by what it holds as well as by its header.

Offices reuse headers loosely: one ledger's 项目类别 is the 五个一批 stage, another's holds the
industry chain (新材料, 汽车零部件 …). After the header has named a column, the values in the
first rows decide between the fields a header could mean: a column whose cells are nearly all
industry chains is the chain, one whose cells are nearly all stage names is the stage. A column
the person mapped themselves is left as they said.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .. import codes
from . import values
from .columns import Column

SAMPLE_ROWS = 40  # data rows read ahead of the import to look at
MOST = 0.8  # the share of filled cells that must fit a field for the values to decide
_CHAIN_WORDS = {c.zh for c in codes.INDUSTRY_CHAINS} | {c.value for c in codes.INDUSTRY_CHAINS}


def is_chain(value: Any) -> bool:
    return str(value).strip() in _CHAIN_WORDS


def is_stage(value: Any) -> bool:
    word = str(value).strip()
    if word in _CHAIN_WORDS:
        return False
    try:
        return values.stage(word) is not None
    except values.CellError:
        return False


# The fields a column's values can prove, with the test each cell must pass.
TESTS: dict[str, Callable[[Any], bool]] = {"industry_chain": is_chain, "stage": is_stage}


def by_values(
    columns: list[Column], sample: list[tuple[Any, ...]], pinned: set[int] = frozenset()
) -> list[Column]:
    """`columns` with the stage/chain field of each column decided by its values where they
    are clear; `pinned` column indexes (mapped by the person) are kept as they are."""
    taken = {c.field for c in columns}
    out = []
    for column in columns:
        if column.index not in pinned and column.field in (None, *TESTS):
            field = _decided(column, sample)
            if field and field != column.field and (column.field or field not in taken):
                taken.add(field)
                column = replace(column, field=field, by_values=True)
        out.append(column)
    return _one_each(out)


def _decided(column: Column, sample: list[tuple[Any, ...]]) -> str | None:
    filled = [
        row[column.index]
        for row in sample
        if column.index < len(row) and not values.blank(row[column.index])
    ]
    if len(filled) < 2:
        return None
    for field, test in TESTS.items():
        if sum(1 for v in filled if test(v)) >= MOST * len(filled):
            return field
    return None


def _one_each(columns: list[Column]) -> list[Column]:
    """Two columns now naming one of these fields: the one proved by its values keeps it, the
    other (named by its header alone) is left unmapped for the person to decide."""
    out = list(columns)
    for field in TESTS:
        named = [i for i, c in enumerate(out) if c.field == field]
        proved = [i for i in named if out[i].by_values]
        if len(named) > 1 and proved:
            for i in named:
                if i not in proved:
                    out[i] = replace(out[i], field=None)
    return out
