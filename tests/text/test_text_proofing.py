from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.text.chars import hanzi_after_fixes, hanzi_only
from app.core.text.proofing import RULES, Finding, apply_fixes, fix_all_safe, fold, proof
from tests.text.helpers import reference_article


def spans(text: str, **kw) -> list[tuple[str, str, str | None, bool]]:
    """(rule, faulty text, replacement, safe) for every finding."""
    return [(f.rule, text[f.start : f.end], f.replacement, f.safe) for f in proof(text, **kw)]


# ---------------------------------------------------------------- the reference article

REFERENCE_FINDINGS_BESIDES_COMMAS = [
    ("halfwidth-punct", 3, 3, ":"),  # 来源:陇东报
    ("escape-artefact", 7, 119, "\\"),  # ‘四项\’
    ("escape-artefact", 7, 133, "\\"),  # ‘三大平台\’
    ("escape-artefact", 7, 143, "\\"),  # ‘三大工程\’
    ("escape-artefact", 7, 159, "\\"),  # ‘群众找服务\’
    ("escape-artefact", 7, 168, "\\"),  # ‘社区送服务\’
    ("pair-unclosed", 9, 91, "“"),  # 完善“政策保障、…等“四项”机制: the first “ never closes
    ("halfwidth-punct", 9, 230, "("),  # 街道(西路、培黎)
    ("halfwidth-punct", 9, 236, ")"),
    ("pair-unmatched", 9, 388, "”"),  # 、社区文化”工程: no opening “
    ("escape-artefact", 11, 123, "\\"),  # ‘五民\’
    ("halfwidth-punct", 11, 147, ":"),  # 其内容为:打造
    ("halfwidth-punct", 11, 166, ";"),
    ("halfwidth-punct", 11, 187, ";"),
    ("halfwidth-punct", 11, 208, ";"),
    ("halfwidth-punct", 11, 227, ";"),
    ("halfwidth-punct", 13, 30, ";"),
    ("halfwidth-punct", 13, 54, ";"),
]


def test_reference_article_is_flagged_exactly():
    text = reference_article()
    findings = proof(text)
    commas = [f for f in findings if text[f.start : f.end] == ","]
    others = [(f.rule, f.line, f.column, text[f.start : f.end]) for f in findings if f not in commas]
    assert others == REFERENCE_FINDINGS_BESIDES_COMMAS
    assert text.count(",") == 57
    assert len(commas) == 57 and all(f.rule == "halfwidth-punct" for f in commas)
    assert all(f.replacement == "，" and f.safe for f in commas)
    # six \’ artefacts, two broken quote pairs
    rules = Counter(f.rule for f in findings)
    assert rules == {"halfwidth-punct": 57 + 10, "escape-artefact": 6, "pair-unclosed": 1, "pair-unmatched": 1}
    # nothing correct is flagged: …… , 2015-08-19 20:34, the URL, 1.15万, “社区+企业”, 8个 …
    flagged = {text[f.start : f.end] for f in findings}
    assert flagged == {",", ":", ";", "(", ")", "\\", "“", "”"}
    assert text[findings[0].start - 2 : findings[0].end] == "来源:"


def test_reference_article_fixed():
    text = reference_article()
    fixed = fix_all_safe(text)
    assert hanzi_only(fixed) == hanzi_only(text)
    assert "," not in fixed and ";" not in fixed and "\\" not in fixed
    assert "来源：陇东报 2015-08-19 20:34" in fixed
    assert "围绕‘四项’保障机制" in fixed and "街道（西路、培黎）" in fixed
    # the broken quotes need an editor: they stay, and are the only findings left
    assert [f.rule for f in proof(fixed)] == ["pair-unclosed", "pair-unmatched"]
    assert fix_all_safe(fixed) == fixed


def test_finding_position_fields():
    text = "第一行\n他说:“好\\’。”"
    f = [f for f in proof(text) if f.rule == "halfwidth-punct"][0]
    assert (f.start, f.end, f.line, f.column) == (6, 7, 2, 3)
    assert f.excerpt == "他说:“好\\’。”"
    assert f.message_zh.startswith("中文里应使用全角标点") and "full-width" in f.message_en
    assert f.message("en") == f.message_en and f.message("zh_CN") == f.message_zh
    esc = [f for f in proof(text) if f.rule == "escape-artefact"][0]
    assert (esc.line, esc.column, esc.replacement) == (2, 6, "")


# ---------------------------------------------------------------- rule tables

CASES = [
    # half-width punctuation in Chinese
    ("安宁区,西固区", [("halfwidth-punct", ",", "，", True)], "安宁区，西固区"),
    ("你好?我很好!", [("halfwidth-punct", "?", "？", True), ("halfwidth-punct", "!", "！", True)], "你好？我很好！"),
    ("注意:这里; 那里", [("halfwidth-punct", ":", "：", True), ("halfwidth-punct", "; ", "；", True)], "注意：这里；那里"),
    ("今天下雨了.", [("halfwidth-punct", ".", "。", True)], "今天下雨了。"),
    ("苹果手机(iPhone)很贵", [("halfwidth-punct", "(", "（", True), ("halfwidth-punct", ")", "）", True)], "苹果手机（iPhone）很贵"),
    ("我买了iPhone,很好用", [("halfwidth-punct", ",", "，", True)], "我买了iPhone，很好用"),
    # correct text that must not be flagged
    ("共1,000元，时间20:34，网址https://www.yybnet.net/", [], None),
    ("人数1.15万人，增长3.5%。", [], None),
    ("文件名.docx已上传", [], None),
    ("见[链接](http://a.cn/x)。", [], None),
    ("见https://zh.wikipedia.org/wiki/泾川县?a=1,2。", [], None),  # inside a URL
    ("[泾川](/wiki/泾川县?x=1)", [], None),
    ('[链接](http://a.cn "中文标题")', [], None),  # a Markdown link title
    ("代码`a,b`里", [], None),
    ("```\n中文,代码...\n```\n中文,", [("halfwidth-punct", ",", "，", True)], "```\n中文,代码...\n```\n中文，"),
    ("（1）第一条", [], None),
    ("“阳光导航仪”、“三联三强”……安宁区", [], None),
    ("Hello, world! It's 20:34.", [], None),
    ("China’s economy grew.", [], None),
    ("2015-08-19", [], None),
    ("他说：“我们走吧。”", [], None),
    ("——破折号正确", [], None),
    # full-width in Latin
    ("Hello，world", [("fullwidth-in-latin", "，", ", ", True)], "Hello, world"),
    ("NewsDesk （Beta） is out", [("fullwidth-in-latin", "（", "(", True), ("fullwidth-in-latin", "）", ")", True)], "NewsDesk (Beta) is out"),
    ("２０１５年ＡＢＣ", [("fullwidth-alnum", "２０１５", "2015", True), ("fullwidth-alnum", "ＡＢＣ", "ABC", True)], "2015年ABC"),
    # escape artefacts and entities
    (
        '他说\\"好\\"',
        [("escape-artefact", "\\", "", True), ("ascii-quotes", '"', "“", True)]
        + [("escape-artefact", "\\", "", True), ("ascii-quotes", '"', "”", True)],
        "他说“好”",
    ),
    # straight quotes in Chinese
    ('他说"你好"。', [("ascii-quotes", '"', "“", True), ("ascii-quotes", '"', "”", True)], "他说“你好”。"),
    ('他说"你好。', [("ascii-quotes", '"', None, False)], None),
    ('<span title="说明">x</span>', [], None),
    ("‘四项\\’机制", [("escape-artefact", "\\", "", True)], "‘四项’机制"),
    ("&ldquo;好&rdquo;", [("html-entity", "&ldquo;", "“", True), ("html-entity", "&rdquo;", "”", True)], "“好”"),
    # look-alikes and invisible characters
    ("⼈⺠代表⼤会", [("radical-lookalike", "⼈", "人", True), ("radical-lookalike", "⼤", "大", True)], "人⺠代表大会"),
    ("社区\u200b服务\ufeff", [("invisible-char", "\u200b", "", True), ("invisible-char", "\ufeff", "", True)], "社区服务"),
    ("👨\u200d👩", [], None),  # the joiner inside an emoji sequence stays
    # repeated punctuation
    ("好，，很好", [("repeated-punct", "，，", "，", True)], "好，很好"),
    ("结束。。", [("repeated-punct", "。。", "。", True)], "结束。"),
    ("太好了！！！", [("repeated-punct", "！！！", "！", False)], None),
    # ellipsis and dash forms
    ("等等...", [("ellipsis", "...", "……", True)], "等等……"),
    ("等等。。。", [("ellipsis", "。。。", "……", True)], "等等……"),
    ("等等…", [("ellipsis", "…", "……", True)], "等等……"),
    ("等等………", [("ellipsis", "………", "……", True)], "等等……"),
    ("wait... ok", [], None),
    ("他说--好", [("dash", "--", "——", True)], "他说——好"),
    ("他说─好", [("dash", "─", "——", True)], "他说——好"),
    ("北京—上海", [], None),  # 一字线 as a connector
    ("他说－－好", [("dash", "－－", "——", True)], "他说——好"),
    ("他说———好", [("dash", "———", "——", True)], "他说——好"),
    # spacing, newspaper style (default)
    ("使用 iPhone 手机", [("cjk-latin-spacing", " ", "", True)] * 2, "使用iPhone手机"),
    ("使用 Windows 10 系统", [("cjk-latin-spacing", " ", "", True)] * 2, "使用Windows 10系统"),
    ("共有 8 个街道", [("cjk-latin-spacing", " ", "", True)] * 2, "共有8个街道"),
    ("来源：陇东报 2015-08-19 20:34", [], None),  # a field separator, not a sentence
    # pairs
    ("《人民日报“社论》”", [("pair-misnested", "》", None, False)], None),
    ("他说：“好", [("pair-unclosed", "“", None, False)], None),
    ("好”他说", [("pair-unmatched", "”", None, False)], None),
    ("【通知（草稿】", [("pair-misnested", "】", None, False)], None),
    ("「引号『内引」』", [("pair-misnested", "」", None, False)], None),
    ("（括号（嵌套））", [], None),
    ("“第一段\n\n“第二段。”", [], None),  # a quotation running over paragraphs
    ("“甲\n乙", [("pair-unclosed", "“", None, False)], None),
    ("《书名〈篇名〉》", [], None),
    ("《书名《篇名》》", [("pair-unclosed", "《", None, False), ("pair-unmatched", "》", None, False)], None),
]


@pytest.mark.parametrize(("text", "expected", "fixed"), CASES)
def test_rule_table(text, expected, fixed):
    assert spans(text) == expected
    assert fix_all_safe(text) == (text if fixed is None else fixed)


def test_spacing_styles():
    text = "使用iPhone手机，共8个"
    assert spans(text, spacing="newspaper") == []
    assert spans(text, spacing="off") == []
    assert spans(text, spacing="spaced") == [("cjk-latin-spacing", "", " ", True)] * 4
    assert fix_all_safe(text, spacing="spaced") == "使用 iPhone 手机，共 8 个"
    assert spans("使用 iPhone 手机", spacing="spaced") == []
    assert spans("使用 iPhone 手机", spacing="off") == []
    with pytest.raises(ValueError):
        proof(text, spacing="loose")


BANNED = [("牺牲品", "受害者"), ("小姐", "女士"), ("COVID", "新冠"), ("全國第一", ""), ("  ", "x")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他成了牺牲品。", [("banned-word", "牺牲品", "受害者", False)]),
        ("王小姐说", [("banned-word", "小姐", "女士", False)]),
        ("ＣＯＶＩＤ疫情", [("banned-word", "ＣＯＶＩＤ", "新冠", False)]),  # full-width
        ("covid 疫情", [("banned-word", "covid", "新冠", False)]),  # case
        ("全国第一", [("banned-word", "全国第一", None, False)]),  # simplified text, traditional list
        ("全國第一", [("banned-word", "全國第一", None, False)]),
        ("没有问题", []),
    ],
)
def test_banned_words(text, expected):
    found = [s for s in spans(text, banned=BANNED, spacing="off") if s[0] == "banned-word"]
    assert found == expected
    assert fix_all_safe(text, banned=BANNED) == fix_all_safe(text)  # never applied automatically


def test_fold_keeps_length():
    s = "全國ＡＢＣ\u3000第一"
    assert fold(s) == "全国abc 第一"
    assert len(fold(s)) == len(s)


def test_apply_fixes_skips_overlaps_and_none():
    text = "甲,乙"
    f1 = Finding("a", 1, 2, 1, 2, "", "", "", "，", True)
    f2 = Finding("b", 1, 3, 1, 2, "", "", "", "X", True)
    f3 = Finding("c", 0, 1, 1, 1, "", "", "", None, False)
    assert apply_fixes(text, [f2, f1, f3]) == "甲，乙"


def test_rules_are_documented():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    seen = set()
    for _text, expected, _ in CASES:
        seen |= {rule for rule, *_ in expected}
    seen |= {"banned-word"}
    assert seen <= set(ids)
    assert set(ids) - seen == set()


def test_findings_sorted_and_inside_text():
    text = reference_article()
    findings = proof(text)
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.rule))
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
        line = text.splitlines()[f.line - 1]
        assert line[f.column - 1] == text[f.start]


# ---------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(
    list("安宁区社区服务𠀾〇 abcXYZ019,.:;?!()“”‘’《》（）【】「」『』〈〉…—-－─，。、；：？！\\'\"&\n\t\u3000ＡＢ１２")
    + ["⼀", "⼈⼤", "\u200b", "\ufeff", "&ldquo;", "&nbsp;", "...", "。。。", "iPhone", " 8 ", "😀", "https://", "`", "](", "```\n", "--"]
)
_TEXTS = st.lists(_ALPHABET, max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS, st.sampled_from(["newspaper", "spaced", "off"]))
def test_fix_all_safe_is_idempotent_and_keeps_hanzi(text, spacing):
    once = fix_all_safe(text, spacing=spacing)
    assert fix_all_safe(once, spacing=spacing) == once
    assert hanzi_only(once) == hanzi_after_fixes(text)
    assert not [f for f in proof(once, spacing=spacing) if f.safe]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_arbitrary_unicode(text):
    findings = proof(text, banned=[("社区", "小区")])
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
    fixed = fix_all_safe(text)
    assert hanzi_only(fixed) == hanzi_after_fixes(text)
    assert fix_all_safe(fixed) == fixed


CORRECT_NEWSROOM_TEXT = """2024年3月5日，记者从市委宣传部获悉：“十四五”期间，全市GDP增长6.5%。
《人民日报》发表评论员文章《坚定信心》。
新华社北京3月5日电（记者 张三）全国两会今天开幕。
他说：“我们要‘撸起袖子加油干’。”
COVID-19疫情期间，A股、H股市场震荡。
**记者观察：**这一做法值得推广。
## 一、基本情况
- 第一项；
[详情](https://example.com/a?b=1)
第1页/共3页
上午9:30至下午5:00，9:00-17:00开放。
苹果iPhone 15 Pro Max发布。
访问https://www.yybnet.net/了解详情。
请发邮件至news@example.com。
1.加强管理。
3～5年内完成。
He said "hello" to me.
《China Daily》报道。
“这是第一段。
“这是第二段。”
平凉市崆峒区（原平凉县）。
图为游客在崆峒山游览。（记者 王忠德 摄）
截至2023年底，全县共有人口38.5万人，其中城镇人口12万人。
他问：“你去哪儿？”我答：“回家。”
“北京—上海”高铁
《关于进一步加强管理的通知》（平政发〔2024〕12号）
![图片](asset:abc123)
文中提到的C919大飞机、5G网络、AI技术。
𠀾字和😀表情，二〇二四年。"""


def test_correct_newsroom_text_is_not_flagged():
    assert proof(CORRECT_NEWSROOM_TEXT) == []
    assert fix_all_safe(CORRECT_NEWSROOM_TEXT) == CORRECT_NEWSROOM_TEXT


def test_findings_equal_the_dataclass_built_the_ordinary_way() -> None:
    """proof() builds its findings without the frozen dataclass's __init__ (speed): they must be
    equal to, hash like and read like ordinary Finding(...) objects."""
    import dataclasses

    found = proof("他说:今天天气很好.我们去公园(人民公园)散步", banned=[("牺牲品", "受害者")])
    assert found
    for f in found:
        twin = Finding(*(getattr(f, x.name) for x in dataclasses.fields(Finding)))
        assert f == twin and hash(f) == hash(twin) and dataclasses.asdict(f) == dataclasses.asdict(twin)
        with pytest.raises(dataclasses.FrozenInstanceError):
            f.rule = "x"  # type: ignore[misc]
