"""`entities.check`: the envelope and every field of a change, before any SQL."""

from __future__ import annotations

import pytest

from forms import entities, hlc
from forms.changes import InvalidChange, apply
from forms.workspace import Workspace


def good(**over):
    change = {
        "id": "01a2-change",
        "entity": "project",
        "entity_id": "01a2-project",
        "op": "set",
        "fields": {"name": "项目", "total_investment": 10_000, "city_key": True},
        "hlc": "001732370000000-00000-dev1",
        "author_id": None,
        "device": "dev1",
    }
    change.update(over)
    return change


def test_a_good_change_passes():
    assert entities.check(good()) == []


@pytest.mark.parametrize(
    "change, reason",
    [
        ("not a change", "对象"),
        (good(extra=1), "多余的键"),
        (good(id="../../etc"), "id"),
        (good(entity_id=None), "entity_id"),
        (good(entity="drone"), "未知的记录类型"),
        (good(op="append"), "操作应为 set"),
        (good(hlc="1732370000000-0-dev"), "hlc"),
        (good(hlc="999999999999999-99999-dev"), "可表示"),
        (good(author_id=["x"]), "author_id"),
        (good(device="dev 1; --"), "device"),
        (good(fields=[]), "fields"),
        (good(fields={"name = 1 --": "x"}), "没有字段"),
        (good(fields={1: "x"}), "没有字段"),
        (good(fields={"total_investment": "10000"}), "整数"),
        (good(fields={"total_investment": True}), "整数"),
        (good(fields={"total_investment": -1}), "范围"),
        (good(fields={"name": "长" * 301}), "超过"),
        (good(fields={"stage": "nowhere"}), "可选值"),
        (good(fields={"signed_plan": "2026-02-30"}), "日期"),
        (good(fields={"latitude": 91}), "范围"),
        (good(fields={"latitude": float("nan")}), "数字"),
        (good(fields={"responsible_units": ["ok", "not ok!"]}), "编号"),
        (good(entity="visit", op="append", fields={"project_id": "p1"}), "不能为空"),
    ],
)
def test_a_bad_change_is_refused_with_its_reason(change, reason):
    reasons = entities.check(change)
    assert reasons and any(reason in r for r in reasons), reasons


def test_a_stamp_ahead_of_now_by_more_than_the_margin():
    now = 1_732_370_000_000
    ahead = good(hlc=f"{now + hlc.DAY + 1:015d}-00000-dev1")
    assert entities.check(ahead, now=now, ahead=hlc.DAY)
    assert entities.check(ahead) == []  # without a clock to compare, only the format counts


def test_apply_never_takes_a_column_name_from_the_change(tmp_path):
    with Workspace.open(tmp_path / "w") as ws:
        with pytest.raises(InvalidChange), ws.transaction():
            apply(ws.db, good(fields={"name": "x", "name = 'pwned', notes": "y"}))
        assert ws.db.execute("SELECT COUNT(*) FROM projects").fetchone() == (0,)
        with pytest.raises(InvalidChange):
            ws.receive([good(fields={"drone": 1})])
        assert ws.db.execute("SELECT COUNT(*) FROM changes").fetchone() == (0,)
