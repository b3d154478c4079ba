"""The bundled CJK fonts, registered with Qt so Chinese renders on a machine without any."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from forms.assets import BUNDLED_FONTS

log = logging.getLogger(__name__)
_families: dict[str, str] = {}


def register(role: str) -> str | None:
    """Register one role's bundled font (once); returns its family name."""
    if role in _families:
        return _families[role]
    path = BUNDLED_FONTS[role]
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load bundled font %s", path)
        return None
    _families[role] = families[0]
    for other, other_path in BUNDLED_FONTS.items():
        if other_path == path:
            _families[other] = families[0]
    return families[0]


def register_all() -> None:
    for role in BUNDLED_FONTS:
        register(role)


def use_ui_font(app: QApplication) -> None:
    """Make the bundled UI font the application font, keeping the platform's size (which
    follows the display scaling) so 125 % and 150 % stay legible."""
    family = register("ui")
    if family is None:
        return
    font = QFont(app.font())
    font.setFamilies([family, *font.families()])
    app.setFont(font)
