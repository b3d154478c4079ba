"""The ledger screen's door to Excel import/export, kept behind three functions because the
Excel module (`forms/ledger_excel.py`, issue 2) is written in parallel.

Assumed interface of that module (the adapter below is the only place to change if it differs):

    import_ledger(ws, path, *, dry_run: bool) -> report   # report: .errors (list), .created,
                                                          # .updated (ints or lists); str(report)
    export_ledger(ws, path) -> None

All three functions run on the worker (`ctx.write`); they never touch a widget.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from forms.errors import UserError


def _module() -> Any:
    try:
        return importlib.import_module("forms.ledger_excel")
    except ModuleNotFoundError:
        return None


def available() -> bool:
    module = _module()
    return module is not None and all(
        hasattr(module, name) for name in ("import_ledger", "export_ledger"))


def _require() -> Any:
    if not available():
        raise UserError("Excel 导入导出模块尚未安装 / the Excel import/export module is not installed")
    return _module()


def preview(ws: Any, path: Path) -> Any:
    """The dry run: what importing would do, writing nothing."""
    return _require().import_ledger(ws, path, dry_run=True)


def apply(ws: Any, path: Path) -> Any:
    return _require().import_ledger(ws, path, dry_run=False)


def export(ws: Any, path: Path) -> None:
    _require().export_ledger(ws, path)


def describe(report: Any) -> str:
    """A report as text for the preview dialog, whatever shape the module gives."""
    lines = []
    for name, label in (("created", "新增"), ("updated", "更新"), ("unchanged", "未变")):
        value = getattr(report, name, None)
        if value is not None:
            lines.append(f"{label}: {len(value) if isinstance(value, list | tuple) else value}")
    errors = getattr(report, "errors", None) or []
    if errors:
        lines.append(f"错误 {len(errors)} 行:")
        lines += [f"  {error}" for error in errors[:200]]
    return "\n".join(lines) or str(report)


def has_errors(report: Any) -> bool:
    return bool(getattr(report, "errors", None))
