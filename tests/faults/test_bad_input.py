"""Hostile and broken input through the services, the importers and the renderer: NUL and
control characters, invalid UTF-8 and malformed files, 10,000-character headlines, 500
contributors, a 5 MB body, deeply nested Markdown. Each gets a clear message or is handled;
what was saved before is never harmed."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.domain import Contributor
from app.core.errors import NewsdeskError, ValidationError
from app.core.importers import ImportedArticle, ImportFailed, import_bytes, import_file
from app.publish.render import render_body
from tests.conftest import actor
from tests.faults.metrics import record

CONTROL = "".join(chr(c) for c in range(0, 32) if chr(c) not in "\n\t") + "\x7f"


@pytest.fixture
def draft(demo):
    me = actor(demo, "wangzd")
    a = demo.articles.create(me, title="原标题", body="原正文：社区服务保障机制。", keywords=["社区"])
    return demo, me, a


def _unharmed(svc, me, a) -> None:
    now = svc.articles.get(me, a.id)
    assert (now.version, now.title, now.body, now.keywords) == (a.version, a.title, a.body, a.keywords)
    assert len(svc.articles.revisions(me, a.id)) == 1


def _attempt(fn, *args, **kw):  # type: ignore[no-untyped-def]
    """Either it works, or it fails with a message for the user (never a raw database error)."""
    try:
        return fn(*args, **kw)
    except NewsdeskError as exc:
        assert exc.message_zh and exc.message_en
        assert "Traceback" not in exc.message_zh and "sqlalchemy" not in exc.message_zh.lower()
        return exc


def test_nul_and_control_characters_everywhere(draft):
    svc, me, a = draft
    nasty = "标题\x00含" + CONTROL + "字符"
    fields = {"title": nasty, "subtitle": nasty, "pretitle": nasty, "summary": nasty, "dateline": "本报讯\x00",
              "body": "正文\x00第一段\x1b[31m红色\x07\n\n第二段\x00", "keywords": ["关键\x00词", "正常"],
              "topics": ["专题\x00"], "original_author": "作\x00者",
              "contributors": [Contributor("记者", "王\x00忠德")]}
    r = _attempt(svc.articles.save, me, a.id, fields, a.version)
    if isinstance(r, NewsdeskError):
        _unharmed(svc, me, a)
    else:
        saved = svc.articles.get(me, a.id)
        for text in (saved.title, saved.subtitle, saved.body, saved.summary, saved.dateline,
                     *saved.keywords, *saved.topics, *(c.name for c in saved.contributors)):
            assert "\x00" not in text
        assert "第二段" in saved.body and saved.title.startswith("标题")
    # comments and user names too
    _attempt(svc.articles.add_comment, me, a.id, "意见\x00内容")
    admin = actor(svc, "admin")
    _attempt(svc.users.add, admin, "nuluser", "名\x00字", "password-123", ["reporter"])
    _attempt(svc.users.add, admin, "nul\x00login", "名字", "password-123", ["reporter"])
    _attempt(svc.users.authenticate, "wangzd\x00", "x\x00y")
    assert svc.audit.verify().ok


def test_ten_thousand_character_headline(draft):
    svc, me, a = draft
    with pytest.raises(ValidationError) as exc:
        svc.articles.save(me, a.id, {"title": "长" * 10_000, "body": "新正文"}, a.version)
    assert "10000" in exc.value.message_zh and "200" in exc.value.message_zh
    _unharmed(svc, me, a)
    with pytest.raises(ValidationError):
        svc.articles.create(me, title="长" * 10_000, body="x")


def test_five_hundred_contributors(draft):
    svc, me, a = draft
    many = [Contributor("记者", f"作者{i}") for i in range(500)]
    with pytest.raises(ValidationError) as exc:
        svc.articles.save(me, a.id, {"contributors": many}, a.version)
    assert "50" in exc.value.message_zh
    _unharmed(svc, me, a)
    with pytest.raises(ValidationError):
        svc.articles.save(me, a.id, {"contributors": [Contributor("记者", "名" * 500)]}, a.version)
    _unharmed(svc, me, a)


def test_five_megabyte_body(draft):
    svc, me, a = draft
    para = "安宁区以“群众找服务”变“社区送服务”为主轴，倾力打造社区居民温馨家园。\n\n"
    body = para * (5 * 1024 * 1024 // len(para.encode()))  # 5 MB of Chinese in UTF-8
    assert len(body.encode()) > 4_900_000
    r = _attempt(svc.articles.save, me, a.id, {"body": body}, a.version)
    if isinstance(r, NewsdeskError):
        _unharmed(svc, me, a)
    else:
        assert svc.articles.get(me, a.id).body == body
        assert r.article.version == a.version + 1
    # 5 MB of ASCII is past the 2,000,000-character limit: a clear refusal, the stored text stays
    cur = svc.articles.get(me, a.id)
    with pytest.raises(ValidationError) as exc:
        svc.articles.save(me, a.id, {"body": "x" * 5_000_000}, cur.version)
    assert "2000000" in exc.value.message_zh
    assert svc.articles.get(me, a.id).body == cur.body


# ---- importers -------------------------------------------------------------------------------
BAD_FILES = {
    "invalid-utf8.txt": b"\xe7\xa4\xbe\xe5\x8c\xba \xff\xfe\xfd \xc3\x28 \xa0\xa1 \xf0\x28\x8c\x28" * 50,
    "invalid-utf8.html": b"<html><head><meta charset='utf-8'><title>\xff\xfe</title></head><body><p>\xc3\x28</p></body></html>",
    "lying-charset.html": b"<html><head><meta charset='klingon-9'></head><body>\xff\xff\xff</body></html>",
    "nul.txt": b"title\x00\x00\x00body",
    "empty.txt": b"",
    "spaces.txt": b"   \n\n\t ",
    "truncated.docx": b"PK\x03\x04" + b"\x00" * 100,
    "garbage.docx": b"PK\x03\x04" + bytes(range(256)) * 40,
    "broken.html": b"<html><body><p>unclosed <b><i><div><table><tr><td>cell<script>alert(1)</script" * 200,
    "deep.html": b"<html><body>" + b"<div>" * 5000 + b"text" + b"</div>" * 10 + b"</body></html>",
    "utf16-odd.txt": b"\xff\xfe" + b"A\x00B",
    "doc.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
    "pdf.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
}


def _docx_missing_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/other.xml", "<x/>")
    return buf.getvalue()


def _docx_broken_xml() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", "<w:document><w:body><w:p>不完整的")
    return buf.getvalue()


BAD_FILES["no-document.docx"] = _docx_missing_document()
BAD_FILES["broken-xml.docx"] = _docx_broken_xml()


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_malformed_import_files(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(BAD_FILES[name])
    try:
        out = import_file(p)
    except ImportFailed as exc:
        assert exc.message_zh and exc.message_en and "Traceback" not in exc.message_zh
        return
    assert isinstance(out, ImportedArticle)
    for text in (out.title, out.body_markdown, out.summary):
        assert "\x00" not in text
    assert "<script" not in render_body(out.body_markdown)


FUZZ_CASES = [0]


@pytest.fixture(scope="module", autouse=True)
def _report_fuzz_cases():
    yield
    if FUZZ_CASES[0]:
        record("fuzz", target="import_bytes", cases=FUZZ_CASES[0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from([b"", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf",
                                                   b"\xff\xfe"]))
def test_import_fuzz_never_crashes(data, prefix):
    FUZZ_CASES[0] += 1
    try:
        out = import_bytes(prefix + data, "fuzz.bin")
    except ImportFailed:
        return
    assert isinstance(out, ImportedArticle)


# ---- deeply nested Markdown ----------------------------------------------------------------
NESTED_OK = {
    "blockquotes-20000": ">" * 20_000 + " 引文",
    "html-divs-20000": "<div>" * 20_000 + "x",
    "lists-300": "".join("  " * i + "- 项\n" for i in range(300)),
    "backticks-50000": "`" * 50_000,
    "emphasis-500": "*" * 500 + "强调" + "*" * 500,
    "brackets-500": "[" * 500 + "x" + "]" * 500,
    "headings": "#" * 5000 + " 标题\n" * 200,
    "table-500-cols": "|" + "a|" * 500 + "\n|" + "-|" * 500 + "\n|" + "<b>|" * 500,
}


@pytest.mark.parametrize("name", sorted(NESTED_OK))
def test_deeply_nested_markdown_renders(name):
    out = render_body(NESTED_OK[name])
    assert isinstance(out, str)
    assert "<script" not in out


# Found by this suite (reported to the publish engineer, who owns app/publish/render.py): Python-
# Markdown recurses once per nesting level, so a 6-kB body of nested list items or a run of
# asterisks blows the recursion limit — the preview and the export fail on that article. Strict
# Pathological nesting that used to blow Python-Markdown's recursion limit (or take minutes):
# render_body bounds nesting first, so these render, and their text survives.
NESTED_BAD = {
    "emphasis-2000": "*" * 2000 + "强调" + "*" * 2000,
    "lists-1000": "".join("  " * i + "- 项\n" for i in range(1000)),
    "lists-3000": "".join("  " * i + "- 项\n" for i in range(3000)),
    "brackets-20000": "[" * 20000 + "链接" + "]" * 20000,
    "quotes-200": "".join(">" * i + " 引\n" for i in range(1, 200)),
}


@pytest.mark.parametrize("name", sorted(NESTED_BAD))
def test_deeply_nested_markdown_renders_bounded(name):
    out = render_body(NESTED_BAD[name])
    text = NESTED_BAD[name]
    word = next(w for w in ("强调", "项", "链接", "引") if w in text)
    assert word in out
    assert "<script" not in out


def test_a_body_that_breaks_the_renderer_is_still_saved_intact(draft):
    """Nothing already saved is harmed by a hostile body: the service stores it verbatim."""
    svc, me, a = draft
    body = NESTED_BAD["emphasis-2000"]
    r = svc.articles.save(me, a.id, {"body": body}, a.version)
    assert svc.articles.get(me, a.id).body == body and r.article.version == a.version + 1
