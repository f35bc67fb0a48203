"""The input normaliser (app/core/text/clean.py): control characters, lone surrogates and bidi
overrides never reach the database, through the article service and every other writer (the
session hook), on both engines; the audit chain still verifies."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.domain import Contributor
from app.core.text.clean import clean_report, describe, needs_cleaning, normalise
from tests.conftest import actor

NASTY = "\x0b\x07\x0c\x08\x00\x1b\x7f\x85\x9b\u202e\u202a\u2066\u2069\ufeff\ud800\udfff\r\n\r"


def _bad(ch: str) -> bool:
    o = ord(ch)
    return ((o < 0x20 and ch not in "\t\n") or 0x7F <= o <= 0x9F or 0xD800 <= o <= 0xDFFF
            or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069 or ch in "\ufeff\ufffe\uffff")


def test_word_soft_breaks_become_line_breaks_and_junk_goes():
    assert normalise("第一行\x0b第二行\x07\x08") == "第一行\n第二行"
    assert normalise("标题\x0b副题", multiline=False) == "标题 副题"
    assert normalise("a\r\nb\rc") == "a\nb\nc"
    assert normalise("安宁区\u202e区宁安\u202c") == "安宁区区宁安"  # Trojan-source reordering gone
    assert normalise("坏\ud800字") == "坏\ufffd字"  # a lone surrogate leaves a visible mark
    assert normalise("\u200f\u200e\u061c保留") == "\u200f\u200e\u061c保留"  # implicit marks stay
    assert normalise("tab\tand\nnewline") == "tab\tand\nnewline"
    text, found = clean_report("a\x07b\u202ec\ud800")
    assert text == "abc\ufffd" and found == {"control": 1, "bidi": 1, "surrogate": 1}
    assert "控制字符 1 个" in describe(found) and "1 control character" in describe(found, "en")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x3000)
               | st.sampled_from(list(NASTY)), max_size=60), st.booleans())
def test_normalised_text_is_clean_encodable_and_stable(text, multiline):
    out = normalise(text, multiline=multiline)
    assert not any(_bad(ch) for ch in out)
    out.encode("utf-8")  # never a UnicodeEncodeError
    assert normalise(out, multiline=multiline) == out  # idempotent
    assert not needs_cleaning(out)
    if not multiline:  # one-line fields: no new line breaks (those already typed are the service's job)
        assert out.count("\n") <= text.count("\n") - text.count("\r\n")
    # nothing visible is lost: every printable character of the input survives in order
    # (U+2028/U+2029 are line-like: a line break, or a space in one-line fields, by design)
    visible = [ch for ch in text if not _bad(ch) and unicodedata.category(ch)[0] != "C"
               and unicodedata.category(ch) not in ("Zl", "Zp")]
    it = iter(out)
    assert all(any(ch == o for o in it) for ch in visible)


def test_every_text_field_saved_through_the_service_is_clean(demo):
    svc = demo
    reporter = actor(svc, "wangzd")
    a = svc.articles.create(
        reporter, title="标题\x0b第二行\u202e", pretitle="引题\x07", subtitle="副题\ud800", summary="摘要\x0c下段",
        body="正文\x0b软回车\x00\x1b[31m", dateline="本报讯\x08", original_author="作者\u2066",
        keywords=["关键\x07词", "安宁区\u202e"], contributors=[Contributor("记者", "王忠德\x0b")],
        source_url="https://example.cn/\x7f")
    assert a.title == "标题 第二行" and a.pretitle == "引题" and a.subtitle == "副题\ufffd"
    assert a.summary == "摘要\n下段" and a.body == "正文\n软回车[31m" and a.dateline == "本报讯"
    assert a.original_author == "作者" and a.keywords == ["关键词", "安宁区"]
    assert a.contributors[0].name == "王忠德" and a.source_url == "https://example.cn/"
    # writers that never pass through ArticleService._apply are covered by the session hook
    c = svc.articles.add_comment(reporter, a.id, "评论\x07\u202e内容\ud83d")
    assert c.body == "评论内容\ufffd"
    chief = actor(svc, "zongbian")
    src = svc.admin.ensure_source(chief, "来源\x0b名称\u202e")
    assert src.name == "来源 名称"
    assert svc.audit.verify().ok  # the audit chain, sealed before the hook runs, still verifies


def test_a_lone_surrogate_is_no_longer_a_raw_encoding_error(demo):
    svc = demo
    a = svc.articles.create(actor(svc, "wangzd"), title="\udc80坏字", body="\ud83d")
    assert svc.articles.get(actor(svc, "wangzd"), a.id).title == "\ufffd坏字"
