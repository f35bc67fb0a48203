"""GB/T 15834—2011 (标点符号用法) beyond character width: what the base proofing rules do not see.

The base rules (``app.core.text.proofing``) already check widths, pairs and the forms of …… and
——; these add the usage rules graders mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.core.text.proofing import _Hit

# 4.5.3.5: between items each in quotes or each in 书名号, no 顿号 (unless something stands
# between them, such as a bracketed note).
_QUOTED_DUNHAO = re.compile(r"、(?<=[”》]、)(?=[“《])")  # consumes first: the engine skips ahead


def quoted_dunhao(text: str) -> Iterator[_Hit]:
    for m in _QUOTED_DUNHAO.finditer(text):
        yield _Hit(
            "punct-quoted-dunhao", m.start(), m.end(), "", True,
            "标有引号或书名号的并列成分之间通常不用顿号",
            "No 、 between items that are each in quotes or in 《》",
        )


# 4.15: 书名号 marks works (books, papers, films, laws, documents, programmes …), not meetings,
# activities, prizes, organisations, projects or courses.
_NON_WORK = re.compile(
    r"《([^《》\n]{1,40}?(?:会议|大会|论坛|峰会|研讨会|座谈会|培训班|运动会|博览会|交易会|展销会|"
    r"活动|比赛|大赛|竞赛|评选|奖|课题|公司|集团|委员会|协会|研究会|联合会)|第[一二三四五六七八九十\d]+届"
    r"[^《》\n]{1,30}?[节会赛展])》(?!节目|栏目|直播|特别节目)"
)


def non_work_title(text: str) -> Iterator[_Hit]:
    for m in _NON_WORK.finditer(text):
        inner = m.group(1)
        yield _Hit(
            "punct-title-nonwork", m.start(), m.end(), inner, False,
            f"书名号用于作品名称；会议、活动、奖项、机构、课题等名称「{inner}」不用书名号",
            f"《》 marks works; '{inner}' (a meeting, event, prize, body or project) takes none",
        )


# 4.8.3: a quotation inside a quotation uses single quotes ‘’ (and “” again a level deeper).
_NESTED = re.compile(r"“([^“”\n]*)“([^“”\n]*)”([^“”\n]*)”")
_WRONG_ORDER = re.compile(r"‘[^‘’“”\n]*“[^“”‘’\n]*”[^‘’“”\n]*’")


def nested_quotes(text: str) -> Iterator[_Hit]:
    if text.count("“") < 2 and "‘" not in text:
        return
    for m in _NESTED.finditer(text):
        for g, mark in ((2, "‘"), (3, "’")):
            pos = m.start(g) - 1
            yield _Hit(
                "punct-nested-quotes", pos, pos + 1, mark, False,
                "引号里面再用引号时，里层应用单引号‘’",
                "A quotation inside a quotation takes single quotes ‘’",
            )
    for m in _WRONG_ORDER.finditer(text):
        yield _Hit(
            "punct-nested-quotes", m.start(), m.start() + 1, None, False,
            "外层应用双引号“”，里层用单引号‘’（此处内外颠倒）",
            "Double quotes outside, single quotes inside (here they are swapped)",
        )


# 4.11: an ellipsis already says "and so on": no 等 or 等等 after it.
_ELLIPSIS_DENG = re.compile(r"(?:……|\.{3,}|…)(等等|等)(?![级候待])")


def ellipsis_deng(text: str) -> Iterator[_Hit]:
    for m in _ELLIPSIS_DENG.finditer(text):
        yield _Hit(
            "punct-ellipsis-deng", m.start(1), m.end(1), "", False,
            f"省略号后不再用「{m.group(1)}」", f"No '{m.group(1)}' after an ellipsis",
        )


# 4.1–4.3: a question or exclamation is not closed by two kinds of end mark (？。 ！。 。？).
_DOUBLE_END = re.compile(r"[？！][。，]|。[？！，]")


def double_end(text: str) -> Iterator[_Hit]:
    for m in _DOUBLE_END.finditer(text):
        yield _Hit(
            "punct-double-end", m.start(), m.end(), None, False,
            f"句末标点重叠：「{m.group()}」", f"Two end marks together: '{m.group()}'",
        )


# 4.10/4.13: a single — between Chinese characters where a 破折号 is meant is ambiguous; the
# form rule of the base set already catches the dash forms. A 连接号 between two digits in a
# range is ～ or —, never the Chinese 一 (一 between digits is a common slip from input methods).
_YI_RANGE = re.compile(r"一(?<=\d一)(?=\d)")


def yi_as_dash(text: str) -> Iterator[_Hit]:
    for m in _YI_RANGE.finditer(text):
        yield _Hit(
            "punct-range-mark", m.start(), m.end(), "—", False,
            "数值范围应用连接号「—」或「～」，不是汉字「一」",
            "A range takes the connector — or ～, not the character 一",
        )
