"""A sync bundle opened from the file manager (`siteledger app FILE`): asked, then imported on
the worker like the command line's `sync --import`."""

from __future__ import annotations

from pathlib import Path

from .context import AppContext
from .i18n import tr


def offer_import(ctx: AppContext | None, path: Path) -> None:
    if ctx is None:
        return
    if not ctx.dialogs.confirm(
        tr("导入同步包"), tr("把同步包 {name} 导入当前工作区？", name=path.name)
    ):
        return
    from sync import bundle

    def done(result: bundle.ImportResult) -> None:
        if result.already_imported:
            ctx.dialogs.info(tr("导入同步包"), tr("这个同步包以前已经导入过。"))
            return
        ctx.dialogs.info(
            tr("导入同步包"),
            tr(
                "同步包已导入：{new} 条新记录（共 {changes} 条），{photos} 张照片。",
                new=result.new_changes,
                changes=result.changes,
                photos=result.photos,
            ),
        )

    ctx.write(lambda: bundle.import_(ctx.ws, path), done)
