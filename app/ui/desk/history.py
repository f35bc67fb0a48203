"""Revision history and the comparison of any two revisions: by character for the text, field by
field for the metadata, inline or side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.diffing import changes_html, diff_snapshots
from app.core.domain import Actor
from app.ui.desk.common import DeskPanel, fmt_time, run, tr
from app.ui.ops import OpRunner, ui_language

if TYPE_CHECKING:
    from app.core.services import Services

REASONS = {
    "create": "created", "save": "saved", "autosave": "autosaved", "submit": "submitted", "sign": "signed",
    "return": "returned", "approve": "signed off", "schedule": "scheduled", "publish": "published",
    "correct": "corrected", "withdraw": "withdrawn", "restore": "restored", "import": "imported",
}


# revisions that only change the state: comparing with one of them shows 状态 and nothing else
STATE_ONLY = {"submit", "sign", "approve", "schedule", "publish", "withdraw"}


def default_base(revs: list[Any]) -> int:
    """The revision the newest is compared with by default: the last return (what the reporter
    changed since, after a resubmit), else the last revision before a run of state-only ones
    (what the text went through review as), else the one before the newest."""
    last = len(revs) - 1
    for i in range(last - 1, -1, -1):
        if revs[i].reason == "return":
            return i
        if revs[i].reason in ("publish", "correct"):  # a return before publication is old news
            break
    i = last - 1
    while i > 0 and revs[i].reason in STATE_ONLY and revs[i + 1].reason in STATE_ONLY:
        i -= 1
    return max(i, 0)


class HistoryWidget(DeskPanel):
    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, ops, parent)
        self.article_id: int | None = None
        self.revisions: list[Any] = []
        self._snapshots: dict[int, dict] = {}

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels([tr("#"), tr("Who"), tr("When"), tr("What")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._row_selected)
        self.old = QComboBox()
        self.old.setObjectName("historyOld")
        self.new = QComboBox()
        self.new.setObjectName("historyNew")
        self.mode = QComboBox()
        self.mode.setObjectName("historyMode")
        self.mode.addItem(tr("Inline"), False)
        self.mode.addItem(tr("Side by side"), True)
        self.view = QTextBrowser()
        self.view.setObjectName("historyDiff")
        self.view.setOpenLinks(False)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Compare")))
        bar.addWidget(self.old, 1)
        bar.addWidget(QLabel("→"))
        bar.addWidget(self.new, 1)
        bar.addWidget(self.mode)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(bar)
        rl.addWidget(self.view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(split)
        for combo in (self.old, self.new, self.mode):
            combo.currentIndexChanged.connect(self.compare)

    def set_article(self, article_id: int | None) -> None:
        self.article_id = article_id
        self._snapshots.clear()
        self.reload()

    def reload(self) -> None:
        if self.article_id is None:
            self._show([])
            return
        aid = self.article_id
        run(self.ops, self.prompts, self.services.articles.revisions, self.actor, aid,
            on_done=lambda revs: self._show(revs) if aid == self.article_id else None, key="history")

    def _show(self, revs: list[Any]) -> None:
        self.revisions = revs
        self.table.setRowCount(len(revs))
        for i, r in enumerate(reversed(revs)):
            what = tr(REASONS.get(r.reason, r.reason)) + (f"：{r.note}" if r.note else "")
            for col, text in enumerate((str(r.number), r.user_name, fmt_time(r.created_at, self.zone), what)):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        for combo in (self.old, self.new):
            combo.blockSignals(True)
            combo.clear()
            for r in revs:
                combo.addItem(f"#{r.number} {r.user_name} {fmt_time(r.created_at, self.zone)} "
                              f"{tr(REASONS.get(r.reason, r.reason))}", r.number)
            combo.blockSignals(False)
        if len(revs) >= 2:
            self.old.setCurrentIndex(default_base(revs))
            self.new.setCurrentIndex(len(revs) - 1)
        self.compare()

    def select(self, old: int, new: int) -> None:
        """Compare revision numbers ``old`` → ``new``."""
        self.old.blockSignals(True)
        self.old.setCurrentIndex(self.old.findData(old))
        self.old.blockSignals(False)
        self.new.setCurrentIndex(self.new.findData(new))
        self.compare()

    def _row_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if not rows:
            return
        first = self.table.item(rows[0], 0)
        if first is None:
            return
        number = int(first.text())
        if number > 1:
            self.select(number - 1, number)

    def _names(self) -> Any:
        channels = {c.id: c.name for c in self.services.admin.channels()}
        users = {u.id: u.real_name for u in self.services.users.list()}
        sources = {s.id: s.name for s in self.services.admin.sources()}

        def name(field: str, value: Any) -> str | None:
            if "channel" in field:
                return channels.get(value)
            if field.endswith("editor_id"):
                return users.get(value)
            if field == "source_id":
                return sources.get(value)
            return None

        return name

    def compare(self, *_args: Any) -> None:
        if self.article_id is None or self.old.count() == 0:
            self.view.setHtml("<p>" + tr("No revisions.") + "</p>")
            return
        a, b = self.old.currentData(), self.new.currentData()
        if a is None or b is None:
            return
        svc, actor, aid, cache = self.services, self.actor, self.article_id, self._snapshots
        side = bool(self.mode.currentData())
        lang = ui_language()

        def load() -> str:
            for n in (a, b):
                if n not in cache:
                    cache[n] = svc.articles.revision_snapshot(actor, aid, n)
            return changes_html(diff_snapshots(cache[a], cache[b], self._names()), lang, side)

        run(self.ops, self.prompts, load, on_done=self.view.setHtml, key="history-diff")

    def html(self) -> str:
        return self.view.toHtml()
