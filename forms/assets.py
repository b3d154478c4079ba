"""Where the bundled assets (fonts, templates) are: the `assets` package's data files."""

from pathlib import Path

import assets

ASSETS = Path(assets.__file__).resolve().parent
FONTS = ASSETS / "fonts"

# Font roles (docs/documents.md) and the bundled fallback for each.
BUNDLED_FONTS = {
    "title": FONTS / "NotoSerifSC-Bold.ttf",
    "body": FONTS / "NotoSerifSC-Regular.ttf",
    "heading1": FONTS / "NotoSansSC-Regular.ttf",
    "heading2": FONTS / "LXGWWenKai-Regular.ttf",
    "ui": FONTS / "NotoSansSC-Regular.ttf",
}
