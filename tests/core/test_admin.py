from __future__ import annotations

import pytest

from app.core.errors import NotFound, PermissionDenied, ValidationError
from tests.conftest import actor


def test_channel_tree_editing(demo):
    admin = actor(demo, "admin")
    pl = demo.admin.channel_by_slug("pingliang-shi")
    c = demo.admin.add_channel(admin, "崆峒新闻", "kongtong", parent_id=pl.id, slogan="崆峒山下", places=["崆峒区"])
    assert c.path == ["地方网", "甘肃", "平凉市", "崆峒新闻"]
    c = demo.admin.update_channel(admin, c.id, places=["崆峒区", "崆峒山", " "], slogan="新口号")
    assert c.places == ["崆峒区", "崆峒山"] and c.slogan == "新口号"
    with pytest.raises(ValidationError):  # no cycles
        demo.admin.update_channel(admin, pl.id, parent_id=c.id)
    with pytest.raises(ValidationError):
        demo.admin.add_channel(admin, "重复", "kongtong")
    with pytest.raises(ValidationError):
        demo.admin.add_channel(admin, "坏标识", "Bad Slug!")
    with pytest.raises(NotFound):
        demo.admin.add_channel(admin, "孤儿", "orphan", parent_id=999999)
    with pytest.raises(PermissionDenied):
        demo.admin.add_channel(actor(demo, "zongbian"), "x", "x")
    with pytest.raises(ValidationError):  # channels with articles stay
        demo.admin.delete_channel(admin, demo.admin.channel_by_slug("jingchuan").id)
    demo.admin.delete_channel(admin, c.id)
    with pytest.raises(NotFound):
        demo.admin.channel_by_slug("kongtong")


def test_sources_and_banned_words(demo):
    admin = actor(demo, "admin")
    assert "陇东报" in [s.name for s in demo.admin.sources()]
    s1 = demo.admin.ensure_source(actor(demo, "wangzd"), "甘肃日报")
    assert demo.admin.ensure_source(None, "甘肃日报").id == s1.id
    before = demo.admin.banned_pairs()  # the sample newsroom's own (小编, 亲们, 最最)
    demo.admin.set_banned_word(admin, "最佳", "较好")
    demo.admin.set_banned_word(admin, "最佳", "更好")
    assert sorted(set(demo.admin.banned_pairs()) - set(before)) == [("最佳", "更好")]
    with pytest.raises(PermissionDenied):
        demo.admin.set_banned_word(actor(demo, "chushen"), "x")


def test_settings_validate(demo):
    admin = actor(demo, "admin")
    assert demo.admin.setting("timezone") == "Asia/Shanghai"
    demo.admin.set_setting(admin, "timezone", "Asia/Urumqi")
    assert demo.admin.setting("timezone") == "Asia/Urumqi"
    with pytest.raises(ValidationError):
        demo.admin.set_setting(admin, "timezone", "Mars/Olympus")
    with pytest.raises(ValidationError):
        demo.admin.set_setting(admin, "no_such_key", "1")
