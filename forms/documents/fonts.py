"""Font roles for documents (docs/documents.md) and which font draws each character.

Each role (title, body, heading1, heading2) prefers a font the office owns (仿宋_GB2312,
方正小标宋 …) found in the usual font folders, else a font named by the settings, else the
bundled one. reportlab embeds TrueType outlines only, so only .ttf/.ttc files that it can load
are used. Registration is cached per process: loading a 15 MB font costs ~0.05 s.

reportlab silently draws nothing for a character its font lacks; `FontSet.font_for` picks the
role's font, else another configured font that has the glyph (补字), else None — and the caller
must then report the character.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..assets import BUNDLED_FONTS

ROLES = ("title", "body", "heading1", "heading2")

# File names of the official fonts an office usually owns, per role, best first.
OFFICIAL_FILES = {
    "title": (
        "方正小标宋简体.ttf",
        "FZXBSJW.TTF",
        "FZXBSJW--GB1-0.ttf",
        "方正小标宋_GBK.ttf",
        "FZXBSK.TTF",
    ),
    "body": ("仿宋_GB2312.ttf", "FangSong_GB2312.ttf", "simfang.ttf", "FZFSJW.TTF", "仿宋.ttf"),
    "heading1": ("黑体.ttf", "simhei.ttf", "FZHTJW.TTF"),
    "heading2": ("楷体_GB2312.ttf", "KaiTi_GB2312.ttf", "simkai.ttf", "FZKTJW.TTF", "楷体.ttf"),
}
# What an office would call the role's font in Word (used by the .docx export).
OFFICIAL_NAMES = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
}


def font_dirs() -> list[Path]:
    home = Path.home()
    dirs = [
        home / ".fonts",
        home / ".local/share/fonts",
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
    ]
    if sys.platform == "darwin":
        dirs += [home / "Library/Fonts", Path("/Library/Fonts")]
    if os.name == "nt":
        windir = Path(os.environ.get("WINDIR", "C:/Windows"))
        dirs += [
            windir / "Fonts",
            Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft/Windows/Fonts",
        ]
    return [d for d in dirs if d.is_dir()]


_official_cache: dict[str, Path | None] = {}


def find_official(role: str) -> Path | None:
    """The first installed official font file for `role`, searched once per process."""
    if role not in _official_cache:
        wanted = {name.lower() for name in OFFICIAL_FILES.get(role, ())}
        found = None
        for folder in font_dirs():
            for root, _dirs, files in os.walk(folder):
                hits = [f for f in files if f.lower() in wanted]
                if hits:
                    found = Path(root) / hits[0]
                    break
            if found:
                break
        _official_cache[role] = found
    return _official_cache[role]


@dataclass(frozen=True)
class LoadedFont:
    name: str  # the reportlab font name
    path: Path
    glyphs: frozenset[int]  # the code points of the font's cmap
    family: str
    # Advance widths in 1/1000 em by code point (the font's own table, read once at load):
    # looking them up here is what reportlab's stringWidth does, minus its per-call layers.
    widths: dict[int, float] = field(default_factory=dict, compare=False, hash=False)
    default_width: float = 1000.0

    def has(self, char: str) -> bool:
        return ord(char) in self.glyphs

    def advance(self, char: str, size: float) -> float:
        return self.widths.get(ord(char), self.default_width) * size * 0.001


_registered: dict[Path, LoadedFont] = {}
_lock = threading.Lock()


def load(path: str | Path) -> LoadedFont:
    """Register a TrueType font with reportlab once per process; raises ValueError if unusable."""
    path = Path(path).resolve()
    with _lock:
        if path in _registered:
            return _registered[path]
        name = f"SL-{path.stem}"
        try:
            font = TTFont(name, str(path))
        except Exception as e:  # reportlab raises TTFError or others for CFF/broken files
            raise ValueError(f"cannot use font {path}: {e}") from e
        pdfmetrics.registerFont(font)
        family = getattr(font.face, "familyName", b"")
        family = family.decode("utf-8", "replace") if isinstance(family, bytes) else str(family)
        loaded = LoadedFont(
            name,
            path,
            frozenset(font.face.charToGlyph),
            family or path.stem,
            font.face.charWidths,
            font.face.defaultWidth,
        )
        _registered[path] = loaded
        return loaded


@dataclass
class FontSet:
    """The font of each role and the fallback order used for characters a role's font lacks."""

    roles: dict[str, LoadedFont]
    fallbacks: list[LoadedFont]
    notes: list[str] = field(default_factory=list)

    def font_for(self, role: str, char: str) -> LoadedFont | None:
        primary = self.roles[role]
        if primary.has(char) or char in "\n\t":
            return primary
        return self.fallback_for(char)

    def fallback_for(self, char: str) -> LoadedFont | None:
        """The first font in the fallback order that has `char` (补字), None if none has."""
        code = ord(char)
        for font in self.fallbacks:
            if code in font.glyphs:
                return font
        return None


def resolve(
    settings: dict[str, object] | None = None, local: dict[str, str | None] | None = None
) -> FontSet:
    """The font set for a workspace: device-local path, then workspace setting, then an
    installed official font, then the bundled font."""
    settings, local = settings or {}, local or {}
    roles: dict[str, LoadedFont] = {}
    notes: list[str] = []
    for role in ROLES:
        for candidate in (
            local.get(f"font_{role}"),
            settings.get(f"font_{role}"),
            find_official(role),
        ):
            if not candidate:
                continue
            try:
                roles[role] = load(str(candidate))
                break
            except (ValueError, OSError) as e:
                notes.append(f"字体设置 font_{role} 无法使用，已改用内置字体：{e}")
        else:
            roles[role] = load(BUNDLED_FONTS[role])
    # Fallback order for 补字: the other roles, then every bundled font.
    fallbacks: list[LoadedFont] = []
    for font in [*roles.values(), *(load(p) for p in dict.fromkeys(BUNDLED_FONTS.values()))]:
        if font not in fallbacks:
            fallbacks.append(font)
    return FontSet(roles, fallbacks, notes)
