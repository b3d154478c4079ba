"""`siteledger import-ledger` and `export-ledger`, run through the real entry point."""

from __future__ import annotations

from desktop.cli import main
from forms import dump, projects
from forms.workspace import Workspace

from . import ledger_sheets as sheets


def run(home, *args) -> int:
    return main(["--home", str(home), *map(str, args)])


def dump_of(home) -> str:
    with Workspace.open(home) as ws:
        return dump.dumps(ws)


def project_count(home) -> int:
    with Workspace.open(home) as ws:
        return projects.count(ws)


def bad_sheet(tmp_path):
    rows = [list(r) for r in sheets.CLEAN_ROWS]
    rows[1][7] = "八千"
    return sheets.clean(tmp_path / "bad.xlsx", rows)


def test_dry_run_prints_plan_and_writes_nothing(tmp_path, capsys):
    home = tmp_path / "ws"
    empty = dump_of(home)
    assert run(home, "import-ledger", sheets.messy(tmp_path / "m.xlsx"), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "新建 3 个项目" in out and "未写入" in out
    assert dump_of(home) == empty


def test_dry_run_lists_each_error_on_one_line(tmp_path, capsys):
    home = tmp_path / "ws"
    assert run(home, "import-ledger", bad_sheet(tmp_path), "--dry-run") == 1
    out = capsys.readouterr().out
    assert "第3行 总投资（万元） “八千” 不是金额 (not an amount)" in out.splitlines()
    assert project_count(home) == 0


def test_import_refuses_a_sheet_with_errors(tmp_path, capsys):
    home = tmp_path / "ws"
    assert run(home, "import-ledger", bad_sheet(tmp_path)) == 1
    captured = capsys.readouterr()
    assert "第3行" in captured.out
    assert captured.err.count("\n") == 1 and "未写入任何内容" in captured.err
    assert project_count(home) == 0


def test_skip_bad_rows_writes_the_good_rows(tmp_path, capsys):
    home = tmp_path / "ws"
    assert run(home, "import-ledger", bad_sheet(tmp_path), "--skip-bad-rows") == 0
    out = capsys.readouterr().out
    assert "跳过有错误的行 (skipped rows): 3" in out
    assert project_count(home) == 2


def test_import_export_reimport(tmp_path, capsys):
    home, other = tmp_path / "ws", tmp_path / "other"
    assert (
        run(home, "import-ledger", sheets.messy(tmp_path / "m.xlsx"), "--sheet", "2026年台账") == 0
    )
    assert run(home, "export-ledger", tmp_path / "out.xlsx") == 0
    before = dump_of(home)
    assert run(home, "import-ledger", tmp_path / "out.xlsx") == 0
    assert "不变 3 个" in capsys.readouterr().out
    assert dump_of(home) == before
    assert run(other, "import-ledger", tmp_path / "out.xlsx") == 0
    assert project_count(other) == 3


def test_map_option(tmp_path):
    header = list(sheets.CLEAN_HEADER)
    header[7] = "投资额"
    path = sheets.clean(tmp_path / "odd.xlsx", header=header)
    home = tmp_path / "ws"
    assert run(home, "import-ledger", path, "--map", "投资额=total_investment") == 0
    with Workspace.open(home) as ws:
        assert {p["total_investment"] for p in projects.all_projects(ws)} == {
            520_000_000,
            80_000_000,
            30_002_500,
        }


def test_bad_input_is_one_line_on_stderr(tmp_path, capsys):
    home = tmp_path / "ws"
    broken = sheets.broken_files(tmp_path)
    for path in broken.values():
        assert run(home, "import-ledger", path) == 1
        err = capsys.readouterr().err
        assert err.startswith("siteledger: ") and err.count("\n") == 1
    assert run(home, "import-ledger", broken["random"], "--map", "没有等号") == 1
    assert "表头=字段" in capsys.readouterr().err
    assert run(home, "export-ledger", tmp_path / "out.csv") == 1
    assert project_count(home) == 0
