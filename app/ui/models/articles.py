"""The article list: a QAbstractTableModel over pages of ArticleService.list.

Only the first page is fetched to show the list; further pages arrive as the view scrolls
(canFetchMore/fetchMore), each page off the UI thread. Sorting and filtering re-query the
database (an index does the work, not Python), so 100,000 articles open as fast as 100."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.core.domain import Actor, ArticleRow, Page, Status

if TYPE_CHECKING:
    from app.core.services import Services
    from app.ui.ops import OpRunner

PAGE = 200

COLUMNS = [  # key, header (translated in headerData), sort key
    ("title", QT_TRANSLATE_NOOP("ArticleListModel", "Headline"), "title"),
    ("status", QT_TRANSLATE_NOOP("ArticleListModel", "Status"), "status"),
    ("author_name", QT_TRANSLATE_NOOP("ArticleListModel", "Author"), None),
    ("channel_name", QT_TRANSLATE_NOOP("ArticleListModel", "Channel"), None),
    ("chars", QT_TRANSLATE_NOOP("ArticleListModel", "Characters"), None),
    ("updated_at", QT_TRANSLATE_NOOP("ArticleListModel", "Updated"), "updated_at"),
]

STATUS_COLORS = {
    Status.DRAFT: "#616161", Status.SUBMITTED: "#1565c0", Status.IN_REVIEW: "#1565c0",
    Status.RETURNED: "#c62828", Status.APPROVED: "#2e7d32", Status.SCHEDULED: "#6a1b9a",
    Status.PUBLISHED: "#2e7d32", Status.WITHDRAWN: "#9e9e9e",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArticleListModel", text)


_STATUS = {
    Status.DRAFT: QT_TRANSLATE_NOOP("ArticleListModel", "Draft"),
    Status.SUBMITTED: QT_TRANSLATE_NOOP("ArticleListModel", "Submitted"),
    Status.IN_REVIEW: QT_TRANSLATE_NOOP("ArticleListModel", "In review"),
    Status.RETURNED: QT_TRANSLATE_NOOP("ArticleListModel", "Returned"),
    Status.APPROVED: QT_TRANSLATE_NOOP("ArticleListModel", "Approved"),
    Status.SCHEDULED: QT_TRANSLATE_NOOP("ArticleListModel", "Scheduled"),
    Status.PUBLISHED: QT_TRANSLATE_NOOP("ArticleListModel", "Published"),
    Status.WITHDRAWN: QT_TRANSLATE_NOOP("ArticleListModel", "Withdrawn"),
}


def status_text(st: Status) -> str:
    return _tr(str(_STATUS[st]))


class ArticleListModel(QAbstractTableModel):
    loaded = Signal(int)  # total rows for the current query, after the first page arrived

    def __init__(self, services: Services, actor: Actor, ops: OpRunner, parent: Any = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.ops = ops
        self.rows: list[ArticleRow] = []
        self.total = 0
        self.search_pending = 0  # the search index is still taking in this many changes
        self._query: Any = None
        self._generation = 0
        self._fetching = False
        self.synchronous_first_page = False

    # ---- queries -------------------------------------------------------------------
    def set_query(self, query: Any) -> None:
        """Show the articles of ``query`` (an ArticleQuery), from the top."""
        self._query = replace(query, offset=0, limit=PAGE)
        self._generation += 1
        self._fetching = True
        gen = self._generation
        q = self._query
        if self.synchronous_first_page:
            self._first_page(gen, self.services.articles.list(self.actor, q))
            return
        self.ops.run(self.services.articles.list, self.actor, q, key="article-list",
                     on_done=lambda page: self._first_page(gen, page))

    def refresh(self) -> None:
        if self._query is not None:
            keep = max(len(self.rows), PAGE)
            self._generation += 1
            gen = self._generation
            q = replace(self._query, offset=0, limit=min(keep, 1000))
            self._fetching = True
            self.ops.run(self.services.articles.list, self.actor, q, key="article-list",
                         on_done=lambda page: self._first_page(gen, page))

    def query(self) -> Any:
        return self._query

    def _first_page(self, gen: int, page: Page) -> None:
        if gen != self._generation:
            return
        self.beginResetModel()
        self.rows = list(page.rows)
        self.total = page.total
        self.search_pending = page.search_pending
        self._fetching = False
        self.endResetModel()
        self.loaded.emit(self.total)

    # ---- Qt model ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._fetching and len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self._fetching or self._query is None:
            return
        self._fetching = True
        gen = self._generation
        q = replace(self._query, offset=len(self.rows), limit=PAGE)
        self.ops.run(self.services.articles.list, self.actor, q, on_done=lambda p: self._more(gen, p))

    def _more(self, gen: int, page: Page) -> None:
        if gen != self._generation:
            return
        self._fetching = False
        new = [r for r in page.rows]
        if not new:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(new) - 1)
        self.rows.extend(new)
        self.total = page.total
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(str(COLUMNS[section][1]))
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            v = getattr(row, key)
            if key == "status":
                s = status_text(row.status)
                other = row.lease_user_name and row.lease_user_name != self.actor.real_name
                return s + (f" · {row.lease_user_name}" if other else "")
            if key == "title":
                return v or QCoreApplication.translate("ArticleListModel", "(untitled)")
            if isinstance(v, datetime):
                return v.astimezone().strftime("%m-%d %H:%M") if v.tzinfo else v.strftime("%m-%d %H:%M")
            return v
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            return QColor(STATUS_COLORS.get(row.status, "#000"))
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and key == "title":
            return row.title
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "chars":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][2]
        if key is None or self._query is None:
            return
        self.set_query(replace(self._query, sort=key, descending=order == Qt.SortOrder.DescendingOrder))

    def row_of(self, article_id: int) -> int:
        for i, r in enumerate(self.rows):
            if r.id == article_id:
                return i
        return -1


QueryFactory = Callable[[], Any]
