"""Proofing in the editor: wavy underlines under findings and a panel listing them, with a fix
per finding and "fix all safe" (one undo step each)."""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.ops import ui_language

if TYPE_CHECKING:  # the proofing rules (≈ 7 ms of regex compilation) load with the first proof
    from app.core.text.proofing import Finding

MAX_LISTED = 300  # findings listed in the panel (all are underlined)
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class PosMap:
    """Python (code point) indexes → QTextDocument (UTF-16) positions, for one text. Characters
    outside the BMP (rare name characters such as 𠀾) take two UTF-16 units."""

    def __init__(self, text: str) -> None:
        self.astral = [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, index: int) -> int:
        return index + bisect_left(self.astral, index) if self.astral else index


def qt_pos(text: str, index: int) -> int:
    """A Python (code point) index as a QTextDocument (UTF-16) position."""
    return PosMap(text)(index)


def run_proof(text: str, banned: Sequence[tuple[str, str]]) -> tuple[str, list[Finding]]:
    """Worker-thread side: the findings for ``text`` (returned with the text they belong to)."""
    from app.core.text.proofing import proof

    return text, proof(text, banned=banned)


class ProofingPanel(QWidget):
    """Lists findings; the editor feeds it and it edits the body through text cursors."""

    fixed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body: QPlainTextEdit | None = None
        self.findings: list[Finding] = []
        self.text = ""
        self.banned: list[tuple[str, str]] = []
        self._pos = PosMap("")
        lay = QVBoxLayout(self)
        self.summary = QLabel(self.tr("No findings."))
        lay.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("findings")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._goto)
        self.list.itemClicked.connect(self._goto)
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.fix_btn = QPushButton(self.tr("Fix"))
        self.fix_btn.setObjectName("fixOne")
        self.fix_btn.clicked.connect(self.fix_current)
        self.fix_all_btn = QPushButton(self.tr("Fix all safe"))
        self.fix_all_btn.setObjectName("fixAllSafe")
        self.fix_all_btn.clicked.connect(self.fix_all)
        row.addWidget(self.fix_btn)
        row.addWidget(self.fix_all_btn)
        lay.addLayout(row)
        self._fmt = QTextCharFormat()
        self._fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self._fmt.setUnderlineColor(QColor("#d32f2f"))
        self._fmt.setBackground(QColor(255, 205, 210, 110))
        self._fmt_safe = QTextCharFormat(self._fmt)
        self._fmt_safe.setUnderlineColor(QColor("#1976d2"))
        self._fmt_safe.setBackground(QColor(187, 222, 251, 120))

    def attach(self, body: QPlainTextEdit) -> None:
        self.body = body

    def set_read_only(self, ro: bool) -> None:
        self.fix_btn.setEnabled(not ro)
        self.fix_all_btn.setEnabled(not ro)

    def show_findings(self, text: str, findings: list[Finding]) -> None:
        """Findings for ``text``; ignored when the body has moved on (a newer run follows)."""
        if self.body is None or self.body.toPlainText() != text:
            return
        self.text = text
        self.findings = findings
        lang = ui_language()
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        for i, f in enumerate(findings[:MAX_LISTED]):
            fix = f" → {f.replacement}" if f.replacement is not None else ""
            item = QListWidgetItem(f"{f.line}:{f.column}  {f.message(lang)}  「{f.excerpt}」{fix}")
            item.setData(Qt.ItemDataRole.UserRole, i)
            if f.safe:
                item.setForeground(QColor("#1565c0"))
            self.list.addItem(item)
        if len(findings) > MAX_LISTED:
            more = QListWidgetItem(self.tr("… %n more (fix the ones above first)", "", len(findings) - MAX_LISTED))
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(more)
        self.list.setUpdatesEnabled(True)
        n_safe = sum(1 for f in findings if f.safe)
        self.summary.setText(self.tr("%n finding(s)", "", len(findings)) + (
            "  " + self.tr("(%n safe to fix)", "", n_safe) if n_safe else ""))
        self._underline()

    def selections(self) -> list[QTextEdit.ExtraSelection]:
        return self._sels if hasattr(self, "_sels") else []

    def _underline(self) -> None:
        if self.body is None:
            return
        sels = []
        doc = self.body.document()
        pos = self._pos = PosMap(self.text)
        for f in self.findings:
            sel = QTextEdit.ExtraSelection()
            c = QTextCursor(doc)
            c.setPosition(pos(f.start))
            c.setPosition(pos(max(f.end, f.start + 1)), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = c
            sel.format = self._fmt_safe if f.safe else self._fmt
            sels.append(sel)
        self._sels = sels
        self.body.setExtraSelections(sels)

    def _goto(self, item: QListWidgetItem) -> None:
        i = item.data(Qt.ItemDataRole.UserRole)
        if i is None:
            return
        f = self.findings[i]
        if self.body is None:
            return
        c = self.body.textCursor()
        c.setPosition(self._pos(f.start))
        c.setPosition(self._pos(f.end), QTextCursor.MoveMode.KeepAnchor)
        self.body.setTextCursor(c)
        self.body.ensureCursorVisible()

    def fix_current(self) -> None:
        item = self.list.currentItem()
        if (item is None or self.body is None or self.body.isReadOnly()
                or item.data(Qt.ItemDataRole.UserRole) is None):
            return
        self.fix(self.findings[item.data(Qt.ItemDataRole.UserRole)])

    def fix(self, f: Finding) -> bool:
        """Apply one finding's replacement as one undo step."""
        if self.body is None or f.replacement is None or self.body.toPlainText() != self.text:
            return False
        c = QTextCursor(self.body.document())
        c.beginEditBlock()
        c.setPosition(self._pos(f.start))
        c.setPosition(self._pos(f.end), QTextCursor.MoveMode.KeepAnchor)
        c.insertText(f.replacement)
        c.endEditBlock()
        self.fixed.emit()
        return True

    def fix_all(self) -> int:
        """Apply every safe fix as ONE undo step, touching only the changed spans."""
        if self.body is None or self.body.isReadOnly():
            return 0
        from app.core.text.proofing import fix_all_safe

        old = self.body.toPlainText()
        new = fix_all_safe(old, banned=self.banned)
        if new == old:
            return 0
        ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        c = QTextCursor(self.body.document())
        pos = PosMap(old)
        c.beginEditBlock()
        n = 0
        for tag, i1, i2, j1, j2 in reversed(ops):
            if tag == "equal":
                continue
            c.setPosition(pos(i1))
            c.setPosition(pos(i2), QTextCursor.MoveMode.KeepAnchor)
            c.insertText(new[j1:j2])
            n += 1
        c.endEditBlock()
        self.fixed.emit()
        return n
