"""`siteledger review …` as the issue writes it: output shapes, files read back, bad input."""

from __future__ import annotations

import io
import json

import pytest

from desktop.cli import main
from forms import demo
from forms.workspace import Workspace
from tests.forms import pdfcheck

from .conftest import CARD, MEMBERS

TODAY = "2026-11-23"


@pytest.fixture
def home(tmp_path):
    import datetime as dt

    with Workspace.open(tmp_path / "ws") as ws:
        demo.build(ws, size=demo.Size(8, 4, 4, 4), today=dt.date(2026, 11, 23))
        codes = [r[0] for r in ws.db.execute("SELECT code FROM projects ORDER BY code LIMIT 4")]
    (tmp_path / "card.json").write_text(json.dumps(CARD, ensure_ascii=False), "utf-8")
    return tmp_path / "ws", tmp_path / "card.json", codes


def run(home, *args, capsys) -> tuple[int, str, str]:
    code = main(["--home", str(home), "review", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _changes(home) -> int:
    with Workspace.open(home) as ws:
        return ws.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0]


def new_round(home, card, codes, capsys, members=MEMBERS[:3]) -> str:
    code, out, err = run(
        home,
        "new",
        "--title",
        "2026年第四季度观摩",
        "--quarter",
        "2026-Q4",
        "--scorecard",
        str(card),
        "--projects",
        ",".join(codes[:2]) + f",{codes[2]}@2026-12-02",
        "--members",
        ",".join(members),
        "--red",
        "1",
        "--black",
        "1",
        capsys=capsys,
    )
    assert code == 0, err
    return out.strip().splitlines()[-1]


def test_a_whole_round_on_the_command_line(home, capsys, tmp_path):
    ws_home, card, codes = home
    round_id = new_round(ws_home, card, codes, capsys)
    for n, name in enumerate(MEMBERS[:3]):
        for m, code in enumerate(codes[:3]):
            assert (
                run(
                    ws_home,
                    "score",
                    "--round",
                    round_id[:13],  # the first characters of the id are enough
                    "--member",
                    name,
                    "--project",
                    code,
                    f"progress={30 + m}",
                    f"investment={20 - n}",
                    "quality=10.5",
                    "--comment",
                    f"{name}的意见",
                    capsys=capsys,
                )[0]
                == 0
            )
    code, out, _ = run(ws_home, "results", "--round", round_id, "--json", capsys=capsys)
    found = json.loads(out)
    assert set(found) >= {"projects", "districts", "red", "black"}
    first = found["projects"][0]
    assert set(first) >= {"code", "total", "scored_by", "rank", "criteria"}
    # project m: progress 30+m, investment mean (20+19+18)/3 = 19, quality 10.5
    assert [(p["code"], p["total"], p["rank"]) for p in found["projects"]] == [
        (codes[2], 61.5, 1),
        (codes[1], 60.5, 2),
        (codes[0], 59.5, 3),
    ]
    assert first["criteria"] == {"progress": 32.0, "investment": 19.0, "quality": 10.5}
    assert found["red"] == [codes[2]] and found["black"] == [codes[0]]
    assert found["districts"] and {"name", "score", "rank"} <= set(found["districts"][0])
    assert (
        run(ws_home, "bulletin", "--round", round_id, "-o", str(tmp_path / "b.pdf"), capsys=capsys)[
            0
        ]
        == 0
    )
    text = pdfcheck.text((tmp_path / "b.pdf").read_bytes()).replace("\n", "")
    assert "观摩点评通报" in text and "红榜" in text and "61.50" in text
    assert "评委甲的意见" in text
    assert (
        run(ws_home, "export", "--round", round_id, "-o", str(tmp_path / "s.xlsx"), capsys=capsys)[
            0
        ]
        == 0
    )
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO((tmp_path / "s.xlsx").read_bytes()))["评分明细"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 9 and rows[0][:3] == ("成员", "项目编号", "项目名称")
    assert run(ws_home, "close", "--round", round_id, capsys=capsys)[0] == 0
    code, _, err = run(
        ws_home,
        "score",
        "--round",
        round_id,
        "--member",
        MEMBERS[0],
        "--project",
        codes[0],
        "progress=1",
        "investment=1",
        "quality=1",
        capsys=capsys,
    )
    assert code == 1 and "已结束评分" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--project", "CODE1", "progress=99", "investment=1", "quality=1"], "超出 0–40"),
        (["--project", "CODE1", "progress=-3", "investment=1", "quality=1"], "超出"),
        (["--project", "CODE3", "progress=9", "investment=1", "quality=1"], "不在本轮观摩路线"),
        (["--project", "NOPE", "progress=9", "investment=1", "quality=1"], "没有项目编号"),
        (["--project", "CODE1", "progress"], "key=分数"),
        (["--project", "CODE1", "progress=1", "progress=2"], "两次"),
        (["--member", "路人", "--project", "CODE1", "progress=1"], "不是本轮"),
        (["--round", "0000ffff", "--project", "CODE1", "progress=1"], "本机没有轮次"),
    ],
)
def test_bad_scores_are_one_line_exit_1_and_nothing_written(home, capsys, args, message):
    ws_home, card, codes = home
    round_id = new_round(ws_home, card, codes[:3], capsys)
    args = [codes[0] if a == "CODE1" else codes[3] if a == "CODE3" else a for a in args]
    if "--member" not in args:
        args = ["--member", MEMBERS[0], *args]
    if "--round" not in args:
        args = ["--round", round_id, *args]
    before = _changes(ws_home)
    code, out, err = run(ws_home, "score", *args, capsys=capsys)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1, err
    assert _changes(ws_home) == before


def test_a_bad_scorecard_file_is_refused_with_nothing_written(home, capsys, tmp_path):
    ws_home, _card, codes = home
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x", "version": 1, "title": "t", "criteria": [{"key": "a"}]}')
    before = _changes(ws_home)
    code, _, err = run(
        ws_home,
        "new",
        "--title",
        "t",
        "--quarter",
        "2026-Q4",
        "--scorecard",
        str(bad),
        "--projects",
        codes[0],
        "--members",
        "甲",
        capsys=capsys,
    )
    assert code == 1 and "max" in err
    bad.write_text("{not json")
    code, _, err = run(
        ws_home,
        "new",
        "--title",
        "t",
        "--quarter",
        "2026-Q4",
        "--scorecard",
        str(bad),
        "--projects",
        codes[0],
        "--members",
        "甲",
        capsys=capsys,
    )
    assert code == 1 and "not valid JSON" in err
    assert _changes(ws_home) == before


def test_a_scorecard_changed_after_scoring_began_is_shown_to_the_office(home, capsys, tmp_path):
    ws_home, card, codes = home
    round_id = new_round(ws_home, card, codes, capsys)
    assert (
        run(
            ws_home,
            "score",
            "--round",
            round_id,
            "--member",
            MEMBERS[0],
            "--project",
            codes[0],
            "progress=30",
            "investment=20",
            "quality=10",
            capsys=capsys,
        )[0]
        == 0
    )
    v2 = tmp_path / "card2.json"
    v2.write_text(json.dumps({**CARD, "version": 2}, ensure_ascii=False), "utf-8")
    code, out, err = run(
        ws_home, "scorecard", "--round", round_id, "--scorecard", str(v2), capsys=capsys
    )
    assert code == 0 and "1 条评分使用旧版评分表" in err
    code, out, _ = run(ws_home, "results", "--round", round_id, "--json", capsys=capsys)
    flags = json.loads(out)["flags"]
    assert [(f["kind"], f["form_version"], f["member"]) for f in flags] == [
        ("other_version", 1, MEMBERS[0])
    ]
    code, out, _ = run(ws_home, "list", capsys=capsys)
    assert round_id in out and "open" in out
