"""The WordPress adapter against a real WordPress (shared/tools/wordpress-up.sh), through the
outbox. Skips, saying why, when none is reachable; the CI script starts one."""

from __future__ import annotations

import os
import random
import struct
import uuid
import zlib
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from app.core.clock import utcnow
from app.core.domain import Status
from app.core.services.articles import ArticleQuery
from app.publish import secrets
from app.publish.outbox import Outbox
from app.publish.targets.base import RemoteRef
from app.publish.targets.wordpress import WordPressAdapter, post_slug
from tests.conftest import actor
from tests.publish.portal_server import publish_new

pytestmark = pytest.mark.wordpress


def _wp_env() -> dict[str, str]:
    """The credentials .ci/run exports (WP_*), else the file wordpress-up.sh writes."""
    keys = ("WP_BASE_URL", "WP_REST_URL", "WP_USER", "WP_APP_PASSWORD")
    if all(os.environ.get(k) for k in keys):
        return {k: os.environ[k] for k in keys}
    path = Path(os.environ.get("WP_STATE_DIR") or Path(os.environ.get("TMPDIR", "/tmp")) / "newsdesk-wordpress") \
        / "wordpress.env"
    if not path.exists():
        return {}
    env = {}
    for line in path.read_text().splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            env[k.strip()] = v.strip().strip("'\"")
    return env


def _reachable(env: dict[str, str]) -> str:
    if not env:
        return "no WordPress credentials (run shared/tools/wordpress-up.sh as root)"
    try:
        r = httpx.get(env["WP_REST_URL"], timeout=5)
    except httpx.HTTPError as exc:
        return f"WordPress at {env['WP_REST_URL']} is not reachable ({type(exc).__name__})"
    return "" if r.status_code == 200 else f"WordPress REST root answered HTTP {r.status_code}"


WP = _wp_env()
_WHY = _reachable(WP)
if _WHY:
    pytestmark = [pytest.mark.wordpress, pytest.mark.skip(reason=_WHY)]


def png(seed: int) -> bytes:
    """A real 2×2 PNG, different per seed (WordPress makes thumbnails of it)."""
    raw = b"".join(b"\x00" + bytes([seed % 256, (seed * 7) % 256, 90] * 2) for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def wp():
    client = httpx.Client(base_url=WP["WP_REST_URL"], auth=(WP["WP_USER"], WP["WP_APP_PASSWORD"]), timeout=30)
    yield client
    client.close()


def add_wp(svc, name="WordPress", **options):
    t = svc.targets.add(actor(svc, "admin"), name, "wordpress", WP["WP_BASE_URL"], username=WP["WP_USER"],
                        options={"timeout": 30, **options})
    secrets.set_secret(name, WP["WP_APP_PASSWORD"])
    return t


def posts_with_slug(wp, article_uuid: str) -> list[dict]:
    r = wp.get("wp/v2/posts", params={"slug": post_slug(article_uuid), "status": "publish,future,draft,trash",
                                      "context": "edit"})
    r.raise_for_status()
    return r.json()


def drain(svc) -> None:
    report = Outbox(svc, base_delay=0.05, max_delay=0.5, rng=random.Random(3)).drain(max_wait=60)
    assert report.failed == 0 and not report.errors, report.events


def test_reference_article_on_wordpress_with_categories_tags_and_credits(demo, wp, file_keyring):
    svc = demo
    t = add_wp(svc)
    svc.targets.enqueue_published(actor(svc, "admin"), t.id)
    drain(svc)
    ref = next(a for a in svc.articles.published() if a.origin.value == "reprint")
    posts = posts_with_slug(wp, ref.uuid)
    assert len(posts) == 1
    post = posts[0]
    assert post["status"] == "publish"
    assert post["title"]["raw"] == ref.title
    content = post["content"]["raw"]
    assert "来源：<a href=\"https://www.yybnet.net/\">陇东报</a>" in content
    assert "记者王忠德 特约记者李有安" in content
    assert "责任编辑：" in content and ref.responsible_editor_name in content
    assert "安宁区" in content  # the body itself
    # categories: the channel's whole path, as a tree
    cats = {c["id"]: c for c in wp.get("wp/v2/categories", params={"per_page": 100}).json()}
    channels = {c.id: c for c in svc.admin.channels()}
    leaf = cats[post["categories"][0]]
    names = []
    cur = leaf
    while cur:
        names.append(cur["name"])
        cur = cats.get(cur["parent"])
    assert list(reversed(names)) == channels[ref.primary_channel_id].path
    tags = {x["name"] for x in wp.get("wp/v2/tags", params={"include": ",".join(map(str, post["tags"]))}).json()}
    assert tags == set(ref.keywords)
    # the post date is the newsroom's publish time, in the site's time zone (Asia/Shanghai)
    assert post["date_gmt"] == ref.first_published_at.strftime("%Y-%m-%dT%H:%M:%S")
    assert post["date"] == (ref.first_published_at + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S")


def test_correction_updates_the_same_post_and_withdraw_makes_it_a_draft(sqlite_demo, wp, file_keyring):
    svc = sqlite_demo
    add_wp(svc)
    chief = actor(svc, "zongbian")
    tag = uuid.uuid4().hex[:6]
    a = publish_new(svc, f"更正测试{tag}", "第一版正文。", keywords=[f"词{tag}"])
    drain(svc)
    first = posts_with_slug(wp, a.uuid)
    assert len(first) == 1
    svc.review.correct(chief, a.id, "标题有误", {"body": "第二版正文。", "title": f"更正后的标题{tag}"}, a.version)
    drain(svc)
    posts = posts_with_slug(wp, a.uuid)
    assert [p["id"] for p in posts] == [first[0]["id"]]  # the same post, updated
    assert posts[0]["title"]["raw"] == f"更正后的标题{tag}"
    assert "第二版正文。" in posts[0]["content"]["raw"] and "更正：标题有误" in posts[0]["content"]["raw"]
    svc.review.withdraw(chief, a.id, "撤稿测试")
    drain(svc)
    posts = posts_with_slug(wp, a.uuid)
    assert [(p["id"], p["status"]) for p in posts] == [(first[0]["id"], "draft")]


def test_withdraw_to_trash_and_republish_brings_back_the_same_post(sqlite_demo, wp, file_keyring):
    svc = sqlite_demo
    t = add_wp(svc, withdraw="trash")
    chief = actor(svc, "zongbian")
    a = publish_new(svc, f"回收站测试{uuid.uuid4().hex[:6]}", "正文。")
    drain(svc)
    pid = posts_with_slug(wp, a.uuid)[0]["id"]
    svc.review.withdraw(chief, a.id, "撤稿")
    drain(svc)
    r = wp.get(f"wp/v2/posts/{pid}", params={"context": "edit"})
    assert r.json()["status"] == "trash"
    # the adapter updates the trashed post instead of making a second one
    adapter = WordPressAdapter(svc, svc.targets.get(t.id), WP["WP_APP_PASSWORD"])
    try:
        art = svc.articles.system_get(a.id)
        out = adapter.publish(art, RemoteRef(str(pid), art.version - 1))
    finally:
        adapter.close()
    assert out.remote_id == str(pid)
    posts = posts_with_slug(wp, a.uuid)
    assert [(p["id"], p["status"]) for p in posts] == [(pid, "publish")]


def test_cover_becomes_featured_media_and_inline_images_are_uploaded(sqlite_demo, wp, file_keyring):
    svc = sqlite_demo
    add_wp(svc)
    seed = random.randrange(1 << 30)
    cover = svc.assets.add(None, png(seed), "cover.png")
    inline = svc.assets.add(None, png(seed + 1), "inline.png")
    for img in (cover, inline):  # caption and credit are needed to sign
        svc.media.update(actor(svc, "zhangmin"), img.id, caption="现场", credit="摄影 张敏")
    a = publish_new(svc, f"封面测试{seed}", f"图片如下：\n\n![现场](asset:{inline.sha256})\n\n结尾。",
                    cover_asset_id=cover.id)
    drain(svc)
    post = posts_with_slug(wp, a.uuid)[0]
    assert post["featured_media"] > 0
    media = wp.get(f"wp/v2/media/{post['featured_media']}").json()
    assert httpx.get(media["source_url"], timeout=10).content == png(seed)
    assert "asset:" not in post["content"]["raw"]
    inline_media = wp.get("wp/v2/media", params={"slug": f"nd-{inline.sha256[:24]}"}).json()
    assert len(inline_media) == 1 and inline_media[0]["source_url"] in post["content"]["raw"]


def test_crash_after_create_does_not_make_a_second_post(sqlite_demo, wp, file_keyring):
    """The post was created but the worker died before recording it: found again by slug."""
    svc = sqlite_demo
    t = add_wp(svc)
    a = publish_new(svc, f"崩溃测试{uuid.uuid4().hex[:6]}", "正文。")
    adapter = WordPressAdapter(svc, svc.targets.get(t.id), WP["WP_APP_PASSWORD"])
    try:
        first = adapter.publish(svc.articles.system_get(a.id), None)  # delivered, never recorded
    finally:
        adapter.close()
    drain(svc)  # the job runs again with no mapping
    posts = posts_with_slug(wp, a.uuid)
    assert [str(p["id"]) for p in posts] == [first.remote_id]


def test_scheduled_article_becomes_a_future_post_in_site_time(sqlite_demo, wp, file_keyring):
    """Through the outbox: scheduling writes a job that makes a `future` post; publishing when
    due turns the same post live; nothing is duplicated."""
    svc = sqlite_demo
    add_wp(svc)
    chief = actor(svc, "zongbian")
    approved = svc.articles.list(chief, ArticleQuery(statuses=[Status.APPROVED])).rows[0]
    when = (utcnow() + timedelta(days=3)).replace(microsecond=0, second=0)
    art = svc.review.schedule(chief, approved.id, when)
    drain(svc)
    posts = posts_with_slug(wp, art.uuid)
    assert len(posts) == 1
    post = posts[0]
    assert post["status"] == "future"
    assert post["date"] == (when + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S")
    assert post["date_gmt"] == when.strftime("%Y-%m-%dT%H:%M:%S")
    report = svc.review.publish_due(chief, now=when + timedelta(seconds=10))
    assert art.id in report.published
    drain(svc)
    posts = posts_with_slug(wp, art.uuid)
    assert [p["id"] for p in posts] == [post["id"]] and posts[0]["status"] == "publish"


def test_existing_terms_are_reused_not_duplicated(sqlite_demo, wp, file_keyring):
    """A category the site already has (by slug) and a tag by name (400 term_exists →
    data.term_id) are reused."""
    svc = sqlite_demo
    admin = actor(svc, "admin")
    tag = uuid.uuid4().hex[:6]
    ch = svc.admin.add_channel(admin, f"新栏目{tag}", f"ch-{tag}")
    made_cat = wp.post("wp/v2/categories", json={"name": f"手建栏目{tag}", "slug": f"ch-{tag}"}).json()
    made_tag = wp.post("wp/v2/tags", json={"name": f"关键词{tag}"}).json()
    t = add_wp(svc)
    adapter = WordPressAdapter(svc, svc.targets.get(t.id), WP["WP_APP_PASSWORD"])
    try:
        art = svc.articles.system_get(publish_new(svc, "栏目复用", "正文。").id)
        art.primary_channel_id = ch.id
        art.keywords = [f"关键词{tag}"]
        assert adapter.category_ids(art) == [made_cat["id"]]
        assert adapter.tag_ids(art) == [made_tag["id"]]
    finally:
        adapter.close()


def test_wrong_application_password_fails_with_a_clear_message(sqlite_demo, wp, file_keyring):
    svc = sqlite_demo
    add_wp(svc)
    secrets.set_secret("WordPress", "xxxx xxxx xxxx xxxx xxxx xxxx")
    publish_new(svc, "错误密码", "正文。")
    report = Outbox(svc, base_delay=0.05).drain(max_wait=10)
    assert report.failed == 1
    job = svc.targets.jobs()[0]
    assert job.state == "failed" and "401" in job.last_error and "WordPress" in job.last_error


def test_post_deleted_on_the_site_is_published_afresh_once(sqlite_demo, wp, file_keyring):
    svc = sqlite_demo
    chief = actor(svc, "zongbian")
    add_wp(svc)
    a = publish_new(svc, f"被删测试{uuid.uuid4().hex[:6]}", "第一版。")
    drain(svc)
    pid = posts_with_slug(wp, a.uuid)[0]["id"]
    wp.delete(f"wp/v2/posts/{pid}", params={"force": "true"}).raise_for_status()
    svc.review.correct(chief, a.id, "补充", {"body": "第二版。"}, a.version)
    drain(svc)
    posts = posts_with_slug(wp, a.uuid)
    assert len(posts) == 1 and posts[0]["id"] != pid and "第二版。" in posts[0]["content"]["raw"]
