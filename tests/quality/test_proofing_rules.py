"""The rule families: the rulebook's own examples, switches, word lists, and the news-sentence set."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from app.core.text.proofing import proof
from app.core.text.rules import RULE_FAMILIES, RULES, Profile, check, family_of
from app.core.text.rules.wordlists import WordEntry, decode, parse
from tests.quality import proofing_eval
from tests.text.helpers import reference_article, reference_page


def rules_in(text: str, profile: Profile = Profile()) -> list[tuple[str, str]]:
    return [(f.rule, text[f.start : f.end]) for f in check(text, profile)]


@pytest.mark.parametrize("spec", [r for r in RULES if r.family != "typography" and r.family != "wordlist"],
                         ids=lambda r: r.id)
def test_every_rule_flags_its_example_and_not_the_correction(spec):
    assert spec.family in RULE_FAMILIES
    assert spec.id in {rule for rule, _ in rules_in(spec.example)}, spec.example
    assert spec.id not in {rule for rule, _ in rules_in(spec.corrected)}, spec.corrected
    assert spec.clause == "" or spec.clause.startswith("GB/T 1583")


def test_rule_ids_unique_and_every_base_rule_listed():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    from app.core.text.proofing import RULES as BASE
    assert {r.id for r in BASE} <= set(ids)
    assert family_of("halfwidth-punct") == "typography" and family_of("de-de") == "de"


def test_rules_switch_off_per_newsroom():
    text = "二〇一五年，他在2016年悄悄的走了，再接再励。"
    assert {r for r, _ in rules_in(text)} == {"num-year-mixed", "de-di", "typo-confusion"}
    off = Profile(disabled=frozenset({"de-di", "typo-confusion"}))
    assert rules_in(text, off) == [("num-year-mixed", "二〇一五年")]
    assert rules_in("安宁区,西固区", Profile(disabled=frozenset({"halfwidth-punct"}))) == []


def test_base_rules_unchanged_and_reference_article_only_gains_real_findings():
    text = reference_article()
    base = {(f.rule, f.start) for f in proof(text)}
    full = check(text)
    assert base <= {(f.rule, f.start) for f in full}
    extra = [f for f in full if (f.rule, f.start) not in base]
    # “阳光导航仪”、“三联三强”… : 4.5.3.5, no 顿号 between quoted items; nothing else is new
    assert {f.rule for f in extra} == {"punct-quoted-dunhao"}
    assert all(text[f.start - 1 : f.end + 1] == "”、“" for f in extra)
    assert len(check(reference_page())) > len(full)


def test_nothing_inside_code_or_urls():
    assert rules_in("见`再接再励`和https://a.cn/15年8月/的的") == []


def test_nested_quotes_are_one_error_not_three():
    text = "她说：“孩子们都叫我“故事奶奶”。”"
    assert [r for r, _ in rules_in(text)] == ["punct-nested-quotes", "punct-nested-quotes"]


# ---------------------------------------------------------------- word lists


def test_word_list_levels_suggestions_and_the_stricter_level():
    entries = parse("# 注释\n残废人\t禁用\t残疾人\t说明\n首家|慎用\n首家，禁用\n史无前例\n", "甲表")
    by = {e.word: e for e in entries}
    assert by["残废人"] == WordEntry("残废人", "block", "残疾人", "说明", "甲表")
    assert by["首家"].level == "block"  # listed twice: the stricter level wins
    assert by["史无前例"].level == "review"  # the list's default
    prof = Profile(words=tuple(entries))
    findings = check("为殘废人服务，史无前例。".replace("殘", "残"), prof)
    assert [(f.rule, f.replacement) for f in findings] == [("word-block", "残疾人"), ("word-review", None)]
    assert "甲表" in findings[0].message_zh and "banned" in findings[0].message_en


def test_word_list_bad_lines_are_refused_with_their_numbers():
    with pytest.raises(ValidationError) as e:
        parse("好词\t禁用\n坏词\t大概\n\n又一个\tmaybe\n")
    assert "2、4" in e.value.message_zh and "2, 4" in e.value.message_en


def test_word_list_files_in_gb18030_and_with_bom():
    text = "瞎子\t禁用\t盲人\n"
    assert decode(text.encode("gb18030")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


# ---------------------------------------------------------------- the news-sentence set


def test_news_sentence_set_precision_and_recall(evidence):
    dev = proofing_eval.load_cases()
    held = proofing_eval.load_cases("heldout_*.txt")
    assert len(dev) + len(held) >= 300
    dev_scores, dev_notes = proofing_eval.evaluate(dev)
    held_scores, held_notes = proofing_eval.evaluate(held)
    evidence(f"proofing: development set, {len(dev)} sentences\n" + proofing_eval.table(dev_scores))
    evidence(f"proofing: held-out set, {len(held)} sentences\n" + proofing_eval.table(held_scores))
    # every family has expected findings in the development set, and precision comes first
    assert all(dev_scores[f].tp + dev_scores[f].fn > 0 for f in RULE_FAMILIES)
    assert dev_scores["all"].precision >= 0.95, dev_notes
    assert held_scores["all"].precision >= 0.95, held_notes
