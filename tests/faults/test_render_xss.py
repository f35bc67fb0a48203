"""Hostile article content through render_body (the one renderer of preview, site and push):
a list of XSS vectors, each alone and inside Markdown constructs, a hypothesis fuzz mixing them
with arbitrary text, a static check of the HTML that comes out, and a real Chromium loading
all of it with alert/confirm/prompt wired to a tripwire."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.publish.render import render_body
from tests.faults.metrics import record

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=\"alert(1)\"//",
    "<IMG SRC=\"javascript:alert(1);\">",
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    "<IMG SRC=`javascript:alert(1)`>",
    "<img src=\"jav&#x09;ascript:alert(1);\">",
    "<img src=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">点我</a>",
    "<a href=\" javascript:alert(1)\">x</a>",
    "<a href=\"java\nscript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<a href=\"x\" onclick=\"alert(1)\" onmouseover=\"alert(1)\">x</a>",
    "<a href=\"https://ok.example\" style=\"position:fixed;top:0;left:0;width:100%;height:100%\">覆盖</a>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<div style=\"width: expression(alert(1))\">x</div>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<style>body{background:url(\"javascript:alert(1)\")}</style>",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<form action=\"javascript:alert(1)\"><input type=submit></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\">",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<table background=\"javascript:alert(1)\">",
    "<td background=\"javascript:alert(1)\">",
    "<div onpointerover=alert(1)>x</div>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<![CDATA[<script>alert(1)</script>]]>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "</p><script>alert(1)</script><p>",
    "<img src=\"x\"/onerror=alert(1)>",
    "<img\tsrc=x\tonerror=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<a href=\"#\" id=\"x\" name=\"x\">dom clobbering</a><form id=x name=x>",
    "[点我](javascript:alert(1))",
    "[点我](JAVASCRIPT:alert(1))",
    "[点我](javascript&#58;alert(1))",
    "[点我](<javascript:alert(1)>)",
    "![图](javascript:alert(1))",
    "![图](x \"onerror=alert(1)\")",
    "![图](x\" onerror=\"alert(1))",
    "[a](https://ok.example \"title\" onclick=\"alert(1)\")",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)\n\n[link][x]",
    "[^1]\n\n[^1]: <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
    "# 标题 <script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "> <img src=x onerror=alert(1)>",
    "- <svg/onload=alert(1)>",
    "<abbr title=\"x\" onmouseover=\"alert(1)\">x</abbr>",
    "<span class=\"x\" id=\"y\" data-x=\"1\" onclick=\"alert(1)\">x</span>",
    "<img src=\"asset:" + "0" * 64 + "\" onerror=\"alert(1)\">",
    "![x](asset:" + "a" * 64 + " \"onerror=alert(1)\")",
]

BANNED_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "button",
               "link", "meta", "base", "frame", "frameset", "applet", "textarea", "select", "video",
               "audio", "source", "details", "marquee", "template", "noscript", "xmp", "body", "html"}
URL_ATTRS = {"href", "src", "action", "formaction", "background", "poster", "data", "xlink:href", "srcdoc"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")  # what a browser takes for a URL scheme
SAFE_SCHEMES = {"http", "https", "mailto", "asset"}


class Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag in BANNED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRS and value is not None:
                v = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value))
                m = SCHEME.match(v)
                if m and m.group(1).lower() not in SAFE_SCHEMES:
                    self.problems.append(f"{tag}[{name}={value!r}]")

    handle_startendtag = handle_starttag


def problems(out: str) -> list[str]:
    c = Checker()
    c.feed(out)
    c.close()
    return c.problems


def test_checker_catches_what_it_should():
    """The static check is not vacuous: unsanitised vectors trip it."""
    raw = "".join(v for v in VECTORS if v.startswith("<"))
    assert len(problems(raw)) > 30


WRAPPERS = ["{v}", "前文{v}后文", "**{v}**", "> {v}", "- {v}", "1. {v}", "# {v}", "[{v}](https://ok.example)",
            "| {v} |\n|---|\n| {v} |", "[^n]\n\n[^n]: {v}", "<div>{v}</div>", "<p>{v}</p>", "*{v}*"]


@pytest.mark.parametrize("wrapper", WRAPPERS)
def test_every_vector_is_neutralised_in_every_wrapper(wrapper):
    bad = {}
    for v in VECTORS:
        out = render_body(wrapper.format(v=v), asset_url=lambda sha: f"assets/{sha}.png")
        found = problems(out)
        if found:
            bad[v] = (found, out)
    assert not bad, bad
    record("xss_vectors", wrapper=wrapper, tried=len(VECTORS), neutralised=len(VECTORS) - len(bad))


FUZZ_CASES = [0]


@pytest.fixture(scope="module", autouse=True)
def _report_fuzz():
    yield
    if FUZZ_CASES[0]:
        record("fuzz", target="render_body", cases=FUZZ_CASES[0])


_md_bits = st.sampled_from(["\n\n", "\n", "**", "*", "`", "```\n", "> ", "- ", "1. ", "# ", "[", "]", "(", ")",
                            "![", "<", ">", "\"", "'", "=", "&", "&#", ";", "javascript:", "on", "error",
                            "|", "---", "[^1]", ":", "\\", "\t", "社区", "asset:" + "f" * 64])
_piece = st.one_of(st.sampled_from(VECTORS), _md_bits, st.text(max_size=20))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_piece, max_size=30).map("".join))
def test_fuzz_render_body(text):
    FUZZ_CASES[0] += 1
    out = render_body(text, asset_url=lambda sha: f"assets/{sha}.png")
    assert problems(out) == [], (text, out)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
TRIPWIRE = ("<script>for (const f of ['alert','confirm','prompt','print','eval']) "
            "window[f] = () => document.documentElement.setAttribute('data-xss', 'ran');</script>")


def _chromium_runs_script(page: Path) -> bool:
    out = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          f"--user-data-dir={page.parent / 'profile'}", "--virtual-time-budget=3000",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert "<html" in out.stdout, out.stderr[-2000:]
    return 'data-xss="ran"' in out.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_chromium_runs_no_script_from_rendered_vectors(tmp_path):
    body = "".join(f"<section>{render_body(w.format(v=v), asset_url=lambda s: f'assets/{s}.png')}</section>"
                   for v in VECTORS for w in ("{v}", "> {v}", "- {v}"))
    page = tmp_path / "rendered.html"
    page.write_text(f"<!doctype html><html><head><meta charset=utf-8>{TRIPWIRE}</head><body>{body}</body></html>",
                    encoding="utf-8")
    # the tripwire works: the same vectors unsanitised do run
    control = tmp_path / "control.html"
    control.write_text(f"<!doctype html><html><head><meta charset=utf-8>{TRIPWIRE}</head><body>"
                       "<img src=x onerror=alert(1)></body></html>", encoding="utf-8")
    assert _chromium_runs_script(control)
    assert not _chromium_runs_script(page)
    record("xss_browser", tried=len(VECTORS) * 3, ran=0)
