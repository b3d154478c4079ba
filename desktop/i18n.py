"""UI language: Chinese labels in the code, English from Qt's translation files.

`tr("我的项目")` gives the label in the current language through `QCoreApplication.translate`,
so Qt's tools see it: `python -m desktop.translations.update` runs pyside6-lupdate over desktop/
into desktop/translations/siteledger_en.ts and compiles siteledger_en.qm (docs/translations.md).
A label without English stays Chinese rather than failing. A label chosen from a table and
translated later (`tr(title)`) is marked where it is written with `QT_TR_NOOP("…")`.
Code-list labels come from `forms.codes` in either language. Qt's own words (the buttons of a
message box, the file and print dialogs) come from Qt's translations shipped with PySide6:
`use_qt_translations(app)` loads qtbase_zh_CN for Chinese.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TR_NOOP, QCoreApplication, QTranslator

from forms import codes

__all__ = ["QT_TR_NOOP", "code", "colon", "event", "language", "set_language", "tr"]

# The English of every UI string; built from the .ts by pyside6-lrelease (docs/translations.md).
ENGLISH_QM = Path(__file__).resolve().parent / "translations" / "siteledger_en.qm"
# pyside6-lupdate gives a bare `tr("…")` call the empty context; translate() must ask the same.
CONTEXT = ""

log = logging.getLogger(__name__)
_language = "zh"
_qt_translators: list[Any] = []
_english: QTranslator | None = None


EVENT_ZH = {
    "registered": QT_TR_NOOP("登记"),
    "assigned": QT_TR_NOOP("交办"),
    "progress": QT_TR_NOOP("进展"),
    "reported_done": QT_TR_NOOP("报办结"),
    "verified": QT_TR_NOOP("核验销号"),
    "reopened": QT_TR_NOOP("重开"),
    "deadline_extended": QT_TR_NOOP("延期"),
    "reminded": QT_TR_NOOP("提醒"),
    "noticed": QT_TR_NOOP("督办通知"),
    "bulletined": QT_TR_NOOP("通报"),
    "interviewed": QT_TR_NOOP("约谈"),
}


def set_language(lang: str) -> None:
    """Speak `lang` from the next `tr()` on: the English translator is installed on the
    application (or removed), so a rebuilt window reads its labels in the new language."""
    global _language
    _language = "en" if lang == "en" else "zh"
    app = QCoreApplication.instance()
    if app is not None:
        _install_english(app, _language == "en")


def _install_english(app: Any, wanted: bool) -> None:
    global _english
    if _english is None:
        _english = QTranslator()
        if not _english.load(str(ENGLISH_QM)):  # a broken install: Chinese beats a crash
            log.error("%s missing: run python -m desktop.translations.update", ENGLISH_QM)
    app.removeTranslator(_english)
    if wanted:
        app.installTranslator(_english)


def use_qt_translations(app: Any) -> bool:
    """Install Qt's own translations for the current language (none for English, Qt's own
    language); True when Chinese ones were found and loaded."""
    from PySide6.QtCore import QLibraryInfo, QLocale

    _install_english(app, _language == "en")
    for old in _qt_translators:
        app.removeTranslator(old)
    _qt_translators.clear()
    if _language != "zh":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return False
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _qt_translators.append(translator)
    return bool(_qt_translators)


def language() -> str:
    return _language


def tr(text: str, **values: object) -> str:
    """The label in the current language, with `{name}` placeholders filled."""
    # The source is Chinese: no lookup then (~3 µs through Qt's translators, per table cell).
    out = text if _language == "zh" else QCoreApplication.translate(CONTEXT, text)
    return out.format(**values) if values else out


def colon(label: str) -> str:
    """A form label with its colon: full-width after Chinese, "Name:" in English."""
    return f"{label}:" if _language == "en" else f"{label}："


def code(list_name: str, value: str | None) -> str:
    return codes.label(list_name, value, _language)


def event(kind: str) -> str:
    """A problem event's name (登记, 交办 …) in the current language."""
    return tr(EVENT_ZH[kind]) if kind in EVENT_ZH else kind.replace("_", " ")
