"""Service additions the editor's desk needs."""

from __future__ import annotations

from tests.conftest import actor


def test_weekly_counts_new_articles_in_this_week(services):
    from app.core.seed import load_demo

    before = services.articles.weekly(weeks=4)
    assert len(before) == 4 and sum(before.values()) == 0
    load_demo(services, password="demo-pass-123")
    wang = actor(services, "wangzd")
    services.articles.create(wang, title="周统计", body="正文")
    after = services.articles.weekly(weeks=4)
    assert list(after) == list(before)  # the same four weeks, oldest first
    this_week = list(after)[-1]
    assert after[this_week] >= before[this_week] + 15  # the demo's articles and ours, all made now
    assert sum(after.values()) == after[this_week]


def test_change_token_moves_with_comments_leases_and_notifications(demo):
    chief = actor(demo, "zongbian")
    wang = actor(demo, "wangzd")
    from app.core.services.articles import ArticleQuery

    aid = demo.articles.list(chief, ArticleQuery(limit=1)).rows[0].id
    t0 = demo.notifications.change_token(wang)
    assert demo.notifications.change_token(wang) == t0  # stable while nothing happens
    demo.articles.add_comment(chief, aid, "请核实")  # mentions nobody: only the thread changes
    t1 = demo.notifications.change_token(wang)
    assert t1 != t0
    draft = demo.articles.create(wang, title="租约", body="正文")
    t2 = demo.notifications.change_token(wang)
    demo.articles.acquire_lease(wang, draft.id)
    assert demo.notifications.change_token(wang) != t2
