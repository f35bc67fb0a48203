"""Renditions: the published sizes of a library photo — cropped per output (cover 16:9, list 4:3,
WeChat 2.35:1 and 1:1, or the whole photo), resized, recompressed, optionally watermarked — and
the ``<img>`` markup that lets a browser pick one (``srcset``/``sizes``/``width``/``height``).

A page's images point at renditions (the cleaned original, app.core.media.safe, is still written
beside them for links and feeds that name it). A photo is never enlarged. One decode serves every width of an output: a JPEG is decoded
at the smallest DCT scale that still covers the largest width wanted (``draft``), then each width
is a resize of the previous, larger one. No Qt here; the site export and the push targets call it.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw, ImageFont

from app.core.media.library import OUTPUTS

if TYPE_CHECKING:
    from app.core.services import Services

WIDTHS = (480, 960, 1600)  # body and gallery photos; the page column is at most ~760 CSS px
LIST_WIDTHS = (240, 480)  # list and 图文看点 thumbnails (150–300 CSS px, 2× screens)
QUALITY = 82
FULL = "full"  # the whole photo, no crop
BODY_SIZES = "(max-width: 800px) 100vw, 760px"
LIST_SIZES = "(max-width: 600px) 40vw, 240px"
RENDITION_DIR = "assets/r"


@dataclass(frozen=True)
class ImageMeta:
    sha256: str
    mime: str
    width: int
    height: int
    crops: tuple[tuple[str, tuple[float, ...]], ...] = ()
    caption: str = ""
    credit: str = ""
    alt: str = ""

    @property
    def renditionable(self) -> bool:
        return self.mime in ("image/jpeg", "image/png", "image/webp") and self.width > 0 and self.height > 0

    def crop(self, output: str) -> tuple[float, ...] | None:
        return dict(self.crops).get(output)


@dataclass
class Watermark:
    """A mark on renditions only (never the stored original): text or a PNG, in a corner."""

    text: str = ""
    image: bytes = b""
    corner: str = "br"  # tl | tr | bl | br
    opacity: float = 0.5
    scale: float = 0.18  # of the rendition's width
    min_width: int = 400  # thumbnails stay clean

    @classmethod
    def from_options(cls, opts: dict[str, Any] | None) -> Watermark | None:
        if not opts or not (opts.get("text") or opts.get("image")):
            return None
        img = opts.get("image") or b""
        if isinstance(img, str):
            import base64

            img = base64.b64decode(img)
        return cls(str(opts.get("text") or ""), img, str(opts.get("corner") or "br"),
                   float(opts.get("opacity", 0.5)), float(opts.get("scale", 0.18)))

    def key(self) -> str:
        h = hashlib.sha256(f"{self.text}|{self.corner}|{self.opacity}|{self.scale}|{self.min_width}".encode()
                           + self.image).hexdigest()
        return h[:8]


def load_meta(db: Any) -> dict[str, ImageMeta]:
    """sha256 → what renditions need of every stored image (no image bytes read)."""
    from sqlalchemy import select

    from app.core.models import Asset

    with db.read() as s:
        rows = s.execute(select(Asset.sha256, Asset.mime, Asset.width, Asset.height, Asset.crops, Asset.caption,
                                Asset.credit, Asset.alt))
        return {r[0]: ImageMeta(r[0], r[1], r[2] or 0, r[3] or 0,
                                tuple(sorted((k, tuple(v)) for k, v in (r[4] or {}).items())),
                                r[5] or "", r[6] or "", r[7] or "") for r in rows}


def crop_box(width: int, height: int, output: str, crop: Iterable[float] | None = None,
             focus: Iterable[float] | None = None) -> tuple[int, int, int, int]:
    """The pixel box (left, top, right, bottom) of an output. An editor's crop (fractions) wins;
    else the largest box of the output's ratio centred on the focal point (default: centre)."""
    if output == FULL:
        return 0, 0, width, height
    ratio = OUTPUTS[output]
    if crop:  # the editor's box, narrowed to the output's ratio about its centre if it is off
        x, y, w, h = list(crop)[:4]
        bl, bt = max(0, round(x * width)), max(0, round(y * height))
        br, bb = min(width, round((x + w) * width)), min(height, round((y + h) * height))
        bw, bh = max(1, br - bl), max(1, bb - bt)
        cw, ch = (round(bh * ratio), bh) if bw / bh > ratio else (bw, round(bw / ratio))
        cw, ch = max(1, min(cw, bw)), max(1, min(ch, bh))
        left, top = bl + (bw - cw) // 2, bt + (bh - ch) // 2
        return left, top, left + cw, top + ch
    if width / height > ratio:
        cw, ch = round(height * ratio), height
    else:
        cw, ch = width, round(width / ratio)
    fx, fy = (list(focus)[:2] if focus else [0.5, 0.5])
    left = min(max(0, round(fx * width - cw / 2)), width - cw)
    top = min(max(0, round(fy * height - ch / 2)), height - ch)
    return left, top, left + cw, top + ch


def box_for(meta: ImageMeta, output: str) -> tuple[int, int, int, int]:
    return crop_box(meta.width, meta.height, output, meta.crop(output), meta.crop("focus"))


def widths_for(box_width: int, wanted: Iterable[int] = WIDTHS) -> list[int]:
    """The widths written for a box: those of ``wanted`` below it, and the box itself when it is
    smaller than the largest (a photo is never enlarged)."""
    wanted = sorted(wanted)
    out = [w for w in wanted if w < box_width]
    if box_width <= wanted[-1] and box_width not in out:
        out.append(box_width)
    return out or [wanted[-1]]


def _ext(meta: ImageMeta) -> str:
    return "png" if meta.mime == "image/png" else "jpg"


def rendition_path(meta: ImageMeta, output: str, width: int, watermark: Watermark | None = None) -> str:
    """Content-addressed: the photo, the crop box and the watermark are in the name, so a new crop
    is a new file and an unchanged one is never written again."""
    box = box_for(meta, output)
    tag = hashlib.sha256(repr((box, watermark.key() if watermark else "")).encode()).hexdigest()[:8]
    return f"{RENDITION_DIR}/{meta.sha256[:2]}/{meta.sha256[2:20]}-{output}-{tag}-{width}.{_ext(meta)}"


def make_renditions(data: bytes, meta: ImageMeta, output: str, widths: Iterable[int],
                    watermark: Watermark | None = None) -> dict[int, bytes]:
    """Every width of one output from one decode → {width: encoded bytes}."""
    widths = sorted(set(widths), reverse=True)
    left, top, right, bottom = box_for(meta, output)
    im: Image.Image = Image.open(io.BytesIO(data))
    if im.format == "JPEG":
        # decode at 1/2, 1/4 or 1/8 scale when that still covers the widest rendition
        scale_w = max(1, round(widths[0] * im.width / max(1, right - left)))
        scale_h = max(1, round(scale_w * im.height / im.width))
        im.draft("RGB", (scale_w, scale_h))
    sx, sy = im.width / meta.width, im.height / meta.height
    im = im.crop((round(left * sx), round(top * sy), round(right * sx), round(bottom * sy)))
    keep_alpha = meta.mime == "image/png" and (im.mode in ("RGBA", "LA") or "transparency" in im.info)
    im = im.convert("RGBA" if keep_alpha else "RGB")
    out: dict[int, bytes] = {}
    cur = im
    for w in widths:
        h = max(1, round(w * (bottom - top) / max(1, right - left)))
        if cur.width != w:
            cur = cur.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        frame = apply_watermark(cur, watermark) if watermark and w >= watermark.min_width else cur
        buf = io.BytesIO()
        if _ext(meta) == "png":
            frame.save(buf, "PNG", optimize=False, compress_level=6)
        else:
            frame.save(buf, "JPEG", quality=QUALITY, progressive=w >= 960)
        out[w] = buf.getvalue()
    return out


def apply_watermark(im: Image.Image, wm: Watermark) -> Image.Image:
    base = im.convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    target_w = max(16, round(base.width * wm.scale))
    alpha = max(0, min(255, round(255 * wm.opacity)))
    if wm.image:
        mark = Image.open(io.BytesIO(wm.image)).convert("RGBA")
        mark = mark.resize((target_w, max(1, round(target_w * mark.height / mark.width))))
        a = mark.getchannel("A").point(lambda v: v * alpha // 255)
        mark.putalpha(a)
    else:
        font = _font(max(10, target_w // max(1, len(wm.text))))
        d0 = ImageDraw.Draw(layer)
        x0, y0, x1, y1 = (int(v) for v in d0.textbbox((0, 0), wm.text, font=font))
        mark = Image.new("RGBA", (x1 - x0 + 4, y1 - y0 + 4), (0, 0, 0, 0))
        ImageDraw.Draw(mark).text((2 - x0, 2 - y0), wm.text, font=font, fill=(255, 255, 255, alpha))
    m = round(base.width * 0.02)
    x = m if wm.corner in ("tl", "bl") else base.width - mark.width - m
    y = m if wm.corner in ("tl", "tr") else base.height - mark.height - m
    layer.paste(mark, (max(0, x), max(0, y)), mark)
    out = Image.alpha_composite(base, layer)
    return out if im.mode == "RGBA" else out.convert(im.mode)


def watermarked_copy(data: bytes, mime: str, wm: Watermark) -> bytes:
    """The photo as a push target receives it with the target's watermark: full size, the mark
    applied, the same format. The stored original is never changed; a GIF or a photo narrower than
    the mark's minimum goes as it is."""
    fmt = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}.get(mime)
    if fmt is None:
        return data
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        if im.width < wm.min_width:
            return data
        out = apply_watermark(im, wm)
    buf = io.BytesIO()
    if fmt == "JPEG":
        out.convert("RGB").save(buf, fmt, quality=90)
    else:
        out.save(buf, fmt)
    return buf.getvalue()


_CJK_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "C:/Windows/Fonts/msyh.ttc",
              "C:/Windows/Fonts/simhei.ttf", "/System/Library/Fonts/PingFang.ttc",
              "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def _font(size: int) -> Any:
    """A font that has Chinese glyphs where the system has one; else Pillow's own (Latin only)."""
    for path in _CJK_FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # pragma: no cover - Pillow built without FreeType
        return ImageFont.load_default()


# -- markup ---------------------------------------------------------------------------------
def img_attrs(meta: ImageMeta, output: str, prefix: str, sizes: str, wanted: Iterable[int] = WIDTHS,
              watermark: Watermark | None = None) -> dict[str, str]:
    """src (a middle rendition), srcset, sizes, width and height (of the largest: the ratio the
    browser reserves before the image arrives)."""
    box = box_for(meta, output)
    ws = widths_for(box[2] - box[0], wanted)
    set_ = ", ".join(f"{prefix}{rendition_path(meta, output, w, watermark)} {w}w" for w in ws)
    big = ws[-1]
    h = round(big * (box[3] - box[1]) / max(1, box[2] - box[0]))
    src = next((w for w in ws if w >= 960), big)
    return {"src": prefix + rendition_path(meta, output, src, watermark), "srcset": set_, "sizes": sizes,
            "width": str(big), "height": str(h)}


def wanted_files(meta: ImageMeta, output: str, wanted: Iterable[int] = WIDTHS,
                 watermark: Watermark | None = None) -> list[tuple[str, int]]:
    box = box_for(meta, output)
    return [(rendition_path(meta, output, w, watermark), w) for w in widths_for(box[2] - box[0], wanted)]


_IMG = re.compile(r'<img\b([^>]*?)\bsrc="((?:\.\./)*)assets/([0-9a-f]{64})\.[a-z]+"([^>]*)>')


def responsive_body(body_html: str, metas: dict[str, ImageMeta], watermark: Watermark | None = None) -> str:
    """Point the body's images at renditions with srcset/sizes/width/height (alt kept; an empty
    alt takes the library's)."""
    def sub(m: re.Match[str]) -> str:
        meta = metas.get(m.group(3))
        if meta is None or not meta.renditionable:
            return m.group(0)
        attrs = img_attrs(meta, FULL, m.group(2), BODY_SIZES, watermark=watermark)
        rest = (m.group(1) + m.group(4)).rstrip("/ ")
        if meta.alt and re.search(r'\balt=""', rest):
            rest = rest.replace('alt=""', f'alt="{html.escape(meta.alt)}"', 1)
        extra = " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items())
        return f'<img{rest} {extra} loading="lazy" decoding="async">'
    return _IMG.sub(sub, body_html)


@dataclass
class GalleryEntry:
    meta: ImageMeta
    caption: str
    credit: str


@dataclass
class GalleryHtml:
    html: str
    files: list[tuple[str, str, int]] = field(default_factory=list)  # (path, sha, width) — FULL output


def gallery_html(entries: list[GalleryEntry], prefix: str, watermark: Watermark | None = None) -> str:
    """The photos of a 图集 in order, each a figure with its caption and credit."""
    if not entries:
        return ""
    parts = ['<section class="gallery" aria-label="图集">']
    n = len(entries)
    for i, e in enumerate(entries, 1):
        if not e.meta.renditionable:
            continue
        attrs = img_attrs(e.meta, FULL, prefix, BODY_SIZES, watermark=watermark)
        alt = e.meta.alt or e.caption
        extra = " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items())
        lazy = ' loading="lazy"' if i > 1 else ""
        credit = f' <span class="credit">{html.escape(e.credit)}</span>' if e.credit else ""
        parts.append(f'<figure class="photo" id="photo-{i}"><img alt="{html.escape(alt)}" {extra}{lazy} '
                     f'decoding="async"><figcaption><span class="count">{i}/{n}</span> '
                     f'{html.escape(e.caption)}{credit}</figcaption></figure>')
    parts.append("</section>")
    return "\n".join(parts)


def gallery_ids(db: Any) -> dict[int, list[tuple[str, str]]]:
    """article id → its gallery photos in order as (sha256, caption shown), for the export."""
    from sqlalchemy import select

    from app.core.models import ArticleMedia, Asset

    out: dict[int, list[tuple[str, str]]] = {}
    with db.read() as s:
        rows = s.execute(select(ArticleMedia.article_id, Asset.sha256, ArticleMedia.caption, Asset.caption)
                         .join(Asset, Asset.id == ArticleMedia.asset_id)
                         .order_by(ArticleMedia.article_id, ArticleMedia.position))
        for aid, sha, cap, lib_cap in rows:
            out.setdefault(aid, []).append((sha, cap or lib_cap or ""))
    return out


class PhotoDesk:
    """What the site export asks of the photo desk, read once per export run (no image bytes):
    rendition files to write, the body and gallery markup of a page, list thumbnails."""

    def __init__(self, db: Any, watermark_setting: str = "") -> None:
        import json

        self.db = db
        self.metas = load_meta(db)
        self.galleries = gallery_ids(db)
        try:
            self.watermark = Watermark.from_options(json.loads(watermark_setting) if watermark_setting else None)
        except (ValueError, TypeError, AttributeError):
            self.watermark = None
        self.sig = self.watermark.key() if self.watermark else ""
        self._credit = {m.sha256: m.credit for m in self.metas.values()}

    def first_photo(self, article_id: int) -> str:
        g = self.galleries.get(article_id)
        return g[0][0] if g else ""

    def thumb_path(self, sha: str) -> str:
        m = self.metas.get(sha)
        if m is None or not m.renditionable:
            return ""
        return rendition_path(m, "list", widths_for(box_for(m, "list")[2] - box_for(m, "list")[0], LIST_WIDTHS)[-1])

    def page_sig(self, article_id: int) -> str:
        g = self.galleries.get(article_id, [])
        if not g:
            return ""
        parts = [(sha, cap, self._credit.get(sha, ""), self.metas[sha].alt if sha in self.metas else "")
                 for sha, cap in g]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]

    def page_body(self, article_id: int, body_html: str, prefix: str) -> str:
        out = responsive_body(body_html, self.metas, self.watermark)
        g = self.galleries.get(article_id)
        if g:
            entries = [GalleryEntry(self.metas[sha], cap, self.metas[sha].credit) for sha, cap in g
                       if sha in self.metas]
            out = gallery_html(entries, prefix, self.watermark) + "\n" + out
        return out

    def files(self, body_shas: Iterable[str], article_ids: Iterable[int],
              cover_shas: Iterable[str]) -> list[tuple[str, Any]]:
        """(path, loader) of every rendition the pages refer to; one decode per photo and output."""
        full = set(body_shas)
        for aid in article_ids:
            full.update(sha for sha, _ in self.galleries.get(aid, []))
        jobs: list[tuple[str, str, tuple[int, ...], Watermark | None]] = []
        for sha in sorted(full):
            jobs.append((sha, FULL, WIDTHS, self.watermark))
        for sha in sorted(set(cover_shas) - {""}):
            jobs.append((sha, "list", LIST_WIDTHS, None))
        out: list[tuple[str, Any]] = []
        for sha, output, wanted, wm in jobs:
            m = self.metas.get(sha)
            if m is None or not m.renditionable:
                continue
            group = _Group(self.db, m, output, wm)
            for path, w in wanted_files(m, output, wanted, wm):
                group.widths.append(w)
                out.append((path, lambda group=group, w=w: group.take(w)))
        return out


class _Group:
    """The widths of one photo and output, made together on first use, handed out one by one."""

    def __init__(self, db: Any, meta: ImageMeta, output: str, wm: Watermark | None) -> None:
        self.db, self.meta, self.output, self.wm = db, meta, output, wm
        self.widths: list[int] = []
        self.made: dict[int, bytes] | None = None

    def take(self, width: int) -> bytes:
        if self.made is None:
            from sqlalchemy import select

            from app.core.models import Asset

            with self.db.read() as s:
                data = s.scalar(select(Asset.data).where(Asset.sha256 == self.meta.sha256))
            self.made = make_renditions(data or b"", self.meta, self.output, self.widths, self.wm)
        return self.made.pop(width)


# -- push targets ---------------------------------------------------------------------------
def wp_media_fields(services: Services, sha256: str) -> dict[str, str]:
    """What WordPress keeps of a library photo: caption (图说, then the credit in brackets, as the
    newsroom prints it), alt text, and the credit alone as the description."""
    from app.core.errors import NotFound

    try:
        m = services.media.by_sha(sha256)
    except NotFound:
        return {}
    if not (m.caption or m.credit or m.alt):
        return {}
    caption = m.caption + (f"（{m.credit}）" if m.credit else "")
    return {"caption": caption, "alt_text": m.alt or m.caption, "description": m.credit}


def wp_gallery_html(services: Services, article_id: int, url_for: Any) -> str:
    """A 图集's photos for a push target: figures with the target's own image URLs."""
    photos = services.media.gallery(article_id) if article_id else []
    if not photos:
        return ""
    n = len(photos)
    parts = ['<div class="nd-gallery">']
    for i, p in enumerate(photos, 1):
        credit = f' <span class="nd-credit">{html.escape(p.credit)}</span>' if p.credit else ""
        parts.append(f'<figure class="nd-photo"><img src="{html.escape(url_for(p.sha256))}" '
                     f'alt="{html.escape(p.alt or p.caption)}"><figcaption>{i}/{n} {html.escape(p.caption)}{credit}'
                     "</figcaption></figure>")
    parts.append("</div>")
    return "\n".join(parts) + "\n"
