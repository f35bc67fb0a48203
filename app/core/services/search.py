"""Full-text search over the articles: headline parts, summary, body, keywords, contributors and
source; Chinese terms of any length and mixed Chinese/Latin/digits; filters; headline hits
first, then the most recently changed; highlighted snippets. Fast enough to run on every
keystroke (see benchmarks/RESULTS.md).

A query is whitespace-separated terms, all required. A term matches an article exactly when it
is a substring of one of its fields, compared after NFKC normalisation and case folding (so
``５Ｇ`` finds ``5G``). The index is described in app/core/search/tokens.py and
docs/search.md; this module only asks it questions."""

from __future__ import annotations

import html
import logging
import re
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, Text, any_, bindparam, false, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ProgrammingError, SQLAlchemyError

from app.core.db import Database
from app.core.domain import Actor, Status
from app.core.models import Article
from app.core.search import index as idx
from app.core.search.index import HEAD_COLUMNS, TEXT_COLUMNS, Document, field_parts, searched_select
from app.core.search.schema import search_text
from app.core.search.tokens import (
    Term,
    fts5_term,
    normalize,
    parse_query,
    pg_needs_text,
    pg_tokens,
    term_trigrams,
)
from app.core.services.base import Service
from app.core.workflow import EDITORIAL

log = logging.getLogger(__name__)

COUNT_LIMIT = 500  # totals above this are reported as "500+" (total_exact False)
INLINE_CATCH_UP = 1000  # queue entries indexed before a search answers, at most …
INLINE_BUDGET = 0.3  # … and no more than this many seconds of indexing (then page.pending > 0)
VERIFY_LIMIT = 20_000  # candidates checked for terms with punctuation inside
WALK_THRESHOLD = 3000  # SQLite: above this many matches, walk the recency index instead
PG_DENSE_MIN, PG_DENSE_SHARE = 2000, 0.03  # PostgreSQL: walk when candidates ≥ max(min, share × N)
PG_HEAD_DENSE = 300  # PostgreSQL: walk for the headline tier from this many headline candidates


@dataclass
class SearchHit:
    id: int
    title: str
    snippet_html: str
    score: float  # 2.0 a headline hit, 1.0 elsewhere
    status: Status
    updated_at: datetime
    title_html: str = ""  # the headline with the terms highlighted
    author_name: str = ""


@dataclass
class SearchPage:
    hits: list[SearchHit]
    total: int  # at most count_limit
    total_exact: bool = True  # False: there are more than ``total``
    offset: int = 0
    limit: int = 50
    pending: int = 0  # changes not yet indexed (the index is being rebuilt)
    terms: list[str] = field(default_factory=list)


_CHECKED: weakref.WeakSet[Database] = weakref.WeakSet()  # databases checked in this process


class SearchService(Service):

    # ---- index upkeep --------------------------------------------------------------------
    def ensure_current(self, limit: int | None = INLINE_CATCH_UP, budget: float | None = None) -> int:
        """Detect a stale index once per process, then index queued changes (at most ``limit``
        now, for at most ``budget`` seconds — default ``INLINE_BUDGET`` when ``limit`` is
        given). Returns how many remain queued."""
        if budget is None and limit is not None:
            budget = INLINE_BUDGET
        if self.db not in _CHECKED:
            _CHECKED.add(self.db)
            try:
                found = idx.check(self.db)
                if found not in ("ok", "queued"):
                    log.warning("search index: %s", found)
            except Exception:  # noqa: BLE001 - never let upkeep break a search
                log.exception("search index check failed")
        try:
            return idx.catch_up(self.db, limit=limit, budget=budget)
        except SQLAlchemyError as exc:  # e.g. an account without rights on the index tables
            log.warning("search index not brought up to date: %s", exc)
            try:
                return idx.pending(self.db)
            except SQLAlchemyError:
                return 0

    def reindex(self, progress=None, full: bool = True) -> int:  # type: ignore[no-untyped-def]
        """Rebuild the whole index (``full``), or verify every entry and fix the stale ones."""
        if full:
            return idx.rebuild(self.db, progress=progress)
        idx.check(self.db, deep=True)
        before = idx.pending(self.db)
        idx.catch_up(self.db, progress=progress)
        return before

    def state(self) -> idx.IndexState:
        return idx.state(self.db)

    # ---- queries -------------------------------------------------------------------------
    def search(self, actor: Actor, text_: str = "", *, statuses: list[Status] | None = None,
               channel_id: int | None = None, author_id: int | None = None,
               date_from: date | datetime | None = None, date_to: date | datetime | None = None,
               offset: int = 0, limit: int = 50, count_limit: int = COUNT_LIMIT,
               **kw: Any) -> SearchPage:
        """One page of hits, headline hits first, then newest change first. Reporters see their
        own articles and published ones (as in ArticleService.list). ``date_from``/``date_to``
        bound the last change; a ``date`` is a whole day in the newsroom's time zone."""
        text_ = kw.pop("text", text_)
        if kw:
            raise TypeError(f"unexpected arguments: {', '.join(kw)}")
        terms = parse_query(text_ or "")
        offset, limit = max(0, int(offset)), max(1, min(int(limit), 500))
        if not terms:
            return SearchPage([], 0, True, offset, limit)
        left = self.ensure_current()
        filters, params = self._filters(actor, statuses, channel_id, author_id, date_from, date_to)
        try:
            with self.db.engine.connect() as conn:
                q = _Query(conn, terms, filters, params)
                if q.exact:
                    ranked, total, exact = q.page(offset, limit, count_limit)
                else:
                    ranked, total, exact = q.verified_page(offset, limit, count_limit)
                hits = self._hits(terms, ranked, conn)  # the same connection: one checkout a search
        except ProgrammingError as exc:
            if not _no_rights(exc):
                raise
            # newsroom mode: the index holds every article's text, so only editors may read it;
            # others get a scan of the articles they may see (slower; headline, summary, body)
            ranked, total, exact = self._scan(actor, terms, statuses, channel_id, author_id,
                                              date_from, date_to, offset, limit, count_limit)
            hits = self._hits(terms, ranked)
        return SearchPage(hits, total, exact, offset, limit, left, [t.text for t in terms])

    def _scan(self, actor: Actor, terms: list[Term], statuses, channel_id, author_id,  # type: ignore[no-untyped-def]
              date_from, date_to, offset: int, limit: int, cap: int
              ) -> tuple[list[tuple[int, float]], int, bool]:
        """The index's answer without the index (accounts that may not read it): LIKE over the
        headline parts, summary and body of the articles this account may see."""
        from sqlalchemy import case, func, or_

        from app.core.models import ArticleChannel

        head_cols = HEAD_COLUMNS  # the registry's headline fields
        stmt = select(Article.id)
        if not actor.has(*EDITORIAL):
            stmt = stmt.where(or_(Article.author_id == actor.id, Article.status == Status.PUBLISHED.value))
        if statuses:
            stmt = stmt.where(Article.status.in_([Status(x).value for x in statuses]))
        if author_id is not None:
            stmt = stmt.where(Article.author_id == author_id)
        if channel_id is not None:
            sec = select(ArticleChannel.article_id).where(ArticleChannel.channel_id == channel_id)
            stmt = stmt.where(or_(Article.primary_channel_id == channel_id, Article.id.in_(sec)))
        if date_from is not None:
            stmt = stmt.where(Article.updated_at >= _aware(self._instant(date_from, False)))
        if date_to is not None:
            stmt = stmt.where(Article.updated_at < _aware(self._instant(date_to, True)))
        likes = {t.text: "%" + t.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                 for t in terms}
        stmt = stmt.where(_like_clause(terms))
        in_head = or_(*[c.ilike(like, escape="\\") for like in likes.values() for c in head_cols])
        ranked_stmt = (stmt.add_columns(case((in_head, 2.0), else_=1.0).label("score"))
                       .order_by(case((in_head, 0), else_=1), Article.updated_at.desc(), Article.id.desc())
                       .offset(offset).limit(limit))
        with self.db.read() as s:
            ranked = [(r[0], float(r[1])) for r in s.execute(ranked_stmt)]
            total = s.scalar(select(func.count()).select_from(stmt.limit(cap + 1).subquery())) or 0
        return ranked, min(total, cap), total <= cap

    def matching_ids(self, actor: Actor, text_: str, limit: int = 1000) -> list[int]:
        """The ids of matching articles this actor may see, best first (headline, recency)."""
        terms = parse_query(text_ or "")
        if not terms:
            return []
        self.ensure_current()
        filters, params = self._filters(actor, None, None, None, None, None)
        try:
            with self.db.engine.connect() as conn:
                q = _Query(conn, terms, filters, params)
                if q.exact:
                    ranked, _, _ = q.page(0, max(1, limit), 1)
                else:
                    ranked, _, _ = q.verified_page(0, max(1, limit), 1)
        except ProgrammingError as exc:
            if not _no_rights(exc):
                raise
            ranked, _, _ = self._scan(actor, terms, None, None, None, None, None, 0, max(1, limit), 1)
        return [r[0] for r in ranked]

    def id_filter(self, text_: str) -> tuple[ColumnElement[bool] | None, int]:
        """A WHERE clause on Article.id for ArticleService.list's text filter (None: no text), and
        how many changes the index has yet to take in (> 0: the clause may miss articles)."""
        terms = parse_query(text_ or "")
        if not terms:
            return (None if not (text_ or "").strip() else false()), 0
        left = self.ensure_current()
        return self._id_clause(terms), left

    def _id_clause(self, terms: list[Term]) -> ColumnElement[bool]:
        if self.db.dialect == "postgresql":
            # the ids themselves, found through the GIN index (a subquery left to the planner
            # may test every article's token set: seconds at 100,000 articles)
            try:
                with self.db.engine.connect() as conn:
                    cond, params = _pg_match(terms, listed=_listed(conn, terms))
                    _Query(conn, terms, [], {})._plan("bitmap")
                    ids = [r[0] for r in conn.execute(
                        text(f"SELECT t.article_id FROM search_terms t WHERE {cond}"), params)]
            except ProgrammingError as exc:
                if not _no_rights(exc):
                    raise
                return _like_clause(terms)  # no rights on the index: see search()
            return Article.id == any_(bindparam("search_ids", ids, type_=ARRAY(Integer)))
        if all(t.exact_in_index for t in terms):
            sql, params = _match_sql(self.db.dialect, terms)
            binds = [bindparam(k, v, type_=ARRAY(Text) if isinstance(v, list) else String())
                     for k, v in params.items()]
            return Article.id.in_(text(sql).bindparams(*binds).columns(article_id=Article.id.type))
        with self.db.engine.connect() as conn:
            ranked, _, _ = _Query(conn, terms, [], {}).verified_page(0, VERIFY_LIMIT, 1)
        return Article.id.in_([r[0] for r in ranked])

    # ---- helpers -------------------------------------------------------------------------
    def _filters(self, actor: Actor, statuses, channel_id, author_id, date_from,  # type: ignore[no-untyped-def]
                 date_to) -> tuple[list[str], dict[str, Any]]:
        f: list[str] = []
        p: dict[str, Any] = {}
        if not actor.has(*EDITORIAL):
            f.append("(d.author_id = :me OR d.status = 'published')")
            p["me"] = actor.id
        if statuses:
            names = [Status(s).value for s in statuses]
            f.append("d.status IN (" + ", ".join(f":st{i}" for i in range(len(names))) + ")")
            p.update({f"st{i}": n for i, n in enumerate(names)})
        if author_id is not None:
            f.append("d.author_id = :author")
            p["author"] = int(author_id)
        if channel_id is not None:
            f.append("(d.channel_id = :chan OR d.article_id IN "
                     "(SELECT article_id FROM article_channels WHERE channel_id = :chan))")
            p["chan"] = int(channel_id)
        if date_from is not None:
            f.append("d.updated_at >= :dfrom")
            p["dfrom"] = self._instant(date_from, False)
        if date_to is not None:
            f.append("d.updated_at < :dto")
            p["dto"] = self._instant(date_to, True)
        return f, p

    def _instant(self, v: date | datetime, end: bool) -> Any:
        from datetime import UTC

        if isinstance(v, datetime):
            if v.tzinfo is None:
                from app.core.errors import ValidationError

                raise ValidationError("时间必须带时区。", "Times must carry a time zone.")
            dt = v.astimezone(UTC)
        else:
            from zoneinfo import ZoneInfo

            from app.core.services.admin import AdminService

            try:
                tz = ZoneInfo(AdminService(self.db).setting("timezone") or "Asia/Shanghai")
            except Exception:  # noqa: BLE001
                tz = ZoneInfo("Asia/Shanghai")
            day = v + timedelta(days=1) if end else v
            dt = datetime.combine(day, time(0), tz).astimezone(UTC)
        # stored as naive UTC text on SQLite, timestamptz on PostgreSQL
        return dt.replace(tzinfo=None) if self.db.dialect == "sqlite" else dt

    def _hits(self, terms: list[Term], ranked: list[tuple[int, float]],
              conn: Connection | None = None) -> list[SearchHit]:
        if not ranked:
            return []
        from app.core.models import User

        ids = [r[0] for r in ranked]
        lead = (Article.id, Article.title, Article.status, Article.updated_at, User.real_name)
        stmt = searched_select(*lead).outerjoin(User, User.id == Article.author_id).where(Article.id.in_(ids))
        if conn is not None:
            rows = {r[0]: r for r in conn.execute(stmt)}
        else:
            with self.db.read() as s:
                rows = {r[0]: r for r in s.execute(stmt)}
        out = []
        for aid, score in ranked:
            r = rows.get(aid)
            if r is None:  # deleted since it was indexed
                continue
            # the snippet: the rest of the document first, then the headline parts beside the title
            rest: list[str] = []
            head: list[str] = []
            for f, items in field_parts(r[len(lead):], markdown=_clean_markdown):
                if f.name != "title":
                    (head if f.searched == "head" else rest).append("、".join(items))
            out.append(SearchHit(aid, r[1], snippet_html(terms, rest + head), score, Status(r[2]), r[3],
                                 highlight_html(r[1], terms), r[4] or ""))
        return out


# ---- SQL -------------------------------------------------------------------------------------

def _no_rights(exc: ProgrammingError) -> bool:
    """The account may not read the index (PostgreSQL newsroom mode: insufficient_privilege)."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == "42501"


def _like_clause(terms: list[Term]) -> ColumnElement[bool]:
    from sqlalchemy import and_, or_

    cols = TEXT_COLUMNS  # the registry's searched text fields
    parts = []
    for t in terms:
        like = "%" + t.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        parts.append(or_(*[c.ilike(like, escape="\\") for c in cols]))
    return and_(*parts)


def _aware(v: Any) -> Any:
    from datetime import UTC

    return v.replace(tzinfo=UTC) if isinstance(v, datetime) and v.tzinfo is None else v


def _in_text(alias: str, param: str) -> str:
    """PostgreSQL: the term bound to ``:param`` is in the normalised text of the article in
    ``alias`` — its headline (search_terms) or the rest (search_plain: kept apart, in the row and
    LZ4-compressed, so search_terms stays narrow for the GIN scans' heap visits and a
    confirmation reads one short row instead of a TOAST value)."""
    return (f"(strpos({alias}.head_doc, :{param}) > 0 OR strpos((SELECT sp.doc FROM search_plain sp "
            f"WHERE sp.article_id = {alias}.article_id), :{param}) > 0)")


def _listed(conn: Connection, terms: list[Term]) -> frozenset[int]:
    """PostgreSQL: which of the terms' trigrams the index holds (index.listed_trigrams)."""
    codes = sorted({c for t in terms for c in term_trigrams(t)})
    if not codes:
        return frozenset()
    return frozenset(conn.execute(text("SELECT code FROM search_trigrams WHERE code = ANY(CAST(:c AS bigint[]))"),
                                  {"c": codes}).scalars())


def _pg_match(terms: list[Term], alias: str = "t", head: bool = False,
              listed: frozenset[int] = frozenset()) -> tuple[str, dict[str, Any]]:
    """PostgreSQL: the condition on search_terms that an article holds every term (``head``:
    one of the terms in its headline). Exact: the GIN-indexed set containment (characters,
    bigrams and ``listed`` trigrams: exact alone for terms of one or two characters and for
    three whose trigram is listed), confirmed with strpos on the text for other longer terms and
    terms with punctuation inside. The headline sets hold no trigrams (headlines are short and
    kept inline: strpos confirms them)."""
    params: dict[str, Any] = {}
    if head:
        alts = []
        for i, t in enumerate(terms):
            params[f"hk{i}"] = pg_tokens(t)
            c = f"{alias}.head @> CAST(:hk{i} AS bigint[])"
            if pg_needs_text(t):
                params[f"hv{i}"] = t.text
                c += f" AND strpos({alias}.head_doc, :hv{i}) > 0"
            alts.append(f"({c})")
        return "(" + " OR ".join(alts) + ")", params
    tk: list[int] = []
    for t in terms:
        tk.extend(x for x in pg_tokens(t, listed) if x not in tk)
    params["tk"] = tk
    conds = [f"{alias}.toks @> CAST(:tk AS bigint[])"]
    for i, t in enumerate(terms):
        if pg_needs_text(t, listed):
            params[f"v{i}"] = t.text
            conds.append(_in_text(alias, f"v{i}"))
    return " AND ".join(conds), params


def _match_sql(dialect: str, terms: list[Term]) -> tuple[str, dict[str, Any]]:
    """SQL selecting the ids of articles matching every term (exact on PostgreSQL and for
    one-run terms on SQLite; a superset for terms with punctuation inside on SQLite)."""
    if dialect == "postgresql":
        cond, params = _pg_match(terms)
        return f"SELECT t.article_id FROM search_terms t WHERE {cond}", params
    return ("SELECT rowid FROM article_fts WHERE article_fts MATCH :x",
            {"x": " AND ".join(fts5_term(t) for t in terms)})


class _Query:
    def __init__(self, conn: Connection, terms: list[Term], filters: list[str],
                 params: dict[str, Any]) -> None:
        self.conn = conn
        self.pg = conn.dialect.name == "postgresql"
        self.terms = terms
        self.params = dict(params)
        self.filters = filters
        if self.pg:
            listed = _listed(conn, terms)
            cond, p = _pg_match(terms, listed=listed)
            self._cond = cond
            hcond, hp = _pg_match(terms, "t2", head=True)
            self.params.update(p)
            self.params.update(hp)
            self.all = [f"d.article_id IN (SELECT t.article_id FROM search_terms t WHERE {cond})"]
            for i, t in enumerate(terms):
                self.params[f"w{i}"] = t.text
            texts = " AND ".join(_in_text("t", f"w{i}") for i in range(len(terms)))
            self.walk_all = f"d.article_id IN (SELECT t.article_id FROM search_terms t WHERE {texts})"
            # the headline tier starts from the (few) headline candidates, then checks the text
            hcond_t, _ = _pg_match(terms, "t", head=True)
            self.head_first = (f"d.article_id IN (SELECT t.article_id FROM search_terms t "
                               f"WHERE {hcond_t} AND {texts})")
            in_head = " OR ".join(f"strpos(t.head_doc, :w{i}) > 0" for i in range(len(terms)))
            self.head_walk = (f"d.article_id IN (SELECT t.article_id FROM search_terms t "
                              f"WHERE ({in_head}) AND {texts})")
            self.head_cond_t = hcond_t
            # the body tier's candidates by containment alone, and the check on the text of
            # the terms that need one (longer than two characters, or punctuation inside)
            self.cand_only = ("d.article_id IN (SELECT t.article_id FROM search_terms t "
                              "WHERE t.toks @> CAST(:tk AS bigint[]))")
            self.text_check = " AND ".join(_in_text("t", f"v{i}") for i, t in enumerate(terms)
                                           if pg_needs_text(t, listed))
            self.head = f"d.article_id IN (SELECT t2.article_id FROM search_terms t2 WHERE {hcond})"
        else:
            allq = " AND ".join(fts5_term(t) for t in terms)
            self.params["q"] = allq
            self.params["h"] = f"({allq}) AND {{head}} : ({' OR '.join(fts5_term(t) for t in terms)})"
            self.all = ["d.article_id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :q)"]
            self.head = "d.article_id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :h)"
        self._fts_counts: dict[str, tuple[int, int]] = {}
        # PostgreSQL answers exactly in SQL; SQLite's index needs the text for terms with
        # punctuation inside
        self.exact = self.pg or all(t.exact_in_index for t in terms)

    def _fts_count(self, key: str, cap: int) -> int:
        """Matches of the FTS5 query ``key``, counted up to ``cap`` (cap + 1 means more)."""
        if key in self._fts_counts:
            n, c = self._fts_counts[key]
            if n <= c or c >= cap:  # exact, or counted at least as far
                return min(n, cap + 1)
        n = int(self.conn.execute(
            text("SELECT count(*) FROM (SELECT 1 FROM article_fts WHERE article_fts MATCH :m LIMIT :c) x"),
            {"m": self.params[key], "c": cap + 1}).scalar() or 0)
        self._fts_counts[key] = (n, cap)
        return n

    def _where(self, tier: str | None, walk: bool = False) -> str:
        w = ([self.walk_all] if walk else list(self.all)) + self.filters
        if tier == "head":
            # one match set that holds every term already (SQLite's head query; PostgreSQL's
            # headline candidates confirmed on the text)
            w[0] = (self.head_walk if walk else self.head_first) if self.pg else self.head
        elif tier == "body":
            w.append("NOT " + self.head)
        return " AND ".join(w)

    def _hint(self, key: str) -> str:
        if self.pg:
            return ""
        return " INDEXED BY ix_search_docs_updated" if self._fts_count(key, WALK_THRESHOLD) > WALK_THRESHOLD else ""

    # PostgreSQL's planner cannot see that testing a set outside the GIN index means
    # decompressing it (≈0.1 ms a row): the plan is chosen here from what the index says.
    _PLANS = {
        "bitmap": ("enable_seqscan = off", "enable_indexscan = off"),  # GIN → candidates → sort
        "walk": ("enable_seqscan = off", "enable_hashjoin = off", "enable_mergejoin = off"),
        "count": ("enable_seqscan = off",),  # GIN bitmap for the candidates, keyed lookups for their text
    }

    def _plan(self, name: str) -> None:
        """Planner settings for this transaction only (set_config(…, true) = SET LOCAL)."""
        if not self.pg or getattr(self, "_current_plan", None) == name:
            return
        calls = []
        for setting in ("enable_seqscan", "enable_indexscan", "enable_hashjoin", "enable_mergejoin"):
            on = not any(x.startswith(setting + " ") for x in self._PLANS.get(name, ()))
            calls.append(f"set_config('{setting}', '{'on' if on else 'off'}', true)")
        # no JIT and no parallel workers: these queries run in a few ms, and their cost
        # estimates (the sets' selectivity is guessed high) can pass jit_above_cost
        # (compiling took 5 ms a query) or start two workers for a count capped at 500
        calls.append("set_config('jit', 'off', true)")
        calls.append("set_config('max_parallel_workers_per_gather', '0', true)")
        self.conn.execute(text("SELECT " + ", ".join(calls)))
        self._current_plan = name

    def _pg_mode(self) -> str:
        """'walk' the recency index when the terms are in many articles (the first page is
        found after a few probes), else 'bitmap': collect the candidates from the index."""
        if not hasattr(self, "_mode"):
            n_docs = float(self.conn.execute(text(
                "SELECT reltuples FROM pg_class WHERE oid = 'search_docs'::regclass")).scalar() or 0)
            dense = max(PG_DENSE_MIN, int(n_docs * PG_DENSE_SHARE))
            self._plan("bitmap")
            n = int(self.conn.execute(text(
                "SELECT count(*) FROM (SELECT 1 FROM search_terms t WHERE t.toks @> CAST(:tk AS bigint[]) "
                "LIMIT :dense) x"), {**self.params, "dense": dense}).scalar() or 0)
            self._mode = "walk" if n >= dense else "bitmap"
        return self._mode

    def _pg_head_mode(self) -> str:
        """Walk the recency index checking headlines (short, stored inline) when many
        headlines hold a term; else take the headline candidates from the GIN index."""
        self._plan("bitmap")
        n = int(self.conn.execute(text(
            f"SELECT count(*) FROM (SELECT 1 FROM search_terms t WHERE {self.head_cond_t} LIMIT :c) x"),
            {**self.params, "c": PG_HEAD_DENSE}).scalar() or 0)
        return "walk" if n >= PG_HEAD_DENSE else "bitmap"

    def _rows(self, tier: str, offset: int, limit: int) -> list[int]:
        hint = "" if self.pg else self._hint("h" if tier == "head" else "q")
        where = self._where(tier)
        if self.pg:
            mode = self._pg_head_mode() if tier == "head" else self._pg_mode()
            self._plan(mode)
            if mode == "walk":  # probe each recent article's text, never its token set
                where = self._where(tier, walk=True)
            elif tier == "body" and self.text_check:
                # the candidates in recency order, each confirmed on its text (≈ 10 µs: _in_text)
                # only until the page is full — not all of them before sorting
                inner = " AND ".join([self.cand_only, *self.filters, "NOT " + self.head])
                sql = ("SELECT c.article_id FROM (SELECT d.article_id, d.updated_at FROM search_docs d "
                       f"WHERE {inner} ORDER BY d.updated_at DESC, d.article_id DESC OFFSET 0) c "
                       f"WHERE (SELECT {self.text_check} FROM search_terms t WHERE t.article_id = c.article_id) "
                       "ORDER BY c.updated_at DESC, c.article_id DESC LIMIT :lim OFFSET :off")
                return [r[0] for r in self.conn.execute(text(sql), {**self.params, "lim": limit, "off": offset})]
        sql = (f"SELECT d.article_id FROM search_docs d{hint} WHERE {where} "
               "ORDER BY d.updated_at DESC, d.article_id DESC LIMIT :lim OFFSET :off")
        return [r[0] for r in self.conn.execute(text(sql), {**self.params, "lim": limit, "off": offset})]

    def count(self, tier: str | None, cap: int) -> int:
        if not self.pg and tier is None and not self.filters:
            return self._fts_count("q", cap)
        if self.pg and tier is None and not self.filters:
            # the matches' count needs no search_docs row; the candidates come from the GIN index
            # and each text is looked up by its key (an index scan: ≈ 3 µs a candidate less than
            # a bitmap scan per candidate, ≈ 500 of them for a common longer term)
            self._plan("count")
            sql = f"SELECT count(*) FROM (SELECT 1 FROM search_terms t WHERE {self._cond} LIMIT :cap) x"
            return int(self.conn.execute(text(sql), {**self.params, "cap": cap + 1}).scalar() or 0)
        self._plan("bitmap")
        sql = f"SELECT count(*) FROM (SELECT 1 FROM search_docs d WHERE {self._where(tier)} LIMIT :cap) x"
        return int(self.conn.execute(text(sql), {**self.params, "cap": cap + 1}).scalar() or 0)

    def page(self, offset: int, limit: int, cap: int) -> tuple[list[tuple[int, float]], int, bool]:
        head = self._rows("head", offset, limit)
        out = [(i, 2.0) for i in head]
        if len(head) < limit:
            if head or offset == 0:
                n_head = offset + len(head)
            else:
                n_head = self.count("head", 10**9)
            body = self._rows("body", max(0, offset - n_head), limit - len(head))
            out += [(i, 1.0) for i in body]
        total = self.count(None, cap)
        return out, min(total, cap), total <= cap

    def verified_page(self, offset: int, limit: int, cap: int) -> tuple[list[tuple[int, float]], int, bool]:
        """Terms with punctuation inside: the index gives candidates, the stored text decides."""
        ranked: list[tuple[int, float]] = []
        for tier, score in (("head", 2.0), ("body", 1.0)):
            sql = (f"SELECT d.article_id FROM search_docs d WHERE {self._where(tier)} "
                   "ORDER BY d.updated_at DESC, d.article_id DESC LIMIT :lim")
            ids = [r[0] for r in self.conn.execute(text(sql), {**self.params, "lim": VERIFY_LIMIT})]
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                docs = dict(self.conn.execute(select(search_text.c.article_id, search_text.c.doc)
                                              .where(search_text.c.article_id.in_(part))).all())
                for aid in part:
                    blob = docs.get(aid)
                    if blob is None:
                        continue
                    doc = Document.unpack(blob)
                    if all(doc.contains(t.text) for t in self.terms):
                        ranked.append((aid, score))
        total = len(ranked)
        return ranked[offset:offset + limit], min(total, cap), total <= cap


# ---- snippets ----------------------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"(^|\n)\s{0,3}(#{1,6}\s*|>\s*|[-*+]\s+|\d+\.\s+)|\*\*|__|`")


def _clean_markdown(body: str) -> str:
    body = body or ""
    if "](" in body:  # most news bodies have no link or image: skip both passes
        body = _MD_IMAGE.sub(r"\1", body)
        body = _MD_LINK.sub(r"\1", body)
    body = _MD_MARK.sub(r"\1", body)  # an unmatched group is "" (the line break kept otherwise)
    return re.sub(r"\s*\n\s*", " ", body).strip()


def _norm_map(s: str) -> tuple[str, list[int] | range]:
    """The normalised text and, for each of its characters, the index in ``s`` it came from."""
    n = normalize(s)
    if len(n) == len(s):
        return n, range(len(s))
    out, pos = [], []
    for i, ch in enumerate(s):
        c = normalize(ch)
        out.append(c)
        pos.extend([i] * len(c))
    return "".join(out), pos


def _spans(s: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where the terms occur in ``s`` (original indexes, merged, in order)."""
    n, pos = _norm_map(s)
    spans = []
    for t in terms:
        start = n.find(t.text)
        while start >= 0:
            end = start + len(t.text)
            spans.append((pos[start], pos[end - 1] + 1))
            start = n.find(t.text, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _mark(s: str, spans: list[tuple[int, int]], offset: int = 0) -> str:
    out, at = [], 0
    for a, b in spans:
        a, b = a - offset, b - offset
        if b <= 0 or a >= len(s):
            continue
        a, b = max(a, 0), min(b, len(s))
        out.append(html.escape(s[at:a]))
        out.append(f"<mark>{html.escape(s[a:b])}</mark>")
        at = b
    out.append(html.escape(s[at:]))
    return "".join(out)


def highlight_html(s: str, terms: list[Term]) -> str:
    return _mark(s, _spans(s, terms))


def snippet_html(terms: list[Term], fields: list[str], width: int = 100) -> str:
    """About ``width`` characters around the first hit in the first field that has one, the
    terms wrapped in <mark>; the start of the summary or body when only the headline matched."""
    for f in fields:
        if not f:
            continue
        spans = _spans(f, terms)
        if not spans:
            continue
        start = max(0, spans[0][0] - width // 4)
        end = min(len(f), start + width)
        piece = f[start:end]
        return ("…" if start else "") + _mark(piece, spans, start) + ("…" if end < len(f) else "")
    first = next((f for f in fields if f), "")
    return html.escape(first[:width]) + ("…" if len(first) > width else "")
