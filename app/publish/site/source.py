"""Read-only bulk queries for the site export.

``ArticleService.published()`` builds each article with several queries (fine for a handful, slow
for 10,000); the export needs every published article's metadata at once and the bodies only of
the pages it actually renders. Both engines, plain SQLAlchemy Core selects, no writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import aliased

from app.core import rulebook
from app.core.db import Database
from app.core.domain import ArticleData, Contributor, Origin, Status
from app.core.models import Article, ArticleChannel, Asset, Source, User

HEAD_CHARS = 240
_RAW = {f.name for f in rulebook.FIELDS if f.kind in ("time", "list", "contributors")} | {
    "first_published_at", "updated_published_at", "created_at", "updated_at"}  # enough of a body for the "opening lines" of 新闻推荐 and index excerpts


@dataclass
class SiteArticle:
    data: ArticleData  # body left empty; see load_bodies
    head: str  # the first HEAD_CHARS characters of the Markdown body


def published_versions(db: Database) -> dict[int, int]:
    """id → version of every published article (the cheap check before an incremental export)."""
    with db.read() as s:
        return {i: v for i, v in s.execute(
            select(Article.id, Article.version).where(Article.status == Status.PUBLISHED.value,
                                                      Article.first_published_at.is_not(None)))}


def name_fingerprint(db: Database) -> str:
    """A hash of the names articles borrow (sources, users): a rename shows on pages without
    changing any article's version."""
    import hashlib

    h = hashlib.blake2b(digest_size=12)
    with db.read() as s:
        for src in s.execute(select(Source.id, Source.name, Source.url).order_by(Source.id)):
            h.update(repr(tuple(src)).encode())
        # only the users pages name (responsible editors of published articles): adding a
        # reporter must not force a full re-export
        editors = (select(Article.responsible_editor_id).where(Article.status == Status.PUBLISHED.value)
                   .distinct().scalar_subquery())
        for row in s.execute(select(User.id, User.real_name).where(User.id.in_(editors)).order_by(User.id)):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def load_published(db: Database, ids: Iterable[int] | None = None) -> list[SiteArticle]:
    """Every published article's metadata (no bodies), oldest id first — or only those of *ids*."""
    if ids is not None:
        ids = list(ids)
        out: list[SiteArticle] = []
        for i in range(0, len(ids), 500):
            out.extend(_load(db, ids[i:i + 500]))
        return out
    return _load(db, None)


def _load(db: Database, ids: list[int] | None) -> list[SiteArticle]:
    editor = aliased(User)
    author = aliased(User)
    cover = aliased(Asset)
    # Dates and JSON come back raw and are decoded here: the generic result processors cost
    # more than the rest of the export's bookkeeping at 10,000 articles.
    cols = [type_coerce(c, String).label(c.key) if c.key in _RAW else c
            for c in Article.__table__.c if c.key not in ("body",)]
    stmt = (
        select(*cols, func.substr(Article.body, 1, HEAD_CHARS).label("head"),
               Source.name.label("source_name"), cover.sha256.label("cover_sha256"),
               editor.real_name.label("editor_name"), author.real_name.label("author_name"))
        .select_from(Article)
        .outerjoin(Source, Source.id == Article.source_id)
        .outerjoin(cover, cover.id == Article.cover_asset_id)
        .outerjoin(editor, editor.id == Article.responsible_editor_id)
        .outerjoin(author, author.id == Article.author_id)
        .where(Article.status == Status.PUBLISHED.value)
        .order_by(Article.id)
    )
    if ids is not None:
        stmt = stmt.where(Article.id.in_(ids))
    out: list[SiteArticle] = []
    with db.read() as s:
        secondary: dict[int, list[int]] = {}
        for aid, cid in s.execute(
            select(ArticleChannel.article_id, ArticleChannel.channel_id)
            .join(Article, Article.id == ArticleChannel.article_id)
            .where(Article.status == Status.PUBLISHED.value,
                   *([ArticleChannel.article_id.in_(ids)] if ids is not None else []))
        ):
            secondary.setdefault(aid, []).append(cid)
        for r in s.execute(stmt).mappings():
            data = ArticleData(
                id=r["id"], uuid=r["uuid"], version=r["version"], status=Status(r["status"]), body="",
                **{f.name: _field(f, r[f.name]) for f in _SITE_FIELDS},  # every exported registry field
                source_name=r["source_name"] or "", cover_sha256=r["cover_sha256"],
                secondary_channel_ids=sorted(secondary.get(r["id"], [])),
                author_id=r["author_id"], author_name=r["author_name"] or "",
                responsible_editor_name=r["editor_name"] or "",
                first_published_at=_utc(r["first_published_at"]),
                updated_published_at=_utc(r["updated_published_at"]),
                correction_note=r["correction_note"] or "",
                created_at=_utc(r["created_at"]), updated_at=_utc(r["updated_at"]),
            )
            out.append(SiteArticle(data, r["head"] or ""))
    return out


# The registry's fields the site reads (rulebook.FIELDS, `exported`), but the body (bodies come from
# the render cache) and the secondary channels (their own table, read above).
_SITE_FIELDS = tuple(f for f in rulebook.FIELDS if f.exported and f.name != "body" and f.kind != "refs")
_ENUMS = {"origin": Origin}


def _field(f: rulebook.FieldSpec, v: Any) -> Any:
    """A registry field's raw column value as ArticleData carries it."""
    if f.kind in rulebook.TEXT_KINDS:
        return v or ""
    if f.kind == "time":
        return _utc(v)
    if f.kind == "list":
        return list(_json(v))
    if f.kind == "contributors":
        return [Contributor(c.get("role", ""), c.get("name", "")) for c in _json(v)]
    if f.kind == "enum":
        return _ENUMS[f.name](v) if f.name in _ENUMS else v
    if f.kind == "int":
        return v or 0
    if f.kind == "bool":
        return bool(v)
    return v  # ref: an id or None


def _json(v):  # type: ignore[no-untyped-def]
    if v is None:
        return []
    if isinstance(v, str | bytes):
        return json.loads(v) or []
    return v


def _utc(v):  # type: ignore[no-untyped-def]
    """Raw engine values (SQLite text, PostgreSQL aware datetimes) as aware UTC datetimes."""
    if v is None:
        return None
    if isinstance(v, str):
        v = datetime.fromisoformat(v)
    return v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC)


def load_terms(db: Database) -> list[tuple[int, list[str], str]]:
    """(id, keywords, title) of the articles an export lists (published, with a first publication),
    newest first: what the related lists are computed from, read before the rest of the metadata
    so that another process can start on them."""
    with db.read() as s:
        return [(aid, list(_json(kw)), title or "") for aid, kw, title in s.execute(
            select(Article.id, type_coerce(Article.keywords, String), Article.title)
            .where(Article.status == Status.PUBLISHED.value, Article.first_published_at.is_not(None))
            .order_by(Article.first_published_at.desc(), Article.id.desc()))]


def load_bodies(db: Database, ids: Iterable[int], chunk: int = 500) -> Iterator[tuple[int, str]]:
    """(id, Markdown body) for the given articles, fetched in chunks.

    On SQLite a chunk comes back as one JSON array (``json_group_array``), one row. Python's
    sqlite3 lets go of the GIL for every row it steps through and must take it back after each:
    the export's feeding thread, reading 500 bodies while the main thread plans pages, waited for
    the GIL at every row, and the other process sat idle for 0.3–0.4 s of a cold export at
    10,000 articles waiting for its Markdown (docs/site-export.md). One step per chunk
    waits once. A SQLite built without JSON falls back to rows.

    Each chunk is read in a short transaction of its own: one read held open across every chunk
    kept SQLite from emptying its log while the export wrote the render cache, and the log (≈ 80 MB
    at 10,000 articles) was then copied in one 0.27 s commit at the end, the other process idle."""
    ids = list(ids)
    as_json = db.dialect == "sqlite"
    for i in range(0, len(ids), chunk):
        part = ids[i:i + chunk]
        with db.read() as s:  # one short read per chunk (see above)
            if as_json:
                try:
                    packed = s.execute(select(func.json_group_array(func.json_array(Article.id, Article.body)))
                                       .where(Article.id.in_(part))).scalar()
                except OperationalError:  # no JSON functions in this SQLite: rows, as everywhere else
                    as_json = False
                else:
                    rows = json.loads(packed or "[]")
            if not as_json:
                rows = s.execute(select(Article.id, Article.body).where(Article.id.in_(part))).all()
        yield from ((aid, body) for aid, body in rows)


def asset_types(db: Database) -> dict[str, str]:
    """sha256 → mime of every stored image (no image bytes)."""
    with db.read() as s:
        return {sha: mime for sha, mime in s.execute(select(Asset.sha256, Asset.mime))}
