"""Toolbar icons from qtawesome, built lazily: importing qtawesome costs ~160 ms (its QtPy shim),
so the window paints first and gets its icons right after (facts.md)."""

from __future__ import annotations

import logging
import os
from functools import cache

from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)

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


@cache
def icon(key: str) -> QIcon:
    """The icon for ``key`` (an empty icon when qtawesome is missing: text buttons still work)."""
    os.environ.setdefault("QT_API", "pyside6")
    try:
        import qtawesome as qta

        return qta.icon(NAMES.get(key, key), color="#37474f")
    except Exception as exc:  # noqa: BLE001 - icons are decoration
        log.warning("icon %s unavailable: %s", key, exc)
        return QIcon()
