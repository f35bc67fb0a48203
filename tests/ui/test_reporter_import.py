"""Import through the File menu, by drag and drop, and paste-as-article."""

from __future__ import annotations

from pathlib import Path

import docx
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from app.core.resources import resources_dir
from app.core.seed import parse_reference
from tests.conftest import actor


def _docx(path: Path, title: str, paras: list[str]) -> Path:
    d = docx.Document()
    d.add_heading(title, level=1)
    for p in paras:
        d.add_paragraph(p)
    d.save(str(path))
    return path


def test_import_docx_through_the_file_menu(window, tmp_path, monkeypatch, sqlite_demo):
    path = _docx(tmp_path / "稿件.docx", "静宁县苹果丰收", ["今年静宁县苹果喜获丰收，果农收入增加。", "记者 张敏"])
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(path)], "")))
    window.action("import").trigger()
    window.ops.drain()
    window.ops.drain()
    ed = window.editor
    assert ed.article is not None and ed.article.title == "静宁县苹果丰收"
    assert "果农收入增加" in ed.body.toPlainText()
    stored = sqlite_demo.articles.get(actor(sqlite_demo, "wangzd"), ed.article.id)
    assert stored.title == "静宁县苹果丰收"
    assert [r.reason for r in sqlite_demo.articles.revisions(actor(sqlite_demo, "wangzd"), stored.id)] == ["import"]


def _drop_event(mime: QMimeData) -> QDropEvent:
    """(The event does not own ``mime``: the caller keeps it alive.)"""
    return QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)


def test_drop_a_docx_on_the_window(window, tmp_path):
    path = _docx(tmp_path / "拖放.docx", "崇信县全民健身", ["崇信县开展全民健身月活动。"])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    # Qt delivers a drop only inside a real drag session; hand it to the window's handler
    window.dropEvent(_drop_event(mime))
    window.ops.drain()
    window.ops.drain()
    assert window.editor.article is not None and window.editor.article.title == "崇信县全民健身"


def test_drop_a_docx_on_the_body_imports_it(window, tmp_path):
    from tests.ui.conftest import open_new

    ed = open_new(window, body="原有正文")
    path = _docx(tmp_path / "正文拖放.docx", "灵台县冬季防火", ["灵台县消防部门提醒群众注意用火安全。"])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    ed.body.insertFromMimeData(mime)
    window.ops.drain()
    window.ops.drain()
    assert window.editor.article.title == "灵台县冬季防火"


def test_import_failure_is_a_message_not_a_crash(window, tmp_path, boxes):
    bad = tmp_path / "旧格式.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    window.import_files([str(bad)])
    window.ops.drain()
    assert any(".docx" in t for t in boxes.texts())


def test_paste_a_portal_page_as_article(window, sqlite_demo):
    text = (resources_dir() / "sample" / "reference_article.txt").read_text("utf-8")
    window.paste_as_article(text)
    window.ops.drain()
    window.ops.drain()
    ed = window.editor
    ref = parse_reference()
    assert ed.article is not None and ed.article.title == ref["title"]
    assert ed.article.source_name == "陇东报"
    assert ed.article.original_time is not None
    assert [c.name for c in ed.article.contributors][:2] == ["王忠德", "李有安"]
    assert "安宁区共有8个街道" in ed.body.toPlainText()
    assert "新闻推荐" not in ed.body.toPlainText()


def test_paste_from_the_clipboard_action(window):
    QApplication.clipboard().setText("省博珍藏佛舍利移交泾川\n\n记者于日前获悉，佛骨舍利已移交泾川大云寺供奉。\n")
    window.action("paste_article").trigger()
    window.ops.drain()
    window.ops.drain()
    assert window.editor.article is not None
    assert "大云寺" in window.editor.body.toPlainText()
