"""The installer's files agree with each other and with the code (the build itself runs in
installer/ci-check.sh, called by .ci/run: too slow for the test suite)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "installer" / "linux"


def _desktop_entry() -> dict[str, str]:
    lines = (LINUX / "siteledger.desktop").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def test_menu_entry_opens_bundles_of_the_declared_mime_type():
    entry = _desktop_entry()
    mime = ET.parse(LINUX / "siteledger-mime.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    (kind,) = mime.findall("m:mime-type", ns)
    assert entry["MimeType"] == kind.get("type") + ";"
    assert [g.get("pattern") for g in kind.findall("m:glob", ns)] == ["*.slbundle"]
    assert entry["Exec"] == "siteledger app %f" and entry["Icon"] == "siteledger"
    assert (ROOT / "assets" / "icons" / "siteledger.png").stat().st_size < 50_000


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_menu_entry_is_valid():
    subprocess.run(["desktop-file-validate", str(LINUX / "siteledger.desktop")], check=True)


def test_scripts_parse():
    for script in ("build-linux.sh", "ci-check.sh"):
        subprocess.run(["bash", "-n", str(ROOT / "installer" / script)], check=True)
    for script in ("postinst", "postrm"):
        subprocess.run(["sh", "-n", str(LINUX / script)], check=True)


def test_ci_runs_the_installer_check():
    assert "installer/ci-check.sh" in (ROOT / ".ci" / "run").read_text()
