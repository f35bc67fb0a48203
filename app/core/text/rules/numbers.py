"""GB/T 15835—2011 (出版物上数字用法): the number rules graders check most.

Each checker takes the text and yields proofing hits. Precision comes first: a pattern is only
reported where the faulty reading is the only one (``15年8月`` is a shortened year; ``工作15年``
is a duration and is left alone).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.core.text.proofing import _Hit

_CN_DIGITS = "〇一二三四五六七八九"
# Each pattern starts with what it consumes and checks the character before the match right after
# its first one (a look-behind first would stop the engine skipping ahead to a candidate: 4× slower).
_CN_YEAR = re.compile(r"([〇一二三四五六七八九○零Ｏ](?<![一二三四五六七八九十〇○零百千万亿].)[〇一二三四五六七八九○零Ｏ]{3})年")
_AR_YEAR = re.compile(r"(?:1[89]|20)(?<![\d.]..)\d\d年")


def _cn_years(text: str) -> list[re.Match[str]]:
    return [m for m in _CN_YEAR.finditer(text) if sum(c in _CN_DIGITS for c in m.group(1)) >= 2]


def year_mixed(text: str) -> Iterator[_Hit]:
    """二〇一五年 beside 2015年 in one text: one form per text (同类别同形式)."""
    if "年" not in text:
        return
    cn = _cn_years(text)
    if not cn or not _AR_YEAR.search(text):
        return
    for m in cn:
        digits = m.group(1)
        repl = "".join(str(_CN_DIGITS.index(c)) if c in _CN_DIGITS else "0" for c in digits) + "年"
        yield _Hit(
            "num-year-mixed", m.start(), m.end(), repl, False,
            f"同一篇稿件中年份写法不一：「{m.group()}」与阿拉伯数字年份并用，建议统一为「{repl}」",
            f"Years written both in Chinese numerals and in digits; use one form, e.g. '{repl}'",
        )


def year_zero_form(text: str) -> Iterator[_Hit]:
    """二零一五年 / 二○一五年: the zero of a year is 〇 (U+3007), not 零 or the circle ○."""
    if "年" not in text:
        return
    for m in _cn_years(text):
        digits = m.group(1)
        if not any(c in "○零Ｏ" for c in digits):
            continue
        repl = "".join("〇" if c in "○零Ｏ" else c for c in digits) + "年"
        yield _Hit(
            "num-zero-form", m.start(), m.end(), repl, False,
            f"年份中的零应写作「〇」：「{repl}」", f"The zero in a year is written '〇': '{repl}'",
        )


_SHORT_YEAR = re.compile(r"(\d{2,})年(?=\d{1,2}月|底|初|年底|年初|上半年|下半年|全年|春节|国庆)")


def year_abbrev(text: str) -> Iterator[_Hit]:
    """15年8月 / 15年底: a year is written in full."""
    for m in _SHORT_YEAR.finditer(text):
        if len(m.group(1)) != 2 or (m.start() and text[m.start() - 1] in ".-/:年月—"):
            continue
        yy = int(m.group(1))
        full = (2000 + yy) if yy <= 40 else (1900 + yy)
        yield _Hit(
            "num-year-abbrev", m.start(), m.end(), f"{full}年", False,
            f"年份不应简写：「{m.group()}」应写全，如「{full}年」",
            f"Write the year in full, e.g. '{full}年', not '{m.group()}'",
        )


# 3千 / 5百多 / 3千万: Arabic digits with 十百千 as a number word (万 and 亿 are allowed as units).
# 千米 千克 千瓦 千伏 千帕 千焦 千卡 千赫 百帕 are units of measure, not number words.
_MIXED = re.compile(r"\d+(?:\.\d+)?([十百千])(?![米克瓦伏帕焦卡赫兆字节])")
_MIXED_YEAR = re.compile(r"[〇一二三四五六七八九][0-9]+年|[0-9]+[〇一二三四五六七八九]+年")


def mixed_expression(text: str) -> Iterator[_Hit]:
    if "十" in text or "百" in text or "千" in text:
        for m in _MIXED.finditer(text):
            s = m.start()
            before = text[s - 1] if s else ""
            if before and (before.isascii() and before.isalnum() or before == "."):
                continue  # part of a code (A3千) — the scan starts at a digit for speed
            if s >= 2 and before == "、" and text[s - 2].isdigit():
                continue  # 3、4千: one error, reported by the estimate rule
            yield _Hit(
                "num-mixed", s, m.end(), None, False,
                f"阿拉伯数字与汉字数字「{m.group(1)}」混用：「{m.group()}」（万、亿可作单位，十、百、千不可）",
                f"Digits mixed with the Chinese numeral '{m.group(1)}' in '{m.group()}'",
            )
    for m in _MIXED_YEAR.finditer(text):
        yield _Hit(
            "num-mixed", m.start(), m.end(), None, False,
            f"一个数字中阿拉伯数字与汉字数字混用：「{m.group()}」",
            f"Digits and Chinese numerals mixed in one number: '{m.group()}'",
        )


# Fixed phrases whose numerals are words (定型词语): written with Chinese numerals.
# (anchor, pattern, correct form): a pattern runs only when its anchor is in the text.
_FIXED: tuple[tuple[str, str, str], ...] = (
    ("运动", r"(?:5|五)[·.]?4运动|5四运动", "五四运动"),
    ("青年节", r"5[·.]?4青年节", "五四青年节"),
    ("精神", r"(?:5|五)[·.]?4精神|5四精神", "五四精神"),
    ("事变", r"7[·.]?7事变", "七七事变"),
    ("事变", r"9[·.]?18事变", "九一八事变"),
    ("运动", r"12[·.]9运动", "一二·九运动"),
    ("中全会", r"(?<!\d)(\d{1,2})中全会", "中全会"),
    ("党的", r"党的(\d{2})大", "大"),
    ("五", r"(\d{2})五(?=规划|时期|期间|开局|收官)", "五"),
    ("革命", r"(?<!\d)10月革命", "十月革命"),
    ("1带1路", r"1带1路", "一带一路"),
    ("联军", r"8国联军", "八国联军"),
    ("书5经", r"4书5经", "四书五经"),
)
_FIXED_RE = tuple((a, re.compile(p), t) for a, p, t in _FIXED)
_CN_NUM = {0: "〇", 1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}


def _cn_count(n: int) -> str:
    if n < 10:
        return _CN_NUM[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_NUM[tens]) + "十" + ("" if ones == 0 else _CN_NUM[ones])


def fixed_phrases(text: str) -> Iterator[_Hit]:
    for anchor, rx, correct in _FIXED_RE:
        if anchor in text:
            yield from _fixed(text, rx, correct)


def _fixed(text: str, rx: re.Pattern[str], correct: str) -> Iterator[_Hit]:
    for m in rx.finditer(text):
        target = correct
        digits = re.search(r"\d+", m.group())
        if target in ("中全会", "大", "五") and digits:
            target = m.group().replace(digits.group(), _cn_count(int(digits.group())), 1)
        yield _Hit(
            "num-fixed-phrase", m.start(), m.end(), target, False,
            f"定型词语中的数字应使用汉字：「{m.group()}」应为「{target}」",
            f"Numerals in a fixed phrase are written in Chinese: '{target}'",
        )


# 5、6个: neighbouring numbers for an estimate take Chinese numerals and no 顿号 (五六个).
_APPROX = re.compile(r"([1-9])(?<![\d.第].)、([1-9])(?=个|名|人|天|次|岁|位|户|家|斤|台|辆|条|只|小时|分钟|公里|米|元|倍|遍|[十百千万]|年(?!级))")


def approx_dunhao(text: str) -> Iterator[_Hit]:
    for m in _APPROX.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if b != a + 1:
            continue
        repl = _CN_NUM[a] + _CN_NUM[b]
        yield _Hit(
            "num-approx-dunhao", m.start(), m.end(), repl, False,
            f"相邻两数表示概数，应用汉字且不加顿号：「{m.group()}」应为「{repl}」",
            f"Two neighbouring numbers for an estimate: Chinese numerals without 、 ('{repl}')",
        )
