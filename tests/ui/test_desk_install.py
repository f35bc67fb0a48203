"""The desk inside the real main window: what an editor, a reporter and an administrator are
offered, and the services refusing editor actions to a reporter anyway."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.clock import utcnow
from app.core.errors import NotFound, PermissionDenied
from app.core.services.articles import ArticleQuery
from app.ui.desk.channels import ChannelAssignWidget
from app.ui.desk.review_panel import ReviewPanel
from app.ui.desk.window import DeskWindow
from tests.conftest import actor


def test_editor_window_gets_queue_panels_and_review_menu(make_window, sqlite_demo):
    w = make_window("chushen")
    assert isinstance(w.editor_panel("review"), ReviewPanel)
    assert isinstance(w.editor_panel("channels"), ChannelAssignWidget)
    assert w.editor_panel("history") is not None and w.editor_panel("comments") is not None
    assert w.nav_item("review_queue") is not None and w.nav_item("approved") is not None
    labels = [a.text() for a in w.menu("review").actions()]
    assert any("Sign" in t or "签" in t for t in labels) and len(labels) >= 7
    # opening an article from the queue opens it in the window's editor; the panels follow
    ed = actor(sqlite_demo, "chushen")
    aid = sqlite_demo.articles.list(ed, ArticleQuery(review_steps=[0])).rows[0].id
    w.desk.queue.articleActivated.emit(aid)
    w.ops.drain()
    w.ops.drain()
    assert w.editor.article.id == aid
    assert w.desk.review.article.id == aid
    assert w.desk.review.sign_btn.isEnabled()
    enabled = {a.text(): a.isEnabled() for a in w.menu("review").actions()}
    assert sum(enabled.values()) == sum(b.isEnabled() for b in w.desk.review.editor_buttons()
                                        if b is not w.desk.review.use_suggested_btn)
    assert not any(v for k, v in enabled.items() if "Publish now" in k or "立即发布" in k)  # not a chief
    assert w.desk.comments.article_id == aid


def test_reporter_window_offers_no_editor_action(make_window, sqlite_demo):
    w = make_window("wangzd")
    assert w.editor_panel("review") is None and w.editor_panel("channels") is None
    assert w.nav_item("review_queue") is None and w.nav_item("dashboard") is None
    assert "review" not in w._menus or not w.menu("review").actions()
    assert "admin" not in w._menus or not w.menu("admin").actions()
    assert w.editor_panel("history") is not None and w.editor_panel("comments") is not None
    assert not w.desk.due.enabled  # publishing due articles is an editor's act


def test_reporter_desk_window_has_no_decisions(qtbot, sqlite_demo):
    w = DeskWindow(sqlite_demo, actor(sqlite_demo, "wangzd"), live=False, due=False)
    qtbot.addWidget(w)
    w.ops.drain()
    assert w.desk.review is None and w.desk.channels is None and w.desk.queue is None
    # even a review panel built for a reporter shows no decision
    panel = ReviewPanel(sqlite_demo, actor(sqlite_demo, "wangzd"))
    qtbot.addWidget(panel)
    wang = actor(sqlite_demo, "wangzd")
    mine = sqlite_demo.articles.list(wang, ArticleQuery(author_id=wang.id)).rows[0]
    panel.set_article(sqlite_demo.articles.get(wang, mine.id))
    assert not any(b.isVisible() or b.isEnabled() for b in panel.editor_buttons())


def test_services_refuse_editor_actions_to_a_reporter(sqlite_demo):
    svc = sqlite_demo
    wang = actor(svc, "wangzd")
    ed = actor(svc, "chushen")
    waiting = svc.articles.list(ed, ArticleQuery(review_steps=[0])).rows[0].id
    approved = svc.articles.list(ed, ArticleQuery(statuses=["approved"])).rows[0].id
    published = svc.articles.list(ed, ArticleQuery(statuses=["published"])).rows[0].id
    calls = [
        lambda: svc.review.sign(wang, waiting),
        lambda: svc.review.return_to_reporter(wang, waiting, "理由"),
        lambda: svc.review.return_to_step(wang, waiting, 0, "理由"),
        lambda: svc.review.schedule(wang, approved, utcnow() + timedelta(hours=1)),
        lambda: svc.review.publish_now(wang, approved),
        lambda: svc.review.correct(wang, published, "更正"),
        lambda: svc.review.withdraw(wang, published, "撤稿"),
        lambda: svc.review.publish_due(wang),
    ]
    for call in calls:
        with pytest.raises((PermissionDenied, NotFound)):
            call()
    # an editor who is not chief may not publish either
    with pytest.raises(PermissionDenied):
        svc.review.publish_now(ed, approved)


def test_admin_window_gets_admin_menu(make_window):
    w = make_window("admin")
    labels = [a.text() for a in w.menu("admin").actions()]
    assert len(labels) == 7


def test_return_from_the_editors_window_reaches_the_reporters_window(make_window, sqlite_demo):
    """Two real main windows: the editor returns an article from the review panel; the reporter's
    "Returned to me" list has it, the note waits in the comment thread, the reporter resubmits."""
    from tests.ui.desk_helpers import script

    svc = sqlite_demo
    wang = actor(svc, "wangzd")
    a = svc.articles.create(wang, title="崆峒区新建三处城市书房", body="崆峒区新建的三处城市书房正式开放。")
    svc.review.submit(wang, a.id)
    rep = make_window("wangzd")
    ed = make_window("chushen")
    ed.select_navigator("review_queue")
    ed.ops.drain()
    assert a.id in [r.id for r in ed.list_model.rows]
    ed.open_article(a.id)
    ed.ops.drain()
    ed.ops.drain()
    panel = ed.editor_panel("review")
    assert panel.article.id == a.id
    script(panel, texts=["请补充书房的开放时间。"])
    panel.return_btn.click()
    ed.ops.drain()
    ed.ops.drain()
    assert ed.editor.article is None  # handed back: closed in the editor, lease released
    rep.select_navigator("returned")
    rep.refresh_lists()
    rep.ops.drain()
    assert a.id in [r.id for r in rep.list_model.rows]
    rep.open_article(a.id)
    rep.ops.drain()
    rep.ops.drain()
    comments = rep.editor_panel("comments")
    assert "请补充书房的开放时间。" in comments.thread_view.toPlainText()
    assert not rep.editor.read_only  # the reporter may edit a returned article
