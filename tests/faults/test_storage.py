"""Storage faults: online backup while another process writes, a damaged SQLite file (a clear
message and a way back through `newsdesk restore`), migrations from every earlier schema
revision with data in it, and a database newer than the program."""

from __future__ import annotations

import dataclasses
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Text, cast, select, text

from app.core import audit_chain as chain
from app.core.db import Database
from app.core.models import AuditEntry
from app.core.services import Services
from tests.conftest import DEMO_PASSWORD, _make
from tests.faults.metrics import record
from tests.faults.workers import check_body

ROOT = Path(__file__).resolve().parents[2]


def newsdesk(env: dict, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def home(tmp_path):
    env = dict(os.environ, NEWSDESK_DATA_DIR=str(tmp_path / "home"), NEWSDESK_LANG="zh_CN")
    env.pop("NEWSDESK_DATABASE_URL", None)
    r = newsdesk(env, "demo", "--password", DEMO_PASSWORD)
    assert r.returncode == 0, r.stderr
    return env, tmp_path / "home" / "newsdesk.db"


def _state(url: str) -> dict:
    """What must survive an upgrade, read with plain SQL (the ORM maps today's columns, which an
    older schema does not have yet)."""
    db = Database(url)
    try:
        with db.engine.connect() as c:
            return {
                "articles": sorted(tuple(r) for r in c.execute(
                    text("SELECT uuid, version, status, title, body FROM articles"))),
                "revisions": c.execute(text("SELECT max(id) FROM revisions")).scalar(),
                "users": sorted(c.execute(text("SELECT login FROM users")).scalars()),
                "audit": list(c.execute(text("SELECT hash FROM audit_log ORDER BY id")).scalars()),
            }
    finally:
        db.dispose()


def _fill_old_schema(old: Database, newsroom_url: str) -> None:
    """Put the sample newsroom into a database at an older revision: every row of every table that
    revision has, in the columns it has (as a newsroom that ran that version holds them). Today's
    services cannot write an old schema (they use tables added since), so the rows come from a
    newsroom made by them, reflected."""
    src = Database(newsroom_url)
    try:
        old_md, src_md = MetaData(), MetaData()
        old_md.reflect(old.engine)
        src_md.reflect(src.engine)
        with src.engine.connect() as sc, old.engine.begin() as dc:
            for t in old_md.sorted_tables:
                if (t.name == "alembic_version" or t.name not in src_md.tables or "_fts" in t.name
                        or t.name.startswith("search_")):
                    continue  # the search index and its queue are derived: the triggers fill them
                if dc.execute(select(t).limit(1)).first() is not None:
                    continue  # the migrations' own rows (e.g. the search tokenizer's state)
                st = src_md.tables[t.name]
                cols = [c.name for c in t.columns if c.name in st.c]
                rows = [dict(r._mapping) for r in sc.execute(select(*(st.c[n] for n in cols)))]
                if rows:
                    dc.execute(t.insert(), rows)
                if old.engine.dialect.name == "postgresql" and "id" in t.c and rows:
                    dc.execute(text(f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "
                                    f"(SELECT max(id) FROM {t.name}))"))
            # a log written before 0005 is a version-1 chain (app/core/audit_chain.py). Where this
            # revision's PostgreSQL side already keeps the server's head (0003 installs today's
            # server functions), it is a version-2 chain and the head is set to its end, as the
            # server's append function would have. The append-only trigger is lifted for the rewrite.
            pg = old.engine.dialect.name == "postgresql"
            v2 = pg and dc.execute(text("SELECT to_regclass('public.audit_head')")).scalar() is not None
            if pg:
                dc.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            prev = ""
            A = AuditEntry  # read as AuditService.verify reads it (its column types)
            for r in dc.execute(select(A.id, A.at, A.user_id, A.user_login, A.action, A.article_id,
                                       cast(A.detail, Text), A.prev_hash, A.hash).order_by(A.id)).all():
                row = dataclasses.replace(chain.Row(*r), prev_hash=prev)
                prev = (chain.hash_v2(row.id, row.at, row.user_id, row.user_login, row.action, row.article_id,
                                      row.detail_text, prev) if v2 else chain.hash_v1(row))
                dc.execute(text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :i"),
                           {"p": row.prev_hash, "h": prev, "i": row.id})
            if pg:
                dc.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
            if v2:
                dc.execute(text("UPDATE audit_head SET last_id = (SELECT coalesce(max(id), 0) FROM audit_log), "
                                "n = (SELECT count(*) FROM audit_log), hash = :h"), {"h": prev})
    finally:
        src.dispose()


def test_online_backup_while_a_desk_writes_then_restore(home):
    env, db_file = home
    url = f"sqlite:///{db_file}"
    db = Database(url)
    svc = Services.create(db)
    me = svc.users.actor_by_login("wangzd")
    aid = svc.articles.create(me, title="备份中", body="起草").id
    db.dispose()
    writer = subprocess.Popen([sys.executable, "-m", "tests.faults.workers", "save_loop", url, str(aid), "wangzd"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    backups = []
    try:
        for _ in range(5):
            assert writer.stdout.readline().startswith("saved"), writer.stderr.read()[-2000:]
        for i in range(3):
            out = db_file.parent / f"live-{i}.db"
            r = newsdesk(env, "backup", "--out", str(out))
            assert r.returncode == 0, r.stderr
            backups.append(out)
            writer.stdout.readline()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        writer.stdout.close()
        writer.stderr.close()
    for b in backups:  # each backup is a sound database holding one complete save
        with sqlite3.connect(b) as c:
            assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            body = c.execute("SELECT body FROM articles WHERE id = ?", (aid,)).fetchone()[0]
        assert body == "起草" or check_body(body) is not None
    chosen = backups[1]
    expected = _state(f"sqlite:///{chosen}")
    r = newsdesk(env, "restore", str(chosen))
    assert r.returncode == 0, r.stderr
    assert _state(url) == expected
    r = newsdesk(env, "audit", "verify")
    assert r.returncode == 0 and "完整" in r.stdout


def _damage(db_file: Path, table: str) -> None:
    """Overwrite the middle of one table's first page with garbage (the file header stays)."""
    with sqlite3.connect(db_file) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = c.execute("PRAGMA page_size").fetchone()[0]
        root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    with open(db_file, "r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(b"\xde\xad\xbe\xef" * (page_size // 8))


@pytest.mark.parametrize("how", ["page", "schema", "header", "truncated"])
def test_damaged_file_gives_clear_message_and_restore_recovers(home, how):
    env, db_file = home
    backup = db_file.parent / "good.db"
    assert newsdesk(env, "backup", "--out", str(backup)).returncode == 0
    good = _state(f"sqlite:///{backup}")
    if how == "page":
        _damage(db_file, "articles")
    elif how == "schema":  # the table of tables itself (page 1, after the file header)
        with sqlite3.connect(db_file) as c:
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with open(db_file, "r+b") as f:
            f.seek(100)
            f.write(b"\x00\xff" * 1000)
    elif how == "header":
        with sqlite3.connect(db_file) as c:
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = bytearray(db_file.read_bytes())
        data[0:16] = b"NOT A DATABASE!\x00"
        db_file.write_bytes(bytes(data))
    else:
        with sqlite3.connect(db_file) as c:
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db_file.write_bytes(db_file.read_bytes()[: db_file.stat().st_size // 3])
    for lang, words in (("zh_CN", ("损坏", "newsdesk restore")), ("en_US", ("damaged", "newsdesk restore"))):
        r = newsdesk({**env, "NEWSDESK_LANG": lang}, "user", "list")
        assert r.returncode != 0
        assert "Traceback" not in r.stderr, r.stderr[-3000:]
        assert all(w in r.stderr for w in words), r.stderr
    r = newsdesk(env, "restore", str(backup))
    assert r.returncode == 0, r.stderr
    assert _state(f"sqlite:///{db_file}") == good
    assert newsdesk(env, "audit", "verify").returncode == 0
    record("corrupt_file", how=how, recovered=True)


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(Database("sqlite://").alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


@pytest.mark.parametrize("start", [r for r in _revisions()[:-1]])
def test_upgrade_from_every_earlier_revision_keeps_the_data(empty_db_url, templates, engine_name, start):
    db = Database(empty_db_url)
    newsroom = _make(templates, engine_name, "demo")
    try:
        command.upgrade(db.alembic_config(), start)
        assert db.current_revision() == start
        _fill_old_schema(db, newsroom)
        before = _state(empty_db_url)
        assert len(before["articles"]) > 5
        db.dispose()
        db.upgrade(backup=False)
        assert db.current_revision() == db.head_revision()
        after = _state(empty_db_url)
        assert after == before
        svc = Services.create(db)
        assert svc.audit.verify().ok
        assert svc.users.authenticate("wangzd", DEMO_PASSWORD).login == "wangzd"
        me = svc.users.actor_by_login("wangzd")
        a = svc.articles.create(me, title="升级后写的稿件", body="升级后第一版")
        r = svc.articles.save(me, a.id, {"body": "升级后第二版"}, a.version)
        assert max(x.number for x in svc.articles.revisions(me, a.id)) == r.revision == 2
        with db.engine.connect() as c:  # a draft of the reporter's from before the upgrade
            old_id = c.execute(text("SELECT min(id) FROM articles WHERE author_id = :u AND status = 'draft' "
                                    "AND id < :new"), {"u": me.id, "new": a.id}).scalar()
        assert old_id is not None
        d = svc.articles.get(me, old_id)
        assert svc.articles.save(me, d.id, {"body": d.body + "（升级后修改）"}, d.version).article.version > d.version
    finally:
        db.dispose()
        templates.drop(newsroom)
    record("migration", start=start, engine=empty_db_url.split(":")[0], ok=True)


def test_database_newer_than_program_is_refused_by_the_cli(home):
    env, db_file = home
    with sqlite3.connect(db_file) as c:
        c.execute("UPDATE alembic_version SET version_num = '0099_future'")
    before = db_file.read_bytes()
    r = newsdesk(env, "user", "list")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "比本程序新" in r.stderr
    with sqlite3.connect(db_file) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0099_future"
        assert c.execute("SELECT count(*) FROM articles").fetchone()[0] > 5
    assert len(db_file.read_bytes()) >= len(before) // 2  # not truncated, not replaced


def test_newer_postgres_database_is_refused(demo_url):
    if not demo_url.startswith("postgresql"):
        pytest.skip("the SQLite half is test_database_newer_than_program_is_refused_by_the_cli")
    db = Database(demo_url)
    with db.session() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    db.dispose()
    env = dict(os.environ, NEWSDESK_DATABASE_URL=demo_url, NEWSDESK_LANG="en_US")
    r = newsdesk(env, "user", "list")
    assert r.returncode == 1 and "newer than this NewsDesk" in r.stderr and "Traceback" not in r.stderr
