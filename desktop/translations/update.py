"""Bring the English translation up to date with the code: `python -m desktop.translations.update`.

1. pyside6-lupdate reads every `tr("…")` and `QT_TR_NOOP("…")` in desktop/ (and the labels
   forms/ hands to the desktop, FORMS_TABLES) into siteledger_en.ts; strings gone from the code
   leave it, new ones arrive unfinished.
2. English still written the old way — a leftover `EN = {…}` dict or `i18n.EN.update({…})` call
   in desktop/, as branches made before the .ts add them — fills those messages, and the dict
   is removed from the source.
3. pyside6-lrelease compiles the .ts into siteledger_en.qm, which the app loads.

Messages still without English are listed: translate them in Qt Linguist (`pyside6-linguist
desktop/translations/siteledger_en.ts`) or in the .ts by hand, then run this again.
`--check` changes nothing and exits 1 when the .ts or the .qm is behind the code.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DESKTOP = HERE.parent
TS = HERE / "siteledger_en.ts"
QM = HERE / "siteledger_en.qm"

# Labels defined in the Qt-free forms/ and sync/ that desktop/ shows through tr(table[key]).
FORMS_TABLES = (
    ("forms.notices", "STATUS_ZH"),
    ("forms.notices", "KIND_ZH"),
    ("forms.escalation", "STEP_ZH"),
    ("forms.ledger.report", "ACTION_ZH"),
    ("forms.photos.plausibility", "LABELS"),
    ("sync.conflicts", "ENTITY_LABELS"),
    ("sync.conflicts", "FIELD_LABELS"),
)


@dataclass(frozen=True)
class Leftover:
    """An English table written in Python: where it is, and what it says."""

    path: Path
    first_line: int
    last_line: int
    english: dict[str, str]


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease beside this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e '.[dev]')")
    return found


def forms_labels(folder: Path) -> Path:
    """A Python file lupdate can read, marking the forms/ labels for translation."""
    lines = ["# Written by desktop.translations.update for pyside6-lupdate; not imported."]
    for module, table in FORMS_TABLES:
        for label in getattr(importlib.import_module(module), table).values():
            lines.append(f"QT_TR_NOOP({label!r})")
    path = folder / "forms_labels.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def extract(ts: Path, *, keep_vanished: bool = False) -> None:
    """Run lupdate over desktop/ into `ts`, merging what it already holds."""
    with tempfile.TemporaryDirectory() as folder:
        command = [
            tool("pyside6-lupdate"),
            "-silent",
            "-extensions",
            "py",
            "-locations",
            "none",  # line numbers would make every edit elsewhere a change of the .ts
            "-sort-messages",  # the same file whatever order strings were added in
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            str(DESKTOP),
            str(forms_labels(Path(folder))),
            "-ts",
            str(ts),
        ]
        if not keep_vanished:
            command.insert(2, "-no-obsolete")
        subprocess.run(command, check=True, capture_output=True)


def release(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )


def messages(ts: Path) -> dict[str, tuple[str, str]]:
    """Source → (English, state) for every message; state is "" when finished, else
    lupdate's type: "unfinished", "vanished", "obsolete"."""
    found: dict[str, tuple[str, str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            found[message.findtext("source") or ""] = (
                translation.text or "",
                translation.get("type", ""),
            )
    return found


def contexts(ts: Path) -> set[str]:
    return {c.findtext("name") or "" for c in ET.parse(ts).getroot().iter("context")}


def _english_dict(node: ast.AST) -> ast.Dict | None:
    """The dict of `EN = {…}` or `i18n.EN.update({…})`, else None."""
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
        if any(isinstance(t, ast.Name) and t.id == "EN" for t in node.targets):
            return node.value
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        func, args = node.value.func, node.value.args
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "update"
            and (
                (isinstance(func.value, ast.Attribute) and func.value.attr == "EN")
                or (isinstance(func.value, ast.Name) and func.value.id == "EN")
            )
            and len(args) == 1
            and isinstance(args[0], ast.Dict)
        ):
            return args[0]
    return None


def _literal(node: ast.AST | None) -> str | None:
    """ "…" or QT_TR_NOOP("…"), else None."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "QT_TR_NOOP" and node.args:
        node = node.args[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _text(node: ast.AST | None, names: dict[str, str]) -> str:
    """A string literal, or a module constant holding one (`MENU: "S&ecurity"`)."""
    text = _literal(node)
    if text is None and isinstance(node, ast.Name):
        text = names.get(node.id)
    if text is None:
        raise ValueError(f"line {getattr(node, 'lineno', '?')}: not a string")
    return text


def leftovers(folder: Path = DESKTOP) -> list[Leftover]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            target.id: _literal(node.value)
            for node in tree.body
            if isinstance(node, ast.Assign) and _literal(node.value) is not None
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in tree.body:
            table = _english_dict(node)
            if table is None:
                continue
            try:
                english = {
                    _text(k, names): _text(v, names)
                    for k, v in zip(table.keys, table.values, strict=True)
                }
            except ValueError as e:
                raise SystemExit(f"{path}: {e}") from None
            found.append(Leftover(path, node.lineno, node.end_lineno or node.lineno, english))
    return found


def fill(ts: Path, english: dict[str, str]) -> tuple[list[str], list[str]]:
    """Write `english` into the .ts: (sources filled or changed, sources the code no longer has)."""
    tree = ET.parse(ts)
    changed, seen = [], set()
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if source not in english:
            continue
        seen.add(source)
        if translation.text != english[source] or translation.get("type"):
            translation.text = english[source]
            translation.attrib.pop("type", None)
            changed.append(source)
    with open(ts, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
    return changed, sorted(set(english) - seen)


def drop(found: list[Leftover]) -> None:
    """Remove the English tables from the source; ruff then drops the imports left unused."""
    by_path: dict[Path, list[Leftover]] = {}
    for leftover in found:
        by_path.setdefault(leftover.path, []).append(leftover)
    for path, tables in by_path.items():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for table in sorted(tables, key=lambda t: t.first_line, reverse=True):
            del lines[table.first_line - 1 : table.last_line]
        path.write_text("".join(lines), encoding="utf-8")
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    paths = [str(p) for p in by_path]
    if paths and Path(ruff).exists():
        subprocess.run([ruff, "check", "-q", "--fix", "--select", "F401,I", *paths], check=False)
        subprocess.run([ruff, "format", "-q", *paths], check=False)


def behind(ts: Path = TS, qm: Path = QM) -> list[str]:
    """What is out of date, one line each: messages the code has and the .ts lacks, messages
    without English, messages the code no longer has, a .qm that is not the .ts compiled."""
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / ts.name
        shutil.copy(ts, fresh)
        extract(fresh, keep_vanished=True)
        committed, now = messages(ts), messages(fresh)
        for source, (_, state) in sorted(now.items()):
            if source not in committed:
                problems.append(f"new: {source!r}")
            elif state == "unfinished":
                problems.append(f"no English: {source!r}")
            elif state in ("vanished", "obsolete"):
                problems.append(f"no longer in the code: {source!r}")
        compiled = Path(folder) / qm.name
        release(ts, compiled)
        if not qm.exists() or compiled.read_bytes() != qm.read_bytes():
            problems.append(f"{qm.name} is not {ts.name} compiled")
    problems += [f"English left in Python: {t.path.name}:{t.first_line}" for t in leftovers()]
    return problems


def update() -> list[str]:
    """Do steps 1–3; the sources still without English."""
    found = leftovers()
    english = {k: v for table in found for k, v in table.english.items()}
    extract(TS)
    changed, unused = fill(TS, english)
    extract(TS)  # once more, so the file is lupdate's own layout
    if found:
        drop(found)
        print(f"carried {len(changed)} English strings into {TS.name} from:")
        for table in found:
            print(f"  {table.path.relative_to(DESKTOP.parent)}:{table.first_line}")
    for source in unused:
        print(f"not in the code any more, dropped: {source!r}")
    release(TS, QM)
    missing = [s for s, (_, state) in sorted(messages(TS).items()) if state]
    for source in missing:
        print(f"no English yet: {source!r}")
    print(f"{TS.name}: {len(messages(TS))} messages, {len(missing)} without English")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.translations.update")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if behind")
    args = parser.parse_args(argv)
    if args.check:
        problems = behind()
        print("\n".join(problems) or "translations up to date")
        return 1 if problems else 0
    return 1 if update() else 0


if __name__ == "__main__":
    sys.exit(main())
