"""Markdown → sanitised HTML: ONE function for the reporter's preview, the static site and the
portal push, plus the article page template those share.

Rendering is Python-Markdown (tables, footnotes, sane lists, a table of contents with Chinese
heading ids; no attribute lists) followed by an nh3 allowlist: no script, no event handlers, no
``style``, no ``javascript:``/``data:`` URLs. Images written ``![图](asset:<sha256>)`` resolve
through the caller's ``asset_url`` (the site: a content-hashed ``assets/<sha>.<ext>``; the
preview: whatever it can show), and only those resolved asset images may carry a ``data:image``
URL.

No Qt here (app/publish is shared by the GUI, the CLI and the push worker).
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

from app.core.domain import ArticleData, ChannelData, Origin
from app.core.resources import resources_dir
from app.publish.escaping import correction_text
from app.publish.escaping import text as output_text

# ---- the body ---------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del",
    "ins", "sub", "sup", "blockquote", "pre", "code", "ul", "ol", "li", "dl", "dt", "dd", "table",
    "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "a", "img", "div", "span", "figure",
    "figcaption", "abbr", "mark", "small", "q", "cite", "kbd",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "li": {"id"},
    "sup": {"id"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}
ALLOWED_CLASSES = {
    "div": {"footnote", "toc"},
    "a": {"footnote-ref", "footnote-backref"},
    "th": {"al-left", "al-right", "al-center"},
    "td": {"al-left", "al-right", "al-center"},
}
URL_SCHEMES = {"http", "https", "mailto", "asset"}
# Dropped together with their content (not merely unwrapped).
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg",
                      "math", "textarea", "select", "xmp", "noembed", "noframes", "frameset"}

_ASSET_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")asset:([0-9a-f]{64})(")')
_ALIGN = re.compile(r'<(t[hd])(\s+)style="text-align: (left|right|center);"')
_SAFE_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]*$")
_SAFE_URL = re.compile(r"^(?:https?://|/|\./|\.\./|[A-Za-z0-9_.~-]+(?:/|$)|#)", re.IGNORECASE)

_local = threading.local()


def _new_md(unused: frozenset[tuple[str, str]] = frozenset()) -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["tables", "footnotes", "sane_lists", "toc"],
        extension_configs={"toc": {"slugify": slugify_unicode, "permalink": False},
                           "footnotes": {"UNIQUE_IDS": False}},
        output_format="html",
    )
    registries = {"pre": md.preprocessors, "block": md.parser.blockprocessors,
                  "inline": md.inlinePatterns, "tree": md.treeprocessors}
    for kind, name in unused:
        registries[kind].deregister(name)
    return md


def _md(text: str) -> markdown.Markdown:
    """This thread's Markdown converter for the document ``text``: one without the parts that
    cannot apply to it (see ``unused_parts``), which renders it to the same HTML, faster."""
    cache: OrderedDict[frozenset[tuple[str, str]], markdown.Markdown] | None = getattr(_local, "mds", None)
    if cache is None:
        cache = _local.mds = OrderedDict()
    key = unused_parts(text)
    md = cache.get(key)
    if md is None:
        md = cache[key] = _new_md(key)
        if len(cache) > 32:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return md


# Which parts of Python-Markdown can never act on a document, decided from the characters it
# holds (after Python-Markdown's own whitespace normalisation). Each inline pattern is a regular
# expression that needs its character — `[` for links, images, references and footnotes, `<` for
# autolinks and inline HTML, `&` for entities, `*`/`_` for emphasis, a backslash before a
# character Markdown escapes, two spaces before a line end for a hard break — and a pattern that
# cannot match leaves the text as it is; the table and footnote blocks need `|` and `[^`; raw
# HTML blocks need `<`; the table of contents only acts on headings (`#`, a setext underline of
# `=` or `-`) or its `[TOC]` marker. On a news body this halves Markdown's time (the inline
# patterns are ≈ 40 % of it, each tried on every text node); tests/publish/test_render.py checks
# the output against the full converter on generated documents.
_LINK_PATTERNS = ("footnote", "reference", "link", "image_link", "image_reference", "short_reference",
                  "short_image_ref")
_ESCAPABLE = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!|]")
# Line patterns, searched in "\n" + text: starting with a literal, the search jumps from line
# end to line end (≈ 1.5 µs on a news body) instead of trying every character (≈ 13 µs).
_DASH_LINE = re.compile(r"\n[ >*+\-\d.)]*- *(?=\n|\Z)")  # a line that may end as a setext underline
# a line that may be a rule: only rule characters and list and quote markers (one character
# class: linear however long the line)
_RULE_LINE = re.compile(r"\n[ >*+\-\d.)_]{3,}(?=\n|\Z)")


def unused_parts(text: str) -> frozenset[tuple[str, str]]:
    t = text.replace("\x02", "").replace("\x03", "").replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in t:
        t = t.expandtabs(4)
    out: list[tuple[str, str]] = []
    if "`" not in t:
        out.append(("inline", "backtick"))
    # a backslash before "<" may end up before any character once an HTML block is taken out
    # ("<!-- x -->\<!-- x --># ": the comment goes, "\#" stays — found by Hypothesis)
    if "\\" not in t or not (_ESCAPABLE.search(t) or "<" in t):
        out.append(("inline", "escape"))
    if "[" not in t:
        out += [("inline", name) for name in _LINK_PATTERNS]
    if "<" not in t:
        out += [("inline", "autolink"), ("inline", "automail"), ("inline", "html")]
        if "&" not in t:  # the HTML block pass also completes character references: "&#2015" → "&#2015;"
            out.append(("pre", "html_block"))
    # an HTML block taken out leaves a line end behind it: "<!-- x -->  # \t<div>" gets "#   \n"
    # (found by Hypothesis) — with "<" in the text, two spaces anywhere may end a line
    if "  \n" not in t and not t.endswith("  ") and not ("<" in t and "  " in t):
        out.append(("inline", "linebreak"))
    if "&" not in t:
        out.append(("inline", "entity"))
    if "*" not in t and "_" not in t:
        out.append(("inline", "em_strong"))
    # the block parser tries its processors on every paragraph, each a search through the whole
    # paragraph (≈ 15 % of Markdown's time on a news body): a heading needs "#", a quote ">", a
    # link reference "[", a setext heading an underline of "=" or "-", a rule a line of three
    # "-", "*" or "_" (after list and quote markers) — or, with "<" in the text, anywhere,
    # since an HTML block taken out may leave what followed it at the start of a line
    if "#" not in t:
        out.append(("block", "hashheader"))
    if ">" not in t:
        out.append(("block", "quote"))
    if "[" not in t:
        out.append(("block", "reference"))
    lines = "\n" + t
    dash_line = "-" in t and ("<" in t or _DASH_LINE.search(lines))
    if "=" not in t and not dash_line:
        out.append(("block", "setextheader"))
    rule_line = ("-" in t or "*" in t or "_" in t) and ("<" in t or _RULE_LINE.search(lines))
    if not rule_line:
        out.append(("block", "hr"))
    if "|" not in t:
        out.append(("block", "table"))
    if "[^" not in t:
        out.append(("block", "footnote"))
    # (the same for a setext underline: with "<" in the text, any "-" may come to start a line)
    if "#" not in t and "=" not in t and "[" not in t and not dash_line:
        out.append(("tree", "toc"))
    return frozenset(out)


def _resolve_asset(asset_url: Callable[[str], str], sha: str) -> str:
    url = asset_url(sha) or ""
    if _SAFE_DATA_IMAGE.match(url) or _SAFE_URL.match(url):
        return html.escape(url, quote=True)
    return ""  # a resolver that hands back javascript: or the like gets nothing


# Bounds on nesting: Python-Markdown recurses (and can go quadratic) on pathological nesting —
# 2,000 asterisks, lists 1,000 deep, 20,000 nested brackets. News text never comes near these.
_MARK_RUN = re.compile(r"([*_\[\]>`~])\1{16,}")
_MARK_RUNS = tuple(c * 17 for c in "*_[]>`~")  # what _MARK_RUN finds, as substrings
_DEEP_QUOTE = re.compile(r"^((?:[ \t]*>){8})(?:[ \t]*>)+", re.M)
MAX_INDENT = 32  # columns: lists nest at most ~16 levels
MAX_MARKS_PER_BLOCK = 400  # brackets or emphasis marks in one paragraph before they are literal


_LONG_INDENT = re.compile(r"^[ \t]{8,}", re.M)  # 8 tabs reach 32 columns; shorter runs never do


def _bound_nesting(text: str) -> str:
    # Each guard runs only where its pattern can occur (profiled: the unconditional passes cost
    # 7 % of a news body's render; the checks below cost ≈ 1 %). Same output as before.
    # (a regular expression tries every position of the text: ≈ 6 ns a character, so a pass is
    # taken only where a plain substring search finds what it needs)
    if any(run in text for run in _MARK_RUNS):
        text = _MARK_RUN.sub(lambda m: "".join("\\" + c for c in m.group(0)), text)
    if text.count(">") > 8:
        text = _DEEP_QUOTE.sub(r"\1", text)
    if "\t" in text or " " * 8 in text:
        text = _LONG_INDENT.sub(lambda m: m.group(0) if len(m.group(0).expandtabs(4)) <= MAX_INDENT
                                else " " * MAX_INDENT, text)
    if (text.count("[") + text.count("]") <= MAX_MARKS_PER_BLOCK
            and text.count("*") + text.count("_") <= MAX_MARKS_PER_BLOCK):
        return text  # no block can exceed the bound when the whole text does not
    blocks = text.split("\n\n")
    for i, block in enumerate(blocks):
        for marks in ("[]", "*_"):
            if sum(block.count(c) for c in marks) > MAX_MARKS_PER_BLOCK:
                block = re.sub(r"(?<!\\)([" + re.escape(marks) + "])", r"\\\1", block)
        blocks[i] = block
    return "\n\n".join(blocks)


@functools.lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    """The allowlist, built once: ``nh3.clean(raw, tags=…, …)`` converts the sets on every call,
    half of the sanitiser's time on a news body (same output, compared in tests)."""
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def _plain_paragraphs(text: str) -> str:
    """Last resort for a body the Markdown parser cannot take: its text, escaped, as paragraphs."""
    return "".join(f"<p>{html.escape(p)}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())


def render_body(markdown_text: str, asset_url: Callable[[str], str] | None = None) -> str:
    """The article body as safe HTML. ``asset_url(sha256)`` maps our own images to URLs;
    without it ``asset:<sha>`` stays as written (the Qt preview resolves it itself)."""
    source = _bound_nesting(markdown_text or "")
    md = _md(source)
    md.reset()
    try:
        raw = md.convert(source)
    except RecursionError:
        md.reset()
        raw = _plain_paragraphs(source)
    if 'style="text-align' in raw:
        raw = _ALIGN.sub(r'<\1\2class="al-\3"', raw)
    clean = _cleaner().clean(raw)
    return resolve_assets(clean, asset_url)


def resolve_assets(body_html: str, asset_url: Callable[[str], str] | None) -> str:
    """Point ``asset:<sha256>`` images of a body rendered without a resolver at ``asset_url``:
    ``resolve_assets(render_body(md), url) == render_body(md, url)`` (the render cache keeps the
    unresolved form, so one cached body serves every page depth)."""
    if asset_url is None or "asset:" not in body_html:
        return body_html
    return _ASSET_SRC.sub(lambda m: m.group(1) + _resolve_asset(asset_url, m.group(2)) + m.group(3), body_html)


def asset_refs(markdown_text: str) -> set[str]:
    """The sha256 of every image an article body refers to."""
    return set(re.findall(r"asset:([0-9a-f]{64})", markdown_text or ""))


_HTTP_URL = re.compile(r"^https?://[^\s\"'<>`\\]+$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def safe_href(url: str) -> str:
    """A metadata URL (source link, site link) only if it is plain http(s); else ''."""
    url = (url or "").strip()
    return url if _HTTP_URL.match(url) else ""


class BodyCache:
    """Rendered bodies keyed by (uuid, version): an article's body changes only with a new
    version, so an export renders Markdown once per version. In memory (bounded, LRU) and,
    when given a folder, on disk as ``<uuid>.<version>.<variant>.body`` so later exports reuse it."""

    def __init__(self, folder: Path | None = None, max_items: int = 2048) -> None:
        self.folder = folder
        self.max_items = max_items
        self._mem: OrderedDict[tuple[str, int, str], str] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def _path(self, uuid: str, version: int, variant: str) -> Path | None:
        if self.folder is None:
            return None
        safe = re.sub(r"[^0-9A-Za-z-]", "", uuid)
        return self.folder / f"{safe}.{int(version)}.{variant}.body"

    def get(self, uuid: str, version: int, variant: str = "site") -> str | None:
        key = (uuid, version, variant)
        with self._lock:
            if key in self._mem:
                self._mem.move_to_end(key)
                self.hits += 1
                return self._mem[key]
        p = self._path(uuid, version, variant)
        if p is not None:
            try:
                text = p.read_text("utf-8")
            except OSError:
                text = None
            if text is not None:
                self.hits += 1
                self._remember(key, text)
                return text
        self.misses += 1
        return None

    def put(self, uuid: str, version: int, body_html: str, variant: str = "site") -> None:
        self._remember((uuid, version, variant), body_html)
        p = self._path(uuid, version, variant)
        if p is not None:
            tmp = p.with_name(p.name + ".tmp")
            tmp.write_text(body_html, "utf-8")
            tmp.replace(p)

    def _remember(self, key: tuple[str, int, str], text: str) -> None:
        with self._lock:
            self._mem[key] = text
            self._mem.move_to_end(key)
            while len(self._mem) > self.max_items:
                self._mem.popitem(last=False)

    def drop(self, uuid: str, version: int, variant: str = "site") -> None:
        with self._lock:
            self._mem.pop((uuid, version, variant), None)
        p = self._path(uuid, version, variant)
        if p is not None:
            p.unlink(missing_ok=True)

    def prune(self, live: Iterable[tuple[str, int]], variant: str = "site") -> int:
        """Delete cached files of versions no longer published; returns how many."""
        if self.folder is None:
            return 0
        live = list(live)
        keep = {f"{u}.{v}.{variant}.body" for u, v in live}
        live_keys = {(u, v, variant) for u, v in live}
        with self._lock:
            for k in [k for k in self._mem if k[2] == variant and k not in live_keys]:
                del self._mem[k]
        n = 0
        for p in self.folder.glob(f"*.{variant}.body"):
            if p.name not in keep:
                p.unlink(missing_ok=True)
                n += 1
        return n

    def render(self, article: ArticleData, asset_url: Callable[[str], str] | None = None,
               variant: str = "site") -> str:
        got = self.get(article.uuid, article.version, variant)
        if got is None:
            got = render_body(article.body, asset_url)
            self.put(article.uuid, article.version, got, variant)
        return got


# ---- the page ---------------------------------------------------------------------------

@dataclass
class Link:
    """One entry of a side list: a title, the page it links to, an optional picture and lines."""

    title: str
    url: str
    image: str = ""
    excerpt: str = ""
    date: str = ""
    sig: str = ""  # a short hash of the above (the exporter's change detection)


class LinkList(list):  # type: ignore[type-arg]
    """A side list; ``html`` may hold its markup, rendered once for the many pages that show
    the same list (the templates use it when set)."""

    html: Any = None
    sig: str = ""  # the entries' signatures joined (the exporter's change detection)


@dataclass
class PageContext:
    """Everything around an article body that its page shows. The preview passes what it has
    (often just the site name and channels); the site export fills every list."""

    site_name: str = "地方网"
    site_url: str = ""
    timezone: str = "Asia/Shanghai"
    channels: list[ChannelData] = field(default_factory=list)
    root: str = ""  # relative prefix from this page to the site root ("../../../../")
    channel_urls: Mapping[int, str] = field(default_factory=dict)  # channel id → index URL
    home_url: str = "index.html"
    css_url: str = "assets/site.css"
    recommended: Link | None = None  # 新闻推荐
    related: list[Link] = field(default_factory=list)  # 相关新闻
    channel_picks: list[Link] = field(default_factory=list)  # 频道推荐
    picture_picks: list[Link] = field(default_factory=list)  # 图文看点
    hot: list[Link] = field(default_factory=list)  # 热点排行
    cover_url: str = ""
    page_url: str = ""  # this page's path from the site root (for the canonical link)
    crumbs: list[ChannelData] | None = None  # precomputed breadcrumb (else from channels)
    bar: list[ChannelData] | None = None  # precomputed channel bar (else from channels)
    preview: bool = False
    generator: str = "NewsDesk"
    inline_css: Any = ""  # the stylesheet inside the page (the preview has no assets folder)


def local_time(dt: datetime | None, tz: str) -> datetime | None:
    if dt is None:
        return None
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError):
        zone = ZoneInfo("Asia/Shanghai")
    return dt.astimezone(zone)


def format_time(dt: datetime | None, tz: str) -> str:
    loc = local_time(dt, tz)
    return loc.strftime("%Y-%m-%d %H:%M") if loc else ""


def byline(article: ArticleData) -> str:
    try:
        from app.core.text.byline import format_byline
    except ImportError:  # pragma: no cover - the toolkit ships with the app
        return " ".join(f"{c.role}{c.name}" for c in article.contributors)
    return format_byline(article.contributors)


def breadcrumb(channels: list[ChannelData], channel_id: int | None) -> list[ChannelData]:
    """The channel and its ancestors, root first (地方网 > 甘肃 > 平凉市 > 泾川新闻)."""
    by_id = {c.id: c for c in channels}
    out: list[ChannelData] = []
    cur = by_id.get(channel_id) if channel_id is not None else None
    seen: set[int] = set()
    while cur is not None and cur.id not in seen:
        seen.add(cur.id)
        out.append(cur)
        cur = by_id.get(cur.parent_id) if cur.parent_id is not None else None
    return list(reversed(out))


def siblings(channels: list[ChannelData], channel_id: int | None) -> list[ChannelData]:
    """The channel bar: the channel and its siblings, in their order."""
    by_id = {c.id: c for c in channels}
    me = by_id.get(channel_id) if channel_id is not None else None
    if me is None:
        return []
    return sorted((c for c in channels if c.parent_id == me.parent_id), key=lambda c: (c.position, c.id))


_env_lock = threading.Lock()
_envs: dict[tuple[str, ...], Any] = {}


def template_dirs(theme_dir: Path | str | None = None) -> list[Path]:
    dirs = []
    if theme_dir:
        dirs.append(Path(theme_dir))
    dirs.append(resources_dir() / "templates")
    return dirs


def environment(theme_dir: Path | str | None = None):  # type: ignore[no-untyped-def]
    """The Jinja2 environment: a site's own theme folder first, ours behind it (ChoiceLoader),
    autoescaping every template."""
    import jinja2

    key = tuple(str(d) for d in template_dirs(theme_dir))
    with _env_lock:
        env = _envs.get(key)
        if env is None:
            loaders = [jinja2.FileSystemLoader(d) for d in template_dirs(theme_dir)]
            env = jinja2.Environment(
                loader=jinja2.ChoiceLoader(loaders),
                autoescape=True,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
                undefined=jinja2.StrictUndefined,
                auto_reload=False,
                finalize=output_text,  # the output policy (app/publish/escaping.py)
            )
            env.filters["safe_href"] = safe_href
            _envs[key] = env
        return env


def theme_fingerprint(theme_dir: Path | str | None = None) -> str:
    """A hash of every template and static file in use, so a theme change re-renders pages."""
    h = hashlib.sha256()
    for d in template_dirs(theme_dir):
        if not d.is_dir():
            continue
        for p in sorted(d.rglob("*")):
            if p.is_file():
                h.update(str(p.relative_to(d)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def article_values(article: ArticleData, ctx: PageContext, body_html: str) -> dict[str, Any]:
    """The template's variables for one article page."""
    crumbs = ctx.crumbs if ctx.crumbs is not None else breadcrumb(ctx.channels, article.primary_channel_id)
    channel = crumbs[-1] if crumbs else None
    corrected = article.updated_published_at is not None or bool(article.correction_note)
    # A reprint's meta line shows when its source published it (来源:陇东报 2015-08-19 20:34);
    # our own articles show our first publication.
    when = article.original_time if article.origin == Origin.REPRINT and article.original_time else None
    when = when or article.first_published_at
    site_href = safe_href(ctx.site_url)
    return {
        "a": article,
        "ctx": ctx,
        "root": ctx.root,
        "body_html": with_dateline(body_html, article.dateline),
        "channel": channel,
        "crumbs": crumbs,
        "bar": ctx.bar if ctx.bar is not None else siblings(ctx.channels, article.primary_channel_id),
        "published": format_time(when, ctx.timezone),
        "published_iso": local_time(when, ctx.timezone).isoformat() if when else "",  # type: ignore[union-attr]
        "updated": format_time(article.updated_published_at, ctx.timezone) if corrected else "",
        "byline": byline(article),
        "source_name": article.source_name or ctx.site_name,
        "source_href": safe_href(article.source_url),
        "site_href": site_href,
        "canonical": (site_href.rstrip("/") + "/" + ctx.page_url) if site_href and ctx.page_url else "",
        "correction_note": correction_text(article.correction_note),
    }


def with_dateline(body_html: str, dateline: str) -> str:
    """Put the dateline (电头, 【本报讯】) at the start of the first paragraph, as papers do."""
    dateline = (dateline or "").strip()
    if not dateline:
        return body_html
    if not dateline.startswith(("【", "[", "（", "(")):
        dateline = f"【{dateline}】"
    tag = f'<span class="dateline">{html.escape(dateline)}</span>'
    if body_html.startswith("<p>"):
        return "<p>" + tag + body_html[3:]
    return f"<p>{tag}</p>\n{body_html}"


def render_article(article: ArticleData, context: PageContext | None = None, *, body_html: str | None = None,
                   theme_dir: Path | str | None = None, asset_url: Callable[[str], str] | None = None) -> str:
    """The full article page (the same template the reporter's preview shows)."""
    ctx = context or PageContext(preview=True)
    if body_html is None:
        body_html = render_body(article.body, asset_url)
    return environment(theme_dir).get_template("article.html").render(article_values(article, ctx, body_html))


def theme_css(theme_dir: Path | str | None = None) -> str:
    """The theme's site.css (a site's own theme first)."""
    for d in template_dirs(theme_dir):
        p = d / "static" / "site.css"
        if p.is_file():
            return p.read_text("utf-8")
    return ""


def preview_html(article: ArticleData, asset_url: Callable[[str], str] | None = None, *,
                 site_name: str = "地方网", channels: list[ChannelData] | None = None,
                 timezone: str = "Asia/Shanghai", theme_dir: Path | str | None = None) -> str:
    """The reporter's preview: the article page the site will show, self-contained (the
    stylesheet inline, images through ``asset_url``), without the site's side lists."""
    from markupsafe import Markup

    ctx = PageContext(site_name=site_name, channels=channels or [], timezone=timezone, preview=True,
                      inline_css=Markup(theme_css(theme_dir).replace("</", "<\\/")))
    return render_article(article, ctx, theme_dir=theme_dir, asset_url=asset_url)
