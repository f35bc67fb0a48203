"""差错率 arithmetic through a real 三审 round (with a return), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from app.core.clock import utcnow
from app.core.errors import PermissionDenied, ValidationError
from app.core.services.quality import LINE_PER_10K, ArticleRate, QualityService, per_10k
from tests.conftest import actor


def _article(svc, body: str):
    ch = {c.name: c.id for c in svc.admin.channels()}
    return svc.articles.create(actor(svc, "wangzd"), title="泾川县举办苹果节", body=body,
                               primary_channel_id=ch["泾川新闻"])


def test_per_10k():
    assert per_10k(3, 10000) == 3.0 and per_10k(1, 2500) == 4.0 and per_10k(5, 0) == 0.0


def test_error_rate_through_a_review_round_with_a_return(demo):
    q = QualityService(demo.db)
    start = utcnow()  # the sample newsroom has signed articles of its own: count only this test's
    body = "泾川" * 2496  # 4,992 characters + the 8 of the headline = 5,000 (the article counts both)
    a = _article(demo, body)
    with demo.db.read() as s:
        from app.core.models import Article
        assert s.get(Article, a.id).chars == 5000
    rep, chu, fu, zong = (actor(demo, x) for x in ("wangzd", "chushen", "fushen", "zongbian"))

    # round 1: the reporter fixes 2 findings before submitting; 初审 accepts 3; 复审 fixes 1 and returns
    assert q.count_findings(rep, a.id, ["halfwidth-punct", "de-di"]).step == "采写"
    demo.review.submit(rep, a.id, "请审")
    r = q.count_findings(chu, a.id, ["typo-confusion", "num-year-abbrev", "halfwidth-punct"], how="accepted")
    assert (r.step, r.round, r.errors, r.chars) == ("初审", 1, 3, 5000)
    demo.review.sign(chu, a.id, "ok")
    assert q.count_findings(fu, a.id, ["punct-quoted-dunhao"]).step == "复审"
    demo.review.return_to_reporter(fu, a.id, "数字用法需统一")
    # round 2: clean at 初审 and 复审 (signed, nothing counted), one finding at 终审, then 签发
    demo.review.submit(rep, a.id, "已改")
    demo.review.sign(chu, a.id, "ok")
    demo.review.sign(fu, a.id, "ok")
    r = q.count_findings(zong, a.id, ["repeat-word"])
    assert (r.step, r.round) == ("终审签发", 2)
    demo.review.sign(zong, a.id, "签发")
    assert q.count_findings(zong, a.id, []).errors == 0  # nothing to count writes nothing

    got = sorted((x.round, x.step, x.errors, x.chars, x.rate) for x in q.article_rates(a.id))
    assert got == sorted([
        (1, "采写", 2, 5000, 4.0), (1, "初审", 3, 5000, 6.0), (1, "复审", 1, 5000, 2.0),
        (2, "初审", 0, 5000, 0.0), (2, "复审", 0, 5000, 0.0), (2, "终审签发", 1, 5000, 2.0),
    ])
    assert isinstance(q.article_rates(a.id)[0], ArticleRate)

    by_step = {r.key: r for r in q.rates(zong, "step", since=start)}
    # 初审: 3 errors over the two rounds' 10,000 characters = exactly the line, which passes
    assert (by_step["初审"].errors, by_step["初审"].chars, by_step["初审"].rate) == (3, 10000, 3.0)
    assert by_step["初审"].over_line is False
    assert (by_step["采写"].rate, by_step["复审"].rate, by_step["终审签发"].rate) == (4.0, 1.0, 2.0)
    assert by_step["采写"].over_line is True

    reporter = {r.key: r for r in q.rates(zong, "reporter", since=start)}
    mine = reporter[rep.real_name]
    assert (mine.errors, mine.chars, mine.articles, mine.rate) == (7, 10000, 1, 7.0)
    assert mine.over_line and mine.rate > LINE_PER_10K
    channel = {r.key: r for r in q.rates(zong, "channel", since=start)}
    assert channel["泾川新闻"].rate == 7.0
    months = q.rates(zong, "month", since=start)
    assert [(m.errors, m.chars) for m in months] == [(7, 10000)]


def test_rates_need_an_editor_and_rules_must_exist(demo):
    q = QualityService(demo.db)
    a = _article(demo, "泾川县举办苹果节。")
    with pytest.raises(PermissionDenied):
        q.rates(actor(demo, "wangzd"), "reporter")
    with pytest.raises(ValidationError):
        q.count_findings(actor(demo, "chushen"), a.id, ["no-such-rule"])


def test_newsroom_switches_and_word_lists(demo):
    q = QualityService(demo.db)
    admin = actor(demo, "admin")
    text = "二〇一五年，他在2016年悄悄的走了，这位瞎子按摩师再接再励。"
    assert {f.rule for f in q.proof(text)} == {"num-year-mixed", "de-di", "typo-confusion"}
    info = q.import_word_list(admin, "新华社禁用词（节选）", "瞎子\t禁用\t盲人\n".encode("gb18030"))
    assert (info.entries, info.block, info.review) == (1, 1, 0)
    q.set_disabled_rules(admin, ["de-di"])
    rules = {f.rule for f in q.proof(text)}
    assert rules == {"num-year-mixed", "typo-confusion", "word-block"}
    with pytest.raises(ValidationError):
        q.set_disabled_rules(admin, ["nope"])
    with pytest.raises(ValidationError):
        q.import_word_list(admin, "坏表", "好词\t大概\n".encode())
    assert [w.name for w in q.word_lists()] == ["新华社禁用词（节选）"]  # the bad import changed nothing
    with pytest.raises(PermissionDenied):
        q.set_disabled_rules(actor(demo, "wangzd"), [])
    q.remove_word_list(admin, "新华社禁用词（节选）")
    assert "word-block" not in {f.rule for f in q.proof(text)}
