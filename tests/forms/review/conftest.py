from __future__ import annotations

import datetime as dt

import pytest

from forms import demo
from forms.review import rounds, rules, scorecard

CARD = scorecard.SAMPLE
MEMBERS = ["评委甲", "评委乙", "评委丙", "评委丁", "评委戊"]


@pytest.fixture
def ledger(ws):
    demo.build(ws, size=demo.Size(12, 6, 4, 4), today=dt.date(2026, 11, 23))
    return ws


def codes(ws, n: int) -> list[str]:
    return [r[0] for r in ws.db.execute("SELECT code FROM projects ORDER BY code LIMIT ?", [n])]


def make_round(ws, n_projects=6, members=MEMBERS, red=2, black=2, **kw) -> str:
    red_rule, black_rule = rules.simple(red, black)
    return rounds.new_round(
        ws,
        title="2026年第四季度重点项目观摩",
        quarter="2026-Q4",
        card=scorecard.from_file(kw.pop("card", CARD)),
        route=[rounds.Stop(c) for c in codes(ws, n_projects)],
        member_names=members,
        red_rule=kw.pop("red_rule", red_rule),
        black_rule=kw.pop("black_rule", black_rule),
        **kw,
    )


def project_id(ws, code: str) -> str:
    return ws.db.execute("SELECT id FROM projects WHERE code = ?", [code]).fetchone()[0]


def person_id(ws, name: str) -> str:
    return ws.db.execute("SELECT id FROM people WHERE name = ?", [name]).fetchone()[0]


def points(total_split: tuple[int, int, int]) -> dict[str, int]:
    return dict(zip(("progress", "investment", "quality"), total_split, strict=True))
