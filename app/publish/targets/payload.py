"""The article as a push target receives it: the exact version a job names (an editor may have
saved later edits that are not published yet), and the portal JSON of docs/portal-api.yaml."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.core.domain import ArticleData, ChannelData, Status
from app.core.models import Asset, Revision, Source
from app.core.services.articles import data_from_snapshot
from app.publish.escaping import correction_text, json_value
from app.publish.render import asset_refs, breadcrumb, byline, local_time, render_body

if TYPE_CHECKING:
    from app.core.services import Services

SCHEMA_VERSION = 1
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}


def article_at_version(services: Services, article_id: int, version: int) -> ArticleData:
    """The article as it was at ``version`` (its current state when that is the version)."""
    current = services.articles.system_get(article_id)
    if current.version == version:
        return current
    with services.db.read() as s:
        snaps = [r.snapshot for r in s.scalars(select(Revision).where(Revision.article_id == article_id)
                                               .order_by(Revision.number.desc()))]
        snap = next((x for x in snaps if x.get("version") == version), None)
        if snap is None:  # no revision records that version: the nearest older one
            older = [x for x in snaps if int(x.get("version") or 0) < version]
            snap = older[0] if older else None
        if snap is None:
            return current
        source_name = (s.scalar(select(Source.name).where(Source.id == snap.get("source_id")))
                       if snap.get("source_id") else "") or ""
        cover_sha = (s.scalar(select(Asset.sha256).where(Asset.id == snap.get("cover_asset_id")))
                     if snap.get("cover_asset_id") else None)
    return replace(
        current, version=version, status=Status(snap.get("status") or current.status),
        source_name=source_name, cover_sha256=cover_sha,
        **data_from_snapshot(snap),  # every field of the registry, as that version had it
    )


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def _channel(c: ChannelData | None, channels: list[ChannelData]) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"id": c.id, "name": c.name, "slug": c.slug, "path": list(c.path),
            "slugs": [x.slug for x in breadcrumb(channels, c.id)], "slogan": c.slogan}


def site_path(article: ArticleData, channels: list[ChannelData], tz: str) -> str:
    """The article's stable URL on our static site: /<channel-slug>/<yyyy>/<mm>/<dd>/<id>.html."""
    by_id = {c.id: c for c in channels}
    ch = by_id.get(article.primary_channel_id) if article.primary_channel_id else None
    when = local_time(article.first_published_at or article.created_at, tz)
    day = when.strftime("%Y/%m/%d") if when else "0000/00/00"
    return f"/{ch.slug if ch else 'news'}/{day}/{article.id}.html"


def asset_url_for(asset_base: str, mime_of: dict[str, str]):  # type: ignore[no-untyped-def]
    base = asset_base if asset_base.endswith("/") else asset_base + "/"

    def url(sha: str) -> str:
        return f"{base}{sha}.{EXTENSIONS.get(mime_of.get(sha, ''), 'bin')}"

    return url


def article_assets(services: Services, article: ArticleData) -> list[dict[str, Any]]:
    """Every image the article uses (cover first), as {sha256, mime, filename, role}."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    wanted = ([(article.cover_sha256, "cover")] if article.cover_sha256 else []) + [
        (sha, "inline") for sha in sorted(asset_refs(article.body))]
    for sha, role in wanted:
        if sha in seen:
            continue
        seen.add(sha)
        try:
            info = services.assets.info(sha)
        except Exception:  # a body may name an image that is not in the store: skip, not fail
            continue
        out.append({"sha256": sha, "mime": info.mime, "filename": info.filename, "size": info.size,
                    "width": info.width, "height": info.height, "role": role})
    return out


def portal_article(services: Services, article: ArticleData, *, asset_base: str = "/assets/",
                   channels: list[ChannelData] | None = None, tz: str | None = None) -> dict[str, Any]:
    """The article JSON of docs/portal-api.yaml (schema ``Article``): every field the site
    export shows, the Markdown and the rendered, sanitised HTML body."""
    channels = channels if channels is not None else services.admin.channels()
    tz = tz or services.admin.setting("timezone") or "Asia/Shanghai"
    by_id = {c.id: c for c in channels}
    assets = article_assets(services, article)
    mime_of = {a["sha256"]: a["mime"] for a in assets}
    url = asset_url_for(asset_base, mime_of)
    cover = next((a for a in assets if a["role"] == "cover"), None)
    return json_value({  # type: ignore[no-any-return]
        "schema": SCHEMA_VERSION,
        "uuid": article.uuid,
        "version": article.version,
        "id": article.id,
        "status": article.status.value,
        "pretitle": article.pretitle,
        "title": article.title,
        "subtitle": article.subtitle,
        "summary": article.summary,
        "dateline": article.dateline,
        "body_markdown": article.body,
        "body_html": render_body(article.body, url),
        "origin": article.origin.value,
        "source": {"name": article.source_name, "url": article.source_url},
        "original": {"author": article.original_author, "title": article.original_title,
                     "time": _iso(article.original_time)},
        "contributors": [{"role": c.role, "name": c.name} for c in article.contributors],
        "byline": byline(article),
        "keywords": list(article.keywords),
        "topics": list(article.topics),
        "level": article.level,
        "is_hot": article.is_hot,
        "channel": _channel(by_id.get(article.primary_channel_id or -1), channels),
        "secondary_channels": [_channel(by_id[c], channels) for c in article.secondary_channel_ids if c in by_id],
        "cover": ({"sha256": cover["sha256"], "mime": cover["mime"], "url": url(cover["sha256"]),
                   "width": cover["width"], "height": cover["height"]} if cover else None),
        "assets": [dict(a, url=url(a["sha256"])) for a in assets],
        "author": article.author_name,
        "responsible_editor": article.responsible_editor_name,
        "signer": article.signer_name,
        "first_published_at": _iso(article.first_published_at),
        "updated_published_at": _iso(article.updated_published_at),
        "scheduled_at": _iso(article.scheduled_at),
        "correction_note": correction_text(article.correction_note),
        "path": site_path(article, channels, tz),
        "timezone": tz,
    })
