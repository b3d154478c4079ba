"""The main window: composes the screens, routes navigation, holds menus and the status bar.
Each screen lives in its own module under `desktop/screens/`; nothing else belongs here."""

from __future__ import annotations

import importlib
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QToolBar, QWidget

from forms import queries

from . import extensions
from .context import AppContext
from .i18n import QT_TR_NOOP, language, tr

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
MENUS = (
    ("file", QT_TR_NOOP("文件(&F)")),
    ("view", QT_TR_NOOP("视图(&V)")),
    ("visit", QT_TR_NOOP("走访(&I)")),
    ("settings", QT_TR_NOOP("设置(&S)")),
    ("help", QT_TR_NOOP("帮助(&H)")),
)


class MainWindow(QMainWindow):
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
        self.history: list[str] = []
        self.menus: dict[str, QMenu] = {}
        self._build_menus()
        self._build_status_bar()
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
        self.go("dashboard" if ctx.person_id else "sign_in")
        self.update_status()

    # -- screens -----------------------------------------------------------------------------

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
        if name != "sign_in" and not self.ctx.person_id and self._passwords_in_use():
            name = "sign_in"  # once passwords are in use here, nothing is seen signed out
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

    def _passwords_in_use(self) -> bool:
        from forms.store import sign_in

        return sign_in.any_password(self.ctx.reader_connection)

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
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
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
        for menu, factory in extensions.MENU_ACTIONS:
            if menu not in self.menus:
                # New menus go before 帮助, which stays last as everywhere else.
                added = QMenu(tr(menu), self)
                self.menuBar().insertMenu(self.menus["help"].menuAction(), added)
                self.menus[menu] = added
            self.menus[menu].addAction(factory(self.ctx, self))

    def _action(self, menu: str, title: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(tr(title), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
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

        dialog = GlobalSearch(self.ctx, self)
        dialog.open_project.connect(self.open_project)
        dialog.open_problem.connect(self.open_problem)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _help(self) -> Any:
        from .help import HelpDialog

        dialog = HelpDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
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
        for factory in extensions.STATUS_WIDGETS:
            bar.addPermanentWidget(factory(self.ctx))

    def update_status(self, *_: object) -> None:
        home = str(self.ctx.ws.home)
        self.status_workspace.setText(tr("工作区：{home}", home=home))
        self.status_workspace.setToolTip(home)
        who = self.ctx.person_name() or tr("未登录")
        self.status_person.setText(tr("当前人员：{name}", name=who))
        ws, today = self.ctx.ws, self.ctx.today()
        # The bare connection: reading needs no sqlite-utils (see Workspace.db).
        self.ctx.ops.run(lambda: queries.counts(ws.conn, today), self._show_counts)

    def _show_counts(self, c: queries.Counts) -> None:
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
