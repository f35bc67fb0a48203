"""The toolbar icons come from an IconicFont holding only qtawesome's mdi6 font (the bundle ships
that font alone); they must be pixel-identical to what qtawesome's own ``qta.icon`` draws."""

from __future__ import annotations

import pytest

pytest.importorskip("qtawesome")


def _pixels(ic, size=24) -> bytes:
    img = ic.pixmap(size, size).toImage()
    return bytes(img.constBits())


def test_every_named_icon_is_drawn_like_qtawesome_draws_it(qapp):
    import qtawesome as qta

    from app.ui import icons

    extra = ["mdi6.cloud-upload-outline", "mdi6.web"]  # the publishing controller's own names
    for key in [*icons.NAMES, *extra]:
        mine = icons.icon(key)
        assert not mine.isNull(), key
        ref = qta.icon(icons.NAMES.get(key, key), color="#37474f")
        for size in (16, 24, 32):
            got = _pixels(mine, size)
            assert got == _pixels(ref, size), f"{key} at {size}px differs from qtawesome's"
            assert any(got), f"{key} at {size}px is blank"


def test_only_the_mdi6_font_is_loaded(qapp):
    from app.ui import icons

    icons.icon("save")
    font = icons._font()
    assert set(font.fontname) == {"mdi6"}
    assert icons.icon.__wrapped__("fa5s.save").isNull()  # another font: an empty icon, logged


def test_the_window_gets_its_icons_after_its_first_list_page(window, qtbot):
    """qtawesome is imported on a worker after the first list page; then the toolbar, the
    navigator and the desks' entries get their icons on the UI thread, as before."""
    window.ops.drain()
    qtbot.waitUntil(lambda: window._icons_ready, timeout=10000)
    assert not window.action("save").icon().isNull()
    assert not window.nav_item("drafts").icon().isNull()
    later: list[bool] = []
    window.after_icons(lambda: later.append(True))  # once imported: at once
    assert later == [True]
