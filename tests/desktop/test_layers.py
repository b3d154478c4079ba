"""The layers: only `desktop/` imports Qt (importing every module of forms and sync loads no
PySide6); SQL is written only in the store layer; the workspace has one writer."""

from __future__ import annotations

import ast
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from forms.workspace import Workspace

CHECK = """
import importlib, pkgutil, sys
import forms, sync
for package in (forms, sync):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(len([m for m in sys.modules if m.startswith(("forms", "sync"))]), loaded)
"""


def test_forms_and_sync_load_no_qt():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    count, loaded = out.stdout.split(" ", 1)
    assert int(count) > 10  # the walk really imported the packages' modules
    assert loaded.strip() == "[]"


def test_command_line_without_subcommand_is_the_app():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from desktop.cli import load_commands; from forms import cli;"
            " load_commands(); print('app' in cli.COMMANDS,"
            " any(m.startswith('PySide6') for m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    # Registering the command does not import Qt: only running it does.
    assert out.stdout.split() == ["True", "False"]


# -- SQL only in the store layer ---------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
# Where SQL text may be written on the workspace side, and why.
SQL_HOMES = (
    "forms/store/",  # the queries by name (forms/store/__init__.py)
    "forms/schema.py",  # the numbered migrations
    "forms/workspace.py",  # the connection's pragmas, the one write transaction, local values
    "forms/changes.py",  # the apply path: a change into its entity's table
    "forms/encryption.py",  # SQLCipher's export of a whole database
    "forms/crypto.py",  # the key pragma of an encrypted connection
)
# The server's SQL lives in its own store (the sync/store/ package); its routes ask it by name.
SERVER = (
    "sync/store",
    "sync/server.py",
    "sync/dialect.py",
    "sync/backup.py",
)
SQL_START = re.compile(
    r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|REPLACE|PRAGMA|DROP|ALTER|ATTACH|DETACH"
    r"|VACUUM|SAVEPOINT|RELEASE|BEGIN|COMMIT|ROLLBACK)\s"
)
EXECUTE = {"execute", "executemany", "executescript"}


def _modules(*allowed: str) -> list[tuple[str, ast.Module]]:
    found = []
    for package in ("forms", "sync", "desktop"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if not name.startswith(allowed):
                found.append((name, ast.parse(path.read_text(encoding="utf-8"), name)))
    return found


def _text(node: ast.AST) -> str | None:
    """The literal text a string constant or an f-string starts with."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def _calls(tree: ast.Module, names: set[str]) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in names
    ]


def sql_outside_the_store() -> list[str]:
    """Every place outside the store layer that writes SQL text or runs a statement."""
    found = []
    for name, tree in _modules(*SQL_HOMES, *SERVER):
        for node in ast.walk(tree):
            text = _text(node)
            if text and SQL_START.match(text):
                found.append(f"{name}:{node.lineno}: {text.strip()[:40]!r}")
        for call in _calls(tree, EXECUTE):
            found.append(f"{name}:{call.lineno}: .{call.func.attr}(...)")  # type: ignore[union-attr]
    return sorted(set(found))


def test_sql_only_in_the_store_layer():
    assert sql_outside_the_store() == []


def test_the_sql_check_sees_sql(tmp_path, monkeypatch):
    """The check finds a statement, an f-string query and an execute call where they are
    not allowed (so an empty answer above means something)."""
    (tmp_path / "forms").mkdir()
    (tmp_path / "sync").mkdir()
    (tmp_path / "desktop").mkdir()
    (tmp_path / "desktop" / "widget.py").write_text(
        "def rows(db, t):\n"
        "    db.execute('SELECT 1')\n"
        '    return f"""\n  WITH x AS (SELECT {t}) SELECT * FROM x"""\n'
        "LABEL = 'Select a project'  # words, not SQL\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert sorted(line.split(": ", 1)[1] for line in sql_outside_the_store()) == [
        "'SELECT 1'",
        "'WITH x AS (SELECT'",
        ".execute(...)",
    ]


# -- one writer --------------------------------------------------------------------------------

# Where a connection to a workspace (or the server's database) may be opened.
CONNECTS = (
    "forms/workspace.py",
    "forms/encryption.py",  # encrypting a whole file, under the workspace's lock, before use
    *SERVER,
)


def test_only_the_workspace_opens_a_connection():
    """No module opens its own connection (sqlite3.connect, sqlcipher3.connect): every write
    goes through the workspace's one connection, its writer."""
    found = [
        f"{name}:{call.lineno}"
        for name, tree in _modules(*CONNECTS)
        for call in _calls(tree, {"connect"})
        if isinstance(call.func.value, ast.Name)  # type: ignore[union-attr]
        and call.func.value.id in ("sqlite3", "sqlcipher3")  # type: ignore[union-attr]
    ]
    assert found == []


def test_readers_are_read_only(tmp_path):
    """What reads on another thread (the desktop's UI thread, `Workspace.reader()`) cannot
    write: a write there fails at once and leaves nothing half-done."""
    with Workspace.open(tmp_path / "ws") as ws:
        for reader in (ws.reader(), ws.reader_connection()):
            assert reader.execute("SELECT count(*) FROM local").fetchone()[0] >= 1
            with pytest.raises(sqlite3.OperationalError, match="readonly|query_only"):
                reader.execute("INSERT INTO local (key, value) VALUES ('x', 'y')")
            reader.close()
        ws.local_set("x", "z")  # the writer writes
        assert ws.local_get("x") == "z"


def test_readers_are_only_made_by_the_desktop_context():
    """Outside `desktop/context.py` nothing takes a reader: the core and sync run on the
    writer (the desktop's worker), the photo lane on no database at all."""
    found = [
        f"{name}:{call.lineno}"
        for name, tree in _modules("desktop/context.py", "forms/workspace.py")
        for call in _calls(tree, {"reader", "reader_connection"})
        if not call.args  # Workspace.reader() takes none; a ledger column's reader(cell) does
    ]
    assert found == []


# -- no import cycles --------------------------------------------------------------------------


def _imports(name: str, tree: ast.Module, known: set[str], *, deferred: bool) -> set[str]:
    """The modules of forms, sync and desktop that `name` imports: at import time only (its
    top-level statements), or also inside functions (`deferred`)."""
    package = name.split(".") if name.endswith("__init__") else name.split(".")[:-1]
    package = [p for p in package if p != "__init__"]
    nodes = ast.walk(tree) if deferred else iter(tree.body)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                whole = f"{module}.{alias.name}"
                found |= {whole} if whole in known else {module} & known
    return found - {name}


def _graph(*, deferred: bool) -> dict[str, set[str]]:
    trees = {
        path.removesuffix(".py").replace("/", ".").removesuffix(".__init__"): tree
        for path, tree in _modules()
    }
    return {
        name: _imports(
            name + (".__init__" if name in _packages(trees) else ""),
            tree,
            set(trees),
            deferred=deferred,
        )
        for name, tree in trees.items()
    }


def _packages(trees: dict[str, ast.Module]) -> set[str]:
    return {name.rsplit(".", 1)[0] for name in trees if "." in name}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of the graph, or []."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for dep in sorted(graph.get(module, ())):
            if state.get(dep) == 1:
                return path[path.index(dep) :] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        state[module] = 2
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_no_import_cycle_at_import_time():
    assert _cycle(_graph(deferred=False)) == []


def test_the_notice_and_its_docx_do_not_import_each_other():
    """Their shared words are in notice_content.py (issue 12 broke the cycle)."""
    graph = _graph(deferred=True)
    docx, notice = "forms.documents.notice_docx", "forms.documents.notice"
    assert not (notice in graph[docx] and docx in graph[notice])
    assert "forms.documents.notice_content" in graph[docx]
