"""Photos in the desktop: a 照片 tab on the project screen (every photo of the project; photos
added there belong to the project)."""

from __future__ import annotations

from desktop import extensions
from desktop.photo_gallery import PhotoGallery


def _project_gallery(ctx, project_id: str) -> PhotoGallery:
    return PhotoGallery(ctx.ws, ctx.ops, ("project", project_id), author_id=ctx.person_id)


extensions.project_panel("照片", _project_gallery)
