"""The render cache in the database (issue #21), on both engines: bodies rendered when an editor
signs or saves, found by the export, stale as soon as the body changes (by any writer), kept
across a restart (a new process = a new Database on the same data)."""

from __future__ import annotations

from sqlalchemy import select, update

from app.core.db import Database
from app.core.models import Article
from app.core.services import Services
from app.publish import render_store
from app.publish.render import render_body
from app.publish.render_store import RenderStore, render_cache
from app.publish.site.export import export_site
from tests.conftest import actor


def cached_rows(db: Database) -> dict[int, tuple[str, str]]:
    with db.read() as s:
        return {aid: (src, html) for aid, src, html in s.execute(
            select(render_cache.c.article_id, render_cache.c.source, render_cache.c.html))}


def publish(svc: Services, body: str) -> int:
    r = actor(svc, "zhangmin")
    a = svc.articles.create(r, title="安宁区社区服务再升级", body=body, dateline="本报讯",
                            primary_channel_id=svc.admin.channels()[-1].id)
    svc.review.submit(r, a.id)
    svc.review.sign(actor(svc, "chushen"), a.id, "ok")
    svc.review.sign(actor(svc, "fushen"), a.id, "ok")
    chief = actor(svc, "zongbian")
    svc.review.sign(chief, a.id, "签发")
    return svc.review.publish_now(chief, a.id).id


def test_signing_renders_the_body_and_the_export_finds_it(demo, tmp_path):
    render_store.clear(demo.db)
    aid = publish(demo, "安宁区各社区完善**保障机制**，推出社区服务新举措。")
    rows = cached_rows(demo.db)
    assert list(rows) == [aid]  # rendered when signed, not by the export
    assert rows[aid][1] == render_body("安宁区各社区完善**保障机制**，推出社区服务新举措。")
    assert "<strong>保障机制</strong>" in rows[aid][1]
    res = export_site(demo, tmp_path / "site")
    others = len(demo.articles.published()) - 1
    assert res.bodies_rendered == others  # only the articles nobody signed since the cache began
    assert len(cached_rows(demo.db)) == others + 1


def test_cache_survives_a_restart(demo, tmp_path):
    export_site(demo, tmp_path / "a")
    db = Database(demo.db.url)  # another process's view: nothing in memory, nothing in files
    try:
        again = export_site(Services.create(db), tmp_path / "b", full=True, workers=1)
    finally:
        db.dispose()
    assert again.bodies_rendered == 0 and again.articles == len(demo.articles.published())
    assert sorted(p.read_bytes() for p in (tmp_path / "a").rglob("*.html")) == \
        sorted(p.read_bytes() for p in (tmp_path / "b").rglob("*.html"))


def test_a_correction_replaces_the_cached_body(demo, tmp_path):
    """A published article's text changes only through 更正 (the rulebook); the correction renders
    the new body, as an editor's save does before publication."""
    aid = publish(demo, "第一稿正文。")
    export_site(demo, tmp_path / "site")
    chief = actor(demo, "zongbian")
    art = demo.articles.get(chief, aid)
    demo.review.correct(chief, aid, "改正文", {"body": "第二稿正文，**更正**后。"}, art.version)
    assert cached_rows(demo.db)[aid] == ("第二稿正文，**更正**后。", render_body("第二稿正文，**更正**后。"))
    res = export_site(demo, tmp_path / "site")
    assert res.bodies_rendered == 0  # the save rendered it already
    page = next(p for p in (tmp_path / "site").rglob(f"{aid}.html")).read_text("utf-8")
    assert "<strong>更正</strong>" in page and "第一稿" not in page


def test_a_body_changed_behind_the_services_back_is_rendered_again(demo, tmp_path):
    """Raw SQL (a bulk import, a repair) changes the body without the services (it bumps the
    version, so the export knows the page changed): the cached row's source no longer equals the
    body, so it is stale; nothing had to delete it."""
    aid = publish(demo, "旧的正文。")
    export_site(demo, tmp_path / "site")
    with demo.db.session() as s:
        s.execute(update(Article).where(Article.id == aid).values(body="新的正文，*直接*写入。",
                                                                      version=Article.version + 1))
    assert RenderStore(demo.db).lookup([aid]) == {}
    res = export_site(demo, tmp_path / "site")
    assert res.bodies_rendered == 1
    page = next(p for p in (tmp_path / "site").rglob(f"{aid}.html")).read_text("utf-8")
    assert "<em>直接</em>" in page and "旧的正文" not in page
    assert cached_rows(demo.db)[aid][0] == "新的正文，*直接*写入。"


def test_a_new_renderer_makes_every_row_stale(demo, monkeypatch):
    aid = publish(demo, "正文。")
    assert RenderStore(demo.db).lookup([aid])
    monkeypatch.setattr(render_store, "RENDERER", "next")
    assert RenderStore(demo.db).lookup([aid]) == {}


def test_cached_bodies_keep_assets_unresolved_and_pages_resolve_them(demo, tmp_path):
    sha = "ab" * 32
    aid = publish(demo, f"图片：\n\n![城区](asset:{sha})")
    assert f'src="asset:{sha}"' in cached_rows(demo.db)[aid][1]
    export_site(demo, tmp_path / "site")
    page = next(p for p in (tmp_path / "site").rglob(f"{aid}.html")).read_text("utf-8")
    assert f'src="../../../../assets/{sha}.bin"' in page and "asset:" not in page
