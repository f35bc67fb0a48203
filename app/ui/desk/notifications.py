"""Notifications: the in-app list (each opens its article) and system-tray messages for new ones."""

from __future__ import annotations

from typing import Any

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

from app.core.domain import Actor
from app.ui.desk.common import DeskPanel, fmt_time, run, tr
from app.ui.ops import OpRunner

KINDS = {
    "assigned": "Assigned to you", "returned": "Returned", "signed": "Signed", "approved": "Signed off",
    "published": "Published", "publish_failed": "Publishing failed", "schedule_missed": "Scheduled time missed",
    "mentioned": "Mentioned", "lease_taken": "Editing taken over", "withdrawn": "Withdrawn",
}
URGENT = {"returned", "publish_failed", "schedule_missed", "lease_taken"}


class NotificationsWidget(DeskPanel):
    openArticle = Signal(int)
    unreadChanged = Signal(int)
    loaded = Signal(list)  # the notifications just shown

    def __init__(self, services: Any, actor: Actor, ops: OpRunner | None = None,
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
        self.mark_btn = QPushButton(tr("Mark all read"))
        self.mark_btn.setObjectName("markAllRead")
        self.mark_btn.clicked.connect(self.mark_all_read)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.mark_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.list, 1)
        self.reload()

    def reload(self) -> None:
        run(self.ops, self.prompts, self.services.notifications.list, self.actor, on_done=self._show,
            key="notifications")

    def unread(self) -> int:
        return sum(1 for n in self.items if not n.read)

    def _show(self, items: list[Any]) -> None:
        self.items = items
        self.list.clear()
        for n in items:
            kind = tr(KINDS.get(n.kind, n.kind))
            it = QListWidgetItem(f"{kind} · {fmt_time(n.created_at, self.zone)}\n{n.message}")
            it.setData(Qt.ItemDataRole.UserRole, n.id)
            if not n.read:
                f = QFont()
                f.setBold(True)
                it.setFont(f)
            if n.kind in URGENT:
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
