"""The newsroom's media library: photos imported once (content hash), described once (caption,
credit, alt, keywords, date taken, place, rights), found by any of these, and used by articles as
cover, inline images or the ordered photos of a 图集 (gallery).

Imports decode and clean each file (app.core.media.safe) *outside* any database transaction, one
file at a time, and report progress and honour a cancel between files; the UI calls them through
its operation runner, never on the UI thread. Listing reads never touch the originals' bytes:
rows carry metadata, thumbnails are a separate small read."""

from __future__ import annotations

import builtins
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.core.domain import Actor, Role
from app.core.errors import NewsdeskError, NotFound, PermissionDenied, ValidationError
from app.core.media.safe import clean_image
from app.core.models import Article, ArticleMedia, Asset
from app.core.services.base import Service, audit, signal_change

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
RIGHTS = ("original", "reprint")
RIGHTS_LABELS = {"original": ("原创", "Original"), "reprint": ("转载", "Reprint")}
TEXT_LIMITS = {"caption": 2000, "credit": 200, "alt": 500, "place": 200, "rights_source": 200}
OUTPUTS = {"cover": 16 / 9, "list": 4 / 3, "wechat": 2.35, "square": 1.0}  # the crops an editor sets

# the columns a listing reads: never ``data`` (the original) nor ``thumb``
_META = (Asset.id, Asset.sha256, Asset.mime, Asset.filename, Asset.size, Asset.width, Asset.height,
         Asset.caption, Asset.credit, Asset.alt, Asset.keywords, Asset.taken_at, Asset.place,
         Asset.rights, Asset.rights_source, Asset.camera, Asset.crops, Asset.created_at)


@dataclass
class MediaItem:
    id: int
    sha256: str
    mime: str
    filename: str
    size: int
    width: int | None
    height: int | None
    caption: str = ""
    credit: str = ""
    alt: str = ""
    keywords: list[str] = field(default_factory=list)
    taken_at: datetime | None = None
    place: str = ""
    rights: str = "original"
    rights_source: str = ""
    camera: str = ""
    crops: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None


@dataclass
class GalleryPhoto:
    asset_id: int
    sha256: str
    caption: str  # the caption shown: the gallery's own, else the library's
    credit: str
    alt: str
    width: int | None
    height: int | None


@dataclass
class ImportReport:
    imported: builtins.list[MediaItem] = field(default_factory=list)
    duplicates: builtins.list[MediaItem] = field(default_factory=list)
    refused: builtins.list[tuple[str, str, str]] = field(default_factory=list)  # (file, zh, en)
    cancelled: bool = False

    @property
    def items(self) -> builtins.list[MediaItem]:
        return self.imported + self.duplicates


@dataclass
class MediaQuery:
    text: str = ""  # caption, credit, alt, keywords, place, file name, camera
    credit: str = ""
    keyword: str = ""
    place: str = ""
    rights: str = ""
    taken_from: datetime | None = None
    taken_to: datetime | None = None
    missing_caption: bool = False
    missing_credit: bool = False
    limit: int = 200
    offset: int = 0


def _item(r: Any) -> MediaItem:
    return MediaItem(r.id, r.sha256, r.mime, r.filename, r.size, r.width, r.height, r.caption or "",
                     r.credit or "", r.alt or "", list(r.keywords or []), r.taken_at, r.place or "",
                     r.rights or "original", r.rights_source or "", r.camera or "", dict(r.crops or {}),
                     r.created_at)


def image_files(paths: Iterable[str | Path]) -> builtins.list[Path]:
    """The image files among paths; a folder gives its images (not recursive), by name."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(c for c in p.iterdir() if c.is_file() and c.suffix.lower() in IMAGE_SUFFIXES)
        elif p.suffix.lower() == ".docx":
            out.append(p)
        else:
            out.append(p)
    return out


def docx_images(path: Path) -> builtins.list[tuple[str, bytes]]:
    """The pictures of a Word file in the order the document shows them (then any unreferenced)."""
    import re

    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.startswith("word/media/")]
            order: list[str] = []
            try:
                rels = z.read("word/_rels/document.xml.rels").decode("utf-8", "replace")
                doc = z.read("word/document.xml").decode("utf-8", "replace")
                target = dict(re.findall(r'Id="([^"]+)"[^>]*?Target="media/([^"]+)"', rels))
                target.update({k: v for v, k in re.findall(r'Target="media/([^"]+)"[^>]*?Id="([^"]+)"', rels)})
                for rid in re.findall(r'r:embed="([^"]+)"', doc):
                    n = "word/media/" + target.get(rid, "")
                    if n in names and n not in order:
                        order.append(n)
            except KeyError:
                pass
            order += [n for n in sorted(names) if n not in order]
            return [(f"{path.name}:{Path(n).name}", z.read(n)) for n in order]
    except (zipfile.BadZipFile, OSError) as e:
        raise ValidationError(f"无法读取 Word 文件“{path.name}”：{e}", f"Cannot read the Word file {path.name}: {e}") from None


class MediaService(Service):
    # ---- import ------------------------------------------------------------------------
    def import_bytes(self, actor: Actor | None, data: bytes, filename: str = "",
                     **meta: Any) -> tuple[MediaItem, bool]:
        """One photo into the library → (item, was_already_there). Raises ValidationError."""
        if actor is not None and not actor.has(Role.REPORTER, Role.EDITOR, Role.CHIEF_EDITOR):
            raise PermissionDenied("只有记者和编辑可以导入图片。", "Only reporters and editors import photos.")
        import hashlib

        given = hashlib.sha256(data).hexdigest()
        found = self._find(given)  # the same file again: no decoding at all
        if found is not None:
            return found, True
        img = clean_image(data, filename)
        values = _clean_meta(meta)
        with self.db.session() as s:
            row = s.execute(select(*_META).where(or_(Asset.sha256 == img.sha256,
                                                     Asset.source_sha256 == img.source_sha256))).first()
            if row is not None:
                return _item(row), True
            a = Asset(sha256=img.sha256, mime=img.mime, filename=Path(filename).name[:255], size=len(img.data),
                      width=img.width, height=img.height, data=img.data, thumb=img.thumb,
                      source_sha256=img.source_sha256, taken_at=img.taken_at, camera=img.camera,
                      created_by=actor.id if actor else None, keywords=[], crops={}, updated_at=utcnow())
            for k, v in values.items():
                setattr(a, k, v)
            s.add(a)
            s.flush()
            audit(s, actor, "asset_add", sha256=img.sha256, size=len(img.data), filename=a.filename)
            signal_change(s, "media", a.id)
            return self._get(s, a.id), False

    def import_files(self, actor: Actor | None, paths: Iterable[str | Path],
                     progress: Callable[[int, int, str], None] | None = None,
                     cancelled: Callable[[], bool] | None = None, **meta: Any) -> ImportReport:
        """Import files, folders (their images) and .docx files (their pictures). A refused file
        is reported with its reason and the others go on; cancel stops between files."""
        files = image_files(paths)
        report = ImportReport()
        total = len(files)
        for n, p in enumerate(files):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            if progress is not None:
                progress(n, total, p.name)
            try:
                if p.suffix.lower() == ".docx":
                    blobs = docx_images(p)
                else:
                    blobs = [(p.name, p.read_bytes())]
            except OSError as e:
                report.refused.append((p.name, f"无法读取：{e}", f"Cannot read: {e}"))
                continue
            except NewsdeskError as e:
                report.refused.append((p.name, e.message_zh, e.message_en))
                continue
            for name, data in blobs:
                try:
                    item, dup = self.import_bytes(actor, data, name, **meta)
                except NewsdeskError as e:
                    report.refused.append((name, e.message_zh, e.message_en))
                    continue
                (report.duplicates if dup else report.imported).append(item)
        if progress is not None and not report.cancelled:
            progress(total, total, "")
        return report

    # ---- describe ----------------------------------------------------------------------
    def update(self, actor: Actor, asset_id: int, **changes: Any) -> MediaItem:
        """Change caption, credit, alt, keywords, taken_at, place, rights, rights_source."""
        if not actor.has(Role.REPORTER, Role.EDITOR, Role.CHIEF_EDITOR):
            raise PermissionDenied("只有记者和编辑可以编辑图片说明。", "Only reporters and editors describe photos.")
        values = _clean_meta(changes)
        with self.db.session() as s:
            a = s.get(Asset, asset_id)
            if a is None:
                raise NotFound("图片不存在。", "No such image.")
            for k, v in values.items():
                setattr(a, k, v)
            a.updated_at = utcnow()
            s.flush()
            audit(s, actor, "asset_describe", asset_id=asset_id, fields=sorted(values))
            signal_change(s, "media", asset_id)
            return self._get(s, asset_id)

    def set_crop(self, actor: Actor, asset_id: int, output: str,
                 box: tuple[float, float, float, float] | None) -> MediaItem:
        """The crop of one output ("cover", "list", "wechat", "square"; "focus" is a point
        (x, y, 0, 0)) as fractions of the upright image; None: back to the automatic crop."""
        if output not in OUTPUTS and output != "focus":
            raise ValidationError(f"未知的输出“{output}”。", f"Unknown output {output!r}.")
        if box is not None:
            x, y, w, h = (float(v) for v in box)
            if not (0 <= x <= 1 and 0 <= y <= 1 and 0 <= w <= 1 - x + 1e-9 and 0 <= h <= 1 - y + 1e-9):
                raise ValidationError("裁切框超出了图片。", "The crop lies outside the image.")
            if output != "focus" and (w <= 0 or h <= 0):
                raise ValidationError("裁切框是空的。", "The crop is empty.")
        with self.db.session() as s:
            a = s.get(Asset, asset_id)
            if a is None:
                raise NotFound("图片不存在。", "No such image.")
            crops = dict(a.crops or {})
            if box is None:
                crops.pop(output, None)
            else:
                crops[output] = [round(float(v), 5) for v in box]
            a.crops = crops
            a.updated_at = utcnow()
            s.flush()
            audit(s, actor, "asset_crop", asset_id=asset_id, output=output, box=crops.get(output))
            signal_change(s, "media", asset_id)
            return self._get(s, asset_id)

    # ---- read --------------------------------------------------------------------------
    def get(self, asset_id: int) -> MediaItem:
        with self.db.read() as s:
            return self._get(s, asset_id)

    def by_sha(self, sha256: str) -> MediaItem:
        with self.db.read() as s:
            r = s.execute(select(*_META).where(Asset.sha256 == sha256)).first()
            if r is None:
                raise NotFound("图片不存在。", "No such image.")
            return _item(r)

    def search(self, q: MediaQuery | None = None) -> builtins.list[MediaItem]:
        """Newest first; every filter narrows."""
        q = q or MediaQuery()
        stmt = select(*_META)
        if q.text.strip():
            for term in q.text.split():
                like = f"%{term}%"
                stmt = stmt.where(or_(Asset.caption.ilike(like), Asset.credit.ilike(like), Asset.alt.ilike(like),
                                      _json_like(Asset.keywords, term), Asset.place.ilike(like),
                                      Asset.filename.ilike(like), Asset.camera.ilike(like),
                                      Asset.rights_source.ilike(like)))
        if q.credit.strip():
            stmt = stmt.where(Asset.credit.ilike(f"%{q.credit.strip()}%"))
        if q.place.strip():
            stmt = stmt.where(Asset.place.ilike(f"%{q.place.strip()}%"))
        if q.keyword.strip():
            stmt = stmt.where(_json_like(Asset.keywords, q.keyword.strip()))
        if q.rights:
            stmt = stmt.where(Asset.rights == q.rights)
        if q.taken_from is not None:
            stmt = stmt.where(Asset.taken_at >= q.taken_from)
        if q.taken_to is not None:
            stmt = stmt.where(Asset.taken_at < q.taken_to)
        if q.missing_caption:
            stmt = stmt.where(or_(Asset.caption.is_(None), Asset.caption == ""))
        if q.missing_credit:
            stmt = stmt.where(or_(Asset.credit.is_(None), Asset.credit == ""))
        stmt = stmt.order_by(Asset.id.desc()).limit(q.limit).offset(q.offset)
        with self.db.read() as s:
            items = [_item(r) for r in s.execute(stmt)]
        if q.keyword.strip():  # the JSON text matched; keep exact keyword members only
            k = q.keyword.strip()
            items = [i for i in items if any(k in w for w in i.keywords)]
        return items

    def thumbnails(self, ids: Iterable[int]) -> dict[int, bytes]:
        """Small upright JPEGs; made (and stored) here for images that came before the library."""
        ids = list(ids)
        if not ids:
            return {}
        with self.db.read() as s:
            got = {r[0]: r[1] for r in s.execute(select(Asset.id, Asset.thumb).where(Asset.id.in_(ids)))}
        missing = [i for i, t in got.items() if not t]
        for i in missing:
            try:
                with self.db.read() as s:
                    data = s.scalar(select(Asset.data).where(Asset.id == i))
                got[i] = clean_image(data or b"").thumb
            except NewsdeskError:
                got[i] = b""
                continue
            with self.db.session() as s:
                a = s.get(Asset, i)
                if a is not None:
                    a.thumb = got[i]
        return {i: t or b"" for i, t in got.items()}

    def data(self, asset_id: int) -> bytes:
        """The stored (cleaned) image: for workers (export, crop), never for a UI thread."""
        with self.db.read() as s:
            d = s.scalar(select(Asset.data).where(Asset.id == asset_id))
            if d is None:
                raise NotFound("图片不存在。", "No such image.")
            return d

    # ---- galleries (图集) and what an article uses ----------------------------------------
    def gallery(self, article_id: int) -> builtins.list[GalleryPhoto]:
        with self.db.read() as s:
            return gallery_photos(s, article_id)

    def set_gallery(self, actor: Actor, article_id: int,
                    photos: Iterable[tuple[int, str]]) -> builtins.list[GalleryPhoto]:
        """Replace the article's gallery with (asset id, caption for this story) in order;
        an empty caption shows the library's. An empty list makes it an ordinary article again."""
        from app.core.services.articles import load_article
        from app.core.workflow import check_edit

        photos = [(int(i), str(c or "").strip()[:TEXT_LIMITS["caption"]]) for i, c in photos]
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            check_edit(actor, a.status, a.author_id)
            known = set(s.scalars(select(Asset.id).where(Asset.id.in_([i for i, _ in photos]))))
            unknown = [i for i, _ in photos if i not in known]
            if unknown:
                raise NotFound(f"图片 #{unknown[0]} 不存在。", f"No image #{unknown[0]}.")
            s.execute(delete(ArticleMedia).where(ArticleMedia.article_id == article_id))
            for pos, (aid, cap) in enumerate(photos):
                s.add(ArticleMedia(article_id=article_id, position=pos, asset_id=aid, caption=cap))
            # the article row is left alone (its version too): an editor with the article open keeps
            # saving without a conflict; the export keys a page on its gallery (PhotoDesk.page_sig)
            s.flush()
            audit(s, actor, "article_gallery", article_id, photos=[i for i, _ in photos])
            signal_change(s, "article", article_id)
            return gallery_photos(s, article_id)

    def article_assets(self, article_id: int) -> builtins.list[dict[str, Any]]:
        """Every image the article uses (cover, inline, gallery), for the sign rule and checklists."""
        with self.db.read() as s:
            a = s.get(Article, article_id)
            if a is None:
                raise NotFound("稿件不存在。", "No such article.")
            return article_assets(s, a)

    def _find(self, source_sha: str) -> MediaItem | None:
        with self.db.read() as s:
            r = s.execute(select(*_META).where(or_(Asset.source_sha256 == source_sha,
                                                   Asset.sha256 == source_sha)).limit(1)).first()
            return _item(r) if r is not None else None

    @staticmethod
    def _get(s: Session, asset_id: int) -> MediaItem:
        r = s.execute(select(*_META).where(Asset.id == asset_id)).first()
        if r is None:
            raise NotFound("图片不存在。", "No such image.")
        return _item(r)


def _json_like(col: Any, term: str) -> Any:
    """A term inside a JSON list column: both engines store the JSON text with non-ASCII escaped
    (\\uXXXX), so the term is matched in that form too (backslashes are LIKE's escape character on
    PostgreSQL, literal on SQLite: ESCAPE makes them one rule)."""
    from sqlalchemy import Text

    esc = json.dumps(term)[1:-1]
    pat = "%" + esc.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
    plain = "%" + term.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
    txt = func.cast(col, Text())
    return or_(txt.ilike(pat, escape="!"), txt.ilike(plain, escape="!"))


def gallery_photos(s: Session, article_id: int) -> builtins.list[GalleryPhoto]:
    rows = s.execute(
        select(ArticleMedia.asset_id, ArticleMedia.caption, Asset.sha256, Asset.caption, Asset.credit, Asset.alt,
               Asset.width, Asset.height)
        .join(Asset, Asset.id == ArticleMedia.asset_id)
        .where(ArticleMedia.article_id == article_id).order_by(ArticleMedia.position))
    return [GalleryPhoto(r[0], r[2], r[1] or r[3] or "", r[4] or "", r[5] or "", r[6], r[7]) for r in rows]


def article_assets(s: Session, a: Article) -> builtins.list[dict[str, Any]]:
    """The images an article uses, each once: cover, then inline (body order), then gallery."""
    import re

    out: dict[int, dict[str, Any]] = {}
    cols = (Asset.id, Asset.sha256, Asset.caption, Asset.credit, Asset.rights, Asset.rights_source)

    def add(r: Any, role: str, caption: str | None = None) -> None:
        if r is None or r[0] in out:
            return
        out[r[0]] = {"id": r[0], "sha256": r[1], "caption": caption if caption else (r[2] or ""),
                     "credit": r[3] or "", "rights": r[4] or "original", "rights_source": r[5] or "", "role": role}

    if a.cover_asset_id:
        add(s.execute(select(*cols).where(Asset.id == a.cover_asset_id)).first(), "cover")
    shas = list(dict.fromkeys(re.findall(r"asset:([0-9a-f]{64})", a.body or "")))
    if shas:
        rows = {r[1]: r for r in s.execute(select(*cols).where(Asset.sha256.in_(shas)))}
        for sha in shas:
            add(rows.get(sha), "inline")
    for g in s.execute(select(ArticleMedia.caption, *cols).join(Asset, Asset.id == ArticleMedia.asset_id)
                       .where(ArticleMedia.article_id == a.id).order_by(ArticleMedia.position)):
        add(g[1:], "gallery", g[0])
    return list(out.values())


def _clean_meta(meta: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in meta.items():
        if k in TEXT_LIMITS:
            v = " ".join(str(v or "").split()) if k != "caption" else str(v or "").strip()
            if len(v) > TEXT_LIMITS[k]:
                raise ValidationError(f"{k} 太长（上限 {TEXT_LIMITS[k]} 字）。", f"{k} is too long.")
            out[k] = v
        elif k == "keywords":
            words = v.replace("，", ",").split(",") if isinstance(v, str) else list(v or [])
            out[k] = list(dict.fromkeys(w.strip()[:40] for w in words if str(w).strip()))[:30]
        elif k == "rights":
            if v not in RIGHTS:
                raise ValidationError("版权须为“原创”或“转载”。", "Rights must be original or reprint.")
            out[k] = v
        elif k == "taken_at":
            if v is not None and (not isinstance(v, datetime) or v.tzinfo is None):
                raise ValidationError("拍摄时间无效。", "Invalid date taken.")
            out[k] = v
        else:
            raise ValidationError(f"未知字段“{k}”。", f"Unknown field {k!r}.")
    return out
