"""What every document build shares: the fonts, the settings and the warnings list.

A setting the office has not filled in yet (organ name, 文号 prefix …) never stops a document:
`setting` returns a visible placeholder and adds a warning that says what to fill in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..store import settings as setting_store
from ..workspace import Workspace
from . import fonts as fonts_mod

# Settings a document may need, with the label used in the warning.
SETTING_LABELS = {
    "organ_name": "发文机关名称（organ_name）",
    "notice_prefix": "督办通知文号前缀（notice_prefix，如“工专班督”）",
    "copy_to": "抄送单位（copy_to）",
    "signature": "落款机关（signature）",
    "print_office": "印发机关（print_office）",
    "contact": "联系人及电话（contact）",
}


def read_settings(ws: Workspace) -> dict[str, Any]:
    return setting_store.every(ws.conn)


@dataclass
class Context:
    fonts: fonts_mod.FontSet
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _missing_chars: set[str] = field(default_factory=set)
    _substituted: set[str] = field(default_factory=set)

    @classmethod
    def for_workspace(cls, ws: Workspace) -> Context:
        settings = read_settings(ws)
        local = {f"font_{r}": ws.local_get(f"font_{r}") for r in fonts_mod.ROLES}
        font_set = fonts_mod.resolve(settings, local)
        return cls(font_set, settings, list(font_set.notes))

    @classmethod
    def plain(cls, settings: dict[str, Any] | None = None) -> Context:
        return cls(fonts_mod.resolve(settings or {}), dict(settings or {}))

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def setting(self, key: str, placeholder: str | None = None) -> Any:
        """The setting's value; if empty, a visible placeholder and a warning."""
        value = self.settings.get(key)
        if value in (None, "", []):
            label = SETTING_LABELS.get(key, key)
            self.warn(f"缺少设置：{label}，文件中已用占位文字代替，请在“设置”中填写。")
            return placeholder if placeholder is not None else f"【请填写{label.split('（')[0]}】"
        return value

    def missing_char(self, char: str, where: str) -> None:
        if char not in self._missing_chars:
            self._missing_chars.add(char)
            self.warn(
                f"字体无法显示字符“{char}”（U+{ord(char):04X}），已用“〓”标出，"
                f"见：{where[:30]}。请安装含此字的字体或手工补字。"
            )

    def substituted(self, char: str, font: fonts_mod.LoadedFont, where: str) -> None:
        if char not in self._substituted:
            self._substituted.add(char)
            self.warn(
                f"字符“{char}”（U+{ord(char):04X}）不在所设字体中，已用{font.family}补字，"
                f"见：{where[:30]}。"
            )
