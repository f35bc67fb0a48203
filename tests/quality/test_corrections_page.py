"""The public 更正 log in the exported site: page, links from corrected pages, the feed, and the
page as headless Chromium shows it."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from app.publish.site.export import export_site
from tests.conftest import actor
from tests.publish.test_site_export import channel_id, outline, page_path, publish_article

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def corrected_site(sqlite_demo, tmp_path):
    svc = sqlite_demo
    chief = actor(svc, "zongbian")
    a = publish_article(svc, title="泾川县苹果节开幕", body="苹果节吸引游客3万人次。", dateline="本报讯",
                        primary_channel_id=channel_id(svc, "泾川新闻"))
    svc.review.correct(chief, a.id, "游客人数应为2万人次，原稿有误", changes={"body": "苹果节吸引游客2万人次。"})
    b = publish_article(svc, title="灵台县新建大桥通车", body="大桥今日通车。", dateline="本报讯",
                        primary_channel_id=channel_id(svc, "灵台新闻"))
    svc.review.withdraw(chief, b.id, "通车日期未定，稿件撤回")
    out = tmp_path / "site"
    export_site(svc, out)
    return svc, out, a, b


def test_corrections_page_lists_each_correction_and_withdrawal(corrected_site):
    svc, out, a, b = corrected_site
    page = out / "corrections.html"
    o = outline(page)
    texts = o.texts()
    assert "更正与撤稿" in texts
    entries = [t for tag, cls, t in o.items if tag == "li" and "correction-entry" in cls]
    assert len(entries) >= 2
    # newest first: the withdrawal came after the correction
    assert "撤稿" in entries[0] and "灵台县新建大桥通车" in entries[0] and "通车日期未定" in entries[0]
    assert "更正" in entries[1] and "泾川县苹果节开幕" in entries[1] and "游客人数应为2万人次" in entries[1]
    html = page.read_text("utf-8")
    # the corrected article is linked, the withdrawn one only named (its page is gone)
    corrected_url = page_path(out, svc, a.id).relative_to(out).as_posix()
    assert corrected_url in o.links
    assert f'id="a-{a.uuid}"' in html and f'id="a-{b.uuid}"' in html
    assert not any("灵台县新建大桥通车" in t for tag, _, t in o.items if tag == "a")


def test_corrected_page_links_to_its_entry_and_the_feed_carries_corrections(corrected_site):
    svc, out, a, _ = corrected_site
    article = page_path(out, svc, a.id)
    o = outline(article)
    link = next(h for h in o.links if "corrections.html" in h)
    assert link.endswith(f"corrections.html#a-{a.uuid}")
    assert (article.parent / link.split("#")[0]).resolve() == (out / "corrections.html").resolve()
    feed = ET.parse(out / "corrections.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles[:2] == ["【撤稿】灵台县新建大桥通车", "【更正】泾川县苹果节开幕"]
    summaries = [e.findtext(f"{ATOM}summary") for e in feed.iter(f"{ATOM}entry")]
    assert "游客人数应为2万人次，原稿有误" in summaries
    # an unchanged export rewrites neither
    again = export_site(svc, out)
    assert "corrections.html" not in again.written_paths and "corrections.xml" not in again.written_paths


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_corrections_page_in_headless_chromium(corrected_site, tmp_path):
    svc, out, a, b = corrected_site
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=2000", "--dump-dom", (out / "corrections.html").as_uri() + f"#a-{a.uuid}"],
        capture_output=True, text=True, timeout=120)
    dom = run.stdout
    assert "<html" in dom, run.stderr[-2000:]
    # the browser parsed the page: the entries are elements with their text, the stylesheet is linked
    assert dom.count('class="correction-entry') >= 2
    assert "游客人数应为2万人次，原稿有误" in dom and "通车日期未定，稿件撤回" in dom
    assert f'id="a-{a.uuid}"' in dom and 'rel="stylesheet"' in dom
    # nothing the page needs was refused by its Content-Security-Policy or missing
    assert "Refused to" not in run.stderr and "ERR_FILE_NOT_FOUND" not in run.stderr, run.stderr[-2000:]
