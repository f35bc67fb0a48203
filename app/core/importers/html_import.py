"""Import a saved portal page (.html) or its text (copied from the browser, like the reference
file) into an :class:`~app.core.importers.ImportedArticle`.

Why this design
---------------
The pages we import come from a handful of Chinese portals built on the same template: a row of
channel links, a breadcrumb, the headline, a ``来源:… 2015-08-19 20:34`` line, the body, a byline
line, then 新闻推荐 / 相关新闻 / 评论 / 频道推荐 blocks. The knowledge that matters is in that
template (:mod:`app.core.importers.portal`), and it works the same on the page's HTML and on its
text, so both paths end in :func:`portal.parse_lines`: the HTML path parses with lxml (tolerant of
broken markup; already a dependency of trafilatura and python-docx), drops scripts, navigation,
side lists, related blocks and comments by tag and by class/id, and turns the remaining blocks into
lines, keeping bold and italic as Markdown and images saved beside the page.

trafilatura (well kept, the best-scoring generic main-text extractor in published comparisons) is
the fallback for pages that do not follow the template (no headline/meta line to anchor on). It is
not the first choice because it does not know the template's pieces: it returns no 来源 name,
keeps ``【本报讯】`` inside the text, drops the short byline line as boilerplate, and has no notion of
the channel breadcrumb. It is imported lazily and is optional: trafilatura ≥ 2 needs the
``lxml_html_clean`` package (``lxml.html.clean`` moved out of lxml 5.2); without it, or if it
fails, the largest block of paragraphs is taken instead.
"""

from __future__ import annotations

import mimetypes
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from app.core.importers import ImportedArticle, ImportFailed, bad_bytes_warning, decode_report, failed_empty
from app.core.importers.portal import (
    BREADCRUMB,
    CHINA_TZ,
    BodyParts,
    channel_from_breadcrumb,
    md_escape,
    md_to_plain,
    parse_lines,
    parse_time,
    split_body,
)
from app.core.text.chars import is_cjk

_NOISE_TAGS = ("script", "style", "noscript", "iframe", "form", "nav", "aside", "footer", "button",
               "select", "input", "textarea", "svg", "canvas", "template")
_NOISE_WORDS = frozenset(
    """nav navbar navigation menu submenu sidebar side aside related relate relates recommend
    recommended recommendation comment comments reply footer foot share sharing breadcrumb
    breadcrumbs crumb crumbs position location hot hotnews rank ranking top10 ad ads advert advertisement
    banner guess tuijian xiangguan pinglun copyright login search toolbar pager pagination
    friendlink links""".split()
)
_CRUMB_WORDS = frozenset("breadcrumb breadcrumbs crumb crumbs position location weizhi dqwz".split())
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol table tr td th section article header main blockquote pre "
    "dl dt dd figure figcaption center".split()
)
_SPLIT_CLASS = re.compile(r"[\s_\-]+")
_TITLE_SPLIT = re.compile(r"\s+[-_|–—]+\s+|_|\s*\|\s*")


def _tokens(el: Any) -> set[str]:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return {t for t in _SPLIT_CLASS.split(raw) if t}


def _text(el: Any) -> str:
    return re.sub(r"\s+", " ", el.text_content() or "").strip()


def _parse(html: str) -> Any:
    import lxml.etree
    import lxml.html

    # lxml refuses str input carrying an XML encoding declaration
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ImportFailed("网页无法解析，文件可能已损坏。", f"The web page cannot be parsed: {exc}") from exc


def _meta(doc: Any, name: str) -> str:
    for attr in ("property", "name", "itemprop"):
        for el in doc.iter("meta"):
            if (el.get(attr) or "").lower() == name and el.get("content"):
                return str(el.get("content")).strip()
    return ""


def _title_from(doc: Any) -> str:
    for h1 in doc.iter("h1"):
        t = _text(h1)
        if t:
            return t
    t = _meta(doc, "og:title")
    if t:
        return t
    title = doc.find(".//title")
    if title is not None and _text(title):
        parts = [p.strip() for p in _TITLE_SPLIT.split(_text(title)) if p.strip()]
        return max(parts, key=len) if parts else ""
    return ""


_SOURCE_BREAK = re.compile(r"[ \t\r]*\n\s*")
_BREAK_MARK = re.compile("\x01+")


def _src(text: str) -> str:
    """Text from the HTML source, escaped; its line breaks marked (they are not <br>)."""
    return md_escape(_SOURCE_BREAK.sub("\x01", text))


def _resolve_breaks(md: str) -> str:
    """A line break in the source is a space between Latin words and nothing next to Chinese."""

    def repl(m: re.Match[str]) -> str:
        before = md[: m.start()].rstrip("* ")[-1:]
        after = md[m.end() :].lstrip("* ")[:1]
        return "" if (before and is_cjk(before)) or (after and is_cjk(after)) else " "

    return _BREAK_MARK.sub(repl, md) if "\x01" in md else md


def _inline_md(el: Any, base_dir: Path | None, images: list[tuple[str, str, bytes]]) -> str:
    """Markdown for the inline content of a block element."""
    out: list[str] = [_src(el.text or "")]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        inner = _inline_md(child, base_dir, images) if tag else ""
        if tag in ("strong", "b"):
            inner = inner.strip()
            out.append(f"**{inner}**" if inner else "")
        elif tag in ("em", "i"):
            inner = inner.strip()
            out.append(f"*{inner}*" if inner else "")
        elif tag == "br":
            out.append("\n")
        elif tag == "img":
            out.append(_image(child, base_dir, images))
        else:
            out.append(inner)
        out.append(_src(child.tail or ""))
    return "".join(out)


def _image(img: Any, base_dir: Path | None, images: list[tuple[str, str, bytes]]) -> str:
    """A local image saved beside the page becomes an asset; remote ones are left out."""
    src = (img.get("src") or "").strip()
    if not src or base_dir is None or urlparse(src).scheme not in ("", "file"):
        return ""
    path = (base_dir / unquote(urlparse(src).path)).resolve()
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if not mime.startswith("image/"):
        return ""
    name = path.name
    if any(n == name for n, _, _ in images):
        name = f"{len(images) + 1}-{name}"
    images.append((name, mime, data))
    alt = (img.get("alt") or "").replace("]", "")
    return f"![{alt}]({name})"


def _lines(el: Any, base_dir: Path | None, images: list[tuple[str, str, bytes]]) -> list[str]:
    """The text of the blocks under *el* in document order, one line per leaf block."""
    has_block = any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el.iterdescendants())
    if not has_block:
        md = _resolve_breaks(_inline_md(el, base_dir, images))
        return [line.strip() for line in md.split("\n") if line.strip()]
    out: list[str] = []
    if el.text and el.text.strip():
        out.append(md_escape(el.text.strip()))
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _BLOCK_TAGS:
            out.extend(_lines(child, base_dir, images))
        else:
            md = _resolve_breaks(_inline_md(child, base_dir, images)).strip()
            if md:
                out.append(md)
        if child.tail and child.tail.strip():
            out.append(md_escape(child.tail.strip()))
    return out


def _drop_noise(doc: Any) -> str:
    """Remove what is not the article; return the breadcrumb's text (for the channel)."""
    crumb = ""
    for el in list(doc.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        toks = _tokens(el)
        if toks & _CRUMB_WORDS and not crumb:
            crumb = " > ".join(_text(a) for a in el.iter("a") if _text(a)) or _text(el)
        if el.tag in _NOISE_TAGS or (toks & _NOISE_WORDS and not el.findall(".//h1")):
            el.drop_tree()
    return crumb


def _is_leaf_block(el: Any) -> bool:
    return not any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el.iterdescendants())


def _largest_block(doc: Any) -> Any:
    """The element whose own paragraphs (<p>, or leaf <div>s as old portals write them) hold the
    most text."""
    best, score = doc.body if doc.body is not None else doc, 0
    for el in doc.iter("div", "article", "section", "td", "main"):
        s = sum(
            len(_text(c)) for c in el
            if isinstance(c.tag, str) and (c.tag == "p" or (c.tag == "div" and _is_leaf_block(c)))
        )
        if s > score:
            best, score = el, s
    return best


def _trafilatura(html: str) -> dict[str, Any] | None:
    try:
        import trafilatura
    except Exception:  # not installed, or its lxml_html_clean dependency is missing
        return None
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
        )
    except Exception:
        return None
    if result is None:
        return None
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return data if (data.get("text") or "").strip() else None


def import_html(html: str | bytes, *, url: str = "", base_dir: str | Path | None = None) -> ImportedArticle:
    """Import a saved article page. *base_dir* is the folder the page was saved in (images
    saved beside it are imported); *url* is where it came from, if known."""
    bad = 0
    if isinstance(html, bytes):
        decoded, bad = decode_report(html)
        if decoded is None:
            raise ImportFailed("网页编码无法识别。", "The web page's text encoding is not recognised.")
        html = decoded
    if not html.strip():
        raise failed_empty()
    doc = _parse(html)
    base = Path(base_dir) if base_dir is not None else None
    title = _title_from(doc)
    title_el = doc.find(".//title")
    title_parts = _TITLE_SPLIT.split(_text(title_el)) if title_el is not None else []
    canonical = next((str(el.get("href")) for el in doc.iter("link") if (el.get("rel") or "").lower() == "canonical" and el.get("href")), "")
    page_url = url or _meta(doc, "og:url") or canonical
    published = _meta(doc, "article:published_time") or _meta(doc, "pubdate") or _meta(doc, "publishdate")
    description = _meta(doc, "description")
    meta_keywords = [k for k in re.split(r"[\s,，、;；]+", _meta(doc, "keywords")) if k][:8]
    crumb = _drop_noise(doc)

    images: list[tuple[str, str, bytes]] = []
    body = doc.body if doc.body is not None else doc
    art = parse_lines(_lines(body, None, []), title_hint=title, markdown=True)
    if art is None or not art.body_markdown.strip():
        art = _generic(html, doc, title, base, images)
    else:
        _body_from_block(art, _largest_block(doc), title, base, images)
    if page_url:
        art.source_url = page_url  # the page's own address beats the portal's home link
    if art.original_time is None and published:
        art.original_time = _iso_time(published)
    if not art.keywords:
        art.keywords = meta_keywords
    if not art.summary and description and description not in art.body_markdown[:200]:
        art.summary = description
    if crumb and not art.channel_hint:
        art.channel_hint = channel_from_breadcrumb([p for p in BREADCRUMB.split(crumb) if p])
    if not art.channel_hint:
        # 标题_静宁新闻_地方网: a channel named in the window title
        art.channel_hint = next((p for p in title_parts if p != art.title and p.endswith(("新闻", "频道"))), "")
    art.images = [img for img in images if f"]({img[0]})" in art.body_markdown]
    if not art.body_markdown.strip():
        raise ImportFailed("网页中没有找到文章正文。", "No article text was found in the web page.")
    if bad:
        art.warnings.append(bad_bytes_warning(bad))
    return art


def _body_from_block(
    art: ImportedArticle, block: Any, title: str, base: Path | None, images: list[tuple[str, str, bytes]]
) -> None:
    """Take the body from the block holding the article's paragraphs, so that text around it
    (a slogan, link lists without a telling class) stays out."""
    lines = _lines(block, base, images)
    inner = parse_lines(lines, title_hint=title, markdown=True)
    if inner is not None and inner.body_markdown.strip():
        parts = BodyParts(
            [inner.body_markdown], inner.dateline, inner.summary, inner.keywords, inner.contributors
        )
    else:
        parts = split_body([md_to_plain(x) for x in lines], lines)
        parts.paragraphs = ["\n\n".join(parts.paragraphs)]
    body = parts.paragraphs[0].strip()
    # the block must hold the start of the article the page parse found (not a side list)
    start = md_to_plain(art.body_markdown.split("\n", 1)[0])[:20]
    if not body or not start or start not in md_to_plain(body):
        return
    art.body_markdown = body
    art.dateline = parts.dateline or art.dateline
    art.contributors = parts.contributors or art.contributors
    art.summary = parts.summary or art.summary
    art.keywords = parts.keywords or art.keywords


def _generic(html: str, doc: Any, title: str, base: Path | None, images: list[tuple[str, str, bytes]]) -> ImportedArticle:
    art = ImportedArticle(title=title)
    data = _trafilatura(html)
    if data is not None:
        plain = [p.strip() for p in (data.get("text") or "").split("\n") if p.strip()]
        md = [md_escape(p) for p in plain]
        art.title = title or (data.get("title") or "")
        art.source_name = data.get("sitename") or ""
        if data.get("date"):
            art.original_time = parse_time(str(data["date"]))
    else:
        md = _lines(_largest_block(doc), base, images)
        plain = [md_to_plain(p) for p in md]
    if plain and plain[0] == art.title:
        plain, md = plain[1:], md[1:]
    parts = split_body(plain, md)
    art.dateline, art.summary, art.keywords = parts.dateline, parts.summary, parts.keywords
    art.contributors = parts.contributors
    art.body_markdown = "\n\n".join(parts.paragraphs)
    return art


def _iso_time(value: str) -> datetime | None:
    try:
        t = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        return t.replace(tzinfo=CHINA_TZ) if t.tzinfo is None else t
    except ValueError:
        return parse_time(value)


def import_text(text: str) -> ImportedArticle:
    """Import a page's text (what the browser copies or saves as .txt)."""
    if not text.strip():
        raise failed_empty()
    lines = text.splitlines()
    art = parse_lines(lines)
    if art is None:
        # no portal template: first line is the headline, the rest the body
        rows = [line.strip() for line in lines if line.strip()]
        title = rows[0] if rows and len(rows[0]) <= 80 else ""
        parts = split_body(rows[1:] if title else rows)
        art = ImportedArticle(
            title=title, dateline=parts.dateline, summary=parts.summary, keywords=parts.keywords,
            contributors=parts.contributors,
            body_markdown="\n\n".join(md_escape(p) for p in parts.paragraphs),
        )
    if not art.title and not art.body_markdown.strip():
        raise failed_empty()
    return art
