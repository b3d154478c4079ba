"""Every raw score of a round to Excel: one row per score made, amended and late ones too."""

from __future__ import annotations

import io
from typing import Any

from ..store import review as store
from . import results, scorecard


def workbook_bytes(db: Any, round_id: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    found = results.compute(db, round_id)
    status = {f["score_id"]: f["label"] for f in found.flags if f["kind"] != "after_close"}
    late = {f["score_id"] for f in found.flags if f["kind"] == "after_close"}
    criteria = found.criteria
    book = Workbook()
    sheet = book.active
    sheet.title = "评分明细"
    header = ["成员", "项目编号", "项目名称", *(f"{c.label}（{c.max}）" for c in criteria)]
    header += ["合计", "点评意见", "评分表", "版本", "评分时间", "状态", "评分编号"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    names = {p.project_id: p.name for p in found.projects}
    for row in store.scores(db, round_id):
        points = row["points"] if isinstance(row["points"], dict) else {}
        valid = not scorecard.check(criteria, points)
        state = status.get(row["id"], "有效")
        if row["id"] in late:
            state += "（结束评分后收到）"
        sheet.append(
            [
                row["member_name"] or row["member_id"],
                row["project_code"] or row["project_id"],
                names.get(row["project_id"], ""),
                *(points.get(c.key) for c in criteria),
                float(scorecard.total(criteria, points)) if valid else None,
                row["comment"] or "",
                row["form_id"],
                row["form_version"],
                row["scored_at"],
                state,
                row["id"],
            ]
        )
    summary = book.create_sheet("排名")
    summary.append(["名次", "项目编号", "项目名称", "区县", "得分", "评分人数"])
    for p in found.projects:
        summary.append(
            [p.rank, p.code, p.name, p.district_name, results.shown(p.total), p.scored_by]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
