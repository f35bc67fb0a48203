"""The output policy: what every field that leaves NewsDesk goes through, per format, chosen here
and nowhere else.

| output | step | where it is applied |
|---|---|---|
| site pages, the preview (HTML) | Jinja2 autoescape + ``text`` (finalize) | ``render.environment`` |
| Atom feeds (XML) | the same environment: autoescape's entities are XML's, ``text`` drops what XML 1.0 forbids | ``render.environment`` |
| sitemap (XML) | ``xml_text`` | ``site/export.py`` ``_sitemap`` |
| article body (HTML, everywhere) | Markdown → nh3 allowlist | ``render.render_body`` |
| portal payload, ninjs (JSON) | ``json_value`` (JSON escapes markup itself; the text must be encodable) | ``payload.portal_article``, ``ninjs`` |
| WordPress title, excerpt, term names, content (body and furniture) | ``wp_text``/``wp_html`` — no shortcode runs (``[`` → ``&#91;``); text HTML-escaped: WordPress stores and *renders* a title as HTML for users with ``unfiltered_html`` (administrators, editors), and a term name ``<script>…</script>`` is sanitised to nothing (``500 "A name is required for this term."``) | ``targets/wordpress.py`` |
| links (href) | ``render.safe_href`` (http, https, relative; never ``javascript:``) | templates and WordPress |

Text is already normalised on the way in (app/core/text/clean.py); ``text`` strips the same
characters again on the way out because databases written before the normaliser existed still
hold them, and one of them made a whole feed malformed XML.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

# Not allowed in XML 1.0 (and parse errors in HTML): C0 controls but tab/LF/CR, C1 controls,
# lone surrogates, U+FFFE/U+FFFF; plus the bidi embeddings/overrides/isolates (see clean.py).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


# Long strings `text` found clean, by identity (each kept alive here, so its id stays its own): the
# side lists, channel bar and breadcrumb an export renders once are printed on thousands of pages,
# and scanning them again was 3 % of a full export. Strings are immutable: clean once, clean.
_SCANNED: dict[int, str] = {}
_LONG = 512


def text(value: Any) -> Any:
    """Strings with the characters no output may carry removed (Markup stays Markup); other
    values untouched. Used as Jinja2's ``finalize`` for every HTML and XML template."""
    if not isinstance(value, str):
        return value
    if len(value) >= _LONG:
        if _SCANNED.get(id(value)) is value:
            return value
        if not _ILLEGAL.search(value):
            if len(_SCANNED) >= 64:
                _SCANNED.clear()
            _SCANNED[id(value)] = value
            return value
    elif not _ILLEGAL.search(value):
        return value
    cleaned = _ILLEGAL.sub("", value)
    return Markup(cleaned) if isinstance(value, Markup) else cleaned


def xml_text(value: str) -> str:
    """Text for an XML element or attribute built by hand (the sitemap)."""
    return html.escape(_ILLEGAL.sub("", value or ""), quote=True)


def html_text(value: str) -> str:
    """Text inside HTML built by hand (the WordPress content furniture)."""
    return html.escape(_ILLEGAL.sub("", value or ""), quote=True)


def wp_text(value: str) -> str:
    """A WordPress title, excerpt or term name: escaped HTML, because WordPress shows these
    fields as markup, not text, to the accounts the docs recommend for publishing; and no
    shortcode (see ``wp_html``)."""
    return wp_html(html_text(value))


def wp_html(markup: str) -> str:
    """HTML for WordPress with every ``[`` as ``&#91;``: WordPress runs shortcodes found in a
    post's content — text and attributes alike — so a reporter's ``[caption]…`` or
    ``[gallery]`` would run server code (``[caption]<img …>`` made WordPress 6.1 die with a PHP
    fatal error, measured). The entity shows as ``[`` to the reader and runs nothing."""
    return str(text(markup)).replace("[", "&#91;")


def json_value(value: Any) -> Any:
    """Every string inside a JSON payload made encodable (surrogates and controls out); JSON
    itself escapes quotes and markup."""
    if isinstance(value, str):
        return _ILLEGAL.sub("", value) if _ILLEGAL.search(value) else value
    if isinstance(value, list):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    return value


# whitespace and the invisible format characters (bidi controls, zero-width, BOM) that old data or a
# paste may put before the label; every output drops them, which would join two labels
_BLANK = r"[\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]*"
_CORRECTION_PREFIX = re.compile(rf"^(?:{_BLANK}(?:【{_BLANK}(?:更正|勘误){_BLANK}】{_BLANK}[：:]?|"
                                rf"(?:更正|勘误|correction){_BLANK}[：:]))+{_BLANK}", re.I)  # typed twice too


def correction_text(note: str) -> str:
    """The correction note without a leading "更正：" the editor typed: every output puts its
    own label in front ("更正：…" was shown as "更正：更正：…")."""
    # the characters no output carries go first: old data's "\x7f更正：" would keep its label
    # past the pattern and print as "更正：更正：" once the output dropped the \x7f (Hypothesis)
    return _CORRECTION_PREFIX.sub("", _ILLEGAL.sub("", note or ""), count=1).strip()
