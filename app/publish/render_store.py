"""The render cache in the database: each article's sanitised body HTML, kept next to the
article so an export finds bodies rendered (issue #21).

One row per (article, variant) in ``render_cache`` (migration 0009): the HTML, the Markdown it
was rendered from (``source``) and the renderer's version. A row counts only while its source
equals the article's body and its renderer equals :data:`RENDERER` — compared in SQL, so a new
body (an editor's save, a restore, a bulk import, raw SQL) or a new renderer makes it stale
without anyone deleting it, and status changes (which bump the article's version but not its
body) keep it. The HTML keeps images as ``asset:<sha256>`` (``render_body(md, None)``); the
export resolves them to its own URLs (:func:`app.publish.render.resolve_assets`), so one row
serves every page depth and every site.

Bodies are rendered when an editor saves or signs an article (:func:`prerender`, called by the
services after their transaction, on the operation runner's thread — never the UI's) and by an
export for whatever it still finds missing. Writing the cache is best-effort: a failure (e.g. a
staff role without grants on the table in newsroom mode) is logged and costs only the render.
During an export on SQLite a thread checkpoints the log as the cache is written
(:meth:`RenderStore.checkpoint_in_background`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, and_, select
from sqlalchemy.exc import SQLAlchemyError

from app.core.db import Database
from app.core.errors import NewsdeskError
from app.core.models import Article

log = logging.getLogger(__name__)

# Bump when render_body's output for the same Markdown changes (allowlist, extensions, guards):
# every cached body then counts as stale and is rendered again.
RENDERER = "md3-1"
SITE = "site"
CHUNK = 500
FLUSH_ROWS = 200  # rendered bodies written per transaction (≈ 400 pages of SQLite's log at news length)

metadata = MetaData()
render_cache = Table(
    "render_cache", metadata,
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    Column("variant", String(16), primary_key=True),
    Column("renderer", String(16), nullable=False),
    Column("source", Text, nullable=False),
    Column("html", Text, nullable=False),
)


def _upsert(db: Database, rows: list[dict[str, object]]) -> None:
    if db.dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(render_cache)
    else:
        from sqlalchemy.dialects.sqlite import insert as lite_insert

        stmt = lite_insert(render_cache)  # type: ignore[assignment]
    stmt = stmt.on_conflict_do_update(  # type: ignore[attr-defined]
        index_elements=["article_id", "variant"],
        set_={"renderer": stmt.excluded.renderer, "source": stmt.excluded.source,  # type: ignore[attr-defined]
              "html": stmt.excluded.html})  # type: ignore[attr-defined]
    with db.session() as s:
        for i in range(0, len(rows), CHUNK):
            s.execute(stmt, rows[i:i + CHUNK])


class RenderStore:
    """The render cache of one database (see the module docstring). Not thread-safe; cheap to
    make. ``available`` turns False after the first failed read (the export then renders)."""

    def __init__(self, db: Database, variant: str = SITE) -> None:
        self.db = db
        self.variant = variant
        self.available = True
        self._pending: list[dict[str, object]] = []
        self.hits = 0
        self.misses = 0
        self._checkpoints: _Checkpointer | None = None

    def checkpoint_in_background(self) -> None:
        """While this store writes many bodies (an export), move SQLite's log into the database
        file from a thread of its own after each write, instead of in the writing thread's commit.
        A commit that finds the log past 1,000 pages copies it there and waits for the disk: at
        the end of a cold 10,000-article export that was one 0.27 s commit (0.11 s of CPU) with
        the other process idle, or, spread over the run, 20–30 ms in every commit. sqlite3 lets
        go of the GIL while it checkpoints, so the thread's copy overlaps the export's Python.
        Only for an embedded (SQLite) newsroom; :meth:`close` ends it."""
        if self._checkpoints is None and self.available and self.db.sqlite_path() is not None:
            self._checkpoints = _Checkpointer(self.db)

    def close(self) -> None:
        """Write what is pending and stop the background checkpoints (if any)."""
        try:
            self.flush()
        finally:
            if self._checkpoints is not None:
                self._checkpoints.stop()
                self._checkpoints = None

    def lookup(self, ids: Iterable[int]) -> dict[int, str]:
        """id → cached HTML (assets unresolved) of those articles whose row is current."""
        ids = list(ids)
        out: dict[int, str] = {}
        if not ids or not self.available:
            self.misses += len(ids)
            return out
        rc = render_cache
        try:
            with self.db.read() as s:
                for i in range(0, len(ids), CHUNK):
                    part = ids[i:i + CHUNK]
                    for aid, html in s.execute(
                            select(rc.c.article_id, rc.c.html)
                            .join(Article, and_(Article.id == rc.c.article_id, Article.body == rc.c.source))
                            .where(rc.c.article_id.in_(part), rc.c.variant == self.variant,
                                   rc.c.renderer == RENDERER)):
                        out[aid] = html
        except (SQLAlchemyError, NewsdeskError) as e:
            log.warning("render cache unavailable, rendering every body: %s", e)
            self.available = False
        self.hits += len(out)
        self.misses += len(ids) - len(out)
        return out

    def put(self, article_id: int, source: str, html: str) -> None:
        """Remember one rendered body (written by :meth:`flush`, in batches)."""
        self._pending.append({"article_id": article_id, "variant": self.variant, "renderer": RENDERER,
                              "source": source, "html": html})
        if len(self._pending) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        rows, self._pending = self._pending, []
        if not rows or not self.available:
            return
        try:
            _upsert(self.db, rows)
        except (SQLAlchemyError, NewsdeskError) as e:
            log.warning("could not write the render cache: %s", e)
            self.available = False
        if self._checkpoints is not None:
            self._checkpoints.wake()


class _Checkpointer:
    """A thread that runs ``PRAGMA wal_checkpoint(PASSIVE)`` on its own connection each time it is
    woken (PASSIVE: it never waits for readers or writers; what it cannot copy yet stays in the
    log for the next pass or the next commit)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._wake = threading.Event()
        self._stop = False
        self.passes = 0
        self._thread = threading.Thread(target=self._run, name="newsdesk-checkpoint", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop = True
        self._wake.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        try:
            raw = self._db.engine.raw_connection()
        except SQLAlchemyError as e:
            log.debug("no background checkpoints: %s", e)
            return
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stop:
                    return
                try:
                    cur = raw.cursor()
                    try:
                        cur.execute("PRAGMA wal_checkpoint(PASSIVE)")
                        cur.fetchall()
                    finally:
                        cur.close()
                    self.passes += 1
                except Exception as e:  # noqa: BLE001 - best-effort: the next commit checkpoints instead
                    log.debug("background checkpoint: %s", e)
        finally:
            raw.close()


def prerender(db: Database, article_ids: Iterable[int]) -> int:
    """Render the bodies of these articles into the cache unless it holds them already;
    returns how many were rendered. Best-effort: never raises for a cache problem."""
    from app.publish.render import render_body

    ids = list(article_ids)
    if not ids:
        return 0
    store = RenderStore(db)
    try:
        have = store.lookup(ids)
        if not store.available:
            return 0
        todo = [i for i in ids if i not in have]
        if not todo:
            return 0
        with db.read() as s:
            bodies = [(aid, body) for aid, body in s.execute(
                select(Article.id, Article.body).where(Article.id.in_(todo)))]
        for aid, body in bodies:
            store.put(aid, body or "", render_body(body or "", None))
        store.flush()
        return len(bodies)
    except (SQLAlchemyError, NewsdeskError) as e:  # the save itself has been committed already
        log.warning("pre-rendering articles %s failed: %s", ids, e)
        return 0


def clear(db: Database) -> int:
    """Forget every cached body (the next export renders them all); returns how many rows."""
    with db.session() as s:
        return int(getattr(s.execute(render_cache.delete()), "rowcount", 0) or 0)
