"""Markdown syntax highlighting for the body editor (headings, emphasis, links, images, quotes,
lists, code), cheap enough to run per block as the reporter types."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from app.ui.editor.proofing_panel import PosMap


def _fmt(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(color))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    if italic:
        f.setFontItalic(True)
    return f


class MarkdownHighlighter(QSyntaxHighlighter):
    RULES = [
        (re.compile(r"^#{1,6}\s.*$"), _fmt("#1a4f8b", bold=True)),
        (re.compile(r"^>.*$"), _fmt("#6a6a6a", italic=True)),
        (re.compile(r"^\s*(?:[-*+]|\d+\.)\s"), _fmt("#b05a00", bold=True)),
        (re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"), _fmt("#000000", bold=True)),
        (re.compile(r"(?<!\*)\*[^*\n]+\*(?!\*)"), _fmt("#333333", italic=True)),
        (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), _fmt("#2e7d32")),
        (re.compile(r"(?<!!)\[[^\]\n]*\]\([^)\n]*\)"), _fmt("#1565c0")),
        (re.compile(r"`[^`\n]+`"), _fmt("#8e24aa")),
    ]

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        if not text or not any(c in text for c in "#>*-+_![`0123456789"):
            return
        pos = PosMap(text)
        for rx, fmt in self.RULES:
            for m in rx.finditer(text):
                start = pos(m.start())
                self.setFormat(start, pos(m.end()) - start, fmt)
