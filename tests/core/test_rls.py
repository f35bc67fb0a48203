"""Newsroom mode: the PostgreSQL server itself refuses what the workflow forbids.

A reporter connects with their own login role using plain SQL (psycopg, no app code) and
tries every forbidden read and write; each must be refused (an error, or no rows seen/changed).
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.core import pgroles
from app.core.db import Database
from app.core.domain import Actor, Role
from app.core.errors import NewsdeskError
from app.core.services import Services
from tests.conftest import DEMO_PASSWORD, PG_URL, actor

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not PG_URL, reason="NEWSDESK_TEST_POSTGRES_URL is not set")]


class Newsroom:
    def __init__(self, url: str, svc: Services, prefix: str) -> None:
        self.url, self.svc, self.prefix = url, svc, prefix
        u = make_url(url)
        self.host, self.port, self.dbname = u.host or "127.0.0.1", u.port or 5432, u.database
        self.roles: dict[str, str] = {}

    def connect(self, login: str) -> psycopg.Connection:
        return psycopg.connect(host=self.host, port=self.port, dbname=self.dbname,
                               user=self.roles[login], password="irrelevant-on-trust", autocommit=True,
                               options="-c lock_timeout=30s -c statement_timeout=60s")

    def url_for(self, login: str) -> str:
        return make_url(self.url).set(username=self.roles[login]).render_as_string(hide_password=False)


@pytest.fixture
def newsroom(templates):
    url = templates.pg_db("demo")
    db = Database(url)
    svc = Services.create(db)
    prefix = "t" + uuid.uuid4().hex[:6] + "_"
    nr = Newsroom(url, svc, prefix)
    staff = [svc.users.actor_by_login(login) for login in ("wangzd", "liyouan", "chushen", "zongbian", "admin")]
    with db.session() as s:
        s.execute(text("SET LOCAL lock_timeout = '30s'"))  # never hang a run on a lock
        pgroles.setup(s, prefix)
        for a in staff:
            login = a.login
            nr.roles[login] = pgroles.create_staff_role(s, a.id, login, DEMO_PASSWORD,
                                                        [r.value for r in a.roles])
    try:
        yield nr
    finally:
        with db.session() as s:
            for (_role, login) in pgroles.staff_roles(s):
                pgroles.drop_staff_role(s, login)
            pgroles.drop_groups(s)
        db.dispose()
        templates.drop(url)


def _ids(svc: Services, **where) -> dict[str, int]:
    """A few article ids by purpose, looked up by the owner."""
    from sqlalchemy import select

    from app.core.models import Article, User
    with svc.db.read() as s:
        uid = {u.login: u.id for u in s.scalars(select(User))}
        rows = s.execute(select(Article.id, Article.author_id, Article.status)).all()
    def pick(login: str, status: str) -> int:
        return next(i for i, a, st in rows if a == uid[login] and st == status)
    return {
        "own_draft": pick("wangzd", "draft"),
        "own_returned": pick("wangzd", "returned"),
        "own_scheduled": pick("wangzd", "scheduled"),
        "other_draft": pick("liyouan", "draft"),
        "other_submitted": pick("liyouan", "submitted"),
        "other_published": pick("liyouan", "published"),
        "uid_wangzd": uid["wangzd"], "uid_liyouan": uid["liyouan"],
    }


def refused(conn: psycopg.Connection, sql: str, params: tuple = ()) -> str:
    """Run ``sql``; return how it was refused ('error: …' or 'no rows'). Fails if it did anything."""
    try:
        with conn.transaction():
            cur = conn.execute(sql, params)
            if cur.description is not None:
                rows = cur.fetchall()
                assert rows == [], f"{sql!r} returned {rows!r}"
            else:
                assert cur.rowcount == 0, f"{sql!r} changed {cur.rowcount} rows"
            return "no rows"
    except psycopg.errors.InsufficientPrivilege as exc:
        return f"error: {exc.sqlstate}"
    except psycopg.errors.RaiseException as exc:  # pragma: no cover - our triggers use 42501
        return f"error: {exc.sqlstate}"


def test_reporter_refused_every_forbidden_read_and_write(newsroom):
    ids = _ids(newsroom.svc)
    me, other = ids["uid_wangzd"], ids["uid_liyouan"]
    with newsroom.connect("wangzd") as c:
        # allowed, so the refusals below are not just a broken connection
        assert c.execute("SELECT newsdesk_uid()").fetchone()[0] == me
        assert c.execute("SELECT count(*) FROM articles WHERE id = %s", (ids["own_draft"],)).fetchone()[0] == 1
        assert c.execute("SELECT count(*) FROM articles WHERE id = %s",
                         (ids["other_published"],)).fetchone()[0] == 1

        forbidden_reads = [
            ("SELECT * FROM articles WHERE id = %s", (ids["other_draft"],)),
            ("SELECT * FROM articles WHERE id = %s", (ids["other_submitted"],)),
            ("SELECT * FROM articles WHERE author_id <> %s AND status <> 'published'", (me,)),
            ("SELECT password_hash FROM users", ()),
            ("SELECT * FROM users", ()),
            ("SELECT detail FROM audit_log", ()),
            ("SELECT * FROM audit_log", ()),
            ("SELECT * FROM notifications WHERE user_id <> %s", (me,)),
            ("SELECT * FROM revisions WHERE article_id = %s", (ids["other_published"],)),
            ("SELECT * FROM revisions WHERE article_id = %s", (ids["other_draft"],)),
            ("SELECT * FROM comments WHERE article_id = %s", (ids["other_submitted"],)),
            ("SELECT * FROM signoffs WHERE article_id = %s", (ids["other_published"],)),
            ("SELECT * FROM publish_targets", ()),
            ("SELECT * FROM outbox", ()),
            ("SELECT * FROM pg_staff_roles", ()),
            ("SELECT * FROM search_text", ()),  # the index holds every article's text
            ("SELECT * FROM search_terms", ()),
            ("SELECT * FROM search_plain", ()),
            ("SELECT * FROM search_trigrams", ()),
            ("SELECT * FROM search_docs", ()),
        ]
        forbidden_writes = [
            ("UPDATE articles SET title = 'hijack' WHERE id = %s", (ids["other_draft"],)),
            ("UPDATE articles SET title = 'hijack' WHERE id = %s", (ids["other_published"],)),
            ("UPDATE articles SET title = 'late' WHERE id = %s", (ids["own_scheduled"],)),
            ("UPDATE articles SET status = 'approved' WHERE id = %s", (ids["own_draft"],)),
            ("UPDATE articles SET status = 'published' WHERE id = %s", (ids["own_draft"],)),
            ("UPDATE articles SET status = 'scheduled' WHERE id = %s", (ids["own_returned"],)),
            ("UPDATE articles SET status = 'submitted', review_step = 2 WHERE id = %s", (ids["own_draft"],)),
            ("UPDATE articles SET status = 'draft' WHERE id = %s", (ids["own_scheduled"],)),
            ("UPDATE articles SET signer_id = %s WHERE id = %s", (me, ids["own_draft"])),
            ("UPDATE articles SET author_id = %s WHERE id = %s", (other, ids["own_draft"])),
            ("UPDATE articles SET first_published_at = now() WHERE id = %s", (ids["own_draft"],)),
            ("UPDATE articles SET level = 2 WHERE id = %s", (ids["own_draft"],)),
            ("DELETE FROM articles WHERE id = %s", (ids["own_draft"],)),
            ("INSERT INTO articles (uuid, version, status, pretitle, title, subtitle, summary, body, "
             "dateline, origin, source_url, original_author, original_title, topics, level, is_hot, "
             "keywords, contributors, author_id, correction_note, chars, created_at, updated_at) "
             "VALUES (gen_random_uuid()::text, 1, 'published', '', 'x', '', '', 'x', '', 'original', '', '', "
             "'', '[]', 0, false, '[]', '[]', %s, '', 1, now(), now())", (me,)),
            ("INSERT INTO articles (uuid, version, status, pretitle, title, subtitle, summary, body, "
             "dateline, origin, source_url, original_author, original_title, topics, level, is_hot, "
             "keywords, contributors, author_id, correction_note, chars, created_at, updated_at) "
             "VALUES (gen_random_uuid()::text, 1, 'draft', '', 'x', '', '', 'x', '', 'original', '', '', "
             "'', '[]', 0, false, '[]', '[]', %s, '', 1, now(), now())", (other,)),
            ("UPDATE audit_log SET action = 'nothing'", ()),
            ("DELETE FROM audit_log", ()),
            ("TRUNCATE audit_log", ()),
            ("INSERT INTO audit_log (at, user_id, user_login, action, detail, prev_hash, hash) "
             "VALUES (now(), %s, 'liyouan', 'forged', '{}', '', '')", (other,)),
            ("UPDATE users SET password_hash = 'x' WHERE login = 'admin'", ()),
            ("UPDATE users SET active = false", ()),
            ("INSERT INTO user_roles (user_id, role) VALUES (%s, 'chief_editor')", (me,)),
            ("DELETE FROM user_roles", ()),
            ("UPDATE notifications SET read_at = now() WHERE user_id <> %s", (me,)),
            ("DELETE FROM notifications", ()),
            ("INSERT INTO signoffs (article_id, step, step_name, user_id, signer_name, signed_at, comment, valid) "
             "VALUES (%s, 2, '终审签发', %s, 'x', now(), '', true)", (ids["own_draft"], me)),
            ("INSERT INTO revisions (article_id, number, user_id, created_at, reason, note, snapshot) "
             "VALUES (%s, 99, %s, now(), 'save', '', '{}')", (ids["other_draft"], me)),
            ("UPDATE revisions SET snapshot = '{}' WHERE reason <> 'autosave'", ()),
            ("INSERT INTO comments (article_id, user_id, created_at, body, kind) VALUES (%s, %s, now(), 'x', 'comment')",
             (ids["other_submitted"], me)),
            ("INSERT INTO outbox (target_id, article_id, article_version, action, state, attempts, "
             "next_attempt_at, last_error, created_at, updated_at, locked_by) "
             "VALUES (1, %s, 1, 'publish', 'pending', 0, now(), '', now(), now(), '')", (ids["own_draft"],)),
            ("UPDATE newsroom_settings SET value = 'off'", ()),
            ("UPDATE review_steps SET role = 'reporter'", ()),
            ("DELETE FROM pg_staff_roles", ()),
            ("INSERT INTO pg_staff_roles (rolname, user_id) VALUES (current_user, %s)", (other,)),
            ("CREATE TABLE sneaky (x int)", ()),
            ("ALTER TABLE articles DISABLE ROW LEVEL SECURITY", ()),
            ("SET ROLE postgres", ()),
        ]
        outcomes = [(sql % p if p else sql, refused(c, sql, p)) for sql, p in forbidden_reads + forbidden_writes]
        # the reporter may write, and submit, their own draft
        with c.transaction():
            assert c.execute("UPDATE articles SET title = '改过的标题' WHERE id = %s",
                             (ids["own_draft"],)).rowcount == 1
            assert c.execute("UPDATE articles SET status = 'submitted', review_step = 0 WHERE id = %s",
                             (ids["own_draft"],)).rowcount == 1
        # … and then it is read-only to them
        outcomes.append(("after submit", refused(c, "UPDATE articles SET title = 'again' WHERE id = %s",
                                                 (ids["own_draft"],))))
    assert len(outcomes) == len(forbidden_reads) + len(forbidden_writes) + 1
    print("\n".join(f"{v:12} {k[:100]}" for k, v in outcomes))
    from tests.faults.metrics import record
    record("rls", tried=len(outcomes), refused=len(outcomes),
           errors=sum(1 for _k, v in outcomes if v.startswith("error")))


def test_editor_cannot_publish_and_chief_can_on_the_server(newsroom):
    ids = _ids(newsroom.svc)
    with newsroom.svc.db.read() as s:
        approved = s.execute(text("SELECT id FROM articles WHERE status = 'approved' LIMIT 1")).scalar()
    with newsroom.connect("chushen") as c:
        assert c.execute("SELECT count(*) FROM articles").fetchone()[0] > 5  # editors read all
        assert "error" in refused(c, "UPDATE articles SET status = 'published' WHERE id = %s", (approved,))
        assert "error" in refused(c, "UPDATE articles SET status = 'approved' WHERE id = %s",
                                  (ids["other_submitted"],))
        assert "error" in refused(c, "SELECT password_hash FROM users")
        assert "error" in refused(c, "DELETE FROM audit_log")
        with c.transaction():  # an editor edits anyone's text
            assert c.execute("UPDATE articles SET subtitle = '编辑改' WHERE id = %s",
                             (ids["other_submitted"],)).rowcount == 1
    with newsroom.connect("zongbian") as c, c.transaction():
        assert c.execute("UPDATE articles SET status = 'published', first_published_at = now() "
                         "WHERE id = %s", (approved,)).rowcount == 1


def test_app_services_work_through_a_reporters_own_role(newsroom):
    """The real services, connected as the reporter: write, save, submit; refused beyond."""
    owner = newsroom.svc
    me = actor(owner, "wangzd")
    db = Database(newsroom.url_for("wangzd"))
    try:
        svc = Services.create(db)
        a = svc.articles.create(me, title="数据库权限测试", body="正文第一段。")
        r = svc.articles.save(me, a.id, {"body": "正文第二版。"}, a.version)
        svc.articles.save(me, a.id, {"body": "正文第三版。"}, r.article.version, reason="autosave")
        svc.articles.acquire_lease(me, a.id)
        svc.review.submit(me, a.id)
        assert owner.articles.get(me, a.id).status == "submitted"
        # A client that skips the app's own checks (a forged Actor claiming chief rights) is
        # still refused by the server.
        forged = Actor(me.id, me.login, me.real_name, frozenset({Role.CHIEF_EDITOR, Role.EDITOR}))
        other = _ids(owner)["other_draft"]
        with pytest.raises(NewsdeskError):
            svc.articles.get(forged, other)
        assert owner.audit.verify().ok
    finally:
        db.dispose()


def test_an_editors_search_reads_and_keeps_the_index_through_their_own_role(newsroom, monkeypatch):
    """Newsroom mode: an editor's own role may read and write every index table (migration 0012
    added search_plain, the text that confirms longer terms): their search indexes the queued
    articles and answers from the index, never from the reporters' fallback scan."""
    from app.core.search import index as idx
    from app.core.services.search import SearchService

    owner = newsroom.svc
    rep = actor(owner, "wangzd")
    made = owner.articles.create(rep, title="索引权限", body="崆峒山下的湿地公园今天开园。")
    owner.articles.acquire_lease(rep, made.id)
    owner.review.submit(rep, made.id)  # in the editors' queue: theirs to see
    assert idx.pending(owner.db) > 0

    def no_scan(*_a, **_k):
        raise AssertionError("the editor's search fell back to the scan")

    monkeypatch.setattr(SearchService, "_scan", no_scan)
    db = Database(newsroom.url_for("chushen"))
    try:
        svc = Services.create(db)
        ed = actor(owner, "chushen")
        for q in ("湿地公园", "崆峒山下", "湿地"):
            assert made.id in [h.id for h in svc.search.search(ed, q, limit=50).hits], q
        assert idx.pending(owner.db) == 0
    finally:
        db.dispose()


def test_user_add_creates_the_login_role_in_newsroom_mode(newsroom):
    admin = actor(newsroom.svc, "admin")
    newsroom.svc.users.add(admin, "xinren", "新人", "xinren-pass-1", ["reporter"])
    role = newsroom.prefix + "xinren"
    with newsroom.svc.db.read() as s:
        assert (role, "xinren") in pgroles.staff_roles(s)
    newsroom.roles["xinren"] = role
    with newsroom.connect("xinren") as c:
        assert c.execute("SELECT public.newsdesk_in_group('reporter')").fetchone()[0]
        assert "error" in refused(c, "SELECT password_hash FROM users")


def test_setup_refuses_sqlite(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with db.engine.begin() as c, pytest.raises(NewsdeskError):
            pgroles.setup(c)
    finally:
        db.dispose()


def test_role_names_and_verifier():
    assert pgroles.role_name("wangzd") == "nd_wangzd"
    with pytest.raises(NewsdeskError):
        pgroles.role_name("王忠德")
    with pytest.raises(NewsdeskError):
        pgroles.role_name('x"; DROP TABLE users; --')
    v = pgroles.scram_verifier("secret-password")
    assert v.startswith("SCRAM-SHA-256$4096:") and "secret-password" not in v


def test_security_cli_setup_role_and_status(templates):
    """`newsdesk security pg-setup / pg-role add / pg-status / pg-role drop` through the CLI."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    url = templates.pg_db("demo")
    prefix = "c" + uuid.uuid4().hex[:6] + "_"
    env = dict(os.environ, NEWSDESK_DATABASE_URL=url, NEWSDESK_LANG="zh_CN")
    root = Path(__file__).resolve().parents[2]

    def nd(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app", "security", *args], cwd=root, env=env, input=stdin,
                              capture_output=True, text=True, timeout=120)
    try:
        r = nd("pg-setup", "--prefix", prefix)
        assert r.returncode == 0 and "newsroom mode on" in r.stdout, r.stderr
        r = nd("pg-role", "add", "fushen", "--password-stdin", stdin="Fushen-Db-Pw-1\n")
        assert r.returncode == 0 and prefix + "fushen" in r.stdout, r.stderr
        r = nd("pg-role", "add", "fushen", "--password-stdin", stdin="again-pw-123\n")
        assert r.returncode == 1 and "已存在" in r.stderr and "Traceback" not in r.stderr
        r = nd("pg-role", "add", "ghost", "--password-stdin", stdin="x-pw-12345\n")
        assert r.returncode == 1 and "ghost" in r.stderr and "Traceback" not in r.stderr
        r = nd("pg-status")
        assert "newsroom mode: on" in r.stdout and prefix + "fushen" in r.stdout
        with psycopg.connect(host="127.0.0.1", dbname=make_url(url).database, user=prefix + "fushen") as c:
            assert c.execute("SELECT public.newsdesk_in_group('editor')").fetchone()[0]
    finally:
        r = nd("pg-role", "drop", "fushen")
        templates.drop(url)
    assert r.returncode == 0, r.stderr


def test_security_cli_refuses_sqlite(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = dict(os.environ, NEWSDESK_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", NEWSDESK_LANG="en_US")
    r = subprocess.run([sys.executable, "-m", "app", "security", "pg-setup"], cwd=Path(__file__).resolve().parents[2],
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "SQLite" in r.stderr and "Traceback" not in r.stderr


def test_disable_and_role_change_follow_to_the_database_role(newsroom):
    svc = newsroom.svc
    admin = actor(svc, "admin")
    with newsroom.connect("wangzd") as c:
        assert c.execute("SELECT 1").fetchone()[0] == 1
        svc.users.set_active(admin, "wangzd", False)
        with pytest.raises(psycopg.OperationalError):  # the open session was ended …
            c.execute("SELECT 1")
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):  # … and no new one
        newsroom.connect("wangzd")
    svc.users.set_active(admin, "wangzd", True)
    svc.users.set_roles(admin, "wangzd", ["editor"])
    with newsroom.connect("wangzd") as c:
        assert c.execute("SELECT public.newsdesk_in_group('editor'), "
                         "public.newsdesk_in_group('reporter')").fetchone() == (True, False)
        assert c.execute("SELECT count(*) FROM articles").fetchone()[0] > 5


def test_migration_by_an_owner_without_createrole(templates):
    """The usual deployment: a database owned by an ordinary account migrates to head (0003 adds
    the triggers and, where the group roles exist already, the policies); the owner's app works."""
    from sqlalchemy import create_engine

    owner = "o" + uuid.uuid4().hex[:8]
    name = "nd_own_" + owner
    base = make_url(PG_URL).set(drivername="postgresql+psycopg")
    eng = create_engine(base, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE ROLE "{owner}" LOGIN NOCREATEROLE'))
        c.execute(text(f'CREATE DATABASE "{name}" OWNER "{owner}"'))
    url = base.set(database=name, username=owner).render_as_string(hide_password=False)
    db = Database(url)
    try:
        db.upgrade(backup=False)
        assert db.current_revision() == db.head_revision()
        svc = Services.create(db)
        from app.core.seed import load_demo
        load_demo(svc, password=DEMO_PASSWORD)
        assert svc.audit.verify().ok
        with db.engine.begin() as c, pytest.raises(Exception, match="append-only"):
            c.execute(text("DELETE FROM audit_log"))
        with db.session() as s, pytest.raises(NewsdeskError):  # staff roles need CREATEROLE
            pgroles.create_staff_role(s, 1, "wangzd", "pw-123456789", ["reporter"])
    finally:
        db.dispose()
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            c.execute(text(f'DROP ROLE IF EXISTS "{owner}"'))
        eng.dispose()
