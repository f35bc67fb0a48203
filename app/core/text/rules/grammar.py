"""的/地/得 heuristics and repeated characters or words.

Only the unambiguous frames are reported: an adverb that can never stand before a noun, followed
by 的 and a verb (悄悄的走 → 悄悄地走); an intransitive verb, 的 and a degree adverb (跑的很快 →
跑得很快); an adjective, 地 and a noun it describes (美丽地家园 → 美丽的家园). A function word
doubled by a slip (的的, 在在) is reported, but not the reduplications Chinese uses on purpose
(的的确确, 是是非非, 不了了之, 和和美美).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.core.text.proofing import _Hit


def _lead(alternatives: str) -> str:
    """A look-ahead for the first characters of `a|b|…` (a leading look-behind skipped): the
    engine tries the alternation only where one of them stands, not at all 30,000 positions."""
    alts, depth, cur = [], 0, ""
    for ch in alternatives:  # split at the top level only: (?<=日子|生活)过 is one alternative
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            alts.append(cur)
            cur = ""
        else:
            cur += ch
    alts.append(cur)
    firsts = {re.sub(r"^\(\?<[=!][^)]*\)", "", alt)[0] for alt in alts}
    assert not firsts & set("()[]|?*+\\"), firsts  # plain characters only
    return "(?=[" + "".join(sorted(firsts)) + "])"

_ADVERBS = (
    "悄悄|慢慢|渐渐|紧紧|牢牢|默默|静静|纷纷|大力|切实|稳步|逐步|扎实|不停|一步步|一点点|缓缓|"
    "轻轻|狠狠|深深|热情|耐心|认真|积极|主动|努力|仔细|高高兴兴|认认真真|踏踏实实|仔仔细细|"
    "扎扎实实|兢兢业业|小心翼翼|全力|尽快|及时|迅速|不断"
)
_VERBS = (
    "推进|推动|落实|开展|实施|加强|提升|提高|完善|解决|处理|做好|抓好|走|跑|说|看|听|握|抓|记住|"
    "离开|退出|关注|守护|注视|点头|站|坐|升起|流淌|回答|讲解|检查|排查|整改|参与到|投入到|融入|"
    "帮助|服务|宣传|学习|工作|发展|增长|改善|配合|指导|走访|慰问|询问|询问|告诉|打扫|清理|收拾"
)
# An adverb of manner before 的 + a verb. 努力/积极/认真/不断/热情/及时 also make nouns
# (经过不断的努力, 他的热情), so only the verbs that cannot be nouns follow them.
_NOUNY = frozenset({"学习", "工作", "发展", "增长", "改善", "服务", "帮助", "宣传", "配合", "指导",
                    "参与到", "投入到", "融入", "关注", "回答", "检查", "处理", "解决", "整改"})
_WEAK_ADV = frozenset({"热情", "耐心", "认真", "积极", "主动", "努力", "仔细", "全力", "尽快", "及时",
                       "迅速", "不断"})
_DE_ADV = re.compile(f"{_lead(_ADVERBS)}({_ADVERBS})的({_VERBS})")
# a one-character verb must read as a verb: 静静的听着, not 静静的听众
_VERB_TAIL = frozenset("着了过在到向进出回上下去来住起，。、；！？")

_INTRANSITIVE = "跑|飞|长|变|笑|哭|睡|醒|活|(?<=日子|生活)过|干|搞|办|表现|进展|发展|推进|开展|落实|恢复|成长"
_DEGREE = "很|非常|十分|格外|特别|越来越|更加|相当|极其|如此|这么|那么|有声有色|井井有条|热火朝天|红红火火|扎扎实实"
_DE_DEGREE = re.compile(f"{_lead(_INTRANSITIVE)}(?<![的])({_INTRANSITIVE})的({_DEGREE})(?!多|少)")

_ADJ = "美丽|和谐|重要|良好|温暖|崭新|优美|宝贵|丰富|独特|浓厚|整洁|干净|美好"
_NOUN = "家园|环境|作用|基础|氛围|面貌|经验|资源|条件|风景|意义|机会|时光|未来|文化|传统|社区|城市"
_DI_ATTR = re.compile(f"{_lead(_ADJ)}({_ADJ})地({_NOUN})")


def de_di_de(text: str) -> Iterator[_Hit]:
    if "的" in text:
        for m in _DE_ADV.finditer(text):
            adv, verb = m.group(1), m.group(2)
            if adv in _WEAK_ADV and verb in _NOUNY:
                continue
            if len(verb) == 1 and text[m.end() : m.end() + 1] not in _VERB_TAIL:
                continue
            pos = m.end(1)
            yield _Hit(
                "de-di", pos, pos + 1, "地", False,
                f"状语「{adv}」修饰动词「{verb}」，应用「地」",
                f"'{adv}' modifies the verb '{verb}': use 地, not 的",
            )
        for m in _DE_DEGREE.finditer(text):
            pos = m.end(1)
            yield _Hit(
                "de-de", pos, pos + 1, "得", False,
                f"「{m.group(1)}」后接补语「{m.group(2)}…」，应用「得」",
                f"A complement follows '{m.group(1)}': use 得, not 的",
            )
    if "地" in text:
        for m in _DI_ATTR.finditer(text):
            pos = m.end(1)
            yield _Hit(
                "di-de", pos, pos + 1, "的", False,
                f"「{m.group(1)}」修饰名词「{m.group(2)}」，应用「的」",
                f"'{m.group(1)}' modifies the noun '{m.group(2)}': use 的, not 地",
            )


# A function word typed twice. Reduplications Chinese means are excluded by the look-arounds.
_DOUBLED = re.compile(
    r"(?=[的了在是和被从而对我他进已目通表记但因所如虽以])"  # the words' first characters (speed)
    r"(?:(?<![目标])的的(?!确确)|(?<![不为除])了了(?!之|分明|无|解)|(?<!实)在在|"
    r"(?<![于但还就总可只凡要若正真却便算像或不都也])是是(?!非|否)|(?<!和)和和(?!美|气|睦)|被被|"
    r"从从(?!容)|而而|对于对于|我们我们|他们他们|进行进行|已经已经|目前目前|通过通过|表示表示|记者记者|"
    r"但是但是|因为因为|所以所以|如果如果|虽然虽然|而且而且|以及以及)"
)
# A run of three or more Chinese characters written twice in a row (工作人员工作人员).
_DOUBLED_RUN = re.compile(r"([\u4e00-\u9fff]{3,6})\1")
_ONOMATOPOEIA = frozenset("哈呵嘿嘻哗啦咚叮当嘀嗒咕噜呜汪喵砰乒乓")


def repeated_words(text: str) -> Iterator[_Hit]:
    for m in _DOUBLED.finditer(text):
        g = m.group()
        half = g[: len(g) // 2]
        yield _Hit(
            "repeat-word", m.start() + len(half), m.end(), "", False,
            f"「{half}」重复", f"'{half}' is written twice",
        )
    for m in _DOUBLED_RUN.finditer(text):
        unit = m.group(1)
        if len(set(unit)) == 1 or set(unit) <= _ONOMATOPOEIA:
            continue
        yield _Hit(
            "repeat-word", m.start() + len(unit), m.end(), "", False,
            f"「{unit}」重复", f"'{unit}' is written twice",
        )
