"""The review bulletin (观摩点评通报): GB/T 9704 pages with the ranking, the red and black lists,
the districts, a paragraph per project and its photos.

Built from `results.compute` with the document blocks every official document uses (page,
fonts with fallback and warnings, tables), so it prints the same on any machine.
"""

from __future__ import annotations

import datetime as dt
import re

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from ..documents import DocumentResult, blocks, page, zh_date
from ..documents.context import Context
from ..documents.photos import PhotoForDocument, grid
from ..documents.text import Style, Text
from ..workspace import Workspace
from . import results

PHOTOS_PER_PROJECT = 2
CHINESE_NUMBERS = "一二三四五六七八九十"


def build(
    ws: Workspace,
    round_id: str,
    *,
    today: dt.date | None = None,
    found: results.Results | None = None,
) -> DocumentResult:
    """The bulletin of the round; `found` when its results were just computed."""
    found = found or results.compute(ws.db, round_id)
    ctx = Context.for_workspace(ws)
    photos = {p.project_id: _photos(ws, p.project_id) for p in found.projects}
    flow = story(ctx, found, photos, today or dt.date.today())
    title = f"{_quarter_zh(found.round['quarter'])}重点项目观摩点评情况的通报"
    pdf = page.build_pdf(ctx, flow, title=title)
    return DocumentResult("bulletin", title, pdf, ctx.warnings, f"{title}.pdf")


def _quarter_zh(quarter: str) -> str:
    m = re.fullmatch(r"(\d{4})-Q([1-4])", quarter or "")
    return f"{m[1]}年第{CHINESE_NUMBERS[int(m[2]) - 1]}季度" if m else quarter or ""


def _photos(ws: Workspace, project_id: str) -> list[PhotoForDocument]:
    from ..photos import files, store

    chosen = []
    for row in store.links(ws, "project", project_id)[:PHOTOS_PER_PROJECT]:
        path = files.photo_path(ws, row["photo_id"], "working")
        chosen.append(PhotoForDocument(path, row["caption"] or row["original_name"] or ""))
    return chosen


def story(
    ctx: Context,
    found: results.Results,
    photos: dict[str, list[PhotoForDocument]],
    today: dt.date,
) -> list:
    st = page.styles()
    lead = page.PORTRAIT.leading
    red_title = Style("title", 26.0, lead * 1.4, "center", 0, blocks.RED, pitch=26.0)
    organ = str(ctx.setting("organ_name"))
    out: list = [
        Spacer(1, 35 * mm - (red_title.leading - red_title.size) / 2),
        Text(ctx, "观摩点评通报", red_title),
        Spacer(1, lead * 0.5),
        Text(ctx, organ, st["center"]),
        blocks.Rule(1.0, blocks.RED, space_before=4 * mm - (lead - 16) / 2, space_after=lead),
        Text(
            ctx, f"关于{_quarter_zh(found.round['quarter'])}重点项目观摩点评情况的通报", st["title"]
        ),
        Spacer(1, lead * 0.5),
        Text(ctx, overview(found), st["body"]),
        Text(ctx, "一、项目排名", st["heading1"]),
        Text(ctx, found.rules_text["score"] + "。" + found.rules_text["tie"] + "。", st["body"]),
        ranking_table(ctx, found),
    ]
    if found.unranked:
        names = "、".join(f"{p.name}（{p.scored_by}人评分）" for p in found.unranked)
        out.append(Text(ctx, f"以下项目未获全部成员评分，不参与排名：{names}。", st["body"]))
    out += [
        Text(ctx, "二、红黑榜", st["heading1"]),
        Text(ctx, f"红榜：{found.rules_text['red']}。" + _names(found.red), st["body"]),
        Text(ctx, f"黑榜：{found.rules_text['black']}。" + _names(found.black), st["body"]),
        Text(ctx, "三、区县（园区）排名", st["heading1"]),
        Text(ctx, found.rules_text["district"] + "。", st["body"]),
        district_table(ctx, found),
        Text(ctx, "四、项目点评", st["heading1"]),
    ]
    for n, p in enumerate(found.projects, 1):
        out += [CondPageBreak(lead * 3), Text(ctx, f"（{n}）{p.name}", st["heading2"])]
        out.append(Text(ctx, project_paragraph(p, len(found.members)), st["body"]))
        if photos.get(p.project_id):
            out += grid(ctx, photos[p.project_id], page.PORTRAIT.width, per_page=4)
    out += [
        CondPageBreak(lead * 4),
        Spacer(1, lead),
        Text(ctx, str(ctx.setting("signature")), Style("body", 16.0, lead, "right", 0)),
        Text(ctx, zh_date(today), Style("body", 16.0, lead, "right", 0)),
    ]
    return out


def overview(found: results.Results) -> str:
    stops = [p.facts.get("planned_day") for p in found.projects if p.facts.get("planned_day")]
    days = ""
    if stops:
        first, last = min(stops), max(stops)
        days = f"于{zh_date(first)}" + (f"至{zh_date(last)}" if last != first else "")
    state = "" if found.round["closed_at"] else "（评分尚未结束，本通报为阶段结果）"
    return (
        f"按照“{found.round['title']}”安排，观摩点评组{len(found.members)}名成员{days}"
        f"对{len(found.projects)}个重点项目进行了现场观摩和评分，"
        f"其中{len(found.ranked)}个项目获全部成员评分并参与排名。现将有关情况通报如下。{state}"
    )


def _names(listed: list[results.ProjectResult]) -> str:
    if not listed:
        return "本季度无项目列入。"
    return "列入项目：" + "、".join(f"{p.name}（{p.district_name}）" for p in listed) + "。"


def project_paragraph(p: results.ProjectResult, members: int) -> str:
    if p.rank is not None:
        text = f"所属{p.district_name}，得分{results.shown(p.total):.2f}分，排名第{p.rank}位。"
    else:
        text = f"所属{p.district_name}，{p.scored_by}/{members}名成员评分，未参与排名。"
    if p.facts.get("progress_note"):
        text += f"项目进展：{p.facts['progress_note'].rstrip('。')}。"
    if p.comments:
        text += "观摩组意见：" + "；".join(c.rstrip("。；") for _, c in p.comments) + "。"
    return text


def ranking_table(ctx: Context, found: results.Results):
    st = page.styles()
    keys = found.criteria
    header = ["名次", "项目名称", "区县", *(c.label for c in keys), "得分"]
    rows = [
        [
            str(p.rank),
            p.name,
            p.district_name,
            *(f"{results.shown(p.criteria[c.key]):.2f}" for c in keys),
            f"{results.shown(p.total):.2f}",
        ]
        for p in found.ranked
    ]
    fixed = 12 + 24 + 16  # mm: place, district, score
    name_w = max(30, 156 - fixed - 16 * len(keys))
    per = (156 - fixed - name_w) / max(1, len(keys))
    widths = [12, name_w, 24, *([per] * len(keys)), 16]
    return blocks.table(
        ctx,
        header,
        rows,
        [w * mm for w in widths],
        cell=st["cell"],
        head=st["cell_head"],
        aligns=["center", "left", "center", *(["center"] * len(keys)), "center"],
    )


def district_table(ctx: Context, found: results.Results):
    st = page.styles()
    rows = [
        [str(d.rank), d.name, str(d.projects), f"{results.shown(d.score):.2f}"]
        for d in found.districts
    ]
    return blocks.table(
        ctx,
        ["名次", "区县（园区）", "参与排名项目数", "平均得分"],
        rows,
        [w * mm for w in (16, 70, 36, 34)],
        cell=st["cell"],
        head=st["cell_head"],
        aligns=["center", "left", "center", "center"],
    )
