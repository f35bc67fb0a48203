"""Editor dialogs: the save conflict (keep mine / take theirs / merge), submit with a note, and the
find/replace bar."""

from __future__ import annotations

import difflib
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

TEXT_FIELDS = ("pretitle", "title", "subtitle", "summary", "body")


def merge_text(base: str, mine: str, theirs: str) -> str:
    """A line-wise three-way merge: changes on one side only are taken; where both sides changed
    the same lines, both versions are kept with markers for the reporter to resolve."""
    if mine == theirs:
        return mine
    if base == mine:
        return theirs
    if base == theirs:
        return mine
    b, m, t = base.splitlines(keepends=True), mine.splitlines(keepends=True), theirs.splitlines(keepends=True)
    mine_ops = _changes(b, m)
    their_ops = _changes(b, t)
    out: list[str] = []
    i = 0
    while i <= len(b):
        mo, to = mine_ops.get(i), their_ops.get(i)
        if mo and to:
            if mo == to:
                out.extend(mo[1])
            else:
                out.append("<<<<<<< 我的版本\n")
                out.extend(_nl(mo[1]))
                out.append("=======\n")
                out.extend(_nl(to[1]))
                out.append(">>>>>>> 对方版本\n")
            i = max(mo[0], to[0])
        elif mo:
            out.extend(mo[1])
            i = mo[0]
        elif to:
            out.extend(to[1])
            i = to[0]
        else:
            if i < len(b):
                out.append(b[i])
            i += 1
    return "".join(out)


def _nl(lines: list[str]) -> list[str]:
    return [x if x.endswith("\n") else x + "\n" for x in lines]


def _changes(base: list[str], other: list[str]) -> dict[int, tuple[int, list[str]]]:
    """base index → (index after the replaced range, replacement lines)."""
    out = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, other, autojunk=False).get_opcodes():
        if tag != "equal":
            out[i1] = (i2 if i2 > i1 else i1, other[j1:j2])
    return out


class ConflictDialog(QDialog):
    """Shows my version and theirs; the result is KEEP, TAKE or MERGE (with merged text)."""

    KEEP, TAKE, MERGE = 1, 2, 3

    def __init__(self, mine: dict[str, Any], theirs: Any, base: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Someone else saved this article"))
        self.choice = 0
        self.mine = mine
        self.theirs = theirs
        lay = QVBoxLayout(self)
        who = getattr(theirs, "updated_by_name", "") or self.tr("another desk")
        lay.addWidget(QLabel(self.tr("This article was saved by %1 (version %2) while you were editing. "
                                     "Nothing has been overwritten. Choose which text to keep.")
                             .replace("%1", who).replace("%2", str(theirs.version))))
        split = QSplitter(Qt.Orientation.Horizontal)
        self.mine_view = self._pane(split, self.tr("My version"), self._as_text(mine))
        self.theirs_view = self._pane(split, self.tr("Their version"),
                                      self._as_text({k: getattr(theirs, k) for k in TEXT_FIELDS}))
        lay.addWidget(split, 1)
        base_body = getattr(base, "body", "") if base is not None else ""
        self.merged = QPlainTextEdit(merge_text(base_body, mine.get("body", getattr(theirs, "body", "")),
                                                theirs.body))
        self.merged.setObjectName("merged")
        lay.addWidget(QLabel(self.tr("Merged body (edit before saving):")))
        lay.addWidget(self.merged, 1)
        box = QDialogButtonBox()
        self.keep_btn = box.addButton(self.tr("Keep mine"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.take_btn = box.addButton(self.tr("Take theirs"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_btn = box.addButton(self.tr("Save merged"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_btn.clicked.connect(lambda: self._done(self.KEEP))
        self.take_btn.clicked.connect(lambda: self._done(self.TAKE))
        self.merge_btn.clicked.connect(lambda: self._done(self.MERGE))
        lay.addWidget(box)
        self.resize(1000, 700)

    @staticmethod
    def _as_text(fields: dict[str, Any]) -> str:
        return "\n\n".join(str(fields.get(k) or "") for k in TEXT_FIELDS if fields.get(k))

    def _pane(self, split: QSplitter, title: str, text: str) -> QPlainTextEdit:
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(QLabel(f"<b>{title}</b>"))
        e = QPlainTextEdit(text)
        e.setReadOnly(True)
        v.addWidget(e)
        split.addWidget(w)
        return e

    def _done(self, choice: int) -> None:
        self.choice = choice
        self.accept()

    def merged_body(self) -> str:
        return self.merged.toPlainText()


class SubmitDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Submit for review"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Submit “%1” for review? You cannot edit it until an editor "
                                     "returns it.").replace("%1", title)))
        lay.addWidget(QLabel(self.tr("Note to the editor (optional):")))
        self.note = QPlainTextEdit()
        self.note.setObjectName("submitNote")
        lay.addWidget(self.note)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Submit"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay.addWidget(box)


class FindReplaceBar(QWidget):
    """Find (Ctrl+F) and replace (Ctrl+H) in the body; Esc closes."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target: QPlainTextEdit | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        self.find_text = QLineEdit()
        self.find_text.setObjectName("findText")
        self.find_text.setPlaceholderText(self.tr("Find"))
        self.replace = QLineEdit()
        self.replace.setObjectName("replaceText")
        self.replace.setPlaceholderText(self.tr("Replace with"))
        self.case = QCheckBox(self.tr("Match case"))
        self.status = QLabel()
        prev_btn = QPushButton(self.tr("Previous"))
        next_btn = QPushButton(self.tr("Next"))
        rep_btn = QPushButton(self.tr("Replace"))
        all_btn = QPushButton(self.tr("Replace all"))
        close_btn = QPushButton("✕")
        close_btn.setFlat(True)
        for w in (self.find_text, next_btn, prev_btn, self.replace, rep_btn, all_btn, self.case, self.status, close_btn):
            lay.addWidget(w)
        self.find_text.returnPressed.connect(self.find_next)
        next_btn.clicked.connect(self.find_next)
        prev_btn.clicked.connect(lambda: self.find_next(backward=True))
        rep_btn.clicked.connect(self.replace_one)
        all_btn.clicked.connect(self.replace_all)
        close_btn.clicked.connect(self.hide_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.hide_bar)

    def show_bar(self, target: QPlainTextEdit, replace: bool = False) -> None:
        self.target = target
        sel = target.textCursor().selectedText()
        if sel and "\u2029" not in sel:
            self.find_text.setText(sel)
        self.show()
        (self.replace if replace and self.find_text.text() else self.find_text).setFocus()
        self.find_text.selectAll()

    def hide_bar(self) -> None:
        self.hide()
        self.closed.emit()
        if self.target is not None:
            self.target.setFocus()

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        f = QTextDocument.FindFlag(0)
        if backward:
            f |= QTextDocument.FindFlag.FindBackward
        if self.case.isChecked():
            f |= QTextDocument.FindFlag.FindCaseSensitively
        return f

    def find_next(self, backward: bool = False) -> bool:
        if self.target is None or not self.find_text.text():
            return False
        if self.target.find(self.find_text.text(), self._flags(backward)):
            self.status.clear()
            return True
        c = self.target.textCursor()  # wrap around
        c.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
        self.target.setTextCursor(c)
        found = self.target.find(self.find_text.text(), self._flags(backward))
        self.status.setText("" if found else self.tr("Not found"))
        return found

    def replace_one(self) -> None:
        if self.target is None or self.target.isReadOnly():
            return
        c = self.target.textCursor()
        if c.hasSelection() and self._matches(c.selectedText()):
            c.insertText(self.replace.text())
        self.find_next()

    def _matches(self, s: str) -> bool:
        needle = self.find_text.text()
        return s == needle if self.case.isChecked() else s.lower() == needle.lower()

    def replace_all(self) -> int:
        """Every occurrence, as one undo step."""
        if self.target is None or self.target.isReadOnly() or not self.find_text.text():
            return 0
        doc = self.target.document()
        n = 0
        edit = QTextCursor(doc)
        edit.beginEditBlock()
        c = doc.find(self.find_text.text(), 0, self._flags())
        while not c.isNull():
            c.insertText(self.replace.text())
            n += 1
            c = doc.find(self.find_text.text(), c.position(), self._flags())
        edit.endEditBlock()
        self.status.setText(self.tr("%n replaced", "", n))
        return n
