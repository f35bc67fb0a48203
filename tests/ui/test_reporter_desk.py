"""More of the reporter's desk: pasting a page into an empty article, the return reason, list
sorting, the crash dialog, and the desk on both database engines."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QDialog, QPlainTextEdit

from app.core.domain import Status
from app.core.errors import ValidationError
from app.core.resources import resources_dir
from app.core.seed import parse_reference
from app.ui.main_window import MainWindow
from tests.conftest import actor
from tests.ui.conftest import open_new, type_text


def test_pasting_a_portal_page_into_an_empty_article_fills_it(window):
    ed = open_new(window)
    text = (resources_dir() / "sample" / "reference_article.txt").read_text("utf-8")
    mime = QMimeData()
    mime.setText(text)
    ed.body.insertFromMimeData(mime)
    window.ops.drain()
    ref = parse_reference()
    assert ed.title.text() == ref["title"]
    assert ed.metadata.source.currentText() == "陇东报"
    assert ed.metadata.origin.currentData() == "reprint"
    assert [c.name for c in ed.metadata.contributors.contributors()][:2] == ["王忠德", "李有安"]
    assert "安宁区共有8个街道" in ed.body.toPlainText() and "新闻推荐" not in ed.body.toPlainText()
    ch = ed.changes()
    assert ch["title"] == ref["title"] and ch["original_time"] is not None
    ed.save_now()
    window.ops.drain()
    assert ed.article.source_name == "陇东报" and ed.article.original_time is not None


def test_pasting_a_passage_into_an_article_is_plain_text(window):
    ed = open_new(window, title="已有标题", body="开头")
    mime = QMimeData()
    mime.setText("来源：某报\n第二行\n第三行" + "很长的文字" * 30)
    ed.body.moveCursor(ed.body.textCursor().MoveOperation.End)
    ed.body.insertFromMimeData(mime)
    window.ops.drain()
    assert ed.title.text() == "已有标题"
    assert ed.body.toPlainText().startswith("开头来源：某报")


def test_a_returned_article_says_why(make_window, sqlite_demo):
    me = actor(sqlite_demo, "wangzd")
    w = make_window()
    w.select_navigator("returned")
    w.ops.drain()
    assert w.list_model.rowCount() == 1
    row = w.list_model.rows[0]
    assert row.status == Status.RETURNED
    w._row_activated(w.list_model.index(0, 0))
    w.ops.drain()
    w.ops.drain()
    ed = w.editor
    assert not ed.read_only
    assert "请补充庙会的具体日期和主办单位" in ed.banner.text() and "刘初审" in ed.banner.text()
    # opening takes no lease (issue #13); the reporter's first keystroke does
    assert sqlite_demo.articles.get(me, row.id).lease_user_id is None
    from tests.ui.conftest import type_text

    type_text(ed.body, "（补）")
    w.ops.drain()
    assert sqlite_demo.articles.get(me, row.id).lease_user_id == me.id


def test_sorting_the_list_by_headline(window):
    window.select_navigator("published")
    window.ops.drain()
    window.list_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    window.ops.drain()
    titles = [r.title for r in window.list_model.rows]
    assert window.list_model.query().sort == "title" and not window.list_model.query().descending
    assert len(titles) > 2
    window.list_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    window.ops.drain()
    assert [r.title for r in window.list_model.rows] == list(reversed(titles))


def test_a_bug_shows_the_crash_dialog_with_the_log_tail(qtbot, monkeypatch):
    import logging

    from app.ui import app as ui_app

    shown = {}

    def fake_exec(dlg):
        shown["text"] = dlg.findChild(QPlainTextEdit).toPlainText()
        return 0

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))  # our file handler goes with the test
    monkeypatch.setattr(root, "level", root.level)
    before = list(root.handlers)
    ui_app.setup_logging()
    added = [h for h in root.handlers if h not in before]
    try:
        logging.getLogger("newsdesk.test").warning("a line before the crash")
        for h in logging.getLogger().handlers:
            h.flush()
        try:
            raise RuntimeError("boom in the editor")
        except RuntimeError as exc:
            ui_app.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        for h in added:
            h.close()  # its file, which the test's monkeypatch would otherwise leave open
    assert "RuntimeError: boom in the editor" in shown["text"]
    assert "a line before the crash" in shown["text"]


def test_an_expected_error_is_a_message_not_a_crash(boxes):
    from app.ui import app as ui_app

    err = ValidationError("请先填写标题（主题）再提交。", "Enter a headline before submitting.")
    ui_app.excepthook(type(err), err, None)
    assert boxes.calls and boxes.calls[-1][2] == "请先填写标题（主题）再提交。"


def test_submitting_without_a_headline_says_so(window, boxes, monkeypatch):
    from app.ui.editor.dialogs import SubmitDialog

    monkeypatch.setattr(SubmitDialog, "exec", lambda dlg: QDialog.DialogCode.Accepted)
    ed = open_new(window)
    type_text(ed.body, "只有正文")
    ed.submit()
    window.ops.drain()
    assert any("标题" in t for t in boxes.texts())
    assert ed.article.status == Status.DRAFT and not ed.read_only


def test_the_desk_on_both_engines(qtbot, demo):
    """Open, type, autosave and submit against SQLite and PostgreSQL."""
    me = actor(demo, "zhangmin")
    w = MainWindow(demo, me)
    qtbot.addWidget(w)
    w.show()
    w.ops.drain()
    assert w.nav_item("drafts").text().endswith(f"({demo.articles.counts(me)['my_drafts']})")
    ed = open_new(w)
    type_text(ed.title, "两种数据库")
    type_text(ed.body, "静宁县苹果丰收。")
    ed.save_now("autosave")
    w.ops.drain()
    stored = demo.articles.get(me, ed.article.id)
    assert stored.body == "静宁县苹果丰收。" and stored.lease_user_id == me.id
    assert demo.articles.revisions(me, stored.id)[-1].reason == "autosave"
    ed.close_article()
    w.ops.drain()
    assert demo.articles.get(me, stored.id).lease_user_id is None
