"""Import a file or a pasted page as a new draft. Plain Python: runs on the writer lane."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from app.core.domain import Actor, ArticleData
from app.core.errors import NewsdeskError


def as_user_error(exc: BaseException) -> BaseException:
    """ImportFailed (the importers' own error) as a NewsdeskError the UI knows how to show."""
    from app.core.importers import ImportFailed

    if isinstance(exc, ImportFailed):
        return NewsdeskError(exc.message_zh, exc.message_en)
    return exc


def _fields(services: Any, actor: Actor, imp: Any) -> dict[str, Any]:
    """ImportedArticle → ArticleService.create fields (images go to the asset store)."""
    body = imp.body_markdown
    for filename, _mime, data in getattr(imp, "images", []) or []:
        try:
            asset = services.assets.add(actor, data, filename)
        except NewsdeskError:
            continue
        # importers reference their images by file name; point those at the stored asset
        body = re.sub(r"\]\((?:asset:)?" + re.escape(filename) + r"\)", f"](asset:{asset.sha256})", body)
    fields: dict[str, Any] = {
        "pretitle": imp.pretitle, "title": imp.title or "", "subtitle": imp.subtitle,
        "summary": imp.summary, "body": body, "dateline": imp.dateline, "source_url": imp.source_url,
        "original_time": imp.original_time, "keywords": list(imp.keywords),
    }
    if imp.contributors:
        fields["contributors"] = list(imp.contributors)
    if imp.source_name:
        fields["source_id"] = services.admin.ensure_source(actor, imp.source_name).id
        fields["origin"] = "reprint"
        fields["original_title"] = imp.title
        if imp.contributors:
            fields["original_author"] = "、".join(c.name for c in imp.contributors)
    if getattr(imp, "channel_hint", ""):
        for c in services.admin.channels():
            if c.name == imp.channel_hint:
                fields["primary_channel_id"] = c.id
                break
    limits = {"pretitle": 200, "title": 200, "subtitle": 200, "dateline": 64, "summary": 2000}
    for k, n in limits.items():
        if isinstance(fields.get(k), str) and len(fields[k]) > n:
            fields[k] = fields[k][:n]
    return {k: v for k, v in fields.items() if v not in (None, "") or k == "title"}


def create_from_file(services: Any, actor: Actor, path: str, job: Any = None) -> ArticleData:
    from app.core.importers import import_file

    if job is not None:
        job.progress(0, 0, Path(path).name)
    imp = import_file(path)
    if job is not None:
        job.check()
    return services.articles.create(actor, reason="import", **_fields(services, actor, imp))


def create_from_text(services: Any, actor: Actor, text: str) -> ArticleData:
    """A portal page's text (headline, source and time line, body, byline) as a new draft."""
    from app.core.importers import import_bytes

    imp = import_bytes(text.encode("utf-8"), "")
    return services.articles.create(actor, reason="import", **_fields(services, actor, imp))
