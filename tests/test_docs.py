"""The documentation is tested against the code: every command and action is in docs/cli.md,
and nothing in the repository points outside it."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli import load_commands
from forms import cli

ROOT = Path(__file__).resolve().parent.parent


def _actions(parser: argparse.ArgumentParser) -> list[str]:
    return [
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    ]


def test_every_command_and_action_is_documented() -> None:
    load_commands()
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    top = cli.parser(None)
    missing = []
    for name in _actions(top):
        if f"siteledger {name}" not in text:
            missing.append(name)
        sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
        for action in _actions(sub.choices[name]):
            if f"siteledger {name} {action}" not in text:
                missing.append(f"{name} {action}")
    assert not missing, f"not in docs/cli.md: {missing}"


def test_docs_link_only_inside_the_repository() -> None:
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text and "DESIGN.md" not in text, path
