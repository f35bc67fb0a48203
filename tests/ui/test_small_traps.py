"""The small traps a new user fell into, each driven through the real widget or function."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit

from app.core.diffing import FieldChange, changes_html
from app.core.passwords import ALPHABET, readable_password
from app.ui.desk.history import default_base
from tests.conftest import actor
from tests.ui.conftest import open_new, type_text


def _revs(*reasons: str) -> list:
    return [SimpleNamespace(reason=r, number=i + 1) for i, r in enumerate(reasons)]


def test_revision_compare_defaults_to_what_changed_since_the_return():
    # after a resubmit the newest two differ only in the state; the return is the useful base
    assert default_base(_revs("create", "save", "submit", "return", "save", "save", "submit")) == 3
    # a chain of signatures: compared with the last text the reviewers saw
    assert default_base(_revs("create", "save", "submit", "sign", "sign")) == 1
    # a return before publication is old news after a correction
    assert default_base(_revs("create", "submit", "return", "submit", "approve", "publish", "correct")) == 5
    assert default_base(_revs("create", "save")) == 0


def test_a_state_change_reads_in_the_interface_language():
    html_zh = changes_html([FieldChange("status", "状态", "Status", "value", "returned", "submitted")], "zh")
    assert "退回" in html_zh and "待审" in html_zh and "returned" not in html_zh
    html_en = changes_html([FieldChange("status", "状态", "Status", "value", "returned", "submitted")], "en")
    assert "Returned" in html_en and "Submitted" in html_en


def test_the_reason_dialog_needs_a_reason_and_wraps(qtbot):
    from app.ui.desk.common import required_text_dialog

    dlg = required_text_dialog(None, "退回记者", "退回原因？" + "这是一段很长的说明，" * 12)
    qtbot.addWidget(dlg)
    box = dlg.findChild(QPlainTextEdit, "requiredText")
    ok = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # OK cannot close it empty
    type_text(box, "   ")
    assert not ok.isEnabled()
    type_text(box, "导语缺时间")
    assert ok.isEnabled()
    assert box.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    assert all(lbl.wordWrap() for lbl in dlg.findChildren(QLabel) if lbl.text().startswith("退回原因"))


def test_a_pasted_byline_splits_without_enter(window):
    ed = open_new(window)
    md = ed.metadata
    md.byline.setText("记者：王忠德")  # what a paste does: the whole line at once, no space
    assert [(c.role, c.name) for c in md.contributors.contributors()] == [("记者", "王忠德")]
    assert md.byline.text() == ""
    md.byline.setText("记者王忠德 通讯员李明")
    assert [c.name for c in md.contributors.contributors()] == ["王忠德", "李明"]


def test_keyword_suggestions_leave_out_the_byline(window):
    ed = open_new(window)
    ed.metadata.byline.setText("记者 王忠德 通讯员 余名扬")
    type_text(ed.body, "安宁区社区服务惠及辖区居民2000余名。王忠德、余名扬报道：安宁区社区服务保障机制温馨家园。")
    ed.suggest_keywords()
    window.ops.drain()
    hint = ed.metadata.keyword_hint.text()
    assert "安宁区" in hint
    for bad in ("王忠德", "余名扬", "名扬", "余名", "惠及"):
        assert f">{bad}<" not in hint, hint


def test_original_time_empty_reads_none_not_a_date(window):
    ed = open_new(window)
    md = ed.metadata
    assert not md.has_time.isChecked()
    assert md.original_time.text() == "(none)" and "2000" not in md.original_time.text()
    md.has_time.setChecked(True)
    assert md.original_time.dateTime().date().year() == datetime.now().year
    assert md.values()["original_time"] is not None
    md.has_time.setChecked(False)
    assert md.values()["original_time"] is None and md.original_time.text() == "(none)"


def test_contributor_buttons_follow_read_only(make_window, sqlite_demo):
    wang = actor(sqlite_demo, "wangzd")
    a = sqlite_demo.articles.create(wang, title="已提交", body="正文。")
    sqlite_demo.review.submit(wang, a.id)
    w = make_window("wangzd")
    w.open_article(a.id)
    w.ops.drain()
    assert w.editor.read_only
    assert not any(b.isEnabled() for b in w.editor.metadata.contributor_buttons)
    assert w.save_label.text() != "Unsaved"


def test_one_time_passwords_have_no_lookalikes():
    for ch in "Il1O0o":
        assert ch not in ALPHABET
    pw = readable_password()
    assert len(pw) == 14 and pw.count("-") == 2 and all(c in ALPHABET for c in pw.replace("-", ""))


def test_the_demo_has_banned_words(sqlite_demo):
    words = {b.word for b in sqlite_demo.admin.banned_words()}
    assert {"小编", "亲们"} <= words


def test_admin_dialog_has_close(qtbot, sqlite_demo):
    from app.ui.admin import AdminDialog

    dlg = AdminDialog(sqlite_demo, actor(sqlite_demo, "admin"))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.ops.drain()
    from PySide6.QtWidgets import QPushButton

    close = dlg.findChild(QPushButton, "adminClose")
    assert close is not None and close.isVisible()
    close.click()
    assert not dlg.isVisible()


def test_audit_details_read_as_labels(sqlite_demo):
    from app.ui.admin.audit import action_label, detail_text

    assert action_label("login") == "Logged in"  # not the login-name field's label
    text = detail_text({"target": "wangzd", "roles": ["reporter", "editor"], "at": "2026-12-05T01:30:00+00:00"},
                       ZoneInfo("Asia/Shanghai"))
    assert "{" not in text and "wangzd" in text and "记者、编辑" in text and "reporter" not in text
    assert "2026-12-05 09:30" in text


def test_recovery_prompt_in_the_newsrooms_time(make_window, sqlite_demo, boxes, monkeypatch):
    from app.ui.editor import recovery

    wang = actor(sqlite_demo, "wangzd")
    a = sqlite_demo.articles.create(wang, title="崩溃前", body="正文。")
    p = recovery.write("wangzd", a.id, a.version, {"title": "崩溃前的修改"})
    data = json.loads(p.read_text("utf-8"))
    data["saved_at"] = datetime(2026, 12, 5, 1, 30, tzinfo=UTC).isoformat()
    p.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    monkeypatch.setenv("TZ", "UTC")
    w = make_window("wangzd")
    boxes.answers = [__import__("PySide6.QtWidgets", fromlist=["QMessageBox"]).QMessageBox.StandardButton.No]
    w.offer_recovery()
    assert any("2026-12-05 09:30" in t for t in boxes.texts()), boxes.texts()


def test_headlines_stay_readable_in_a_narrow_article_list(make_window, qtbot):
    """Issue 17: the list pane of a laptop is ≈ 300 px; the headline column kept ≈ 100 px (6
    characters) while status, author, channel … kept theirs. Now it is at least 11 Chinese
    characters wide (the rest scrolls sideways), and takes the room a wide pane leaves."""
    w = make_window("chushen")
    view = w.list_view
    hh = view.horizontalHeader()
    eleven = view.fontMetrics().horizontalAdvance("国" * 11)
    w.articles_page.setSizes([300, 900, 300])
    qtbot.waitUntil(lambda: view.viewport().width() < 320)
    assert hh.sectionSize(0) >= eleven
    title = "崇信县开展全民健身活动"
    rows = [r for r in range(w.list_model.rowCount()) if w.list_model.rows[r].title == title]
    assert rows and view.visualRect(w.list_model.index(rows[0], 0)).width() >= eleven
    w.resize(1800, 900)
    w.articles_page.setSizes([1200, 400, 200])
    others = sum(hh.sectionSize(c) for c in range(1, hh.count()))
    qtbot.waitUntil(lambda: view.viewport().width() - others > eleven + 50)
    assert hh.sectionSize(0) == view.viewport().width() - others  # the rest of a wide pane
