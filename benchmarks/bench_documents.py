"""Document building speed, next to plain reportlab measured in the same run.

    .venv/bin/python benchmarks/bench_documents.py

Prints: a one-page notice as a ratio against reportlab building a one-page document with the
same fonts registered (goal <= 1.5); seconds for the problem list of the 200-project demo
workspace and for its monthly report (goal <= 5 s each).
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import tempfile
import time

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from forms import demo, problems, projects, units
from forms.documents import monthly, notice, problem_list
from forms.documents.context import Context
from forms.workspace import Workspace

TODAY = dt.date(2026, 11, 23)


def best(fn, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def plain_reportlab(font: str, heading: str) -> None:
    """A one-page document in plain reportlab: same fonts, similar content."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4)
    body = ParagraphStyle("b", fontName=font, fontSize=16, leading=29, wordWrap="CJK")
    title = ParagraphStyle("t", fontName=heading, fontSize=22, leading=32, alignment=1)
    cells = ParagraphStyle("c", fontName=font, fontSize=10.5, leading=14, wordWrap="CJK")
    rows = [[Paragraph(t, cells) for t in ("序号", "项目名称", "问题描述", "发现日期", "办理时限")]]
    rows += [[Paragraph(t, cells) for t in (str(n), "年产10万套红外探测器项目", "110千伏专线未接入",
                                            "2026年1月8日", "2026年2月1日")] for n in range(3)]
    doc.build([Paragraph("市重大项目建设工作专班", title), Paragraph("关于督促办理超期问题的通知", title),
               Paragraph("经梳理，你单位承办的以下3个项目建设问题已超过办理时限，尚未办结。" * 3, body),
               Table(rows), Paragraph("请于2026年12月3日前将办理情况连同回执书面报送。" * 2, body)])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small = Workspace.open(f"{tmp}/small")
        demo_settings = {"organ_name": "市重大项目建设工作专班", "notice_prefix": "工专班督",
                         "copy_to": ["市委办公室"]}
        for key, value in demo_settings.items():
            import json
            small.record("setting", key, {"value": json.dumps(value, ensure_ascii=False)})
        unit_id = units.ensure_unit(small, "国网市供电公司", "department")
        project = projects.create(small, {"code": "XM1", "name": "年产10万套红外探测器项目"})
        for _ in range(3):
            problems.register(small, project, {"category": "utilities", "description": "110千伏专线未接入",
                                               "raised_on": "2026-01-08", "unit_id": unit_id,
                                               "deadline": "2026-02-01"}, author_id=None)
        notice_id = notice.issue(small, unit_id, today=TODAY)
        ctx = Context.for_workspace(small)  # registers the fonts once for both sides
        font, heading = ctx.fonts.roles["body"].name, ctx.fonts.roles["title"].name
        notice.build(small, notice_id)
        plain_reportlab(font, heading)
        ours, ours_med = best(lambda: notice.build(small, notice_id))
        base, base_med = best(lambda: plain_reportlab(font, heading))
        pages = notice.build(small, notice_id).pdf.count(b"/Type /Page\n")
        print(f"notice ({pages} pages incl. reply slip): {ours:.3f} s (median {ours_med:.3f})")
        print(f"plain reportlab one page, same fonts: {base:.3f} s (median {base_med:.3f})")
        print(f"ratio notice / plain reportlab: {ours / base:.2f}  (goal <= 1.5)")

        ws = Workspace.open(f"{tmp}/demo")
        demo.build(ws, today=TODAY)
        count = ws.db.execute("SELECT count(*) FROM problems").fetchone()[0]
        seconds, _ = best(lambda: problem_list.build(ws, today=TODAY), runs=3)
        print(f"problem list, 200-project demo ({count} problems): {seconds:.2f} s  (goal <= 5 s)")
        seconds, _ = best(lambda: monthly.build(ws, "2026-11"), runs=3)
        print(f"monthly report, 200-project demo: {seconds:.2f} s  (goal <= 5 s)")


if __name__ == "__main__":
    main()
