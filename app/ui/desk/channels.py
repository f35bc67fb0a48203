"""Publication decisions: primary channel and secondary channels (a tree with checkboxes), the
responsible editor (责任编辑), 热点 and the recommendation level, with the channel check live."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import rulebook
from app.core.domain import Actor, ArticleData, Role
from app.core.workflow import EDITORIAL
from app.ui.desk import consistency
from app.ui.desk.common import DeskPanel, run, tr
from app.ui.ops import OpRunner, ui_language

if TYPE_CHECKING:
    from app.core.services import Services

LEVELS = [(0, "Normal"), (1, "Recommended (推荐)"), (2, "Headline (头条)")]


class ChannelAssignWidget(DeskPanel):
    articleChanged = Signal(object)

    def __init__(self, services: Services, actor: Actor, ops: OpRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, ops, parent)
        self.article: ArticleData | None = None
        self.channels = services.admin.channels()
        self.editable = actor.has(*EDITORIAL)

        self.primary = QComboBox()
        self.primary.setObjectName("primaryChannel")
        self.tree = QTreeWidget()
        self.tree.setObjectName("channelTree")
        self.tree.setHeaderLabels([tr("Channels (★ primary; check secondary channels, double-click for primary)")])
        self.items: dict[int, QTreeWidgetItem] = {}
        self._fill_channels()
        self.responsible = QComboBox()
        self.responsible.setObjectName("responsibleEditor")
        self.responsible.addItem(tr("(first signing editor)"), None)
        for u in services.users.list():
            if u.active and (Role.EDITOR in u.roles or Role.CHIEF_EDITOR in u.roles):
                self.responsible.addItem(u.real_name, u.id)
        self.hot = QCheckBox(tr("Hot (热点)"))
        self.hot.setObjectName("hot")
        self.level = QComboBox()
        self.level.setObjectName("level")
        for v, label in LEVELS:
            self.level.addItem(tr(label), v)
        self.check = QLabel()
        self.check.setObjectName("channelCheck")
        self.check.setWordWrap(True)
        self.apply_btn = QPushButton(tr("Apply channels and flags"))
        self.apply_btn.setObjectName("applyChannels")
        self.apply_btn.clicked.connect(self.apply)

        form = QFormLayout()
        form.addRow(tr("Primary channel"), self.primary)
        form.addRow(tr("Responsible editor"), self.responsible)
        form.addRow(tr("Level"), self.level)
        form.addRow("", self.hot)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(form)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.check)
        lay.addWidget(self.apply_btn)
        self.primary.currentIndexChanged.connect(self._primary_changed)
        self.tree.itemDoubleClicked.connect(  # double-click a channel: make it the primary one
            lambda it, _col: self.select_primary(it.data(0, Qt.ItemDataRole.UserRole)))
        self.tree.itemChanged.connect(lambda *_: self._recheck())
        self.before_decision: Any = None  # the host saves its open editor first
        self._set_enabled()

    def _fill_channels(self) -> None:
        self.primary.blockSignals(True)
        self.tree.blockSignals(True)
        self.primary.clear()
        self.primary.addItem(tr("(none)"), None)
        for c in self.channels:
            self.primary.addItem(" › ".join(c.path), c.id)
        self.tree.clear()
        self.items = {}
        for c in self.channels:
            parent_item = self.items.get(c.parent_id) if c.parent_id else None
            it = QTreeWidgetItem([c.name])
            it.setData(0, Qt.ItemDataRole.UserRole, c.id)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(0, Qt.CheckState.Unchecked)
            if c.places:
                it.setToolTip(0, "、".join(c.places[:30]))
            (parent_item.addChild(it) if parent_item else self.tree.addTopLevelItem(it))
            self.items[c.id] = it
        self.tree.expandAll()
        self.primary.blockSignals(False)
        self.tree.blockSignals(False)

    def reload_channels(self) -> None:
        """The channel tree changed (an administrator edited it): rebuild, keep the article."""

        def done(channels: list[Any]) -> None:
            self.channels = channels
            self._fill_channels()
            self.set_article(self.article)

        run(self.ops, self.prompts, self.services.admin.channels, on_done=done, key="assign-channels")

    def _set_enabled(self) -> None:
        """Each control follows the rulebook's grant of its field to this user in this state (a
        plain save: a published article changes only through 更正, a withdrawn one not at all)."""
        a = self.article
        fields = {self.primary: "primary_channel_id", self.tree: "secondary_channel_ids",
                  self.responsible: "responsible_editor_id", self.hot: "is_hot", self.level: "level"}
        any_on = False
        for w, name in fields.items():
            on = self.editable and a is not None and rulebook.may_edit_field(self.actor, a, name, via="save")
            w.setEnabled(on)
            any_on = any_on or on
        self.apply_btn.setEnabled(any_on)

    def set_article(self, a: ArticleData | None) -> None:
        self.article = a
        self.tree.blockSignals(True)
        self.primary.blockSignals(True)
        for cid, it in self.items.items():
            on = a is not None and (cid in a.secondary_channel_ids or cid == a.primary_channel_id)
            it.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.primary.setCurrentIndex(max(self.primary.findData(a.primary_channel_id if a else None), 0))
        self._mark_primary(a.primary_channel_id if a else None)
        self.tree.blockSignals(False)
        self.primary.blockSignals(False)
        if a is not None:
            self.responsible.setCurrentIndex(max(self.responsible.findData(a.responsible_editor_id), 0))
            self.hot.setChecked(a.is_hot)
            self.level.setCurrentIndex(max(self.level.findData(a.level), 0))
        self._set_enabled()
        self._recheck()

    def primary_id(self) -> int | None:
        return self.primary.currentData()

    def secondary_ids(self) -> list[int]:
        p = self.primary_id()
        return sorted(cid for cid, it in self.items.items()
                      if it.checkState(0) == Qt.CheckState.Checked and cid != p)

    def set_checked(self, channel_id: int, on: bool) -> None:
        self.items[channel_id].setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def select_primary(self, channel_id: int | None) -> None:
        self.primary.setCurrentIndex(self.primary.findData(channel_id))

    def _primary_changed(self, *_: Any) -> None:
        p = self.primary_id()
        self.tree.blockSignals(True)
        if p is not None:
            self.items[p].setCheckState(0, Qt.CheckState.Checked)
        self._mark_primary(p)
        self.tree.blockSignals(False)
        self._recheck()

    def _mark_primary(self, p: int | None) -> None:
        for cid, it in self.items.items():
            f = it.font(0)
            f.setBold(cid == p)
            it.setFont(0, f)
            it.setText(0, ("★ " if cid == p else "") + next(c.name for c in self.channels if c.id == cid))

    def consistency(self) -> consistency.Consistency | None:
        if self.article is None:
            return None
        return consistency.check_article(self.article, self.channels, self.primary_id(), self.secondary_ids())

    def _recheck(self) -> None:
        rep = self.consistency()
        if rep is None or not rep.message_zh:
            self.check.clear()
            return
        self.check.setText(("✔ " if rep.fits else "⚠ ") + rep.message(ui_language()))
        self.check.setStyleSheet("" if rep.fits else "color:#9a6700")

    def changes(self) -> dict[str, Any]:
        a = self.article
        assert a is not None
        new = {"primary_channel_id": self.primary_id(), "secondary_channel_ids": self.secondary_ids(),
               "responsible_editor_id": self.responsible.currentData(), "is_hot": self.hot.isChecked(),
               "level": self.level.currentData()}
        old = {"primary_channel_id": a.primary_channel_id, "secondary_channel_ids": sorted(a.secondary_channel_ids),
               "responsible_editor_id": a.responsible_editor_id, "is_hot": a.is_hot, "level": a.level}
        if new["responsible_editor_id"] is None:
            new.pop("responsible_editor_id")
        return {k: v for k, v in new.items() if old.get(k) != v}

    def apply(self) -> None:
        a = self.article
        if a is None:
            return
        changes = self.changes()
        if not changes:
            return
        rep = self.consistency()
        if rep is not None and not rep.fits and not self.prompts.confirm(
                tr("Channel check"), rep.message(ui_language()) + "\n\n" + tr("Keep these channels?")):
            return
        if self.before_decision is not None and not self.before_decision():
            return
        svc, actor = self.services, self.actor

        def op() -> ArticleData:
            current = svc.articles.get(actor, a.id)  # only the changed fields, on the stored version
            return svc.articles.save(actor, a.id, changes, current.version).article

        def done(new: ArticleData) -> None:
            self.set_article(new)
            self.articleChanged.emit(new)

        run(self.ops, self.prompts, op, on_done=done, write=True, change="article")
