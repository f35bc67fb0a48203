"""The publish queue page: every outbox job (target, article, version, action, state, attempts,
next attempt, last error) with filters by state and target, Retry and Cancel for the selected
job, counts in the header, refreshed every few seconds while visible and after each change set
of the window. Reads and writes go through ``services.targets`` on the operation runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.ops import ui_language
from app.ui.publishing.common import fmt_time, newsroom_zone, tr

if TYPE_CHECKING:
    from app.core.services import Services
    from app.ui.ops import OpRunner

REFRESH_MS = 3000
STATES = ("pending", "failed", "done", "cancelled")
_Index = QModelIndex | QPersistentModelIndex


def state_label(state: str) -> str:
    from app.core.services.targets import job_state_label

    return job_state_label(state, ui_language())


def action_label(action: str) -> str:
    return {"publish": tr("Publish"), "withdraw": tr("Withdraw")}.get(action, action)


def counts_text(counts: dict[str, int], delivering: int = 0) -> str:
    """``推送中 1 / 待推送 5 / 失败 1`` (delivering / waiting / failed)."""
    waiting = max(0, counts.get("pending", 0) - delivering)
    return (tr("Delivering %1 / waiting %2 / failed %3").replace("%1", str(delivering))
            .replace("%2", str(waiting)).replace("%3", str(counts.get("failed", 0))))


class JobTableModel(QAbstractTableModel):
    """Plain ``JobData`` rows (services.targets.jobs()) as a table; ``Qt.UserRole`` = job id."""

    COLUMNS = ("target", "title", "version", "action", "state", "attempts", "next", "error")

    def __init__(self, zone: Any = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.rows: list[Any] = []

    def headers(self) -> list[str]:
        return [tr("Target"), tr("Article"), tr("Version"), tr("Action"), tr("State"), tr("Attempts"),
                tr("Next attempt"), tr("Last error")]

    def set_rows(self, rows: list[Any]) -> None:
        if [(r.id, r.state, r.attempts, r.next_attempt_at, r.last_error, r.delivering) for r in rows] == \
                [(r.id, r.state, r.attempts, r.next_attempt_at, r.last_error, r.delivering) for r in self.rows]:
            return  # nothing changed: keep the selection and scroll position untouched
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def job(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, job_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == job_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        j = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return j.id
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "target": j.target_name, "title": j.article_title or tr("(untitled)"),
                "version": str(j.article_version), "action": action_label(j.action),
                "state": state_label(j.display_state), "attempts": str(j.attempts),
                "next": fmt_time(j.next_attempt_at, self.zone) if j.state == "pending" else "",
                "error": j.error(ui_language()).replace("\n", " "),
            }[col]
        if role == Qt.ItemDataRole.ToolTipRole and col in ("error", "title"):
            return j.error(ui_language()) if col == "error" and j.last_error else j.article_title
        if role == Qt.ItemDataRole.ForegroundRole and col == "state":
            colour = {"failed": "#b3261e", "done": "#2e7d32", "cancelled": "#777777",
                      "delivering": "#1565c0"}.get(j.display_state)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("version", "attempts"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class PublishQueuePage(QWidget):
    """The publish-queue page (``window.add_page("publish_queue", …)``)."""

    countsChanged = Signal(dict)  # job state → count, after each refresh
    loaded = Signal(int)  # rows shown, after each refresh

    def __init__(self, services: Services, actor: Any, ops: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.ops = services, actor, ops
        self.setObjectName("publishQueue")
        self.counts: dict[str, int] = {}
        self.delivering = 0
        self._targets: list[Any] = []

        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        title = QLabel(tr("Publish queue"))
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        title.setFont(f)
        head.addWidget(title)
        self.summary = QLabel()
        self.summary.setObjectName("queueSummary")
        head.addWidget(self.summary, 1)
        lay.addLayout(head)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("State:")))
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("stateFilter")
        self.state_filter.addItem(tr("All"), None)
        for s in STATES:
            self.state_filter.addItem(state_label(s), s)
        self.state_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.state_filter)
        bar.addSpacing(12)
        bar.addWidget(QLabel(tr("Target:")))
        self.target_filter = QComboBox()
        self.target_filter.setObjectName("targetFilter")
        self.target_filter.addItem(tr("All targets"), None)
        self.target_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.target_filter)
        bar.addStretch(1)
        self.retry_btn = QPushButton(tr("Retry"))
        self.retry_btn.setObjectName("retryJob")
        self.retry_btn.setToolTip(tr("Deliver the selected failed, cancelled or waiting job again, now"))
        self.retry_btn.clicked.connect(self.retry_selected)
        bar.addWidget(self.retry_btn)
        self.cancel_btn = QPushButton(tr("Cancel job"))
        self.cancel_btn.setObjectName("cancelJob")
        self.cancel_btn.setToolTip(tr("Do not deliver the selected job"))
        self.cancel_btn.clicked.connect(self.cancel_selected)
        bar.addWidget(self.cancel_btn)
        self.deliver_btn = QPushButton(tr("Deliver now"))
        self.deliver_btn.setObjectName("deliverNow")
        self.deliver_btn.setToolTip(tr("Send the jobs that are due now without waiting for the next round"))
        self.deliver_btn.clicked.connect(self._deliver_now)
        self.deliver_btn.setVisible(False)  # shown where this desk delivers (install sets deliverNow)
        bar.addWidget(self.deliver_btn)
        self.refresh_btn = QPushButton(tr("Refresh"))
        self.refresh_btn.clicked.connect(self.refresh)
        bar.addWidget(self.refresh_btn)
        lay.addLayout(bar)

        self.model = JobTableModel(newsroom_zone(services), self)
        self.view = QTableView()
        self.view.setObjectName("jobTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        hh = self.view.horizontalHeader()
        for col in range(len(JobTableModel.COLUMNS)):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(7, QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.view.doubleClicked.connect(self._open_article)
        lay.addWidget(self.view, 1)
        self.detail = QLabel()
        self.detail.setObjectName("jobDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.detail)
        self.empty = QLabel(tr("No publishing jobs. Publishing, corrections and withdrawals are queued "
                               "here for each portal or WordPress target."))
        self.empty.setWordWrap(True)
        self.empty.setObjectName("queueEmpty")
        lay.addWidget(self.empty)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.openArticle = None  # set by install(): window.open_article
        self.deliverNow: Callable[[], Any] | None = None  # set by install() on desks that run the delivery worker
        self._update_buttons()

    def _deliver_now(self) -> None:
        if self.deliverNow is not None:
            self.deliverNow()

    # ---- live refresh -------------------------------------------------------------------
    def showEvent(self, e: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(e)
        self.timer.start()
        self.refresh()

    def hideEvent(self, e: QHideEvent) -> None:  # noqa: N802 - Qt override
        self.timer.stop()
        super().hideEvent(e)

    def stop(self) -> None:
        self.timer.stop()

    def on_change(self, what: str) -> None:
        """The window's dataChanged: publishing, corrections and withdrawals add jobs."""
        if what in ("outbox", "targets", "workflow", "article", "articles", "poll", "reconnected"):
            self.refresh()

    # ---- reading ----------------------------------------------------------------------
    def query(self) -> dict[str, Any]:
        state = self.state_filter.currentData()
        target = self.target_filter.currentData()
        return {"states": (state,) if state else None, "target_id": target}

    def refresh(self) -> None:
        svc, q = self.services, self.query()

        def read() -> tuple[list[Any], dict[str, int], int, list[Any]]:
            rows = svc.targets.jobs(limit=500, **q)
            counts = svc.targets.job_counts()
            delivering = sum(1 for j in svc.targets.jobs(states=("pending",), limit=1000) if j.delivering)
            return rows, counts, delivering, svc.targets.list()

        self.ops.run(read, key="publish-queue", on_done=self._loaded)

    def _loaded(self, got: tuple[list[Any], dict[str, int], int, list[Any]]) -> None:
        rows, counts, delivering, targets = got
        selected = self.selected_job()
        self._set_targets(targets)
        self.model.set_rows(rows)
        if selected is not None:
            row = self.model.row_of(selected.id)
            if row >= 0 and self.view.currentIndex().row() != row:
                self.view.selectRow(row)
        self.counts, self.delivering = counts, delivering
        self.summary.setText(counts_text(counts, delivering) + "   " +
                             tr("delivered %1").replace("%1", str(counts.get("done", 0))))
        self.empty.setVisible(not rows)
        self._update_buttons()
        self.countsChanged.emit(dict(counts))
        self.loaded.emit(len(rows))

    def _set_targets(self, targets: list[Any]) -> None:
        names = [(t.id, t.name) for t in targets if t.kind in ("portal", "wordpress")]
        if names == [(t.id, t.name) for t in self._targets]:
            return
        self._targets = [t for t in targets if t.kind in ("portal", "wordpress")]
        current = self.target_filter.currentData()
        self.target_filter.blockSignals(True)
        self.target_filter.clear()
        self.target_filter.addItem(tr("All targets"), None)
        for tid, name in names:
            self.target_filter.addItem(name, tid)
        i = self.target_filter.findData(current)
        self.target_filter.setCurrentIndex(max(0, i))
        self.target_filter.blockSignals(False)

    # ---- actions ----------------------------------------------------------------------
    def selected_job(self) -> Any:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.job(rows[0].row()) if rows else None

    def select_job(self, job_id: int) -> bool:
        row = self.model.row_of(job_id)
        if row >= 0:
            self.view.selectRow(row)
        return row >= 0

    def _update_buttons(self) -> None:
        j = self.selected_job()
        self._show_detail(j)
        self.retry_btn.setEnabled(j is not None and (j.state in ("failed", "cancelled") or (
            j.state == "pending" and j.attempts > 0 and not j.delivering)))  # "try again now"
        self.cancel_btn.setEnabled(j is not None and j.state == "pending")

    def _show_detail(self, j: Any) -> None:
        """The selected job in full: the error is often longer than its column."""
        if j is None:
            self.detail.setText("")
            return
        parts = [tr("Job %1: %2 “%3” (version %4) to %5, %6")
                 .replace("%1", str(j.id)).replace("%2", action_label(j.action))
                 .replace("%3", j.article_title or tr("(untitled)")).replace("%4", str(j.article_version))
                 .replace("%5", j.target_name).replace("%6", state_label(j.display_state))]
        if j.last_error:
            parts.append(tr("Last error: %1").replace("%1", j.error(ui_language())))
        self.detail.setText("\n".join(parts))

    def retry_selected(self) -> None:
        j = self.selected_job()
        if j is not None:
            self.ops.run(self.services.targets.retry, self.actor, j.id, write=True, change="outbox",
                         on_done=lambda _j: self.refresh())

    def cancel_selected(self) -> None:
        j = self.selected_job()
        if j is not None:
            self.ops.run(self.services.targets.cancel, self.actor, j.id, write=True, change="outbox",
                         on_done=lambda _j: self.refresh())

    def _open_article(self, index: QModelIndex) -> None:
        j = self.model.job(index.row())
        if j is not None and callable(self.openArticle):
            self.openArticle(j.article_id)
