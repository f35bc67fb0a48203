"""The pre-sign checklist: items, the 稿源 list match, blocking and overriding at 签发."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.errors import ValidationError
from app.core.models import AuditEntry
from app.core.services.presign import PresignService, parse_source_list
from tests.conftest import actor

SOURCE_LIST = """# 互联网新闻信息稿源单位名单（测试用，自拟）
单位名称\t别名
人民日报社\t人民日报、人民网
新华通讯社\t新华社、新华网
甘肃日报社\t甘肃日报
""".encode("gb18030")


def _channels(svc):
    return {c.name: c.id for c in svc.admin.channels()}


def _article(svc, **kw):
    fields = dict(title="泾川县举办苹果节", body="【本报讯】泾川县王村镇举办苹果节。",
                  primary_channel_id=_channels(svc)["泾川新闻"])
    fields.update(kw)
    return svc.articles.create(actor(svc, "wangzd"), **fields)


def _to_last_step(svc, aid):
    svc.review.submit(actor(svc, "wangzd"), aid, "请审")
    svc.review.sign(actor(svc, "chushen"), aid, "ok")
    svc.review.sign(actor(svc, "fushen"), aid, "ok")


def test_source_list_parsing_and_matching(demo):
    assert parse_source_list("单位名称,别名\n人民日报社,人民日报、人民网\n新华社\n") == [
        ("人民日报社", ["人民日报", "人民网"]), ("新华社", [])]
    p = PresignService(demo.db)
    assert p.import_source_list(actor(demo, "admin"), "稿源单位名单", date(2021, 10, 20), SOURCE_LIST) == 3
    m = p.match_source("人民日报社")
    assert (m.unit, m.how, m.list_date) == ("人民日报社", "exact", "2021-10-20")
    m = p.match_source(" 《新华社》 ")  # spaces and title marks around a name still match
    assert (m.unit, m.how) == ("新华通讯社", "alias")
    assert p.match_source("某某自媒体") is None and p.match_source("") is None
    with pytest.raises(ValidationError):
        p.import_source_list(actor(demo, "admin"), "空", date(2021, 1, 1), b"# nothing\n")


def test_checklist_items(demo):
    p = PresignService(demo.db)
    admin = actor(demo, "admin")
    assert p.evaluate(_article(demo).id) == []  # nothing is checked until the administrator asks
    p.set_config(admin, items=dict.fromkeys(("proofing", "reprint", "cover", "places", "headline"), True),
                 headline_max={"static": 6})
    a = _article(demo, body="【本报讯】泾川县王村镇举办苹果节,再接再励。")
    items = {i.id: i for i in p.evaluate(a.id)}
    assert list(items) == ["proofing", "reprint", "cover", "places", "headline"]
    assert not items["proofing"].ok and "2 处" in items["proofing"].detail_zh
    assert items["reprint"].ok  # an original
    assert not items["cover"].ok
    assert items["places"].ok
    assert not items["headline"].ok and "8 字" in items["headline"].detail_zh
    # a 崆峒区 story filed under 泾川新闻 does not fit
    b = _article(demo, title="柳湖镇举办苹果节", body="【本报讯】崆峒区柳湖镇举办苹果节。")
    assert not {i.id: i for i in p.evaluate(b.id)}["places"].ok
    with pytest.raises(ValidationError):
        p.set_config(admin, items={"nope": True})


def test_reprint_source_must_be_on_the_list(demo):
    p = PresignService(demo.db)
    admin = actor(demo, "admin")
    p.set_config(admin, items={"reprint": True})
    src = demo.admin.ensure_source(admin, "某某自媒体")
    fields = dict(origin="reprint", source_id=src.id, original_author="张三", original_title="原题",
                  source_url="https://example.cn/a")
    a = _article(demo, **fields)
    item = {i.id: i for i in p.evaluate(a.id)}["reprint"]
    assert not item.ok and "尚未导入" in item.detail_zh
    p.import_source_list(admin, "稿源单位名单", date(2021, 10, 20), SOURCE_LIST)
    item = {i.id: i for i in p.evaluate(a.id)}["reprint"]
    assert not item.ok and "不在《稿源单位名单》（2021-10-20）" in item.detail_zh
    ok_src = demo.admin.ensure_source(admin, "新华社")
    b = _article(demo, **(fields | {"source_id": ok_src.id}))
    item = {i.id: i for i in p.evaluate(b.id)}["reprint"]
    assert item.ok and "新华通讯社（别名一致）" in item.detail_zh
    # missing reprint fields cannot be overridden
    c = _article(demo, origin="reprint", source_id=ok_src.id)
    with pytest.raises(ValidationError):
        p.override(actor(demo, "zongbian"), c.id, "reprint", "急稿")


def test_sign_blocks_until_overridden_and_records_the_overrides(demo):
    p = PresignService(demo.db)
    p.set_config(actor(demo, "admin"), items={"proofing": True})
    zong = actor(demo, "zongbian")
    a = _article(demo, body="【本报讯】泾川县王村镇举办苹果节,再接再励。")
    _to_last_step(demo, a.id)
    with pytest.raises(ValidationError) as e:
        demo.review.sign(zong, a.id, "签发")
    assert "校对无误" in e.value.message_zh and e.value.data["failing"] == ["proofing"]
    with pytest.raises(ValidationError):
        p.override(zong, a.id, "proofing", "  ")  # a reason is required
    p.override(zong, a.id, "proofing", "引语原文照录，不改")
    out = demo.review.sign(zong, a.id, "签发")
    assert str(out.status) == "approved"
    with demo.db.read() as s:
        from sqlalchemy import select

        rec = s.scalars(select(AuditEntry).where(AuditEntry.article_id == a.id,
                                                 AuditEntry.action == "presign_checked")).one()
        assert rec.detail["items"]["proofing"] == "overridden"
        assert rec.detail["overrides"] == {"proofing": "引语原文照录，不改"}
        assert rec.user_login == "zongbian"


def test_override_is_for_one_version(demo):
    p = PresignService(demo.db)
    p.set_config(actor(demo, "admin"), items={"proofing": True})
    zong = actor(demo, "zongbian")
    a = _article(demo, body="【本报讯】泾川县王村镇举办苹果节,再接再励。")
    p.override(zong, a.id, "proofing", "原文照录")
    assert {i.id: i for i in p.evaluate(a.id)}["proofing"].passes
    demo.articles.save(actor(demo, "wangzd"), a.id, {"body": "【本报讯】又改了,再接再励。"}, a.version)
    assert not {i.id: i for i in p.evaluate(a.id)}["proofing"].passes
