"""Hooks where other parts of the app add to the screens without editing them.

A module in `desktop/panels/` (imported at start by `load()`) registers:

- `project_panel(title, factory)`: a tab on the project screen;
  `factory(ctx, project_id) -> QWidget`. Photos and documents of a project go here.
- `visit_panel(title, factory)`: a section of the new-visit form;
  `factory(ctx, form) -> QWidget`. The panel contributes values with
  `form.set_extra(field, value)` (e.g. `"photos"`: a list of SHA-256) which are validated,
  saved with the visit and kept in its draft; `form.extra(field)` reads them back.
- `menu_action(menu, factory)`: an action in a main-window menu (`"file"`, `"view"`, `"visit"`,
  `"settings"`, `"help"`, or a new key which makes a new menu); `factory(ctx, window) -> QAction`.
- `status_widget(factory)`: a permanent widget on the status bar (`factory(ctx) -> QWidget`),
  e.g. the sync state.

Factories are called when their screen is built, on the UI thread.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Panel:
    title: str
    factory: Callable[..., Any]


PROJECT_PANELS: list[Panel] = []
VISIT_PANELS: list[Panel] = []
MENU_ACTIONS: list[tuple[str, Callable[..., Any]]] = []
STATUS_WIDGETS: list[Callable[..., Any]] = []


def project_panel(title: str, factory: Callable[..., Any]) -> None:
    PROJECT_PANELS.append(Panel(title, factory))


def visit_panel(title: str, factory: Callable[..., Any]) -> None:
    VISIT_PANELS.append(Panel(title, factory))


def menu_action(menu: str, factory: Callable[..., Any]) -> None:
    MENU_ACTIONS.append((menu, factory))


def status_widget(factory: Callable[..., Any]) -> None:
    STATUS_WIDGETS.append(factory)


def load() -> None:
    """Import every module of `desktop.panels`; one that fails is logged, not fatal."""
    import pkgutil  # ~2 ms, and only this needs it

    from . import panels

    for module in pkgutil.iter_modules(panels.__path__):
        try:
            importlib.import_module(f"desktop.panels.{module.name}")
        except Exception:
            log.exception("extension desktop.panels.%s failed to load", module.name)
