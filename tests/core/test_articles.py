"""Saving, optimistic locking between two desktops, leases, revisions, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.core.clock import utcnow
from app.core.db import Database
from app.core.domain import Contributor, Status
from app.core.errors import ConflictError, LeaseHeld, NotFound, PermissionDenied, ValidationError
from app.core.models import Article, Revision
from app.core.services import Services
from app.core.services.articles import ArticleQuery
from tests.conftest import actor


def _count(svc, model):
    with svc.db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_lost_update_is_prevented_between_two_desktops(demo_url):
    """Two real Services on two engines/connection pools = two desktops."""
    desk1, desk2 = Services.create(Database(demo_url)), Services.create(Database(demo_url))
    try:
        ed1, ed2 = actor(desk1, "chushen"), actor(desk2, "fushen")
        a = desk1.articles.create(actor(desk1, "wangzd"), title="原标题", body="原文")
        v = a.version
        first = desk1.articles.save(ed1, a.id, {"title": "编辑一改的标题"}, v)
        assert first.article.version == v + 1
        with pytest.raises(ConflictError) as e:
            desk2.articles.save(ed2, a.id, {"title": "编辑二改的标题", "body": "新正文"}, v)
        assert e.value.theirs.title == "编辑一改的标题"
        assert e.value.mine == {"title": "编辑二改的标题", "body": "新正文"}
        assert "版本" in e.value.message_zh
        stored = desk2.articles.get(ed2, a.id)
        assert stored.title == "编辑一改的标题" and stored.body == "原文"
        # after reconciling on the stored version the save goes through
        ok = desk2.articles.save(ed2, a.id, {"body": "新正文"}, stored.version)
        assert ok.article.title == "编辑一改的标题" and ok.article.body == "新正文"
    finally:
        desk1.db.dispose()
        desk2.db.dispose()


def test_concurrent_flush_race_is_a_conflict_not_an_overwrite(demo):
    """Even if the version check passed in Python, the UPDATE … WHERE version=… catches a
    write that landed in between."""
    ed = actor(demo, "chushen")
    a = demo.articles.create(actor(demo, "wangzd"), title="T", body="B")
    with demo.db.session() as s:  # another desk bumps the row behind our back
        s.execute(update(Article.__table__).where(Article.__table__.c.id == a.id)
                  .values(version=a.version + 1, title="别处改的"))
    with pytest.raises(ConflictError):
        demo.articles.save(ed, a.id, {"title": "mine"}, a.version)
    assert demo.articles.get(ed, a.id).title == "别处改的"


def test_reporter_edits_only_own_drafts_and_returned(demo):
    rep, other = actor(demo, "wangzd"), actor(demo, "liyouan")
    a = demo.articles.create(rep, title="稿件", body="正文")
    with pytest.raises((PermissionDenied, NotFound)):
        demo.articles.save(other, a.id, {"title": "x"}, a.version)
    demo.review.submit(rep, a.id)
    cur = demo.articles.get(rep, a.id)
    with pytest.raises(PermissionDenied) as e:
        demo.articles.save(rep, a.id, {"title": "x"}, cur.version)
    assert "已提交" in e.value.message_zh
    # an editor may edit it
    demo.articles.save(actor(demo, "chushen"), a.id, {"title": "编辑改"}, cur.version)
    demo.review.return_to_reporter(actor(demo, "chushen"), a.id, "请修改")
    cur = demo.articles.get(rep, a.id)
    demo.articles.save(rep, a.id, {"title": "记者改"}, cur.version)


def test_a_new_article_takes_its_authors_latest_channel(demo):
    """A reporter's beat: a new article is filed under the channel of their latest article that
    had one; a channel given (even none) wins; another reporter's channels are not theirs."""
    rep, other = actor(demo, "wangzd"), actor(demo, "liyouan")
    ch = demo.admin.channels()
    first = demo.articles.create(rep, title="一", body="正文", primary_channel_id=ch[1].id)
    demo.articles.create(rep, title="无栏目", body="正文", primary_channel_id=None)
    assert demo.articles.create(rep, title="二", body="正文").primary_channel_id == ch[1].id
    assert first.primary_channel_id == ch[1].id
    demo.articles.create(other, title="他人", body="正文", primary_channel_id=ch[2].id)
    assert demo.articles.create(rep, title="三", body="正文").primary_channel_id == ch[1].id
    assert demo.articles.create(other, title="他人二", body="正文").primary_channel_id == ch[2].id


def test_reporter_cannot_set_editor_fields(demo):
    rep = actor(demo, "wangzd")
    a = demo.articles.create(rep, title="稿件", body="正文")
    ch = demo.admin.channels()[-1].id
    with pytest.raises(PermissionDenied):
        demo.articles.save(rep, a.id, {"secondary_channel_ids": [ch]}, a.version)
    with pytest.raises(PermissionDenied):
        demo.articles.save(rep, a.id, {"is_hot": True}, a.version)
    # a suggested primary channel is fine
    demo.articles.save(rep, a.id, {"primary_channel_id": ch}, a.version)


def test_reporter_lists_show_own_and_published_only(demo):
    rep = actor(demo, "wangzd")
    page = demo.articles.list(rep, ArticleQuery(limit=500))
    assert page.rows and all(r.author_name == "王忠德" or r.status == Status.PUBLISHED for r in page.rows)
    editor_total = demo.articles.list(actor(demo, "chushen"), ArticleQuery(limit=500)).total
    assert editor_total > page.total


def test_list_paging_sort_filter_count(demo):
    ed = actor(demo, "chushen")
    jc = demo.admin.channel_by_slug("jingchuan").id
    all_rows = demo.articles.list(ed, ArticleQuery(sort="id", descending=False, limit=1000)).rows
    p1 = demo.articles.list(ed, ArticleQuery(sort="id", descending=False, offset=0, limit=5))
    p2 = demo.articles.list(ed, ArticleQuery(sort="id", descending=False, offset=5, limit=5))
    assert [r.id for r in p1.rows + p2.rows] == [r.id for r in all_rows[:10]]
    assert p1.total == len(all_rows)
    jc_rows = demo.articles.list(ed, ArticleQuery(channel_id=jc, limit=100)).rows
    assert jc_rows and all(r.channel_name == "泾川新闻" for r in jc_rows)
    hits = demo.articles.list(ed, ArticleQuery(text="社区送服务")).rows
    assert [r.title for r in hits] == ["“群众找服务”变“社区送服务” 安宁倾力打造社区居民温馨家园"]
    assert demo.articles.list(ed, ArticleQuery(text="100%_")).total == 0  # LIKE wildcards are escaped


def test_counts_for_the_navigator(demo):
    c = demo.articles.counts(actor(demo, "wangzd"))
    assert c["my_drafts"] == 1 and c["returned"] == 1 and c["published"] == 4
    q = demo.articles.counts(actor(demo, "chushen"))
    assert q["queue"] == 3  # two submitted (step 0) + one at 复审 (an editor may sign both)
    assert demo.articles.counts(actor(demo, "zongbian"))["queue"] == 3


def test_lease_held_taken_over_and_expired(demo_url):
    desk1, desk2 = Services.create(Database(demo_url)), Services.create(Database(demo_url))
    try:
        rep, ed = actor(desk1, "wangzd"), actor(desk2, "chushen")
        a = desk1.articles.create(rep, title="租约", body="正文")
        lease = desk1.articles.acquire_lease(rep, a.id)
        assert lease.mine
        v = desk1.articles.get(rep, a.id).version
        assert v == a.version  # a lease is not a content change
        with pytest.raises(LeaseHeld) as e:
            desk2.articles.acquire_lease(ed, a.id)
        assert "王忠德" in e.value.message_zh and "正在编辑" in e.value.message_zh
        assert desk2.articles.list(ed, ArticleQuery(ids=[a.id])).rows[0].lease_user_name == "王忠德"
        with pytest.raises(LeaseHeld):  # cannot save past someone's lease
            desk2.articles.save(ed, a.id, {"title": "抢"}, v)
        taken = desk2.articles.acquire_lease(ed, a.id, take_over=True)
        assert taken.taken_from == "王忠德"
        assert any(n.kind == "lease_taken" for n in desk1.notifications.list(rep))
        with pytest.raises(LeaseHeld):  # the first desk can no longer overwrite
            desk1.articles.save(rep, a.id, {"title": "我的"}, v)
        desk2.articles.save(ed, a.id, {"title": "编辑的"}, v)
        # take-over rules come from the rulebook (#13): the author may take their own draft back …
        assert desk1.articles.acquire_lease(rep, a.id, take_over=True).taken_from == "刘初审"
        # … another reporter may not even see it
        with pytest.raises((LeaseHeld, PermissionDenied, NotFound)):
            desk1.articles.acquire_lease(actor(desk1, "liyouan"), a.id, take_over=True)
        # expiry: once the lease has run out anyone allowed may take it without force
        with desk1.db.session() as s:
            s.execute(update(Article.__table__).where(Article.__table__.c.id == a.id)
                      .values(lease_expires_at=utcnow() - timedelta(seconds=1)))
        assert desk1.articles.lease(rep, a.id) is None
        assert desk1.articles.acquire_lease(actor(desk1, "fushen"), a.id).mine
    finally:
        desk1.db.dispose()
        desk2.db.dispose()


def test_revisions_restore_never_rewrite_history(demo):
    rep = actor(demo, "wangzd")
    a = demo.articles.create(rep, title="第一版", body="一")
    r = demo.articles.save(rep, a.id, {"title": "第二版", "body": "二"}, a.version)
    demo.articles.save(rep, a.id, {"title": "第三版"}, r.article.version)
    revs = demo.articles.revisions(rep, a.id)
    assert [x.reason for x in revs] == ["create", "save", "save"]
    cur = demo.articles.get(rep, a.id)
    res = demo.articles.restore(rep, a.id, 1, cur.version)
    assert res.article.title == "第一版" and res.article.body == "一"
    revs2 = demo.articles.revisions(rep, a.id)
    assert len(revs2) == 4 and revs2[-1].reason == "restore"
    assert demo.articles.revision_snapshot(rep, a.id, 2)["title"] == "第二版"


def test_autosaves_coalesce_but_manual_saves_stay(demo):
    rep = actor(demo, "wangzd")
    a = demo.articles.create(rep, title="T", body="")
    v = a.version
    for i in range(5):
        v = demo.articles.save(rep, a.id, {"body": "字" * (i + 1)}, v, reason="autosave").article.version
    reasons = [x.reason for x in demo.articles.revisions(rep, a.id)]
    assert reasons == ["create", "autosave"]
    assert demo.articles.revision_snapshot(rep, a.id, 2)["body"] == "字" * 5
    v = demo.articles.save(rep, a.id, {"body": "手动"}, v).article.version
    demo.articles.save(rep, a.id, {"body": "再自动"}, v, reason="autosave")
    assert [x.reason for x in demo.articles.revisions(rep, a.id)] == ["create", "autosave", "save", "autosave"]


@pytest.mark.parametrize("changes,word", [
    ({"title": "长" * 201}, "太长"),
    ({"pretitle": "x" * 500}, "太长"),
    ({"primary_channel_id": 999999}, "栏目不存在"),
    ({"origin": "stolen"}, "原创或转载"),
    ({"contributors": [Contributor("记者", "")]}, "姓名"),
    ({"contributors": [Contributor("记者", f"人{i}") for i in range(500)]}, "最多"),
    ({"level": 7}, "推荐级别"),
    ({"keywords": ["词"] * 1 + ["k" * 65]}, "太长"),
])
def test_bad_input_is_refused_and_writes_nothing(demo, changes, word):
    rep = actor(demo, "chushen")
    a = demo.articles.create(rep, title="好标题", body="正文")
    revs_before = _count(demo, Revision)
    with pytest.raises((ValidationError, NotFound)) as e:
        demo.articles.save(rep, a.id, changes, a.version)
    assert word in e.value.message_zh
    assert e.value.message_en and e.value.message_en != e.value.message_zh
    after = demo.articles.get(rep, a.id)
    assert after.title == "好标题" and after.version == a.version
    assert _count(demo, Revision) == revs_before


def test_unknown_fields_and_states_refused(demo):
    rep = actor(demo, "wangzd")
    a = demo.articles.create(rep, title="T", body="B")
    with pytest.raises(ValidationError):
        demo.articles.save(rep, a.id, {"status": "published"}, a.version)
    with pytest.raises(ValidationError):
        demo.articles.save(rep, a.id, {"title": "x"}, a.version, reason="publish")
    with pytest.raises(NotFound):
        demo.articles.get(rep, 10_000_000)


def test_control_characters_and_huge_body(demo):
    rep = actor(demo, "wangzd")
    a = demo.articles.create(rep, title="含\x00空字符", body="正文\x00二")
    assert "\x00" not in a.title and "\x00" not in a.body
    big = "社区服务" * 437_500  # 1,750,000 characters = 5.25 MB of UTF-8: a 5 MB paste
    r = demo.articles.save(rep, a.id, {"body": big}, a.version)
    assert len(demo.articles.get(rep, a.id).body) == len(big) and r.article.version == a.version + 1
    with pytest.raises(ValidationError) as e:  # past the limit: a clear message, nothing lost
        demo.articles.save(rep, a.id, {"body": "字" * 2_000_001}, r.article.version)
    assert "正文" in e.value.message_zh and "太长" in e.value.message_zh
    assert len(demo.articles.get(rep, a.id).body) == len(big)


def test_comments_and_mentions(demo):
    ed = actor(demo, "chushen")
    a = demo.articles.create(actor(demo, "wangzd"), title="T", body="B")
    demo.articles.add_comment(ed, a.id, "@王忠德 请核实数字，@fushen 请复核")
    assert any(n.kind == "mentioned" for n in demo.notifications.list(actor(demo, "wangzd")))
    assert any(n.kind == "mentioned" for n in demo.notifications.list(actor(demo, "fushen")))
    with pytest.raises(ValidationError):
        demo.articles.add_comment(ed, a.id, "   ")
    assert [c.body for c in demo.articles.comments(ed, a.id)] == ["@王忠德 请核实数字，@fushen 请复核"]


def test_assets_by_content_hash(demo):
    rep = actor(demo, "wangzd")
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 10), (9, 9, 9)).save(buf, "PNG")  # a real PNG: broken ones are refused
    png = buf.getvalue()
    x = demo.assets.add(rep, png, "a.png")
    y = demo.assets.add(rep, png, "again.png")
    assert x.id == y.id and (x.width, x.height) == (20, 10) and x.mime == "image/png"
    assert demo.assets.data(x.sha256) == ("image/png", png)
    with pytest.raises(ValidationError) as e:
        demo.assets.add(rep, b"<svg onload=alert(1)>", "evil.png")
    assert "不支持" in e.value.message_zh
    with pytest.raises(ValidationError):
        demo.assets.add(rep, b"", "empty.png")
    with pytest.raises(ValidationError):
        demo.assets.add(rep, png + b"\x00" * (10 * 1024 * 1024), "huge.png")
