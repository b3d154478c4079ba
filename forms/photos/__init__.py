"""Evidence photos: import, EXIF facts, trusted time, plausibility, watermark (Qt-free).

Public interface:
- `import_photos(ws, paths, attach_to=("visit", id), author_id=..., progress=, cancelled=,
  background=False)`; `importer.warm_up()` starts the decoding processes early
- `photo_path(ws, sha256, kind="working"|"thumb"|"original")`: the file of a photo
- `thumbnail(ws, sha256)`: the thumbnail, made from the working copy when it is missing (a photo
  that arrived by sync has only its working copy); decodes, so call it off the UI thread
- `watermarked(ws, link_id)`: the watermarked copy for documents (made on first use)
- `confirm_clock(ws, server_time)`, `clock.reading(ws)`: the device clock's trust
- `store.links(ws, kind, id)`, `store.referenced_hashes(ws)`, `store.set_caption`,
  `store.remove_link`, `store.unreferenced_photo_ids`, `store.purge_unreferenced`
"""

from .clock import confirm_clock
from .files import photo_path
from .importer import Result, expand, import_photos
from .plausibility import LABELS as FLAG_LABELS
from .store import referenced_hashes
from .thumbs import thumbnail
from .watermark import watermarked

__all__ = [
    "FLAG_LABELS",
    "Result",
    "confirm_clock",
    "expand",
    "import_photos",
    "photo_path",
    "referenced_hashes",
    "thumbnail",
    "watermarked",
]
