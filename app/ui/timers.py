"""QTimer made in one line (PySide6 takes signal and property keywords in the constructor, but its
type stubs do not know them, so mypy could not check any call written that way)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer


def timer(parent: QObject, ms: int, slot: Callable[[], Any], single: bool = True) -> QTimer:
    """A stopped timer owned by ``parent`` that calls ``slot`` after ``ms`` (once, or every ``ms``)."""
    t = QTimer(parent)
    t.setSingleShot(single)
    t.setInterval(ms)
    t.timeout.connect(slot)
    return t
