"""Keeping the index in step with the articles.

Triggers (migration 0002) append every changed article id to ``search_queue`` inside the
writer's transaction, whoever writes. ``catch_up`` turns queued ids into index entries; the
search service calls it before answering, so what it answers always includes every committed
change. ``check`` detects a missing or stale index (a restored backup, a tokenizer change) and
queues what is needed; ``rebuild`` starts over.
"""

from __future__ import annotations

import logging
import re
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from app.core import rulebook
from app.core.db import Database
from app.core.models import Article, Source
from app.core.search.schema import (
    search_docs,
    search_plain,
    search_queue,
    search_state,
    search_terms,
    search_text,
    search_trigrams,
)
from app.core.search.tokens import (
    FIELD_SEP,
    normalize,
    token_set,
    token_text,
    tokenizer_version,
    trigram_codes,
)

log = logging.getLogger(__name__)

BATCH = 500
BUDGET_BATCH = 20  # per transaction when catching up within a time budget (PostgreSQL: ≈ 25 ms an article)
_ASSET_LINK = re.compile(r"\]\(asset:[0-9a-fA-F]{8,64}\)")


@dataclass(frozen=True)
class Document:
    head: str  # normalised headline parts (引题, 主题, 副题), one per line
    rest: str  # normalised summary, body, keywords, contributors, source

    def pack(self) -> bytes:
        return zlib.compress(self.head.encode() + b"\x00" + self.rest.encode(), 6)

    @staticmethod
    def unpack(blob: bytes) -> Document:
        head, _, rest = zlib.decompress(blob).decode().partition("\x00")
        return Document(head, rest)

    def contains(self, term: str) -> bool:
        return term in self.head or term in self.rest


# The search document comes from the field registry (app/core/rulebook.py, FieldSpec.searched): the
# headline parts ("head": a hit there ranks first), then the rest ("text"); a ref field is searched
# by the name it points to. A field added to the registry with `searched` is searchable; nothing here
# lists fields.
SEARCH_FIELDS: tuple[rulebook.FieldSpec, ...] = tuple(f for f in rulebook.FIELDS if f.searched)
_REF_NAME: dict[str, tuple[Any, str]] = {"source": (Source, "name")}
TEXT_COLUMNS = tuple(getattr(Article, f.name) for f in SEARCH_FIELDS if f.kind in rulebook.TEXT_KINDS)
HEAD_COLUMNS = tuple(getattr(Article, f.name) for f in SEARCH_FIELDS
                     if f.searched == "head" and f.kind in rulebook.TEXT_KINDS)


def searched_select(*lead: Any) -> Select[Any]:
    """SELECT *lead, then the value of every searched field (in SEARCH_FIELDS order) FROM articles."""
    cols: list[Any] = []
    joins = []
    for f in SEARCH_FIELDS:
        if f.kind == "ref":
            model, attr = _REF_NAME[f.ref]
            ref = aliased(model, name=f"ref_{f.name}")
            cols.append(getattr(ref, attr))
            joins.append((ref, ref.id == getattr(Article, f.name)))
        else:
            cols.append(getattr(Article, f.name))
    stmt = select(*lead, *cols).select_from(Article)
    for ref, on in joins:
        stmt = stmt.outerjoin(ref, on)
    return stmt


def field_parts(values: Sequence[Any], markdown: Callable[[str], str] | None = None
                ) -> Iterator[tuple[rulebook.FieldSpec, list[str]]]:
    """Each searched field's text (values in SEARCH_FIELDS order): a list field gives its items,
    contributors their names; Markdown goes through `markdown` (default: image links lose their hash)."""
    md = markdown or (lambda v: _ASSET_LINK.sub("]()", v))
    for f, v in zip(SEARCH_FIELDS, values, strict=True):
        if f.kind == "contributors":
            items = [c.get("name", "") for c in (v or []) if isinstance(c, dict)]
        elif f.kind in rulebook.LIST_KINDS:
            items = [str(x) for x in (v or [])]
        elif f.kind == "markdown":
            items = [md(v or "")]
        else:
            items = ["" if v is None else str(v)]
        yield f, items


def document(values: Sequence[Any]) -> Document:
    """What is searchable of an article (values in SEARCH_FIELDS order). Image references
    (``![图](asset:…)``) lose their hash; everything else of the Markdown stays (markup is
    punctuation: it separates runs)."""
    head: list[str] = []
    rest: list[str] = []
    for f, items in field_parts(values):
        (head if f.searched == "head" else rest).extend(items)
    return Document(normalize(FIELD_SEP.join(head)).replace("\x00", ""),
                    normalize(FIELD_SEP.join(rest)).replace("\x00", ""))


_META = (Article.id, Article.status, Article.author_id, Article.primary_channel_id, Article.updated_at)


def _load(conn: Connection, ids: list[int]) -> dict[int, tuple]:
    stmt = searched_select(*_META).where(Article.id.in_(ids))
    return {r[0]: tuple(r) for r in conn.execute(stmt)}


def _sees_all(conn: Connection) -> bool:
    """False when row-level security hides some articles from this account (PostgreSQL
    newsroom mode): then an article it cannot see is not taken for deleted."""
    if conn.dialect.name != "postgresql":
        return True
    row = conn.execute(text(
        "SELECT NOT c.relrowsecurity OR pg_has_role(c.relowner, 'MEMBER') OR r.rolbypassrls "
        "FROM pg_class c, pg_roles r WHERE c.oid = 'articles'::regclass AND r.rolname = current_user"
    )).first()
    return bool(row[0]) if row else True


def index_articles(conn: Connection, ids: list[int], *, fresh: bool = False) -> list[int]:
    """Bring the index entries of ``ids`` up to date. Returns the ids that could not be
    handled (articles this account may not see). ``fresh``: nothing of them is indexed yet."""
    pg = conn.dialect.name == "postgresql"
    rows = _load(conn, ids)
    old: dict[int, Document] = {}
    have_meta: set[int] = set()
    if not fresh:
        old = _indexed(conn, ids)
        have_meta = set(conn.execute(select(search_docs.c.article_id)
                                     .where(search_docs.c.article_id.in_(ids))).scalars())
    missing = [i for i in ids if i not in rows]
    skipped: list[int] = []
    if missing and not _sees_all(conn):
        skipped, missing = missing, []
    gone = [i for i in missing if i in old]
    if gone:
        _remove(conn, gone, old)
    fts_rows, term_rows, text_rows, doc_rows, meta_updates, replace = [], [], [], [], [], []
    plain_rows: list[dict[str, Any]] = []
    listed = listed_trigrams(conn) if pg and rows else frozenset()
    for aid, r in rows.items():
        doc = document(r[len(_META):])
        meta = {"status": r[1], "author_id": r[2], "channel_id": r[3], "updated_at": r[4]}
        prev = old.get(aid)
        if prev is not None and aid in have_meta and prev == doc:
            meta_updates.append({"aid": aid, **meta})
            continue
        if prev is not None:
            replace.append(aid)
        doc_rows.append({"article_id": aid, **meta})
        if pg:
            # array literals built here (integers): one parameter each, parsed by the server
            term_rows.append({"article_id": aid, "head": "{" + ",".join(map(str, token_set(doc.head))) + "}",
                              "toks": "{" + ",".join(map(str, token_set(doc.head + FIELD_SEP + doc.rest, listed))) + "}",
                              "head_doc": doc.head})
            plain_rows.append({"article_id": aid, "doc": doc.rest})
        else:
            text_rows.append({"article_id": aid, "doc": doc.pack()})
            fts_rows.append({"id": aid, "head": token_text(doc.head), "rest": token_text(doc.rest)})
    if replace:
        _remove(conn, replace, old)
    if meta_updates:
        conn.execute(update(search_docs).where(search_docs.c.article_id == _bind("aid")),
                     meta_updates)
    if doc_rows:
        conn.execute(insert(search_docs), doc_rows)
    if text_rows:
        conn.execute(insert(search_text), text_rows)
    if fts_rows:
        conn.execute(text("INSERT INTO article_fts(rowid, head, rest) VALUES (:id, :head, :rest)"),
                     fts_rows)
    if term_rows:
        conn.execute(text("INSERT INTO search_terms(article_id, head, toks, head_doc) VALUES "
                          "(:article_id, CAST(:head AS bigint[]), CAST(:toks AS bigint[]), :head_doc)"),
                     term_rows)
        conn.execute(insert(search_plain), plain_rows)
    return skipped


# PostgreSQL: the trigrams indexed beside the characters and bigrams (tokens.token_set's
# ``listed``), chosen at each rebuild from a sample of the articles: those of at least
# TRIGRAM_MIN_DOCS articles (by the sample), at most TRIGRAM_MAX of them. A three-character term
# with such a trigram is answered by the index alone; any other is confirmed on the text, where
# a rare trigram has few candidates. The list changes only in a rebuild, which indexes every
# article again under it — so every article holding a listed trigram has its code.
TRIGRAM_SAMPLE = 2000
TRIGRAM_MIN_DOCS = 300
TRIGRAM_MAX = 20_000


def listed_trigrams(conn: Connection) -> frozenset[int]:
    if conn.dialect.name != "postgresql":
        return frozenset()
    return frozenset(conn.execute(select(search_trigrams.c.code)).scalars())


def choose_trigrams(conn: Connection) -> list[int]:
    """The trigrams of at least TRIGRAM_MIN_DOCS articles, estimated from TRIGRAM_SAMPLE of them
    taken at random (seeded: the same articles choose the same list), the most frequent first,
    at most TRIGRAM_MAX. None below TRIGRAM_MIN_DOCS articles."""
    import random
    from collections import Counter

    sample, min_docs, most = TRIGRAM_SAMPLE, TRIGRAM_MIN_DOCS, TRIGRAM_MAX

    ids = list(conn.execute(select(Article.id).order_by(Article.id)).scalars())
    if len(ids) < min_docs:
        return []
    picked = sorted(random.Random(len(ids)).sample(ids, min(sample, len(ids))))
    df: Counter[int] = Counter()
    for start in range(0, len(picked), BATCH):
        for r in _load(conn, picked[start:start + BATCH]).values():
            doc = document(r[len(_META):])
            df.update(trigram_codes(doc.head + FIELD_SEP + doc.rest))
    need = max(1, round(min_docs * len(picked) / len(ids)))
    return [c for c, n in df.most_common(most) if n >= need]


def _bind(name: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import bindparam

    return bindparam(name)


def _indexed(conn: Connection, ids: list[int]) -> dict[int, Document]:
    """What the index holds of ``ids`` (to see what changed, and for FTS5 to remove the old
    tokens). SQLite: search_text. PostgreSQL: the headline and the rest it already keeps
    (search_terms.head_doc, search_plain) — search_text would be a third copy of the text
    (316 MB at 100,000 articles), and is not written there."""
    if conn.dialect.name == "postgresql":
        heads = dict(conn.execute(select(search_terms.c.article_id, search_terms.c.head_doc)
                                  .where(search_terms.c.article_id.in_(ids))).all())
        rests = dict(conn.execute(select(search_plain.c.article_id, search_plain.c.doc)
                                  .where(search_plain.c.article_id.in_(ids))).all())
        # half an entry (one of the rows lost behind the triggers' back) equals no document
        # (normalised text holds no NUL): it is removed and written again
        return {aid: Document(heads.get(aid, "\x00"), rests.get(aid, "\x00")) for aid in heads.keys() | rests.keys()}
    return {aid: Document.unpack(blob) for aid, blob in conn.execute(
        select(search_text.c.article_id, search_text.c.doc).where(search_text.c.article_id.in_(ids)))}


def _remove(conn: Connection, ids: list[int], old: dict[int, Document]) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(delete(search_terms).where(search_terms.c.article_id.in_(ids)))
        conn.execute(delete(search_plain).where(search_plain.c.article_id.in_(ids)))
    else:
        rows = [{"id": aid, "head": token_text(old[aid].head), "rest": token_text(old[aid].rest)} for aid in ids]
        conn.execute(text("INSERT INTO article_fts(article_fts, rowid, head, rest) "
                          "VALUES ('delete', :id, :head, :rest)"), rows)
        conn.execute(delete(search_text).where(search_text.c.article_id.in_(ids)))
    conn.execute(delete(search_docs).where(search_docs.c.article_id.in_(ids)))


def pending(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(search_queue)).scalar() or 0)


def has_pending(conn: Connection) -> bool:
    # through the primary key: after a rebuild the table holds every article's dead row until
    # it is vacuumed, and a scan of them cost each search ≈ 1 ms at 100,000 articles
    return conn.execute(select(search_queue.c.seq).order_by(search_queue.c.seq).limit(1)).first() is not None


def catch_up(db: Database, limit: int | None = None,
             progress: Callable[[int, int], None] | None = None, bulk: bool = False,
             budget: float | None = None) -> int:
    """Index queued articles, ``BATCH`` per transaction, at most ``limit`` queue entries
    (None: all). ``bulk``: a rebuild (PostgreSQL: GIN entries gathered in a large pending list,
    merged into the index at the end). ``budget``: seconds after which no new transaction starts
    (a search's inline upkeep: a large backlog — an upgrade's rebuild, a bulk import — is worked
    off a slice per search instead of holding each search for seconds; batches are then
    ``BUDGET_BATCH`` long). Returns how many entries remain."""
    try:
        return _catch_up(db, limit, progress, bulk, budget)
    finally:
        if bulk:
            clean_pending_list(db)


def clean_pending_list(db: Database) -> None:
    """PostgreSQL: merge the GIN pending lists (every search scans them whole until they are
    merged; autovacuum does it too, later). Needs the table's owner; skipped otherwise."""
    if db.dialect != "postgresql":
        return
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT gin_clean_pending_list('ix_search_terms_toks'), "
                              "gin_clean_pending_list('ix_search_terms_head')"))
            conn.commit()
    except Exception as exc:  # noqa: BLE001 - an optimisation; autovacuum will do it
        log.info("GIN pending lists left to autovacuum: %s", exc)


def _catch_up(db: Database, limit: int | None, progress: Callable[[int, int], None] | None,
              bulk: bool, budget: float | None = None) -> int:
    done = 0
    total = None
    start = time.monotonic()
    batch = BATCH if budget is None else BUDGET_BATCH
    while True:
        if budget is not None and done and time.monotonic() - start >= budget:
            return pending(db)
        with db.engine.connect() as conn:
            if not has_pending(conn):
                return 0
            if total is None and progress is not None:
                total = int(conn.execute(select(func.count()).select_from(search_queue)).scalar() or 0)
        if limit is not None and done >= limit:
            return pending(db)
        with db.session() as s:
            conn = s.connection()
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(815002)"))  # one indexer at a time
                if bulk:  # GIN inserts gathered in the pending list, merged in bulk (faster);
                    # an insert's merge of that list sorts in work_mem (4 MB by default): give
                    # it the whole list, or it goes into the index in many small passes
                    conn.execute(text("SET LOCAL gin_pending_list_limit = '32MB'"))
                    conn.execute(text("SET LOCAL work_mem = '64MB'"))
            size = batch if limit is None else max(1, min(batch, limit - done))
            rows = conn.execute(select(search_queue.c.seq, search_queue.c.article_id)
                                .order_by(search_queue.c.seq).limit(size)).all()
            if not rows:
                return 0
            ids = sorted({r[1] for r in rows})
            skipped = set(index_articles(conn, ids))
            seqs = [r[0] for r in rows if r[1] not in skipped]
            if seqs:
                conn.execute(delete(search_queue).where(search_queue.c.seq.in_(seqs)))
            done += len(rows)
            if not seqs:  # only rows this account cannot see are left: leave them for others
                return pending(db)
        if progress is not None and total:
            progress(min(done, total), total)


@dataclass
class IndexState:
    articles: int
    indexed: int
    queued: int
    tokenizer: str | None
    current: str = ""  # the version this engine's index must carry (tokens.tokenizer_version)

    @property
    def ok(self) -> bool:
        return self.tokenizer == self.current and self.queued == 0 and self.articles == self.indexed


def state(db: Database) -> IndexState:
    with db.engine.connect() as conn:
        return IndexState(
            int(conn.execute(select(func.count()).select_from(Article)).scalar() or 0),
            int(conn.execute(select(func.count()).select_from(search_docs)).scalar() or 0),
            int(conn.execute(select(func.count()).select_from(search_queue)).scalar() or 0),
            conn.execute(select(search_state.c.value).where(search_state.c.key == "tokenizer")).scalar(),
            tokenizer_version(conn.dialect.name),
        )


def check(db: Database, deep: bool = False) -> str:
    """Detect a missing or stale index and queue what it lacks. Cheap unless ``deep``:
    compares the tokenizer version, the counts and the newest change. Returns what was found:
    'ok', 'queued' (pending work already known), 'rebuild' (tokenizer changed: everything
    queued), 'repaired' (stale entries queued)."""
    if deep:  # `newsdesk reindex --check`: also a bulk rebuild's GIN indexes, if one was interrupted
        ensure_gin(db)
    st = state(db)
    if st.tokenizer != st.current:
        if st.indexed == 0:
            # nothing indexed yet (a new or just-upgraded database: the migration queued
            # everything already, under 0002's version name): record the current version
            with db.session() as s:
                s.execute(delete(search_state).where(search_state.c.key == "tokenizer"))
                s.execute(insert(search_state).values(key="tokenizer", value=st.current))
                if st.queued == 0 and st.articles:
                    s.execute(text("INSERT INTO search_queue(article_id) SELECT id FROM articles"))
            return "queued" if st.articles else "ok"
        rebuild(db, run=False)
        return "rebuild"
    with db.engine.connect() as conn:
        a_max = conn.execute(select(func.max(Article.updated_at))).scalar()
        d_max = conn.execute(select(func.max(search_docs.c.updated_at))).scalar()
    stale = st.articles != st.indexed or a_max != d_max or deep
    if not stale:
        return "queued" if st.queued else "ok"
    if st.queued and not deep:
        return "queued"  # counts differ because of work already queued
    with db.session() as s:
        conn = s.connection()
        q = conn.execute(text(
            "INSERT INTO search_queue(article_id) "
            "SELECT a.id FROM articles a LEFT JOIN search_docs d ON d.article_id = a.id "
            "WHERE d.article_id IS NULL OR d.updated_at <> a.updated_at OR d.status <> a.status "
            "OR d.author_id <> a.author_id "
            "OR COALESCE(d.channel_id, -1) <> COALESCE(a.primary_channel_id, -1)"))
        n = q.rowcount or 0
        q2 = conn.execute(text(
            "INSERT INTO search_queue(article_id) SELECT d.article_id FROM search_docs d "
            "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = d.article_id)"))
        n += q2.rowcount or 0
    if n:
        log.warning("search index: %d stale entries queued for reindexing", n)
        return "repaired"
    return "queued" if st.queued else "ok"


def rebuild(db: Database, run: bool = True,
            progress: Callable[[int, int], None] | None = None) -> int:
    """Drop every index entry and index all articles again. Returns the number indexed."""
    trigrams: list[int] = []
    if db.dialect == "postgresql":
        with db.engine.connect() as conn:
            trigrams = choose_trigrams(conn)
    with db.session() as s:
        conn = s.connection()
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(815002)"))
            if _may_truncate(conn):
                # the owner empties the tables: deleted rows would keep their space (the table
                # and its TOAST twice their size after the rebuild: 3.8 GB instead of 2.4 at
                # 100,000 articles), since the new rows are written before any vacuum
                conn.execute(text("TRUNCATE " + ", ".join(_PG_TABLES)))
            else:
                for t in (search_terms, search_plain, search_trigrams, search_text, search_docs, search_queue):
                    conn.execute(delete(t))
            # the list and every article queued again, in one transaction (see listed_trigrams)
            if trigrams:
                conn.execute(insert(search_trigrams), [{"code": c} for c in trigrams])
        else:
            conn.execute(text("INSERT INTO article_fts(article_fts) VALUES ('delete-all')"))
            conn.execute(delete(search_text))
            conn.execute(delete(search_docs))
            conn.execute(delete(search_queue))
        conn.execute(delete(search_state).where(search_state.c.key == "tokenizer"))
        conn.execute(insert(search_state).values(key="tokenizer", value=tokenizer_version(conn.dialect.name)))
        n = conn.execute(text("INSERT INTO search_queue(article_id) SELECT id FROM articles "
                              "ORDER BY id")).rowcount or 0
    if run:
        dropped = _drop_gin(db)
        try:
            catch_up(db, progress=progress, bulk=True)
        finally:
            if dropped:
                ensure_gin(db)
        if dropped:
            _vacuum(db)
    return n


_PG_TABLES = ("search_terms", "search_plain", "search_trigrams", "search_text", "search_docs", "search_queue")


def _may_truncate(conn: Connection) -> bool:
    return bool(conn.execute(text(
        "SELECT bool_and(has_table_privilege(t, 'TRUNCATE')) FROM unnest(CAST(:t AS text[])) t"),
        {"t": list(_PG_TABLES)}).scalar())


def _vacuum(db: Database) -> None:
    """After a rebuild by the tables' owner: VACUUM ANALYZE the index tables. The queue then holds
    every article's dead row, and until it is vacuumed each search's check for queued work walks
    them (≈ 1 ms at 100,000 articles); the visibility map lets the searches' key lookups skip the
    heap; the planner sees the new sets. Autovacuum would do it later (not at all where it is
    off). Fails quietly for anyone else."""
    if db.dialect != "postgresql":
        return
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM (ANALYZE) search_queue, search_docs, search_terms, search_plain, "
                              "search_trigrams"))
    except Exception as exc:  # noqa: BLE001 - an optimisation; autovacuum will do it
        log.info("search tables left to autovacuum: %s", exc)


# PostgreSQL's GIN indexes of search_terms (migration 0002). A rebuild from scratch drops them,
# fills the table and builds them in one sorted pass (CREATE INDEX with a large
# maintenance_work_mem): several times faster than growing them insert by insert, even through
# the pending list (issue #21). Needs the table's owner (`newsdesk reindex` as the owner
# account); anyone else rebuilds with the indexes in place, as before.
GIN_INDEXES = {
    "ix_search_terms_toks": "CREATE INDEX IF NOT EXISTS ix_search_terms_toks ON search_terms USING gin (toks)",
    "ix_search_terms_head": "CREATE INDEX IF NOT EXISTS ix_search_terms_head ON search_terms USING gin (head)",
}
BUILD_MEMORY = "256MB"


def _drop_gin(db: Database) -> bool:
    if db.dialect != "postgresql":
        return False
    try:
        with db.session() as s:
            conn = s.connection()
            conn.execute(text("SELECT pg_advisory_xact_lock(815002)"))
            conn.execute(text("SET LOCAL lock_timeout = '5s'"))
            for name in GIN_INDEXES:
                conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
        return True
    except Exception as exc:  # noqa: BLE001 - not the owner, or busy: rebuild with the indexes in place
        log.info("rebuilding with the GIN indexes in place: %s", exc)
        return False


def ensure_gin(db: Database) -> None:
    """Create the GIN indexes of search_terms where they are missing (after a bulk rebuild, or
    one that was interrupted). A no-op on SQLite and where they exist."""
    if db.dialect != "postgresql":
        return
    try:
        with db.session() as s:
            conn = s.connection()
            have = set(conn.execute(text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'search_terms'")).scalars())
            todo = [sql for name, sql in GIN_INDEXES.items() if name not in have]
            if not todo:
                return
            conn.execute(text("SELECT pg_advisory_xact_lock(815002)"))
            conn.execute(text(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'"))
            for sql in todo:
                conn.execute(text(sql))
    except Exception as exc:  # noqa: BLE001 - searches still answer (slowly) without them
        log.warning("could not create the search index's GIN indexes: %s", exc)


def index_size(db: Database) -> int | None:
    """Bytes taken by the index — every table it adds, with their indexes and TOAST: FTS5's shadow
    tables and search_text (the indexed text, to remove old tokens) or search_terms and
    search_plain, and on both search_docs and the queue — or None where the engine cannot say
    (SQLite without the dbstat table)."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            return int(conn.execute(text(
                "SELECT sum(pg_total_relation_size(to_regclass(t))) FROM unnest(CAST(:t AS text[])) t"),
                {"t": list(_PG_TABLES)}).scalar() or 0)
        try:
            return int(conn.execute(text(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'article_fts%' OR name LIKE 'search\\_%' ESCAPE '\\' "
                "OR name LIKE 'ix\\_search\\_%' ESCAPE '\\' OR name LIKE 'sqlite\\_autoindex\\_search\\_%' ESCAPE '\\'"
            )).scalar() or 0)
        except Exception:  # noqa: BLE001 - dbstat is a compile-time option
            return None
