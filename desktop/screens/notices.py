"""督办文书: the register of issued notices (督办通知, 催办, 通报) and their life — 签收, the
unit's reply, closing — and under it the escalation ladder's proposals, each taken in one
click. Thin: every action is a `forms` call on the worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from forms import escalation, notices, workdays
from forms.documents import numbering
from forms.documents.context import read_settings
from forms.store import notices as notice_store
from forms.store import problems as problem_store
from forms.store import settings as settings_store

from .. import display
from ..context import AppContext
from ..i18n import QT_TR_NOOP, tr
from ..models.rows import Column, RowsModel
from .common import Screen, heading, muted, table

OVERDUE_BACKGROUND = "#fde4e1"
SCAN_FILTER = "Images (*.jpg *.jpeg *.png *.heic *.tif *.tiff)"

NOTICE_COLUMNS = [
    Column(QT_TR_NOOP("文号"), lambda r: r["number"], width=170),
    Column(QT_TR_NOOP("类型"), lambda r: tr(notices.KIND_ZH[r["kind"]]), width=70),
    Column(QT_TR_NOOP("责任单位"), lambda r: r["unit"] or "—", width=150),
    Column(
        QT_TR_NOOP("状态"),
        lambda r: (
            tr(notices.STATUS_ZH[r["status"]]) + (tr("（逾期未复）") if r["reply_overdue"] else "")
        ),
        width=120,
    ),
    Column(QT_TR_NOOP("印发日期"), lambda r: display.date(r["issued_on"]), width=110),
    Column(QT_TR_NOOP("复函时限"), lambda r: display.date(r["reply_due"]), width=110),
    Column(QT_TR_NOOP("问题"), lambda r: len(r["problems"]), numeric=True, width=50),
]
EVENT_COLUMNS = [
    Column(QT_TR_NOOP("日期"), lambda r: display.datetime(r["at"]), width=110),
    Column(QT_TR_NOOP("操作"), lambda r: tr(EVENT_ZH.get(r["kind"], r["kind"])), width=70),
    Column(QT_TR_NOOP("记录人"), lambda r: r["author_name"], width=70),
    Column(QT_TR_NOOP("说明"), lambda r: r["note"] or r["reply_text"] or "", width=300),
]
EVENT_ZH = {
    "delivered": QT_TR_NOOP("签收"),
    "replied": QT_TR_NOOP("回复"),
    "closed": QT_TR_NOOP("办结"),
    "numbered": QT_TR_NOOP("确认文号"),
}
PROPOSAL_COLUMNS = [
    Column(QT_TR_NOOP("问题编号"), lambda r: r["number"], width=100),
    Column(QT_TR_NOOP("责任单位"), lambda r: r["unit_name"] or "—", width=150),
    Column(QT_TR_NOOP("时限"), lambda r: display.date(r["deadline"]), width=110),
    Column(QT_TR_NOOP("超期工作日"), lambda r: r["overdue_workdays"], numeric=True, width=100),
    Column(
        QT_TR_NOOP("已到"), lambda r: tr(escalation.STEP_ZH.get(r["reached"] or "", "—")), width=70
    ),
    Column(QT_TR_NOOP("下一步"), lambda r: tr(escalation.STEP_ZH[r["next_step"]]), width=80),
    Column(QT_TR_NOOP("问题描述"), lambda r: r["description"], width=260),
]


class NoticesScreen(Screen):
    watches = frozenset({"notice", "notice_event", "problem", "problem_event", "setting"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.register = RowsModel(NOTICE_COLUMNS, self)
        self.register.background = lambda r: OVERDUE_BACKGROUND if r["reply_overdue"] else None
        self.view = table(ctx, "notices", self.register, [c.width for c in NOTICE_COLUMNS])
        self.events = RowsModel(EVENT_COLUMNS, self)
        self.events_view = table(
            ctx, "notice_events", self.events, [c.width for c in EVENT_COLUMNS]
        )
        self.events_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.proposals = RowsModel(PROPOSAL_COLUMNS, self)
        self.proposals_view = table(
            ctx, "escalation", self.proposals, [c.width for c in PROPOSAL_COLUMNS]
        )
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText(tr("输入文号或扫描回执二维码"))
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMinimumWidth(260)
        self.find_box.returnPressed.connect(self.find)
        self.count = QLabel()
        self.count.setMinimumWidth(120)
        self.proposal_count = QLabel()
        self.proposal_count.setMinimumWidth(140)
        self.calendar_note = muted("")
        self.buttons = {
            "deliver": QPushButton(tr("签收")),
            "reply": QPushButton(tr("登记回复…")),
            "close": QPushButton(tr("办结通知…")),
            "confirm": QPushButton(tr("确认文号")),
            "print": QPushButton(tr("打印…")),
        }
        for name, button in self.buttons.items():
            button.clicked.connect(lambda _=False, n=name: self.act(n))
        self.step_button = QPushButton(tr("按建议执行"))
        self.step_button.clicked.connect(self.take_step)
        self._layout()
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.proposals_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._enable_step()
        )

    def _layout(self) -> None:
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(heading(tr("督办文书"), 1.1))
        head.addWidget(self.find_box)
        head.addStretch(1)
        head.addWidget(self.count)
        column.addLayout(head)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(6, 0, 0, 0)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        side_column.addLayout(row)
        side_column.addWidget(QLabel(tr("文书记录")))
        side_column.addWidget(self.events_view, 1)
        split.addWidget(side)
        split.setSizes([800, 520])
        column.addWidget(split, 1)
        bottom = QWidget()
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(heading(tr("逐级督办建议"), 1.0))
        bar.addWidget(self.calendar_note, 1)
        bar.addWidget(self.proposal_count)
        bar.addWidget(self.step_button)
        lower.addLayout(bar)
        lower.addWidget(self.proposals_view, 1)
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(top)
        outer.addWidget(bottom)
        outer.setSizes([380, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(outer)

    # -- loading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        chosen = self._current()
        db, today = self.ctx.reader, self.ctx.today()
        self.register.set_rows(notices.register(db, today))
        self.count.setText(tr("共 {n} 份文书", n=self.register.rowCount()))
        calendar = workdays.Calendar.from_settings(
            settings_store.with_prefix(db, workdays.SCHEDULE_KEY)
        )
        found = problem_store.problem_rows(
            db,
            problem_store.problem_ids(db, problem_store.ProblemFilter(overdue=True, today=today)),
        )
        due = [
            {
                **p.problem,
                "overdue_workdays": p.overdue_workdays,
                "reached": p.reached,
                "next_step": p.next_step,
            }
            for p in escalation.propose(db, today, calendar, found)
            if p.next_step
        ]
        due.sort(key=lambda r: (-escalation.STEPS.index(r["next_step"]), -r["overdue_workdays"]))
        self.proposals.set_rows(due)
        self.proposal_count.setText(tr("共 {n} 个待升级问题", n=len(due)))
        self.calendar_note.setText(calendar.warning() or "")
        self._reselect(chosen)
        self._show_current()
        self._enable_step()

    def find(self) -> None:
        """Choose the notice a typed 文号 or a scanned slip names (a scanner types the QR code's
        lines into the box, pressing Enter after each: wait until the id has come)."""
        text = self.find_box.text()
        found = notice_store.find(self.ctx.reader, text)
        if found is None:
            if "SITELEDGER-NOTICE/1" in text and "ID:" not in text:
                return  # the rest of the scan is still coming
            self.ctx.dialogs.error(tr("督办文书"), tr("没有文号为“{name}”的通知", name=text[:60]))
            return
        self.find_box.clear()
        self._reselect(found)
        self._show_current()

    def _current(self) -> dict[str, Any] | None:
        return self.register.row(self.view.currentIndex())

    def _reselect(self, chosen: dict[str, Any] | None) -> None:
        if chosen is None:
            return
        for n, row in enumerate(self.register.rows):
            if row["id"] == chosen["id"]:
                self.view.selectRow(n)
                return

    def _show_current(self) -> None:
        row = self._current()
        self.events.set_rows(notices.history(self.ctx.reader, row["id"]) if row else [])
        office = numbering.is_numbering_office(_Reader(self.ctx.reader, self.ctx.ws.device_id))
        open_ = bool(row) and row["status"] != "closed"
        self.buttons["deliver"].setEnabled(open_ and not row["delivered_on"])
        self.buttons["reply"].setEnabled(open_ and row["kind"] != "bulletin")
        self.buttons["close"].setEnabled(open_)
        self.buttons["confirm"].setEnabled(
            bool(row)
            and office
            and bool(row["provisional_number"])
            and row["number"] == row["provisional_number"]
        )
        self.buttons["print"].setEnabled(bool(row))

    def _enable_step(self) -> None:
        self.step_button.setEnabled(
            self.proposals.row(self.proposals_view.currentIndex()) is not None
        )

    # -- notice actions ------------------------------------------------------------------------

    def act(self, action: str) -> None:
        row = self._current()
        if row is None:
            return
        if action == "print":
            from forms.documents import notice as notice_doc

            from ..panels.documents import open_document_preview

            ws = self.ctx.ws
            open_document_preview(self, self.ctx.ops, lambda: notice_doc.build(ws, row["id"]))
            return
        work = self._work(action, row)
        if work is not None:
            self.ctx.write(work)

    def _work(self, action: str, row: dict[str, Any]) -> Any:
        """The write an action makes, after asking what it needs; None when cancelled."""
        ws, person, number, today = self.ctx.ws, self.ctx.person_id, row["number"], self.ctx.today()
        ask = self.ctx.dialogs.ask_text
        if action == "deliver":
            note = ask(tr("签收"), tr("签收人（可不填）："))
            if note is None:
                return None
            return lambda: notices.deliver(
                ws, number, on=today, note=note or None, author_id=person
            )
        if action == "reply":
            text = ask(tr("登记回复…"), tr("回复内容："))
            if not text:
                return None
            scan = self.ctx.dialogs.open_file(tr("登记回复…"), SCAN_FILTER)
            path = Path(scan) if scan else None
            return lambda: notices.reply(
                ws, number, on=today, text=text, scan=path, author_id=person
            )
        if action == "close":
            reason = ask(tr("办结通知…"), tr("办结理由："))
            if reason is None:
                return None
            return lambda: notices.close(ws, number, on=today, reason=reason, author_id=person)
        from forms.documents import notice as notice_doc

        def confirm() -> str:
            prefix = notice_doc.prefix_for(read_settings(ws), row["kind"])
            return numbering.confirm(ws, row["id"], prefix, author_id=person)

        return confirm

    # -- escalation ----------------------------------------------------------------------------

    def take_step(self) -> None:
        """The chosen proposal's step, for every proposal of that step (per unit for notices)."""
        chosen = self.proposals.row(self.proposals_view.currentIndex())
        if chosen is None:
            return
        step = chosen["next_step"]
        same = [r for r in self.proposals.rows if r["next_step"] == step]
        if step in ("notice", "interview"):
            same = [r for r in same if r["unit_id"] == chosen["unit_id"]]
        ids = [r["id"] for r in same]
        ws, person, today = self.ctx.ws, self.ctx.person_id, self.ctx.today()
        if step == "remind":
            note = self.ctx.dialogs.ask_text(tr("提醒"), tr("提醒方式："), tr("电话提醒责任单位"))
            if not note:
                return
            self.ctx.write(
                lambda: escalation.remind(ws, ids, today=today, note=note, author_id=person)
            )
        elif step == "notice":
            from forms.documents import notice as notice_doc

            unit_id = chosen["unit_id"]
            self.ctx.write(
                lambda: notice_doc.issue(
                    ws, unit_id, today=today, author_id=person, problem_ids=ids
                )
            )
        elif step == "bulletin":
            self.ctx.write(lambda: escalation.bulletin(ws, ids, today=today, author_id=person))
        else:
            answers = [
                self.ctx.dialogs.ask_text(tr("约谈记录"), tr(label))
                for label in (
                    QT_TR_NOOP("约谈人："),
                    QT_TR_NOOP("被约谈人："),
                    QT_TR_NOOP("约谈结果："),
                )
            ]
            if any(a is None for a in answers):
                return
            by, attendees, outcome = answers
            unit_id = chosen["unit_id"]
            self.ctx.write(
                lambda: escalation.interview(
                    ws,
                    ids,
                    held_on=today,
                    convened_by=by,
                    attendees=attendees,
                    outcome=outcome,
                    unit_id=unit_id,
                    author_id=person,
                )
            )


class _Reader:
    """A read-only stand-in for a workspace over the reader connection: what the forms
    queries that take a workspace read (`db`, `device_id`)."""

    def __init__(self, db: Any, device_id: str = "") -> None:
        self.db, self.device_id = db, device_id
