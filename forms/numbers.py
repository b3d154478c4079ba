"""Problem numbers (问题编号) a person can say on the phone: ``Q26-07-0123``.

``Q`` (问题), the two-digit year the problem was found, the registering device's **lane**
(two digits, the same lane as its notice numbers, forms/documents/numbering.py) and the
lane's sequence for that year (four digits, five past 9,999). At most 12 characters.

Why lanes: a commissioner registers problems on a laptop with no network; the number must be
final at once (it goes into the visit record and onto paper) and no other laptop may make it.
Each device only ever numbers from its own lane, so two devices can coincide only if they hold
the same lane — impossible once a laptop has synced with the office (it knows every claim
before it claims one), and reported by `numbering.lane_conflicts` and
`store.problems.duplicate_numbers` if two never-synced laptops picked the same one. The number
is stored on the problem itself (an append-only record), so it is never changed or reused: a
sequence only grows, and a deleted problem does not exist (problems are never deleted).
"""

from __future__ import annotations

from .documents import numbering
from .store import problems as problem_store
from .workspace import Workspace

MAX_LENGTH = 16


def prefix(year: int, lane: int) -> str:
    return f"Q{year % 100:02d}-{lane:02d}-"


def next_number(ws: Workspace, year: int, *, author_id: str | None = None) -> str:
    """The next unused number of this device's lane (call inside the registering transaction,
    so the lane claim, the number and the problem are written together)."""
    head = prefix(year, numbering.own_lane(ws, author_id=author_id))
    number = f"{head}{problem_store.last_seq(ws.db, head) + 1:04d}"
    assert len(number) <= MAX_LENGTH
    return number
