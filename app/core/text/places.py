"""Places: which channel an article's place names belong to.

Each channel carries place names (its county or district, towns and townships, landmarks). The
core seeds the 平凉 channels from :data:`PLACE_SEED`; admins edit them afterwards
(``ChannelData.places``). :data:`OTHER_PLACES` lists well-known places outside the region so a
story about somewhere else can be reported as not fitting a county channel.

:func:`check_places` finds the names in a text (longest name first, so 泾川县 wins over 泾川),
maps them to channels, and says whether the article fits the channels it is filed under. A
selected channel covers its own places and those of its descendants (a 平凉新闻 parent of the
county channels fits every county story). An article that names no place at all fits (nothing to
judge). An article fits when at least one place it names belongs to a selected channel; otherwise
it is a mismatch, with the channels its places do belong to suggested, most-named first.

The seed lists the current (2020s) townships and towns as best known; generic names shared by
many counties (城关镇, 古城镇) and rivers crossing several counties (泾河, 汭河) are left out on
purpose because they cannot place a story.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from app.core.domain import ChannelData

PLACE_SEED: dict[str, list[str]] = {
    "平凉新闻": [
        "平凉", "平凉市", "崆峒区", "崆峒", "崆峒山", "崆峒镇", "崆峒水库", "太统山", "柳湖",
        "柳湖公园", "四十里铺镇", "花所镇", "安国镇", "柳湖镇", "白水镇", "草峰镇", "麻武乡",
        "索罗乡", "香莲乡", "峡门回族乡", "大寨回族乡", "上杨回族乡", "寨河回族乡", "西阳回族乡",
        "白庙回族乡",
    ],
    "泾川新闻": [
        "泾川", "泾川县", "泾州", "玉都镇", "高平镇", "荔堡镇", "王村镇", "窑店镇", "飞云镇",
        "丰台镇", "党原镇", "汭丰镇", "泾明乡", "红河乡", "罗汉洞乡", "大云寺", "王母宫",
        "王母宫石窟", "回中山", "南石窟寺", "田家沟",
    ],
    "灵台新闻": [
        "灵台", "灵台县", "中台镇", "邵寨镇", "独店镇", "什字镇", "朝那镇", "西屯镇", "上良镇", "百里镇",
        "蒲窝镇", "星火乡", "龙门乡", "梁原乡", "古灵台", "荆山森林公园", "皇甫谧文化园",
        "达溪河",
    ],
    "崇信新闻": [
        "崇信", "崇信县", "锦屏镇", "新窑镇", "柏树镇", "黄寨镇", "黄花乡", "木林乡", "铜城乡",
        "龙泉寺", "五龙山",
    ],
    "华亭新闻": [
        "华亭", "华亭市", "华亭县", "东华镇", "安口镇", "西华镇", "马峡镇", "策底镇", "上关镇",
        "河西镇", "砚峡乡", "神峪回族乡", "山寨回族乡", "莲花台",
    ],
    "庄浪新闻": [
        "庄浪", "庄浪县", "水洛镇", "南湖镇", "朱店镇", "万泉镇", "韩店镇", "阳川镇", "卧龙镇",
        "大庄镇", "岳堡镇", "通化镇", "良邑镇", "郑河乡", "杨河乡", "赵墩乡", "永宁乡", "南坪乡",
        "柳梁乡", "紫荆山", "云崖寺", "朝那湫",
    ],
    "静宁新闻": [
        "静宁", "静宁县", "威戎镇", "界石铺镇", "界石铺", "八里镇", "李店镇", "仁大镇", "甘沟镇",
        "雷大镇", "四河镇", "细巷镇", "双岘镇", "原安镇", "城川镇", "曹务镇", "治平镇", "红寺乡",
        "司桥乡", "余湾乡", "贾河乡", "深沟乡", "三合乡", "新店乡", "灵芝乡", "成纪",
    ],
}

# Well-known places outside the 平凉 channels, with the region a message names.
OTHER_PLACE_REGIONS: dict[str, str] = {
    **{p: "兰州市" for p in (
        "兰州", "兰州市", "安宁区", "城关区", "七里河区", "西固区", "红古区", "榆中县", "皋兰县",
        "永登县", "兰州新区",
    )},
    **{p: "天水市" for p in ("天水", "天水市", "秦州区", "麦积区", "麦积山")},
    **{p: "庆阳市" for p in ("庆阳", "庆阳市", "西峰区", "镇原县", "镇原")},
    **{p: "定西市" for p in ("定西", "定西市", "陇西县", "陇西", "漳县", "渭源县", "通渭县")},
    **{p: "白银市" for p in ("白银", "白银市", "会宁县", "会宁")},
    **{p: "甘肃省" for p in (
        "武威", "武威市", "张掖", "张掖市", "酒泉", "酒泉市", "嘉峪关", "嘉峪关市", "金昌",
        "金昌市", "陇南", "陇南市", "临夏", "临夏州", "甘南", "甘南州", "敦煌",
    )},
    **{p: "外省" for p in ("固原", "固原市", "银川", "西宁", "西安", "宝鸡", "北京市", "上海市")},
}
OTHER_PLACES: list[str] = list(OTHER_PLACE_REGIONS)


@dataclass
class PlaceHit:
    name: str
    count: int
    first_offset: int
    channel_ids: list[int] = field(default_factory=list)  # the channels the place belongs to
    region: str = ""  # for a place outside every channel: its region (兰州市 …)

    @property
    def outside(self) -> bool:
        return not self.channel_ids


@dataclass
class PlaceReport:
    places: list[PlaceHit]
    fits: bool
    suggested_channel_ids: list[int]
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang.startswith("en") else self.message_zh


def channel_places(channel: ChannelData) -> list[str]:
    """The channel's places, or the seed for its name when none are stored yet."""
    return list(channel.places) or list(PLACE_SEED.get(channel.name, []))


@lru_cache(maxsize=16)
def _matcher(key: tuple[tuple[int, tuple[str, ...]], ...]) -> tuple[re.Pattern[str] | None, dict[str, list[int]]]:
    owners: dict[str, list[int]] = {}
    for cid, names in key:
        for name in names:
            name = name.strip()
            if name and cid not in owners.setdefault(name, []):
                owners[name].append(cid)
    words = set(owners) | set(OTHER_PLACE_REGIONS)
    if not words:
        return None, owners
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))
    return pattern, owners


def find_places(text: str, channels: Sequence[ChannelData]) -> list[PlaceHit]:
    """Every place named in *text*, in order of first mention."""
    key = tuple((c.id, tuple(channel_places(c))) for c in channels)
    pattern, owners = _matcher(key)
    if pattern is None:
        return []
    hits: dict[str, PlaceHit] = {}
    for m in pattern.finditer(text):
        name = m.group()
        hit = hits.get(name)
        if hit is None:
            hits[name] = PlaceHit(
                name, 1, m.start(), list(owners.get(name, [])),
                "" if name in owners else OTHER_PLACE_REGIONS.get(name, ""),
            )
        else:
            hit.count += 1
    return list(hits.values())


def _covered(channels: Sequence[ChannelData], selected: Iterable[int]) -> set[int]:
    """The selected channel ids and all their descendants."""
    children: dict[int | None, list[int]] = {}
    for c in channels:
        children.setdefault(c.parent_id, []).append(c.id)
    out: set[int] = set()
    todo = list(selected)
    while todo:
        cid = todo.pop()
        if cid in out:
            continue
        out.add(cid)
        todo.extend(children.get(cid, []))
    return out


def check_places(text: str, channels: Sequence[ChannelData], selected_ids: Iterable[int]) -> PlaceReport:
    """Report the places *text* names and whether they fit the channels *selected_ids*."""
    selected = list(selected_ids)
    by_id = {c.id: c for c in channels}
    names_sel = "、".join(f"「{by_id[i].name}」" for i in selected if i in by_id) or "（未选栏目）"
    names_sel_en = ", ".join(by_id[i].name for i in selected if i in by_id) or "(no channel)"
    places = find_places(text, channels)
    if not places:
        return PlaceReport([], True, [], "文中未提到已知地名。", "The text names no known place.")

    covered = _covered(channels, selected)
    local = [p for p in places if p.channel_ids]
    fitting = [p for p in local if covered.intersection(p.channel_ids)]

    weight: Counter[int] = Counter()
    for p in local:
        for cid in p.channel_ids:
            if cid not in covered:
                weight[cid] += p.count
    suggested = [cid for cid, _ in sorted(weight.items(), key=lambda kv: (-kv[1], by_id[kv[0]].position, kv[0]))]

    listed = "、".join(p.name + (f"（{p.region}）" if p.region else "") for p in places[:8])
    listed_en = ", ".join(p.name + (f" ({p.region})" if p.region else "") for p in places[:8])
    if fitting:
        zh = f"文中地名与栏目相符：{'、'.join(p.name for p in fitting[:8])}属于{names_sel}。"
        en = f"The places fit the channel {names_sel_en}: {', '.join(p.name for p in fitting[:8])}."
        return PlaceReport(places, True, suggested, zh, en)

    if suggested:
        sug = "、".join(f"「{by_id[i].name}」" for i in suggested)
        zh = f"文中地名（{listed}）不属于{names_sel}，建议栏目：{sug}。"
        en = (
            f"The places named ({listed_en}) are not in {names_sel_en}; suggested: "
            f"{', '.join(by_id[i].name for i in suggested)}."
        )
    else:
        zh = f"文中地名（{listed}）在本地栏目范围之外，与{names_sel}不符。"
        en = f"The places named ({listed_en}) lie outside the local channels and do not fit {names_sel_en}."
    return PlaceReport(places, False, suggested, zh, en)
