"""Channel tree editing: drag and drop to move or reorder, name, slogan, place keywords, add,
delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.admin.base import AdminTab, FormPrompts
from app.ui.desk.common import tr


class ChannelTree(QTreeWidget):
    """Emits ``moved()`` after an internal drag and drop."""

    moved = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("adminChannelTree")
        self.setHeaderLabels([tr("Channel"), tr("Slug")])
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def dropEvent(self, event: Any) -> None:
        super().dropEvent(event)
        self.moved.emit()


def _split_places(text: str) -> list[str]:
    for sep in ("，", "、", "\n", ";", "；"):
        text = text.replace(sep, ",")
    return [p.strip() for p in text.split(",") if p.strip()]


class ChannelsTab(AdminTab):
    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.prompts = FormPrompts(self)
        self.channels: list[Any] = []
        self.tree = ChannelTree()
        self.tree.moved.connect(self.save_structure)
        self.tree.currentItemChanged.connect(lambda *_: self._show_current())
        self.name = QLineEdit()
        self.name.setObjectName("channelName")
        self.slug = QLineEdit()
        self.slug.setObjectName("channelSlug")
        self.slug.setReadOnly(True)
        self.slogan = QLineEdit()
        self.slogan.setObjectName("channelSlogan")
        self.places = QPlainTextEdit()
        self.places.setObjectName("channelPlaces")
        self.places.setPlaceholderText(tr("Place names, separated by commas: county, towns, landmarks"))
        form_w = QWidget()
        form = QFormLayout(form_w)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Slug"), self.slug)
        form.addRow(tr("Slogan"), self.slogan)
        form.addRow(tr("Places"), self.places)
        row = QHBoxLayout()
        for b in (self.button("saveChannel", "Save", self.save_current),
                  self.button("addChannel", "Add sub-channel…", self.add_child),
                  self.button("addTopChannel", "Add top-level…", self.add_top),
                  self.button("deleteChannel", "Delete", self.delete)):
            row.addWidget(b)
        form.addRow(row)
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(form_w)
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self.reload()

    def reload(self) -> None:
        self.call(self.services.admin.channels, then=self._show, write=False)

    def _show(self, channels: list[Any]) -> None:
        current = self.current_id()
        self.channels = channels
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for c in channels:
            it = QTreeWidgetItem([c.name, c.slug])
            it.setData(0, Qt.ItemDataRole.UserRole, c.id)
            parent = items.get(c.parent_id) if c.parent_id else None
            (parent.addChild(it) if parent else self.tree.addTopLevelItem(it))
            items[c.id] = it
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        if current in items:
            self.tree.setCurrentItem(items[current])

    def item(self, channel_id: int) -> QTreeWidgetItem | None:
        for it in self._all_items():
            if it.data(0, Qt.ItemDataRole.UserRole) == channel_id:
                return it
        return None

    def _all_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []

        def walk(it: QTreeWidgetItem) -> None:
            out.append(it)
            for i in range(it.childCount()):
                child = it.child(i)
                if child is not None:
                    walk(child)

        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is not None:
                walk(top)
        return out

    def current_id(self) -> int | None:
        it = self.tree.currentItem()
        return it.data(0, Qt.ItemDataRole.UserRole) if it is not None else None

    def _current(self) -> Any:
        cid = self.current_id()
        return next((c for c in self.channels if c.id == cid), None)

    def _show_current(self) -> None:
        c = self._current()
        self.name.setText(c.name if c else "")
        self.slug.setText(c.slug if c else "")
        self.slogan.setText(c.slogan if c else "")
        self.places.setPlainText("，".join(c.places) if c else "")

    def save_current(self) -> None:
        c = self._current()
        if c is None:
            return
        self.call(self.services.admin.update_channel, self.actor, c.id, name=self.name.text(),
                  slogan=self.slogan.text(), places=_split_places(self.places.toPlainText()),
                  then=lambda _c: self.reload())

    def structure(self) -> list[tuple[int, int | None, int]]:
        """(channel id, parent id, position) as the tree shows it now."""
        out: list[tuple[int, int | None, int]] = []

        def walk(it: QTreeWidgetItem, parent: int | None, pos: int) -> None:
            cid = it.data(0, Qt.ItemDataRole.UserRole)
            out.append((cid, parent, pos))
            for i in range(it.childCount()):
                child = it.child(i)
                if child is not None:
                    walk(child, cid, i + 1)

        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is not None:
                walk(top, None, i + 1)
        return out

    def save_structure(self) -> None:
        """After a drag and drop: store every channel whose parent or position changed."""
        before = {c.id: (c.parent_id, c.position) for c in self.channels}
        changes = [(cid, pid, pos) for cid, pid, pos in self.structure() if before.get(cid) != (pid, pos)]
        if not changes:
            return
        svc, actor = self.services, self.actor

        def op() -> None:
            for cid, pid, pos in changes:
                svc.admin.update_channel(actor, cid, parent_id=pid, position=pos)

        def failed(exc: BaseException) -> None:
            self.prompts.error(exc)
            self.reload()  # the tree back as the server has it

        self.call(op, then=lambda _r: self.reload(), on_error=failed)

    def move_channel(self, channel_id: int, new_parent: int | None, index: int) -> None:
        """Programmatic drag and drop (keyboard users, tests): the same path as a drop."""
        it = self.item(channel_id)
        assert it is not None
        old_parent = it.parent()
        (old_parent.removeChild(it) if old_parent else
         self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(it)))
        target = self.item(new_parent) if new_parent is not None else None
        (target.insertChild(index, it) if target else self.tree.insertTopLevelItem(index, it))
        self.save_structure()

    def _add(self, parent: int | None) -> None:
        v = self.prompts.form(tr("Add channel"), [("name", "Name", "text"),
                                                  ("slug", "Slug (a-z, 0-9, -)", "text"),
                                                  ("slogan", "Slogan", "text"), ("places", "Places", "text")])
        if v is None:
            return
        self.call(self.services.admin.add_channel, self.actor, v["name"], v["slug"].strip(), parent,
                  v["slogan"], _split_places(v["places"]), then=lambda _c: self.reload())

    def add_child(self) -> None:
        self._add(self.current_id())

    def add_top(self) -> None:
        self._add(None)

    def delete(self) -> None:
        c = self._current()
        if c is None or not self.prompts.confirm(tr("Delete channel"),
                                                 tr("Delete the channel %1?").replace("%1", c.name)):
            return
        self.call(self.services.admin.delete_channel, self.actor, c.id, then=lambda _r: self.reload())
