"""观摩评分: a member scores the round's projects on their own laptop, offline.

The route is a checklist in visiting order with the progress (12/30 已评); each project has one
fast form: the criteria with their maxima, typed with the number keys, Tab to move, a comment,
Enter to save and go to the next project not yet scored. A value above a criterion's maximum
cannot be typed (refused in place); a score after the round closed is refused with a message.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.review import rounds, scorecard
from forms.store import review as store

from .. import display
from ..context import AppContext
from ..i18n import tr
from .common import Screen, heading, muted


def load(db: Any, round_id: str | None) -> dict[str, Any]:
    """Everything the screen shows, read on the worker."""
    all_rounds = store.rounds(db)
    if round_id is None and all_rounds:
        round_id = next((r["id"] for r in all_rounds if not r["closed_at"]), all_rounds[0]["id"])
    if round_id is None:
        return {"rounds": [], "round": None}
    round_ = store.round_(db, round_id)
    try:
        criteria = scorecard.criteria(rounds.card_of(db, round_))
        problem = None
    except Exception as e:  # a form this app cannot render, or not synced yet: say so
        criteria, problem = [], str(e)
    return {
        "rounds": all_rounds,
        "round": round_,
        "criteria": criteria,
        "problem": problem,
        "members": store.members(db, round_id),
        "stops": store.stops(db, round_id),
        "scores": store.scores(db, round_id),
    }


class PointsValidator(QValidator):
    """Points from 0 to the maximum with at most one decimal; a key that would go outside is
    not taken (the field keeps what it had), so an out-of-range score cannot be typed."""

    def __init__(self, maximum: int, parent: Any = None) -> None:
        super().__init__(parent)
        self.maximum = maximum

    def validate(self, text: str, pos: int) -> Any:
        if text == "":
            return QValidator.State.Intermediate, text, pos
        whole, dot, fraction = text.partition(".")
        if not whole.isdigit() or (fraction and not fraction.isdigit()) or len(fraction) > 1:
            return QValidator.State.Invalid, text, pos
        if float(text) > self.maximum:
            return QValidator.State.Invalid, text, pos
        state = (
            QValidator.State.Intermediate if dot and not fraction else QValidator.State.Acceptable
        )
        return state, text, pos


class ScoreEditor(QWidget):
    """The criteria of one project: one line per criterion, its maximum beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.inner: QWidget | None = None
        self.fields: dict[str, QLineEdit] = {}
        self.maxima: dict[str, int] = {}
        self.shown: list[scorecard.Criterion] | None = None
        self.comment = QPlainTextEdit()

    def set_criteria(self, criteria: list[scorecard.Criterion]) -> None:
        """Lay out the criteria; kept as they are when the scorecard has not changed (a
        refresh after each save must not take the focus from under the typing)."""
        if criteria == self.shown:
            return
        self.shown = list(criteria)
        if self.inner is not None:
            self.inner.deleteLater()
        # A new form on a widget of its own, shown once whole: children added to a visible
        # widget would stay hidden.
        self.inner = QWidget(self)
        self.form = QFormLayout(self.inner)
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.comment.setPlaceholderText(tr("点评意见（可选）"))
        self.comment.setFixedHeight(90)
        self.fields, self.maxima = {}, {}
        for c in criteria:
            edit = QLineEdit()
            edit.setValidator(PointsValidator(c.max, edit))  # refused in place
            edit.setMaxLength(6)
            edit.setFixedWidth(90)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            row = QHBoxLayout()
            row.addWidget(edit)
            row.addWidget(muted(tr("/ {max} 分", max=c.max)))
            row.addStretch(1)
            self.form.addRow(f"{c.label}", row)
            self.fields[c.key], self.maxima[c.key] = edit, c.max
        self.form.addRow(tr("点评意见"), self.comment)
        chain = [*self.fields.values(), self.comment]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)  # criteria in scorecard order, then the comment
        self.outer.addWidget(self.inner)
        self.inner.show()

    def set_values(self, points: dict[str, Any] | None, comment: str = "") -> None:
        for key, edit in self.fields.items():
            value = (points or {}).get(key)
            edit.setText("" if value is None else f"{value:g}")
        self.comment.setPlainText(comment or "")

    def values(self) -> tuple[dict[str, int | float], list[str]]:
        """The points typed, and what is missing or not acceptable."""
        points: dict[str, int | float] = {}
        missing = []
        for key, edit in self.fields.items():
            text = edit.text().strip()
            if not text or not edit.hasAcceptableInput():
                missing.append(key)
                continue
            number = float(text)
            points[key] = int(number) if number.is_integer() else number
        return points, missing

    def first(self) -> None:
        if self.fields:
            edit = next(iter(self.fields.values()))
            edit.setFocus()
            edit.selectAll()


class ReviewScoringScreen(Screen):
    watches = frozenset({"review_round", "review_stop", "review_member", "review_score"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: dict[str, Any] = {"rounds": [], "round": None}
        self.round_id: str | None = None
        self.title = heading(tr("观摩评分"))
        self.round_box = QComboBox()
        self.round_box.activated.connect(self._round_chosen)
        self.member_box = QComboBox()
        self.member_box.activated.connect(lambda _n: self._show_route())
        self.progress = QLabel()
        self.route = QListWidget()
        self.route.currentRowChanged.connect(self._project_chosen)
        self.project_title = heading("", 1.15)
        self.project_facts = muted("")
        self.editor = ScoreEditor()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.photos_box = QVBoxLayout()
        self.gallery: QWidget | None = None  # the project's photos, made per project
        self.save_button = QPushButton(tr("保存并下一个"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(QLabel(tr("轮次")))
        top.addWidget(self.round_box, 2)
        top.addWidget(QLabel(tr("评分人")))
        top.addWidget(self.member_box, 1)
        left = QVBoxLayout()
        left.addWidget(self.progress)
        left.addWidget(self.route, 1)
        right = QVBoxLayout()
        right.addWidget(self.project_title)
        right.addWidget(self.project_facts)
        right.addWidget(self.editor)
        right.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(muted(tr("数字键输入分数，Tab 切换，回车保存并进入下一个项目。")), 1)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        right.addLayout(self.photos_box, 1)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    # -- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        ws, round_id = self.ctx.ws, self.round_id
        self.ctx.ops.run(lambda: load(ws.conn, round_id), self._show)

    def _show(self, data: dict[str, Any]) -> None:
        if not shiboken6.isValid(self):
            return
        self.data = data
        self.round_box.clear()
        for r in data["rounds"]:
            state = tr("已结束") if r["closed_at"] else tr("评分中")
            self.round_box.addItem(f"{r['title']}（{r['quarter']}，{state}）", r["id"])
        if data["round"] is None:
            self.round_id = None
            self.progress.setText(tr("本机还没有观摩点评轮次（请先同步）。"))
            self.route.clear()
            self.editor.set_criteria([])
            return
        self.round_id = data["round"]["id"]
        self.round_box.setCurrentIndex(self.round_box.findData(self.round_id))
        chosen = self.member_box.currentData() or self.ctx.person_id
        self.member_box.clear()
        for m in data["members"]:
            self.member_box.addItem(m["name"] or m["person_id"][:8], m["person_id"])
        at = self.member_box.findData(chosen)
        self.member_box.setCurrentIndex(max(0, at))
        self.editor.set_criteria(data["criteria"])
        if data["problem"]:
            self.message.setText(data["problem"])
        self._show_route()

    def _round_chosen(self, _n: int) -> None:
        self.round_id = self.round_box.currentData()
        self.refresh()

    def member(self) -> str | None:
        return self.member_box.currentData()

    def latest(self) -> dict[str, dict[str, Any]]:
        """This member's current score per project (the latest by stamp)."""
        out: dict[str, dict[str, Any]] = {}
        for row in self.data.get("scores", []):
            if row["member_id"] == self.member():
                out[row["project_id"]] = row
        return out

    def _show_route(self) -> None:
        stops, scored = self.data.get("stops", []), self.latest()
        row = self.route.currentRow()
        if row < 0 or getattr(self, "_advance", False):
            # first shown, or just saved: on to the next project not yet scored
            self._advance = False
            order = [*range(row + 1, len(stops)), *range(row + 1)]
            row = next((n for n in order if stops[n]["project_id"] not in scored), max(row, 0))
        self.route.blockSignals(True)
        self.route.clear()
        for stop in stops:
            done = stop["project_id"] in scored
            day = display.date(stop["planned_day"]) if stop["planned_day"] else ""
            text = f"{stop['position']}. {stop['name'] or stop['project_id'][:8]}"
            item = QListWidgetItem(f"{text}  {day}".rstrip())
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, stop["project_id"])
            self.route.addItem(item)
        self.route.blockSignals(False)
        self.progress.setText(
            tr(
                "已评 {done}/{total}",
                done=len(set(scored) & {s["project_id"] for s in stops}),
                total=len(stops),
            )
        )
        if stops:
            self.route.setCurrentRow(min(max(row, 0), len(stops) - 1))
            self._project_chosen(self.route.currentRow())

    def _project_chosen(self, row: int) -> None:
        stops = self.data.get("stops", [])
        if not 0 <= row < len(stops):
            return
        stop = stops[row]
        self.project_title.setText(f"{stop['code'] or ''}  {stop['name'] or ''}")
        self.project_facts.setText(
            "　".join(x for x in (stop["district_name"], stop["enterprise"]) if x)
        )
        self._show_photos(stop["project_id"])
        current = self.latest().get(stop["project_id"])
        self.editor.set_values(
            current["points"] if current else None, current["comment"] if current else ""
        )
        closed = bool(self.data["round"]["closed_at"])
        self.save_button.setEnabled(not closed and bool(self.editor.fields))
        if closed:
            self.message.setText(tr("本轮已结束评分，不能再修改。"))
        self.editor.first()

    def _show_photos(self, project_id: str) -> None:
        """The project's photos, where the member adds what they took on site."""
        if self.gallery is not None and self.gallery.attach_to == ("project", project_id):
            return
        from ..photo_gallery import PhotoGallery

        if self.gallery is not None:
            self.photos_box.removeWidget(self.gallery)
            self.gallery.hide()  # out of the layout now, deleted when the event loop runs
            self.gallery.deleteLater()
        self.gallery = PhotoGallery(
            self.ctx.ws, self.ctx.ops, ("project", project_id), author_id=self.member()
        )
        self.photos_box.addWidget(self.gallery)
        self.gallery.show()  # a child added to a visible widget stays hidden until shown

    # -- saving ------------------------------------------------------------------------------

    def current_project(self) -> str | None:
        item = self.route.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def save(self) -> None:
        project, member, round_id = self.current_project(), self.member(), self.round_id
        if not (project and member and round_id):
            return
        points, missing = self.editor.values()
        if missing:
            self.message.setText(tr("请填写每一项的分数（0 至满分）。"))
            self.editor.fields[missing[0]].setFocus()
            return
        comment = self.editor.comment.toPlainText().strip()
        ws = self.ctx.ws
        self.ctx.write(
            lambda: rounds.score(ws, round_id, member, project, points, comment=comment),
            lambda _id: self._saved(),
            self._refused,
        )

    def _refused(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.message.setText(str(error))

    def _saved(self) -> None:
        if not shiboken6.isValid(self):
            return
        self.message.setText(tr("已保存。"))
        self._advance = True  # the route shows next the first project not yet scored
        self.refresh()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.save_button.isEnabled():
            self.save()
            return
        super().keyPressEvent(event)
