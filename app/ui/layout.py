"""Window sizes for the screens newsrooms have: the most common office laptop is 1366×768, small
ones are 1280×720. A window never opens larger than the screen's free area (the taskbar excluded)
nor off it; a dialog never taller than the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView, QWidget

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


class HeadlineColumn(QObject):
    """A list's headline column takes the width the other columns leave, but never less than
    ``chars`` Chinese characters: in a narrow pane (a laptop's article list is ≈ 300 px) a
    stretched column was crushed to six characters while the status, author, channel … columns
    kept theirs; now those scroll sideways and the headline stays readable. The others fit
    their contents."""

    def __init__(self, view: QTableView, column: int = 0, chars: int = 11) -> None:
        super().__init__(view)
        self.view, self.column = view, column
        self.min_width = view.fontMetrics().horizontalAdvance("国" * chars) + 16
        hh = view.horizontalHeader()
        hh.setStretchLastSection(False)
        # the other columns hold short fixed-form text (status, name, date): measuring a screenful
        # of rows is enough, not every loaded page (up to 1,000) on each refresh of the list
        hh.setResizeContentsPrecision(50)
        for c in range(view.model().columnCount()):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive if c == column
                                    else QHeaderView.ResizeMode.ResizeToContents)
        view.viewport().installEventFilter(self)
        hh.sectionResized.connect(self._other_resized)
        self.fit()

    def fit(self) -> None:
        hh = self.view.horizontalHeader()
        others = sum(hh.sectionSize(c) for c in range(hh.count()) if c != self.column and not hh.isSectionHidden(c))
        want = max(self.min_width, self.view.viewport().width() - others)
        if hh.sectionSize(self.column) != want:
            hh.resizeSection(self.column, want)

    def _other_resized(self, index: int, _old: int, _new: int) -> None:
        if index != self.column:
            self.fit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
