"""An imported article becomes a new draft: the one mapping from ImportedArticle to the
article service, for the command line and the desk alike.

Images go to the asset store and the body's ``![](imageN.png)`` references are pointed at
``asset:<sha256>``; a 来源 name makes the draft a reprint of that source (created if missing);
a channel hint (the page's breadcrumb) picks the primary channel when a channel has that name.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.core.domain import Actor, ArticleData
from app.core.errors import NewsdeskError
from app.core.importers import ImportedArticle
from app.core.importers.portal import CHINA_TZ

# ``services`` is app.core.services.Services; typed loosely so this module stays importable (and
# type-checkable) without pulling in every service.
Services = Any

# Field lengths the article model accepts.
LIMITS = {"pretitle": 200, "title": 200, "subtitle": 200, "dateline": 64, "summary": 2000}


def draft_fields(services: Services, actor: Actor, imp: ImportedArticle) -> dict[str, Any]:
    """ArticleService.create fields for *imp* (stores its images as assets)."""
    body = imp.body_markdown
    for filename, _mime, data in imp.images:
        try:
            asset = services.assets.add(actor, data, filename)
        except NewsdeskError:
            continue  # an image the store refuses (too large, not an image) is left out
        body = re.sub(r"\]\((?:asset:)?" + re.escape(filename) + r"\)", f"](asset:{asset.sha256})", body)
    when = imp.original_time
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=_newsroom_zone(services))
    fields: dict[str, Any] = {
        "pretitle": imp.pretitle, "title": imp.title, "subtitle": imp.subtitle,
        "summary": imp.summary, "body": body, "dateline": imp.dateline, "source_url": imp.source_url,
        "original_time": when, "keywords": list(imp.keywords),
    }
    if imp.contributors:
        fields["contributors"] = list(imp.contributors)
    if imp.source_name:
        fields["source_id"] = services.admin.ensure_source(actor, imp.source_name).id
        fields["origin"] = "reprint"
        fields["original_title"] = imp.title
        if imp.contributors:
            fields["original_author"] = "、".join(c.name for c in imp.contributors)
    if imp.channel_hint:
        for c in services.admin.channels():
            if c.name == imp.channel_hint:
                fields["primary_channel_id"] = c.id
                break
    for key, n in LIMITS.items():
        value = fields.get(key)
        if isinstance(value, str) and len(value) > n:
            fields[key] = value[:n]
    return {k: v for k, v in fields.items() if v not in (None, "") or k == "title"}


def _newsroom_zone(services: Services) -> tzinfo:
    name = services.admin.setting("timezone") or "Asia/Shanghai"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return CHINA_TZ


def create_draft(services: Services, actor: Actor, imp: ImportedArticle, reason: str = "import") -> ArticleData:
    """Make a new draft from *imp* as *actor*; returns the stored article. What the import
    warned about (e.g. bytes that were not valid UTF-8) is left as a comment on the draft."""
    article = services.articles.create(actor, reason=reason, **draft_fields(services, actor, imp))
    if imp.warnings:
        services.articles.add_comment(actor, article.id, "导入提示 / Import note: " + " ".join(
            f"{zh} {en}" for zh, en in imp.warnings))
    return article
