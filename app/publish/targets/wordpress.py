"""WordPress over its REST API (application passwords, httpx).

- channels ↔ categories: the channel's path (甘肃 > 平凉市 > 泾川新闻) becomes a category tree,
  created when missing (slug = the channel's slug; ``400 term_exists`` → reuse ``data.term_id``)
- keywords ↔ tags; the cover → featured media (uploaded once per image, found again by slug)
- 来源, contributors (the byline), 责任编辑 and a correction note are rendered into the content
  (post meta may not be registered on the site) and also sent as ``meta``
- scheduled → status ``future`` with ``date`` in the site's time zone
- withdraw → draft (or trash, the target's ``withdraw`` option)
- re-publish updates the same post: the RemoteMapping names it, and after a crash between the
  create and the bookkeeping the post is found again by its slug ``nd-<uuid>`` — never a second post.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx

from app import __version__
from app.core.clock import utcnow
from app.core.domain import ArticleData, ChannelData, Status
from app.publish.escaping import correction_text, html_text, wp_html, wp_text
from app.publish.images import Watermark, watermarked_copy, wp_gallery_html, wp_media_fields
from app.publish.render import breadcrumb, byline, render_body, safe_href
from app.publish.targets.base import (
    Delivered,
    PermanentError,
    RemoteRef,
    TransientError,
    raise_for,
    transport_error,
)
from app.publish.targets.payload import EXTENSIONS, article_assets

if TYPE_CHECKING:
    from app.core.services import Services
    from app.core.services.targets import TargetData

WHAT = "WordPress"
ANY_STATUS = "publish,future,draft,pending,private,trash"


def rest_root(url: str) -> str:
    url = url.rstrip("/")
    return url + "/" if url.endswith("/wp-json") else url + "/wp-json/"


def post_slug(article_uuid: str) -> str:
    return f"nd-{article_uuid}"


def media_slug(sha256: str) -> str:
    return f"nd-{sha256[:24]}"


class WordPressAdapter:
    def __init__(self, services: Services, target: TargetData, app_password: str, *,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.services = services
        self.target = target
        self.withdraw_mode = str(target.option("withdraw"))
        self.http = httpx.Client(
            base_url=rest_root(target.url), auth=(target.username, app_password),
            timeout=httpx.Timeout(float(target.option("timeout"))), transport=transport,
            headers={"User-Agent": f"NewsDesk/{__version__}", "Accept": "application/json"},
        )
        self._lock = threading.Lock()
        self._categories: dict[int, int] = {}  # channel id → term id
        self._tags: dict[str, int] = {}
        self._media: dict[str, tuple[int, str]] = {}  # sha256 → (media id, source_url)
        self._channels: list[ChannelData] | None = None
        self._known: dict[str, int | None] = {}  # article uuid → post id (None: not on the site)
        self._tz: ZoneInfo | None = None
        raw = str(target.option("watermark") or "")
        self.watermark = Watermark.from_options(json.loads(raw)) if raw else None  # on what we upload

    def close(self) -> None:
        self.http.close()

    # ---- plumbing ---------------------------------------------------------------------
    def _req(self, method: str, path: str, **kw: Any) -> httpx.Response:
        try:
            return self.http.request(method, path, **kw)
        except httpx.HTTPError as exc:
            raise transport_error(exc, WHAT) from None

    def _json(self, r: httpx.Response) -> Any:
        raise_for(r, WHAT)
        try:
            return r.json()
        except ValueError:
            raise TransientError("WordPress 返回的内容不是 JSON（可能是错误页面），稍后重试。",
                                 "WordPress answered something that is not JSON; will retry.",
                                 status=r.status_code) from None

    def timezone(self) -> ZoneInfo:
        """The site's time zone: the target option, else the site's own setting, else ours."""
        if self._tz is None:
            name = str(self.target.option("timezone") or "")
            if not name:
                r = self._req("GET", "wp/v2/settings")
                if r.status_code == 200:
                    try:
                        name = str(r.json().get("timezone") or "")
                    except ValueError:
                        name = ""
            if not name:
                name = self.services.admin.setting("timezone") or "Asia/Shanghai"
            try:
                self._tz = ZoneInfo(name)
            except (KeyError, ValueError):
                self._tz = ZoneInfo("Asia/Shanghai")
        return self._tz

    def _site_time(self, dt: datetime) -> str:
        return dt.astimezone(self.timezone()).replace(tzinfo=None).isoformat(timespec="seconds")

    # ---- terms --------------------------------------------------------------------------
    def _term(self, taxonomy: str, name: str, slug: str | None = None, parent: int | None = None) -> int:
        if slug:
            found = self._json(self._req("GET", f"wp/v2/{taxonomy}", params={"slug": slug, "context": "edit"}))
            if found:
                return int(found[0]["id"])
        data: dict[str, Any] = {"name": wp_text(name)}  # WordPress keeps term names as HTML
        if slug:
            data["slug"] = slug
        if parent:
            data["parent"] = parent
        r = self._req("POST", f"wp/v2/{taxonomy}", json=data)
        if r.status_code == 400:
            try:
                body = r.json()
            except ValueError:
                body = {}
            if body.get("code") == "term_exists":
                return int((body.get("data") or {}).get("term_id") or body.get("additional_data", [0])[0])
        try:
            return int(self._json(r)["id"])
        except PermanentError as exc:  # say which keyword or channel, so the editor can fix it
            what = ("关键词", "keyword") if taxonomy == "tags" else ("栏目", "channel")
            raise PermanentError(f"{exc.message_zh}（{what[0]}“{name}”）。请修改该{what[0]}后重试。",
                                 f"{exc.message_en} ({what[1]} “{name}”). Change that {what[1]}, then retry.",
                                 status=exc.status, target_wide=exc.target_wide) from None

    def category_ids(self, article: ArticleData) -> list[int]:
        if self._channels is None:
            self._channels = self.services.admin.channels()
        ids = []
        for cid in [article.primary_channel_id, *article.secondary_channel_ids]:
            if cid is None:
                continue
            parent = 0
            for ch in breadcrumb(self._channels, cid):  # root first: parents exist before children
                with self._lock:
                    known = self._categories.get(ch.id)
                if known is None:
                    known = self._term("categories", ch.name, ch.slug, parent or None)
                    with self._lock:
                        self._categories[ch.id] = known
                parent = known
            if parent and parent not in ids:
                ids.append(parent)
        return ids

    def tag_ids(self, article: ArticleData) -> list[int]:
        ids = []
        for kw in article.keywords:
            kw = kw.strip()
            if not kw:
                continue
            with self._lock:
                known = self._tags.get(kw)
            if known is None:
                known = self._term("tags", kw)
                with self._lock:
                    self._tags[kw] = known
            if known not in ids:
                ids.append(known)
        return ids

    # ---- media --------------------------------------------------------------------------
    def media(self, sha256: str) -> tuple[int, str]:
        """Upload one of our images once (found again by its slug), → (media id, URL)."""
        with self._lock:
            if sha256 in self._media:
                return self._media[sha256]
        # a watermarked copy is another file: its own slug, so a new or changed mark uploads anew
        slug = media_slug(sha256) + (f"-w{self.watermark.key()}" if self.watermark else "")
        found = self._json(self._req("GET", "wp/v2/media", params={"slug": slug, "context": "edit"}))
        if found:
            out = (int(found[0]["id"]), str(found[0].get("source_url") or ""))
            have = found[0]
        else:
            mime, data = self.services.assets.data(sha256)
            if self.watermark is not None:
                data = watermarked_copy(data, mime, self.watermark)
            filename = f"{slug}.{EXTENSIONS.get(mime, 'bin')}"
            r = self._req("POST", "wp/v2/media", content=data,
                          headers={"Content-Type": mime, "Content-Disposition": f'attachment; filename="{filename}"'})
            body = self._json(r)
            out = (int(body["id"]), str(body.get("source_url") or ""))
            have = {}
        # caption (图说 + credit), alt, credit (issue #19); WordPress shows caption and description
        # as markup, so they go as escaped text without shortcodes, like titles (issue #15)
        want = {k: (v if k == "alt_text" else wp_text(v)) for k, v in wp_media_fields(self.services, sha256).items()}
        if want and any(_raw(have.get(k)) != v for k, v in want.items()):
            self._json(self._req("POST", f"wp/v2/media/{out[0]}", json=want))
        with self._lock:
            self._media[sha256] = out
        return out

    # ---- the post -----------------------------------------------------------------------
    def content(self, article: ArticleData) -> str:
        """The post body: the headline furniture and credits around the sanitised body."""
        e = html_text
        parts = []
        if article.pretitle:
            parts.append(f'<p class="nd-pretitle">{e(article.pretitle)}</p>')
        if article.subtitle:
            parts.append(f'<p class="nd-subtitle">{e(article.subtitle)}</p>')
        if article.source_name:
            href = safe_href(article.source_url)
            src = f'<a href="{e(href)}">{e(article.source_name)}</a>' if href else e(article.source_name)
            parts.append(f'<p class="nd-source">来源：{src}</p>')
        if article.origin.value == "reprint" and (article.original_author or article.original_title):
            bits = [f"原标题：{e(article.original_title)}" if article.original_title else "",
                    f"原作者：{e(article.original_author)}" if article.original_author else ""]
            parts.append(f'<p class="nd-original">{" ".join(b for b in bits if b)}</p>')
        body = render_body(article.body, lambda sha: self.media(sha)[1])
        body = wp_gallery_html(self.services, article.id, lambda sha: self.media(sha)[1]) + body  # 图集
        if article.dateline and not article.body.lstrip().startswith(article.dateline):
            body = body.replace("<p>", f'<p><span class="nd-dateline">{e(article.dateline)}</span> ', 1)
        parts.append(body)
        line = byline(article)
        if line:
            parts.append(f'<p class="nd-byline">{e(line)}</p>')
        if article.responsible_editor_name:
            parts.append(f'<p class="nd-editor">责任编辑：{e(article.responsible_editor_name)}</p>')
        if article.correction_note and article.updated_published_at:
            parts.append(f'<p class="nd-correction">更正：{e(correction_text(article.correction_note))}</p>')
        return "\n".join(parts)

    def post_data(self, article: ArticleData) -> dict[str, Any]:
        now = utcnow()
        data: dict[str, Any] = {
            "title": wp_text(article.title),
            "content": wp_html(self.content(article)),
            "excerpt": wp_text(article.summary),
            "slug": post_slug(article.uuid),
            "categories": self.category_ids(article),
            "tags": self.tag_ids(article),
            "meta": {"newsdesk_uuid": article.uuid, "newsdesk_version": article.version,
                     "newsdesk_source": article.source_name, "newsdesk_source_url": article.source_url,
                     "newsdesk_byline": byline(article),
                     "newsdesk_contributors": [f"{c.role}:{c.name}" for c in article.contributors]},
        }
        if article.status == Status.SCHEDULED and article.scheduled_at and article.scheduled_at > now:
            data["status"] = "future"
            data["date"] = self._site_time(article.scheduled_at)
        else:
            data["status"] = "publish"
            if article.first_published_at:
                data["date"] = self._site_time(article.first_published_at)
        cover = next((a for a in article_assets(self.services, article) if a["role"] == "cover"), None)
        data["featured_media"] = self.media(cover["sha256"])[0] if cover else 0
        return data

    def prefetch(self, article_uuids: list[str]) -> None:
        """Look up many articles' posts in a few requests (the outbox calls this with the
        queued articles the target has no mapping for), so each first delivery needs no
        look-up of its own. Only valid for jobs nobody tried before (see ``invalidate``)."""
        for i in range(0, len(article_uuids), 40):
            chunk = article_uuids[i:i + 40]
            slugs = [post_slug(u) for u in chunk] + [post_slug(u) + "__trashed" for u in chunk]
            found = self._json(self._req("GET", "wp/v2/posts", params={
                "slug": ",".join(slugs), "status": ANY_STATUS, "context": "edit", "per_page": 100,
                "_fields": "id,slug"}))
            by_slug = {str(p["slug"]).removesuffix("__trashed"): int(p["id"]) for p in found}
            with self._lock:
                for u in chunk:
                    self._known[u] = by_slug.get(post_slug(u))

    def invalidate(self, article_uuid: str) -> None:
        """Forget what prefetch said (a job tried before may have created the post meanwhile)."""
        with self._lock:
            self._known.pop(article_uuid, None)

    def find_post(self, article_uuid: str) -> int | None:
        with self._lock:
            if article_uuid in self._known:
                return self._known[article_uuid]
        slug = post_slug(article_uuid)
        found = self._json(self._req("GET", "wp/v2/posts", params={
            "slug": f"{slug},{slug}__trashed", "status": ANY_STATUS, "context": "edit", "per_page": 2}))
        return int(found[0]["id"]) if found else None

    def _post_id(self, article: ArticleData, ref: RemoteRef | None) -> int | None:
        if ref is not None and ref.remote_id:
            return int(ref.remote_id)
        return self.find_post(article.uuid)

    def publish(self, article: ArticleData, ref: RemoteRef | None) -> Delivered:
        data = self.post_data(article)
        post_id = self._post_id(article, ref)
        if post_id is not None:
            r = self._req("POST", f"wp/v2/posts/{post_id}", json=data)
            if r.status_code in (404, 410):  # deleted on the site by hand: publish it afresh
                self.invalidate(article.uuid)
                post_id = self.find_post(article.uuid)
                r = self._req("POST", f"wp/v2/posts/{post_id}" if post_id else "wp/v2/posts", json=data)
        else:
            r = self._req("POST", "wp/v2/posts", json=data)
        body = self._json(r)
        if "id" not in body:
            raise PermanentError("WordPress 的回应缺少文章编号。", "WordPress's answer lacks the post id.")
        with self._lock:
            self._known[article.uuid] = int(body["id"])
        return Delivered(str(body["id"]), str(body.get("link") or ""), str(body.get("status") or ""))

    def withdraw(self, article: ArticleData, ref: RemoteRef | None) -> Delivered:
        post_id = self._post_id(article, ref)
        if post_id is None:
            return Delivered(ref.remote_id if ref else "", note="not on WordPress")
        if self.withdraw_mode == "trash":
            r = self._req("DELETE", f"wp/v2/posts/{post_id}")
            if r.status_code == 410:  # already in the trash
                return Delivered(str(post_id), note="trash")
        else:
            r = self._req("POST", f"wp/v2/posts/{post_id}", json={"status": "draft"})
        if r.status_code == 404:
            return Delivered(str(post_id), note="gone")
        body = self._json(r)
        return Delivered(str(body.get("id") or post_id), note=str(body.get("status") or self.withdraw_mode))

    def check(self) -> str:
        """Try the user and application password ("test connection")."""
        me = self._json(self._req("GET", "wp/v2/users/me", params={"context": "edit"}))
        return str(me.get("name") or me.get("slug") or "ok")


def _raw(v: Any) -> str:
    """A WordPress field as sent: rendered objects carry it under "raw" (context=edit)."""
    return str(v.get("raw", "") if isinstance(v, dict) else (v or ""))
