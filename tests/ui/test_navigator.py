"""The navigator: where each desk starts, and counts that match the folders they stand beside."""

from __future__ import annotations

from app.core.domain import Status
from app.core.services.articles import ArticleQuery
from tests.conftest import actor


def test_a_reporter_with_a_returned_story_starts_in_returned_to_me(make_window, sqlite_demo):
    svc = sqlite_demo
    rep = actor(svc, "wangzd")
    returned = svc.articles.list(rep, ArticleQuery(statuses=[Status.RETURNED], author_id=rep.id)).rows
    assert returned  # the sample newsroom returned one of 王忠德's stories
    w = make_window("wangzd")
    w.ops.drain()
    assert w.current_nav().key == "returned"
    assert {r.id for r in w.list_model.rows} == {r.id for r in returned}


def test_without_returned_stories_a_reporter_starts_in_drafts_and_an_editor_in_the_queue(make_window, sqlite_demo):
    svc = sqlite_demo
    rep = actor(svc, "liyouan")  # 李有安: no returned story in the sample newsroom
    assert not svc.articles.counts(rep)["returned"]
    w = make_window("liyouan")
    w.ops.drain()
    assert w.current_nav().key == "drafts"
    ed = make_window("chushen")
    ed.ops.drain()
    assert ed.current_nav().key == "review_queue"


def test_each_folders_count_is_the_number_of_articles_it_lists(make_window, sqlite_demo):
    svc = sqlite_demo
    for login in ("wangzd", "chushen", "zongbian"):
        w = make_window(login)
        w.ops.drain()
        who = actor(svc, login)
        counts = svc.articles.counts(who)
        checked = 0
        for entry in w._nav.values():
            if entry.count_key is None or entry.query_factory is None:
                continue
            q = entry.query_factory()
            q.limit = 10_000
            assert counts[entry.count_key] == svc.articles.list(who, q).total, (login, entry.key)
            checked += 1
        assert checked >= (4 if login == "wangzd" else 6)
