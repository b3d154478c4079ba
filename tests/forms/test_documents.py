"""Documents read back: text, fonts, GB/T 9704 geometry, line breaking, numbering, warnings."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

from forms import problems, projects, units
from forms.documents import (
    linebreak,
    monthly,
    notice,
    numbering,
    page,
    photos,
    problem_list,
    record,
)
from forms.documents.context import Context
from forms.documents.text import Text
from forms.store import documents as document_store
from forms.store import notices as notice_store
from forms.workspace import Workspace

from .pdfcheck import A4, MM, fonts, lines, page_sizes, text

TODAY = dt.date(2026, 11, 23)
FORBIDDEN_START = set("，。、；：？！）」』》")
FORBIDDEN_END = set("（「『《")


def check_common(pdf: bytes, *, landscape: bool = False) -> None:
    """Every font embedded and subset; A4; page numbers "— n —" right on odd, left on even."""
    used = fonts(pdf)
    assert used and all(f["embedded"] and f["subset"] for f in used), used
    for w, h in page_sizes(pdf):
        size = (A4[1], A4[0]) if landscape else A4
        assert abs(w - size[0]) < 1 and abs(h - size[1]) < 1
    geo = page.LANDSCAPE if landscape else page.PORTRAIT
    for n, page_lines in enumerate(lines(pdf), 1):
        last = page_lines[-1]
        assert "".join(c["text"] for c in last) == f"—{n}—"
        assert abs(last[0]["size"] - 14) < 0.5
        if n % 2:
            assert abs(last[-1]["x1"] - (geo.left + geo.width - 16)) < 1 * MM
        else:
            assert abs(last[0]["x0"] - (geo.left + 16)) < 1 * MM
        assert last[0]["top"] > geo.top + geo.height  # under the text block


def check_breaks(pdf: bytes) -> None:
    for page_lines in lines(pdf):
        for line in page_lines:
            assert line[0]["text"] not in FORBIDDEN_START, "".join(c["text"] for c in line)
            assert line[-1]["text"] not in FORBIDDEN_END, "".join(c["text"] for c in line)


# -- line breaking ---------------------------------------------------------------------------


def test_break_lines_keeps_kinsoku_and_words() -> None:
    sample = "根据工作安排，现将有关事项通知如下。请于2026年12月3日前报送（附件）。ABC-123号。" * 5
    chars = list(sample)
    for width in range(5, 30):
        spans = linebreak.break_lines(chars, [1.0] * len(chars), float(width))
        assert "".join(sample[a:b] for a, b in spans) == sample
        for a, b in spans:
            assert b - a <= width
            assert sample[a] not in FORBIDDEN_START or a == 0
            assert sample[b - 1] not in FORBIDDEN_END
        starts = {a for a, _ in spans}
        assert not any(
            sample[i - 1 : i + 1] in ("20", "02", "26")
            and i in starts
            and sample[i - 1].isdigit()
            and sample[i].isdigit()
            for i in range(1, len(sample))
        )


def test_body_text_fills_the_gbt9704_grid() -> None:
    ctx = Context.plain({"organ_name": "测试机关"})
    body = (
        "经梳理，你单位承办的问题已超过办理时限。请高度重视，逐项落实整改措施（含用地、规划）。"
        * 40
    )
    pdf = page.build_pdf(ctx, [Text(ctx, body, page.styles()["body"])], title="t")
    check_common(pdf)
    check_breaks(pdf)
    first_page = [ln for ln in lines(pdf)[0] if abs(ln[0]["size"] - 16) < 0.5]
    assert len(first_page) == 22
    assert all(abs(c["size"] - 16) < 0.5 for ln in first_page for c in ln)
    full = first_page[1:-1]
    left = min(ln[0]["x0"] for ln in full)
    right = max(ln[-1]["x1"] for ln in full)
    assert abs(left - 28 * MM) < 1 * MM and abs(right - (28 + 156) * MM) < 1 * MM
    assert all(len(ln) <= 28 for ln in first_page)
    assert sum(len(ln) == 28 for ln in first_page) >= 10
    leading = (first_page[-1][0]["bottom"] - first_page[0][0]["bottom"]) / 21
    assert abs(leading - 225 * MM / 22) < 0.5
    # The first line's glyph box sits centred in the text block's first grid line.
    top = first_page[0][0]["bottom"] - 16
    assert abs(top - (37 * MM + (225 * MM / 22 - 16) / 2)) < 1 * MM
    assert text(pdf).replace("\n", "").startswith(body[:20])


# -- the notice --------------------------------------------------------------------------------


def test_notice_pdf_reads_back(demo_ws) -> None:
    unit = document_store.units_with_overdue(demo_ws.conn, TODAY)[0]
    (notice_id,) = notice.issue(demo_ws, unit["id"], today=TODAY)
    result = notice.build(demo_ws, notice_id)
    record_row = document_store.notice(demo_ws.conn, notice_id)
    assert result.warnings == []
    content = text(result.pdf).replace("\n", "").replace(" ", "")
    for expected in (
        "市重大项目建设工作专班",
        record_row["number"],
        unit["name"],
        "关于督促办理超期问题的通知",
        "2026年11月23日",
        "2026年12月7日",  # ten working days after Monday 23 November
        "督办事项回执",
        "抄送：市委办公室，市政府办公室。",
        "印发",
    ):
        assert expected in content, expected
    assert record_row["number"].startswith("工专班督〔2026〕")
    ids = json.loads(record_row["problem_ids"])
    assert len(ids) == unit["overdue"]
    numbers = [p["problem_number"] for p in document_store.problems(demo_ws.conn, ids=ids)]
    assert all(n.startswith("Q") and n in content for n in numbers)
    check_common(result.pdf)
    check_breaks(result.pdf)
    # 红头: the organ name is red, its glyphs start 35 mm under the top of the text block.
    first = lines(result.pdf)[0]
    organ = next(ln for ln in first if "".join(c["text"] for c in ln) == "市重大项目建设工作专班")
    assert organ[0]["non_stroking_color"] not in ((0,), (0, 0, 0), None)
    assert abs(organ[0]["bottom"] - organ[0]["size"] - (37 + 35) * MM) < 1.5 * MM
    title = next(ln for ln in first if "关于督促" in "".join(c["text"] for c in ln))
    assert abs(title[0]["size"] - 22) < 0.5


def test_notice_docx_same_content(demo_ws) -> None:
    unit = document_store.units_with_overdue(demo_ws.conn, TODAY)[1]
    result = notice.build(demo_ws, notice.issue(demo_ws, unit["id"], today=TODAY)[0])
    document = docx.Document(io.BytesIO(result.docx()))
    body = "\n".join(p.text for p in document.paragraphs)
    number = document_store.notice(demo_ws.conn, result.record_id)["number"]
    assert number in body and "关于督促办理超期问题的通知" in body and unit["name"] in body
    table_text = "\n".join(c.text for row in document.tables[0].rows for c in row.cells)
    assert len(document.tables[0].rows) == unit["overdue"] + 1
    assert "问题描述" in table_text
    section = document.sections[0]
    assert abs(section.top_margin.mm - 37) < 0.5 and abs(section.left_margin.mm - 28) < 0.5


def test_notice_docx_carries_the_qr_image_not_its_text(demo_ws) -> None:
    """The Word slip shows the same QR symbol as the PDF (module by module), never the
    payload as text, and names problems by number."""
    import segno
    from PIL import Image

    from forms.documents.context import Context

    unit = document_store.units_with_overdue(demo_ws.conn, TODAY)[1]
    notice_id = notice.issue(demo_ws, unit["id"], today=TODAY)[0]
    result = notice.build(demo_ws, notice_id)
    document = docx.Document(io.BytesIO(result.docx()))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert not any("二维码内容" in t for t in texts)
    assert any("扫描二维码" in t for t in texts)
    payload = notice.content(demo_ws, Context.for_workspace(demo_ws), notice_id).qr_payload
    assert f"ID:{notice_id}" in payload
    pictures = [r for r in document.part.related_parts.values() if "image" in r.content_type]
    (png,) = pictures
    image = Image.open(io.BytesIO(png.blob)).convert("L")
    matrix = segno.make(payload, error="m", micro=False, mask=2, boost_error=False).matrix
    seen = [
        [image.getpixel(((c + 4) * 10 + 5, (r + 4) * 10 + 5)) < 128 for c in range(len(row))]
        for r, row in enumerate(matrix)
    ]
    assert seen == [[bool(m) for m in row] for row in matrix]
    slip = "\n".join(texts)
    first = document_store.problems(demo_ws.conn, unit_id=unit["id"], overdue_on=TODAY)[0][
        "problem_number"
    ]
    assert first in slip


def test_batch_issues_one_notice_per_unit(demo_ws) -> None:
    expected = document_store.units_with_overdue(demo_ws.conn, TODAY)
    issued = notice.issue_overdue(demo_ws, today=TODAY)
    rows = [document_store.notice(demo_ws.conn, i) for i in issued]
    assert sorted(r["unit_id"] for r in rows) == sorted(u["id"] for u in expected)
    assert len({r["number"] for r in rows}) == len(rows)
    assert [r["seq"] for r in rows] == sorted(r["seq"] for r in rows)


def _changes(ws: Workspace) -> list[dict]:
    return [json.loads(r["body"]) for r in ws.db.query("SELECT body FROM changes ORDER BY hlc")]


def test_notice_numbers_unique_across_two_laptops_offline(tmp_path) -> None:
    import forms.demo as demo

    office = Workspace.open(tmp_path / "office")
    demo.build(office, today=TODAY, numbering_office=True)
    notice.issue(
        office, document_store.units_with_overdue(office.conn, TODAY)[0]["id"], today=TODAY
    )
    laptop = Workspace.open(tmp_path / "laptop")
    laptop.receive(_changes(office))  # set up from the office: knows every lane claim
    unit_ids = [u["id"] for u in document_store.units_with_overdue(office.conn, TODAY)]
    for n in range(6):  # both issue offline
        notice.issue(office, unit_ids[n % len(unit_ids)], today=TODAY)
        notice.issue(laptop, unit_ids[(n + 1) % len(unit_ids)], today=TODAY)
    office.receive(_changes(laptop))
    laptop.receive(_changes(office))
    for ws in (office, laptop):
        numbers = [r["number"] for r in ws.db.query("SELECT number FROM notices")]
        assert len(numbers) == 13 and len(set(numbers)) == 13
        # The office's own sequence reads 1号, 2号 …; the laptop's are provisional in its lane.
        lane = numbering.lanes(ws)[laptop.device_id]
        assert sorted(n for n in numbers if "临" not in n) == [
            f"工专班督〔2026〕{k}号" for k in range(1, 8)
        ]
        assert sorted(n for n in numbers if "临" in n) == sorted(
            f"工专班督〔2026〕临{lane:02d}-{k}号" for k in range(1, 7)
        )
        assert numbering.lane_conflicts(ws) == {}
    office.close()
    laptop.close()


def test_lane_conflict_between_never_synced_laptops_is_reported(tmp_path) -> None:
    a, b = Workspace.open(tmp_path / "a"), Workspace.open(tmp_path / "b")
    numbering.set_lane(a, 7)
    numbering.set_lane(b, 7)
    a.receive(_changes(b))
    assert numbering.lane_conflicts(a) == {7: sorted([a.device_id, b.device_id])}
    a.close()
    b.close()


def _unit_with_problems(ws: Workspace, unit_name: str, count: int, description: str) -> str:
    unit_id = units.ensure_unit(ws, unit_name, "department")
    project = projects.create(ws, {"code": "XM1", "name": "测试项目", "stage": "build"})
    with ws.transaction():
        for n in range(count):
            problems.register(
                ws,
                project,
                {
                    "category": "land",
                    "description": f"{description}{n}",
                    "raised_on": "2026-01-05",
                    "unit_id": unit_id,
                    "deadline": "2026-02-01",
                },
                author_id=None,
            )
    return unit_id


def test_two_hundred_problems_for_one_unit(ws) -> None:
    unit_id = _unit_with_problems(
        ws, "市自然资源和规划局", 200, "用地指标未落实，影响项目开工，问题编号"
    )
    result = notice.build(ws, notice.issue(ws, unit_id, today=TODAY)[0])
    content = text(result.pdf).replace("\n", "")
    assert all(f"问题编号{n}" in content for n in range(200))
    pages = lines(result.pdf)
    table_pages = [
        p for p in pages if any("问题描述" in "".join(c["text"] for c in ln) for ln in p)
    ]
    assert len(table_pages) >= 5  # the header row is repeated on every page of the table
    check_common(result.pdf)
    check_breaks(result.pdf)
    assert any("缺少设置" in w for w in result.warnings)  # empty workspace: no organ name yet
    check_attachment_layout(pages)


def check_attachment_layout(pages: list) -> None:
    """GB/T 9704 with the problems as 附件: the body in 3号 and inside the 156 mm block,
    announced "附件：问题清单" under it, the signature and date, then the attachment on a page
    of its own with "附件" at its head; no table on the body's pages."""
    right_edge = (28 + 156) * MM
    sign_page = next(n for n, p in enumerate(pages) if _line(p, "2026年11月23日", exact=True))
    note_page = next(n for n, p in enumerate(pages) if _line(p, "附件：问题清单", exact=True))
    assert note_page <= sign_page
    note = _line(pages[note_page], "附件：问题清单", exact=True)
    assert abs(note[0]["x0"] - (28 * MM + 2 * 16)) < 1.5  # two characters in
    if note_page == sign_page:
        assert note[0]["top"] < _line(pages[sign_page], "2026年11月23日", exact=True)[0]["top"]
    head = pages[sign_page + 1][0]
    assert "".join(c["text"] for c in head) == "附件"
    assert abs(head[0]["x0"] - 28 * MM) < 1.5 and abs(head[0]["size"] - 16) < 0.5
    assert "".join(c["text"] for c in pages[sign_page + 1][1]) == "问题清单"
    for page_lines in pages[: sign_page + 1]:
        for line in page_lines[:-1]:  # the last line is the page number
            assert line[-1]["x1"] <= right_edge + 0.5, "".join(c["text"] for c in line)
            assert "问题描述" not in "".join(c["text"] for c in line)
            # The body is 3号 (the red organ name, the title and the seal note aside).
            sizes = {round(c["size"]) for c in line}
            assert sizes <= {16, 22, 26, 9}, ("".join(c["text"] for c in line), sizes)
    for page_lines in pages[sign_page + 1 :]:
        for line in page_lines:
            assert line[-1]["x1"] <= right_edge + 0.5


def _line(page_lines: list, wanted: str, *, exact: bool = False) -> list | None:
    """The first text line that is (or contains) `wanted`, as its characters."""
    for line in page_lines:
        joined = "".join(c["text"] for c in line)
        if joined == wanted or (not exact and wanted in joined):
            return line
    return None


def _qr_codes(pdf: bytes, page_index: int) -> list:
    """Decode the QR codes of one page rendered at 300 dpi (what a scanner of the paper sees)."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    image = document[page_index].render(scale=300 / 72).to_pil()
    return [
        (code.text, code.position.top_left.y / (300 / 72)) for code in zxingcpp.read_barcodes(image)
    ]


def _slip_block(pdf: bytes, problem_count: int) -> tuple[list, int, int]:
    """Pages, the page of the signature date and the page of the 版记 + slip block, after
    checking the block's order (抄送, 印发, cut line, slip) and its QR code."""
    pages = lines(pdf)
    sign_page = next(n for n, p in enumerate(pages) if _line(p, "2026年11月23日", exact=True))
    slip_page = next(n for n, p in enumerate(pages) if _line(p, "督办事项回执"))
    last = pages[slip_page]
    tops = [
        _line(last, s)[0]["top"]
        for s in ("抄送：", "印发", "沿此线剪下", "督办事项回执", "通知文号", "单位（盖章）")
    ]
    assert tops == sorted(tops)  # 版记 above the cut line, the slip under it
    # The block ends at the foot of the text block (the last thing on its page).
    stamp_row_bottom = _line(last, "年月日")[0]["bottom"]
    assert (37 + 225) * MM - stamp_row_bottom < 10 * MM
    codes = _qr_codes(pdf, slip_page)
    assert len(codes) == 1
    payload, qr_top = codes[0]
    assert payload.startswith("SITELEDGER-NOTICE/1") and f"N:{problem_count}" in payload
    assert len(payload.split("P:")[1].split(",")) == problem_count
    assert qr_top > tops[2]  # the QR code is on the slip, under the cut line
    return pages, sign_page, slip_page


def test_short_notice_has_the_reply_slip_under_its_attachment(ws) -> None:
    """A notice with a few problems: the body and signature, then the 附件 page, whose foot
    carries the 版记 and the reply slip (no page of their own)."""
    unit_id = _unit_with_problems(ws, "市生态环境局", 3, "环评批复未出具")
    (notice_id,) = notice.issue(ws, unit_id, today=TODAY)
    result = notice.build(ws, notice_id)
    pages, sign_page, slip_page = _slip_block(result.pdf, 3)
    assert slip_page == sign_page + 1 == len(pages) - 1
    assert _line(pages[slip_page], "附件", exact=True)
    record_row = notice_store.get(ws.db, notice_id)
    payload = _qr_codes(result.pdf, slip_page)[0][0]
    numbers = [
        p["problem_number"]
        for p in document_store.problems(ws.conn, ids=record_row["problem_id_list"])
    ]
    assert payload == notice.qr_payload(record_row["shown_number"], notice_id, numbers)
    check_common(result.pdf)
    check_breaks(result.pdf)
    check_attachment_layout(pages)


def test_long_notice_puts_the_slip_where_it_fits(ws) -> None:
    unit_id = _unit_with_problems(ws, "市住房和城乡建设局", 40, "施工许可未办理")
    result = notice.build(ws, notice.issue(ws, unit_id, today=TODAY)[0])
    pages, sign_page, slip_page = _slip_block(result.pdf, 40)
    assert slip_page == len(pages) - 1
    table_end = max(
        n
        for n, p in enumerate(pages)
        if any("施工许可未办理" in "".join(c["text"] for c in ln) for ln in p)
    )
    block_top = _line(pages[slip_page], "抄送：")[0]["top"] - 4 * MM  # the rule over 抄送
    if slip_page == table_end:
        last_row = max(
            ln[0]["bottom"]
            for ln in pages[slip_page]
            if "施工许可未办理" in "".join(c["text"] for c in ln)
        )
        assert last_row < block_top
    else:  # on a page of its own only because it did not fit under the table
        assert slip_page == table_end + 1
        assert "".join(c["text"] for c in pages[slip_page][0]).startswith("抄送")
    check_common(result.pdf)
    check_breaks(result.pdf)
    check_attachment_layout(pages)


def test_missing_settings_give_placeholder_and_warning(ws) -> None:
    unit_id = _unit_with_problems(ws, "市财政局", 2, "资金未到位")
    result = notice.build(ws, notice.issue(ws, unit_id, today=TODAY)[0])
    content = text(result.pdf).replace("\n", "")
    assert "【请填写发文机关名称】" in content
    assert any("organ_name" in w for w in result.warnings)
    assert any("notice_prefix" in w for w in result.warnings)


def _undrawable(ctx: Context) -> str:
    """A CJK Extension B character none of the configured fonts has."""
    for code in range(0x2A700, 0x2B73F):
        if all(not f.has(chr(code)) for f in ctx.fonts.fallbacks):
            return chr(code)
    raise AssertionError("every font draws every character?")


def test_rare_characters_are_drawn_or_reported(ws) -> None:
    missing = _undrawable(Context.plain())
    unit_id = _unit_with_problems(ws, f"𠮷堃䶮{missing}服务中心", 1, "名称含生僻字")
    result = notice.build(ws, notice.issue(ws, unit_id, today=TODAY)[0])
    content = text(result.pdf)
    assert "堃" in content and "䶮" in content
    # 𠮷 is drawn from LXGW WenKai (补字); reportlab's ToUnicode map cannot name characters
    # outside the BMP, so it is checked through the font that draws it, not the extracted text.
    assert any("LXGWWenKai" in f["name"] for f in fonts(result.pdf))
    assert "〓" in content  # the undrawable one is marked, not dropped
    assert any(f"U+{ord(missing):04X}" in w for w in result.warnings)
    assert any("U+20BB7" in w for w in result.warnings)  # 补字 from another font is said too


def test_long_text_wraps_and_breaks_across_pages() -> None:
    ctx = Context.plain()
    long = (
        "（一）"
        + "项目用地手续办理进展缓慢，涉及规划调整、土地报批、征收补偿等多个环节，" * 120
        + "。"
    )
    pdf = page.build_pdf(ctx, [Text(ctx, long, page.styles()["body"])], title="long")
    assert len(page_sizes(pdf)) >= 5
    check_common(pdf)
    check_breaks(pdf)
    import re

    assert re.sub(r"— \d+ —", "", text(pdf)).replace("\n", "") == long


# -- the other documents ---------------------------------------------------------------------


def _jpeg(path, size, color) -> None:
    Image.new("RGB", size, color).save(path, "JPEG", quality=90)


def test_inspection_record_with_photos(demo_ws, tmp_path) -> None:
    visit_id = demo_ws.db.execute(
        "SELECT visit_id FROM problems WHERE visit_id IS NOT NULL LIMIT 1"
    ).fetchone()[0]
    paths = [tmp_path / f"p{n}.jpg" for n in range(3)]
    for n, p in enumerate(paths):
        _jpeg(p, (4000, 3000) if n != 1 else (1500, 2000), ("red", "green", "blue")[n])
    chosen = [
        photos.PhotoForDocument(paths[0], "厂房主体结构"),
        photos.PhotoForDocument(paths[1], "设备安装", ("拍摄时间晚于走访时间",)),
        photos.PhotoForDocument(tmp_path / "gone.jpg", "不存在的照片"),
        photos.PhotoForDocument(paths[2], "进场道路"),
    ]
    result = record.build(demo_ws, visit_id, photo_list=chosen)
    content = text(result.pdf).replace("\n", "").replace(" ", "")
    visit = document_store.visit(demo_ws.conn, visit_id)
    project = document_store.project(demo_ws.conn, visit["project_id"])
    for expected in (
        "现场检查记录",
        project["name"],
        visit["progress_text"].replace(" ", ""),
        "厂房主体结构",
        "存疑：拍摄时间晚于走访时间",
        "照片缺失",
        "检查人员（签字）",
    ):
        assert expected in content, expected
    for problem in document_store.visit_problems(demo_ws.conn, visit_id):
        assert problem["description"] in content
    assert any("gone.jpg" in w for w in result.warnings)
    images = [
        x.get_object()
        for pg in PdfReader(io.BytesIO(result.pdf)).pages
        for x in (pg["/Resources"].get("/XObject") or {}).values()
    ]
    assert len(images) == 3
    for image in images:
        assert image["/Filter"] in ("/DCTDecode", ["/DCTDecode"])  # the JPEG as it is, no ASCII85
        assert image["/Width"] <= 700  # pre-sized, not the 4000-pixel original
    check_common(result.pdf)
    check_breaks(result.pdf)


def test_problem_list_landscape_with_totals(demo_ws) -> None:
    result = problem_list.build(demo_ws, today=TODAY)
    check_common(result.pdf, landscape=True)
    check_breaks(result.pdf)
    content = text(result.pdf).replace("\n", "")
    assert "合计600" in content.replace(" ", "")
    pages = lines(result.pdf)
    assert all(any("问题描述" in "".join(c["text"] for c in ln) for ln in p) for p in pages[:-1])


def test_problem_list_for_one_unit_is_portrait_and_filtered(demo_ws) -> None:
    unit = document_store.units_with_overdue(demo_ws.conn, TODAY)[0]
    result = problem_list.build(demo_ws, unit_id=unit["id"], overdue=True, today=TODAY)
    check_common(result.pdf)
    content = text(result.pdf).replace("\n", "").replace(" ", "")
    assert f"共{unit['overdue']}项" in content and "已销号" not in content.split("按状态统计")[0]


def test_monthly_report(demo_ws) -> None:
    result = monthly.build(demo_ws, "2026-11")
    check_common(result.pdf)
    check_breaks(result.pdf)
    content = text(result.pdf).replace("\n", "").replace(" ", "")
    for expected in (
        "2026年11月重大项目建设进展情况",
        "分区县投资完成情况",
        "城关区",
        "加快建设",
        "问题办理情况",
        "年度计划",
        "已完成",
    ):
        assert expected in content, expected


def test_documents_do_not_load_qt() -> None:
    code = (
        "import sys, forms.documents.notice, forms.documents.record, forms.documents.monthly,"
        " forms.documents.problem_list, forms.documents.notice_docx, forms.commands.documents;"
        " assert not [m for m in sys.modules if m.startswith('PySide6')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_notice_shows_warnings_and_writes(tmp_path) -> None:
    from desktop.cli import main

    home = tmp_path / "ws"
    with Workspace.open(home) as ws:
        _unit_with_problems(ws, "市水务局", 3, "供水管道压力不足")
    out = tmp_path / "n.pdf"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop.cli",
            "--home",
            str(home),
            "document",
            "notice",
            "--unit",
            "市水务局",
            "--today",
            "2026-11-23",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "organ_name" in proc.stderr and out.read_bytes().startswith(b"%PDF")
    assert (
        main(
            [
                "--home",
                str(home),
                "document",
                "notice",
                "--unit",
                "没有这个单位",
                "-o",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 1
    )
    assert not (tmp_path / "x.pdf").exists()
    assert (
        main(
            [
                "--home",
                str(home),
                "document",
                "monthly",
                "--month",
                "2026-13",
                "-o",
                str(tmp_path / "m.pdf"),
            ]
        )
        == 1
    )


def test_cli_problem_list_of_an_unknown_unit_is_one_plain_line(tmp_path, capsys) -> None:
    from desktop.cli import main

    home = tmp_path / "ws"
    with Workspace.open(home) as ws:
        _unit_with_problems(ws, "市水务局", 1, "供水管道压力不足")
    out = tmp_path / "p.pdf"
    assert (
        main(
            ["--home", str(home), "document", "problems", "--unit", "没有这个单位", "-o", str(out)]
        )
        == 1
    )
    assert "没有这个单位" in capsys.readouterr().err and not out.exists()
    assert (
        main(["--home", str(home), "document", "problems", "--unit", "市水务局", "-o", str(out)])
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("month", ["2026-11", "2026-01"])
def test_month_bounds(month) -> None:
    first, last = monthly.month_bounds(month)
    assert first.day == 1 and (last + dt.timedelta(days=1)).day == 1
