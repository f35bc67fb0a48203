"""WordPress gets the library's photos with caption (图说 + credit), alt text and the credit, and a
图集's photos in order — against the real WordPress (shared/tools/wordpress-up.sh)."""

from __future__ import annotations

import random

import httpx
import pytest

from tests.conftest import actor
from tests.media.fixtures import photo
from tests.publish.test_wordpress import _WHY, add_wp, drain, posts_with_slug, wp  # noqa: F401 (fixture)

if _WHY:
    pytestmark = [pytest.mark.wordpress, pytest.mark.skip(reason=_WHY)]


def test_media_carry_caption_credit_alt_and_the_gallery(sqlite_demo, wp, file_keyring):  # noqa: F811
    svc = sqlite_demo
    add_wp(svc)
    seed = random.randrange(1 << 30)
    r = actor(svc, "wangzd")
    cover, _ = svc.media.import_bytes(r, photo(640, 480, seed=seed), "cover.jpg", caption=f"泾河晨雾{seed}",
                                      credit="摄影 王志东", alt="晨雾中的泾河大桥")
    shots = [svc.media.import_bytes(r, photo(400, 300, seed=seed + i + 1), f"g{i}.jpg", caption=f"第{i + 1}张",
                                    credit="新华社", rights="reprint", rights_source="新华社")[0] for i in range(2)]
    ch = {c.name: c.id for c in svc.admin.channels()}
    a = svc.articles.create(r, title=f"图集{seed}", body="一组照片。", dateline="本报讯",
                            primary_channel_id=ch["平凉新闻"], cover_asset_id=cover.id)
    svc.media.set_gallery(r, a.id, [(s.id, "") for s in shots])
    svc.review.submit(r, a.id)
    for who in ("chushen", "fushen", "zongbian"):
        svc.review.sign(actor(svc, who), a.id, "ok")
    svc.review.publish_now(actor(svc, "zongbian"), a.id)
    drain(svc)
    post = posts_with_slug(wp, a.uuid)[0]
    media = wp.get(f"wp/v2/media/{post['featured_media']}", params={"context": "edit"}).json()
    assert media["caption"]["raw"] == f"泾河晨雾{seed}（摄影 王志东）"
    assert media["alt_text"] == "晨雾中的泾河大桥"
    assert media["description"]["raw"] == "摄影 王志东"
    got = httpx.get(media["source_url"], timeout=10).content
    assert got == svc.media.data(cover.id) and b"Exif" not in got  # the cleaned photo, no GPS
    content = post["content"]["raw"]
    assert content.index("1/2 第1张") < content.index("2/2 第2张") and "新华社" in content
    for s in shots:
        m = wp.get("wp/v2/media", params={"slug": f"nd-{s.sha256[:24]}", "context": "edit"}).json()[0]
        assert m["caption"]["raw"] == f"{s.caption}（新华社）" and m["source_url"] in content


def test_a_wordpress_target_with_a_watermark_gets_marked_copies_only(sqlite_demo, wp, file_keyring):  # noqa: F811
    """The target's watermark is on what WordPress receives; the photo in the library stays clean.
    A watermark that is not JSON (or has no text or image) is refused with a message."""
    import io
    import json

    from PIL import Image, ImageChops

    from app.core.errors import ValidationError

    svc = sqlite_demo
    with pytest.raises(ValidationError, match="JSON"):
        add_wp(svc, name="WordPress-bad", watermark="陇东报")
    add_wp(svc, watermark=json.dumps({"text": "陇东报", "corner": "br", "opacity": 0.8}))
    seed = random.randrange(1 << 30)
    r = actor(svc, "wangzd")
    # a dark photo (the white mark shows on it), made unique by this run's seed
    dark = Image.new("RGB", (800, 600), (40, 52, 64))
    dark.paste((seed % 200, 90, 120), (0, 0, 40, 40))
    buf = io.BytesIO()
    dark.save(buf, "JPEG", quality=92)
    cover, _ = svc.media.import_bytes(r, buf.getvalue(), "mark.jpg", caption=f"水印{seed}",
                                      credit="摄影 王志东", alt="水印测试")
    original = svc.media.data(cover.id)
    ch = {c.name: c.id for c in svc.admin.channels()}
    a = svc.articles.create(r, title=f"水印{seed}", body="正文。", dateline="本报讯",
                            primary_channel_id=ch["平凉新闻"], cover_asset_id=cover.id)
    svc.review.submit(r, a.id)
    for who in ("chushen", "fushen", "zongbian"):
        svc.review.sign(actor(svc, who), a.id, "ok")
    svc.review.publish_now(actor(svc, "zongbian"), a.id)
    drain(svc)
    post = posts_with_slug(wp, a.uuid)[0]
    media = wp.get(f"wp/v2/media/{post['featured_media']}", params={"context": "edit"}).json()
    got = httpx.get(media["source_url"], timeout=10).content
    assert got != original and svc.media.data(cover.id) == original  # marked there, clean here
    theirs = Image.open(io.BytesIO(got)).convert("RGB")
    ours = Image.open(io.BytesIO(original)).convert("RGB")
    assert theirs.size == ours.size == (800, 600)
    diff = ImageChops.difference(theirs, ours).convert("L")
    w, h = diff.size

    def changed(box: tuple[int, int, int, int]) -> int:  # pixels the mark (not JPEG's noise) changed
        return sum(diff.crop(box).point(lambda v: 255 if v > 24 else 0).histogram()[255:])

    corner = changed((w // 2, h * 3 // 4, w, h))  # bottom right: the mark
    far = changed((0, 0, w // 2, h // 4))  # top left, the same area: nothing but re-encoding
    assert corner > 200 and far * 10 < corner, (corner, far)
