"""观摩结果: the office's ranking of a round, the red and black lists, districts, the rules
they follow and what was not counted (late, other scorecard version, amended); the bulletin
PDF and the Excel of every raw score are made from here, on the worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from forms.review import results, rounds
from forms.store import review as store

from ..context import AppContext
from ..i18n import QT_TR_NOOP, tr
from ..models.rows import Column, RowsModel
from .common import Screen, heading, muted, table

RED, BLACK = "#fde2e1", "#e0e0e0"


def load(db: Any, round_id: str | None) -> dict[str, Any]:
    all_rounds = store.rounds(db)
    if round_id is None and all_rounds:
        round_id = all_rounds[0]["id"]
    found = results.compute(db, round_id) if round_id else None
    return {"rounds": all_rounds, "results": found}


def _score(value: Any) -> str:
    return "" if value is None else f"{results.shown(value):.2f}"


def project_columns(found: results.Results) -> list[Column]:
    columns = [
        Column(QT_TR_NOOP("名次"), lambda r: r["p"].rank or "—", numeric=True, width=50),
        Column(QT_TR_NOOP("编号"), lambda r: r["p"].code, width=110),
        Column(QT_TR_NOOP("项目名称"), lambda r: r["p"].name, width=260),
        Column(QT_TR_NOOP("区县"), lambda r: r["p"].district_name, width=110),
        Column(QT_TR_NOOP("得分"), lambda r: _score(r["p"].total), numeric=True, width=70),
        Column(
            QT_TR_NOOP("评分人数"),
            lambda r: f"{r['p'].scored_by}/{len(found.members)}",
            numeric=True,
            width=70,
        ),
    ]
    for c in found.criteria:
        columns.append(
            Column(
                f"{c.label}（{c.max}）",
                lambda r, k=c.key: _score(r["p"].criteria.get(k)),
                numeric=True,
                width=90,
            )
        )
    columns.append(Column(QT_TR_NOOP("榜单"), lambda r: r["list"], width=60))
    return columns


DISTRICT_COLUMNS = [
    Column(QT_TR_NOOP("名次"), lambda r: r["d"].rank, numeric=True, width=50),
    Column(QT_TR_NOOP("区县（园区）"), lambda r: r["d"].name, width=160),
    Column(QT_TR_NOOP("参与排名项目"), lambda r: r["d"].projects, numeric=True, width=100),
    Column(QT_TR_NOOP("平均得分"), lambda r: _score(r["d"].score), numeric=True, width=90),
]


class ReviewResultsScreen(Screen):
    watches = frozenset({"review_round", "review_stop", "review_member", "review_score", "project"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.round_id: str | None = None
        self.found: results.Results | None = None
        self.round_box = QComboBox()
        self.round_box.activated.connect(self._round_chosen)
        self.summary = muted("")
        self.model = RowsModel([], self)
        self.model.background = lambda r: (
            RED if r["list"] == tr("红榜") else BLACK if r["list"] == tr("黑榜") else None
        )
        self.view = table(ctx, "review_results", self.model, [])
        self.districts = RowsModel(DISTRICT_COLUMNS, self)
        self.district_view = table(
            ctx, "review_districts", self.districts, [c.width for c in DISTRICT_COLUMNS]
        )
        self.rules = muted("")
        self.flags = QLabel()
        self.flags.setWordWrap(True)
        self.flags.setStyleSheet("color: #b26a00;")
        top = QHBoxLayout()
        top.addWidget(heading(tr("观摩点评结果")))
        top.addStretch(1)
        top.addWidget(QLabel(tr("轮次")))
        top.addWidget(self.round_box, 2)
        buttons = QHBoxLayout()
        for title, slot in (
            (tr("生成通报 PDF…"), self.bulletin),
            (tr("导出评分 Excel…"), self.export),
            (tr("结束评分"), self.close_round),
        ):
            button = QPushButton(title)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        lower = QHBoxLayout()
        side = QVBoxLayout()
        side.addWidget(self.rules)
        side.addWidget(self.flags)
        side.addStretch(1)
        lower.addWidget(self.district_view, 2)
        lower.addLayout(side, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 3)
        layout.addLayout(lower, 2)

    def refresh(self) -> None:
        super().refresh()
        ws, round_id = self.ctx.ws, self.round_id
        self.ctx.ops.run(lambda: load(ws.conn, round_id), self._show, self._failed)

    def _failed(self, error: BaseException) -> None:
        if shiboken6.isValid(self):
            self.summary.setText(str(error))

    def _show(self, data: dict[str, Any]) -> None:
        if not shiboken6.isValid(self):
            return
        self.round_box.clear()
        for r in data["rounds"]:
            self.round_box.addItem(f"{r['title']}（{r['quarter']}）", r["id"])
        found = self.found = data["results"]
        if found is None:
            self.summary.setText(tr("本机还没有观摩点评轮次。"))
            self.model.set_rows([])
            return
        self.round_id = found.round["id"]
        self.round_box.setCurrentIndex(self.round_box.findData(self.round_id))
        red = {p.project_id for p in found.red}
        black = {p.project_id for p in found.black}
        listed = {**dict.fromkeys(red, tr("红榜")), **dict.fromkeys(black, tr("黑榜"))}
        self.model.beginResetModel()
        self.model.columns = project_columns(found)
        self.model.rows = [
            {"p": p, "list": listed.get(p.project_id, ""), "id": p.project_id}
            for p in found.projects
        ]
        self.model.endResetModel()
        for n, column in enumerate(self.model.columns):
            self.view.setColumnWidth(n, column.width)
        self.districts.set_rows([{"d": d} for d in found.districts])
        state = tr("已结束评分") if found.round["closed_at"] else tr("评分中")
        self.summary.setText(
            tr(
                "{state} · 成员 {members} 人 · 项目 {projects} 个，参与排名 {ranked} 个",
                state=state,
                members=len(found.members),
                projects=len(found.projects),
                ranked=len(found.ranked),
            )
        )
        r = found.rules_text
        self.rules.setText(
            "\n".join(
                [
                    tr("计分：") + r["score"],
                    tr("同分：") + r["tie"],
                    tr("红榜：") + r["red"],
                    tr("黑榜：") + r["black"],
                    tr("区县：") + r["district"],
                ]
            )
        )
        notes = [
            f"{f['member']} {f['code']}：{f['label']}"
            for f in found.flags
            if f["kind"] != "amended"
        ]
        notes += [tr("尚未收到 {name} 的评分（未同步？）", name=n) for n in found.silent_members()]
        self.flags.setText(
            "\n".join(notes[:12]) + (f"\n… {len(notes) - 12}" if len(notes) > 12 else "")
        )

    def _round_chosen(self, _n: int) -> None:
        self.round_id = self.round_box.currentData()
        self.refresh()

    def bulletin(self) -> None:
        if not self.round_id:
            return
        path = self.ctx.dialogs.save_file(
            tr("保存观摩点评通报"), "PDF (*.pdf)", tr("观摩点评通报.pdf")
        )
        if not path:
            return
        ws, round_id = self.ctx.ws, self.round_id

        def build() -> None:
            from forms.review import bulletin

            Path(path).write_bytes(bulletin.build(ws, round_id).pdf)

        self.ctx.ops.run(
            build, lambda _r: self.ctx.dialogs.info(tr("观摩点评通报"), path), self.ctx.show_error
        )

    def export(self) -> None:
        if not self.round_id:
            return
        path = self.ctx.dialogs.save_file(tr("导出全部评分"), "Excel (*.xlsx)", tr("观摩评分.xlsx"))
        if not path:
            return
        ws, round_id = self.ctx.ws, self.round_id

        def write() -> None:
            from forms.review import export

            Path(path).write_bytes(export.workbook_bytes(ws.conn, round_id))

        self.ctx.ops.run(
            write, lambda _r: self.ctx.dialogs.info(tr("导出全部评分"), path), self.ctx.show_error
        )

    def close_round(self) -> None:
        if not self.round_id or not self.ctx.dialogs.confirm(
            tr("结束评分"), tr("结束后成员不能再评分，之后收到的评分将标为迟交。确定结束？")
        ):
            return
        ws, round_id, person = self.ctx.ws, self.round_id, self.ctx.person_id
        self.ctx.write(
            lambda: rounds.close(ws, round_id, author_id=person), lambda _r: self.refresh()
        )
