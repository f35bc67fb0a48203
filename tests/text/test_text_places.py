from __future__ import annotations

import pytest

from app.core.domain import ChannelData
from app.core.text.places import (
    OTHER_PLACE_REGIONS,
    OTHER_PLACES,
    PLACE_SEED,
    channel_places,
    check_places,
    find_places,
)
from tests.text.helpers import reference_body

CHANNEL_NAMES = ["平凉新闻", "泾川新闻", "灵台新闻", "崇信新闻", "华亭新闻", "庄浪新闻", "静宁新闻"]
PINGLIANG, JINGCHUAN, LINGTAI, CHONGXIN, HUATING, ZHUANGLANG, JINGNING = range(1, 8)

DAYUNSI_ITEM = (
    "省博珍藏佛舍利移交泾川\n"
    "【本报讯】记者于日前获悉，原存放于省博物馆的佛祖骨舍利，经国家民族宗教局和省文物局、"
    "省博物馆批准，已移交于泾川大云寺供奉。"
)


def siblings(seeded: bool = True) -> list[ChannelData]:
    """The seven channels side by side, as on the reference portal's navigation."""
    return [
        ChannelData(i + 1, name, f"c{i + 1}", None, i, places=list(PLACE_SEED[name]) if seeded else [])
        for i, name in enumerate(CHANNEL_NAMES)
    ]


def tree() -> list[ChannelData]:
    """平凉新闻 as the parent of the six county channels."""
    chans = siblings()
    return [chans[0]] + [
        ChannelData(c.id, c.name, c.slug, PINGLIANG, c.position, places=c.places) for c in chans[1:]
    ]


def test_seed_covers_the_channels():
    assert list(PLACE_SEED) == CHANNEL_NAMES
    assert {"泾川县", "大云寺", "王母宫"} <= set(PLACE_SEED["泾川新闻"])
    assert {"崆峒区", "崆峒山"} <= set(PLACE_SEED["平凉新闻"])
    all_local = [p for names in PLACE_SEED.values() for p in names]
    assert len(all_local) == len(set(all_local)), "a place belongs to one channel"
    assert not set(all_local) & set(OTHER_PLACES)
    assert {"兰州", "安宁区"} <= set(OTHER_PLACES)
    assert OTHER_PLACE_REGIONS["安宁区"] == "兰州市"


def test_reference_article_under_jingchuan_is_a_mismatch():
    report = check_places(reference_body(), siblings(), [JINGCHUAN])
    assert not report.fits
    assert [(p.name, p.channel_ids, p.region, p.outside) for p in report.places] == [
        ("安宁区", [], "兰州市", True)
    ]
    assert report.places[0].count == 6
    assert report.suggested_channel_ids == []
    assert "安宁区（兰州市）" in report.message_zh and "「泾川新闻」" in report.message_zh
    assert "Anning" not in report.message_en and "安宁区 (兰州市)" in report.message_en
    assert report.message("en") == report.message_en


def test_dayunsi_item_fits_jingchuan():
    report = check_places(DAYUNSI_ITEM, siblings(), [JINGCHUAN])
    assert report.fits
    assert [(p.name, p.count, p.channel_ids) for p in report.places] == [
        ("泾川", 2, [JINGCHUAN]),
        ("大云寺", 1, [JINGCHUAN]),
    ]
    assert report.suggested_channel_ids == []
    assert "相符" in report.message_zh


def test_dayunsi_item_under_another_county_suggests_jingchuan():
    report = check_places(DAYUNSI_ITEM, siblings(), [LINGTAI])
    assert not report.fits
    assert report.suggested_channel_ids == [JINGCHUAN]
    assert "建议栏目：「泾川新闻」" in report.message_zh


def test_parent_channel_covers_its_counties():
    assert check_places(DAYUNSI_ITEM, tree(), [PINGLIANG]).fits
    assert not check_places(DAYUNSI_ITEM, siblings(), [PINGLIANG]).fits


@pytest.mark.parametrize(
    ("text", "selected", "fits", "suggested"),
    [
        ("崆峒山景区迎来游客高峰", [PINGLIANG], True, []),
        ("静宁县威戎镇的苹果丰收了，庄浪梯田也很美", [JINGNING], True, [ZHUANGLANG]),
        ("庄浪县水洛镇、南湖镇和静宁县举办活动，庄浪县", [JINGNING], True, [ZHUANGLANG]),
        ("华亭市安口镇的陶瓷", [CHONGXIN], False, [HUATING]),
        ("今天天气很好。", [JINGCHUAN], True, []),  # names no place: nothing to judge
        ("兰州市城关区和泾川县王村镇", [JINGCHUAN], True, []),  # one local place is enough
        ("崇信县锦屏镇", [], False, [CHONGXIN]),  # filed under no channel
    ],
)
def test_fit_table(text, selected, fits, suggested):
    report = check_places(text, siblings(), selected)
    assert report.fits is fits
    assert report.suggested_channel_ids == suggested


def test_longest_name_wins():
    hits = find_places("泾川县王母宫石窟与静宁县", siblings())
    assert [h.name for h in hits] == ["泾川县", "王母宫石窟", "静宁县"]


def test_admin_edited_places_and_seed_fallback():
    chans = siblings(seeded=False)
    assert channel_places(chans[1]) == PLACE_SEED["泾川新闻"]  # empty → the seed
    chans[1] = ChannelData(2, "泾川新闻", "c2", None, 1, places=["田家沟村", "泾川"])
    hits = find_places("田家沟村的大云寺", chans)
    assert [(h.name, h.channel_ids) for h in hits] == [("田家沟村", [JINGCHUAN])]  # 大云寺 no longer listed


def test_no_channels():
    report = check_places("泾川大云寺", [], [])
    assert report.fits and report.places == []
