"""The desk speaks Chinese: with the zh_CN translators installed no English word is left on the
desk's or the administration's widgets, and the committed catalogue matches its source table."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from app.core.services.articles import ArticleQuery
from app.ui import i18n
from app.ui.admin import AdminDialog
from app.ui.desk.window import DeskWindow
from tests.conftest import actor

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"WordPress", "article_approve", "portal", "wordpress", "static", "URL", "https", "http", "www",
           "yybnet", "net", "news", "example", "NewsDesk", "jingchuan", "pingliang", "lingtai", "chongxin",
           "huating", "zhuanglang", "jingning", "difang", "gansu", "shi", "admin", "wangzd", "liyouan",
           "zhangmin", "chushen", "fushen", "zongbian"}
WORD = re.compile(r"[A-Za-z_]{3,}")


@pytest.fixture
def chinese():
    app = QApplication.instance()
    prev_lang, prev_locale = app.property("newsdesk_language"), QLocale()
    ts = i18n.install(app, "zh_CN")
    yield
    for t in ts:
        app.removeTranslator(t)
    app.setProperty("newsdesk_language", prev_lang)
    QLocale.setDefault(prev_locale)


def texts(root: QWidget) -> list[str]:
    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel | QAbstractButton | QGroupBox):
            out.append(w.text() if not isinstance(w, QGroupBox) else w.title())
        if isinstance(w, QLineEdit):
            out.append(w.placeholderText())
        if isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QTableWidget):
            out += [w.horizontalHeaderItem(i).text() for i in range(w.columnCount()) if w.horizontalHeaderItem(i)]
        if isinstance(w, QTableView) and not isinstance(w, QTableWidget) and w.model() is not None:
            m = w.model()
            out += [str(m.headerData(i, Qt.Orientation.Horizontal))
                    for i in range(m.columnCount())]
        if isinstance(w, QTreeWidget):
            out += [w.headerItem().text(i) for i in range(w.columnCount())]
    return out


def english(strings: list[str]) -> list[str]:
    bad = []
    for s in strings:
        words = [x for x in WORD.findall(s or "") if x not in ALLOWED]
        if words:
            bad.append(s)
    return bad


def test_desk_and_admin_are_translated(qtbot, sqlite_demo, chinese):
    svc = sqlite_demo
    chief = actor(svc, "zongbian")
    w = DeskWindow(svc, chief, live=False, due=False)
    qtbot.addWidget(w)
    w.ops.drain()
    aid = svc.articles.list(chief, ArticleQuery(statuses=["approved"])).rows[0].id
    w.open_article(aid)
    w.ops.drain()
    assert english(texts(w)) == []
    assert "审稿队列" in texts(w)
    d = AdminDialog(svc, actor(svc, "admin"))
    qtbot.addWidget(d)
    d.ops.drain()
    assert english(texts(d)) == []


def test_catalogue_is_current(tmp_path):
    sys.path.insert(0, str(ROOT / "build_scripts"))
    try:
        import desk_translations
    finally:
        sys.path.pop(0)
    fresh = tmp_path / "desk_zh_CN.ts"
    desk_translations.write_ts(fresh)
    committed = ROOT / "resources" / "translations" / "desk_zh_CN.ts"
    assert committed.read_text("utf-8") == fresh.read_text("utf-8"), "run build_scripts/desk_translations.py"
    qm = committed.with_suffix(".qm")
    assert qm.exists() and qm.stat().st_size > 1000
