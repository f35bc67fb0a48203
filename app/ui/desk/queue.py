"""The review queue: what waits for the editor's step first, then every list an editor acts on,
with filters (status, channel, reporter, source, date), sort, search and counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import rulebook
from app.core.clock import utcnow
from app.core.domain import Actor, ArticleRow, Page, Role, Status
from app.core.services.articles import ArticleQuery
from app.core.workflow import EDITORIAL, STATUS_LABELS
from app.ui.desk.common import DeskPanel, fmt_time, run, tr
from app.ui.ops import OpRunner, ui_language

if TYPE_CHECKING:
    from app.core.services import Services

PAGE = 200

STATUS_COLOURS = {
    Status.DRAFT: "#6e7781", Status.SUBMITTED: "#bf8700", Status.IN_REVIEW: "#0969da",
    Status.RETURNED: "#cf222e", Status.APPROVED: "#1a7f37", Status.SCHEDULED: "#8250df",
    Status.PUBLISHED: "#116329", Status.WITHDRAWN: "#57606a",
}


def status_text(st: Status) -> str:
    zh, en = STATUS_LABELS[st]
    return zh if ui_language() == "zh" else en


# (key, English label, statuses, only my review steps)
VIEWS: list[tuple[str, str, list[Status] | None, bool]] = [
    ("act", "For me to act on", None, True),  # my review steps first, then approved/scheduled
    ("mine", "Waiting for my review", None, True),
    ("in_review", "All in review", sorted(rulebook.IN_REVIEW), False),
    ("approved", "Approved / scheduled", sorted(rulebook.SIGNED), False),
    ("returned", "Returned to reporters", [Status.RETURNED], False),
    ("published", "Published", [Status.PUBLISHED], False),
    ("withdrawn", "Withdrawn", [Status.WITHDRAWN], False),
    ("draft", "Drafts", [Status.DRAFT], False),
    ("all", "All articles", None, False),
]
SORTS = [("updated_at", True, "Newest change first"), ("updated_at", False, "Oldest change first"),
         ("title", False, "Headline"), ("status", False, "Status"),
         ("scheduled_at", False, "Publish time"), ("first_published_at", True, "First published")]
DATES = [(None, "Any time"), (1, "Today"), (7, "Last 7 days"), (30, "Last 30 days"), (365, "Last year")]


class QueueModel(QAbstractTableModel):
    HEADERS = ("Headline", "Status", "Channel", "Reporter", "Chars", "Updated", "Publish time", "Editing")

    def __init__(self, chain_names: list[str], zone: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ArticleRow] = []
        self.total = 0
        self.chain_names = chain_names
        self.zone = zone

    def set_rows(self, rows: list[ArticleRow], total: int) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.total = total
        self.endResetModel()

    def append_rows(self, rows: list[ArticleRow]) -> None:
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.HEADERS[section])
        return None

    def status_cell(self, r: ArticleRow) -> str:
        text = status_text(r.status)
        step = rulebook.waiting_step(r, self.chain_names)
        if step is not None:
            text += " · " + step
        return text

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r = self.rows[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.title or tr("(no headline)"), self.status_cell(r), r.channel_name, r.author_name,
                    str(r.chars), fmt_time(r.updated_at, self.zone, short=True),
                    fmt_time(r.scheduled_at, self.zone, short=True),
                    ("✎ " + r.lease_user_name) if r.lease_user_name else "")[c]
        if role == Qt.ItemDataRole.ForegroundRole and c == 1:
            return QBrush(QColor(STATUS_COLOURS.get(r.status, "#000")))
        if role == Qt.ItemDataRole.FontRole and c == 0 and r.status == Status.SUBMITTED:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and c == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and c == 7 and r.lease_user_name:
            return tr("%1 is editing this article").replace("%1", r.lease_user_name)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None


class ReviewQueueWidget(DeskPanel):
    """The editor's queue. ``articleActivated(id)`` when an article is opened."""

    articleActivated = Signal(int)
    countsChanged = Signal(dict)

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, ops, parent)
        chain = services.review.chain()
        self.my_steps = [st.position for st in chain if st.role in actor.roles or Role.CHIEF_EDITOR in actor.roles]
        self.counts: dict[str, int] = {}
        self._loading = False
        self._generation = 0

        self.view = QComboBox()
        self.view.setObjectName("queueView")
        for key, label, _statuses, _mine in VIEWS:
            self.view.addItem(tr(label), key)
        if not actor.has(*EDITORIAL):
            self.view.setCurrentIndex([v[0] for v in VIEWS].index("all"))
        self.channel = QComboBox()
        self.channel.setObjectName("queueChannel")
        self.channel.addItem(tr("All channels"), None)
        for c in services.admin.channels():
            self.channel.addItem("　" * (len(c.path) - 1) + c.name, c.id)
        self.reporter = QComboBox()
        self.reporter.setObjectName("queueReporter")
        self.reporter.addItem(tr("All reporters"), None)
        for u in services.users.list():
            if Role.REPORTER in u.roles or Role.EDITOR in u.roles:
                self.reporter.addItem(u.real_name, u.id)
        self.source = QComboBox()
        self.source.setObjectName("queueSource")
        self.source.addItem(tr("All sources"), None)
        for src in services.admin.sources():
            self.source.addItem(src.name, src.id)
        self.dates = QComboBox()
        self.dates.setObjectName("queueDates")
        for days, label in DATES:
            self.dates.addItem(tr(label), days)
        self.sort = QComboBox()
        self.sort.setObjectName("queueSort")
        for i, (_key, _desc, label) in enumerate(SORTS):
            self.sort.addItem(tr(label), i)
        self.search = QLineEdit()
        self.search.setObjectName("queueSearch")
        self.search.setPlaceholderText(tr("Search headlines…"))
        self.search.setClearButtonEnabled(True)
        self.summary = QLabel()
        self.summary.setObjectName("queueSummary")

        self.model = QueueModel([st.name for st in chain], self.zone, self)
        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(QueueModel.HEADERS)):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.table.verticalScrollBar().valueChanged.connect(self._maybe_more)

        top = QHBoxLayout()
        top.addWidget(self.view)
        top.addWidget(self.search, 1)
        filters = QHBoxLayout()
        for w in (self.channel, self.reporter, self.source, self.dates, self.sort):
            filters.addWidget(w)
        filters.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.summary)

        for combo in (self.view, self.channel, self.reporter, self.source, self.dates, self.sort):
            combo.currentIndexChanged.connect(self.refresh)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.refresh()

    # ---- queries -------------------------------------------------------------------
    def query(self, offset: int = 0) -> ArticleQuery:
        key = self.view.currentData()
        _k, _label, statuses, mine = next(v for v in VIEWS if v[0] == key)
        sort_key, desc, _l = SORTS[self.sort.currentData() or 0]
        q = ArticleQuery(statuses=list(statuses) if statuses else None, channel_id=self.channel.currentData(),
                         author_id=self.reporter.currentData(), source_id=self.source.currentData(),
                         text=self.search.text().strip(), sort=sort_key, descending=desc,
                         offset=offset, limit=PAGE)
        if mine:
            q.review_steps = list(self.my_steps)
            if self.sort.currentIndex() == 0:  # the queue reads oldest-first: first come, first served
                q.sort, q.descending = "updated_at", False
        days = self.dates.currentData()
        if days:
            start = utcnow().astimezone(self.zone).replace(hour=0, minute=0, second=0, microsecond=0)
            q.updated_from = start - timedelta(days=days - 1)
        return q

    def select_view(self, key: str) -> None:
        self.view.setCurrentIndex([v[0] for v in VIEWS].index(key))

    def refresh(self, *_args: Any) -> None:
        self._generation += 1
        gen = self._generation
        q = self.query()
        svc, actor = self.services, self.actor
        act = self.view.currentData() == "act"

        def load() -> tuple[Any, dict[str, int]]:
            page = svc.articles.list(actor, q)
            if act:  # then what waits for publication decisions (its own query, appended)
                more = svc.articles.list(actor, replace(q, review_steps=None, sort="updated_at", descending=False,
                                                        statuses=sorted(rulebook.SIGNED)))
                page = Page(page.rows + more.rows, page.total + more.total, 0, q.limit)
            counts = svc.articles.counts(actor)
            return page, counts

        def done(result: tuple[Any, dict[str, int]]) -> None:
            if gen != self._generation:
                return
            page, counts = result
            self.model.set_rows(page.rows, page.total)
            self.counts = counts
            self._update_summary()
            self.countsChanged.emit(counts)

        run(self.ops, self.prompts, load, on_done=done, key="queue-refresh")

    def _maybe_more(self, value: int) -> None:
        bar = self.table.verticalScrollBar()
        if (value >= bar.maximum() - 5 and len(self.model.rows) < self.model.total and not self._loading
                and self.view.currentData() != "act"):
            self.fetch_more()

    def fetch_more(self) -> None:
        self._loading = True
        gen = self._generation
        q = self.query(offset=len(self.model.rows))

        def done(page: Any) -> None:
            self._loading = False
            if gen == self._generation:
                self.model.append_rows(page.rows)
                self._update_summary()

        def failed(_exc: BaseException) -> None:
            self._loading = False

        run(self.ops, self.prompts, self.services.articles.list, self.actor, q, on_done=done, on_error=failed)

    def _update_summary(self) -> None:
        parts = [tr("%1 shown of %2").replace("%1", str(len(self.model.rows))).replace("%2", str(self.model.total))]
        if "queue" in self.counts:
            parts.append(tr("waiting for my review: %1").replace("%1", str(self.counts["queue"])))
            parts.append(tr("approved or scheduled: %1").replace("%1", str(self.counts.get("approved", 0))))
        self.summary.setText(" · ".join(parts))
        for key, count in (("act", self.counts.get("queue", 0) + self.counts.get("approved", 0)),
                           ("mine", self.counts.get("queue", 0))):
            i = [v[0] for v in VIEWS].index(key)
            label = tr(VIEWS[i][1])
            if "queue" in self.counts:
                label += f" ({count})"
            self.view.setItemText(i, label)

    def selected_id(self) -> int | None:
        idx = self.table.currentIndex()
        return self.model.rows[idx.row()].id if idx.isValid() else None

    def row_of(self, article_id: int) -> int | None:
        for i, r in enumerate(self.model.rows):
            if r.id == article_id:
                return i
        return None

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.articleActivated.emit(self.model.rows[index.row()].id)
