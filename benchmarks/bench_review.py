"""Quarterly review speed: merge and rank a round of 15 members × 40 projects and build its
bulletin, next to plain reportlab building a document with the same tables, in the same run.

    .venv/bin/python benchmarks/bench_review.py

"Merge" is the office receiving the 600 scores the members made offline (one transaction, as a
pull or a bundle applies them) into a copy of its workspace made afresh for every run; "rank"
is `results.compute`; the bulletin is the GB/T 9704 PDF (no photos: the baseline has none).
The baseline builds the same words — title, overview, the ranking table with every criterion,
the lists, the district table and the 40 project paragraphs — with Paragraph(wordWrap="CJK")
and Table on the same page and fonts. Goal: ours / baseline <= 1.5.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from reportlab.lib.colors import HexColor, black
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from forms import demo
from forms.documents import page
from forms.documents.context import Context
from forms.review import bulletin, results, rounds, rules, scorecard
from forms.workspace import Workspace

TODAY = dt.date(2026, 11, 23)
MEMBERS, PROJECTS, RUNS = 15, 40, 9
CARD = {
    "id": "bench-card",
    "version": 1,
    "title": "观摩评分表",
    "criteria": [
        {"key": "progress", "label": "建设进度", "max": 30},
        {"key": "investment", "label": "投资完成", "max": 25},
        {"key": "quality", "label": "质量安全", "max": 25},
        {"key": "service", "label": "要素保障", "max": 20},
    ],
}


def office_with_round(home: Path) -> str:
    with Workspace.open(home) as ws:
        demo.build(ws, size=demo.Size(PROJECTS, 6, 10, 10), today=TODAY)
        codes = [r[0] for r in ws.db.execute("SELECT code FROM projects ORDER BY code")]
        red, black = rules.simple(5, 4)
        return rounds.new_round(
            ws,
            title="2026年第四季度重点项目观摩点评",
            quarter="2026-Q4",
            card=scorecard.from_file(CARD),
            route=[rounds.Stop(c) for c in codes],
            member_names=[f"评委{n:02d}" for n in range(MEMBERS)],
            red_rule=red,
            black_rule=black,
        )


def member_scores(office: Path, tmp: Path, round_id: str) -> list[dict]:
    """The 600 score changes, made on a member laptop holding the office's records."""
    laptop = tmp / "laptop"
    shutil.copytree(office, laptop)
    with Workspace.open(laptop) as ws:
        ws.local_set("device_id", "laptop000001")
        members = [m["person_id"] for m in rounds.store.members(ws.db, round_id)]
        stops = rounds.store.stops(ws.db, round_id)
        first = ws.db.execute("SELECT MAX(rowid) FROM changes").fetchone()[0]
        for i, member in enumerate(members):
            for j, stop in enumerate(stops):
                points = {
                    "progress": (7 * i + 3 * j) % 31,
                    "investment": (5 * i + j) % 26,
                    "quality": (i + 2 * j) % 26,
                    "service": (3 * i + 5 * j) % 21,
                }
                rounds.score(
                    ws,
                    round_id,
                    member,
                    stop["project_id"],
                    points,
                    comment="现场推进有力，要素保障到位，建议加快设备安装调试进度。",
                )
        return [
            json.loads(r[0])
            for r in ws.db.execute(
                "SELECT body FROM changes WHERE rowid > ? ORDER BY rowid", [first]
            )
        ]


def ours(office: Path, run_home: Path, round_id: str, scores: list[dict]) -> tuple[float, ...]:
    shutil.copytree(office, run_home)
    with Workspace.open(run_home) as ws:
        start = time.perf_counter()
        ws.receive(scores)
        merged = time.perf_counter()
        found = results.compute(ws.db, round_id)
        ranked = time.perf_counter()
        pdf = bulletin.build(ws, round_id, today=TODAY, found=found).pdf
        done = time.perf_counter()
    shutil.rmtree(run_home)
    return merged - start, ranked - merged, done - ranked, len(pdf)


def plain_reportlab(found: results.Results, fonts: dict[str, str]) -> bytes:
    geo = page.PORTRAIT
    lead = geo.leading

    def style(
        role: str, size: float, leading: float, align: int = 4, indent: float = 0, color=black
    ):
        return ParagraphStyle(
            role,
            fontName=fonts[role],
            fontSize=size,
            leading=leading,
            alignment=align,
            firstLineIndent=indent,
            wordWrap="CJK",
            textColor=color,
        )

    body, heading = style("body", 16, lead, indent=32), style("heading1", 16, lead, indent=32)
    cell, head = style("body", 10.5, 14, 0), style("heading1", 10.5, 14, 1)
    grid = TableStyle(
        [("GRID", (0, 0), (-1, -1), 0.5, black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    )

    def table(header, rows, widths):
        t = Table(
            [[Paragraph(h, head) for h in header]]
            + [[Paragraph(str(v), cell) for v in r] for r in rows],
            colWidths=[w * mm for w in widths],
            repeatRows=1,
        )
        t.setStyle(grid)
        return t

    keys = found.criteria
    ranking = table(
        ["名次", "项目名称", "区县", *(c.label for c in keys), "得分"],
        [
            [
                p.rank,
                p.name,
                p.district_name,
                *(f"{results.shown(p.criteria[c.key]):.2f}" for c in keys),
                f"{results.shown(p.total):.2f}",
            ]
            for p in found.ranked
        ],
        [12, 156 - 52 - 16 * len(keys), 24, *([16] * len(keys)), 16],
    )
    districts = table(
        ["名次", "区县（园区）", "参与排名项目数", "平均得分"],
        [[d.rank, d.name, d.projects, f"{results.shown(d.score):.2f}"] for d in found.districts],
        [16, 70, 36, 34],
    )
    story = [
        Spacer(1, 35 * mm),
        Paragraph("观摩点评通报", style("title", 26, lead * 1.4, 1, color=HexColor("#E60012"))),
        Paragraph("市重大项目建设工作专班", style("body", 16, lead, 1)),
        HRFlowable(width="100%", thickness=1, color=HexColor("#E60012"), spaceAfter=lead),
        Paragraph(
            "关于2026年第四季度重点项目观摩点评情况的通报", style("title", 22, lead * 1.25, 1)
        ),
        Paragraph(bulletin.overview(found), body),
        Paragraph("一、项目排名", heading),
        Paragraph(found.rules_text["score"] + "。" + found.rules_text["tie"] + "。", body),
        ranking,
        Paragraph("二、红黑榜", heading),
        Paragraph(
            f"红榜：{found.rules_text['red']}。" + "、".join(p.name for p in found.red), body
        ),
        Paragraph(
            f"黑榜：{found.rules_text['black']}。" + "、".join(p.name for p in found.black), body
        ),
        Paragraph("三、区县（园区）排名", heading),
        Paragraph(found.rules_text["district"] + "。", body),
        districts,
        Paragraph("四、项目点评", heading),
    ]
    for n, p in enumerate(found.projects, 1):
        story.append(Paragraph(f"（{n}）{p.name}", style("heading2", 16, lead, indent=32)))
        story.append(Paragraph(bulletin.project_paragraph(p, len(found.members)), body))

    def page_number(canvas, doc) -> None:
        canvas.setFont(fonts["body"], 14)
        canvas.drawRightString(
            geo.left + geo.width - 16, geo.bottom - 7 * mm - 12, f"— {canvas.getPageNumber()} —"
        )

    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=geo.page,
        leftMargin=geo.left,
        topMargin=geo.top,
        rightMargin=geo.page[0] - geo.left - geo.width,
        bottomMargin=geo.bottom,
        initialFontName=fonts["body"],
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                "p",
                [Frame(geo.left, geo.bottom, geo.width, geo.height, 0, 0, 0, 0)],
                onPage=page_number,
            )
        ]
    )
    doc.build(story)
    return out.getvalue()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        office = tmp / "office"
        round_id = office_with_round(office)
        scores = member_scores(office, tmp, round_id)
        print(f"round: {MEMBERS} members × {PROJECTS} projects, {len(scores)} scores to merge")
        with _merged(office, tmp, round_id, scores) as ws:
            found = results.compute(ws.db, round_id)
            fonts = {
                role: font.name for role, font in Context.for_workspace(ws).fonts.roles.items()
            }
        ours(office, tmp / "warm", round_id, scores)  # warm-up, both sides
        plain_reportlab(found, fonts)
        mine, base = [], []
        for n in range(RUNS):  # interleaved, so both sides see the same machine
            mine.append(ours(office, tmp / f"run{n}", round_id, scores))
            start = time.perf_counter()
            plain_reportlab(found, fonts)
            base.append(time.perf_counter() - start)
        totals = [sum(m[:3]) for m in mine]
        for label, at in (("merge (receive 600 scores)", 0), ("rank", 1), ("bulletin PDF", 2)):
            print(f"{label}: median {statistics.median(m[at] for m in mine):.4f} s")
        print(
            f"merge + rank + bulletin: best {min(totals):.4f} s, median {statistics.median(totals):.4f} s"
            f"  ({mine[0][3] // 1024} KB)"
        )
        print(
            f"plain reportlab, same tables and words: best {min(base):.4f} s,"
            f" median {statistics.median(base):.4f} s"
        )
        print(
            f"ratio ours / plain reportlab: best {min(totals) / min(base):.2f},"
            f" median {statistics.median(totals) / statistics.median(base):.2f}  (goal <= 1.5)"
        )


def _merged(office: Path, tmp: Path, round_id: str, scores: list[dict]) -> Workspace:
    home = tmp / "reference"
    shutil.copytree(office, home)
    ws = Workspace.open(home)
    ws.receive(scores)
    return ws


if __name__ == "__main__":
    main()
