"""The media library window driven like a photo editor would: import 20 photos (progress,
off the UI thread), caption them, build a 图集 for the open article, crop the cover — and the
editor's desk refuses to sign while one photo still lacks its caption."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from app.core.media.rules import CAPTION_MISSING
from app.ui.desk.window import DeskWindow
from tests.conftest import actor
from tests.media.fixtures import photo, truncated_jpeg
from tests.ui.conftest import open_new, type_text
from tests.ui.desk_helpers import script


def _shoot(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"IMG_{i:04d}.jpg").write_bytes(photo(1200, 900, seed=100 + i, orientation=6 if i == 3 else 1))
    return folder


def test_import_caption_gallery_crop_and_sign(qtbot, make_window, sqlite_demo, tmp_path):
    svc = sqlite_demo
    window = make_window("wangzd")
    editor = open_new(window, title="图集：泾河两岸的秋天", body="一组照片看泾河两岸的秋色。",
                      primary_channel_id=next(c.id for c in svc.admin.channels() if c.name == "平凉新闻"))
    lib = window.open_media_library()
    assert lib.isVisible() and lib.list.count() == 0

    # import 20 photos (and one broken file, refused with its reason) through the operation runner
    folder = _shoot(tmp_path / "shoot", 20)
    (folder / "broken.jpg").write_bytes(truncated_jpeg())
    lib.import_paths([str(folder)])
    lib.ops.drain()
    lib.ops.drain()
    assert lib.list.count() == 20
    assert "20" in lib.status.text() and "broken.jpg" in lib.status.text() and "截断" in lib.status.text()
    assert len(lib.last_report.imported) == 20 and len(lib.last_report.refused) == 1
    assert len(lib.thumbs) == 20 and all(max(p.width(), p.height()) <= 320 for p in lib.thumbs.values())
    assert all(lib.list.item(r).text().startswith("⚠") for r in range(20))  # nothing described yet
    # each photo shows its own thumbnail, not the last one loaded
    shown = {}
    for r in range(lib.list.count()):
        it = lib.list.item(r)
        own = lib.thumbs[int(it.data(Qt.ItemDataRole.UserRole))]
        icon = it.icon().pixmap(own.size()).toImage()
        assert icon == own.toImage(), f"row {r} shows another photo's thumbnail"
        shown[r] = icon
    assert len({bytes(img.constBits()) for img in shown.values()}) > 1
    rotated = next(i for i in lib.items.values() if i.filename == "IMG_0003.jpg")
    assert (rotated.width, rotated.height) == (900, 1200)  # orientation applied

    # caption them (Chinese typed as an input method commits it), all but the last
    ids = [int(lib.list.item(r).data(Qt.ItemDataRole.UserRole)) for r in range(lib.list.count())]
    for n, aid in enumerate(ids):
        lib.select([aid])
        assert lib.current_id() == aid
        lib.caption.clear()
        if n < len(ids) - 1:
            type_text(lib.caption, f"泾河岸边第{n + 1}张")
        lib.credit.setText("摄影 王志东")
        lib.save_btn.click()
        lib.ops.drain()
    described = {i.id: i for i in svc.media.search()}
    assert all(described[i].credit == "摄影 王志东" for i in ids)
    assert described[ids[0]].caption == "泾河岸边第1张" and described[ids[-1]].caption == ""
    lib.missing.setChecked(True)
    lib.ops.drain()
    assert lib.list.count() == 1 and lib.current_id() in (None, ids[-1])
    lib.missing.setChecked(False)
    lib.ops.drain()

    # build a 图集 of five photos (the uncaptioned one last) for the open article
    gallery = ids[:4] + [ids[-1]]
    lib.select(gallery)
    assert lib.gallery_btn.isEnabled()
    lib.gallery_btn.click()
    lib.ops.drain()
    art_id = editor.article.id
    assert [p.asset_id for p in svc.media.gallery(art_id)] == gallery
    assert "5" in lib.status.text() and "1" in lib.status.text()

    # crop the cover: 16:9, half size, moved to the top-left, then taken as the article's cover
    lib.select([ids[0]])
    lib.output.setCurrentIndex(lib.output.findData("cover"))
    lib.size_slider.setValue(50)
    qtbot.mouseClick(lib.crop, Qt.MouseButton.LeftButton, pos=QPoint(1, 1))
    lib.crop_btn.click()
    lib.ops.drain()
    x, y, w, h = svc.media.get(ids[0]).crops["cover"]
    assert (x, y) == (0.0, 0.0) and abs(w - 0.5) < 1e-3
    assert abs((w * 1200) / (h * 900) - 16 / 9) < 0.01
    lib.cover_btn.click()
    editor.save_now()
    window.ops.drain()
    assert svc.articles.get(actor(svc, "wangzd"), art_id).cover_asset_id == ids[0]

    # submitted; 初审 cannot sign while one photo lacks its caption
    svc.review.submit(actor(svc, "wangzd"), art_id)
    desk = DeskWindow(svc, actor(svc, "chushen"), live=False, due=False)
    qtbot.addWidget(desk)
    desk.ops.drain()
    desk.open_article(art_id)
    desk.ops.drain()
    panel = desk.desk.review
    prompts = script(panel, confirm=True)
    panel.sign_btn.click()
    desk.ops.drain()
    assert prompts.errors and prompts.errors[0].data["missing"] == [f"{CAPTION_MISSING}:{ids[-1]}"]
    assert "图说" in prompts.errors[0].message_zh
    assert svc.articles.get(actor(svc, "chushen"), art_id).review_step == 0
    # the caption is written in the library: now it signs
    lib.select([ids[-1]])
    type_text(lib.caption, "泾河岸边的黄昏")
    lib.save_btn.click()
    lib.ops.drain()
    panel.sign_btn.click()
    desk.ops.drain()
    assert svc.articles.get(actor(svc, "chushen"), art_id).review_step == 1
