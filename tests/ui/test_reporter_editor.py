"""The reporter's editor, driven through the real main window on the sample newsroom."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QDialog

from app.core.domain import Contributor, Status
from app.core.seed import parse_reference
from app.core.text.proofing import proof
from app.ui.editor.dialogs import ConflictDialog, SubmitDialog, merge_text
from app.ui.editor.preview import asset_url
from tests.conftest import actor
from tests.ui.conftest import key_text, open_new, type_text


def test_navigator_shows_counts_and_lists_my_drafts(window, sqlite_demo):
    me = actor(sqlite_demo, "wangzd")
    counts = sqlite_demo.articles.counts(me)
    drafts = window.nav_item("drafts")
    assert drafts is not None and f"({counts['my_drafts']})" in drafts.text()
    assert f"({counts['published']})" in window.nav_item("published").text()
    assert window.list_model.rowCount() == counts["my_drafts"]
    window.select_navigator("published")
    window.ops.drain()
    assert window.list_model.rowCount() == counts["published"]
    assert all(r.status == Status.PUBLISHED for r in window.list_model.rows)


def test_search_filters_the_list(window, qtbot):
    window.select_navigator("published")
    window.ops.drain()
    n = window.list_model.rowCount()
    window.search.setText("安宁")
    qtbot.waitUntil(lambda: window.list_model.rowCount() < n)
    assert [r.title for r in window.list_model.rows] == [parse_reference()["title"]]


def test_create_type_and_see_preview_and_counts(window, qtbot):
    ed = open_new(window)
    assert ed.article.status == Status.DRAFT and not ed.read_only
    type_text(ed.title, "社区送服务")
    type_text(ed.body, "安宁区倾力打造社区居民温馨家园")
    key_text(ed.body, "，")
    type_text(ed.body, "**群众**找服务。")
    qtbot.waitUntil(lambda: "温馨家园" in ed.preview.toPlainText() and "群众" in ed.preview.toPlainText())
    assert "**" not in ed.preview.toPlainText()  # rendered, not raw Markdown
    assert "<b>" in ed.preview.toHtml() or "font-weight:700" in ed.preview.toHtml()
    qtbot.waitUntil(lambda: ed.last_counts is not None and ed.last_counts.total == 20)
    assert ed.last_counts.punctuation == 2
    assert "20" in window.count_label.text()
    assert ed.is_dirty()


def test_autosave_writes_an_autosave_revision(window, qtbot, sqlite_demo):
    ed = open_new(window)
    aid = ed.article.id
    type_text(ed.body, "自动保存的正文")
    qtbot.waitUntil(lambda: not ed.is_dirty(), timeout=15000)
    window.ops.drain()
    revs = sqlite_demo.articles.revisions(actor(sqlite_demo, "wangzd"), aid)
    assert revs[-1].reason == "autosave"
    assert sqlite_demo.articles.get(actor(sqlite_demo, "wangzd"), aid).body == "自动保存的正文"


def test_leaving_the_editor_saves(window, qtbot, sqlite_demo):
    window.activateWindow()
    ed = open_new(window)
    ed.body.setFocus()
    type_text(ed.body, "焦点离开就保存")
    ed._autosave.stop()
    ed._focus_changed(ed.body, window.search)  # what QApplication.focusChanged delivers
    window.ops.drain()
    assert not ed.is_dirty()
    assert sqlite_demo.articles.get(actor(sqlite_demo, "wangzd"), ed.article.id).body == "焦点离开就保存"


def test_ctrl_s_saves_and_undo_redo(window, qtbot, sqlite_demo):
    ed = open_new(window)
    type_text(ed.body, "第一段")
    window.action("save").trigger()
    window.ops.drain()
    assert sqlite_demo.articles.get(actor(sqlite_demo, "wangzd"), ed.article.id).body == "第一段"
    ed.body.setFocus()
    window.action("undo").trigger()
    assert ed.body.toPlainText() == ""
    window.action("redo").trigger()
    assert ed.body.toPlainText() == "第一段"


def _conflict(window, sqlite_demo, mine: str, theirs: str):
    ed = open_new(window, body="第一行\n第二行\n第三行\n")
    me = actor(sqlite_demo, "wangzd")
    # another desktop (same reporter, another computer) saves first
    sqlite_demo.articles.save(me, ed.article.id, {"body": theirs}, ed.article.version)
    ed._autosave.stop()
    ed.body.setPlainText(mine)
    return ed, me


def test_conflict_shows_both_versions_and_keeps_mine(window, sqlite_demo, monkeypatch):
    seen = {}

    def fake_exec(dlg):
        seen["mine"] = dlg.mine_view.toPlainText()
        seen["theirs"] = dlg.theirs_view.toPlainText()
        dlg.choice = ConflictDialog.KEEP
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", fake_exec)
    ed, me = _conflict(window, sqlite_demo, "我的版本\n", "对方的版本\n")
    ed.save_now()
    window.ops.drain()
    window.ops.drain()
    assert "我的版本" in seen["mine"] and "对方的版本" in seen["theirs"]
    stored = sqlite_demo.articles.get(me, ed.article.id)
    assert stored.body == "我的版本\n" and stored.version == 3
    assert not ed.is_dirty()


def test_conflict_take_theirs(window, sqlite_demo, monkeypatch):
    monkeypatch.setattr(ConflictDialog, "exec", lambda dlg: setattr(dlg, "choice", ConflictDialog.TAKE) or 1)
    ed, me = _conflict(window, sqlite_demo, "我的版本\n", "对方的版本\n")
    ed.save_now()
    window.ops.drain()
    assert ed.body.toPlainText() == "对方的版本\n"
    assert sqlite_demo.articles.get(me, ed.article.id).body == "对方的版本\n"
    assert not ed.is_dirty()


def test_conflict_merge_combines_both_edits(window, sqlite_demo, monkeypatch):
    monkeypatch.setattr(ConflictDialog, "exec", lambda dlg: setattr(dlg, "choice", ConflictDialog.MERGE) or 1)
    ed, me = _conflict(window, sqlite_demo, "第一行改\n第二行\n第三行\n", "第一行\n第二行\n第三行改\n")
    ed.save_now()
    window.ops.drain()
    window.ops.drain()
    assert sqlite_demo.articles.get(me, ed.article.id).body == "第一行改\n第二行\n第三行改\n"


def test_merge_text_marks_real_conflicts():
    merged = merge_text("a\nb\n", "a\nmine\n", "a\ntheirs\n")
    assert "mine" in merged and "theirs" in merged and "<<<<<<<" in merged


def test_submit_with_note_makes_it_read_only(window, sqlite_demo, monkeypatch):
    def fake_exec(dlg):
        dlg.note.setPlainText("请初审")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SubmitDialog, "exec", fake_exec)
    ed = open_new(window)
    type_text(ed.title, "待审稿件")
    type_text(ed.body, "正文内容")
    window.action("submit").trigger()
    window.ops.drain()
    window.ops.drain()
    me = actor(sqlite_demo, "wangzd")
    stored = sqlite_demo.articles.get(me, ed.article.id)
    assert stored.status == Status.SUBMITTED and stored.body == "正文内容" and stored.title == "待审稿件"
    assert ed.read_only and ed.body.isReadOnly() and ed.title.isReadOnly()
    assert not window.action("save").isEnabled()
    assert ed.banner.isVisible()
    comments = sqlite_demo.articles.comments(me, ed.article.id)
    assert any(c.body == "请初审" and c.kind == "submit" for c in comments)


def test_lease_held_by_someone_else_is_read_only(make_window, sqlite_demo, boxes):
    me = actor(sqlite_demo, "wangzd")
    a = sqlite_demo.articles.create(me, title="正在编辑", body="x")
    sqlite_demo.articles.acquire_lease(actor(sqlite_demo, "chushen"), a.id)
    w = make_window()
    w.open_article(a.id)
    w.ops.drain()
    w.ops.drain()
    assert w.editor.read_only and w.editor.body.isReadOnly()
    assert "刘初审" in w.editor.banner.text()
    # opening says it in the banner (no dialog: looking is quiet); 编辑 offers the take-over
    assert not any("刘初审" in t for t in boxes.texts())
    assert w.editor.edit_btn.isVisibleTo(w.editor)


def test_proofing_underlines_and_fixes_the_reference_text(window, qtbot):
    body = parse_reference()["body"]
    ed = open_new(window, title="参考稿", body=body)
    findings = proof(body)
    qtbot.waitUntil(lambda: len(ed.proofing.findings) == len(findings) and len(ed.body.extraSelections()) > 0)
    sels = ed.body.extraSelections()
    assert len(sels) == len(findings)
    assert sels[0].format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    first = findings[0]
    assert sels[0].cursor.selectedText() == body[first.start:first.end]
    assert ed.proofing.list.count() == len(findings)
    # one finding
    ed.proofing.list.setCurrentRow(0)
    ed.proofing.fix_current()
    assert ed.body.toPlainText() == body[:first.start] + first.replacement + body[first.end:]
    ed.body.undo()
    assert ed.body.toPlainText() == body
    # all safe fixes as one undo step
    qtbot.waitUntil(lambda: ed.proofing.text == body)
    n = ed.proofing.fix_all()
    assert n > 0
    fixed = ed.body.toPlainText()
    assert not [f for f in proof(fixed) if f.safe]
    assert "，" in fixed and "的基础上,通过" not in fixed
    ed.body.undo()
    assert ed.body.toPlainText() == body
    ed.body.redo()
    assert ed.body.toPlainText() == fixed
    qtbot.waitUntil(lambda: len(ed.proofing.findings) == len(proof(fixed)))


def test_find_and_replace_all_is_one_undo_step(window):
    ed = open_new(window, body="社区 社区 服务 社区")
    window.action("replace").trigger()
    assert ed.find_bar.isVisible()
    ed.find_bar.find_text.setText("社区")
    ed.find_bar.replace.setText("街道")
    assert ed.find_bar.replace_all() == 3
    assert ed.body.toPlainText() == "街道 街道 服务 街道"
    ed.body.undo()
    assert ed.body.toPlainText() == "社区 社区 服务 社区"
    assert ed.find_bar.find_next()
    assert ed.body.textCursor().selectedText() == "社区"


def test_insert_image_goes_to_the_asset_store_and_the_preview(window, qtbot, tmp_path, sqlite_demo):
    img = QImage(40, 30, QImage.Format.Format_RGB32)
    img.fill(QColor("#3366cc"))
    path = tmp_path / "照片.png"
    assert img.save(str(path))
    ed = open_new(window, body="图片如下：")
    ed.body.moveCursor(ed.body.textCursor().MoveOperation.End)
    ed.insert_image_file(str(path))
    window.ops.drain()
    text = ed.body.toPlainText()
    assert "![照片](asset:" in text
    sha = text.split("asset:")[1][:64]
    mime, data = sqlite_demo.assets.data(sha)
    assert mime == "image/png" and data == path.read_bytes()
    qtbot.waitUntil(lambda: asset_url(sha) in ed.preview.toHtml())
    loaded = ed.preview.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(asset_url(sha)))
    assert isinstance(loaded, QImage) and loaded.width() == 40


def test_open_published_page_renders_a_file(window, tmp_path):
    from app.ui.editor.preview import remove_previews

    ed = open_new(window, title="网页预览", body="正文第一段")
    page = ed.open_in_browser()
    html = page.read_text("utf-8")
    assert "网页预览" in html and "正文第一段" in html
    # a second look at the same article replaces the page; another article's page sits beside it,
    # in the one temporary folder of the running program, which goes when the program exits
    ed.body.setPlainText("正文改过了")
    again = ed.open_in_browser()
    assert again == page and "正文改过了" in again.read_text("utf-8")
    other = open_new(window, title="另一篇", body="另一篇正文").open_in_browser()
    assert other.parent.parent == page.parent.parent and other != page
    remove_previews()
    assert not page.parent.parent.exists()
    assert ed.open_in_browser().is_file()  # and a later preview makes a new one
    remove_previews()


def test_pasted_byline_becomes_contributors(window):
    ed = open_new(window)
    ed.metadata.byline.setText("记者 王忠德 通讯员 李明")
    assert ed.metadata.contributors.contributors() == [Contributor("记者", "王忠德"), Contributor("通讯员", "李明")]
    assert ed.changes()["contributors"] == [Contributor("记者", "王忠德"), Contributor("通讯员", "李明")]


def test_keyword_and_channel_suggestions(window, qtbot):
    body = parse_reference()["body"]
    ed = open_new(window, title="参考稿", body=body + "\n\n泾川县王母宫。")
    ed.suggest_keywords()
    qtbot.waitUntil(lambda: "安宁区" in ed.metadata.keyword_hint.text(), timeout=20000)
    ed.suggest_channel()
    qtbot.waitUntil(lambda: "泾川新闻" in ed.metadata.suggested_channels, timeout=10000)
    ed.metadata.channel_hint.linkActivated.emit("泾川新闻")
    assert ed.changes()["primary_channel_id"] is not None
    assert ed.metadata.channel.currentText().endswith("泾川新闻")


def test_metadata_source_typed_is_created_and_saved(window, sqlite_demo):
    ed = open_new(window, body="转载内容")
    ed.metadata.origin.setCurrentIndex(ed.metadata.origin.findData("reprint"))
    ed.metadata.source.setCurrentText("甘肃日报")
    ed.metadata.source_url.setText("https://gansudaily.example/1")
    ed.metadata.source_url.textEdited.emit("https://gansudaily.example/1")
    ed.save_now()
    window.ops.drain()
    stored = sqlite_demo.articles.get(actor(sqlite_demo, "wangzd"), ed.article.id)
    assert stored.source_name == "甘肃日报" and stored.origin.value == "reprint"
    assert stored.source_url == "https://gansudaily.example/1"


def test_closing_with_unsaved_work_asks(window, boxes, sqlite_demo):
    from PySide6.QtWidgets import QMessageBox

    ed = open_new(window)
    aid = ed.article.id
    type_text(ed.body, "未保存")
    ed._autosave.stop()
    boxes.answers.append(QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert boxes.calls[-1][0] == "question"
    assert ed.body.toPlainText() == "未保存"
    boxes.answers.append(QMessageBox.StandardButton.Save)
    assert window.close()
    window.ops.drain()
    assert sqlite_demo.articles.get(actor(sqlite_demo, "wangzd"), aid).body == "未保存"


def test_window_state_is_restored(make_window):
    w = make_window()
    w.resize(700, 500)
    w.articles_page.setSizes([111, 300, 150])
    sizes = w.articles_page.sizes()
    w.save_state()
    w2 = make_window()
    assert w2.size() == w.size()
    assert w2.articles_page.sizes() == sizes


def test_typing_fast_renders_the_preview_only_when_typing_pauses(window, qtbot):
    ed = open_new(window, body="开头")
    window.ops.drain()
    before = ed.preview.html_set
    for ch in "社区服务群众找服务社区送服务":
        type_text(ed.body, ch)  # no event loop between keys: one burst
    qtbot.waitUntil(lambda: "社区送服务" in ed.preview.toPlainText())
    window.ops.drain()
    assert ed.preview.html_set - before <= 2  # debounced: not one render per key


def test_losing_the_lease_while_typing_keeps_the_text(window, sqlite_demo, boxes):
    from app.ui.editor import recovery

    ed = open_new(window, body="开头")
    aid = ed.article.id
    sqlite_demo.articles.acquire_lease(actor(sqlite_demo, "zongbian"), aid, take_over=True)
    ed.body.moveCursor(ed.body.textCursor().MoveOperation.End)
    type_text(ed.body, "被接管后继续输入")
    ed._autosave.stop()
    ed.save_now()
    window.ops.drain()
    assert ed.read_only and "开头被接管后继续输入" == ed.body.toPlainText()
    assert any("编辑" in t for t in boxes.texts())
    assert [r.fields["body"] for r in recovery.pending("wangzd")] == ["开头被接管后继续输入"]
    assert sqlite_demo.articles.get(actor(sqlite_demo, "wangzd"), aid).body == "开头"


def test_bold_and_italic_shortcuts_wrap_the_selection(window):
    ed = open_new(window, body="社区服务")
    c = ed.body.textCursor()
    c.setPosition(0)
    c.setPosition(2, c.MoveMode.KeepAnchor)
    ed.body.setTextCursor(c)
    window.action("bold").trigger()
    assert ed.body.toPlainText() == "**社区**服务"
    ed.body.undo()
    assert ed.body.toPlainText() == "社区服务"


def test_english_is_selectable(window, boxes):
    from app.core.settings import load_settings

    lang_menu = [a for a in window.menu("view").actions() if a.menu() is not None][0].menu()
    english = [a for a in lang_menu.actions() if a.text() == "English"][0]
    english.trigger()
    assert load_settings().language == "en"
    assert boxes.calls[-1][0] == "information"


def test_the_channel_survives_typing_before_the_channel_list_arrives(qtbot, sqlite_demo):
    from app.ui.editor.metadata import MetadataPanel

    me = actor(sqlite_demo, "wangzd")
    ch = sqlite_demo.admin.channels()[-1]
    a = sqlite_demo.articles.create(me, title="栏目", body="x", primary_channel_id=ch.id)
    panel = MetadataPanel()
    qtbot.addWidget(panel)
    panel.set_article(a)
    assert panel.values()["primary_channel_id"] == ch.id  # the list has not arrived yet
    panel.set_choices(sqlite_demo.admin.sources(), sqlite_demo.admin.channels())
    assert panel.values()["primary_channel_id"] == ch.id
    assert panel.channel.currentText().endswith(ch.name)


def test_the_search_box_finds_words_in_the_body(window, qtbot):
    window.select_navigator("published")
    window.ops.drain()
    window.search.setText("大云寺遗址")  # only in the body of 省博珍藏佛舍利移交泾川
    qtbot.waitUntil(lambda: [r.title for r in window.list_model.rows] == ["省博珍藏佛舍利移交泾川"])


def test_the_list_says_when_a_search_may_be_incomplete(window, qtbot, monkeypatch):
    """While the search index is being rebuilt (a slice per search), the list's count says the
    rows may be incomplete; once caught up it is the plain count again."""
    from sqlalchemy import update

    from app.core.search.schema import search_state
    from app.core.services import search as search_mod

    db = window.services.db
    with db.session() as s:
        s.execute(update(search_state).where(search_state.c.key == "tokenizer").values(value="old"))
    search_mod._CHECKED.discard(db)
    monkeypatch.setattr(search_mod, "INLINE_BUDGET", 0.0)
    monkeypatch.setattr("app.core.search.index.BUDGET_BATCH", 1)
    window.select_navigator("published")
    window.ops.drain()
    window.search.setText("安宁")
    qtbot.waitUntil(lambda: "the list may be incomplete" in window.list_count.text())  # tests run untranslated
    assert window.list_model.search_pending > 0
    monkeypatch.setattr(search_mod, "INLINE_BUDGET", 30.0)
    monkeypatch.setattr("app.core.search.index.BUDGET_BATCH", 500)
    window.search.setText("安宁区")
    qtbot.waitUntil(lambda: window.list_count.text() == "1 article(s)")
    assert window.list_model.search_pending == 0
