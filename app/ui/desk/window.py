"""A standalone editor's desk window: the queue, the article (the reporter desk's editor when
available, else a read-only view), the review panels, notifications and the dashboard. The main
window integrates the same pieces through ``app.ui.desk.install``; this window serves tests,
screenshots and a desk-only session."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QTextBrowser, QWidget

from app.core.domain import Actor, ArticleData
from app.ui.desk.common import tr
from app.ui.desk.controller import Desk
from app.ui.ops import OpRunner

if TYPE_CHECKING:
    from app.core.services import Services


class ArticleView(QTextBrowser):
    """Read-only article view (used when no editor widget is available)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.article: ArticleData | None = None

    def show_article(self, a: ArticleData | None) -> None:
        self.article = a
        if a is None:
            self.setHtml("")
            return
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in a.body.split("\n\n") if p.strip())
        self.setHtml(f"<p style='color:#57606a'>{html.escape(a.pretitle)}</p><h2>{html.escape(a.title)}</h2>"
                     f"<p style='color:#57606a'>{html.escape(a.subtitle)}</p>"
                     f"<p><b>{html.escape(a.dateline)}</b></p>{paras}")


class DeskWindow(QMainWindow):
    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None, use_editor: bool = False,
                 live: bool = True, due: bool = True) -> None:
        super().__init__()
        self.services = services
        self.actor = actor
        self.ops = ops if ops is not None else OpRunner(self)
        self.ops.error_parent = self
        self.setWindowTitle(tr("NewsDesk — editor's desk") + f" — {actor.real_name}")
        self.desk = Desk(services, actor, self.ops, self, live=live, due=due)
        self.editor: Any = None
        if use_editor:
            from app.ui.editor.editor import EditorWidget

            self.editor = EditorWidget(services, actor, self.ops)
            self.editor.articleLoaded.connect(self.desk.set_article)
            self.editor.articleSaved.connect(self.desk.set_article)
            self.desk.articleChanged.connect(lambda _a: self.editor.reload())
            if self.desk.review is not None:
                ed = self.editor
                self.desk.review.pending_changes = lambda: dict(ed.changes()) if ed.mode == "correct" else {}
                self.editor.channelVerdict.connect(self.desk.review.show_verdict)
            center: QWidget = self.editor
        else:
            self.view = ArticleView()
            center = self.view
            self.desk.articleChanged.connect(self.view.show_article)
            self.desk.handedBack.connect(lambda _id: self.view.show_article(None))  # it left this desk
        self.desk.openArticle.connect(self.open_article)
        self.pages = QTabWidget()
        self.pages.setObjectName("deskPages")
        if self.desk.queue is not None:
            self.pages.addTab(self.desk.queue, tr("Review queue"))
        if self.desk.dashboard is not None:
            self.pages.addTab(self.desk.dashboard, tr("Dashboard"))
        self.pages.addTab(self.desk.notifications, tr("Notifications"))
        self.panels = self.desk.panel_tabs()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.pages)
        split.addWidget(center)
        split.addWidget(self.panels)
        split.setSizes([720, 360, 420])
        self.setCentralWidget(split)
        self.resize(1480, 860)

    def open_article(self, article_id: int) -> None:
        if self.editor is not None:
            self.editor.open(article_id)
            return

        def done(a: ArticleData) -> None:
            self.view.show_article(a)
            self.desk.set_article(a)

        self.ops.run(self.services.articles.get, self.actor, article_id, on_done=done)

    def closeEvent(self, event: Any) -> None:
        self.desk.stop()
        self.ops.drain()
        super().closeEvent(event)
