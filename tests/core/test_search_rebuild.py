"""A rebuild from scratch on PostgreSQL builds its GIN indexes in one pass (issue #21): they are
there afterwards, answers are the same, and an interrupted rebuild's missing indexes come back."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import text

from app.core.search import index as idx
from tests.conftest import actor


def gin_indexes(svc) -> set[str]:
    with svc.db.engine.connect() as conn:
        return set(conn.execute(text(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_terms'")).scalars())


def answers(svc, who) -> dict[str, list[int]]:
    return {q: [h.id for h in svc.search.search(who, q, limit=50).hits]
            for q in ("社区", "安", "安宁区", "陇东报", "记者 服务")}


def test_bulk_rebuild_recreates_the_gin_indexes_with_the_same_answers(demo):
    rep = actor(demo, "zongbian")
    before = answers(demo, rep)
    assert idx.rebuild(demo.db) > 0
    assert answers(demo, rep) == before
    if demo.db.dialect != "postgresql":  # SQLite's FTS5 rebuild is unchanged: no GIN to drop
        assert not idx._drop_gin(demo.db)
        return
    assert set(idx.GIN_INDEXES) <= gin_indexes(demo)
    assert answers(demo, rep) == before
    # an interrupted rebuild (indexes dropped, never recreated): `reindex --check` creates them
    assert idx._drop_gin(demo.db)
    assert not set(idx.GIN_INDEXES) & gin_indexes(demo)
    idx.check(demo.db, deep=True)
    assert set(idx.GIN_INDEXES) <= gin_indexes(demo)
    assert answers(demo, rep) == before


def test_owner_rebuild_leaves_the_index_tables_vacuumed(demo):
    """After a rebuild by the tables' owner the queue holds every article's dead row: it is
    vacuumed (and the index tables analysed) at once, not whenever autovacuum gets to it — each
    search's check for queued work walked those rows (≈ 1 ms at 100,000 articles)."""
    if demo.db.dialect != "postgresql":
        pytest.skip("PostgreSQL's vacuum; SQLite's FTS5 keeps no dead rows")
    assert idx.rebuild(demo.db) > 0
    with demo.db.engine.connect() as conn:
        conn.execute(text("SELECT pg_stat_clear_snapshot()"))
        rows = dict(conn.execute(text(
            "SELECT relname, n_dead_tup FROM pg_stat_user_tables WHERE relname IN "
            "('search_queue', 'search_docs', 'search_terms', 'search_plain')")).all())
        analysed = set(conn.execute(text(
            "SELECT relname FROM pg_stat_user_tables WHERE greatest(last_analyze, last_autoanalyze) IS NOT NULL "
            "AND relname IN ('search_queue', 'search_docs', 'search_terms', 'search_plain')")).scalars())
    assert rows == {"search_queue": 0, "search_docs": 0, "search_terms": 0, "search_plain": 0}, rows
    assert analysed == set(rows), analysed


def test_a_second_rebuild_takes_no_more_room(demo):
    """Rebuilding an index that exists (``newsdesk reindex`` on a working newsroom) leaves it the
    size a first build has. PostgreSQL: the owner truncates the index tables; deleting their rows
    kept the space, since every new row is written before a vacuum could free any — the tables
    and their TOAST doubled (3.8 GB instead of 2.4 at 100,000 articles)."""
    rng = random.Random(3)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    rep = actor(demo, "wangzd")
    for i in range(30):  # bodies long enough for their sets to be stored out of line (TOAST)
        demo.articles.create(rep, title=f"长文{i}", body="".join(rng.choice(alphabet) for _ in range(3000)))
    idx.rebuild(demo.db)
    first = idx.index_size(demo.db)
    if first is None:
        pytest.skip("this SQLite has no dbstat table to measure the index")
    idx.rebuild(demo.db)
    second = idx.index_size(demo.db)
    assert second <= first * 1.1, (first, second)
    assert [h.title for h in demo.search.search(actor(demo, "zongbian"), "长文7").hits] == ["长文7"]


def test_postgresql_sees_what_changed_from_the_text_it_keeps(demo):
    """PostgreSQL keeps each article's normalised text once (search_terms.head_doc and
    search_plain): search_text, a third copy (316 MB at 100,000 articles), is not written there,
    and a change that leaves the text alone still only updates search_docs."""
    if demo.db.dialect != "postgresql":
        pytest.skip("SQLite's FTS5 needs search_text to remove an article's old tokens")
    svc = demo
    rep = actor(svc, "wangzd")
    a = svc.articles.create(rep, title="一份只存一次的稿件", body="正文里有安宁区")
    svc.search.ensure_current(limit=None)

    def row() -> tuple:
        with svc.db.engine.connect() as conn:
            return tuple(conn.execute(text(
                "SELECT t.xmin::text, p.xmin::text, d.status, (SELECT count(*) FROM search_text) "
                "FROM search_terms t JOIN search_plain p USING (article_id) "
                "JOIN search_docs d USING (article_id) WHERE t.article_id = :a"), {"a": a.id}).one())

    terms_x, plain_x, status, copies = row()
    assert copies == 0 and status == "draft"
    with svc.db.session() as s:  # a status change only: the sets and the text are not rewritten
        s.execute(text("UPDATE articles SET status = 'submitted' WHERE id = :a"), {"a": a.id})
    svc.search.ensure_current(limit=None)
    assert row() == (terms_x, plain_x, "submitted", 0)
    with svc.db.session() as s:
        s.execute(text("UPDATE articles SET body = '改成了平凉市' WHERE id = :a"), {"a": a.id})
    svc.search.ensure_current(limit=None)
    assert row()[:2] != (terms_x, plain_x)
    ed = actor(svc, "zongbian")
    assert [h.id for h in svc.search.search(ed, "平凉市 只存一次").hits] == [a.id]
    assert not svc.search.search(ed, "安宁区 只存一次").hits
