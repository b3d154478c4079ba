"""The monthly report PDF from what the projects reported, read back."""

from __future__ import annotations

import re

from forms.documents import monthly

from .board_fixture import D, build
from .pdfcheck import fonts, text


def test_monthly_pdf_of_the_hand_built_board(ws):
    build(ws)
    result = monthly.build(ws, "2026-11", D)
    assert all(f["embedded"] for f in fonts(result.pdf))
    content = text(result.pdf).replace("\n", "").replace(" ", "")
    assert "备案率3/650.0%1" in content  # numerator / denominator, rate, one unknown (P3)
    assert "投资完成率0.90/1.70亿元52.9%1" in content
    assert "日期不全的项目——备案率：P3" in content
    # From the reports: P1 on time (its correction's 600万), P2 late; six not reported.
    assert "按时报送1个，逾期报送1个，未报送6个" in content
    # One unit for the whole report: its totals reach 1亿元, so 700万元 is written 0.07亿元
    assert "已报项目本月完成投资0.07亿元" in content and "万元" not in content
    assert "逾期未报项目：P3、P4、P5、P6、P7、P8" in content
    assert "包抓领导3名，未实现四个阶段全覆盖的2名" in content


def test_monthly_pdf_of_the_demo_never_writes_eight_digits_of_wan(demo_ws):
    content = text(monthly.build(demo_ws, "2026-11", D).pdf).replace("\n", "")
    assert not re.search(r"\d{1,3}(,\d{3}){2,}\.\d\d万元", content), "a total left in 万元"
    assert "亿元" in content and "月报报送情况" in content and "“五率”" in content
    # A table's unit is in its header, the same as the chart above it.
    assert "年度计划（亿元）" in content and "分区县年度计划与完成投资（亿元）" in content
    assert "未销号问题（按类别，个）" in content  # the dashboard's charts, on paper


def test_the_monthly_report_in_word_has_the_same_blocks_in_one_unit(ws):
    import io

    from docx import Document

    build(ws)
    result = monthly.build(ws, "2026-11", D)
    doc = Document(io.BytesIO(result.docx()))
    paragraphs = "".join(p.text for p in doc.paragraphs)
    assert "2026年11月重大项目建设进展情况" in paragraphs
    assert "已报项目本月完成投资0.07亿元" in paragraphs and "五、月报报送情况" in paragraphs
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["投资完成率", "0.90 / 1.70亿元", "52.9%", "1"] in cells
    assert ["区县", "年度计划（亿元）", "已完成（亿元）", "完成率"] in cells
    assert not any("万元" in c for row in cells for c in row)
    assert len(doc.inline_shapes) == 5  # the PDF's five charts, as pictures
    first = doc.inline_shapes[0]
    assert first.width > 0 and first.height > 0


def test_the_report_is_for_the_last_complete_month_by_default():
    import datetime as dt

    assert monthly.last_complete_month(dt.date(2026, 11, 23)) == "2026-10"
    assert monthly.last_complete_month(dt.date(2026, 1, 1)) == "2025-12"
