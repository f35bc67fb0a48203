"""Bylines (署名): parse the lines reporters and portals write, and print them back.

Recognised forms (any spacing, full- or half-width brackets, an organisation before the role)::

    记者王忠德特约记者李有安          → 记者 王忠德, 特约记者 李有安
    记者 王忠德 通讯员 张三 李四      → 记者 王忠德, 通讯员 张三, 通讯员 李四
    （记者 王忠德）                   → 记者 王忠德
    本报记者 王忠德 摄                → 记者 王忠德, 摄影 王忠德
    新华社记者 张三、李四 报道        → 记者 张三, 记者 李四
    文/记者 王忠德 图/通讯员 张三     → 记者 王忠德, 摄影 张三
    王忠德 摄                         → 摄影 王忠德

Roles are the newsroom's six (:data:`app.core.domain.CONTRIBUTOR_ROLES`); 摄影记者 and a trailing
摄 map to 摄影, 见习记者 to 记者, 实习记者 to 实习生, 责任编辑/责编 to 编辑. A photo credit (摄,
图/) keeps the person's written role as well, so the editor sees both.

:func:`format_byline` prints the portal's line: roles in order, names of one role joined by 、,
roles separated by one space (``记者王忠德 特约记者李有安``); ``parse_byline(format_byline(x))``
gives ``x`` back.

:func:`looks_like_byline` is the strict check importers use on arbitrary lines: every name must
look like a personal name (2–4 ideographs starting with a common surname, or a name with a
middle dot), so ``记者于日前获悉`` or ``记者会上`` are not bylines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core.domain import CONTRIBUTOR_ROLES, Contributor

_ROLE_MAP = {
    "特约记者": "特约记者",
    "摄影记者": "摄影",
    "见习记者": "记者",
    "实习记者": "实习生",
    "首席记者": "记者",
    "记者": "记者",
    "通讯员": "通讯员",
    "摄影": "摄影",
    "实习生": "实习生",
    "责任编辑": "编辑",
    "责编": "编辑",
    "编辑": "编辑",
}
_MARKERS = {"文/": "", "图/": "摄影", "文／": "", "图／": "摄影", "文图/": "文图", "文/图": "文图"}
_TOKEN = re.compile(
    "|".join(re.escape(k) for k in sorted([*_ROLE_MAP, *_MARKERS], key=len, reverse=True))
)
_ORG = re.compile(
    r"^(?:本报|本台|本网|本刊|本社|新华社|中新社|人民网|央视网|[\u4e00-\u9fff]{1,10}?(?:日报|晚报|报社|报|电视台|广播电视台|融媒体中心|台|网|社))$"
)
_WRAP = re.compile(r"^[（(【\[〔]\s*(.*?)\s*[）)】\]〕]$")
_TAIL = re.compile(r"\s*(?:报道|报导|采写|整理|供图|摄)?\s*[。.]?$")
_SPLIT = re.compile(r"[\s、，,；;/／:：]+")
_NAME_LOOSE = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fffA-Za-z]{1,8}[·•．][\u4e00-\u9fffA-Za-z·•．]{1,12}$")

# Common Chinese surnames (single-character ones, and the first characters of the compound ones
# 欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 令狐 慕容 夏侯 长孙 宇文 端木).
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰"
    "焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁"
    "蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂"
    "全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠"
    "荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹"
    "井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫"
    "杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利呼居揭干但尉冶斯元束檀衣信展阴昝智幸"
    "奉植衡富尧闭由上东皇令长宇端"
)

assert set(_ROLE_MAP.values()) <= set(CONTRIBUTOR_ROLES)


def _is_name(name: str, strict: bool) -> bool:
    if not _NAME_LOOSE.match(name):
        return False
    if "·" in name or "•" in name or "．" in name:
        return True
    return not strict or name[0] in _SURNAMES


def _split_names(chunk: str) -> list[str]:
    return [n for n in _SPLIT.split(chunk.strip()) if n]


def parse_byline(line: str, *, strict: bool = False) -> list[Contributor]:
    """The ordered contributors of a byline, or ``[]`` when *line* is not a byline.

    With ``strict=True`` every name must start with a common surname (what importers use on
    arbitrary lines); the default accepts any 2–4 ideographs as a name (the editor's field)."""
    text = line.strip().replace("\u3000", " ").replace("\xa0", " ")
    m = _WRAP.match(text)
    if m:
        text = m.group(1)
    if not text or len(text) > 80:
        return []
    photo_tail = bool(re.search(r"(?:^|[\s\u4e00-\u9fff])摄[。.]?$", text))
    text = _TAIL.sub("", text) if len(text) > 2 else text

    marks = list(_TOKEN.finditer(text))
    if marks:
        prefix = text[: marks[0].start()].strip()  # 本报, 新华社, 陇东报 …
        if prefix and not _ORG.match(prefix):
            return []
        ends = [m.start() for m in marks[1:]] + [len(text)]
        pieces = [(m.group(), text[m.end() : end]) for m, end in zip(marks, ends, strict=True)]
    elif photo_tail:
        pieces = [("", text)]  # 王忠德 摄
    else:
        return []

    out: list[Contributor] = []
    mode = ""  # "" text, "摄影" photo, "文图" both (from the 文/ 图/ markers)
    pending_role = ""
    for marker, chunk in pieces:
        if marker in _MARKERS:
            mode, pending_role = _MARKERS[marker], ""
        elif marker:
            pending_role = _ROLE_MAP[marker]
        for name in _split_names(chunk):
            if _ORG.match(name) and not _is_name(name, strict=True):
                continue  # an organisation between markers: 文/本报记者 王忠德
            if not _is_name(name, strict):
                return []
            if mode == "摄影" or (photo_tail and not marker):
                role = "摄影"
            else:
                role = pending_role or "记者"
            out.append(Contributor(role, name))
            if mode == "文图" and role != "摄影":
                out.append(Contributor("摄影", name))
    if not out:
        return []
    if photo_tail and pieces[0][0]:
        # 本报记者 王忠德 摄: the last role's people took the photo
        last_role = out[-1].role
        group = []
        for c in reversed(out):
            if c.role != last_role:
                break
            group.append(c)
        out.extend(Contributor("摄影", c.name) for c in reversed(group) if c.role != "摄影")
    return _dedupe(out)


def _dedupe(items: Iterable[Contributor]) -> list[Contributor]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in items:
        key = (c.role, c.name)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def format_byline(contributors: Iterable[Contributor]) -> str:
    """The line the portal prints: ``记者王忠德 特约记者李有安``; ``通讯员张三、李四``."""
    groups: dict[str, list[str]] = {}
    for c in contributors:
        name = c.name.strip()
        if not name:
            continue
        names = groups.setdefault(c.role.strip() or "记者", [])
        if name not in names:
            names.append(name)
    return " ".join(role + "、".join(names) for role, names in groups.items())


def looks_like_byline(line: str) -> bool:
    """True when *line* is a byline and nothing else (strict names; used by importers)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 60:
        return False
    return bool(parse_byline(stripped, strict=True))
