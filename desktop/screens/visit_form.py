"""New visit: rendered from the visit form definition, problems added inline.

Keyboard first: fields in tab order, Ctrl+Enter saves, Esc cancels (asking first when anything
was typed). What is typed is kept as a draft in the workspace's device-local table a moment
after each change — and when the form goes away — so a closed or killed app gives it back.
Errors are shown under the field they belong to; nothing is saved until there are none.
"""

from __future__ import annotations

import json
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forms import form_definitions, visits
from forms.form_definitions import Definition, FieldError
from forms.store import local as local_store

from .. import extensions, field_editors
from ..context import AppContext
from ..field_editors import Editor, Unparsed
from ..i18n import QT_TR_NOOP, colon, language, tr
from .common import heading, muted

DRAFT_DELAY_MS = 400
ERROR_STYLE = "color: #c5221f;"
# Fields the form fills itself: a problem found on a visit is raised on the visit's day.
PROBLEM_HIDDEN = ("raised_on", "photos")


def draft_key(person_id: str | None) -> str:
    return f"visit_draft:{person_id or '-'}"


class FieldSet:
    """Editors for a definition's fields in a form layout, each with its error line."""

    def __init__(
        self,
        ctx: AppContext,
        definition: Definition,
        layout: QFormLayout,
        skip: tuple[str, ...] = (),
    ) -> None:
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        for field in definition.fields:
            if field.name in skip:
                continue
            editor = field_editors.make(field, ctx.reader, ctx.person_id)
            if editor is None:
                continue
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(editor.widget)
            box.addWidget(error)
            title = field.title(language()) + ("＊" if field.required else "")
            layout.addRow(colon(title), cell)
            self.editors[field.name] = editor
            self.errors[field.name] = error

    def raw(self) -> dict[str, Any]:
        return {name: editor.raw() for name, editor in self.editors.items()}

    def set_raw(self, raw: dict[str, Any]) -> None:
        for name, value in raw.items():
            if name in self.editors:
                self.editors[name].set_raw(value)

    def values(self) -> tuple[dict[str, Any], list[FieldError]]:
        values, errors = {}, []
        for name, editor in self.editors.items():
            try:
                value = editor.value()
            except Unparsed as e:
                errors.append(FieldError(name, *e.args))
                continue
            if value not in (None, "", []):
                values[name] = value
        return values, errors

    def show_error(self, name: str, message: str) -> bool:
        label = self.errors.get(name)
        if label is None:
            return False
        label.setText(message)
        label.show()
        return True

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()

    def on_change(self, callback: Any) -> None:
        for editor in self.editors.values():
            editor.on_change(callback)

    def hide_errors_when_edited(self) -> None:
        """A field's error goes away as soon as the person changes the field."""
        for name, editor in self.editors.items():
            editor.on_change(lambda label=self.errors[name]: label.hide())

    def first_error(self) -> QWidget | None:
        """The editor of the first field (in form order) showing an error."""
        for name, label in self.errors.items():
            if not label.isHidden():
                return self.editors[name].widget
        return None


class ProblemEditor(QGroupBox):
    removed = Signal(object)

    def __init__(self, ctx: AppContext, number: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("问题 {n}", n=number), parent)
        layout = QFormLayout(self)
        self.fields = FieldSet(
            ctx,
            form_definitions.latest("problem", ctx.reader_connection),
            layout,
            skip=PROBLEM_HIDDEN,
        )
        self.fields.hide_errors_when_edited()
        # Photos of the problem itself (linked to the problem, not only to the visit): imported
        # once the visit and its problems are saved, as the visit's own photos are.
        from ..photo_files import PhotoFiles

        self.photos = PhotoFiles(rows=3, hint=QT_TR_NOOP("所选照片的说明"))
        layout.addRow(tr("问题照片"), self.photos)
        remove = QPushButton(tr("删除"))
        remove.setAutoDefault(False)
        remove.clicked.connect(lambda: self.removed.emit(self))
        layout.addRow("", remove)


class VisitForm(QWidget):
    saved = Signal(str, str)  # visit id, project id
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.definition = form_definitions.latest("visit", ctx.reader_connection)
        self.problems: list[ProblemEditor] = []
        self._extras: dict[str, Any] = {}
        self._clean_state: dict[str, Any] | None = None
        self._loading = False
        # The pending draft lives outside the widget so it can still be written after Qt has
        # destroyed the form (window closed mid-entry).
        self._pending: dict[str, Any] = {"draft": None, "key": draft_key(ctx.person_id)}
        self._timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.save_draft)
        self._build()
        pending, ops = self._pending, ctx.ops
        ws = ctx.ws
        self.destroyed.connect(lambda *_: _flush(ws, ops, pending))

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = heading(self.definition.title.get(language(), self.definition.title["zh"]))
        self.notice = muted("")
        self.notice.hide()
        # A newer visit or problem form the office published that this app cannot render:
        # said so, and the newest version it can render is used meanwhile.
        newer = [
            e
            for e in form_definitions.unrenderable(self.ctx.reader_connection)
            if e.form_id in ("visit", "problem")
        ]
        self.newer = muted("\n".join(str(e) for e in newer))
        self.newer.setStyleSheet("color: #b26a00;")
        self.newer.setVisible(bool(newer))
        body = QWidget()
        self.form_layout = QFormLayout()
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = FieldSet(self.ctx, self.definition, self.form_layout)
        self.fields.on_change(self._changed)
        self.fields.hide_errors_when_edited()
        self.problem_box = QVBoxLayout()
        self.add_problem_button = QPushButton(tr("添加问题"))
        self.add_problem_button.setAutoDefault(False)
        self.add_problem_button.clicked.connect(lambda: self.add_problem(focus=True))
        self.extra_box = QVBoxLayout()
        column = QVBoxLayout(body)
        # Grow (and scroll) rather than squeeze the fields when problems are added.
        column.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        column.addLayout(self.form_layout)
        column.addLayout(self.problem_box)
        column.addWidget(self.add_problem_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addLayout(self.extra_box)
        column.addStretch(1)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.summary = QLabel()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.photo_jobs = QVBoxLayout()  # the problems' photo imports, after saving
        self.imports: list[Any] = []
        self.save_button = QPushButton(tr("保存 (Ctrl+Enter)"))
        self.cancel_button = QPushButton(tr("取消 (Esc)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.newer)
        layout.addWidget(self.notice)
        layout.addWidget(scroll, 1)
        layout.addLayout(self.photo_jobs)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys),
                self,
                self.save,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        QShortcut(
            QKeySequence("Escape"),
            self,
            self.cancel,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self._add_extension_panels()

    def _add_extension_panels(self) -> None:
        self.panels: list[QWidget] = []
        for spec in extensions.VISIT_PANELS:
            try:
                panel = spec.factory(self.ctx, self)
            except Exception:
                import logging

                logging.getLogger(__name__).exception("visit panel %s failed", spec.title)
                continue
            box = QGroupBox(tr(spec.title))
            QVBoxLayout(box).addWidget(panel)
            self.extra_box.addWidget(box)
            self.panels.append(panel)

    # -- starting: fresh or from the draft ---------------------------------------------------

    def start(self, project_id: str | None) -> None:
        """Fill the form for a new visit to `project_id`, or bring back the unsaved draft."""
        draft = self.load_draft()
        if draft and project_id and draft.get("project_id") != project_id:
            if not self.ctx.dialogs.confirm(
                tr("新建走访"),
                tr("有另一个项目的走访草稿未保存，继续填写它吗？（否则将丢弃该草稿）"),
            ):
                self.discard_draft()
                draft = None
        self._loading = True
        self._fresh(project_id)
        self._clean_state = self.state()
        if draft:
            self.restore(draft)
        self._loading = False
        self.notice.setVisible(bool(draft))
        self.notice.setText(tr("已恢复未保存的走访草稿。") if draft else "")
        for panel in self.panels:  # a panel keeping its own part of the draft (photo files)
            if hasattr(panel, "started"):
                panel.started(bool(draft))

    def _fresh(self, project_id: str | None) -> None:
        for problem in list(self.problems):
            self._remove_problem(problem)
        self._extras = {}
        self.fields.clear_errors()
        self.summary.clear()
        defaults = form_definitions.defaults(self.definition, self.ctx.now())
        raw = {name: editor.raw() for name, editor in self.fields.editors.items()}
        for name in raw:
            if name in defaults:
                raw[name] = defaults[name]
            elif isinstance(raw[name], str):
                raw[name] = ""
            elif isinstance(raw[name], list):
                raw[name] = []
            else:
                raw[name] = None
        raw["project_id"] = project_id
        raw["participants"] = [self.ctx.person_id] if self.ctx.person_id else []
        self.fields.set_raw(raw)

    def state(self) -> dict[str, Any]:
        """Everything typed, as plain data: what a draft holds."""
        return {
            "project_id": self.fields.editors["project_id"].raw(),
            "values": self.fields.raw(),
            "problems": [p.fields.raw() for p in self.problems],
            "problem_photos": [p.photos.entries() for p in self.problems],
            "extras": dict(self._extras),
        }

    def restore(self, draft: dict[str, Any]) -> None:
        self.fields.set_raw(draft.get("values", {}))
        photos = draft.get("problem_photos") or []
        for n, raw in enumerate(draft.get("problems", [])):
            editor = self.add_problem()
            editor.fields.set_raw(raw)
            editor.photos.set_entries(photos[n] if n < len(photos) else [])
        self._extras = dict(draft.get("extras", {}))

    @property
    def dirty(self) -> bool:
        return self._clean_state is not None and self.state() != self._clean_state

    # -- problems inline ---------------------------------------------------------------------

    def add_problem(self, focus: bool = False) -> ProblemEditor:
        editor = ProblemEditor(self.ctx, len(self.problems) + 1)
        editor.removed.connect(self._remove_problem)
        editor.fields.on_change(self._changed)
        editor.photos.changed.connect(self._changed)
        self.problems.append(editor)
        self.problem_box.addWidget(editor)
        if focus:
            next(iter(editor.fields.editors.values())).widget.setFocus()
            # Once laid out (the block has no size yet): the whole new block on screen.
            QTimer.singleShot(0, lambda: self._into_view(editor))
        self._changed()
        return editor

    def _into_view(self, widget: QWidget) -> None:
        if shiboken6.isValid(widget) and widget.parent() is not None:
            self.scroll.ensureWidgetVisible(widget, 0, 0)
            self.scroll.ensureWidgetVisible(widget.focusWidget() or widget)

    def _remove_problem(self, editor: ProblemEditor) -> None:
        self.problems.remove(editor)
        editor.setParent(None)
        editor.deleteLater()
        for n, problem in enumerate(self.problems, start=1):
            problem.setTitle(tr("问题 {n}", n=n))
        self._changed()

    # -- extension values (photos) -----------------------------------------------------------

    def set_extra(self, name: str, value: Any) -> None:
        self._extras[name] = value
        self._changed()

    def extra(self, name: str) -> Any:
        return self._extras.get(name)

    # -- the draft ---------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading:
            return
        self._pending["draft"] = self.state() if self.dirty else None
        self._pending["clear"] = not self.dirty
        self._timer.start()

    def save_draft(self) -> None:
        self._timer.stop()
        _flush(self.ctx.ws, self.ctx.ops, self._pending)

    def load_draft(self) -> dict[str, Any] | None:
        text = local_store.value(self.ctx.reader, self._pending["key"])
        try:
            return json.loads(text) if text else None
        except ValueError:
            return None

    def discard_draft(self) -> None:
        self._timer.stop()
        self._pending["draft"] = None
        key, ws = self._pending["key"], self.ctx.ws
        self.ctx.ops.run(lambda: ws.local_set(key, None))

    # -- saving and cancelling ---------------------------------------------------------------

    def collect(self) -> tuple[dict[str, Any], list[dict[str, Any]], list[FieldError]]:
        values, errors = self.fields.values()
        values.update({k: v for k, v in self._extras.items() if v not in (None, "", [])})
        day = str(values.get("visited_at") or "")[:10]
        new_problems = []
        for i, problem in enumerate(self.problems):
            problem_values, problem_errors = problem.fields.values()
            problem_values["raised_on"] = day or self.ctx.today().isoformat()
            new_problems.append(problem_values)
            errors += [FieldError(f"problems[{i}].{e.field}", e.zh, e.en) for e in problem_errors]
        return values, new_problems, errors

    def save(self) -> None:
        self.fields.clear_errors()
        for problem in self.problems:
            problem.fields.clear_errors()
        self.summary.clear()
        values, new_problems, errors = self.collect()
        if errors:
            self.show_errors(errors)
            return
        ws, person = self.ctx.ws, self.ctx.person_id
        self.save_button.setEnabled(False)
        self.ctx.write(
            lambda: visits.record(ws, values, author_id=person, new_problems=new_problems),
            lambda visit_id: self._saved(visit_id, values["project_id"]),
            self._save_failed,
        )

    def _saved(self, visit_id: str, project_id: str) -> None:
        self.save_button.setEnabled(True)
        self.discard_draft()
        self._import_problem_photos(visit_id)
        self._clean_state = self.state()
        self.saved.emit(visit_id, project_id)

    def _import_problem_photos(self, visit_id: str) -> None:
        """Each problem block's photos into the problem it became (in the blocks' order)."""
        from forms.store import problems as problem_store

        from ..photo_files import import_into

        if not any(p.photos.paths() for p in self.problems):
            return
        made = problem_store.of_visit(self.ctx.reader_connection, visit_id)
        for editor, problem_id in zip(self.problems, made, strict=False):
            job = import_into(self.ctx, editor.photos, ("problem", problem_id), self.photo_jobs)
            if job is not None:
                self.imports.append(job)

    def _save_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, visits.InvalidForm):
            self.show_errors(error.errors)
        else:
            self.ctx.show_error(error)

    def show_errors(self, errors: list[FieldError]) -> None:
        lang = language()
        unplaced = []
        for e in errors:
            placed = False
            if e.field.startswith("problems["):
                number, _, name = e.field[len("problems[") :].partition("].")
                if number.isdigit() and int(number) < len(self.problems):
                    placed = self.problems[int(number)].fields.show_error(name, e.message(lang))
            else:
                placed = self.fields.show_error(e.field, e.message(lang))
            if not placed:
                unplaced.append(e.message(lang))
        self.summary.setText("；".join([tr("请改正标出的内容后再保存。"), *unplaced]))
        first = self.fields.first_error() or next(
            (w for p in self.problems if (w := p.fields.first_error()) is not None), None
        )
        if first is not None:
            self.scroll.ensureWidgetVisible(first, 0, 60)
            first.setFocus()

    def cancel(self) -> None:
        if self.dirty and not self.ctx.dialogs.confirm(
            tr("新建走访"), tr("放弃正在填写的走访记录？")
        ):
            return
        self.discard_draft()
        self._clean_state = self.state()
        self.cancelled.emit()


def _flush(ws: Any, ops: Any, pending: dict[str, Any]) -> None:
    """Write the pending draft (or its removal) on the worker, once."""
    draft, clear = pending.get("draft"), pending.get("clear")
    pending["draft"], pending["clear"] = None, False
    key = pending["key"]
    if draft is not None:
        text = json.dumps(draft, ensure_ascii=False)
        ops.run(lambda: ws.local_set(key, text))
    elif clear:
        ops.run(lambda: ws.local_set(key, None))
