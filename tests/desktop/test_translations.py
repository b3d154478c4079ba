"""Every Chinese UI string in desktop/ has its English, by Qt's own tools: the code passes it
through tr() (or marks it QT_TR_NOOP), pyside6-lupdate finds it, siteledger_en.ts translates it,
the .qm is the .ts compiled, and a window switched to English shows no Chinese but data."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from desktop import i18n
from desktop.app import App
from desktop.translations import update
from forms import rates
from forms.store import people as people_store

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "desktop"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Call -> index of the argument lupdate reads as the source text.
MARKS = {"tr": 0, "QT_TR_NOOP": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}

# Chinese in desktop/ that is not a UI label, so it is not translated: (file, text) -> why.
NOT_UI = {
    ("main_window.py", "中文"): "the language menu names each language in itself",
    ("photo_import.py", "粘贴的图片.png"): "the file name a pasted picture is stored under",
    ("sync_status.py", "多次"): "matched in the wait lines sync/ writes, to sort them",
    # The Chinese half of a field error that carries both languages (forms.forms.FieldError):
    # plain_error() shows the half in the UI's language.
    ("field_editors.py", "应为整数"): "Chinese half of a bilingual field error",
    ("field_editors.py", "应为数字（万元）"): "Chinese half of a bilingual field error",
    ("field_editors.py", "应为数字"): "Chinese half of a bilingual field error",
    ("field_editors.py", "坐标应为数字"): "Chinese half of a bilingual field error",
}


def _name(func: ast.AST) -> str:
    return getattr(func, "id", None) or getattr(func, "attr", "")


def _scan(path: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[str]]:
    """(untranslated Chinese literals, tr() calls inside f-strings, literal tr() texts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    marked, docstrings, in_fstring, texts = set(), set(), [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in MARKS:
            at = MARKS[_name(node.func)]
            if len(node.args) > at:
                marked.add(id(node.args[at]))
                arg = node.args[at]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    texts.append(arg.value)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
        if isinstance(node, ast.JoinedStr):
            # lupdate does not read inside f-strings: tr("…", name=value) instead.
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and _name(inner.func) in MARKS
                    and any(isinstance(a, ast.Constant) for a in inner.args)
                ):
                    in_fstring.append((inner.lineno, ast.unparse(inner)))
    untranslated = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and HAN.search(node.value)
        and id(node) not in marked | docstrings
        and (path.name, node.value) not in NOT_UI
    ]
    return untranslated, in_fstring, texts


def test_every_chinese_string_in_desktop_goes_through_tr():
    untranslated, in_fstrings, texts = [], [], set()
    for path in sorted(DESKTOP.rglob("*.py")):
        found, inside, literal = _scan(path)
        where = path.relative_to(ROOT)
        untranslated += [f"{where}:{line}: {text!r}" for line, text in found]
        in_fstrings += [f"{where}:{line}: {call}" for line, call in inside]
        texts.update(literal)
    assert not untranslated, "Chinese not passed through tr() or QT_TR_NOOP():\n" + "\n".join(
        untranslated
    )
    assert not in_fstrings, "tr() inside an f-string (lupdate cannot see it):\n" + "\n".join(
        in_fstrings
    )
    # What the code passes to tr() is what lupdate extracted into the .ts.
    extracted = update.messages(update.TS)
    chinese = {t for t in texts if HAN.search(t)}
    assert chinese - set(extracted) == set()


def test_the_ts_and_qm_are_up_to_date_with_the_code():
    """lupdate run afresh finds nothing new, nothing without English, nothing vanished; the
    .qm is the .ts compiled; no English is left in a Python dict."""
    problems = update.behind()
    assert not problems, "run python -m desktop.translations.update:\n" + "\n".join(problems)
    assert update.contexts(update.TS) == {i18n.CONTEXT}


def test_placeholders_survive_translation(qapp):
    i18n.set_language("en")
    try:
        assert i18n.tr("共 {n} 张", n=3) == "3 photos"
        assert i18n.tr("距项目 {m} 米", m=12) == "12 m from the project"
        assert i18n.tr("一个没有译文的标签") == "一个没有译文的标签"  # stays Chinese, no failure
        # Every English keeps exactly the {placeholders} of its Chinese.
        for source, (english, _) in update.messages(update.TS).items():
            wanted = set(re.findall(r"\{\w+\}", source))
            assert set(re.findall(r"\{\w+\}", english)) == wanted, source
    finally:
        i18n.set_language("zh")
    assert i18n.tr("共 {n} 张", n=3) == "共 3 张"


# -- a real window in English ------------------------------------------------------------------


def visible_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) for what a person reads: the window title, menus, labels, buttons, tabs,
    group titles, placeholders, combo items and table headers of the visible widgets."""
    found = [("window title", window.windowTitle())]

    def menu(m: QMenu, where: str) -> None:
        found.append((where, m.title()))
        for action in m.actions():
            found.append((f"{where} > action", action.text()))
            if action.menu():
                menu(action.menu(), f"{where} > {action.text()}")

    for action in window.menuBar().actions():
        if action.menu():
            menu(action.menu(), "menu")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        kind = type(widget).__name__
        if kind == "BarChartWidget" and widget.chart is not None:  # drawn, not widgets
            chart = widget.chart
            found += [(kind, chart.title), *((kind, c) for c in chart.categories)]
            found += [(kind, s.name) for s in chart.series]
        elif isinstance(widget, QLabel):
            found.append((kind, re.sub(r"<[^>]+>", "", widget.text())))
        elif isinstance(widget, QAbstractButton):
            found.append((kind, widget.text()))
        elif isinstance(widget, QLineEdit):
            found.append((f"{kind} placeholder", widget.placeholderText()))
        elif isinstance(widget, QGroupBox):
            found.append((kind, widget.title()))
        elif isinstance(widget, QComboBox):
            found += [(kind, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            found += [(kind, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTableView | QTreeView) and widget.model() is not None:
            model = widget.model()
            found += [
                (f"{kind} header", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                for c in range(model.columnCount())
            ]
        if widget.toolTip():
            found.append((f"{kind} tooltip", widget.toolTip()))
    return [(where, text) for where, text in found if text]


def workspace_words(ws: Any) -> list[str]:
    """Every text held in the workspace (names, descriptions, units …): data, shown as typed."""
    words: set[str] = set()
    tables = [r[0] for r in ws.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        columns = [r[1] for r in ws.conn.execute(f"PRAGMA table_info('{table}')")]
        for column in columns:
            for (value,) in ws.conn.execute(f'SELECT DISTINCT "{column}" FROM "{table}"'):
                if isinstance(value, str) and HAN.search(value) and len(value) < 200:
                    words.add(value)
    # The rates are declared definitions the office edits (a synced setting, docs/rates.md):
    # their names and formulas are data, written in the office's language.
    for rate in rates.definitions(ws.conn)[0]:
        words.update((rate.name, rate.text(), *rate.text().split(" = ")))
    return sorted(words, key=len, reverse=True)


def chinese_left(texts: list[tuple[str, str]], data: list[str]) -> list[str]:
    left = []
    for where, text in texts:
        if not HAN.search(text):
            continue
        rest = text
        for word in data:
            if word in rest:
                rest = rest.replace(word, "")
        rest = rest.replace("中文", "")  # the language menu's own name for Chinese
        if HAN.search(rest):
            left.append(f"{where}: {text!r}")
    return left


def test_a_window_switched_to_english_shows_no_chinese_but_data(qtbot, demo_ws, dialogs, settings):
    running = App(dialogs, settings)
    window = running.start(demo_ws)  # App owns its windows: stop() closes the last
    office = next(p for p in people_store.people(demo_ws.conn) if p["role"] == "office")
    window.screen("sign_in").choose(office["id"])
    qtbot.waitUntil(lambda: running.ctx.person_id is not None)
    data = workspace_words(demo_ws)
    project = demo_ws.conn.execute("SELECT id FROM projects ORDER BY code LIMIT 1").fetchone()[0]
    try:
        window._set_language("en")
        english = running.window  # the old window is deleted; stop() closes the current one
        english.resize(1366, 768)
        left, seen = [], []
        for screen in ("dashboard", "my_projects", "ledger", "problems", "notices"):
            english.go(screen)
            qtbot.wait(50)
            texts = visible_texts(english)
            seen += texts
            left += [f"{screen}: {line}" for line in chinese_left(texts, data)]
            if shots := os.environ.get("SITELEDGER_SHOTS"):  # to look at: a folder for PNGs
                english.grab().save(str(Path(shots) / f"{screen}_en.png"))
        for screen, show in (
            ("project", lambda: english.open_project(project)),
            ("visit", lambda: english.new_visit(project)),
            ("sign_in", lambda: english.go("sign_in")),
        ):
            show()
            qtbot.wait(50)
            texts = visible_texts(english)
            seen += texts
            left += [f"{screen}: {line}" for line in chinese_left(texts, data)]
            if shots := os.environ.get("SITELEDGER_SHOTS"):
                english.grab().save(str(Path(shots) / f"{screen}_en.png"))
        assert not left, "Chinese in the English window:\n" + "\n".join(left)
        assert len(seen) > 200  # the screens were really read
        english.go("dashboard")  # a default rate shows its English name, the office's own not
        qtbot.waitUntil(
            lambda: any("Filing rate" in text for _, text in visible_texts(english)), timeout=10000
        )
        # … and, its figures in, its charts are English too
        charts = [t for t in visible_texts(english) if t[0] == "BarChartWidget"]
        assert any("Planned and completed investment" in text for _, text in charts), charts
        assert not chinese_left(charts, data), chinese_left(charts, data)
        assert english.menus["file"].title() == "&File"

        # … and back to Chinese, without a restart.
        english._set_language("zh")
        chinese = running.window
        assert chinese is not english and chinese.isVisible()
        assert chinese.menus["file"].title() == "文件(&F)"
        chinese.go("ledger")
        header = chinese.screen("ledger").model.headerData(1, Qt.Orientation.Horizontal)
        assert header == "项目名称"
        assert settings.language == "zh"
    finally:
        i18n.set_language("zh")
        i18n.use_qt_translations(qtbot_app())
        running.stop()


def qtbot_app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()
