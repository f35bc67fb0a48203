"""Toolbar icons from qtawesome, built lazily: importing qtawesome costs ~160 ms (its QtPy shim),
so the window paints first and gets its icons right after (facts.md).

Every icon is a Material Design Icons 6 glyph (``mdi6.*``). qtawesome's own ``qta.icon`` loads all
twelve of its bundled fonts (≈ 6 MiB) on first use; :func:`_font` loads the mdi6 font only, the
same way qtawesome's ``_instance()`` builds its ``IconicFont``, so the bundle ships that one font
(build_scripts/newsdesk.spec) and the first icon costs less.
"""

from __future__ import annotations

import logging
import os
from functools import cache

from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)

PREFIX = "mdi6"  # the one icon font the app uses
_iconic: list[object] = []  # the IconicFont with that font, made on first use

NAMES = {  # action key → Material Design Icons name
    "new": "mdi6.file-document-plus-outline",
    "save": "mdi6.content-save-outline",
    "submit": "mdi6.send-outline",
    "import": "mdi6.file-import-outline",
    "image": "mdi6.image-plus",
    "find": "mdi6.magnify",
    "browser": "mdi6.open-in-new",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "proof": "mdi6.spellcheck",
    "refresh": "mdi6.refresh",
    "paste": "mdi6.content-paste",
    "drafts": "mdi6.file-edit-outline",
    "returned": "mdi6.file-undo-outline",
    "submitted": "mdi6.file-send-outline",
    "published": "mdi6.earth",
}


def _font():  # type: ignore[no-untyped-def]
    """qtawesome's IconicFont holding only the mdi6 font (its file names come from qtawesome's
    own table, so they follow its version). Remade when the QApplication was recreated, as
    qtawesome's ``_instance()`` does: application fonts die with their application."""
    import qtawesome as qta
    from qtawesome.iconic_font import IconicFont

    if _iconic and not qta.has_valid_font_ids(_iconic[0]):
        _iconic.clear()
    if not _iconic:
        fonts = [f for f in qta._BUNDLED_FONTS if f[0] == PREFIX]
        if not fonts:
            raise LookupError(f"qtawesome {qta.__version__} has no {PREFIX} font")
        _iconic.append(IconicFont(*fonts))
    return _iconic[0]


@cache
def icon(key: str) -> QIcon:
    """The icon for ``key`` (an empty icon when qtawesome is missing: text buttons still work)."""
    os.environ.setdefault("QT_API", "pyside6")
    try:
        name = NAMES.get(key, key)
        if not name.startswith(PREFIX + "."):
            raise ValueError(f"only {PREFIX}.* icons are loaded, not {name}")
        return _font().icon(name, color="#37474f")  # type: ignore[attr-defined,no-any-return]
    except Exception as exc:  # noqa: BLE001 - icons are decoration
        log.warning("icon %s unavailable: %s", key, exc)
        return QIcon()
