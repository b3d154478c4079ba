"""The follow-through command line as the office's scripts use it: JSON fields, the notice
life by 文号, escalation, working days, and every bad input a clear line with nothing written."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main

TODAY = ["--today", "2026-11-23"]


@pytest.fixture
def home(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "demo", *TODAY]) == 0
    capsys.readouterr()
    return tmp_path


def run(home, capsys, *argv) -> tuple[int, str, str]:
    code = main(["--home", str(home), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def changes(home) -> int:
    import sqlite3

    with sqlite3.connect(home / "workspace.sqlite") as conn:
        return conn.execute("SELECT count(*) FROM changes").fetchone()[0]


def names(home, n: int) -> list[str]:
    import sqlite3

    with sqlite3.connect(home / "workspace.sqlite") as conn:
        rows = conn.execute("SELECT name FROM people ORDER BY name LIMIT ?", [n]).fetchall()
    return [r[0] for r in rows]


def test_problem_list_json_has_the_fields_scripts_use(home, capsys) -> None:
    code, out, _ = run(home, capsys, "problem", "list", "--overdue", "--json", *TODAY)
    rows = json.loads(out)
    assert code == 0 and rows
    for key in ("number", "status", "unit", "deadline", "overdue_workdays", "next_step"):
        assert key in rows[0]
    assert all(r["overdue_workdays"] > 0 and r["next_step"] == "remind" for r in rows)
    unit = rows[0]["unit"]
    code, out, _ = run(home, capsys, "problem", "list", "--unit", unit, "--json", *TODAY)
    assert {r["unit"] for r in json.loads(out)} == {unit}
    code, out, _ = run(home, capsys, "problem", "show", rows[0]["number"], "--json", *TODAY)
    shown = json.loads(out)
    assert shown["number"] == rows[0]["number"] and shown["history"][0]["kind"] == "registered"


def roles_for(home, number: str) -> list[str]:
    """An office person, and a person assigned to the numbered problem's project (names)."""
    import sqlite3

    with sqlite3.connect(home / "workspace.sqlite") as conn:
        office = conn.execute("SELECT name FROM people WHERE role = 'office' ORDER BY name")
        assigned = conn.execute(
            "SELECT pe.name FROM problems pr JOIN assignments a ON a.project_id = pr.project_id"
            " JOIN people pe ON pe.id = a.person_id WHERE pr.number = ? AND a.active"
            " ORDER BY pe.name",
            [number],
        )
        return [office.fetchone()[0], assigned.fetchone()[0]]


def test_lifecycle_by_number_with_the_desktop_rules(home, capsys) -> None:
    _, out, _ = run(home, capsys, "problem", "list", "--status", "registered", "--json", *TODAY)
    number = json.loads(out)[0]["number"]
    people = roles_for(home, number)  # the office assigns and verifies, the assignee reports
    code, out, err = run(
        home,
        capsys,
        "problem",
        "assign",
        number,
        "--unit",
        "市发展改革委",
        "--workdays",
        "10",
        "--as",
        people[0],
        *TODAY,
    )
    assert code == 0, err
    assert out.strip() == f"{number}: assigned"
    _, out, _ = run(home, capsys, "problem", "show", number, "--json", *TODAY)
    assert json.loads(out)["deadline"] == "2026-12-07"
    assert run(home, capsys, "problem", "report", number, "--as", people[1], *TODAY)[0] == 0
    before = changes(home)
    code, _, err = run(home, capsys, "problem", "verify", number, "--as", people[1], *TODAY)
    assert code == 1 and "核验" in err and len(err.strip().splitlines()) == 1
    assert changes(home) == before
    assert run(home, capsys, "problem", "verify", number, "--as", people[0], *TODAY)[0] == 0
    code, _, err = run(home, capsys, "problem", "reopen", number, "--as", people[0], *TODAY)
    assert code == 1 and "说明" in err
    code, out, _ = run(
        home, capsys, "problem", "reopen", number, "--note", "复查未解决", "--as", people[0], *TODAY
    )
    assert out.strip() == f"{number}: reopened"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["problem", "show", "Q99-99-9999"], "没有编号"),
        (
            [
                "problem",
                "assign",
                "Q99-99-9999",
                "--unit",
                "市发展改革委",
                "--deadline",
                "2026-12-31",
                "--as",
                "张伟",
            ],
            "没有编号",
        ),
        (["notice", "reply", "工专班督〔2026〕999号", "--text", "x"], "没有文号"),
        (["notice", "close", "工专班督〔2026〕999号", "--reason", "x"], "没有文号"),
        (["problem", "progress", "FIRST", "--note", "x", "--as", "无此人"], "没有名为"),
        (
            [
                "problem",
                "assign",
                "FIRST",
                "--unit",
                "市发展改革委",
                "--deadline",
                "2026-11-20",
                "--as",
                "张伟",
                *TODAY,
            ],
            "已经过去",
        ),
        (
            [
                "problem",
                "assign",
                "FIRST",
                "--unit",
                "市发展改革委",
                "--workdays",
                "40",
                "--as",
                "张伟",
                "--today",
                "2026-12-10",
            ],
            "2027 年的法定节假日安排尚无数据",
        ),
        (["workdays", "set", "2027", "--holidays", ""], "没有任何假日"),
        (["workdays", "set", "2026", "--holidays", "2026-10-01"], "已有国务院公布"),
        (["escalate"], "--dry-run"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(home, capsys, argv, words) -> None:
    someone = names(home, 1)[0]
    argv = [someone if a == "张伟" else a for a in argv]
    if "FIRST" in argv:
        _, out, _ = run(home, capsys, "problem", "list", "--status", "registered", "--json", *TODAY)
        argv = [json.loads(out)[0]["number"] if a == "FIRST" else a for a in argv]
    before = changes(home)
    code, out, err = run(home, capsys, *argv)
    assert code != 0
    assert words in err and len(err.strip().splitlines()) == 1, err
    assert changes(home) == before


def test_notice_register_life_and_escalation(home, capsys, tmp_path) -> None:
    folder = tmp_path / "pdf"
    folder.mkdir()
    code, out, err = run(home, capsys, "escalate", "--dry-run", "--json", *TODAY)
    proposals = json.loads(out)
    assert code == 0 and {p["next_step"] for p in proposals} == {"remind"}
    assert run(home, capsys, "escalate", "--step", "remind", *TODAY)[0] == 0
    code, out, err = run(home, capsys, "escalate", "--dry-run", "--json", "--today", "2026-11-25")
    assert "notice" in {p["next_step"] for p in json.loads(out)}
    code, out, err = run(
        home, capsys, "escalate", "--step", "notice", "-o", str(folder), "--today", "2026-11-25"
    )
    assert code == 0, err
    assert "临时文号" not in err  # the demo workspace is the office's numbering device
    code, out, _ = run(home, capsys, "notice", "list", "--json", "--today", "2026-12-10")
    register = json.loads(out)
    assert register and all(
        set(r) >= {"number", "unit", "status", "problems", "reply_due"} for r in register
    )
    first = next(r for r in register if r["number"] == "工专班督〔2026〕1号")
    assert first["status"] == "issued" and first["reply_overdue"]
    assert all(p.startswith("Q") for p in first["problems"])
    assert sorted(p.name for p in folder.iterdir())[0].endswith(".pdf")
    assert run(home, capsys, "notice", "deliver", first["number"], "--on", "2026-11-26")[0] == 0
    qr = tmp_path / "qr.txt"
    qr.write_text(f"SITELEDGER-NOTICE/1\nNO:{first['number']}\nID:{first['id']}\n", "utf-8")
    code, out, err = run(
        home, capsys, "notice", "reply", "--qr", str(qr), "--text", "已办理", "--on", "2026-11-30"
    )
    assert code == 0 and out.strip() == f"{first['number']}: replied"
    code, out, _ = run(home, capsys, "notice", "close", first["number"], "--reason", "已解决")
    assert out.strip() == f"{first['number']}: closed"
    before = changes(home)
    code, _, err = run(home, capsys, "notice", "reply", first["number"], "--text", "再复")
    assert code == 1 and "已办结" in err and changes(home) == before
    # Issuing for the same unit again: a 催办 citing the open notice.
    second = next(r for r in register if r["status"] != "closed" and r["number"] != first["number"])
    code, out, err = run(
        home,
        capsys,
        "notice",
        "issue",
        "--unit",
        second["unit"],
        "--problems",
        ",".join(second["problems"]),
        "--today",
        "2026-12-10",
    )
    assert code == 0 and "催办通知" in out and f"催办 {second['number']}" in out


def test_workdays_add(home, capsys) -> None:
    assert run(home, capsys, "workdays", "add", "2026-09-30", "1")[1].strip() == "2026-10-08"
    assert run(home, capsys, "workdays", "add", "2026-02-13", "2")[1].strip() == "2026-02-24"
    code, out, err = run(home, capsys, "workdays", "add", "2026-12-30", "3")
    assert code == 0 and out.strip() == "2027-01-04" and "周一至周五" in err
    assert (
        run(home, capsys, "workdays", "set", "2027", "--holidays", "2027-01-01,2027-02-05")[0] == 0
    )
    code, out, err = run(home, capsys, "workdays", "add", "2026-12-30", "3")
    assert out.strip() == "2027-01-05" and err == ""


def test_no_calendar_warning_for_deadlines_not_yet_due(home, capsys) -> None:
    """Deadlines in 2027 that are not due yet need no 2027 calendar: no warning."""
    code, out, err = run(home, capsys, "problem", "list", "--json", *TODAY)
    assert code == 0 and any((r["deadline"] or "") >= "2027" for r in json.loads(out))
    assert err == ""
