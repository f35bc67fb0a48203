"""The comment thread of an article: author and time on each, @name mentions notify people,
return notes stand out."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.domain import Actor
from app.ui.desk.common import DeskPanel, fmt_time, run, tr
from app.ui.ops import OpRunner

if TYPE_CHECKING:
    from app.core.services import Services

KIND_STYLE = {"return": "background:#fff1f0;border-left:4px solid #cf222e;",
              "submit": "background:#f6f8fa;border-left:4px solid #bf8700;",
              "comment": "border-left:4px solid #d0d7de;"}
MENTION = re.compile(r"(@[\w\u3400-\u9fff]+)")


class CommentsWidget(DeskPanel):
    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, ops, parent)
        self.article_id: int | None = None
        self.comments: list[Any] = []
        self.thread_view = QTextBrowser()
        self.thread_view.setObjectName("commentThread")
        self.input = QLineEdit()
        self.input.setObjectName("commentInput")
        self.input.setPlaceholderText(tr("Write a comment; @name notifies a colleague"))
        names = []
        for u in services.users.list():
            if u.active:
                names += ["@" + u.real_name, "@" + u.login]
        completer = QCompleter(QStringListModel(names, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.input.setCompleter(completer)
        self.send = QPushButton(tr("Send"))
        self.send.setObjectName("commentSend")
        self.send.clicked.connect(self.post)
        self.input.returnPressed.connect(self.post)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.send)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.thread_view, 1)
        lay.addLayout(row)
        self._enable()

    def _enable(self) -> None:
        on = self.article_id is not None
        self.input.setEnabled(on)
        self.send.setEnabled(on)

    def set_article(self, article_id: int | None) -> None:
        self.article_id = article_id
        self._enable()
        self.reload()

    def reload(self) -> None:
        if self.article_id is None:
            self._show([])
            return
        aid = self.article_id
        run(self.ops, self.prompts, self.services.articles.comments, self.actor, aid,
            on_done=lambda cs: self._show(cs) if aid == self.article_id else None, key="comments")

    def _show(self, comments: list[Any]) -> None:
        self.comments = comments
        if not comments:
            self.thread_view.setHtml("<p style='color:#6e7781'>" + tr("No comments yet.") + "</p>")
            return
        parts = []
        labels = {"return": tr("Returned"), "submit": tr("Submitted"), "comment": ""}
        for c in comments:
            body = MENTION.sub(r"<b style='color:#0969da'>\1</b>", html.escape(c.body)).replace("\n", "<br/>")
            tag = labels.get(c.kind, "")
            head = f"<b>{html.escape(c.user_name)}</b> <span style='color:#6e7781'>{fmt_time(c.created_at, self.zone)}" \
                   f"{(' · ' + tag) if tag else ''}</span>"
            parts.append(f"<div style='{KIND_STYLE.get(c.kind, '')}padding:4px 8px;margin:4px 0'>{head}<br/>{body}</div>")
        self.thread_view.setHtml("".join(parts))
        bar = self.thread_view.verticalScrollBar()
        bar.setValue(bar.maximum())

    def post(self) -> None:
        text = self.input.text().strip()
        if not text or self.article_id is None:
            return

        def done(_c: Any) -> None:
            self.input.clear()
            self.reload()

        run(self.ops, self.prompts, self.services.articles.add_comment, self.actor, self.article_id, text,
            on_done=done, write=True, change="comment")
