"""Every string a person can see on a widget tree (texts, titles, placeholders, tooltips, menu
items, tab and header labels, combo items, list rows) and a judge of what is English in it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

# words that are names, not untranslated text: products, formats, protocols, sample data
ALLOWED = {
    "newsdesk", "markdown", "html", "htm", "url", "urls", "rss", "atom", "json", "ninjs", "docx", "txt", "png", "jpg",
    "jpeg", "gif", "webp", "wordpress", "postgresql", "sqlite", "http", "https", "www", "api", "pdf", "csv",
    "utf", "iptc", "ssl", "xml", "yybnet", "net", "com", "cn", "news", "user", "host", "db", "localhost",
    "wangzd", "liyouan", "zhangmin", "chushen", "fushen", "zongbian", "admin", "difang", "gansu", "pingliang",
    "shi", "jingchuan", "lingtai", "chongxin", "huating", "zhuanglang", "jingning", "kongtong", "qt", "ctrl",
    "shift", "alt", "del", "esc", "tab", "enter", "return", "pgup", "pgdown", "home", "end", "ins", "backspace",
    "space", "up", "down", "left", "right", "kb", "mb", "gib", "mib", "kib", "sans", "serif", "noto", "cjk", "sc",
    "ok", "english",  # the language menu names each language in itself
}
WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
SKIP_OBJECTS = {"articleBody", "body", "preview", "historyDiff", "diffView"}  # article text, not UI


def english_words(text: str) -> list[str]:
    """The English words in ``text`` that are not names (URLs, paths and shortcuts removed)."""
    text = re.sub(r"[a-z]+://\S+|\S+@\S+|\S+\.(?:py|db|json|html?)\b|\(\*[^)]*\)|\*\.\w+", " ", text)
    text = re.sub(r"&(?=\w)", "", text)  # mnemonics
    return [w for w in WORD.findall(text) if w.lower() not in ALLOWED]


def _item_view_strings(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    from PySide6.QtCore import QModelIndex

    root = view.rootIndex() if view.rootIndex().isValid() else QModelIndex()
    try:
        cols = model.columnCount(root)
    except TypeError:  # a list model (columnCount is private there): one column
        cols = 1
    for i in range(cols):
        v = model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if isinstance(v, str):
            yield v
    for r in range(min(model.rowCount(root), 30)):
        for c in range(cols):
            ix = model.index(r, c, root)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                v = model.data(ix, role)
                if isinstance(v, str):
                    yield v


def visible_strings(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every string ``root`` and its children show (hidden widgets skipped)."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(root) and w is not root and not isinstance(w, QMenu):
            continue
        name = w.objectName() or type(w).__name__
        if name in SKIP_OBJECTS:
            continue
        if w.isWindow() and w.windowTitle():
            yield name + ".windowTitle", w.windowTitle()
        if w.toolTip():
            yield name + ".toolTip", w.toolTip()
        if isinstance(w, QLabel | QAbstractButton):
            yield name, w.text()
        if isinstance(w, QLineEdit):
            yield name + ".placeholder", w.placeholderText()
        if isinstance(w, QTextEdit | QPlainTextEdit):
            yield name + ".placeholder", w.placeholderText()
        if isinstance(w, QGroupBox):
            yield name, w.title()
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield f"{name}.tab{i}", w.tabText(i)
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                yield f"{name}.item{i}", w.itemText(i)
        if isinstance(w, QAbstractItemView):
            for text in _item_view_strings(w):
                yield name + ".model", text
        if isinstance(w, QMainWindow):
            for menu in w.menuBar().findChildren(QMenu):
                yield from _menu_strings(menu)
        for act in w.actions():
            if act.text():
                yield name + ".action", act.text()
            if act.toolTip() and act.toolTip() != act.text().replace("&", ""):
                yield name + ".action.tip", act.toolTip()
            if act.statusTip():
                yield name + ".action.statusTip", act.statusTip()


def _menu_strings(menu: QMenu) -> Iterator[tuple[str, str]]:
    yield "menu:" + (menu.objectName() or ""), menu.title()
    for act in menu.actions():
        if act.text():
            yield "menu:" + menu.title(), act.text()
        if act.statusTip():
            yield "menu:" + menu.title() + ".statusTip", act.statusTip()


def leaks(root: QWidget) -> list[tuple[str, str, list[str]]]:
    """(where, text, English words) for every visible string with untranslated English in it."""
    out = []
    for where, text in visible_strings(root):
        words = english_words(text or "")
        if words:
            out.append((where, text, words))
    return out


def describe(found: list[Any]) -> str:
    return "\n".join(f"  {where}: {text!r} ({', '.join(words)})" for where, text, words in found)
