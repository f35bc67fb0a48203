"""Renditions and the photo pages of the site export: crops per output, sizes never enlarged, a
watermark on renditions only, srcset/sizes/width/height in the exported page (chosen by headless
Chromium at phone and desktop widths), a 图集 page and the 图文看点 thumbnails."""

from __future__ import annotations

import functools
import http.server
import io
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from PIL import Image

from app.core.domain import Contributor
from app.publish import images
from app.publish.site.export import export_site
from tests.conftest import actor
from tests.media.fixtures import photo

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_crop_boxes_per_output():
    assert images.crop_box(4000, 3000, "cover") == (0, 375, 4000, 2625)  # 16:9 centred
    assert images.crop_box(4000, 3000, "list") == (0, 0, 4000, 3000)  # already 4:3
    x0, y0, x1, y1 = images.crop_box(4000, 3000, "wechat")
    assert abs((x1 - x0) / (y1 - y0) - 2.35) < 0.01
    assert images.crop_box(4000, 3000, "square") == (500, 0, 3500, 3000)
    # a focal point moves the box (clamped to the image); an editor's crop wins
    assert images.crop_box(4000, 3000, "square", focus=(0.05, 0.5)) == (0, 0, 3000, 3000)
    assert images.crop_box(4000, 3000, "cover", crop=(0.1, 0.2, 0.5, 0.375)) == (400, 600, 2400, 1725)
    # a box off the ratio is narrowed about its centre
    assert images.crop_box(4000, 3000, "square", crop=(0.0, 0.0, 0.5, 0.5)) == (250, 0, 1750, 1500)
    assert images.widths_for(4000) == [480, 960, 1600]
    assert images.widths_for(700) == [480, 700]  # never enlarged
    assert images.widths_for(300) == [300]


def test_renditions_sizes_and_watermark_on_renditions_only():
    raw = photo(2000, 1500, seed=7)
    meta = images.ImageMeta("a" * 64, "image/jpeg", 2000, 1500)
    got = images.make_renditions(raw, meta, "cover", [480, 960, 1600])
    sizes = {w: Image.open(io.BytesIO(d)).size for w, d in got.items()}
    assert sizes == {480: (480, 270), 960: (960, 540), 1600: (1600, 900)}
    for d in got.values():
        im = Image.open(io.BytesIO(d))
        assert im.format == "JPEG" and len(im.getexif()) == 0
    wm = images.Watermark(text="陇东报", corner="br", opacity=0.9)
    marked = images.make_renditions(raw, meta, "cover", [960], wm)[960]
    plain = Image.open(io.BytesIO(got[960])).convert("L")
    mim = Image.open(io.BytesIO(marked)).convert("L")
    diff = [abs(a - b) for a, b in zip(plain.tobytes(), mim.tobytes(), strict=True)]
    w = 960
    changed = [i for i, d in enumerate(diff) if d > 40]
    assert changed, "the watermark is visible"
    assert all(i % w > w // 2 and i // w > 540 // 2 for i in changed)  # bottom-right corner only
    small = images.make_renditions(raw, meta, "list", [240], wm)[240]  # thumbnails stay clean
    assert small == images.make_renditions(raw, meta, "list", [240])[240]


def publish(svc, title: str, body: str, **fields):
    r = actor(svc, "zhangmin")
    a = svc.articles.create(r, title=title, body=body, **fields)
    return a


def sign_and_publish(svc, article_id: int):
    svc.review.submit(actor(svc, "zhangmin"), article_id)
    svc.review.sign(actor(svc, "chushen"), article_id, "ok")
    svc.review.sign(actor(svc, "fushen"), article_id, "ok")
    chief = actor(svc, "zongbian")
    svc.review.sign(chief, article_id, "签发")
    return svc.review.publish_now(chief, article_id)


@pytest.fixture
def photo_site(sqlite_demo, tmp_path):
    svc = sqlite_demo
    r = actor(svc, "zhangmin")
    ch = next(c.id for c in svc.admin.channels() if c.name == "平凉新闻")
    inline, _ = svc.media.import_bytes(r, photo(2400, 1600, seed=21), "inline.jpg", caption="城区新貌",
                                       credit="摄影 张敏", alt="平凉城区街景")
    shots = []
    for i in range(3):
        item, _ = svc.media.import_bytes(r, photo(1800, 1200, seed=30 + i), f"g{i}.jpg",
                                         caption=f"第{i + 1}张：泾河岸边", credit="摄影 王志东")
        shots.append(item)
    svc.media.set_crop(r, shots[0].id, "list", (0.0, 0.0, 0.5, 0.5))  # the editor's thumbnail crop
    a = publish(svc, "平凉城区新景", f"城区风貌焕然一新。\n\n![]( asset:{inline.sha256})\n\n结尾。".replace("( ", "("),
                primary_channel_id=ch, contributors=[Contributor("记者", "张敏")])
    sign_and_publish(svc, a.id)
    g = publish(svc, "图集：泾河两岸", "一组照片看泾河。", primary_channel_id=ch)
    svc.media.set_gallery(r, g.id, [(s.id, "") for s in shots])
    sign_and_publish(svc, g.id)
    out = tmp_path / "site"
    export_site(svc, out)
    return svc, out, a, g, inline, shots


def _page(out: Path, title: str) -> Path:
    return next(p for p in out.rglob("*.html") if f"<h1 class=\"title\">{title}</h1>" in p.read_text("utf-8"))


def test_export_writes_renditions_with_srcset(photo_site):
    svc, out, a, g, inline, shots = photo_site
    page = _page(out, "平凉城区新景")
    html = page.read_text("utf-8")
    img = re.search(r'<img[^>]*srcset="([^"]+)"[^>]*>', html)
    assert img, html
    tag = img.group(0)
    assert 'sizes="(max-width: 800px) 100vw, 760px"' in tag and 'width="1600"' in tag and 'height="1067"' in tag
    assert 'alt="平凉城区街景"' in tag  # an empty alt takes the library's
    cands = [c.strip().split(" ") for c in img.group(1).split(",")]
    assert [c[1] for c in cands] == ["480w", "960w", "1600w"]
    for url, w in cands:
        f = (page.parent / url).resolve()
        with Image.open(f) as im:
            assert im.size == (int(w[:-1]), round(int(w[:-1]) * 1600 / 2400)) and im.format == "JPEG"
        assert f.stat().st_size < len(svc.media.data(inline.id))
    # the 图集 page: photos in order with captions and credits
    gpage = _page(out, "图集：泾河两岸").read_text("utf-8")
    caps = re.findall(r'<figcaption><span class="count">(\d)/3</span> ([^<]+)<span class="credit">([^<]+)', gpage)
    assert [c[0] for c in caps] == ["1", "2", "3"] and caps[0][1].strip() == "第1张：泾河岸边"
    assert all(c[2] == "摄影 王志东" for c in caps)
    # 图文看点 lists the gallery first, with its (cropped 4:3 list) thumbnail
    side = re.search(r'<section class="side picture-picks">(.*?)</section>', html, re.S).group(1)
    first = re.search(r'<li><a class="thumb" href="([^"]+)"><img src="([^"]+)"', side)
    assert first and first.group(1).endswith(f"/{g.id}.html")
    thumb = Image.open((page.parent / first.group(2)).resolve())
    assert thumb.size == (480, 360)  # the editor's crop (top-left 900×600, narrowed to 4:3) 480 wide
    assert thumb.getpixel((10, 10))[0] > 200  # the red top-left block of the fixture is in it
    # incremental: nothing to write again
    again = export_site(svc, out)
    assert again.written == 0


def _serve(root: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a, **k):
            pass

    handler = functools.partial(Quiet, directory=str(root))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


PROBE = """<!doctype html><html><head><meta charset=utf-8></head><body>
<iframe id=f src="{page}" style="width:{w}px;height:6000px;border:0"></iframe>
<script>
const f = document.getElementById('f');
f.addEventListener('load', () => {{
  const imgs = [...f.contentDocument.querySelectorAll('.body img, .gallery img')];
  const wait = imgs.map(i => i.complete ? Promise.resolve() : new Promise(r => {{ i.onload = i.onerror = r; }}));
  Promise.all(wait).then(() => {{
    const out = document.createElement('pre'); out.id = 'result';
    out.textContent = imgs.map(i => i.currentSrc.split('-').pop() + ' ' + i.naturalWidth + ' '
                                  + Math.round(i.getBoundingClientRect().width)).join('|');
    document.body.appendChild(out);
  }});
}});
</script></body></html>"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
@pytest.mark.parametrize("width,expect", [(390, "480.jpg"), (1280, "960.jpg")])
def test_chromium_picks_the_rendition_for_the_screen(photo_site, tmp_path, width, expect):
    svc, out, a, g, inline, shots = photo_site
    page = _page(out, "平凉城区新景").relative_to(out).as_posix()
    (out / "_probe.html").write_text(PROBE.format(page="/" + page, w=width), "utf-8")
    srv = _serve(out)
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}/_probe.html"
        res = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                              "--disable-component-update", "--no-first-run", "--force-device-scale-factor=1",
                              f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,6100",
                              "--virtual-time-budget=8000", "--dump-dom", url],
                             capture_output=True, text=True, timeout=120)
    finally:
        srv.shutdown()
        srv.server_close()  # its listening socket
    m = re.search(r'<pre id="result">([^<]*)</pre>', res.stdout)
    assert m, res.stdout[-1500:] + res.stderr[-1500:]
    src, natural, shown = m.group(1).split("|")[0].split(" ")
    assert src == expect  # the browser took the rendition meant for this screen
    assert int(shown) <= width and int(natural) <= int(expect.split(".")[0])
