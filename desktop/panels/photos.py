"""Photos in the desktop: a 照片 tab on the project screen (every photo of the project; photos
added there belong to the project)."""

from __future__ import annotations

from desktop import extensions


def _project_gallery(ctx, project_id: str):
    from desktop.photo_gallery import PhotoGallery  # Pillow and the photo module: not at start

    return PhotoGallery(ctx.ws, ctx.ops, ("project", project_id), author_id=ctx.person_id)


extensions.project_panel("照片", _project_gallery)
