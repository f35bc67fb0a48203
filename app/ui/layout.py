"""Window sizes for the screens newsrooms have: the most common office laptop is 1366×768, small
ones are 1280×720. A window never opens larger than the screen's free area (the taskbar excluded)
nor off it; a dialog never taller than the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget

# the window frame a window manager adds around the client area before the window is shown (then
# frameGeometry() does not know it yet): a title bar and thin borders
FRAME_W, FRAME_H = 16, 40


def available(widget: QWidget) -> QRect | None:
    screen = widget.screen() or QApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_window(widget: QWidget) -> None:
    """Shrink ``widget`` to the free area of its screen and move it fully onto it."""
    avail = available(widget)
    if avail is None or widget.isMaximized() or widget.isFullScreen():
        return
    frame_w = max(widget.frameGeometry().width() - widget.width(), 0) or FRAME_W
    frame_h = max(widget.frameGeometry().height() - widget.height(), 0) or FRAME_H
    w = min(widget.width(), avail.width() - frame_w)
    h = min(widget.height(), avail.height() - frame_h)
    if (w, h) != (widget.width(), widget.height()):
        widget.resize(w, h)
    g = widget.geometry()
    x = min(max(g.x(), avail.x()), avail.x() + avail.width() - w - frame_w)
    y = min(max(g.y(), avail.y() + frame_h - frame_w // 2), avail.y() + avail.height() - h - frame_w // 2)
    if (x, y) != (g.x(), g.y()):
        widget.setGeometry(x, y, w, h)
