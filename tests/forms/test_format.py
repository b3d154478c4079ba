"""One formatter for screen and paper (forms.format): exact, and one unit per table."""

from __future__ import annotations

import datetime as dt

from forms import format


def test_amounts_are_exact_and_rounded_half_up():
    assert format.wan(99_000_000) == "9,900.00"
    assert format.wan(123_456_789) == "12,345.68"
    assert format.wan(50) == "0.01" and format.wan(49) == "0.00"
    assert format.wan(-1_000_000) == "-100.00" and format.wan(None) == ""
    assert format.amount(180_072_100_000_0, format.YI) == "18,007.21"


def test_a_large_total_is_written_in_yi_not_as_eight_digits_of_wan():
    assert format.money(1_800_721_000_000) == "18,007.21亿元"
    assert format.money(99_000_000) == "9,900.00万元"
    assert format.money(100_000_000) == "1.00亿元"


def test_one_unit_for_figures_shown_together():
    assert format.unit_for(99_000_000, 5_000_000) is format.WAN
    assert format.unit_for(99_000_000, 100_000_000, None) is format.YI
    assert format.unit_for() is format.WAN


def test_percent_and_dates():
    assert format.percent(2, 3) == "66.7%" and format.percent(1, 8) == "12.5%"
    assert format.percent(0, 0) == "—" and format.percent(5, 5) == "100.0%"
    assert format.zh_date("2026-11-03") == "2026年11月3日"
    assert format.zh_date(dt.date(2026, 1, 20)) == "2026年1月20日"


def test_the_screen_and_the_documents_share_it():
    from desktop import display as screen
    from forms import documents

    assert screen.wan is format.wan and documents.wan is format.wan
    assert documents.zh_date is format.zh_date
