"""The main window: composes the screens, routes navigation, holds menus and the status bar.
Each screen lives in its own module under `desktop/screens/`; nothing else belongs here."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from forms.store import problems as problem_store

from . import extensions
from .context import AppContext
from .i18n import QT_TR_NOOP, language, tr

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

# `Qt` is imported where it is used: PySide makes the Python enums of Qt's namespace on first
# use, ~15 ms, and the first frame needs none of them (see _after_first_paint).

# name -> (module, class): one module per screen, imported when first shown.
SCREENS = {
    "sign_in": ("desktop.screens.sign_in", "SignInScreen"),
    "dashboard": ("desktop.screens.dashboard", "DashboardScreen"),
    "my_projects": ("desktop.screens.my_projects", "MyProjectsScreen"),
    "ledger": ("desktop.screens.ledger", "LedgerScreen"),
    "project": ("desktop.screens.project", "ProjectScreen"),
    "visit": ("desktop.screens.visit_form", "VisitForm"),
    "problems": ("desktop.screens.problems", "ProblemsScreen"),
    "notices": ("desktop.screens.notices", "NoticesScreen"),
    "review_scoring": ("desktop.screens.review_scoring", "ReviewScoringScreen"),
    "review_results": ("desktop.screens.review_results", "ReviewResultsScreen"),
}
# The heading the first frame shows for the first screen while its module is imported.
SKELETON_TITLES = {"sign_in": QT_TR_NOOP("选择登录人员"), "dashboard": QT_TR_NOOP("工作台")}
# If no paint comes (a minimised start), what waits for the first paint runs after this.
FIRST_PAINT_LIMIT_MS = 300
# What the toolbar's actions do, shown as their tooltips (with the shortcut).
TIPS = {
    QT_TR_NOOP("工作台"): QT_TR_NOOP("今天的工作、五率、督办升级与月报报送"),
    QT_TR_NOOP("我的项目"): QT_TR_NOOP("我包抓包联的项目及其走访提醒"),
    QT_TR_NOOP("项目台账"): QT_TR_NOOP("全部项目：筛选、搜索、导入导出 Excel"),
    QT_TR_NOOP("问题清单"): QT_TR_NOOP("全部问题：亮灯、超期工作日、交办与销号"),
    QT_TR_NOOP("督办文书"): QT_TR_NOOP("督办通知、催办、通报的登记簿与升级建议"),
    QT_TR_NOOP("新建走访"): QT_TR_NOOP("为当前项目记录一次现场走访"),
}

MENUS = (
    ("file", QT_TR_NOOP("文件(&F)")),
    ("view", QT_TR_NOOP("视图(&V)")),
    ("visit", QT_TR_NOOP("走访(&I)")),
    ("settings", QT_TR_NOOP("设置(&S)")),
    ("help", QT_TR_NOOP("帮助(&H)")),
)


class MainWindow(QMainWindow):
    # Once, when the window's first frame is on screen: the composition root then loads what
    # that frame did not need (extensions, the printed documents' fonts, sqlite-utils).
    first_painted = Signal()

    def __init__(
        self, ctx: AppContext, on_switch_workspace: Any = None, on_language: Any = None
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.on_switch_workspace = on_switch_workspace
        self.on_language = on_language  # rebuilds the window in the new language
        self.setWindowTitle(tr("SiteLedger 项目督导台账"))
        # Small enough for a 1366×768 laptop at 150 % (911×512 logical pixels free at most).
        self.setMinimumSize(800, 480)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.screens: dict[str, QWidget] = {}
        self.skeleton: QWidget | None = None  # the first screen's stand-in in the first frame
        self.history: list[str] = []
        self.menus: dict[str, QMenu] = {}
        self._extensions_added: set[int] = set()
        self._build_menus()
        self._build_status_bar()
        self.add_extensions()
        self._first_paint = _FirstPaint(self.statusBar(), self._after_first_paint)
        ctx.dialogs.parent = self
        # Bound methods, not lambdas: Qt drops them with the window if the context outlives it.
        ctx.changes.changed.connect(self.update_status)
        ctx.changes.person_changed.connect(self.update_status)
        geometry = ctx.settings.geometry("main")
        if geometry:
            self.restoreGeometry(geometry)
        else:
            free = QWidget.screen(self).availableGeometry()  # self.screen(name) is a screen
            self.resize(min(1280, free.width()), min(720, free.height() - 32))
        first = "dashboard" if ctx.person_id else "sign_in"
        if ctx.ops.synchronous:  # tests drive the window at once
            self.go(first)
        else:
            self._show_skeleton(first)
        self.update_status()

    # -- screens -----------------------------------------------------------------------------

    def _show_skeleton(self, name: str) -> None:
        """The first frame shows screen `name` as its heading and a loading line; its module is
        imported and the screen built once that frame is on screen (_after_first_paint)."""
        page = QWidget()
        page.title = QLabel(tr(SKELETON_TITLES.get(name, QT_TR_NOOP("SiteLedger 项目督导台账"))))
        font = QFont(page.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        page.title.setFont(font)
        loading = QLabel(tr("正在载入…"))
        loading.setStyleSheet("color: #5f6b7a;")
        box = QVBoxLayout(page)
        box.addWidget(page.title)
        box.addWidget(loading)
        box.addStretch(1)
        page.screen_name = name
        self.skeleton = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        if name in self.nav_actions:
            self.nav_actions[name].setChecked(True)

    def _drop_skeleton(self) -> None:
        if self.skeleton is not None:
            self.stack.removeWidget(self.skeleton)
            self.skeleton.deleteLater()
            self.skeleton = None

    def _after_first_paint(self) -> None:
        """The first frame is on screen: build the screen its skeleton stands for, set what
        needs Qt's namespace, and tell the composition root (first_painted)."""
        from PySide6.QtCore import Qt

        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if self.skeleton is not None:
            self.go(self.skeleton.screen_name)
            self.update_status()
        self.first_painted.emit()

    def screen(self, name: str) -> QWidget:
        """The screen called `name`, built the first time it is wanted: start-up pays only
        for the screen it shows."""
        if name not in self.screens:
            module, cls = SCREENS[name]
            screen = getattr(importlib.import_module(module), cls)(self.ctx)
            self.screens[name] = screen
            self.stack.addWidget(screen)
            self._wire(name, screen)
        return self.screens[name]

    def _wire(self, name: str, screen: Any) -> None:
        if name == "sign_in":
            screen.signed_in.connect(lambda _p: self.go("dashboard"))
        if name in ("dashboard", "my_projects", "ledger", "problems"):
            screen.open_project.connect(self.open_project)
        if name in ("my_projects", "project"):
            screen.new_visit.connect(self.new_visit)
        if name in ("project", "dashboard"):
            screen.open_problem.connect(self.open_problem)
        if name == "project":
            screen.back.connect(self.back)
        if name == "visit":
            screen.saved.connect(lambda _v, project_id: self.open_project(project_id, replace=True))
            screen.cancelled.connect(self.back)

    def go(self, name: str) -> None:
        self._drop_skeleton()
        if name != "sign_in" and self._sign_in_needed():
            name = "sign_in"  # nothing is seen signed out (but an empty workspace has no one)
        if self.history and self.history[-1] == name:
            self.stack.setCurrentWidget(self.screen(name))
            return
        self.history.append(name)
        del self.history[:-20]
        self.stack.setCurrentWidget(self.screen(name))
        for action in getattr(self, "nav_actions", {}).values():
            action.setChecked(False)
        if name in getattr(self, "nav_actions", {}):
            self.nav_actions[name].setChecked(True)

    def _sign_in_needed(self) -> bool:
        from forms.store import sign_in

        return not self.ctx.person_id and sign_in.anyone_to_sign_in(self.ctx.reader_connection)

    def back(self) -> None:
        if len(self.history) > 1:
            self.history.pop()
            self.go(self.history.pop())

    def open_project(self, project_id: str, replace: bool = False) -> None:
        if replace and self.history and self.history[-1] == "visit":
            self.history.pop()
        self.screen("project").show_project(project_id)
        self.go("project")

    def new_visit(self, project_id: str | None = None) -> None:
        if not self.ctx.person_id:
            self.go("sign_in")
            return
        self.screen("visit").start(project_id)
        self.go("visit")

    def open_problem(self, problem_id: str) -> None:
        self.go("problems")
        self.screen("problems").select(problem_id)

    # -- menus -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        for key, title in MENUS:
            self.menus[key] = self.menuBar().addMenu(tr(title))
        self._action("file", QT_TR_NOOP("选择工作区…"), self._switch_workspace, "Ctrl+O")
        self._action(
            "file", QT_TR_NOOP("导入台账 Excel…"), lambda: self._ledger().import_excel(), "Ctrl+I"
        )
        self._action(
            "file", QT_TR_NOOP("导出台账 Excel…"), lambda: self._ledger().export_excel(), "Ctrl+E"
        )
        self.menus["file"].addSeparator()
        self._action("file", QT_TR_NOOP("退出"), self.close, QKeySequence.StandardKey.Quit)
        toolbar = QToolBar(tr("视图(&V)").replace("(&V)", ""))
        toolbar.setMovable(False)
        # Text only (set once the first frame is on screen): actions without icons show their
        # text either way.
        self.toolbar = toolbar
        self.addToolBar(toolbar)
        self.nav_actions: dict[str, QAction] = {}
        for n, (name, title) in enumerate(
            (
                ("dashboard", QT_TR_NOOP("工作台")),
                ("my_projects", QT_TR_NOOP("我的项目")),
                ("ledger", QT_TR_NOOP("项目台账")),
                ("problems", QT_TR_NOOP("问题清单")),
                ("notices", QT_TR_NOOP("督办文书")),
            )
        ):
            action = self._action("view", title, lambda _=False, s=name: self.go(s), f"Ctrl+{n}")
            action.setCheckable(True)
            toolbar.addAction(action)
            self.nav_actions[name] = action
        self.menus["view"].addSeparator()
        self._action("view", QT_TR_NOOP("返回"), self.back, QKeySequence.StandardKey.Back)
        self._action("view", QT_TR_NOOP("刷新"), self.refresh_all, QKeySequence.StandardKey.Refresh)
        self._action("view", QT_TR_NOOP("全局搜索…"), self.search_everything, "Ctrl+K")
        visit = self._action(
            "visit",
            QT_TR_NOOP("新建走访"),
            lambda: self.new_visit(self._chosen_project()),
            QKeySequence.StandardKey.New,
        )
        toolbar.addSeparator()
        toolbar.addAction(visit)
        self._action("settings", QT_TR_NOOP("切换人员…"), lambda: self.go("sign_in"))
        self._language_menu()
        self._action("help", QT_TR_NOOP("帮助"), self._help, QKeySequence.StandardKey.HelpContents)
        self._action("help", QT_TR_NOOP("关于"), self._about)

    def add_extensions(self) -> None:
        """The menu actions and status widgets of `desktop.extensions` not added yet: those
        registered when the window is built, and those of extensions loaded after its first
        paint (the app loads them then; start-up does not wait for them)."""
        for menu, factory in extensions.MENU_ACTIONS:
            if self._new_extension(factory):
                self._extension_menu(menu).addAction(factory(self.ctx, self))
        for factory in extensions.STATUS_WIDGETS:
            if self._new_extension(factory):
                self.statusBar().addPermanentWidget(factory(self.ctx))

    def _new_extension(self, factory: Any) -> bool:
        if id(factory) in self._extensions_added:
            return False
        self._extensions_added.add(id(factory))
        return True

    def _extension_menu(self, menu: str) -> QMenu:
        if menu not in self.menus:
            # New menus go before 帮助, which stays last as everywhere else.
            added = QMenu(tr(menu), self)
            self.menuBar().insertMenu(self.menus["help"].menuAction(), added)
            self.menus[menu] = added
        return self.menus[menu]

    def _action(self, menu: str, title: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(tr(title), self)
        if shortcut is not None:
            action.setShortcuts(_key_sequences(shortcut))
        if title in TIPS:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(tr(TIPS[title]) + (f"（{keys}）" if keys else ""))
        action.triggered.connect(slot)
        self.menus[menu].addAction(action)
        return action

    def _language_menu(self) -> None:
        sub = self.menus["settings"].addMenu(tr("语言"))
        group = QActionGroup(self)
        for lang, title in (("zh", "中文"), ("en", "English")):
            action = QAction(title, self, checkable=True, checked=language() == lang)
            action.triggered.connect(lambda _=False, value=lang: self._set_language(value))
            group.addAction(action)
            sub.addAction(action)

    def _set_language(self, lang: str) -> None:
        if lang == language():
            return
        self.ctx.settings.language = lang
        if self.on_language is None:
            self.ctx.dialogs.info(tr("语言"), tr("语言设置将在重新启动后生效。"))
            return
        self.on_language(self, lang)

    def current_screen(self) -> str | None:
        return self.history[-1] if self.history else None

    def _ledger(self) -> Any:
        self.go("ledger")
        if self.current_screen() != "ledger":  # not signed in: the sign-in screen instead
            return _Nothing()
        return self.screens["ledger"]

    def _chosen_project(self) -> str | None:
        current = self.stack.currentWidget()
        if current is self.screens.get("project"):
            return current.project_id
        if current is self.screens.get("my_projects"):
            return current.selected_project()
        return None

    def _switch_workspace(self) -> None:
        if self.on_switch_workspace:
            self.on_switch_workspace(self)

    def search_everything(self) -> Any:
        from .screens.search import GlobalSearch

        if self._sign_in_needed():
            self.go("sign_in")
            return None

        dialog = GlobalSearch(self.ctx, self)
        dialog.open_project.connect(self.open_project)
        dialog.open_problem.connect(self.open_problem)
        _delete_on_close(dialog)
        dialog.show()
        return dialog

    def _help(self) -> Any:
        from .help import HelpDialog

        dialog = HelpDialog(self)
        _delete_on_close(dialog)
        dialog.show()
        return dialog

    def _about(self) -> None:
        self.ctx.dialogs.info(tr("关于"), f"SiteLedger 0.1\n{self.ctx.ws.home}")

    def refresh_all(self) -> None:
        current = self.stack.currentWidget()
        if hasattr(current, "refresh"):
            current.refresh()
        self.update_status()

    # -- status bar --------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_workspace = QLabel()
        self.status_person = QLabel()
        self.status_counts = QLabel()
        bar.addWidget(self.status_workspace, 1)
        bar.addPermanentWidget(self.status_counts)
        bar.addPermanentWidget(self.status_person)

    def update_status(self, *_: object) -> None:
        home = str(self.ctx.ws.home)
        self.status_workspace.setText(tr("工作区：{home}", home=home))
        self.status_workspace.setToolTip(home)
        who = self.ctx.person_name() or tr("未登录")
        self.status_person.setText(tr("当前人员：{name}", name=who))
        if self.skeleton is not None:
            # The counts follow the first frame (_after_first_paint): a query on the worker
            # meanwhile would share the interpreter, and a busy machine's cores, with it.
            return
        ws, today = self.ctx.ws, self.ctx.today()
        # The bare connection: reading needs no sqlite-utils (see Workspace.db).
        self.ctx.ops.run(lambda: problem_store.counts(ws.conn, today), self._show_counts)

    def _show_counts(self, c: problem_store.Counts) -> None:
        if not shiboken6.isValid(self):  # closed while the worker was busy
            return
        self.status_counts.setText(
            tr(
                "项目 {projects} 个 · 未办结问题 {open} 个 · 超期 {overdue} 个",
                projects=c.projects,
                open=c.open_problems,
                overdue=c.overdue_problems,
            )
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        # The visit draft's last keystrokes must reach the worker before it stops.
        if "visit" in self.screens:
            self.screens["visit"].save_draft()
        self.ctx.settings.set_geometry("main", bytes(self.saveGeometry().data()))
        self.ctx.settings.sync()
        super().closeEvent(event)


def _key_sequences(shortcut: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    """The shortcut as setShortcuts wants it: setShortcut(QKeySequence) would have PySide make
    Qt's namespace of enums while it picks the overload (see the note on `Qt` above). A
    standard key keeps its first binding, as QKeySequence(key) does."""
    if isinstance(shortcut, QKeySequence.StandardKey):
        return QKeySequence.keyBindings(shortcut)[:1]
    return [QKeySequence.fromString(shortcut)]


def _delete_on_close(widget: QWidget) -> None:
    from PySide6.QtCore import Qt

    widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


class _FirstPaint(QObject):
    """Calls `then` once, just after the first paint of `widget` (or after
    FIRST_PAINT_LIMIT_MS if it is never painted)."""

    def __init__(self, widget: QWidget, then: Any) -> None:
        super().__init__(widget)
        self.widget, self.then = widget, then
        widget.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_LIMIT_MS, self, self._done)

    def eventFilter(self, _watched: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._done)  # once the whole frame is painted
        return False

    def _done(self) -> None:
        self.widget.removeEventFilter(self)
        then, self.then = self.then, None
        if then is not None:
            then()


class _Nothing:
    """What a menu action reaches when its screen is not open to a signed-out user."""

    def __getattr__(self, _name: str) -> Any:
        return lambda *_a, **_k: None
