"""Hostile workbooks (issue 10): bombs refused before the work, formulas exported as text."""

from __future__ import annotations

import resource
import time
import zipfile

import openpyxl
import pytest

from forms import ledger, projects
from forms.errors import UserError
from forms.ledger import reader
from forms.workspace import Workspace

from . import ledger_sheets as sheets


def rebuilt(source, target, replace: dict[str, bytes] | None = None, stream=None):
    """A copy of the workbook `source` with parts replaced, or one part streamed in (big)."""
    with (
        zipfile.ZipFile(source) as z,
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for item in z.infolist():
            if stream and item.filename == stream[0]:
                with out.open(item.filename, "w", force_zip64=True) as f:
                    stream[1](f)
            else:
                out.writestr(item.filename, (replace or {}).get(item.filename, z.read(item)))
        names = set(z.namelist())
        if stream and stream[0] not in names:
            with out.open(stream[0], "w", force_zip64=True) as f:
                stream[1](f)
        for name, content in (replace or {}).items():
            if name not in names:
                out.writestr(name, content)
    return target


def refused_quickly(path, match: str):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(UserError, match=match):
        ledger.read_sheet(path)
    assert time.monotonic() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 64 * 1024  # KiB


def test_openpyxl_reads_xml_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def test_a_zip_bomb_is_refused_from_the_zip_directory(tmp_path):
    clean = sheets.clean(tmp_path / "clean.xlsx")

    def padding(f):
        block = b"<!-- " + b"x" * (1 << 20) + b" -->"
        for _ in range(reader.MAX_UNCOMPRESSED // len(block) + 2):
            f.write(block)

    bomb = rebuilt(clean, tmp_path / "bomb.xlsx", stream=("xl/worksheets/sheet1.xml", padding))
    assert bomb.stat().st_size < 1024 * 1024  # a tiny file
    refused_quickly(bomb, "超出台账导入的上限")


def test_a_shared_strings_bomb_is_refused(tmp_path):
    clean = sheets.clean(tmp_path / "clean.xlsx")

    def strings(f):
        f.write(
            b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main">'
        )
        item = b"<si><t>" + "很长的文字".encode() * 2000 + b"</t></si>"
        for _ in range(reader.MAX_SHARED_STRINGS // len(item) + 2):
            f.write(item)
        f.write(b"</sst>")

    bomb = rebuilt(clean, tmp_path / "strings.xlsx", stream=("xl/sharedStrings.xml", strings))
    assert bomb.stat().st_size < 1024 * 1024
    refused_quickly(bomb, "文字表")
    # an entity-expansion bomb in the strings (billion laughs) is refused by defusedxml
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "hahahahahahahahahaha">'
        + b"".join(
            f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'.encode() for n in range(8)
        )
        + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&i;</t></si></sst>"
    )
    with zipfile.ZipFile(clean) as z:
        types = z.read("[Content_Types].xml").decode()
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    entity = rebuilt(
        clean,
        tmp_path / "laughs.xlsx",
        replace={"xl/sharedStrings.xml": laughs, "[Content_Types].xml": types.encode()},
    )
    refused_quickly(entity, "不是有效的 Excel|损坏")


def test_too_many_rows_or_cells_are_refused_before_the_work(tmp_path, monkeypatch):
    # The sheet's real extent (calamine reads it from the cells, not from a declared
    # <dimension>, which it does not trust) is checked before any row is read.
    monkeypatch.setattr(reader, "MAX_ROWS", 10)
    rows = [sheets.CLEAN_ROWS[0]] * (reader.MAX_ROWS + reader.HEADER_SCAN_ROWS + 2)
    tall = sheets.clean(tmp_path / "tall.xlsx", rows=rows)
    refused_quickly(tall, "行")
    wide_rows = [[*row, *(["x"] * (reader.MAX_COLUMNS + 1))] for row in sheets.CLEAN_ROWS]
    wide = sheets.clean(tmp_path / "wide.xlsx", rows=wide_rows)
    refused_quickly(wide, "列")


def test_a_declared_dimension_is_not_trusted(tmp_path):
    clean = sheets.clean(tmp_path / "clean.xlsx")
    with zipfile.ZipFile(clean) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    declared = sheet.replace('<dimension ref="A1:O4"/>', '<dimension ref="A1:O2000000"/>')
    assert declared != sheet
    tall = rebuilt(clean, tmp_path / "tall.xlsx", {"xl/worksheets/sheet1.xml": declared.encode()})
    started = time.monotonic()
    assert len(ledger.read_sheet(tall).rows) == len(sheets.CLEAN_ROWS)  # read as it is
    assert time.monotonic() - started < 2


def test_export_writes_formula_like_text_as_text(tmp_path):
    hostile = {
        "name": '=HYPERLINK("http://example.invalid/x","点我")',
        "enterprise": "=cmd|' /C calc'!A0",
        "notes": "@SUM(1+1)",
        "location": "-2+3",
        "progress_note": "+1",
    }
    with Workspace.open(tmp_path / "ws") as ws:
        projects.create(ws, {**hostile, "code": "XM1"})
        ledger.export(ws, tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    row = [c for c in sheet[3] if isinstance(c.value, str)]
    texts = {c.value: c.data_type for c in row}
    for value in hostile.values():
        assert texts[value] == "s"
    # and they come back as the same text
    with Workspace.open(tmp_path / "again") as again:
        ledger.import_ledger(again, tmp_path / "out.xlsx")
        [project] = projects.all_projects(again)
        assert {k: project[k] for k in hostile} == hostile
