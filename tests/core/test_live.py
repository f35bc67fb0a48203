"""PostgreSQL LISTEN/NOTIFY: a change committed by one desktop reaches another's listener."""

from __future__ import annotations

import threading

import pytest

from app.core.live import Listener, Notice, libpq_url, listen, supports_listen
from app.core.services.articles import ArticleQuery
from app.core.services.base import signal_change
from tests.conftest import actor


def test_notice_parse_and_url_helpers():
    assert Notice.parse("article:12") == Notice("article", 12)
    assert Notice.parse("channels:") == Notice("channels", None)
    assert Notice.parse("odd:x") == Notice("odd", None)
    assert supports_listen("postgresql+psycopg://u@h/db") and not supports_listen("sqlite:///x.db")
    assert libpq_url("postgresql+psycopg://u:p@h:5432/db") == "postgresql://u:p@h:5432/db"
    with pytest.raises(ValueError):
        Listener("sqlite:///nothing.db")


def _pg_only(services):
    if services.db.dialect != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL only; SQLite desks poll change_token")


def test_commit_is_announced_after_commit_only(demo):
    _pg_only(demo)
    wang = actor(demo, "wangzd")
    with Listener(demo.db.url) as lst:
        assert lst.wait(0.2) == []
        with demo.db.session() as s:
            signal_change(s, "article", 4242)
            assert lst.wait(0.3) == []  # not yet committed: nothing to see
        assert Notice("article", 4242) in lst.wait(5)
        a = demo.articles.create(wang, title="实时通知测试", body="正文")
        got = lst.wait(5)
        assert Notice("article", a.id) in got


def test_listen_iterator_stops_on_event(demo):
    _pg_only(demo)
    stop = threading.Event()
    chief = actor(demo, "zongbian")
    seen: list[Notice] = []
    ready = threading.Event()

    def run():
        for batch in listen(demo.db.url, timeout=0.2, stop=stop):
            ready.set()
            seen.extend(batch)
            if any(n.what == "comment" for n in seen):
                stop.set()

    t = threading.Thread(target=run)
    t.start()
    assert ready.wait(10)
    aid = demo.articles.list(chief, ArticleQuery(limit=1)).rows[0].id
    demo.articles.add_comment(chief, aid, "请核实数据")
    t.join(10)
    stop.set()
    assert not t.is_alive()
    assert Notice("comment", aid) in seen


def test_listener_reconnects_after_the_server_drops_it(demo):
    """A killed listener connection is re-opened; the caller is told to refresh, then notices flow
    again."""
    _pg_only(demo)
    from sqlalchemy import text

    stop = threading.Event()
    batches: list[list[Notice]] = []
    it = listen(demo.db.url, timeout=0.2, stop=stop, retry_after=0.2)
    batches.append(next(it))  # connected and listening
    with demo.db.session() as s:
        s.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid() AND datname = current_database()"))
    seen: list[Notice] = []
    for _ in range(100):
        batch = next(it)
        seen.extend(batch)
        if Notice("reconnected", None) in seen:
            break
    assert Notice("reconnected", None) in seen
    with demo.db.session() as s:
        signal_change(s, "article", 77)
    for _ in range(50):
        batch = next(it)
        if Notice("article", 77) in batch:
            break
    else:
        raise AssertionError("no notice after reconnecting")
    stop.set()
    it.close()
