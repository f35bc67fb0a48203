"""The live preview: Markdown → the same sanitised HTML the publisher produces, rendered off the
UI thread (the function below is plain Python), shown in a QTextBrowser that loads ``asset``
images from the asset store."""

from __future__ import annotations

import atexit
import html
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

ASSET_HOST = "newsdesk-asset.invalid"
_local = threading.local()


def asset_url(sha256: str) -> str:
    """How the preview addresses an image of the asset store (resolved by PreviewBrowser)."""
    return f"http://{ASSET_HOST}/{sha256}"


_ASSET_REF = re.compile(r"\(asset:([0-9a-f]{64})\)")


def _fallback_body(md: str, url_for: Callable[[str], str]) -> str:
    """Markdown + nh3, used only while app.publish.render is not available."""
    import markdown
    import nh3

    conv = getattr(_local, "md", None)
    if conv is None:
        conv = _local.md = markdown.Markdown(extensions=["extra", "sane_lists"])
    conv.reset()
    md = _ASSET_REF.sub(lambda m: f"({url_for(m.group(1))})", md)
    raw = conv.convert(md)
    return nh3.clean(raw, tags=nh3.ALLOWED_TAGS | {"img", "figure", "figcaption"},
                     attributes={**nh3.ALLOWED_ATTRIBUTES, "img": {"src", "alt", "title"}})


def render_body_html(md: str, url_for: Callable[[str], str] = asset_url) -> str:
    """The article body as sanitised HTML: the publisher's renderer when present."""
    try:
        from app.publish.render import render_body
    except ImportError:
        return _fallback_body(md, url_for)
    return render_body(md, url_for)


def render_preview(fields: dict[str, Any], url_for: Callable[[str], str] = asset_url) -> str:
    """A whole preview page (headline block, summary, body, byline) for the QTextBrowser."""
    esc = html.escape
    parts = ['<div style="font-family: \'Noto Serif CJK SC\', \'Noto Sans CJK SC\', serif;">']
    if fields.get("pretitle"):
        parts.append(f'<p style="color:#555; margin:0">{esc(fields["pretitle"])}</p>')
    parts.append(f'<h1 style="margin:4px 0">{esc(fields.get("title") or "")}</h1>')
    if fields.get("subtitle"):
        parts.append(f'<h3 style="color:#333; margin:0 0 8px 0">{esc(fields["subtitle"])}</h3>')
    meta = " ".join(x for x in (fields.get("source_name", ""), fields.get("byline", "")) if x)
    if meta:
        parts.append(f'<p style="color:#777; font-size:small">{esc(meta)}</p>')
    if fields.get("summary"):
        parts.append(f'<p style="background:#f4f4f4; padding:6px">{esc(fields["summary"])}</p>')
    body_html = render_body_html(fields.get("body") or "", url_for)
    parts.append(with_dateline(body_html, fields.get("dateline") or ""))
    parts.append("</div>")
    return "\n".join(parts)


def with_dateline(body_html: str, dateline: str) -> str:
    from app.publish.render import with_dateline as publish_dateline  # the published page's own rule

    return publish_dateline(body_html, dateline)


_preview_root: Path | None = None  # the running program's preview folder, once made (preview_folder)


def preview_folder(key: str) -> Path:
    """Where "Open published page" writes an article's page: one temporary folder for the running
    program, a subfolder per article (a second preview of the same article replaces the first),
    removed when the program exits (remove_previews) — not a new folder left behind per click."""
    global _preview_root
    if _preview_root is None or not _preview_root.is_dir():
        import tempfile

        _preview_root = Path(tempfile.mkdtemp(prefix="newsdesk-preview-"))
    return _preview_root / key


def remove_previews() -> None:
    """Remove the preview folder (at exit; a browser showing a page keeps what it has loaded)."""
    global _preview_root
    if _preview_root is not None:
        import shutil

        shutil.rmtree(_preview_root, ignore_errors=True)
        _preview_root = None


atexit.register(remove_previews)


def write_page(article: Any, channels: list[Any], site_name: str, fetch: Callable[[str], tuple[str, bytes]],
               out: Any) -> Any:
    """Write the article's published page (template, stylesheet, images) into the folder ``out``
    and return the page's path: what "Open published page" shows in the system browser."""
    out = Path(out)
    (out / "assets").mkdir(parents=True, exist_ok=True)
    (out / "assets" / "site.css").write_text(site_css(), "utf-8")
    ext = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}
    names: dict[str, str] = {}
    for sha in set(re.findall(r"asset:([0-9a-f]{64})", article.body or "")):
        try:
            mime, data = fetch(sha)
        except Exception:  # noqa: BLE001 - a missing image stays missing
            continue
        names[sha] = f"assets/{sha}{ext.get(mime, '')}"
        (out / names[sha]).write_bytes(data)
    try:
        from app.publish.render import PageContext, render_article
    except ImportError:  # pragma: no cover
        html_text = ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"></head><body>"
                     + render_live(article, channels, site_name) + "</body></html>")
    else:
        ctx = PageContext(preview=True, channels=list(channels))
        if site_name:
            ctx.site_name = site_name
        html_text = render_article(article, ctx, asset_url=lambda sha: names.get(sha, ""))
    page = out / "index.html"
    page.write_text(html_text, "utf-8")
    return page


def render_live(article: Any, channels: list[Any], site_name: str = "") -> str:
    """The live preview: the publisher's article template around the publisher's body HTML
    (``asset:`` images resolved by the browser widget). Plain Python, runs off the UI thread."""
    try:
        from app.publish.render import PageContext, render_article, render_body
    except ImportError:  # pragma: no cover - the publish module ships with the app
        from app.core.text.byline import format_byline

        fields = {k: getattr(article, k) for k in ("pretitle", "title", "subtitle", "summary", "body", "dateline")}
        fields["byline"] = format_byline(article.contributors)
        fields["source_name"] = article.source_name
        return render_preview(fields)
    ctx = PageContext(preview=True, channels=list(channels))
    if site_name:
        ctx.site_name = site_name
    return render_article(article, ctx, body_html=render_body(article.body, asset_url))


def site_css() -> str:
    from app.core.resources import resources_dir

    try:
        return (resources_dir() / "templates" / "static" / "site.css").read_text("utf-8")
    except OSError:
        return ""


class PreviewBrowser(QTextBrowser):
    """A QTextBrowser that fetches asset-store images itself (cached)."""

    def __init__(self, fetch: Callable[[str], bytes] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self._fetch = fetch
        self._cache: dict[str, QImage] = {}
        self._css: str | None = None
        self.html_set = 0  # how many renders were shown (tests, benchmarks)

    def set_fetch(self, fetch: Callable[[str], bytes]) -> None:
        self._fetch = fetch

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 - Qt override
        url = QUrl(url) if isinstance(url, str) else url
        if url.host() == ASSET_HOST and kind == QTextDocument.ResourceType.ImageResource.value:
            sha = url.path().strip("/")
            img = self._cache.get(sha)
            if img is None and self._fetch is not None:
                img = QImage()
                try:
                    img.loadFromData(self._fetch(sha))
                except Exception:  # noqa: BLE001 - a missing image shows as missing, not a crash
                    img = QImage()
                if not img.isNull() and img.width() > 600:
                    img = img.scaledToWidth(600)
                self._cache[sha] = img
            return img
        if kind == QTextDocument.ResourceType.StyleSheetResource.value:
            if self._css is None:
                self._css = site_css()
            return self._css
        return super().loadResource(kind, url)

    def show_html(self, html_text: str) -> None:
        bar = self.verticalScrollBar()
        pos = bar.value()
        self.setHtml(html_text)
        bar.setValue(pos)
        self.html_set += 1
