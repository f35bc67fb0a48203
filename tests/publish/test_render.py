"""render_body: the Markdown reporters need, sanitised; images from our asset store; the cache."""

from __future__ import annotations

import re
import threading

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.domain import ArticleData, Contributor, Status
from app.publish.render import BodyCache, PageContext, render_article, render_body, safe_href

SHA = "ab" * 32


def test_chinese_bold_tables_footnotes_lists_and_heading_ids():
    html = render_body("## 记者观察\n\n**“稳中求进”**是主基调，**记者观察：**这一年\n\n"
                       "| 指标 | 数值 |\n|:--|--:|\n| 社区 | 59 |\n\n"
                       "据介绍[^1]。\n\n[^1]: 安宁区民政局。\n\n"
                       "1. 第一\n2. 第二\n\n* 甲\n* 乙\n")
    assert '<h2 id="记者观察">记者观察</h2>' in html
    assert "<strong>“稳中求进”</strong>是" in html and "<strong>记者观察：</strong>这一年" in html
    assert "<table>" in html and '<td class="al-right">59</td>' in html and "style=" not in html
    assert 'class="footnote-ref"' in html and '<div class="footnote">' in html and "安宁区民政局" in html
    assert "<ol>" in html and "<ul>" in html


def test_attribute_lists_are_off():
    html = render_body("段落 {: onclick=\"alert(1)\" style=\"color:red\" }\n\n# 标题 {: #x .y }")
    tags = re.findall(r"<[^>]+>", html)
    assert not [t for t in tags if "onclick" in t or "style" in t or 'class="y"' in t or 'id="x"' in t]
    assert "段落" in html


def test_dangerous_markup_is_removed_and_text_kept():
    html = render_body('前文<script>alert(1)</script><img src="x.png" onerror="alert(1)">'
                       '<a href="javascript:alert(1)">链接</a><span style="color:red">红</span>后文')
    assert "<script" not in html and "alert(1)" not in html and "onerror" not in html
    assert "javascript:" not in html and "style" not in html
    assert "前文" in html and "链接" in html and "红" in html and "后文" in html


def test_links_get_noopener_and_only_safe_schemes():
    html = render_body("[官网](https://www.yybnet.net/) [信](mailto:a@b.cn) [坏](vbscript:msgbox) "
                       "[数据](data:text/html;base64,PHNjcmlwdD4=)")
    assert 'href="https://www.yybnet.net/"' in html and 'rel="noopener noreferrer"' in html
    assert 'href="mailto:a@b.cn"' in html
    assert "vbscript" not in html and "data:" not in html


def test_asset_images_resolve_through_the_callback():
    md = f"![图一](asset:{SHA})"
    assert f'src="asset:{SHA}"' in render_body(md)  # the preview resolves it itself
    assert f'src="../assets/{SHA}.png"' in render_body(md, lambda s: f"../assets/{s}.png")
    # a preview may inline our own image as data:image
    assert 'src="data:image/png;base64,iVBORw0="' in render_body(md, lambda s: "data:image/png;base64,iVBORw0=")
    # a resolver handing back something unsafe gets nothing
    for bad in ("javascript:alert(1)", "data:text/html,<script>", "vbscript:x", 'x" onerror="alert(1)'):
        html = render_body(md, lambda s, bad=bad: bad)
        assert "alert" not in html and "script" not in html and "vbscript" not in html and "onerror" not in html
    # data: images that are not our assets stay blocked
    assert "data:" not in render_body("![x](data:image/png;base64,iVBORw0=)", lambda s: s)


def test_one_instance_per_thread_gives_the_same_result():
    md = "脚注[^a]\n\n[^a]: 一\n\n## 标题"
    first = render_body(md)
    assert render_body(md) == first  # reset between calls: no footnote/heading-id carry-over
    out: list[str] = []
    ts = [threading.Thread(target=lambda: out.append(render_body(md))) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert out == [first] * 4


def test_safe_href():
    assert safe_href("https://www.yybnet.net/") == "https://www.yybnet.net/"
    assert safe_href("javascript:alert(1)") == "" and safe_href('http://x" onmouseover="a') == ""
    assert safe_href("") == ""


def test_body_cache_by_uuid_and_version(tmp_path):
    a = ArticleData(id=1, uuid="u-1", version=3, status=Status.PUBLISHED, body="**一**")
    cache = BodyCache(tmp_path)
    assert cache.render(a) == "<p><strong>一</strong></p>" and cache.misses == 1
    a.body = "changed without a new version"  # not possible in practice: shows the key is the version
    assert cache.render(a) == "<p><strong>一</strong></p>" and cache.hits == 1
    fresh = BodyCache(tmp_path)  # on disk for the next export
    assert fresh.get("u-1", 3) == "<p><strong>一</strong></p>"
    a.version = 4
    assert "changed" in fresh.render(a)
    assert fresh.prune([("u-1", 4)]) == 1 and fresh.get("u-1", 3) is None


def test_preview_page_without_site_context():
    a = ArticleData(id=1, uuid="u", version=1, status=Status.DRAFT, title="<标题>", dateline="本报讯",
                    body="正文", contributors=[Contributor("记者", "王忠德"), Contributor("特约记者", "李有安")])
    page = render_article(a, PageContext(site_name="测试网", preview=True))
    assert "&lt;标题&gt;" in page and "<title>&lt;标题&gt; - 测试网</title>" in page
    assert '<p><span class="dateline">【本报讯】</span>正文</p>' in page
    assert '<p class="byline">记者王忠德 特约记者李有安</p>' in page


def test_site_related_lists_rank_like_the_keyword_index():
    """The export's bulk related-article search gives KeywordIndex's ranking, ties included."""
    import random

    from app.core.text.keywords import KeywordIndex
    from app.publish.site.related import related_all

    rng = random.Random(11)
    vocab = [f"词{i}" for i in range(40)] + ["平凉"] * 40  # one keyword in half the articles
    items = {i: list(dict.fromkeys(rng.sample(vocab, rng.randint(1, 4)))) for i in range(600)}
    items[600] = []  # no keywords: no related articles
    mine = related_all(items, 6)
    index = KeywordIndex()
    for i, kw in items.items():
        index.add(i, kw)
    assert mine == {i: [d for d, _ in index.related(i, 6)] for i in items}
    assert mine[600] == [] and sum(1 for v in mine.values() if len(v) == 6) > 400


def test_preview_html_is_self_contained():
    from app.publish.render import preview_html

    a = ArticleData(id=1, uuid="u", version=1, status=Status.DRAFT, title="预览", body=f"![图](asset:{SHA})")
    page = preview_html(a, lambda s: "data:image/png;base64,iVBORw0=", site_name="测试网")
    assert "<style>" in page and ".title{" in page and 'rel="stylesheet"' not in page
    assert 'src="data:image/png;base64,iVBORw0="' in page and "<title>预览 - 测试网</title>" in page


# ---- the per-document converter (render._md(text)) -------------------------------------------
# Pieces of Markdown syntax and the characters around them; documents are drawn from these.
_PIECES = ["# ", "## 标题", "\n", "\n\n", "  \n", "\t", " ", "\r\n", "\r", "- ", "* ", "+ ", "1. ", "2) ",
           "> ", "---", "- -", "===", "***", "___", "| a | b |", "|---|---|", "[^1]", "[^1]: 注", "[TOC]",
           "[链接](http://x.cn/)", "![图](asset:" + "ab" * 32 + ")", "[a][r]", "[r]: http://r.cn", "[r]",
           "**", "*", "_", "`", "``", "\\", "\\*", "\\`", "\\’", "&amp;", "&", "&#39;", "<b>", "</b>", "<div>",
           "<http://a.cn>", "<a@b.cn>", "<!-- x -->", "    code", "\x02", "\x03", "本报讯", "记者王忠德",
           "2015-08-19", "=", "-", "#", "!", "[", "]", "(", ")", "<", ">", "|", "{", "}", "."]


def _full(text: str) -> str:
    from app.publish.render import _new_md

    md = _new_md()
    return md.convert(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@example("<!-- x -->\\<!-- x --># ")  # the comment taken out puts the backslash before "#"
@example("&#2015-08-19")  # the HTML block pass completes the character reference
@example("<!-- x -->\t# \t<div>")  # the HTML block taken out leaves "#   \n": a hard line break
@example("<!-- x -->---")  # the HTML block taken out leaves a rule at the start of a line
@example("<!-- x -->\n***")
@example("1. - * -\n> _ _ _")  # rules inside a list item and a quote
@example("段落\n  ===")
@example("[r]: http://r.cn\n\n[r]")
def test_the_per_document_converter_renders_like_the_full_one(text):
    """Python-Markdown without the parts a document cannot use (render.unused_parts) gives the
    same HTML as with all of them."""
    from app.publish.render import _md

    md = _md(text)
    md.reset()
    assert md.convert(text) == _full(text)


def test_a_plain_news_body_skips_the_parts_it_cannot_use():
    from app.publish.render import _md, unused_parts

    body = "【本报讯】记者王忠德 特约记者李有安报道：**泾川县**今年新建社区服务站12个。\n\n群众“找服务”变“送服务”。"
    unused = unused_parts(body)
    assert ("inline", "link") in unused and ("inline", "html") in unused and ("tree", "toc") in unused
    assert ("inline", "em_strong") not in unused  # the body has **…**
    assert "link" not in _md(body).inlinePatterns and "em_strong" in _md(body).inlinePatterns
    assert render_body(body) == "<p>【本报讯】记者王忠德 特约记者李有安报道：<strong>泾川县</strong>今年新建社区服务站12个。</p>\n<p>群众“找服务”变“送服务”。</p>"
    for text in ("## 标题", "标题\n---", "> 标题\n> ===", "[TOC]\n\n# 一"):
        assert ("tree", "toc") not in unused_parts(text)
    # the block processors that cannot act on it (each searched every paragraph)
    blocks = {name for kind, name in unused if kind == "block"}
    assert {"hashheader", "quote", "reference", "setextheader", "hr", "table", "footnote"} <= blocks
    assert {"paragraph", "olist", "ulist"}.isdisjoint(blocks)
    for text, needed in (("# 一", "hashheader"), ("> 引", "quote"), ("[r]: http://r.cn", "reference"),
                         ("一\n===", "setextheader"), ("一\n\n- - -", "hr"), ("1. ***", "hr"),
                         ("<b>x</b>\n\n___", "hr")):
        assert ("block", needed) not in unused_parts(text), text
