"""The 观摩点评 menu: the scoring screen (a member on their laptop) and the results screen
(the office)."""

from __future__ import annotations

from PySide6.QtGui import QAction

from desktop import extensions
from desktop.i18n import QT_TR_NOOP, tr

MENU = QT_TR_NOOP("观摩点评(&R)")


def _go(screen: str, title: str, shortcut: str):
    def factory(ctx, window) -> QAction:
        action = QAction(tr(title), window)
        action.setShortcut(shortcut)
        action.triggered.connect(lambda: window.go(screen))
        return action

    return factory


extensions.menu_action(MENU, _go("review_scoring", QT_TR_NOOP("观摩评分"), "Ctrl+7"))
extensions.menu_action(MENU, _go("review_results", QT_TR_NOOP("观摩结果"), "Ctrl+8"))
