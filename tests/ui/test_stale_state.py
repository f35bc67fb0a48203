"""Nothing on screen describes an article that left the view or a state it left: the window title
follows the headline, 退回记者 clears title, status bar and panels, a reporter's published article
is described as published, notifications show where their article is now and can be marked read
one by one, the right-hand fields are disabled with no article open."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.domain import Status
from tests.conftest import actor
from tests.ui.conftest import open_new, type_text
from tests.ui.desk_helpers import script


def test_title_follows_the_headline_and_nothing_stays_after_close(window):
    assert not window.editor.metadata.isEnabled()  # no article open: nothing to fill in
    ed = open_new(window)
    assert window.editor.metadata.isEnabled()
    type_text(ed.title, "冬季防火")
    assert window.windowTitle().startswith("冬季防火")
    type_text(ed.title, "提示")
    assert window.windowTitle().startswith("冬季防火提示")
    ed.save_blocking()
    window.ops.drain()
    assert window.lease_label.text()  # editing, lease held
    ed.close_article()
    window.ops.drain()
    assert window.windowTitle() == f"NewsDesk — {window.actor.real_name}"
    assert (window.lease_label.text(), window.save_label.text(), window.count_label.text()) == ("", "", "")
    assert not window.editor.metadata.isEnabled() and not window.editor.proofing.isEnabled()
    assert not window.action("save").isEnabled() and not window.action("submit").isEnabled()


def test_after_return_to_reporter_nothing_describes_the_returned_article(make_window, sqlite_demo):
    svc = sqlite_demo
    wang = actor(svc, "wangzd")
    a = svc.articles.create(wang, title="退回前的标题", body="正文。")
    svc.review.submit(wang, a.id)
    w = make_window("chushen")
    w.open_article(a.id)
    w.ops.drain()
    w.ops.drain()
    assert w.windowTitle().startswith("退回前的标题")
    panel = w.desk.review
    assert "退回前的标题" not in panel.state.text() or panel.article is not None
    script(panel, texts=["导语需要补充时间地点。"])
    panel.return_to_reporter()
    w.ops.drain()
    w.ops.drain()
    assert svc.articles.get(wang, a.id).status == Status.RETURNED
    assert w.editor.article is None and panel.article is None and w.desk.article is None
    assert "退回前的标题" not in w.windowTitle()
    assert w.lease_label.text() == "" and w.save_label.text() == ""
    assert not w.action("save").isEnabled() and not w.action("submit").isEnabled()
    assert panel.state.text() == "No article open."


def test_a_reporters_published_article_says_published(make_window, sqlite_demo):
    svc = sqlite_demo
    wang = actor(svc, "wangzd")
    published = next(r for r in svc.articles.list(wang, __import__("app.core.services.articles", fromlist=["x"])
                                                  .ArticleQuery(statuses=[Status.PUBLISHED], author_id=wang.id)).rows)
    w = make_window("wangzd")
    w.open_article(published.id)
    w.ops.drain()
    assert w.editor.read_only
    banner = w.editor.banner.text()
    assert "Published" in banner and "submitted" not in banner.lower()


def test_notifications_follow_the_article_and_are_marked_read_one_by_one(make_window, sqlite_demo):
    svc = sqlite_demo
    wang, chu, fu = actor(svc, "wangzd"), actor(svc, "chushen"), actor(svc, "fushen")
    a = svc.articles.create(wang, title="通知跟着稿件走", body="正文。")
    svc.review.submit(wang, a.id)
    b = svc.articles.create(wang, title="第二篇待初审", body="正文。")
    svc.review.submit(wang, b.id)
    svc.review.sign(chu, a.id, "")  # a moved on to 复审; the 初审 notice for it is old news now
    w = make_window("chushen")
    notes = w.desk.notifications
    notes.reload()
    w.ops.drain()
    items = {notes.list.item(i).data(Qt.ItemDataRole.UserRole): notes.list.item(i)
             for i in range(notes.list.count())}
    by_title = {n.message: n for n in notes.items}
    na = next(n for m, n in by_title.items() if "通知跟着稿件走" in m and n.kind == "assigned")
    nb = next(n for m, n in by_title.items() if "第二篇待初审" in m and n.kind == "assigned")
    assert "Now:" in items[na.id].text() and "复审" in items[na.id].text()
    assert notes.current_state(na)[1] is False  # not mine to act on any more: greyed
    assert notes.current_state(nb)[1] is True
    assert items[na.id].foreground().color().name() == "#8c959f"
    # mark just one read
    unread_before = notes.unread()
    items[nb.id].setSelected(True)
    assert notes.mark_one_btn.isEnabled()
    notes.mark_one_btn.click()
    w.ops.drain()
    w.ops.drain()
    assert notes.unread() == unread_before - 1
    assert {n.id for n in notes.items if n.read} >= {nb.id} and not next(x for x in notes.items if x.id == na.id).read
    assert fu is not None
