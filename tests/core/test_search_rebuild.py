"""A rebuild from scratch on PostgreSQL builds its GIN indexes in one pass (issue #21): they are
there afterwards, answers are the same, and an interrupted rebuild's missing indexes come back."""

from __future__ import annotations

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
