"""Notifications: the in-app list (each opens its article) and system-tray messages for new ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from app.core import rulebook
from app.core.domain import Actor, Role, Status
from app.ui.desk.common import DeskPanel, fmt_time, run, tr
from app.ui.ops import OpRunner

if TYPE_CHECKING:
    from app.core.services import Services

KINDS = {
    "assigned": "Assigned to you", "returned": "Returned", "signed": "Signed", "approved": "Signed off",
    "published": "Published", "publish_failed": "Publishing failed", "schedule_missed": "Scheduled time missed",
    "mentioned": "Mentioned", "lease_taken": "Editing taken over", "withdrawn": "Withdrawn",
    "corrected": "Correction published",
}
STATE_LOOKUPS = 40  # the current state is read for the newest this many articles of the list
URGENT = {"returned", "publish_failed", "schedule_missed", "lease_taken"}


class NotificationsWidget(DeskPanel):
    openArticle = Signal(int)
    unreadChanged = Signal(int)
    loaded = Signal(list)  # the notifications just shown

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, ops, parent)
        self.items: list[Any] = []
        self.list = QListWidget()
        self.list.setObjectName("notificationList")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)
        self.header = QLabel()
        self.header.setObjectName("notificationHeader")
        self.mark_one_btn = QPushButton(tr("Mark read"))
        self.mark_one_btn.setObjectName("markRead")
        self.mark_one_btn.setEnabled(False)
        self.mark_one_btn.clicked.connect(self.mark_selected_read)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.mark_btn = QPushButton(tr("Mark all read"))
        self.mark_btn.setObjectName("markAllRead")
        self.mark_btn.clicked.connect(self.mark_all_read)
        self.states: dict[int, Any] = {}  # article id → its ArticleData now
        self.my_steps: set[int] = set()
        self.chain: list[Any] = []
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.mark_one_btn)
        top.addWidget(self.mark_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.list, 1)
        self.reload()

    def reload(self) -> None:
        svc, actor = self.services, self.actor

        def load() -> tuple[list[Any], dict[int, Any], set[int], list[Any]]:
            """The notifications and where each one's article is *now* (a notice says what happened
            then; 等待初审 an hour ago may be 已发布 now)."""
            from app.core.errors import NewsdeskError

            items = svc.notifications.list(actor)
            states: dict[int, Any] = {}
            for aid in list(dict.fromkeys(n.article_id for n in items if n.article_id))[:STATE_LOOKUPS]:
                try:
                    states[aid] = svc.articles.get(actor, aid)
                except NewsdeskError:  # deleted, or no longer visible to this user
                    pass
            steps = set(svc.review.review_queue_steps(actor)) if actor.has(Role.EDITOR, Role.CHIEF_EDITOR) else set()
            return items, states, steps, list(svc.review.chain())

        run(self.ops, self.prompts, load, on_done=self._loaded, key="notifications")

    def _loaded(self, res: tuple[list[Any], dict[int, Any], set[int], list[Any]]) -> None:
        items, self.states, self.my_steps, self.chain = res
        self._show(items)

    def current_state(self, n: Any) -> tuple[str, bool]:
        """(the article's state now, in words; whether the notice still asks something of me)."""
        a = self.states.get(n.article_id) if n.article_id else None
        if a is None:
            return "", n.kind in URGENT
        from app.ui.desk.queue import status_text

        text = status_text(a.status)
        step = rulebook.waiting_step(a, self.chain)
        if step is not None:
            text += " · " + tr("waiting for %1").replace("%1", step.name)
        if n.kind == "assigned":  # still mine: waiting at a step I review, and not signed by me already
            signed = any(so.signer_id == self.actor.id for so in (a.signoffs or []))
            return text, step is not None and a.review_step in self.my_steps and not signed
        if n.kind == "returned":
            return text, a.status == Status.RETURNED
        return text, True

    def unread(self) -> int:
        return sum(1 for n in self.items if not n.read)

    def _show(self, items: list[Any]) -> None:
        self.items = items
        self.list.clear()
        for n in items:
            kind = tr(KINDS.get(n.kind, n.kind))
            now, current = self.current_state(n)
            text = f"{kind} · {fmt_time(n.created_at, self.zone)}\n{n.message}"
            if now:
                text += "\n" + tr("Now: %1").replace("%1", now)
            it = QListWidgetItem(text)
            it.setData(Qt.ItemDataRole.UserRole, n.id)
            if not n.read:
                f = QFont()
                f.setBold(True)
                it.setFont(f)
            if not current:  # overtaken by events: greyed, not red
                it.setForeground(QBrush(QColor("#8c959f")))
            elif n.kind in URGENT:
                it.setForeground(QBrush(QColor("#cf222e")))
            self.list.addItem(it)
        count = self.unread()
        self.header.setText(tr("%1 unread").replace("%1", str(count)))
        self.unreadChanged.emit(count)
        self.loaded.emit(items)

    def _activated(self, item: QListWidgetItem) -> None:
        nid = item.data(Qt.ItemDataRole.UserRole)
        n = next((x for x in self.items if x.id == nid), None)
        if n is None:
            return
        if not n.read:
            run(self.ops, self.prompts, self.services.notifications.mark_read, self.actor, [n.id],
                on_done=lambda _r: self.reload(), write=True)
        if n.article_id is not None:
            self.openArticle.emit(n.article_id)

    def _selection_changed(self) -> None:
        ids = self._selected_ids()
        self.mark_one_btn.setEnabled(any(not n.read for n in self.items if n.id in ids))

    def _selected_ids(self) -> list[int]:
        return [it.data(Qt.ItemDataRole.UserRole) for it in self.list.selectedItems()]

    def mark_selected_read(self) -> None:
        """Only the selected notification(s): the others stay unread."""
        ids = [i for i in self._selected_ids() if any(n.id == i and not n.read for n in self.items)]
        if ids:
            run(self.ops, self.prompts, self.services.notifications.mark_read, self.actor, ids,
                on_done=lambda _r: self.reload(), write=True)

    def mark_all_read(self) -> None:
        run(self.ops, self.prompts, self.services.notifications.mark_read, self.actor,
            on_done=lambda _r: self.reload(), write=True)


class TrayNotifier(QObject):
    """Shows a system-tray message for each notification newer than the last one seen. Where the
    platform has no tray (headless), messages are only kept in ``shown``."""

    messageClicked = Signal(int)

    def __init__(self, icon: QIcon | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last_seen: int | None = None
        self.shown: list[tuple[str, str]] = []
        self.tray: QSystemTrayIcon | None = None
        self._last_article: int | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon or QIcon(), self)
            self.tray.setToolTip(tr("NewsDesk"))
            self.tray.messageClicked.connect(self._clicked)
            self.tray.show()

    def _clicked(self) -> None:
        if self._last_article is not None:
            self.messageClicked.emit(self._last_article)

    def show_message(self, title: str, text: str, urgent: bool = False, article_id: int | None = None) -> None:
        self.shown.append((title, text))
        self._last_article = article_id
        if self.tray is not None:
            icon = QSystemTrayIcon.MessageIcon.Warning if urgent else QSystemTrayIcon.MessageIcon.Information
            self.tray.showMessage(title, text, icon, 8000)

    def update(self, items: list[Any]) -> None:
        newest = max((n.id for n in items), default=0)
        if self.last_seen is None:  # the first load: what is there is not news
            self.last_seen = newest
            return
        fresh = [n for n in items if n.id > self.last_seen and not n.read]
        self.last_seen = max(self.last_seen, newest)
        for n in sorted(fresh, key=lambda x: x.id):
            self.show_message(tr(KINDS.get(n.kind, n.kind)), n.message, n.kind in URGENT, n.article_id)
