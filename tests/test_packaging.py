"""The package as it ships: a wheel carries the fonts, the forms and the English translation,
and every third-party module the code imports is a declared dependency."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assets", "desktop", "forms", "sync")


def test_wheel_carries_fonts_form_definitions_and_translations(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp_path)],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("siteledger-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    fonts = {n for n in names if n.startswith("assets/fonts/") and n.endswith(".ttf")}
    assert len(fonts) == len(list((ROOT / "assets" / "fonts").glob("*.ttf"))) >= 4
    assert "forms/definitions/visit.v1.json" in names
    assert "desktop/translations/siteledger_en.qm" in names  # English, built from the .ts


def _imported_top_levels() -> set[str]:
    found: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(a.name.split(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - set(PACKAGES)


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {re.split(r"[\s<>=!\[;~]", d, maxsplit=1)[0] for d in project["dependencies"]}
    return {n.lower().replace("_", "-") for n in names}


def test_every_imported_module_is_a_declared_dependency() -> None:
    distributions = packages_distributions()
    declared = _declared()
    missing = {}
    for module in sorted(_imported_top_levels()):
        dists = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not dists & declared:
            missing[module] = sorted(dists)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
