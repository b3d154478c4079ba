"""`siteledger rates | coverage | compliance | monthly-status` with the JSON shapes of the issue."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from forms.workspace import Workspace

from .board_fixture import build


@pytest.fixture
def home(tmp_path):
    with Workspace.open(tmp_path / "ws") as ws:
        build(ws)
    return str(tmp_path / "ws")


def run(capsys, *args):
    code = main(["--home", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_rates_json(home, capsys):
    code, out, _ = run(capsys, home, "rates", "--as-of", "2026-11-23", "--json")
    data = json.loads(out)
    assert code == 0 and data["as_of"] == "2026-11-23"
    filing = data["rates"][0]
    assert {
        k: filing[k] for k in ("key", "name", "numerator", "denominator", "value", "unknown")
    } == {
        "key": "filing",
        "name": "备案率",
        "numerator": 3,
        "denominator": 6,
        "value": 0.5,
        "unknown": ["P3"],
    }
    assert [r["key"] for r in data["rates"]] == [
        "filing", "start", "investment", "production", "capacity", "conversion", "year_start",
    ]  # fmt: skip


def test_rates_by_district_json(home, capsys):
    code, out, _ = run(capsys, home, "rates", "--as-of", "2026-11-23", "--by", "district", "--json")
    groups = json.loads(out)["groups"]
    assert [g["group"] for g in groups] == ["东区", "西区"]
    assert groups[1]["rates"][0]["unknown"] == ["P3"]


def test_rates_text_for_a_leader_and_a_period(home, capsys):
    code, out, _ = run(capsys, home, "rates", "--period", "2026-Q4", "--person", "L1")
    assert code == 0 and "截至2026年12月31日" in out
    assert "备案率 = 已签约且已备案的项目数 ÷ 已签约的项目数" in out
    # L1's started projects P1 and P5: 8000万 of 1.2亿 planned this year, in one unit
    assert "投资完成率\t66.7%\t0.80亿元 / 1.20亿元" in out


def test_coverage_json(home, capsys):
    code, out, _ = run(capsys, home, "coverage", "--json")
    data = json.loads(out)
    assert data["leaders"][0]["leader"] == "L1" and data["leaders"][0]["missing_stages"] == [
        "produce"
    ]
    assert data["unassigned"] == ["P7"]


def test_compliance_and_monthly_status(home, capsys):
    code, out, _ = run(
        capsys, home, "compliance", "--period", "2026-Q3", "--today", "2026-11-23", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["period"] == "2026-Q3"
    assert data["behind"][0] == {"person": "C1", "role": "commissioner", "behind": 5}
    code, out, _ = run(capsys, home, "compliance", "--period", "2026-Q3", "--today", "2026-11-23")
    assert "C1（commissioner）欠 5 次" in out and "L2（leader）无包抓包联项目" in out
    code, out, _ = run(
        capsys, home, "monthly-status", "--month", "2026-11", "--today", "2026-11-23", "--json"
    )
    data = json.loads(out)
    assert data["missing"] == ["P3", "P4", "P5", "P6", "P7", "P8"] and data["on_time"] == 1


def test_monthly_status_in_a_month_whose_20th_is_a_sunday(home, capsys):
    code, out, _ = run(
        capsys, home, "monthly-status", "--month", "2026-12", "--today", "2026-12-19", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["due"] == "2026-12-18" and len(data["missing"]) == 8
    code, out, _ = run(
        capsys, home, "monthly-status", "--month", "2026-12", "--today", "2026-12-19"
    )
    assert "2026年12月18日前报送" in out and "未报 8 个" in out
    code, out, err = run(capsys, home, "monthly-status", "--month", "2027-03", "--json")
    assert code == 0 and json.loads(out)["due"] == "2027-03-19" and "Monday–Friday" in err


@pytest.mark.parametrize(
    "args, says",
    [
        (["compliance", "--period", "2026-13"], "2026-Q3"),
        (["monthly-status", "--month", "2026-Q3"], "a month is wanted"),
        (["rates", "--person", "nobody"], "no people named nobody"),
        (["coverage", "--district", "北区"], "no district or park named 北区"),
    ],
)
def test_mistakes_are_one_plain_line(home, capsys, args, says):
    code, out, err = run(capsys, home, *args)
    assert code == 1 and out == "" and says in err and len(err.strip().splitlines()) == 1


def test_rate_definitions_published_from_a_file(home, capsys, tmp_path):
    custom = tmp_path / "rates.json"
    custom.write_text(
        json.dumps(
            [
                {
                    "key": "only_start",
                    "name": "开工率",
                    "denominator": {"where": [{"reached": "filed"}]},
                    "numerator": {"where": [{"reached": "started"}]},
                }
            ]
        ),  # fmt: skip
        "utf-8",
    )
    code, out, _ = run(capsys, home, "rate-definitions", "--set", str(custom))
    assert code == 0 and json.loads(out)["rates"][0]["key"] == "only_start"
    code, out, _ = run(capsys, home, "rates", "--as-of", "2026-11-23", "--json")
    assert [r["key"] for r in json.loads(out)["rates"]] == ["only_start"]
    custom.write_text('[{"key": "x", "name": "x", "numerator": {}, "denominator": {"sum": "x"}}]')
    code, out, err = run(capsys, home, "rate-definitions", "--set", str(custom))
    assert code == 1 and "sum" in err


def test_rates_drill_down_to_the_projects(home, capsys):
    args = ("rates", "--as-of", "2026-11-23", "--projects", "filing", "--json")
    code, out, _ = run(capsys, home, *args)
    parts = [(p["code"], p["part"]) for p in json.loads(out)["projects"]]
    assert parts == [
        ("P1", "num"), ("P2", "den"), ("P4", "num"), ("P5", "num"), ("P6", "den"), ("P8", "den"),
        ("P3", "unknown"),
    ]  # fmt: skip
    code, out, err = run(capsys, home, "rates", "--projects", "nope")
    assert code == 1 and "no rate nope" in err


def test_document_monthly_defaults_to_the_last_complete_month_and_writes_word(
    home, capsys, tmp_path
):
    import io

    import docx

    out = tmp_path / "月报.docx"
    code, printed, _ = run(
        capsys, home, "document", "monthly", "--today", "2026-12-02", "-o", str(out)
    )
    assert code == 0 and "2026年11月重大项目建设进展情况" in printed
    text = "".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "五、月报报送情况" in text and "报送截止2026年11月20日" in text
    code, _, err = run(capsys, home, "document", "monthly", "-o", str(tmp_path / "月报.txt"))
    assert code == 1 and ".docx" in err
