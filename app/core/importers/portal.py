"""What a Chinese news portal's article page looks like, as text: the knowledge generic
extractors lack. Shared by the HTML/text importer and the Word importer.

A page reads, top to bottom: channel navigation (``平凉新闻 泾川新闻 …``), a breadcrumb
(``地方网 > 甘肃 > 平凉市 > 泾川新闻 > 正文``), the headline, a meta line (``来源:陇东报
2015-08-19 20:34 https://…``), the body — often opening with a dateline ``【本报讯】`` and
sometimes ``（记者 王忠德）`` — a byline line (``记者王忠德特约记者李有安``), then blocks that are
not the article: 新闻推荐, 相关新闻, 猜你喜欢, 评论, 频道推荐, 热点阅读 …
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from app.core.domain import Contributor
from app.core.importers import ImportedArticle
from app.core.text.byline import looks_like_byline, parse_byline

STOP_LINE = re.compile(
    r"^(?:新闻推荐|相关新闻|相关阅读|相关链接|延伸阅读|推荐阅读|热门推荐|精彩推荐|猜你喜欢|频道推荐|热点阅读|"
    r"热点排行|图文看点|图片新闻|网友评论|评论[:：(（]|评论$|发表评论|上一篇|下一篇|分享到|返回顶部|打印本页|"
    r"关闭窗口|版权声明|免责声明|扫一扫|【?责任编辑|（责任编辑|\(责任编辑)"
)
EDITOR_LINE = re.compile(r"^[【（(]?\s*责任编辑\s*[:：]?\s*([^】）)]+?)\s*[】）)]?$")
META_KEY = re.compile(r"(?:来源|出处|稿源|发布时间|时间|日期|作者|发布者)\s*[:：]")
SOURCE = re.compile(r"(?:来源|稿源|出处)\s*[:：]\s*([^\s|｜]+?)(?=\s|[|｜]|\d{4}[-/年.]|$)")
AUTHOR = re.compile(r"作者\s*[:：]\s*([^\s|｜]+)")
DATETIME = re.compile(
    r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?"
)
URL = re.compile(r"https?://[^\s<>\"'）)】]+")
BREADCRUMB = re.compile(r"\s*(?:>|›|»|＞|→)\s*")
DATELINE = re.compile(
    r"^\s*(?:[【\[]\s*([^】\]\n]{2,24}?[讯电])\s*[】\]]"
    r"|(本报讯|本台讯|本网讯|本刊讯|(?:新华社|中新社)[\u4e00-\u9fff0-9]{2,16}电))"
    r"\s*(?:[（(]([^）)\n]{2,40})[）)])?\s*[：:，,]?\s*"
)
SUMMARY = re.compile(r"^\s*(?:【摘要】|\[摘要\]|摘要\s*[:：])\s*")
KEYWORDS = re.compile(r"^\s*(?:【关键词】|关键词\s*[:：]|关键字\s*[:：])\s*")
_FUNC_LINE = re.compile(r"^(?:字号|字体|分享|打印|收藏|阅读[:：]|浏览|点击)[:：]?")


# Chinese portals print Beijing time; China has kept UTC+8 without daylight saving since 1991.
# A fixed offset needs no time-zone database (Windows has none without the tzdata package).
CHINA_TZ = timezone(timedelta(hours=8), "CST")


def parse_time(text: str) -> datetime | None:
    """The first date (and time) in *text*, as an aware datetime in Beijing time."""
    m = DATETIME.search(text)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=CHINA_TZ)
    except ValueError:
        return None


def is_meta_line(line: str) -> bool:
    """``来源:陇东报 2015-08-19 20:34 https://…`` and the like."""
    if len(line) > 160:
        return False
    if META_KEY.search(line):
        return True
    # a bare date and time (with a URL or a source name) standing on its own line
    return bool(DATETIME.match(line.strip())) and len(line) < 80


def is_nav_line(line: str) -> bool:
    """A row of channel links: several short names separated by spaces."""
    parts = line.split()
    return len(parts) >= 3 and all(len(p) <= 8 for p in parts) and not re.search("[，。；！？]", line)


def breadcrumb(line: str) -> list[str] | None:
    parts = [p for p in BREADCRUMB.split(line.strip()) if p]
    if len(parts) >= 2 and BREADCRUMB.search(line) and all(len(p) <= 12 for p in parts):
        return parts
    return None


def channel_from_breadcrumb(parts: list[str]) -> str:
    parts = [p for p in parts if p not in ("正文", "内容", "详情")]
    return parts[-1] if parts else ""


@dataclass
class Meta:
    source_name: str = ""
    original_time: datetime | None = None
    source_url: str = ""
    author: str = ""


def parse_meta(line: str) -> Meta:
    m = SOURCE.search(line)
    a = AUTHOR.search(line)
    u = URL.search(line)
    return Meta(
        m.group(1) if m else "", parse_time(line), u.group(0) if u else "", a.group(1) if a else ""
    )


def editors(match: re.Match[str]) -> list[Contributor]:
    """The 编辑 of a ``责任编辑：张三 李四`` line."""
    return [Contributor("编辑", n) for n in re.split(r"[\s、，,]+", match.group(1)) if n]


@dataclass
class BodyParts:
    paragraphs: list[str]
    dateline: str = ""
    summary: str = ""
    keywords: list[str] = field(default_factory=list)
    contributors: list[Contributor] = field(default_factory=list)


def split_body(paragraphs: list[str], markdown: list[str] | None = None) -> BodyParts:
    """Take the dateline, a summary/keywords line and leading/trailing bylines off the body.

    Detection reads *paragraphs* (plain text); when *markdown* (the same paragraphs as
    Markdown) is given, the returned paragraphs are cut from it instead."""
    keep = [i for i, p in enumerate(paragraphs) if p.strip()]
    paras = [paragraphs[i].strip() for i in keep]
    mds = [markdown[i].strip() for i in keep] if markdown is not None else list(paras)
    out = BodyParts([])
    tail: list[Contributor] = []
    while paras:
        last = paras[-1]
        ed = EDITOR_LINE.match(last)
        if ed:
            tail = editors(ed) + tail
        elif looks_like_byline(last):
            tail = parse_byline(last) + tail
        else:
            break
        paras.pop()
        mds.pop()
    head: list[Contributor] = []
    while paras:
        first = paras[0]
        if SUMMARY.match(first):
            out.summary = SUMMARY.sub("", first)
        elif KEYWORDS.match(first):
            out.keywords = [k for k in re.split(r"[\s、，,；;]+", KEYWORDS.sub("", first)) if k]
        elif looks_like_byline(first):
            head += parse_byline(first)
        else:
            break
        paras.pop(0)
        mds.pop(0)
    if paras:
        m = DATELINE.match(paras[0])
        if m:
            out.dateline = (m.group(1) or m.group(2) or "").strip()
            if m.group(3):
                head += parse_byline(f"（{m.group(3)}）")
            md_match = DATELINE.match(mds[0])
            rest = mds[0][md_match.end() :].strip() if md_match else mds[0]
            if rest:
                mds[0] = rest
            else:
                mds.pop(0)
    seen: set[tuple[str, str]] = set()
    for c in head + tail:
        if (c.role, c.name) not in seen:
            seen.add((c.role, c.name))
            out.contributors.append(c)
    out.paragraphs = mds
    return out


_MD_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_EMPHASIS = re.compile(r"(?<!\\)(?:\*\*|\*)")


def md_to_plain(md: str) -> str:
    """The text of a line of inline Markdown (emphasis marks and escapes removed)."""
    return _MD_UNESCAPE.sub(r"\1", _MD_EMPHASIS.sub("", md))


_MD_SPECIAL = re.compile(r"([`*_]|\\(?=[!-/:-@\[-`{-~]))")
_MD_LINE_START = re.compile(r"^(\s*)(#{1,6}\s|>|[-+*]\s)")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)]\s)")


def md_escape(text: str) -> str:
    """Escape the characters that would turn plain text into Markdown syntax."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def parse_lines(lines: list[str], title_hint: str = "", *, markdown: bool = False) -> ImportedArticle | None:
    """Read a portal page given as lines of text (or of inline Markdown with *markdown*);
    None when it does not look like one (no headline or meta line to anchor the body)."""
    md_rows = [re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in lines]
    md_rows = [r for r in md_rows if r]
    rows = [md_to_plain(r) for r in md_rows] if markdown else md_rows
    if not markdown:
        md_rows = [md_escape(r) for r in rows]
    art = ImportedArticle()
    start = 0
    # navigation and breadcrumb at the top
    while start < len(rows) and start < 6:
        crumbs = breadcrumb(rows[start])
        if crumbs:
            art.channel_hint = channel_from_breadcrumb(crumbs)
        elif not is_nav_line(rows[start]):
            break
        start += 1
    meta_idx = next(
        (i for i in range(start, min(len(rows), start + 12)) if is_meta_line(rows[i]) and not STOP_LINE.match(rows[i])),
        None,
    )
    title_idx = None
    hint = re.sub(r"\s+", " ", title_hint).strip()
    if hint:
        title_idx = next((i for i in range(start, len(rows)) if rows[i] == hint), None)
    if title_idx is None and meta_idx is not None:
        title_idx = next((i for i in range(meta_idx - 1, start - 1, -1) if len(rows[i]) <= 80), None)
    if title_idx is None and meta_idx is None:
        return None
    art.title = hint or (rows[title_idx] if title_idx is not None else "")
    body_start = max(i for i in (title_idx, meta_idx) if i is not None) + 1
    if meta_idx is not None:
        meta = parse_meta(rows[meta_idx])
        art.source_name, art.original_time, art.source_url = meta.source_name, meta.original_time, meta.source_url
        # further meta-ish lines right after (时间：… on its own line, 字号 大 中 小)
        while body_start < len(rows) and (is_meta_line(rows[body_start]) or _FUNC_LINE.match(rows[body_start])):
            more = parse_meta(rows[body_start])
            art.source_name = art.source_name or more.source_name
            art.original_time = art.original_time or more.original_time
            art.source_url = art.source_url or more.source_url
            body_start += 1
    body_end = next((i for i in range(body_start, len(rows)) if STOP_LINE.match(rows[i])), len(rows))
    stop_line = rows[body_end] if body_end < len(rows) else ""
    parts = split_body(rows[body_start:body_end], md_rows[body_start:body_end])
    ed = EDITOR_LINE.match(stop_line)
    if ed:
        parts.contributors += editors(ed)
    art.dateline, art.summary, art.keywords = parts.dateline, parts.summary, parts.keywords
    art.contributors = parts.contributors
    art.body_markdown = "\n\n".join(parts.paragraphs)
    return art
