"""The audit log: filter by action, user and article; verify the hash chain."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from app.ui.admin.base import AdminTab, fill, table
from app.ui.desk.common import fmt_time, newsroom_zone, tr


class AuditTab(AdminTab):
    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.zone = newsroom_zone(self.services)
        self.entries: list[Any] = []
        self.action = QLineEdit()
        self.action.setObjectName("auditAction")
        self.action.setPlaceholderText(tr("Action, e.g. article_approve"))
        self.user = QLineEdit()
        self.user.setObjectName("auditUser")
        self.user.setPlaceholderText(tr("Login"))
        self.article = QLineEdit()
        self.article.setObjectName("auditArticle")
        self.article.setPlaceholderText(tr("Article id"))
        self.status = QLabel()
        self.status.setObjectName("auditStatus")
        self.table = table(["Time", "User", "Action", "Article", "Detail"], "auditTable")
        row = QHBoxLayout()
        for w in (self.action, self.user, self.article):
            row.addWidget(w)
            w.returnPressed.connect(self.reload)
        row.addWidget(self.button("auditFilter", "Filter", self.reload))
        row.addWidget(self.button("auditVerify", "Verify chain", self.verify))
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)
        self.reload()

    def reload(self) -> None:
        art = self.article.text().strip()
        if art and not art.isdigit():
            self.status.setText(tr("The article id is a number."))
            return
        self.call(self.services.audit.list, self.actor, self.action.text().strip() or None,
                  self.user.text().strip() or None, int(art) if art else None, then=self._show, write=False)

    def _show(self, entries: list[Any]) -> None:
        self.entries = entries
        fill(self.table, [[fmt_time(e.at, self.zone), e.user_login, e.action, str(e.article_id or ""),
                           json.dumps(e.detail, ensure_ascii=False)] for e in entries])
        self.status.setText(tr("%1 entries").replace("%1", str(len(entries))))

    def verify(self) -> None:
        def done(check: Any) -> None:
            if check.ok:
                self.status.setText(tr("Audit chain intact: %1 entries checked.").replace("%1", str(check.checked)))
            else:
                self.status.setText(tr("Audit chain BROKEN at entry %1: %2").replace("%1", str(check.first_broken_id))
                                    .replace("%2", check.problem))

        self.call(self.services.audit.verify, then=done, write=False)
