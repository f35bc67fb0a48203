"""Fifty XSS vectors (and hostile URLs) for every text field of an article, each at most 64
characters so that one fits the shortest field (电头, 64) and three fit a headline (200).

``{n}`` is the vector's number: each payload calls ``alert(n)`` (or loads a URL naming ``n``),
so a browser harness that records ``alert``'s argument says exactly which vector ran.
Drawn from the OWASP filter-evasion cheat sheet, PortSwigger's XSS cheat sheet and the ways
WordPress has been bitten (titles rendered as HTML, shortcodes, ``srcdoc``, meta refresh).
"""

from __future__ import annotations

TEMPLATES = [
    "<script>alert({n})</script>",
    "<SCRIPT>alert({n})</SCRIPT>",
    "<img src=x onerror=alert({n})>",
    "<IMG SRC=x OnErRoR=alert({n})>",
    "<svg onload=alert({n})>",
    "<svg><script>alert({n})</script></svg>",
    "<body onload=alert({n})>",
    "<iframe srcdoc='<script>parent.alert({n})</script>'>",
    "<iframe src=javascript:alert({n})>",
    "<a href=javascript:alert({n})>点我{n}</a>",
    "<a href=JaVaScRiPt:alert({n})>x</a>",
    "<a href='jav&#x09;ascript:alert({n})'>x</a>",
    "<a href='&#106;avascript:alert({n})'>x</a>",
    "<a href=\"&#1;javascript:alert({n})\">x</a>",
    "<details open ontoggle=alert({n})>",
    "<input autofocus onfocus=alert({n})>",
    "<select autofocus onfocus=alert({n})>",
    "<textarea autofocus onfocus=alert({n})>",
    "<video><source onerror=alert({n})></video>",
    "<audio src=x onerror=alert({n})>",
    "<object data=javascript:alert({n})>",
    "<embed src=javascript:alert({n})>",
    "<form><button formaction=javascript:alert({n})>x",
    "<math><mi xlink:href=javascript:alert({n})>x</mi></math>",
    "<meta http-equiv=refresh content='0;url=javascript:alert({n})'>",
    "<base href=javascript:alert({n})//>",
    "<link rel=import href=javascript:alert({n})>",
    "<style>@import 'javascript:alert({n})';</style>",
    "<div style=x:expression(alert({n}))>",
    "<marquee onstart=alert({n})>x</marquee>",
    "<img src=1 onerror=\"&#97;lert({n})\">",
    "<img src=`x`onerror=alert({n})>",
    "<img/src/onerror=alert({n})>",
    "<<script>alert({n});//<</script>",
    "</title><script>alert({n})</script>",
    "</textarea><script>alert({n})</script>",
    "\"><script>alert({n})</script>",
    "'><img src=x onerror=alert({n})>",
    "\" onmouseover=\"alert({n})\" x=\"",
    "' autofocus onfocus='alert({n})' x='",
    "<!--<img src=\"--><img src=x onerror=alert({n})//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert({n})>\">",
    "<template><img src=x onerror=alert({n})></template>",
    "<xmp><img src=x onerror=alert({n})></xmp>",
    "[caption]<img src=x onerror=alert({n})>[/caption]",
    "[点我{n}](javascript:alert({n}))",
    "![图{n}](x\" onerror=\"alert({n}))",
    "<javascript:alert({n})>",
    "javascript:alert({n})",
    "data:text/html,<script>alert({n})</script>",
]


def vectors() -> list[str]:
    """The fifty vectors, numbered 1…50 (alert(n) names the vector)."""
    return [t.replace("{n}", str(i)) for i, t in enumerate(TEMPLATES, start=1)]


def test_fifty_vectors_that_fit_every_field():
    vs = vectors()
    assert len(vs) == 50 and len(set(vs)) == 50
    assert max(len(v) for v in vs) <= 64, [v for v in vs if len(v) > 64]
