"""The proofing rulebook: every rule with its id, family, GB/T clause, an example, and a switch.

``check(text, profile)`` runs the base typography rules of :mod:`app.core.text.proofing` and the
rule families below, drops the rules the newsroom switched off, and returns the same
:class:`~app.core.text.proofing.Finding` objects sorted by position. Nothing is reported inside
code, URLs or Markdown link targets (the base engine's protected spans).

Families (``RULE_FAMILIES``):

- ``typography`` — the base rules: widths, quotes, pairs, …… and —— forms, spacing.
- ``numbers``    — GB/T 15835—2011 出版物上数字用法.
- ``punctuation``— GB/T 15834—2011 标点符号用法, beyond width.
- ``de``         — 的/地/得.
- ``typo``       — a curated list of 错别字.
- ``repeat``     — a character or word typed twice.
- ``wordlist``   — the newsroom's imported banned (block) and sensitive (review) lists.

Clause numbers are those of the 2011 editions of the standards; where a rule is a house rule of
Chinese copy-editing with no clause of its own, ``clause`` is empty.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from app.core.text import proofing
from app.core.text.proofing import Finding, _Hit
from app.core.text.rules import grammar, numbers, punctuation, typos, wordlists
from app.core.text.rules.wordlists import WordEntry

RULE_FAMILIES: dict[str, tuple[str, str]] = {
    "typography": ("排版与标点形式", "Typography and punctuation forms"),
    "numbers": ("数字用法", "Number usage"),
    "punctuation": ("标点符号用法", "Punctuation usage"),
    "de": ("的地得", "的/地/得"),
    "typo": ("错别字", "Miswritten characters"),
    "repeat": ("重复字词", "Repeated characters and words"),
    "wordlist": ("禁用词与慎用词", "Banned and sensitive words"),
}


@dataclass(frozen=True)
class RuleSpec:
    id: str
    family: str
    title_zh: str
    title_en: str
    clause: str
    example: str  # the faulty form
    corrected: str  # the same example corrected
    check: Callable[[str], Iterable[_Hit]] | None = None  # None: a base rule of proofing.proof


_B15834 = "GB/T 15834—2011"
_B15835 = "GB/T 15835—2011"

_BASE_EXTRA: dict[str, tuple[str, str, str]] = {
    "halfwidth-punct": (f"{_B15834} 3.1", "安宁区,西固区", "安宁区，西固区"),
    "ascii-quotes": (f"{_B15834} 4.8", '他说"你好"。', "他说“你好”。"),
    "fullwidth-in-latin": ("", "Hello，world", "Hello, world"),
    "fullwidth-alnum": (f"{_B15835} 4.1", "２０１５年", "2015年"),
    "radical-lookalike": ("", "⼈⺠", "人民"),
    "invisible-char": ("", "社区\u200b服务", "社区服务"),
    "escape-artefact": ("", "‘四项\\’", "‘四项’"),
    "html-entity": ("", "&ldquo;好&rdquo;", "“好”"),
    "pair-unclosed": (f"{_B15834} 4.8", "他说：“好。", "他说：“好。”"),
    "pair-unmatched": (f"{_B15834} 4.8", "社区文化”工程", "“社区文化”工程"),
    "pair-misnested": (f"{_B15834} 4.8", "《“好》”", "《“好”》"),
    "repeated-punct": ("", "好，，很好", "好，很好"),
    "ellipsis": (f"{_B15834} 4.11", "等等...", "等等……"),
    "dash": (f"{_B15834} 4.10", "他说--好", "他说——好"),
    "cjk-latin-spacing": ("", "使用 iPhone 手机", "使用iPhone手机"),
    "banned-word": ("", "牺牲品", "受害者"),
}

_BASE = tuple(
    RuleSpec(r.id, "typography", r.title_zh, r.title_en, *_BASE_EXTRA[r.id]) for r in proofing.RULES
)

_EXTENDED: tuple[RuleSpec, ...] = (
    RuleSpec("num-year-mixed", "numbers", "年份汉字与阿拉伯数字混用", "Years in two forms in one text",
             f"{_B15835} 4.3（同类别同形式）", "二〇一五年……2016年", "2015年……2016年", numbers.year_mixed),
    RuleSpec("num-zero-form", "numbers", "年份中零的写法", "The zero of a year", f"{_B15835} 5.2.1",
             "二零一五年", "二〇一五年", numbers.year_zero_form),
    RuleSpec("num-year-abbrev", "numbers", "年份简写", "Shortened years", f"{_B15835} 5.2.2",
             "15年8月", "2015年8月", numbers.year_abbrev),
    RuleSpec("num-mixed", "numbers", "一个数中阿拉伯数字与汉字混用", "Digits and numerals mixed in a number",
             f"{_B15835} 5.1.4", "3千万元", "3000万元", numbers.mixed_expression),
    RuleSpec("num-fixed-phrase", "numbers", "定型词语中的数字", "Numerals in fixed phrases",
             f"{_B15835} 4.2.3", "5四运动", "五四运动", numbers.fixed_phrases),
    RuleSpec("num-approx-dunhao", "numbers", "相邻数字表概数", "Neighbouring numbers for an estimate",
             f"{_B15834} 4.5.3.6；{_B15835} 4.2.2", "5、6个人", "五六个人", numbers.approx_dunhao),
    RuleSpec("punct-quoted-dunhao", "punctuation", "引号、书名号并列成分间的顿号",
             "顿号 between quoted items", f"{_B15834} 4.5.3.5", "“三联”、“三强”", "“三联”“三强”",
             punctuation.quoted_dunhao),
    RuleSpec("punct-title-nonwork", "punctuation", "书名号用于非作品", "《》 around something not a work",
             f"{_B15834} 4.15", "《全民健身月活动》", "全民健身月活动", punctuation.non_work_title),
    RuleSpec("punct-nested-quotes", "punctuation", "引号嵌套", "Nested quotes", f"{_B15834} 4.8.3",
             "他说：“我读了“好书”。”", "他说：“我读了‘好书’。”", punctuation.nested_quotes),
    RuleSpec("punct-ellipsis-deng", "punctuation", "省略号后用“等”", "等 after an ellipsis",
             f"{_B15834} 4.11", "苹果、梨……等", "苹果、梨……", punctuation.ellipsis_deng),
    RuleSpec("punct-double-end", "punctuation", "句末标点重叠", "Two end marks", f"{_B15834} 4.1",
             "真的吗？。", "真的吗？", punctuation.double_end),
    RuleSpec("punct-range-mark", "punctuation", "数值范围的连接号", "Range connector",
             f"{_B15834} 4.13", "3一5天", "3—5天", punctuation.yi_as_dash),
    RuleSpec("de-di", "de", "状语后应用“地”", "地 after an adverbial", "", "悄悄的走了", "悄悄地走了",
             grammar.de_di_de),
    RuleSpec("de-de", "de", "补语前应用“得”", "得 before a complement", "", "跑的很快", "跑得很快", None),
    RuleSpec("di-de", "de", "定语后应用“的”", "的 after an attribute", "", "美丽地家园", "美丽的家园", None),
    RuleSpec("typo-confusion", "typo", "常见错别字", "Common miswritten words", "", "再接再励", "再接再厉",
             typos.confusions),
    RuleSpec("repeat-word", "repeat", "字词重复", "Repeated character or word", "", "我们的的工作",
             "我们的工作", grammar.repeated_words),
    RuleSpec("word-block", "wordlist", "禁用词", "Banned word", "", "（本社词表中的禁用词）", "", None),
    RuleSpec("word-review", "wordlist", "慎用词", "Word that needs review", "", "（本社词表中的慎用词）", "", None),
)

RULES: tuple[RuleSpec, ...] = _BASE + _EXTENDED
RULE_BY_ID: dict[str, RuleSpec] = {r.id: r for r in RULES}
# one checker may yield several rule ids (grammar.de_di_de: de-di, de-de, di-de)
_CHECKERS: tuple[tuple[Callable[[str], Iterable[_Hit]], frozenset[str]], ...] = (
    (numbers.year_mixed, frozenset({"num-year-mixed"})),
    (numbers.year_zero_form, frozenset({"num-zero-form"})),
    (numbers.year_abbrev, frozenset({"num-year-abbrev"})),
    (numbers.mixed_expression, frozenset({"num-mixed"})),
    (numbers.fixed_phrases, frozenset({"num-fixed-phrase"})),
    (numbers.approx_dunhao, frozenset({"num-approx-dunhao"})),
    (punctuation.quoted_dunhao, frozenset({"punct-quoted-dunhao"})),
    (punctuation.non_work_title, frozenset({"punct-title-nonwork"})),
    (punctuation.nested_quotes, frozenset({"punct-nested-quotes"})),
    (punctuation.ellipsis_deng, frozenset({"punct-ellipsis-deng"})),
    (punctuation.double_end, frozenset({"punct-double-end"})),
    (punctuation.yi_as_dash, frozenset({"punct-range-mark"})),
    (grammar.de_di_de, frozenset({"de-di", "de-de", "di-de"})),
    (typos.confusions, frozenset({"typo-confusion"})),
    (grammar.repeated_words, frozenset({"repeat-word"})),
)


def family_of(rule_id: str) -> str:
    spec = RULE_BY_ID.get(rule_id)
    return spec.family if spec else "typography"


@dataclass(frozen=True)
class Profile:
    """A newsroom's proofing set-up: rules switched off, word lists, the old banned pairs."""

    disabled: frozenset[str] = frozenset()
    words: tuple[WordEntry, ...] = ()
    banned: tuple[tuple[str, str], ...] = ()
    spacing: str = "newspaper"
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def enabled(self, rule_id: str) -> bool:
        return rule_id not in self.disabled


DEFAULT_PROFILE = Profile()


def _extended_hits(text: str, profile: Profile) -> Iterator[_Hit]:
    for fn, ids in _CHECKERS:
        if ids <= profile.disabled:
            continue
        for h in fn(text):
            if h.rule not in profile.disabled:
                yield h
    if profile.words and not {"word-block", "word-review"} <= profile.disabled:
        for h in wordlists.check(text, profile.words):
            if h.rule not in profile.disabled:
                yield h


def check(text: str, profile: Profile = DEFAULT_PROFILE) -> list[Finding]:
    """Every finding of every enabled rule in *text*, sorted by position."""
    base = [f for f in proofing.proof(text, banned=profile.banned, spacing=profile.spacing)
            if f.rule not in profile.disabled]
    hits = sorted(set(_extended_hits(text, profile)), key=lambda h: (h.start, h.end, h.rule))
    if any(h.rule == "punct-nested-quotes" for h in hits):
        # the base pair rules see “…“…”…” as one unclosed and one unmatched mark: one error,
        # reported once, by the rule that names it
        nested = [m.span() for m in punctuation._NESTED.finditer(text)]
        base = [f for f in base if not (f.rule.startswith("pair-")
                                        and any(a <= f.start < b for a, b in nested))]
    spans = proofing._protected(text)
    if spans:
        starts_ = [a for a, _ in spans]
        kept = []
        for h in hits:
            i = bisect_right(starts_, h.start) - 1
            if i < 0 or h.start >= spans[i][1]:
                kept.append(h)
        hits = kept
    starts = proofing._line_starts(text)
    extra = [proofing._to_finding(text, starts, h) for h in hits]
    return sorted(base + extra, key=lambda f: (f.start, f.end, f.rule))


def unknown_rules(ids: Collection[str]) -> list[str]:
    return sorted(set(ids) - set(RULE_BY_ID))


def blocking(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that stop a signature unless overridden: banned words of level block."""
    return [f for f in findings if f.rule == "word-block"]


__all__ = [
    "DEFAULT_PROFILE",
    "RULES",
    "RULE_BY_ID",
    "RULE_FAMILIES",
    "Profile",
    "RuleSpec",
    "WordEntry",
    "blocking",
    "check",
    "family_of",
    "unknown_rules",
]
