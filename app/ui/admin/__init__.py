"""Administration (admin role): users, channels, sources, banned words, review chain, publishing
targets and the audit log, as tabs of one dialog; ``add_admin_actions`` fills the admin menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from app.core.domain import Actor
from app.ui.desk.common import tr
from app.ui.ops import OpRunner

if TYPE_CHECKING:
    from app.core.services import Services

TABS = ("users", "channels", "sources", "banned", "chain", "targets", "audit")


class AdminDialog(QDialog):
    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None, parent: QWidget | None = None,
                 tab: str = "users") -> None:
        super().__init__(parent)
        from app.ui.admin.audit import AuditTab
        from app.ui.admin.channels import ChannelsTab
        from app.ui.admin.lists import BannedWordsTab, ReviewChainTab, SourcesTab
        from app.ui.admin.targets import TargetsTab
        from app.ui.admin.users import UsersTab

        self.setWindowTitle(tr("Administration"))
        self.ops = ops if ops is not None else OpRunner(self)
        self.tabs = QTabWidget()
        self.pages: dict[str, Any] = {}
        for key, title, cls in (("users", "Users", UsersTab), ("channels", "Channels", ChannelsTab),
                                ("sources", "Sources", SourcesTab), ("banned", "Banned words", BannedWordsTab),
                                ("chain", "Review chain", ReviewChainTab), ("targets", "Publishing targets", TargetsTab),
                                ("audit", "Audit log", AuditTab)):
            page = cls(services, actor, self.ops)
            self.pages[key] = page
            self.tabs.addTab(page, tr(title))
        self.tabs.setCurrentIndex(TABS.index(tab))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        box = QDialogButtonBox()
        close = box.addButton(tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("adminClose")
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.resize(900, 600)
        from app.ui.layout import fit_window

        fit_window(self)  # 900×600 and its frame on a 1280×720 screen


def add_admin_actions(menu: Any, services: Services, actor: Actor, ops: OpRunner | None, parent: QWidget,
                      after: Any = None) -> None:
    """One menu item per tab; ``after()`` runs when the dialog closes (the desk re-reads channels,
    the review chain and the lists)."""
    from PySide6.QtGui import QAction

    def open_tab(key: str) -> None:
        AdminDialog(services, actor, ops, parent, key).exec()
        if after is not None:
            after()

    labels = {"users": "Users…", "channels": "Channels…", "sources": "Sources…", "banned": "Banned words…",
              "chain": "Review chain…", "targets": "Publishing targets…", "audit": "Audit log…"}
    for key in TABS:
        act = QAction(tr(labels[key]), menu)
        act.triggered.connect(lambda _=False, k=key: open_tab(k))
        menu.addAction(act)


__all__ = ["AdminDialog", "add_admin_actions"]
