"""The editor's desk wired together: the panels that follow the open article, the queue, the
dashboard, notifications, live updates and the due publisher. Used by ``install(window)`` (the
main window) and by the standalone ``DeskWindow``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from app.core.domain import Actor, ArticleData
from app.core.workflow import EDITORIAL
from app.ui.desk.channels import ChannelAssignWidget
from app.ui.desk.comments import CommentsWidget
from app.ui.desk.common import Prompts, run, tr
from app.ui.desk.dashboard import DashboardWidget
from app.ui.desk.history import HistoryWidget
from app.ui.desk.live import LiveUpdates
from app.ui.desk.notifications import NotificationsWidget, TrayNotifier
from app.ui.desk.queue import ReviewQueueWidget
from app.ui.desk.review_panel import ReviewPanel
from app.ui.desk.scheduler import DuePublisher
from app.ui.ops import OpRunner

if TYPE_CHECKING:
    from app.core.services import Services


class Desk(QObject):
    """Owns the desk's widgets for one user; ``openArticle(id)`` asks the host to open one."""

    openArticle = Signal(int)
    articleChanged = Signal(object)  # ArticleData after a desk action (host reloads its editor)
    handedBack = Signal(int)  # returned to the reporter (host closes it in its editor)
    leaseHeldElsewhere = Signal(object)  # the open article is now edited by someone else
    listsChanged = Signal()

    def __init__(self, services: Services, actor: Actor, ops: OpRunner, parent: QObject | None = None,
                 live: bool = True, due: bool = True) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.ops = ops
        self.editorial = actor.has(*EDITORIAL)
        self.article: ArticleData | None = None
        self.review = ReviewPanel(services, actor, ops) if self.editorial else None
        self.channels = ChannelAssignWidget(services, actor, ops) if self.editorial else None
        self.history = HistoryWidget(services, actor, ops)
        self.comments = CommentsWidget(services, actor, ops)
        self.queue = ReviewQueueWidget(services, actor, ops) if self.editorial else None
        self.dashboard = DashboardWidget(services, actor, ops) if self.editorial else None
        self.notifications = NotificationsWidget(services, actor, ops)
        self.tray = TrayNotifier(QApplication.windowIcon(), parent=self)
        self.live = LiveUpdates(services, actor, ops, self)
        self.due = DuePublisher(services, actor, ops, self)
        self.prompts = Prompts(None)

        for w in (self.review, self.channels):
            if w is not None:
                w.articleChanged.connect(self._changed_here)
        self._handed_back: int | None = None
        if self.review is not None:
            self.review.handedBack.connect(self._hand_back)
        if self.queue is not None:
            self.queue.articleActivated.connect(self.openArticle)
        if self.dashboard is not None:
            self.dashboard.openArticle.connect(self.openArticle)
        self.notifications.openArticle.connect(self.openArticle)
        self.tray.messageClicked.connect(self.openArticle)
        self.notifications.loaded.connect(self.tray.update)
        self.live.changed.connect(self.on_remote_change)
        self.due.published.connect(lambda _ids: self.refresh())
        self.due.missed.connect(self._missed)
        self.due.failed.connect(self._failed)
        self._want_live, self._want_due = live, due
        self.running = False
        self.start()

    def start(self) -> None:
        """Start live updates and the due publisher (again, after ``stop``)."""
        if self.running:
            return
        self.running = True
        if self._want_live:
            self.live.start()
        if self._want_due:
            self.due.start()

    def set_before_decision(self, fn: Any) -> None:
        for w in (self.review, self.channels):
            if w is not None:
                w.before_decision = fn

    def editor_panels(self) -> list[tuple[str, str, QWidget]]:
        out: list[tuple[str, str, QWidget]] = []
        if self.review is not None:
            out.append(("review", tr("Review"), self.review))
        if self.channels is not None:
            out.append(("channels", tr("Channels"), self.channels))
        out.append(("history", tr("History"), self.history))
        out.append(("comments", tr("Comments"), self.comments))
        return out

    def panel_tabs(self) -> QTabWidget:
        tabs = QTabWidget()
        tabs.setObjectName("deskPanels")
        for _key, title, w in self.editor_panels():
            tabs.addTab(w, title)
        return tabs

    # ---- following the open article ----------------------------------------------------
    def set_article(self, a: ArticleData | None) -> None:
        same = a is not None and self.article is not None and a.id == self.article.id
        self.article = a
        for w in (self.review, self.channels):
            if w is not None:
                w.set_article(a)
        if same:
            self.history.reload()
            self.comments.reload()
        else:
            self.history.set_article(a.id if a else None)
            self.comments.set_article(a.id if a else None)

    def open(self, article_id: int) -> None:
        """Load an article into the panels (standalone use; the main window's editor does this)."""
        run(self.ops, self.prompts, self.services.articles.get, self.actor, article_id, on_done=self.set_article)

    def _hand_back(self, article_id: int) -> None:
        self._handed_back = article_id
        self.handedBack.emit(article_id)

    def _changed_here(self, a: ArticleData) -> None:
        if self._handed_back == a.id:  # returned to the reporter: it left this desk's view
            self._handed_back = None
            self.set_article(None)
            self.refresh()
            return
        self.set_article(a)
        self.articleChanged.emit(a)
        self.refresh()

    def refresh(self) -> None:
        if self.queue is not None:
            self.queue.refresh()
        if self.dashboard is not None:
            self.dashboard.refresh_if_visible()
        self.notifications.reload()
        self.listsChanged.emit()

    def on_remote_change(self, what: str, ident: int) -> None:
        """Something changed on another desktop (or a poll saw a new token)."""
        if what in ("channels", "reconnected"):
            for w in (self.review, self.channels):
                if w is not None:
                    w.reload_channels()
        self.refresh()
        a = self.article
        if a is not None and (ident in (0, a.id)) and what in ("article", "lease", "comment", "poll",
                                                               "reconnected"):
            self.follow_article(what)

    def on_local_change(self, what: str) -> None:
        """A write in this window (the editor's save, lease, submit …)."""
        if what in ("article", "lease", "workflow", "articles", "comment"):
            if self.queue is not None:
                self.queue.refresh()
            if self.article is not None and what in ("lease", "comment"):
                self.follow_article(what)

    def follow_article(self, what: str = "article") -> None:
        """Re-read the open article for the panels (lease, signatures, comments)."""
        a = self.article
        if a is not None:
            aid = a.id

            def done(new: ArticleData) -> None:
                if self.article is not None and self.article.id == aid:
                    for w in (self.review, self.channels):
                        if w is not None:
                            w.set_article(new)
                    self.article = new
                    if new.lease_user_id is not None and new.lease_user_id != self.actor.id:
                        self.leaseHeldElsewhere.emit(new)
                    if what != "lease":
                        self.history.reload()
                        self.comments.reload()

            self.ops.run(self.services.articles.get, self.actor, aid, on_done=done, on_error=lambda _e: None,
                         key="desk-follow")

    def _missed(self, missed: list[Any]) -> None:
        self.notifications.reload()  # the service notified the signer and the chief editors

    def _failed(self, failed: list[Any]) -> None:
        for aid, message in failed:
            self.tray.show_message(tr("Publishing failed"), f"#{aid}: {message}", True, aid)

    def stop(self) -> None:
        self.running = False
        self.live.stop()
        self.due.stop()


class StopOnClose(QObject):
    """Stops the desk's timers and listener when its window closes (before the window drains its
    operations), starts them again when it is shown."""

    def __init__(self, desk: Desk, window: QObject) -> None:
        super().__init__(window)
        self.desk = desk
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.desk.stop()
        elif event.type() == QEvent.Type.Show:
            self.desk.start()
        return False
