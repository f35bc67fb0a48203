from __future__ import annotations

import pytest

from app.core.text.counting import READING_CPM, TextCount, count_markdown, count_text, strip_markdown
from tests.text.helpers import reference_body


@pytest.mark.parametrize(
    ("text", "hanzi", "words", "numbers", "punct", "spaces", "other"),
    [
        ("", 0, 0, 0, 0, 0, 0),
        ("安宁区共有8个街道，59个社区。", 11, 0, 2, 2, 0, 0),
        ("志愿者人数1.15万人", 7, 0, 1, 0, 0, 0),
        ("来源:陇东报 2015-08-19 20:34", 5, 0, 2, 1, 2, 0),
        ("使用 iPhone 手机", 4, 1, 0, 0, 2, 0),
        ("COVID-19 疫情", 2, 1, 0, 0, 1, 0),
        ("访问 www.yybnet.net 查看", 4, 1, 0, 0, 2, 0),
        ("增长50%，共1,000元", 4, 0, 2, 1, 0, 0),
        ("“社区+企业”", 4, 0, 0, 2, 0, 1),
        ("二〇一五年", 5, 0, 0, 0, 0, 0),
        ("𠀾𪚥𫝀", 3, 0, 0, 0, 0, 0),  # extension B, C and D: one 字 each
        ("点赞👍😀", 2, 0, 0, 0, 0, 2),
        ("２０１５年ＡＢＣ", 1, 1, 1, 0, 0, 0),  # full-width digits and letters
        ("Hello world, 你好", 2, 2, 0, 1, 2, 0),
        ("アイ한국", 0, 0, 0, 0, 0, 4),  # kana and Hangul are not 字
        ("\u3000\u3000段首空格", 4, 0, 0, 0, 2, 0),
    ],
)
def test_count_table(text, hanzi, words, numbers, punct, spaces, other):
    c = count_text(text)
    assert (c.hanzi, c.latin_words, c.numbers, c.punctuation, c.spaces, c.other) == (
        hanzi, words, numbers, punct, spaces, other,
    )
    assert c.total == hanzi + words + numbers


def test_reference_body_count():
    c = count_text(reference_body())
    # 1,168 ideographs (本报讯 included) and 12 numbers: 8 59 18 2 26 52 59 13 11 58 1.15 2000
    assert c.hanzi == 1168
    assert c.numbers == 12
    assert c.latin_words == 0
    assert c.total == 1180
    assert c.other == 4  # the four "+" in “社区+企业” …
    assert c.paragraphs == 5
    assert c.reading_minutes == pytest.approx(1180 / READING_CPM)
    assert c.reading_minutes_rounded == 4


def test_reading_time_rounding():
    assert count_text("").reading_minutes_rounded == 0
    assert count_text("短").reading_minutes_rounded == 1
    assert count_text("字" * (READING_CPM * 3)).reading_minutes_rounded == 3


def test_lines_and_paragraphs():
    c = count_text("第一段。\n\n第二段。\r\n")
    assert c.paragraphs == 2
    assert c.chars == 8


@pytest.mark.parametrize(
    ("md", "plain"),
    [
        ("# 标题", "标题"),
        ("**加粗**和*斜体*", "加粗和斜体"),
        ("[链接文字](https://example.com/a_b)", "链接文字"),
        ("![图片说明](images/a.png)", ""),
        ("> 引用", "引用"),
        ("- 一\n- 二", "一\n二"),
        ("1. 一", "一"),
        ("| 甲 | 乙 |\n|---|:--:|\n| 1 | 2 |", '  甲   乙  \n\n  1   2  '),
        ("<span>网页</span>", "网页"),
        ("a\\*b", "a*b"),
    ],
)
def test_strip_markdown(md, plain):
    assert strip_markdown(md) == plain


def test_count_markdown_ignores_syntax():
    md = "## 小标题\n\n**安宁区**[社区](https://x.org/p?q=1)![图](a.png)建设\n\n- 8个街道"
    c = count_markdown(md)
    assert c == count_text("小标题\n\n安宁区社区建设\n\n8个街道")
    assert isinstance(c, TextCount)
    assert c.total == 14
