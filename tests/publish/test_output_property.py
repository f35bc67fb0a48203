"""A property over every text field × every output: whatever an article's fields hold — markup,
entities, CDATA ends, shortcodes, control characters, bidi overrides, a typed "更正：" — every
feed and the sitemap parse as XML, every page (site pages, the preview, the WordPress content)
parses as HTML with no script, and every JSON payload (ninjs, the portal's Article) validates
against its schema and encodes as UTF-8.

The fields are written with a Core UPDATE, past the input normaliser, as a database written
before the normaliser existed holds them: the output policy (app/publish/escaping.py) alone must
keep every output well-formed."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import lxml.html
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from app.core.clock import utcnow
from app.core.models import Article
from app.publish.escaping import correction_text, wp_html, wp_text
from app.publish.render import preview_html
from app.publish.site.export import STATE_DIR, export_site
from app.publish.targets.ninjs import to_ninjs
from app.publish.targets.payload import portal_article
from tests.publish.portal_server import article_validator
from tests.publish.test_site_export import channel_id, publish_article
from tests.publish.test_xss import inspect

NINJS = json.loads((Path(__file__).parent / "data" / "ninjs-schema_2.1.json").read_text("utf-8"))
NINJS_VALIDATOR = jsonschema.validators.validator_for(NINJS)(NINJS)
PORTAL_VALIDATOR = article_validator()

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "]]>", "<![CDATA[",
    "&", "&amp;", "&#0;", "&#x1;", "&lt;", '"', "'", "<", ">", "[caption]", "[/caption]", "更正：", "【更正】",
    "\x0b", "\x07", "\x0c", "\x08", "\x1b", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\u2028", "\u2029",
    "\ufeff", "\uffff", "\ufffe", "\t", "\n", "\r", "javascript:alert(1)", "安宁区", "社区服务", "<!--", "-->",
    "</title>", "</textarea>", "{{ a }}", "{% raw %}", "**粗**", "[链接](javascript:alert(1))", "![图](x)",
    "<?xml", "?>", "\\", "　", "—", "“引号”",
]
hostile = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=10).map("".join)
LIMITS = {"pretitle": 200, "title": 200, "subtitle": 200, "summary": 2000, "body": 5000, "dateline": 64,
          "source_url": 1000, "original_author": 200, "original_title": 200, "correction_note": 500}


@pytest.fixture(scope="module")
def newsroom(templates, tmp_path_factory):
    from app.core.db import Database
    from app.core.services import Services

    db = Database(templates.sqlite_db("demo"))
    svc = Services.create(db)
    a = publish_article(svc, title="性质测试", body="正文", primary_channel_id=channel_id(svc, "泾川新闻"))
    out = tmp_path_factory.mktemp("property") / "site"
    export_site(svc, out)
    yield svc, a.id, out
    db.dispose()


def _html_ok(text: str, where: str) -> None:
    problems = [x for x in inspect(text) if not (where == "preview" and x == "<style>")]  # its own stylesheet
    assert problems == [], (where, problems)
    assert "<script" not in text.lower(), where
    doc = text if text.lstrip().lower().startswith("<!doctype") else f"<html><body>{text}</body></html>"
    lxml.html.document_fromstring(doc.encode("utf-8"))  # parses (lxml's HTML parser raises on nothing
    # it can recover from, so also:) no character XML/HTML forbids survived
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text), where


@settings(max_examples=10, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.fixed_dictionaries({k: hostile for k in LIMITS}), st.lists(hostile, max_size=3),
       st.lists(hostile, max_size=2))
def test_every_output_stays_well_formed_and_script_free(newsroom, fields, keywords, names):
    svc, aid, out = newsroom
    values = {k: v[:LIMITS[k]] for k, v in fields.items()}
    values["title"] = values["title"][:190] + "标题"  # publishing needs a title with something visible
    with svc.db.session() as s:  # past the normaliser: a Core UPDATE, as old data
        s.execute(update(Article).where(Article.id == aid).values(
            **values, keywords=[k[:64] for k in keywords if k.strip()],
            contributors=[{"role": "记者", "name": n[:64]} for n in names if n.strip()],
            updated_published_at=utcnow(), version=Article.version + 1))
    article = svc.articles.system_get(aid)

    export_site(svc, out)
    for p in out.rglob("*"):
        if not p.is_file() or STATE_DIR in p.parts:
            continue
        if p.suffix == ".xml":  # the feeds and the sitemap
            ElementTree.fromstring(p.read_bytes())
        elif p.suffix == ".html":
            _html_ok(p.read_text("utf-8"), str(p.relative_to(out)))
    _html_ok(preview_html(article), "preview")

    for doc, validator, what in ((to_ninjs(svc, article), NINJS_VALIDATOR, "ninjs"),
                                 (portal_article(svc, article), PORTAL_VALIDATOR, "portal")):
        errors = [e.message for e in validator.iter_errors(doc)]
        assert not errors, (what, errors)
        json.dumps(doc, ensure_ascii=False).encode("utf-8")  # no lone surrogate, nothing unencodable

    from app.publish.targets.wordpress import WordPressAdapter

    wp = WordPressAdapter.__new__(WordPressAdapter)  # content() needs no connection for a body without images
    wp.services = svc  # its gallery (图集) is read through the services
    content = wp_html(WordPressAdapter.content(wp, article))  # as post_data sends it
    for label, text in (("wp content", content), ("wp title", wp_text(article.title)),
                        ("wp excerpt", wp_text(article.summary))):
        _html_ok(wp_html(text), label)
        assert "[" not in wp_html(text)  # no shortcode can run
    assert "<" not in wp_text(article.title)  # the title is text, whatever it holds
    if article.correction_note:  # the label once (the body may hold anything, "更正：更正：" too)
        [para] = lxml.html.fragment_fromstring(content, create_parent="div").find_class("nd-correction")
        assert not para.text_content().startswith("更正：更正："), para.text_content()


@pytest.mark.parametrize("note", [
    "更正：数字有误", "【更正】数字有误", " correction: 数字有误",
    # found by the property above: invisible characters before the label, which the outputs drop
    "\r\u2066更正：数字有误", "\u200b【更正】：数字有误", "\ufeff更正: 数字有误", "\u202e 更正：数字有误",
    "\x7f更正：数字有误", "\x7f更正：\uffff数字有误",  # characters no output carries, in old data
])
def test_a_typed_correction_label_is_not_doubled(note):
    assert correction_text(note) == "数字有误"
    assert correction_text("更正：" + note) == "数字有误"  # typed twice
    assert correction_text("更正说明：数字有误") == "更正说明：数字有误"  # only the label itself goes


def test_long_strings_found_clean_are_not_scanned_again_and_dirty_ones_always_are(monkeypatch):
    """`text` remembers long strings it found clean, by identity (the side lists an export prints
    on thousands of pages); a string with a forbidden character is cleaned every time it comes."""
    from markupsafe import Markup

    from app.publish import escaping

    scans = []

    class Counting:
        def __init__(self, pattern):  # type: ignore[no-untyped-def]
            self.pattern = pattern

        def search(self, s):  # type: ignore[no-untyped-def]
            scans.append(len(s))
            return self.pattern.search(s)

        def sub(self, repl, s):  # type: ignore[no-untyped-def]
            return self.pattern.sub(repl, s)

    monkeypatch.setattr(escaping, "_ILLEGAL", Counting(escaping._ILLEGAL))
    monkeypatch.setattr(escaping, "_SCANNED", {})
    side = Markup("<ul>" + "<li>平凉新闻</li>" * 100 + "</ul>")
    for _ in range(3):
        assert escaping.text(side) is side
    assert len(scans) == 1
    dirty = Markup("<p>" + "泾川" * 400 + "\x0b\ud800</p>")
    for _ in range(3):
        out = escaping.text(dirty)
        assert out == Markup("<p>" + "泾川" * 400 + "</p>") and isinstance(out, Markup)
    assert len(scans) == 4
    short = "陇东报\x00"
    assert escaping.text(short) == "陇东报" and escaping.text(short) == "陇东报"
    for i in range(200):  # the memory stays small: many long strings, at most 64 remembered
        escaping.text("新闻" * 300 + str(i))
    assert len(escaping._SCANNED) <= 64
