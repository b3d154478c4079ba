"""The photo gallery and importer widgets, offscreen, with a synchronous worker."""

import os

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage

from desktop.photo_gallery import FlagsRole, LinkIdRole, PhotoGallery, PhotoListModel
from desktop.worker import Operations
from forms.photos import import_photos, store
from tests.forms.photos.conftest import PROJECT_LAT, PROJECT_LON, site  # noqa: F401 (fixture)
from tests.forms.photos.imaging import exif_bytes, jpeg, quadrant_image


@pytest.fixture
def ops():
    return Operations(synchronous=True)


def photos(tmp_path, n=3, **kwargs):
    colours = [(200, 60, 40), (40, 120, 200), (60, 160, 80), (220, 180, 40), (120, 60, 160)]
    return [
        jpeg(
            tmp_path / f"p{i}.jpg",
            Image.new("RGB", (640, 480), colours[i % 5]),
            exif=exif_bytes(f"2026:11:20 1{i}:00:00", PROJECT_LAT, PROJECT_LON + 0.03 * (i == 1)),
        )
        for i in range(n)
    ]


def make_gallery(qtbot, site, ops, **kwargs):  # noqa: F811
    gallery = PhotoGallery(
        site["ws"], ops, attach_to=("visit", site["visit"]), author_id=site["person"], **kwargs
    )
    qtbot.addWidget(gallery)
    gallery.resize(760, 520)
    return gallery


def icons_loaded(gallery):
    model = gallery.model
    return model.rowCount() and all(row["photo_id"] in model._icons for row in model.rows)


def test_model_passes_the_model_tester(qapp, qtmodeltester, site, tmp_path):  # noqa: F811
    import_photos(site["ws"], photos(tmp_path), attach_to=("visit", site["visit"]))
    from desktop.photo_gallery import ImageLoader

    model = PhotoListModel(site["ws"], ImageLoader())
    model.set_rows(store.links(site["ws"], "visit", site["visit"]))
    qtmodeltester.check(model)
    assert model.rowCount() == 3


def test_gallery_shows_thumbnails_flags_and_opens_a_zoomable_view(qtbot, site, ops, tmp_path):  # noqa: F811
    import_photos(site["ws"], photos(tmp_path), attach_to=("visit", site["visit"]))
    gallery = make_gallery(qtbot, site, ops)
    gallery.show()
    qtbot.waitUntil(lambda: icons_loaded(gallery), timeout=5000)
    assert gallery.model.rowCount() == 3
    assert "far_from_project" in gallery.model.index(1).data(FlagsRole)
    assert "需核验" in gallery.count_label.text()
    assert "距项目位置过远" in gallery.model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    viewer = gallery.open_viewer(gallery.model.index(0))
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: not viewer.item.pixmap().isNull(), timeout=5000)
    fitted = viewer.zoom
    viewer.zoom_by(1.25)
    assert viewer.zoom == pytest.approx(fitted * 1.25)
    viewer.actual_size()
    assert viewer.view.transform().m11() == 1.0
    # Previous / next through the gallery's photos, then close.
    assert not viewer.previous_button.isEnabled() and viewer.position.text() == "1 / 3"
    viewer.next_button.click()
    assert viewer.position.text() == "2 / 3" and "距项目" in viewer.info.text()
    qtbot.waitUntil(lambda: not viewer.item.pixmap().isNull(), timeout=5000)
    viewer.step(1)
    viewer.step(1)  # past the last: stays
    assert viewer.at == 2 and not viewer.next_button.isEnabled()
    viewer.previous_button.click()
    assert viewer.at == 1
    if os.environ.get("SITELEDGER_RENDER"):
        qtbot.wait(100)
        gallery.grab().save(os.path.join(os.environ["SITELEDGER_RENDER"], "gallery.png"))
        viewer.fit()
        viewer.grab().save(os.path.join(os.environ["SITELEDGER_RENDER"], "viewer.png"))


def test_caption_and_remove_are_recorded(qtbot, site, ops, tmp_path):  # noqa: F811
    import_photos(site["ws"], photos(tmp_path, 2), attach_to=("visit", site["visit"]))
    gallery = make_gallery(qtbot, site, ops, confirm=lambda _parent, _n: True)
    gallery.view.setCurrentIndex(gallery.model.index(0))
    gallery.caption.setText("东侧厂房主体封顶")
    gallery.save_caption()
    qtbot.waitUntil(lambda: gallery.model.index(0).data().startswith("东侧厂房主体封顶"))
    link_id = gallery.model.index(0).data(LinkIdRole)
    gallery.view.selectionModel().select(
        gallery.model.index(0), gallery.view.selectionModel().SelectionFlag.ClearAndSelect
    )
    gallery.remove_selected()
    qtbot.waitUntil(lambda: gallery.model.rowCount() == 1)
    assert [r["link_id"] for r in store.links(site["ws"], "visit", site["visit"])] != [link_id]
    assert site["ws"].db.execute("SELECT kind FROM photo_link_events ORDER BY hlc").fetchall() == [
        ("caption",),
        ("removed",),
    ]
    # Undo puts it back, caption and all, as a new link; the removal stays in the history.
    assert gallery.undo_button.isVisibleTo(gallery)
    gallery.undo_remove()
    qtbot.waitUntil(lambda: gallery.model.rowCount() == 2)
    back = [r for r in store.links(site["ws"], "visit", site["visit"]) if r["link_id"] != link_id]
    assert "东侧厂房主体封顶" in [r["caption"] for r in back]
    assert not gallery.undo_button.isVisibleTo(gallery)


def test_remove_asks_first(qtbot, site, ops, tmp_path):  # noqa: F811
    import_photos(site["ws"], photos(tmp_path, 1), attach_to=("visit", site["visit"]))
    gallery = make_gallery(qtbot, site, ops, confirm=lambda _parent, _n: False)
    gallery.view.selectionModel().select(
        gallery.model.index(0), gallery.view.selectionModel().SelectionFlag.ClearAndSelect
    )
    gallery.remove_selected()
    assert gallery.model.rowCount() == 1


def test_dialog_drop_and_paste_import_with_progress(qtbot, site, ops, tmp_path):  # noqa: F811
    files = photos(tmp_path, 3)
    (tmp_path / "bad.jpg").write_text("nope")
    gallery = make_gallery(
        qtbot, site, ops, choose_files=lambda _parent: [str(files[0]), str(tmp_path / "bad.jpg")]
    )
    with qtbot.waitSignal(gallery.importer.finished) as done:
        gallery.add_from_dialog()
    assert [r.status for r in done.args[0]] == ["added", "refused"]
    assert "未接收 1 张" in gallery.importer.status.text()
    assert gallery.model.rowCount() == 1

    folder = tmp_path / "card"
    folder.mkdir()
    for f in files[1:]:
        f.rename(folder / f.name)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(gallery.importer.finished):
        gallery.dropEvent(drop)
    assert gallery.model.rowCount() == 3
    assert gallery.importer.bar.value() == 2

    pasted = QMimeData()
    pasted.setImageData(QImage(str(tmp_path / "p0.jpg")).scaled(300, 200))
    QGuiApplication.clipboard().setMimeData(pasted)
    with qtbot.waitSignal(gallery.importer.finished) as done:
        gallery.paste()
    # The clipboard owns `pasted` now; left there, it is freed twice when Qt shuts down
    # (a segmentation fault at exit after every test passed).
    QGuiApplication.clipboard().clear()
    assert [r.status for r in done.args[0]] == ["added"]
    assert gallery.model.rowCount() == 4


def test_cancel_from_the_progress_bar(qtbot, site, tmp_path):  # noqa: F811
    """Threaded worker: cancel stops the batch between photos and keeps the finished ones."""
    ops = Operations()
    paths = [jpeg(tmp_path / f"{i}.jpg", quadrant_image(1600 + i, 1200)) for i in range(60)]
    gallery = make_gallery(qtbot, site, ops)
    gallery.importer._bridge.progress.connect(
        lambda done, _total, _r: gallery.importer.cancel() if done == 5 else None
    )
    with qtbot.waitSignal(gallery.importer.finished, timeout=20000) as done:
        gallery.add_paths([str(p) for p in paths])
    results = done.args[0]
    added = sum(r.status == "added" for r in results)
    assert 5 <= added < 60 and results[-1].status == "cancelled"
    qtbot.waitUntil(lambda: gallery.model.rowCount() == added, timeout=5000)
    ops.shutdown()


def test_double_click_on_a_visit_opens_it_with_its_gallery(qtbot, window, ctx, tmp_path):
    visit = ctx.reader.execute(
        "SELECT id, project_id FROM visits ORDER BY visited_at DESC LIMIT 1"
    ).fetchone()
    import_photos(ctx.ws, photos(tmp_path, 2), attach_to=("visit", visit[0]))
    window.open_project(visit[1])
    project = window.screens["project"]
    model = project.models["visits"]
    row = next(i for i, r in enumerate(model.rows) if r["id"] == visit[0])
    dialog = project.open_visit(model.index(row, 0))
    qtbot.addWidget(dialog)
    assert dialog.gallery is None  # nothing loaded until the tab is looked at
    dialog.show_photos()
    qtbot.waitUntil(lambda: dialog.gallery.model.rowCount() == 2, timeout=5000)
    assert dialog.tabs.currentWidget() is dialog.gallery


def test_photos_chosen_in_the_visit_form_are_imported_into_the_saved_visit(
    qtbot, window, ctx, tmp_path
):
    from desktop import extensions
    from desktop.panels.photos import VisitPhotos

    from .test_flow import commissioner, sign_in

    extensions.load()
    sign_in(qtbot, window, commissioner(ctx))
    project_id = window.screens["my_projects"].model.rows[1]["id"]
    window.screens.pop("visit", None)  # built again, with the panels now loaded
    window.new_visit(project_id)
    form = window.screens["visit"]
    panel = form.findChild(VisitPhotos)
    assert panel is not None
    files = [str(p) for p in photos(tmp_path, 2)]
    panel.add_paths(files + files[:1])  # the same file twice is listed once
    assert panel.paths() == files
    form.fields.editors["progress_text"].edit.setPlainText("厂房封顶")
    form.save()
    visit_id = ctx.reader.execute(
        "SELECT id FROM visits WHERE project_id = ? ORDER BY hlc DESC LIMIT 1", [project_id]
    ).fetchone()[0]
    qtbot.waitUntil(lambda: len(store.links(ctx.ws, "visit", visit_id)) == 2, timeout=10000)
    assert panel.paths() == []


def test_photo_files_chosen_for_a_visit_come_back_with_its_draft(qtbot, window, ctx, tmp_path):
    from desktop import extensions
    from desktop.panels.photos import VisitPhotos

    from .test_flow import commissioner, sign_in

    extensions.load()
    sign_in(qtbot, window, commissioner(ctx))
    project_id = window.screens["my_projects"].model.rows[1]["id"]
    window.screens.pop("visit", None)
    window.new_visit(project_id)
    form = window.screens["visit"]
    files = [str(p) for p in photos(tmp_path, 2)]
    form.findChild(VisitPhotos).add_paths(files)
    form.fields.editors["progress_text"].edit.setPlainText("打桩")
    form.save_draft()
    # The window goes away mid-entry; a new form on the same workspace gets the draft back.
    window.screens.pop("visit")
    window.new_visit(project_id)
    again = window.screens["visit"]
    assert again.findChild(VisitPhotos).paths() == files
    again.cancel()  # discarded: the files go with the draft
    window.new_visit(project_id)
    assert window.screens["visit"].findChild(VisitPhotos).paths() == []


def _visit_form(qtbot, window, ctx):
    from desktop import extensions

    from .test_flow import commissioner, sign_in

    extensions.load()
    sign_in(qtbot, window, commissioner(ctx))
    project_id = window.screens["my_projects"].model.rows[1]["id"]
    window.screens.pop("visit", None)  # built again, with the panels now loaded
    window.new_visit(project_id)
    return window.screens["visit"], project_id


def test_a_caption_typed_in_the_visit_form_is_printed_in_the_inspection_record(
    qtbot, window, ctx, tmp_path
):
    import io

    import pdfplumber

    from desktop.panels.photos import VisitPhotos
    from forms.documents import record

    form, project_id = _visit_form(qtbot, window, ctx)
    panel = form.findChild(VisitPhotos)
    files = [str(p) for p in photos(tmp_path, 2)]
    panel.add_paths(files)
    panel.files.setCurrentRow(0)
    panel.chosen.caption.setText("主厂房封顶")
    panel.chosen.caption.textEdited.emit("主厂房封顶")
    assert panel.files.item(0).text().endswith("主厂房封顶")
    form.fields.editors["progress_text"].edit.setPlainText("厂房封顶")
    form.save()
    visit_id = ctx.reader.execute(
        "SELECT id FROM visits WHERE project_id = ? ORDER BY hlc DESC LIMIT 1", [project_id]
    ).fetchone()[0]
    qtbot.waitUntil(lambda: len(store.links(ctx.ws, "visit", visit_id)) == 2, timeout=10000)
    captions = sorted(r["caption"] or "" for r in store.links(ctx.ws, "visit", visit_id))
    assert captions == ["", "主厂房封顶"]
    with pdfplumber.open(io.BytesIO(record.build(ctx.ws, visit_id).pdf)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "主厂房封顶" in text.replace("\n", "")


def test_a_problem_block_takes_photos_linked_to_its_problem(qtbot, window, ctx, tmp_path):
    from desktop.panels.photos import VisitPhotos

    form, project_id = _visit_form(qtbot, window, ctx)
    first, second = form.add_problem(), form.add_problem()
    from forms.store import units as unit_store

    from .test_flow import fill_problem

    unit = unit_store.units(ctx.reader, "department")[0]["id"]
    for n, editor in enumerate((first, second)):
        fill_problem(editor, "land", f"问题照片测试{n}", unit, "2026-12-31")
    shots = [str(p) for p in photos(tmp_path, 3)]
    second.photos.add_paths(shots[:2])
    second.photos.set_caption(1, "围墙倒塌处")
    form.findChild(VisitPhotos).add_paths(shots[2:])
    form.fields.editors["progress_text"].edit.setPlainText("现场有问题")
    window.resize(1366, 768)
    qtbot.wait(50)  # the blocks laid out
    form.scroll.ensureWidgetVisible(second.photos)
    qtbot.wait(50)
    window.grab().save(str(tmp_path / "visit_form_problem_photos.png"))
    # the block's photos are part of the draft (device-local paths)
    assert form.state()["problem_photos"][1][1] == {"path": shots[1], "caption": "围墙倒塌处"}
    form.save()
    assert not form.summary.text(), form.summary.text()
    visit_id = ctx.reader.execute(
        "SELECT id FROM visits WHERE project_id = ? ORDER BY hlc DESC LIMIT 1", [project_id]
    ).fetchone()[0]
    from forms.store import problems as problem_store

    raised = problem_store.of_visit(ctx.reader_connection, visit_id)
    assert len(raised) == 2
    qtbot.waitUntil(lambda: len(store.links(ctx.ws, "problem", raised[1])) == 2, timeout=10000)
    qtbot.waitUntil(lambda: len(store.links(ctx.ws, "visit", visit_id)) == 1, timeout=10000)
    assert store.links(ctx.ws, "problem", raised[0]) == []
    links = store.links(ctx.ws, "problem", raised[1])
    assert {r["project_id"] for r in links} == {project_id}
    assert sorted(r["caption"] or "" for r in links) == ["", "围墙倒塌处"]
    assert second.photos.paths() == [] or second.parent() is None
    # one click from the problem in the register: its gallery
    window.open_problem(raised[1])
    dialog = window.screens["problems"].detail.show_photos()
    qtbot.addWidget(dialog)
    gallery = dialog.findChild(PhotoGallery)
    qtbot.waitUntil(lambda: gallery.model.rowCount() == 2, timeout=5000)


def test_problem_block_photos_come_back_with_the_draft(qtbot, window, ctx, tmp_path):
    form, project_id = _visit_form(qtbot, window, ctx)
    editor = form.add_problem()
    shots = [str(p) for p in photos(tmp_path, 1)]
    editor.photos.add_paths(shots)
    editor.photos.set_caption(0, "裂缝")
    form.save_draft()
    window.screens.pop("visit")
    window.new_visit(project_id)
    again = window.screens["visit"]
    assert again.problems[0].photos.entries() == [{"path": shots[0], "caption": "裂缝"}]
