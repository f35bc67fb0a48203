"""The static site export, end to end over the sample newsroom: the reference article's page
carries every element of the reference portal page in its order; incremental re-export writes
only what changed; withdrawal removes the page; writes are atomic; a theme overrides ours."""

from __future__ import annotations

import json
import os
import re
import struct
import sys
import threading
import zlib
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from app.core.domain import Contributor
from app.core.seed import parse_reference
from app.publish import render_store
from app.publish.site import export as export_mod
from app.publish.site.export import STATE_DIR, export_site
from tests.conftest import actor

# ---- helpers shared with the XSS tests ------------------------------------------------------


def png(w: int = 4, h: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def channel_id(svc, name: str) -> int:
    return next(c.id for c in svc.admin.channels() if c.name == name)


def publish_article(svc, *, login: str = "zhangmin", **fields):
    """Create an article as a reporter and take it through 三审 to publication."""
    r = actor(svc, login)
    a = svc.articles.create(r, **fields)
    svc.review.submit(r, a.id)
    svc.review.sign(actor(svc, "chushen"), a.id, "ok")
    svc.review.sign(actor(svc, "fushen"), a.id, "ok")
    chief = actor(svc, "zongbian")
    svc.review.sign(chief, a.id, "签发")
    return svc.review.publish_now(chief, a.id)


def reference_id(svc) -> int:
    title = parse_reference()["title"]
    return next(a.id for a in svc.articles.published() if a.title == title)


def page_path(out: Path, svc, article_id: int) -> Path:
    manifest = json.loads((out / STATE_DIR / "manifest.json").read_text("utf-8"))
    return out / export_mod._article_entry(manifest["articles"][str(article_id)])[1]


class Outline(HTMLParser):
    """A page's landmarks in document order: (kind, text) with the text of each element."""

    WATCH = {"nav", "h1", "h2", "h3", "p", "time", "li", "section", "title", "a", "span"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str], list[str]]] = []
        self.items: list[tuple[str, str, str]] = []  # (tag, class, text)
        self.links: list[str] = []
        self.imgs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a":
            self.links.append(a.get("href", ""))
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        if tag in ("br", "img", "meta", "link", "hr", "input"):
            return
        self.stack.append((tag, a, []))

    def handle_endtag(self, tag):
        while self.stack:
            t, a, text = self.stack.pop()
            joined = "".join(text)
            if self.stack:
                self.stack[-1][2].append(joined)
            if t in self.WATCH:
                self.items.append((t, a.get("class", ""), " ".join(joined.split())))
            if t == tag:
                break

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2].append(data)

    def texts(self) -> list[str]:
        return [t for _, _, t in self.items]


def outline(path: Path) -> Outline:
    o = Outline()
    o.feed(path.read_text("utf-8"))
    o.close()
    return o


def first_index(page: str, needle: str, start: int = 0) -> int:
    i = page.find(needle, start)
    assert i >= 0, f"{needle!r} not found after position {start}"
    return i


# ---- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def site(sqlite_demo, tmp_path):
    """The sample newsroom plus what the side lists need: a related article sharing keywords,
    one with a cover image, one in another channel."""
    svc = sqlite_demo
    cover = svc.assets.add(actor(svc, "zhangmin"), png(), "cover.png")
    svc.media.update(actor(svc, "zhangmin"), cover.id, caption="平凉城区", credit="摄影 张敏")  # needed to sign
    publish_article(svc, title="安宁区社区服务再升级", body="安宁区各社区完善保障机制，推出社区服务新举措。",
                    dateline="本报讯", keywords=["社区服务", "安宁区"], primary_channel_id=channel_id(svc, "灵台新闻"),
                    contributors=[Contributor("记者", "张敏")])
    publish_article(svc, title="平凉城区新景", body=f"平凉城区风貌焕然一新。\n\n![城区](asset:{cover.sha256})",
                    dateline="本报讯", keywords=["平凉"], cover_asset_id=cover.id,
                    primary_channel_id=channel_id(svc, "平凉新闻"), level=1)
    return svc, tmp_path / "site"


# ---- the reference page ---------------------------------------------------------------------------


def test_reference_article_page_has_every_element_in_order(site):
    svc, out = site
    result = export_site(svc, out)
    assert not result.cancelled and result.written == result.files
    ref = svc.articles.system_get(reference_id(svc))
    path = page_path(out, svc, ref.id)
    # stable URL /<channel-slug>/<yyyy>/<mm>/<dd>/<id>.html, date in the newsroom's zone
    local = ref.first_published_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    assert path.relative_to(out).as_posix() == f"jingchuan/{local:%Y/%m/%d}/{ref.id}.html"

    page = path.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert 'name="viewport"' in page
    o = outline(path)

    # 1. channel bar: the sibling channels, in their order, the current one marked
    bar = next(t for tag, cls, t in o.items if tag == "nav" and cls == "channel-bar")
    assert bar.split() == ["平凉新闻", "泾川新闻", "灵台新闻", "崇信新闻", "华亭新闻", "庄浪新闻", "静宁新闻"]
    assert 'class="current" aria-current="page">泾川新闻<' in page
    # 2. breadcrumb
    crumb = next(t for tag, cls, t in o.items if tag == "nav" and cls == "breadcrumb")
    assert crumb == "地方网 > 甘肃 > 平凉市 > 泾川新闻 > 正文"
    # 3. the title (引题/副题 are empty for the reference; checked separately below)
    assert ("h1", "title", ref.title) in o.items
    # 4. the meta line: 来源:陇东报 2015-08-19 20:34 and the site link
    meta = next(t for tag, cls, t in o.items if tag == "p" and cls == "meta")
    assert meta == "来源:陇东报 2015-08-19 20:34 https://www.example.cn/"
    # 5. the body opens with the dateline, all paragraphs there
    paras = [t for tag, cls, t in o.items if tag == "p" and cls == ""]
    ref_paras = parse_reference()["body"].split("\n\n")
    assert paras[0].startswith("【本报讯】“阳光导航仪”")
    assert len([p for p in paras if any(p.endswith(r[-20:]) for r in ref_paras)]) == len(ref_paras)
    # 6.–7. byline and 责任编辑
    assert ("p", "byline", "记者王忠德 特约记者李有安") in o.items
    editor = next(t for tag, cls, t in o.items if tag == "p" and cls == "editor")
    assert editor.startswith("责任编辑：") and len(editor) > len("责任编辑：")

    # the order of every landmark on the page
    order = ['class="channel-bar"', 'class="breadcrumb"', 'class="title"', 'class="meta"',
             'class="body"', 'class="byline"', 'class="editor"', "<h2>新闻推荐</h2>",
             'class="slogan"', "<h2>相关新闻</h2>", "<h2>频道推荐</h2>", "<h2>图文看点</h2>",
             "<h2>热点排行</h2>"]
    pos = 0
    for needle in order:
        pos = first_index(page, needle, pos) + 1

    # 8. 新闻推荐: one related article of the channel with its opening lines
    i = page.index("<h2>新闻推荐</h2>")
    rec = page[i:page.index("</section>", i)]
    assert "省博珍藏佛舍利移交泾川" in rec and "【本报讯】记者于日前获悉" in rec and rec.count("<h3>") == 1
    # 9. the channel's slogan
    assert ("p", "slogan", svc.admin.channel(ref.primary_channel_id).slogan) in o.items

    def section(title: str) -> str:
        j = page.index(f"<h2>{title}</h2>")
        return page[j:page.index("</section>", j)]
    # 10. 相关新闻: shares keywords (安宁区, 社区服务), from another channel too
    assert "安宁区社区服务再升级" in section("相关新闻")
    # 11. 频道推荐: other channels only
    picks = section("频道推荐")
    assert "崆峒山景区迎来旅游高峰" in picks and "省博珍藏佛舍利移交泾川" not in picks
    assert "/jingchuan/" not in picks
    # 12. 图文看点: articles with a cover, picture shown from its content-addressed list rendition (4:3)
    pics = section("图文看点")
    assert "平凉城区新景" in pics and re.search(
        r'src="\.\./\.\./\.\./\.\./assets/r/[0-9a-f]{2}/[0-9a-f]{18}-list-[0-9a-f]{8}-\d+\.png"', pics)
    # 13. 热点排行: is_hot first (the reference itself is hot, so it is not listed on its own page)
    hot = section("热点排行")
    assert ref.title not in hot and hot.count("<li>") >= 4

    # every relative link on the page resolves to a file of the export (no external requests)
    for href in o.links + o.imgs:
        if href.startswith(("http://", "https://")):
            continue
        assert (path.parent / href.split("#")[0]).resolve().is_file(), href
    css = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    assert re.search(r"assets/site\.[0-9a-f]{10}\.css$", css) and (path.parent / css).resolve().is_file()
    assert not re.search(r'(src|href)="//', page)


def test_pretitle_subtitle_and_correction_shown(site):
    svc, out = site
    a = publish_article(svc, pretitle="引题：社区建设", title="主题新闻", subtitle="副题：温馨家园",
                        body="正文。", dateline="本报讯", primary_channel_id=channel_id(svc, "泾川新闻"))
    chief = actor(svc, "zongbian")
    a = svc.review.correct(chief, a.id, "更正了数据", {"body": "正文（已更正）。"}, a.version)
    export_site(svc, out)
    path = page_path(out, svc, a.id)
    page = path.read_text("utf-8")
    pos = first_index(page, '<p class="pretitle">引题：社区建设</p>')
    pos = first_index(page, '<h1 class="title">主题新闻</h1>', pos)
    pos = first_index(page, '<p class="subtitle">副题：温馨家园</p>', pos)
    pos = first_index(page, 'class="meta"', pos)
    pos = first_index(page, "正文（已更正）", pos)
    corr = page[first_index(page, 'class="correction"', pos):]
    assert "更正了数据" in corr[:300] and "更新" in corr[:300]


# ---- indexes, feeds, sitemap ----------------------------------------------------------------------


def test_home_channel_indexes_feeds_and_sitemap(site, monkeypatch):
    svc, out = site
    monkeypatch.setattr(export_mod, "PER_PAGE", 2)
    export_site(svc, out)
    published = svc.articles.published()
    home = (out / "index.html").read_text("utf-8")
    assert "<!DOCTYPE html>" in home and 'href="page/2.html"' in home
    last = -(-len(published) // 2)
    assert (out / f"page/{last}.html").is_file() and not (out / f"page/{last + 1}.html").exists()
    def listed(folder: str) -> str:
        pages = [out / folder / "index.html", *sorted((out / folder).glob("page/*.html"))]
        return "".join(re.search(r'<ul class="article-list">.*?</ul>', p.read_text("utf-8"), re.S).group(0)
                       for p in pages if p.exists())
    jc = listed("jingchuan")
    assert parse_reference()["title"] in jc and "省博珍藏佛舍利移交泾川" in jc and "平凉城区新景" not in jc
    # a parent channel lists its children's articles
    pl = listed("pingliang-shi")
    for a in published:
        assert a.title in pl
    # Atom feeds parse and carry the channel's articles
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.parse(out / "jingchuan/feed.xml").getroot()
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert parse_reference()["title"] in titles and "崆峒山景区迎来旅游高峰" not in titles
    assert all(e.findtext("a:id", namespaces=ns).startswith("urn:uuid:") for e in feed.findall("a:entry", ns))
    ElementTree.parse(out / "feed.xml")
    sm = ElementTree.parse(out / "sitemap.xml").getroot()
    locs = [u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for u in sm]
    for a in published:
        assert any(loc.endswith(f"/{a.id}.html") for loc in locs)
    assert all(loc.startswith("https://www.example.cn/") for loc in locs)


# ---- incremental ----------------------------------------------------------------------------------


def test_incremental_rewrites_only_what_changed_after_edit_and_correct(site):
    svc, out = site
    first = export_site(svc, out)
    again = export_site(svc, out)
    assert again.written == 0 and again.removed == 0 and again.unchanged == first.files
    assert again.bodies_rendered == 0

    ref_id = reference_id(svc)
    path = page_path(out, svc, ref_id)
    other_pages = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p != path
                   and STATE_DIR not in p.parts and p.suffix != ".xml" and p.name != "corrections.html"}
    chief = actor(svc, "zongbian")
    a = svc.articles.system_get(ref_id)
    svc.review.correct(chief, a.id, "补充了结尾", {"body": a.body + "\n\n本报将持续关注。"}, a.version)

    inc = export_site(svc, out)
    assert inc.bodies_rendered == 0  # the chief editor's save rendered the new body (issue #21)
    written = set(inc.written_paths)
    assert path.relative_to(out).as_posix() in written
    # the page itself, and the lists that show its update time: feeds, the sitemap and the 更正 log
    assert all(p.endswith(("feed.xml", "sitemap.xml")) or p == path.relative_to(out).as_posix()
               or p in ("corrections.html", "corrections.xml") for p in written), written
    assert {"corrections.html", "corrections.xml"} <= written
    assert "本报将持续关注" in path.read_text("utf-8")
    assert "补充了结尾" in path.read_text("utf-8")
    for p, mtime in other_pages.items():
        assert p.stat().st_mtime_ns == mtime, f"{p} rewritten"

    assert inc.fast  # one body edit: only its page, the feeds and the sitemap were considered

    full = export_site(svc, out, full=True)
    assert full.written == full.files and full.bodies_rendered == 0  # bodies come from the cache
    assert not full.fast


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and STATE_DIR not in p.parts}


@pytest.mark.parametrize("change", ["body", "title", "hot", "withdraw", "new", "source-rename"])
def test_incremental_output_equals_a_fresh_full_export(site, tmp_path, change):
    """Whatever path an incremental export takes, the folder ends up byte-identical to a fresh
    export of the same database."""
    svc, out = site
    export_site(svc, out)
    chief = actor(svc, "zongbian")
    ref = svc.articles.system_get(reference_id(svc))
    if change == "body":
        svc.review.correct(chief, ref.id, "补充", {"body": ref.body + "\n\n补充。"}, ref.version)
    elif change == "title":
        svc.review.correct(chief, ref.id, "标题", {"title": "新标题：安宁区社区服务"}, ref.version)
    elif change == "hot":
        other = next(a for a in svc.articles.published() if a.title == "静宁苹果喜获丰收")
        svc.review.correct(chief, other.id, "设为热点", {"is_hot": True}, other.version)
    elif change == "withdraw":
        svc.review.withdraw(chief, ref.id, "撤稿")
    elif change == "new":
        publish_article(svc, title="新发布的稿件", body="内容。", primary_channel_id=channel_id(svc, "泾川新闻"),
                        keywords=["社区服务"])
    elif change == "source-rename":
        from app.core.models import Source
        with svc.db.session() as s:
            s.query(Source).filter(Source.name == "陇东报").update({"name": "陇东报社"})
    inc = export_site(svc, out)
    assert inc.fast == (change == "body")
    fresh = export_site(svc, tmp_path / "fresh")
    assert site_files(out) == site_files(tmp_path / "fresh")
    assert inc.files == fresh.files


def test_title_change_updates_pages_that_list_it(site):
    svc, out = site
    export_site(svc, out)
    chief = actor(svc, "zongbian")
    rel = next(a for a in svc.articles.published() if a.title == "安宁区社区服务再升级")
    svc.review.correct(chief, rel.id, "标题更正", {"title": "安宁区社区服务全面升级"}, rel.version)
    inc = export_site(svc, out)
    ref_page = page_path(out, svc, reference_id(svc))
    assert ref_page.relative_to(out).as_posix() in inc.written_paths  # its 相关新闻 shows the title
    assert "安宁区社区服务全面升级" in ref_page.read_text("utf-8")
    assert "lingtai/index.html" in inc.written_paths


def test_withdrawn_article_page_is_removed(site):
    svc, out = site
    export_site(svc, out)
    ref_id = reference_id(svc)
    path = page_path(out, svc, ref_id)
    rel = path.relative_to(out).as_posix()
    assert path.is_file()
    (out / "my-own-file.txt").write_text("not ours")
    svc.review.withdraw(actor(svc, "zongbian"), ref_id, "事实有误")
    res = export_site(svc, out)
    assert rel in res.removed_paths and not path.exists()
    assert (out / "my-own-file.txt").read_text() == "not ours"  # only files we wrote are removed
    assert f"/{ref_id}.html" not in (out / "sitemap.xml").read_text("utf-8")
    for p in out.rglob("*.html"):
        assert f"{ref_id}.html\"" not in p.read_text("utf-8").replace(f"/{ref_id}.html\"", ""), p
        if p.name == "corrections.html":  # the public 更正 log names the withdrawal, unlinked
            assert "事实有误" in p.read_text("utf-8")
            continue
        assert parse_reference()["title"] not in p.read_text("utf-8"), p


# ---- atomic writes, cancel, progress -----------------------------------------------------------------


def test_failed_write_keeps_the_old_file_whole(site, monkeypatch):
    svc, out = site
    export_site(svc, out)
    ref_id = reference_id(svc)
    path = page_path(out, svc, ref_id)
    before = path.read_bytes()
    chief = actor(svc, "zongbian")
    a = svc.articles.system_get(ref_id)
    svc.review.correct(chief, a.id, "重写", {"body": "全新的正文。" * 50}, a.version)

    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst) == str(path):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)
    monkeypatch.setattr(export_mod.os, "replace", failing_replace)
    with pytest.raises(export_mod.ExportError) as e:
        export_site(svc, out)
    assert "No space left on device" in e.value.message("en") and "再次导出" in e.value.message("zh")
    assert path.read_bytes() == before  # the old page, whole
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]  # no leftovers
    monkeypatch.setattr(export_mod.os, "replace", real_replace)
    res = export_site(svc, out)  # the next run finishes the job
    assert "全新的正文" in path.read_text("utf-8") and not res.cancelled


@pytest.mark.parametrize("workers", [1, 2])
def test_cancel_leaves_only_whole_pages_and_progress_is_reported(site, monkeypatch, workers):
    svc, out = site
    # workers=2: Markdown and article pages also in another process, fed by this one
    monkeypatch.setattr(export_mod, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(export_mod, "PAGE_CHUNK", 2)
    render_store.clear(svc.db)
    for i in range(12):
        publish_article(svc, title=f"测试稿件{i}", body=f"第{i}篇。", primary_channel_id=channel_id(svc, "静宁新闻"))
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done, total, what):
        seen.append((done, total))
        if done >= 5:
            cancel.set()
    res = export_site(svc, out, progress=progress, cancel=cancel, workers=workers)
    assert res.cancelled and 0 < res.written < res.files or res.files == 0
    assert seen and all(d <= t for d, t in seen if t)
    for p in out.rglob("*.html"):
        assert p.read_text("utf-8").rstrip().endswith("</html>"), p
    assert not list(out.rglob("*.tmp"))
    done = export_site(svc, out, workers=workers)  # resumes: writes the rest
    assert not done.cancelled and done.written + done.unchanged == done.files
    assert res.written + done.written <= done.files + 1


def test_not_a_folder_is_a_clear_error(sqlite_demo, tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(export_mod.ExportError) as e:
        export_site(sqlite_demo, f)
    assert "不是文件夹" in e.value.message("zh")


# ---- theme override and assets --------------------------------------------------------------------------


def test_theme_folder_overrides_templates_and_css(site, tmp_path):
    svc, out = site
    theme = tmp_path / "theme"
    (theme / "static").mkdir(parents=True)
    (theme / "article.html").write_text(
        '{% extends "base.html" %}{% block content %}<div class="house-style">{{ a.title }}</div>'
        "{{ body_html|safe }}{% endblock %}", "utf-8")
    (theme / "static" / "site.css").write_text("body{background:#eef}", "utf-8")
    export_site(svc, out)
    res = export_site(svc, out, theme_dir=theme)
    path = page_path(out, svc, reference_id(svc))
    page = path.read_text("utf-8")
    assert '<div class="house-style">' in page
    assert 'class="site-header"' in page  # base.html is still ours
    css = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    assert (path.parent / css).resolve().read_text() == "body{background:#eef}"
    # index pages come from our template, but use the theme's css
    assert 'class="article-list"' in (out / "index.html").read_text("utf-8")
    assert res.removed >= 1  # the old stylesheet


def test_body_images_are_copied_content_hashed(site):
    svc, out = site
    export_site(svc, out)
    a = next(a for a in svc.articles.published() if a.title == "平凉城区新景")
    page = page_path(out, svc, a.id)
    src = re.search(r'<img alt="城区" src="([^"]+)"', page.read_text("utf-8")).group(1)
    # the page shows a content-addressed rendition (app/publish/images.py; 4 px: never enlarged);
    # the original is still written, content-hashed
    assert re.fullmatch(r"\.\./\.\./\.\./\.\./assets/r/[0-9a-f]{2}/[0-9a-f]{18}-full-[0-9a-f]{8}-4\.png", src)
    assert (page.parent / src).resolve().is_file()
    assert (out / f"assets/{a.cover_sha256}.png").read_bytes() == png()


def test_cli_export_prints_counts(sqlite_demo, tmp_path, monkeypatch, capsys):
    from app.cli import main

    monkeypatch.setenv("NEWSDESK_DATABASE_URL", sqlite_demo.db.url)
    assert main(["export", "--out", str(tmp_path / "s"), "-q"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"written (\d+), 未变 / unchanged 0, 删除 / removed 0", out)
    assert main(["export", "--out", str(tmp_path / "s"), "-q"]) == 0
    assert "written 0," in capsys.readouterr().out
    assert main(["export", "--out", str(tmp_path / "s"), "--full", "-q"]) == 0
    assert "unchanged 0," in capsys.readouterr().out


def test_export_reads_both_engines(demo, tmp_path):
    """The bulk queries behind the export on SQLite and PostgreSQL."""
    res = export_site(demo, tmp_path / "s")
    assert res.articles == len(demo.articles.published()) == 4
    page = page_path(tmp_path / "s", demo, reference_id(demo)).read_text("utf-8")
    assert "来源:" in page and "2015-08-19 20:34" in page and "记者王忠德 特约记者李有安" in page


def test_a_pooled_export_reads_both_engines_like_one_process(demo, tmp_path, monkeypatch):
    """The pooled path's own queries (the related lists' terms read first, the render cache)
    on SQLite and PostgreSQL: the same site as one process makes."""
    monkeypatch.setattr(export_mod, "POOL_THRESHOLD", 1)
    one = export_site(demo, tmp_path / "one", workers=1)
    two = export_site(demo, tmp_path / "two", workers=2, full=True)
    assert two.processes == 2 and one.processes == 1
    assert site_files(tmp_path / "two") == site_files(tmp_path / "one")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are set on Linux only (F_SETPIPE_SZ)")
def test_a_pooled_export_widens_the_pipes_to_its_other_processes(site, tmp_path, monkeypatch):
    """Each pipe to and from the other processes holds a whole chunk of rendered bodies, so the
    other process does not wait for this one to read its results (export.widen_pipes)."""
    import fcntl

    svc, _ = site
    monkeypatch.setattr(export_mod, "POOL_THRESHOLD", 1)
    seen: list[list[int]] = []
    real = export_mod.widen_pipes

    def watched(pool):  # type: ignore[no-untyped-def]
        widened = real(pool)
        seen.append([widened] + [fcntl.fcntl(q._reader.fileno(), fcntl.F_GETPIPE_SZ)
                                 for q in (pool._call_queue, pool._result_queue)])
        return widened

    monkeypatch.setattr(export_mod, "widen_pipes", watched)
    render_store.clear(svc.db)
    res = export_site(svc, tmp_path / "s", workers=2)
    assert res.processes == 2 and res.bodies_rendered == res.articles
    want = min(export_mod.PIPE_BYTES, int(Path("/proc/sys/fs/pipe-max-size").read_text()))
    assert want > 65536 and seen == [[2, want, want]]


def test_bodies_and_pages_rendered_in_worker_processes_match_one_process(site, tmp_path, monkeypatch):
    svc, _ = site
    monkeypatch.setattr(export_mod, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(export_mod, "PAGE_CHUNK", 2)  # the other process gets article pages too
    render_store.clear(svc.db)  # the render cache lives in the database: both runs start cold
    two = export_site(svc, tmp_path / "two", workers=2, cache_dir=tmp_path / "c2")
    render_store.clear(svc.db)
    one = export_site(svc, tmp_path / "one", workers=1, cache_dir=tmp_path / "c1")
    assert two.processes == 2 and one.processes == 1
    assert two.bodies_rendered == one.bodies_rendered == two.articles
    assert two.written == one.written == one.files
    assert site_files(tmp_path / "two") == site_files(tmp_path / "one")
    assert two.pages_elsewhere > 0 and one.pages_elsewhere == 0
    # the related lists, computed by the other process while this one planned: the same
    related = [json.loads((tmp_path / d / ".newsdesk" / "related.json").read_text("utf-8")) for d in ("two", "one")]
    assert related[0] == related[1] and related[0]["related"]
    # bodies cached (warm), and again with nothing to write: the other process compares digests
    warm = export_site(svc, tmp_path / "two", workers=2, full=True, cache_dir=tmp_path / "c2")
    assert warm.bodies_rendered == 0 and warm.pages_elsewhere > 0
    assert site_files(tmp_path / "two") == site_files(tmp_path / "one")
    manifest = json.loads((tmp_path / "two" / ".newsdesk" / "manifest.json").read_text("utf-8"))
    again = export_site(svc, tmp_path / "two", workers=2, cache_dir=tmp_path / "c2")
    assert again.written == 0
    assert json.loads((tmp_path / "two" / ".newsdesk" / "manifest.json").read_text("utf-8"))["files"] == manifest["files"]


def test_a_cold_export_renders_the_indexes_while_other_processes_render_markdown(site, tmp_path, monkeypatch):
    """Chosen automatically from the CPUs: Markdown in W - 1 other processes while this one
    writes the pages that need no new body (the indexes first) and each article page as its body
    comes back."""
    svc, _ = site
    monkeypatch.setattr(export_mod, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(export_mod, "usable_cpus", lambda: 2)
    render_store.clear(svc.db)
    res = export_site(svc, tmp_path / "s", cache_dir=tmp_path / "c")
    assert res.processes == 2 and res.bodies_rendered == res.articles
    order = res.written_paths
    articles = [i for i, p in enumerate(order) if re.search(r"/\d{4}/\d\d/\d\d/\d+\.html$", p)]
    assert len(articles) == res.articles
    assert order.index("index.html") < articles[0]  # written before the first body came back
    render_store.clear(svc.db)
    export_site(svc, tmp_path / "one", workers=1, cache_dir=tmp_path / "c1")
    assert site_files(tmp_path / "s") == site_files(tmp_path / "one")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Balance(HTMLParser):
    """Every non-void element closed, in order (what an HTML5 validator would flag first)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.decl = ""

    def handle_decl(self, decl):
        self.decl = decl

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"</{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
        else:
            self.stack.pop()


def test_every_page_is_well_formed_html5(site):
    svc, out = site
    export_site(svc, out)
    pages = [p for p in out.rglob("*.html") if STATE_DIR not in p.parts]
    assert len(pages) > 15
    for p in pages:
        text = p.read_text("utf-8")
        b = Balance()
        b.feed(text)
        b.close()
        assert b.decl == "DOCTYPE html" and not b.errors and not b.stack, (p, b.errors, b.stack)
        assert '<html lang="zh-CN">' in text and text.index('<meta charset="utf-8">') < 100
        assert text.count("<h1") == 1 and text.count("<main") == 1
        ids = re.findall(r'\bid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), p


_FAST_LIST = re.compile(r"\{% if (\S+)\.html is defined and \1\.html %\}.*?\{% else %\}(.*?)\{% endif %\}\n?", re.S)


def test_lists_rendered_once_print_what_their_macros_print(site, tmp_path):
    """article.html and index.html print a side list, the channel bar and the breadcrumb from the
    markup the exporter rendered once per list (no macro call per page). A theme holding the same
    templates with those shortcuts taken out (every list through its macro, on every page) must
    give the same bytes; a theme macro that shows something for an empty list is still called."""
    from app.core.resources import resources_dir

    svc, out = site
    plain = tmp_path / "plain"
    plain.mkdir()
    for name in ("article.html", "index.html"):
        text = (resources_dir() / "templates" / name).read_text("utf-8")
        stripped, n = _FAST_LIST.subn(r"\2", text)
        assert n >= 2 and ".html is defined" not in stripped
        (plain / name).write_text(stripped, "utf-8")
    export_site(svc, out)
    export_site(svc, tmp_path / "macros", theme_dir=plain)
    ours, theirs = site_files(out), site_files(tmp_path / "macros")
    pages = [p for p in ours if p.endswith(".html")]
    assert len(pages) > 10 and {p: ours[p] for p in pages} == {p: theirs[p] for p in pages}

    # an empty 图文看点 (the page of the only article with a picture) under a theme that says so
    lists = (resources_dir() / "templates" / "_lists.html").read_text("utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "_lists.html").write_text(lists.replace(
        "</section>\n{% endif %}\n{% endmacro %}",
        "</section>\n{% else %}<p class=\"none\">暂无{{ title }}</p>\n{% endif %}\n{% endmacro %}", 1), "utf-8")
    export_site(svc, tmp_path / "empty-site", theme_dir=empty)
    a = next(a for a in svc.articles.published() if a.title == "平凉城区新景")
    page = page_path(tmp_path / "empty-site", svc, a.id).read_text("utf-8")
    assert "<p class=\"none\">暂无图文看点</p>" in page
    other = page_path(tmp_path / "empty-site", svc, reference_id(svc)).read_text("utf-8")
    assert "暂无图文看点" not in other and 'class="side picture-picks"' in other


def test_each_folder_is_created_once_and_every_page_written(site, tmp_path, monkeypatch):
    """The export creates each folder once (not once per page) and still writes every file of
    the manifest, whole, into a fresh folder — here with pages in another process too."""
    svc, _ = site
    asked_again: dict[str, int] = {}  # mkdir of a folder that exists already (os.makedirs, Path.mkdir)
    real_mkdir = os.mkdir

    def counting_mkdir(name, *args, **kwargs):
        try:
            return real_mkdir(name, *args, **kwargs)
        except FileExistsError:
            asked_again[os.fspath(name)] = asked_again.get(os.fspath(name), 0) + 1
            raise
    monkeypatch.setattr(os, "mkdir", counting_mkdir)
    out = tmp_path / "fresh"
    res = export_site(svc, out, workers=1)
    manifest = json.loads((out / STATE_DIR / "manifest.json").read_text("utf-8"))
    assert res.written == res.files == len(manifest["files"]) > 20
    for path, entry in manifest["files"].items():
        data = (out / path).read_bytes()
        assert export_mod._digest(data) == export_mod._file_entry(entry)[0], path
    # at most once per folder (a folder made as another's parent is asked for once more)
    assert max(asked_again.values(), default=0) <= 1, [k for k, v in asked_again.items() if v > 1]
    assert not [p for p in out.rglob("*.tmp")]

    monkeypatch.setattr(export_mod, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(export_mod, "PAGE_CHUNK", 2)
    two = export_site(svc, tmp_path / "two", workers=2)
    assert two.pages_elsewhere > 0 and site_files(tmp_path / "two") == site_files(out)


@pytest.mark.parametrize("ahead", [0, 1])
def test_a_pooled_cold_export_renders_markdown_here_when_idle(site, tmp_path, monkeypatch, ahead):
    """On a machine whose other core is busy, the other process's Markdown comes back slowly: this
    process, with nothing else to do, takes the chunk waiting to be sent and renders it itself.
    With no chunk ever sent (ahead = 0) every body is rendered here, and the site is whole."""
    svc, _ = site
    monkeypatch.setattr(export_mod, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(export_mod, "BODY_CHUNK", 1)
    monkeypatch.setattr(export_mod, "MARKDOWN_AHEAD", ahead)
    render_store.clear(svc.db)
    pooled = export_site(svc, tmp_path / "pooled", workers=2)
    render_store.clear(svc.db)
    one = export_site(svc, tmp_path / "one", workers=1)
    assert pooled.processes == 2 and pooled.bodies_rendered == one.bodies_rendered == pooled.articles
    if ahead == 0:
        assert pooled.bodies_here == pooled.articles
    assert pooled.written == pooled.files == one.files
    assert site_files(tmp_path / "pooled") == site_files(tmp_path / "one")
    assert render_store.RenderStore(svc.db).lookup(range(1, 1000)).keys() >= {
        a.id for a in svc.articles.published()}  # what was rendered here is cached too


def test_a_warm_pooled_export_has_the_indexes_rendered_by_the_other_process(site, tmp_path, monkeypatch):
    """Bodies all cached: the other process renders the index pages while this one waits for the
    related lists and plans the article pages; the site is the same as from one process."""
    svc, _ = site
    monkeypatch.setattr(export_mod, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(export_mod, "PAGE_CHUNK", 2)
    export_site(svc, tmp_path / "one", workers=1)  # fills the render cache
    warm = export_site(svc, tmp_path / "two", workers=2, full=True)
    assert warm.processes == 2 and warm.bodies_rendered == 0
    indexes = [p for p in site_files(tmp_path / "two") if p.endswith(".html") and p != "corrections.html"
               and not re.search(r"/\d{4}/\d\d/\d\d/\d+\.html$", p)]
    assert len(indexes) >= 10 and warm.pages_elsewhere >= len(indexes)
    assert warm.written == warm.files
    assert site_files(tmp_path / "two") == site_files(tmp_path / "one")


def test_index_jobs_leave_as_soon_as_they_are_planned(site, tmp_path, monkeypatch):
    """A warm pooled export sends each job of index pages while it plans the next ones: the other
    process starts on them ≈ 0.3 s earlier at 10,000 articles instead of idling until every index
    page is planned (docs/site-export.md)."""
    svc, _ = site
    monkeypatch.setattr(export_mod, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(export_mod, "PAGE_CHUNK", 2)
    export_site(svc, tmp_path / "one", workers=1)  # fills the render cache
    planned = [0]
    sent_at: list[int] = []
    real_pages, real_send = export_mod.SiteExporter._index_pages, export_mod.SiteExporter._send_indexes

    def counted(self):  # type: ignore[no-untyped-def]
        for p in real_pages(self):
            planned[0] += 1
            yield p

    def sending(self, batch):  # type: ignore[no-untyped-def]
        sent_at.append(planned[0])
        return real_send(self, batch)

    monkeypatch.setattr(export_mod.SiteExporter, "_index_pages", counted)
    monkeypatch.setattr(export_mod.SiteExporter, "_send_indexes", sending)
    warm = export_site(svc, tmp_path / "two", workers=2, full=True)
    assert warm.processes == 2 and planned[0] >= 10
    assert sent_at[:2] == [2, 4] and len(sent_at) == -(-planned[0] // 2)  # every index page, 2 a job
    assert site_files(tmp_path / "two") == site_files(tmp_path / "one")


BODIES = ['引号 " 与反斜杠 \\ 和 \\n 字样', "控制字符\x00\x01\x1f与制表\t换行\r\n", "表情 😀 与 \u2028 行分隔",
          "", "【本报讯】" + "泾川县" * 3000, "</script>{\"a\": [1]}"]


def test_bodies_read_as_one_json_array_per_chunk_are_the_rows_as_stored(site):
    """On SQLite the export's bodies come back one JSON array per chunk (one row to step through,
    not 500: source.load_bodies); what comes out is each body exactly as stored, whatever it holds."""
    from sqlalchemy import event, select, update

    from app.core.models import Article
    from app.publish.site import source

    svc, _ = site
    with svc.db.read() as s:
        ids = sorted(s.execute(select(Article.id)).scalars())
    assert len(ids) >= len(BODIES)
    with svc.db.engine.begin() as c:  # raw writes, as another tool might leave them (no normaliser)
        for aid, body in zip(ids, BODIES, strict=False):
            c.execute(update(Article).where(Article.id == aid).values(body=body))
    with svc.db.read() as s:
        want = dict(s.execute(select(Article.id, Article.body)).all())
    seen: list[str] = []

    def watch(conn, cursor, statement, *rest):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(svc.db.engine, "before_cursor_execute", watch)
    try:
        got = list(source.load_bodies(svc.db, ids, chunk=3))
    finally:
        event.remove(svc.db.engine, "before_cursor_execute", watch)
    assert len(got) == len(ids) and dict(got) == want
    chunks = [st for st in seen if "FROM articles" in st]
    assert len(chunks) == -(-len(ids) // 3) and all("json_group_array" in st for st in chunks)
    assert [dict(got)[i] for i in ids[:len(BODIES)]] == BODIES


def test_bodies_are_read_row_by_row_where_sqlite_has_no_json(site):
    """A SQLite without JSON functions (or one that refuses them) reads the bodies as rows."""
    import sqlite3

    from sqlalchemy import event, select

    from app.core.models import Article
    from app.publish.site import source

    svc, _ = site

    class Refused:
        def step(self, value: object) -> None:
            raise sqlite3.OperationalError("no JSON here")

        def finalize(self) -> None:
            return None

    def no_json(dbapi_conn, _rec):  # type: ignore[no-untyped-def]
        dbapi_conn.create_aggregate("json_group_array", 1, Refused)

    svc.db.engine.dispose()
    event.listen(svc.db.engine, "connect", no_json)
    try:
        with svc.db.read() as s:
            want = dict(s.execute(select(Article.id, Article.body)).all())
            refused = s.execute(select(Article.id).where(Article.id.in_(want)))  # the engine still works
            assert sorted(refused.scalars()) == sorted(want)
        assert dict(source.load_bodies(svc.db, list(want), chunk=2)) == want
    finally:
        event.remove(svc.db.engine, "connect", no_json)
        svc.db.engine.dispose()


def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "newsdesk-checkpoint"]


def test_a_cold_export_moves_sqlites_log_into_the_file_from_a_thread_of_its_own(site, tmp_path, monkeypatch):
    """Each batch of rendered bodies written into the render cache wakes a thread that checkpoints
    SQLite's log (render_store.checkpoint_in_background), instead of the export's commit doing it
    and waiting for the disk; the thread ends with the export."""
    from app.core.db import Database

    svc, _ = site
    made: list[render_store._Checkpointer] = []
    real = render_store._Checkpointer

    def recorded(db):  # type: ignore[no-untyped-def]
        made.append(real(db))
        return made[-1]

    monkeypatch.setattr(render_store, "_Checkpointer", recorded)
    monkeypatch.setattr(render_store, "FLUSH_ROWS", 1)  # a transaction per body: several passes
    render_store.clear(svc.db)
    res = export_site(svc, tmp_path / "s", workers=1)
    assert res.bodies_rendered == res.articles >= 3
    assert len(made) == 1 and made[0].passes >= 1 and not _checkpoint_threads()
    ids = {a.id for a in svc.articles.published()}
    assert render_store.RenderStore(svc.db).lookup(ids).keys() == ids
    warm = export_site(svc, tmp_path / "t", workers=1, full=True)  # nothing to write: no passes
    assert warm.bodies_rendered == 0 and len(made) == 2 and made[1].passes == 0 and not _checkpoint_threads()
    for url in ("sqlite://", "postgresql+psycopg://nobody@127.0.0.1:1/none"):  # no file: no thread (no connection made)
        store = render_store.RenderStore(Database(url))
        store.checkpoint_in_background()
        assert store._checkpoints is None and len(made) == 2


def test_the_checkpoint_thread_ends_when_an_export_fails(site, tmp_path, monkeypatch):
    svc, _ = site
    real_replace = os.replace

    def full_disk(src, dst):  # type: ignore[no-untyped-def]
        if str(dst).endswith(".html"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(export_mod.os, "replace", full_disk)
    render_store.clear(svc.db)
    with pytest.raises(export_mod.ExportError):
        export_site(svc, tmp_path / "s", workers=1)
    assert not _checkpoint_threads()


def test_reading_bodies_holds_no_snapshot_between_chunks(site):
    """source.load_bodies reads each chunk in a short transaction of its own: between chunks no
    read holds SQLite's log, so a checkpoint can empty it (the export's render cache writes
    otherwise piled up in the log until the last body was read, then one commit copied them all)."""
    import sqlite3

    from app.publish.site import source

    svc, _ = site
    render_store.clear(svc.db)  # something in the log
    ids = sorted(a.id for a in svc.articles.published())
    assert len(ids) >= 3
    bodies = source.load_bodies(svc.db, ids, chunk=2)
    first = next(bodies)
    other = sqlite3.connect(str(svc.db.sqlite_path()), timeout=0)
    try:
        busy, _log, _done = other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        other.close()
    rest = list(bodies)
    assert busy == 0  # no reader in the way
    assert len([first, *rest]) == len(ids)


def test_the_garbage_collector_runs_less_often_during_an_export_only(site, tmp_path):
    """An export raises the cyclic collector's thresholds while it runs (its containers live
    until its end; at the defaults the collector cost 15-20 % of its CPU) and puts them back."""
    import gc

    svc, out = site
    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    export_site(svc, out, progress=lambda done, total, what: seen.append(gc.get_threshold()))
    assert seen and all(t[0] >= export_mod.GC_THRESHOLD[0] for t in seen)
    assert gc.get_threshold() == before
    with pytest.raises(export_mod.ExportError):
        export_site(svc, tmp_path / "file-not-folder" if (tmp_path / "file-not-folder").write_text("x") else out)
    assert gc.get_threshold() == before  # also after a failed export


def test_related_lists_started_before_the_load_are_computed_again_when_an_article_changed_between(
        site, tmp_path, monkeypatch):
    """A pooled export sends the related lists' terms to the other process before it loads the
    articles; if an article's keywords changed in between, the lists come from what was loaded."""
    svc, _ = site
    monkeypatch.setattr(export_mod, "POOL_THRESHOLD", 1)
    export_site(svc, tmp_path / "one", workers=1)
    real = export_mod.source.load_terms
    seen = []

    def stale(db):  # type: ignore[no-untyped-def]
        rows = real(db)
        seen.append(len(rows))
        aid, _, title = rows[0]
        return [(aid, ["一条旧的关键词"], title), *rows[1:]]  # as the article was a moment before

    monkeypatch.setattr(export_mod.source, "load_terms", stale)
    export_site(svc, tmp_path / "two", workers=2, full=True)
    assert seen, "the terms were not read before the articles"
    related = [json.loads((tmp_path / d / ".newsdesk" / "related.json").read_text("utf-8")) for d in ("two", "one")]
    assert related[0] == related[1] and related[0]["related"]
    assert site_files(tmp_path / "two") == site_files(tmp_path / "one")
