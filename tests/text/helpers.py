"""Shared test data for the text toolkit tests."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

DATA = Path(__file__).parent / "data"


def reference_page() -> str:
    """The reference portal page as saved text (a copy of shared/reference/000_…txt)."""
    return (DATA / "reference_page.txt").read_text(encoding="utf-8")


def reference_article() -> str:
    """Headline, 来源 line, body and byline of the reference page (what an editor proofs)."""
    lines = reference_page().splitlines()
    end = lines.index("记者王忠德特约记者李有安")
    return "\n".join(lines[3 : end + 1])


def reference_body() -> str:
    """Only the body paragraphs (【本报讯】… to the last paragraph, byline excluded)."""
    lines = reference_page().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("【本报讯】"))
    end = lines.index("记者王忠德特约记者李有安")
    return "\n".join(lines[start:end]).strip()


def reference_html(*, with_image: bool = False) -> str:
    """The reference page rebuilt as the portal's HTML: navigation, breadcrumb, headline, meta
    line, body, byline, then recommendation, related, comment and side blocks."""
    lines = reference_page().splitlines()
    nav = "".join(f'<li><a href="/{i}">{n}</a></li>' for i, n in enumerate(lines[0].split()))
    start = next(i for i, line in enumerate(lines) if line.startswith("【本报讯】"))
    end = lines.index("记者王忠德特约记者李有安")
    body = "\n".join(f"<p>　　{html_escape(p)}</p>" for p in lines[start:end] if p.strip())
    picture = '<p style="text-align:center"><img src="page_files/dayun.png" alt="社区"></p>' if with_image else ""
    side = "".join(f"<li>{html_escape(line.replace('•', '').strip())}</li>" for line in lines[end:] if "•" in line)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>“群众找服务”变“社区送服务” 安宁倾力打造社区居民温馨家园_泾川新闻_地方网</title>
<meta name="keywords" content="安宁区,社区服务">
<link rel="canonical" href="https://www.yybnet.net/jingchuan/news/201508/12345.html">
<script>var _hmt = _hmt || []; document.write("广告");</script>
<style>.nav {{ color: red }}</style>
</head><body>
<div class="top-nav"><ul>{nav}</ul></div>
<div class="breadcrumb">地方网 &gt; <a href="/gs">甘肃</a> &gt; <a href="/pl">平凉市</a> &gt;
  <a href="/jc">泾川新闻</a> &gt; 正文</div>
<div class="main">
 <div class="article">
  <h1>{html_escape(lines[3])}</h1>
  <div class="info">来源:陇东报 2015-08-19 20:34&nbsp;&nbsp; <a href="https://www.yybnet.net/">https://www.yybnet.net/</a></div>
  <div class="content">
{body}
{picture}
<p>记者王忠德特约记者李有安</p>
  </div>
  <div class="tuijian"><h3>新闻推荐</h3><p><a href="/x">省博珍藏佛舍利移交泾川</a></p>
   <p>【本报讯】记者于日前获悉，原存放于省博物馆的佛祖骨舍利……</p></div>
  <p>泾川新闻,有家乡事,有故乡情!连家乡都没有了,我们跟野人也没什么区别。</p>
  <div class="related-news"><h3>相关新闻:</h3></div>
  <div class="guess-like"><h3>猜你喜欢:</h3></div>
  <div id="comment-box">评论:(“群众找服务”变“社区送服务” 安宁倾力打造社区居民温馨家园)</div>
 </div>
 <div class="sidebar"><h3>频道推荐</h3><ul>{side}</ul><h3>热点阅读</h3><p>国潮那么潮</p></div>
</div>
<div class="footer">Copyright 地方网</div>
</body></html>"""


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def png_bytes() -> bytes:
    """A valid 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
