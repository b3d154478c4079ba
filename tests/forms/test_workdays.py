"""Working days on the official calendar: 2026's National Day and Spring Festival with their
make-up days (from chinese-calendar's data), a year without data, the office's entry."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from forms import workdays
from forms.errors import UserError
from forms.workspace import Workspace

D = dt.date


def test_2026_schedule_is_the_published_one() -> None:
    """The State Council's 2026 schedule as the package carries it."""
    cal = workdays.Calendar()
    spring = workdays._package_schedule(2026)
    assert {d for d in spring.holidays if d.month == 2} == {D(2026, 2, d) for d in range(15, 24)}
    assert {D(2026, 2, 14), D(2026, 2, 28), D(2026, 9, 20), D(2026, 10, 10)} <= spring.workdays
    assert cal.is_workday(D(2026, 2, 14))  # Saturday, make-up day before Spring Festival
    assert not cal.is_workday(D(2026, 2, 16))  # Monday in the holiday
    assert cal.is_workday(D(2026, 10, 10))  # Saturday, make-up day after National Day
    assert not cal.is_workday(D(2026, 10, 5))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # National Day: 1–7 October off; Sunday 20 September and Saturday 10 October worked.
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # Thu 8, Fri 9, Sat 10 (make-up)
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Fri → the make-up Sunday
        (D(2026, 9, 24), 1, D(2026, 9, 28)),  # Mid-autumn 25–27 September off
        # Spring Festival: 15–23 February off; Saturdays 14 and 28 February worked.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 24), 4, D(2026, 2, 28)),  # Wed 25, Thu 26, Fri 27, Sat 28 (make-up)
        (D(2026, 11, 23), 10, D(2026, 12, 7)),  # an ordinary fortnight
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
    ],
)
def test_add_working_days_across_the_holidays(start, n, expected) -> None:
    assert workdays.Calendar().add(start, n) == expected


def test_between_counts_the_working_days_after_start() -> None:
    cal = workdays.Calendar()
    assert cal.between(D(2026, 9, 28), D(2026, 10, 12)) == 6
    assert cal.between(D(2026, 2, 13), D(2026, 2, 28)) == 6  # 14, 24, 25, 26, 27, 28
    assert cal.between(D(2026, 10, 12), D(2026, 9, 28)) == -6
    assert not cal.uncovered


def test_a_year_without_data_counts_monday_to_friday_and_says_so() -> None:
    cal = workdays.Calendar()
    assert not cal.covers(2027)
    assert cal.add(D(2026, 12, 30), 3) == D(2027, 1, 4)  # 31 Dec, 1 Jan (counted!), 4 Jan
    assert cal.uncovered == {2027}
    assert "2027" in cal.warning() and "周一至周五" in cal.warning()


def test_the_office_enters_a_year_and_it_syncs(tmp_path) -> None:
    office, laptop = Workspace.open(tmp_path / "o"), Workspace.open(tmp_path / "l")
    workdays.set_schedule(
        office,
        2027,
        ["2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09"],
        ["2027-02-06"],
        author_id=None,
    )
    changes = [json.loads(r[0]) for r in office.db.execute("SELECT body FROM changes")]
    laptop.receive(changes)
    cal = workdays.for_workspace(laptop)
    assert cal.covers(2027) and cal.schedule(2027).source == "office"
    assert cal.add(D(2026, 12, 31), 1) == D(2027, 1, 4)  # 1 January off
    assert cal.add(D(2027, 2, 5), 1) == D(2027, 2, 6)  # Saturday make-up
    assert not cal.uncovered
    office.close()
    laptop.close()


@pytest.mark.parametrize(
    ("year", "holidays", "workdays_", "message"),
    [
        (2027, [], [], "没有任何假日"),
        (2027, ["2028-01-01"], [], "不在 2027 年内"),
        (2027, ["2027-13-01"], [], "不是有效的日期"),
        (2027, ["2027-02-06"], ["2027-02-06"], "既是假日又是调休上班日"),
        (2026, ["2026-10-01"], [], "已有国务院公布"),
    ],
)
def test_a_bad_schedule_is_refused_and_nothing_written(ws, year, holidays, workdays_, message):
    before = ws.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    with pytest.raises(UserError, match=message):
        workdays.set_schedule(ws, year, holidays, workdays_, author_id=None)
    assert ws.db.execute("SELECT count(*) FROM changes").fetchone()[0] == before


def test_between_agrees_with_walking_the_calendar_day_by_day() -> None:
    """The arithmetic count equals counting each day, across holidays, make-up days, year
    ends and a year without data."""
    import random

    cal = workdays.Calendar()
    rng = random.Random(9704)
    for _ in range(400):
        start = D(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 800))
        end = start + dt.timedelta(days=rng.randrange(0, 400))
        walked = sum(
            cal.is_workday(start + dt.timedelta(days=n)) for n in range(1, (end - start).days + 1)
        )
        assert cal.between(start, end) == walked, (start, end)
