"""Desktop settings as plain data (language, window geometry as bytes, column widths).

Kept in QSettings — per user and machine, outside the workspace, since the language must be
known before any workspace opens. Values are str, bytes and lists of ints encoded as JSON text:
never pickled Qt objects, so a later Qt reads them unchanged.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QSettings

VERSION = 1


class Settings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings("SiteLedger", "SiteLedger")
        if self.store.value("version") is None:
            self.store.setValue("version", VERSION)

    @property
    def language(self) -> str:
        value = self.store.value("language", "zh")
        return value if value in ("zh", "en") else "zh"

    @language.setter
    def language(self, value: str) -> None:
        self.store.setValue("language", value)

    @property
    def last_home(self) -> str | None:
        value = self.store.value("last_home")
        return str(value) if value else None

    @last_home.setter
    def last_home(self, value: str) -> None:
        self.store.setValue("last_home", value)

    def geometry(self, name: str) -> bytes | None:
        value = self.store.value(f"geometry/{name}")
        if isinstance(value, QByteArray):
            value = bytes(value.data())
        return value if isinstance(value, bytes) and value else None

    def set_geometry(self, name: str, value: bytes) -> None:
        self.store.setValue(f"geometry/{name}", QByteArray(value))

    def column_widths(self, table: str) -> list[int]:
        try:
            widths = json.loads(self.store.value(f"columns/{table}", "[]"))
        except (TypeError, ValueError):
            return []
        return [int(w) for w in widths if isinstance(w, int) and 10 <= w <= 2000]

    def set_column_widths(self, table: str, widths: list[int]) -> None:
        self.store.setValue(f"columns/{table}", json.dumps([int(w) for w in widths]))

    def sync(self) -> None:
        self.store.sync()
