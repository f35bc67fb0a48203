"""Sources, the banned-word list and the review chain."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableWidgetItem, QVBoxLayout

from app.core.domain import Role
from app.ui.admin.base import AdminTab, FormPrompts, fill, role_label, selected_row, table
from app.ui.desk.common import tr


class SourcesTab(AdminTab):
    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.prompts = FormPrompts(self)
        self.sources: list[Any] = []
        self.table = table(["Source", "Web site"], "sourcesTable")
        row = QHBoxLayout()
        row.addWidget(self.button("addSource", "Add…", self.add))
        row.addWidget(self.button("deleteSource", "Delete", self.delete))
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self.reload()

    def reload(self) -> None:
        self.call(self.services.admin.sources, then=self._show, write=False)

    def _show(self, sources: list[Any]) -> None:
        self.sources = sources
        fill(self.table, [[s.name, s.url] for s in sources])

    def add(self) -> None:
        v = self.prompts.form(tr("Add source"), [("name", "Name", "text"), ("url", "Web site", "text")])
        if v is not None:
            self.call(self.services.admin.ensure_source, self.actor, v["name"], v["url"].strip(),
                      then=lambda _s: self.reload())

    def delete(self) -> None:
        i = selected_row(self.table)
        if i is None:
            return
        s = self.sources[i]
        if self.prompts.confirm(tr("Delete source"), tr("Delete the source %1?").replace("%1", s.name)):
            self.call(self.services.admin.delete_source, self.actor, s.id, then=lambda _r: self.reload())


class BannedWordsTab(AdminTab):
    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.prompts = FormPrompts(self)
        self.words: list[Any] = []
        self.table = table(["Word", "Suggested wording", "Note"], "bannedTable")
        row = QHBoxLayout()
        row.addWidget(self.button("addBanned", "Add…", self.add))
        row.addWidget(self.button("editBanned", "Edit…", self.edit))
        row.addWidget(self.button("deleteBanned", "Delete", self.delete))
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self.reload()

    FIELDS = [("word", "Word or phrase", "text"), ("suggestion", "Suggested wording", "text"), ("note", "Note", "text")]

    def reload(self) -> None:
        self.call(self.services.admin.banned_words, then=self._show, write=False)

    def _show(self, words: list[Any]) -> None:
        self.words = words
        fill(self.table, [[w.word, w.suggestion, w.note] for w in words])

    def _set(self, v: dict[str, Any] | None) -> None:
        if v is not None:
            self.call(self.services.admin.set_banned_word, self.actor, v["word"], v["suggestion"].strip(),
                      v["note"].strip(), then=lambda _r: self.reload())

    def add(self) -> None:
        self._set(self.prompts.form(tr("Add banned word"), self.FIELDS))

    def edit(self) -> None:
        i = selected_row(self.table)
        if i is not None:
            w = self.words[i]
            self._set(self.prompts.form(tr("Edit banned word"), self.FIELDS,
                                        {"word": w.word, "suggestion": w.suggestion, "note": w.note}))

    def delete(self) -> None:
        i = selected_row(self.table)
        if i is not None and self.prompts.confirm(tr("Delete"), tr("Remove %1 from the list?")
                                                  .replace("%1", self.words[i].word)):
            self.call(self.services.admin.delete_banned_word, self.actor, self.words[i].word,
                      then=lambda _r: self.reload())


class ReviewChainTab(AdminTab):
    """The steps in order; the last one signs off (签发)."""

    ROLES = [Role.EDITOR, Role.CHIEF_EDITOR]

    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.table = table(["Step", "Signed by"], "chainTable")
        self.table.setEditTriggers(self.table.EditTrigger.AllEditTriggers)
        row = QHBoxLayout()
        for b in (self.button("addStep", "Add step", self.add_step), self.button("removeStep", "Remove", self.remove),
                  self.button("stepUp", "Up", lambda: self.shift(-1)),
                  self.button("stepDown", "Down", lambda: self.shift(1)),
                  self.button("saveChain", "Save chain", self.save)):
            row.addWidget(b)
        row.addStretch(1)
        note = QLabel(tr("Steps are signed in order; the last step signs off (签发) for publication. Chief "
                         "editors may sign any step."))
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(note)
        lay.addLayout(row)
        self.reload()

    def reload(self) -> None:
        self.call(self.services.admin.review_chain, then=self._show, write=False)

    def _show(self, chain: Any) -> None:
        self.set_steps([(st.name, st.role) for st in chain])

    def set_steps(self, steps: list[tuple[str, Role]]) -> None:
        self.table.setRowCount(0)
        for name, role in steps:
            self._append(name, role)

    def _append(self, name: str, role: Role) -> None:
        i = self.table.rowCount()
        self.table.insertRow(i)
        self.table.setItem(i, 0, QTableWidgetItem(name))
        combo = QComboBox()
        for r in self.ROLES:
            combo.addItem(role_label(r), r.value)
        combo.setCurrentIndex(max(combo.findData(role.value), 0))
        self.table.setCellWidget(i, 1, combo)

    def steps(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            combo = self.table.cellWidget(i, 1)
            role = str(combo.currentData()) if isinstance(combo, QComboBox) else ""
            out.append(((item.text() if item else "").strip(), role))
        return out

    def add_step(self) -> None:
        self._append(tr("New step"), Role.EDITOR)

    def remove(self) -> None:
        i = selected_row(self.table)
        if i is not None:
            self.table.removeRow(i)

    def shift(self, d: int) -> None:
        i = selected_row(self.table)
        steps = self.steps()
        if i is None or not 0 <= i + d < len(steps):
            return
        steps[i], steps[i + d] = steps[i + d], steps[i]
        self.set_steps([(n, Role(r)) for n, r in steps])
        self.table.selectRow(i + d)

    def save(self) -> None:
        self.call(self.services.admin.set_review_chain, self.actor, self.steps(), then=self._show)

