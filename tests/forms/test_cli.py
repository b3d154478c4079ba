import json
import subprocess
import sys

from desktop.cli import main


def test_demo_then_dump(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "demo", "--today", "2026-11-23"]) == 0
    capsys.readouterr()
    assert main(["--home", str(tmp_path), "dump"]) == 0
    content = json.loads(capsys.readouterr().out)
    assert len(content["projects"]) == 200


def test_dump_to_file_is_the_same_bytes(tmp_path, capsys):
    main(["--home", str(tmp_path), "demo", "--today", "2026-11-23"])
    main(["--home", str(tmp_path), "dump", "-o", str(tmp_path / "a.json")])
    capsys.readouterr()
    main(["--home", str(tmp_path), "dump"])
    assert (tmp_path / "a.json").read_text("utf-8") == capsys.readouterr().out


def test_user_error_is_one_line_and_nonzero(tmp_path):
    (tmp_path / "workspace.sqlite").write_bytes(b"garbage" * 200)
    result = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--home", str(tmp_path), "dump"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "damaged" in lines[0]


def test_home_from_environment(tmp_path):
    env = {"SITELEDGER_HOME": str(tmp_path / "envhome"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop.cli",
            "demo",
            "--projects",
            "5",
            "--visits",
            "3",
            "--problems",
            "3",
            "--today",
            "2026-11-23",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "envhome" / "workspace.sqlite").exists()
