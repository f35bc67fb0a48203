"""Migrations from an empty database, upgrade of an older one, refusal of a newer one."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from app.bootstrap import open_database
from app.core.db import Database
from app.core.errors import DatabaseError, DatabaseTooNew
from app.core.settings import Settings


def test_migrate_empty_database_to_head(empty_db_url):
    db = Database(empty_db_url)
    try:
        assert db.check_version() == "empty"
        db.upgrade()
        assert db.current_revision() == db.head_revision()
        tables = set(inspect(db.engine).get_table_names())
        assert {"articles", "users", "channels", "revisions", "audit_log", "outbox", "assets"} <= tables
        assert db.check_version() == "ok"
    finally:
        db.dispose()


def test_first_start_seeds_channels_and_chain(empty_db_url):
    o = open_database(Settings(database_url=empty_db_url), upgrade=True)
    try:
        assert o.created
        names = [c.name for c in o.services.admin.channels()]
        assert names[:3] == ["地方网", "甘肃", "平凉市"]
        assert names[3:] == ["平凉新闻", "泾川新闻", "灵台新闻", "崇信新闻", "华亭新闻", "庄浪新闻", "静宁新闻"]
        jc = o.services.admin.channel_by_slug("jingchuan")
        assert jc.path == ["地方网", "甘肃", "平凉市", "泾川新闻"]
        assert [s.name for s in o.services.admin.review_chain()] == ["初审", "复审", "终审签发"]
        # second start: nothing seeded twice
        o2 = open_database(Settings(database_url=empty_db_url))
        assert not o2.created and len(o2.services.admin.channels()) == len(names)
        o2.services.db.dispose()
    finally:
        o.services.db.dispose()


def test_newer_database_is_refused_with_a_clear_message(db_url):
    db = Database(db_url)
    with db.session() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(DatabaseTooNew) as e:
        open_database(Settings(database_url=db_url))
    assert "比本程序新" in e.value.message_zh and "newer" in e.value.message_en
    db.dispose()


@pytest.mark.parametrize("engine_name", ["postgresql"], indirect=True)
def test_newsroom_postgres_is_not_upgraded_by_a_desktop(empty_db_url):
    from sqlalchemy.engine import make_url

    with pytest.raises(DatabaseError) as e:
        open_database(Settings(database_url=empty_db_url))
    assert "newsdesk db upgrade" in e.value.message_zh
    # the refused open closed what it opened: a login dialog that tries again piles up no
    # connections on the newsroom's server
    name = make_url(empty_db_url).database
    watcher = Database(make_url(empty_db_url).set(database="postgres").render_as_string(hide_password=False))
    try:
        with watcher.session() as s:
            left = s.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :d"), {"d": name}).scalar()
    finally:
        watcher.dispose()
    assert left == 0


def test_old_sqlite_is_backed_up_then_upgraded(tmp_path):
    from alembic import command

    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = Database(url)
    command.upgrade(db.alembic_config(), "0001")
    with db.session() as s:  # data in the old schema
        s.execute(text("INSERT INTO sources (name, url) VALUES ('陇东报', '')"))
    head = db.head_revision()
    db.dispose()
    if head == "0001":
        pytest.skip("only one schema revision exists so far")
    o = open_database(Settings(database_url=url))
    assert o.backup is not None and o.backup.exists()
    assert [s.name for s in o.services.admin.sources()] == ["陇东报"]
    o.services.db.dispose()


def test_damaged_sqlite_file_gives_recovery_path(tmp_path):
    p = tmp_path / "bad.db"
    p.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError) as e:
        open_database(Settings(database_url=f"sqlite:///{p}"))
    assert "损坏" in e.value.message_zh and "newsdesk restore" in e.value.message_zh


def test_known_revisions_match_alembic(tmp_path):
    """The start-up check reads the migration files itself; it must agree with Alembic."""
    from alembic.script import ScriptDirectory

    from app.core.db import known_revisions

    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    script = ScriptDirectory.from_config(db.alembic_config())
    revs, head = known_revisions()
    assert head == script.get_current_head()
    assert revs == {r.revision for r in script.walk_revisions()}
    db.dispose()
