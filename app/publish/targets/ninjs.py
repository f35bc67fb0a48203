"""IPTC ninjs 2.1 (News in JSON) for syndication: one JSON document per article.

Mapping: uri = urn:uuid:<uuid>, version = our version, headlines (main / 引题 pretitle / 副题
subtitle), descriptions (summary), bodies (sanitised HTML and the Markdown source), by (the
byline), people (contributors with their role as rel), subjects (keywords, topics, channels),
infosources (来源 for reprints), associations (the cover picture with its rendition), altids
(our numeric id, the site path), pubstatus usable/canceled (撤稿), ednote (更正说明)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from app.core.domain import ArticleData, ChannelData, Status
from app.core.errors import NewsdeskError
from app.publish.escaping import correction_text, json_value
from app.publish.render import byline, render_body, safe_href
from app.publish.targets.payload import EXTENSIONS, article_assets, site_path

if TYPE_CHECKING:
    from app.core.services import Services

STANDARD = {"name": "ninjs", "version": "2.1", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#"}
URGENCY = {2: 3, 1: 4, 0: 5}  # 头条, 推荐, normal → IPTC urgency (1 highest … 9 lowest)


def _iso(dt) -> str | None:  # type: ignore[no-untyped-def]
    return dt.isoformat() if dt else None


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def to_ninjs(services: Services, article: ArticleData, *, site_url: str | None = None,
             site_name: str | None = None, channels: list[ChannelData] | None = None,
             tz: str | None = None) -> dict[str, Any]:
    site_url = site_url or services.admin.setting("site_url") or "https://www.example.cn/"
    if not site_url.endswith("/"):
        site_url += "/"
    site_name = site_name or services.admin.setting("site_name")
    channels = channels if channels is not None else services.admin.channels()
    tz = tz or services.admin.setting("timezone") or "Asia/Shanghai"
    by_id = {c.id: c for c in channels}
    assets = article_assets(services, article)
    mime_of = {a["sha256"]: a["mime"] for a in assets}

    def asset_url(sha: str) -> str:
        return urljoin(site_url, f"assets/{sha}.{EXTENSIONS.get(mime_of.get(sha, ''), 'bin')}")

    body_html = render_body(article.body, asset_url)
    headlines = [{"role": "main", "contenttype": "text/plain", "value": article.title}]
    if article.pretitle:
        headlines.append({"role": "pretitle", "contenttype": "text/plain", "value": article.pretitle})
    if article.subtitle:
        headlines.append({"role": "subtitle", "contenttype": "text/plain", "value": article.subtitle})
    subjects = [{"name": k, "rel": "keyword"} for k in article.keywords]
    subjects += [{"name": t, "rel": "topic"} for t in article.topics]
    for cid in [article.primary_channel_id, *article.secondary_channel_ids]:
        ch = by_id.get(cid) if cid is not None else None
        if ch is not None:
            subjects.append({"name": ch.name, "rel": "channel" if cid == article.primary_channel_id
                             else "secondary-channel", "literal": ch.slug})
    infosources = []
    if article.source_name:
        src = _drop_empty({"name": article.source_name, "role": "originator" if article.origin.value == "reprint"
                           else "publisher", "uri": safe_href(article.source_url)})
        infosources.append(src)
    associations = []
    cover = next((a for a in assets if a["role"] == "cover"), None)
    if cover:
        associations.append({
            "name": "cover", "uri": f"urn:sha256:{cover['sha256']}", "type": "picture",
            "renditions": [_drop_empty({"name": "original", "href": asset_url(cover["sha256"]),
                                        "contenttype": cover["mime"], "width": cover["width"],
                                        "height": cover["height"], "sizeinbytes": cover["size"]})],
        })
    path = site_path(article, channels, tz)
    withdrawn = article.status == Status.WITHDRAWN
    doc = {
        "standard": STANDARD,
        "uri": f"urn:uuid:{article.uuid}",
        "type": "text",
        "representationtype": "full",
        "version": str(article.version),
        "firstcreated": _iso(article.created_at),
        "versioncreated": _iso(article.updated_published_at or article.first_published_at or article.updated_at),
        "contentcreated": _iso(article.original_time or article.created_at),
        "pubstatus": "canceled" if withdrawn else "usable",
        "urgency": URGENCY.get(article.level, 5),
        "language": "zh-CN",
        "copyrightholder": (article.source_name if article.origin.value == "reprint" else site_name) or "",
        "ednote": correction_text(article.correction_note),
        "headlines": headlines,
        "descriptions": [{"role": "summary", "contenttype": "text/plain", "value": article.summary}]
        if article.summary else [],
        "bodies": [
            {"role": "main", "contenttype": "text/html", "charcount": len(article.body), "value": body_html},
            {"role": "source", "contenttype": "text/markdown", "value": article.body},
        ],
        "title": article.title,
        "by": byline(article),
        "slugline": article.dateline,
        "people": [{"name": c.name, "rel": c.role} for c in article.contributors if c.name],
        "subjects": subjects,
        "infosources": infosources,
        "associations": associations,
        "altids": [{"role": "newsdesk-id", "value": str(article.id)},
                   {"role": "url", "value": urljoin(site_url, path.lstrip("/"))}],
    }
    return json_value(_drop_empty(doc))  # type: ignore[no-any-return]


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_ninjs(services: Services, out_dir: Path, article_ids: Iterable[int] | None = None) -> list[Path]:
    """Write ``<uuid>.json`` per article (every published one when ``article_ids`` is None);
    each file is written whole or not at all."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewsdeskError(f"无法创建输出目录 {out_dir}：{exc.strerror}",
                            f"Cannot create the output folder {out_dir}: {exc.strerror}") from None
    if article_ids is None:
        articles = services.articles.published()
    else:
        articles = [services.articles.system_get(i) for i in article_ids]
    channels = services.admin.channels()
    site_url, site_name = services.admin.setting("site_url"), services.admin.setting("site_name")
    tz = services.admin.setting("timezone")
    written = []
    for a in articles:
        if a.status not in (Status.PUBLISHED, Status.WITHDRAWN):
            raise NewsdeskError(f"稿件 {a.id}《{a.title}》尚未发布，不能导出 ninjs。",
                                f"Article {a.id} is not published; nothing to syndicate.")
        doc = to_ninjs(services, a, site_url=site_url, site_name=site_name, channels=channels, tz=tz)
        path = out_dir / f"{a.uuid}.json"
        try:
            _write_atomic(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        except OSError as exc:
            raise NewsdeskError(f"无法写入 {path}：{exc.strerror}", f"Cannot write {path}: {exc.strerror}") from None
        written.append(path)
    return written
