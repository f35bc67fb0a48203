"""The PostgreSQL server as the trust boundary, tried as an attacker would: two newsrooms (two
databases) on the one real server, plain SQL (psycopg, no app code) as the reporter, editor,
chief editor and admin of each, and as an unmapped member of a group role. Every forbidden
statement must be refused (an error, or nothing seen / changed); the allowed ones succeed.
Prints refused / tried.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.core import pgroles
from app.core.db import Database
from app.core.services import Services
from tests.conftest import DEMO_PASSWORD, PG_URL

pytestmark = [pytest.mark.postgres, pytest.mark.slow,
              pytest.mark.skipif(not PG_URL, reason="NEWSDESK_TEST_POSTGRES_URL is not set")]

STAFF = {"reporter": "wangzd", "editor": "chushen", "chief": "zongbian", "admin": "admin"}


@dataclass
class Room:
    url: str
    db: Database
    svc: Services
    roles: dict[str, str] = field(default_factory=dict)  # login → role
    ids: dict[str, int] = field(default_factory=dict)

    @property
    def dbname(self) -> str:
        return str(make_url(self.url).database)

    def connect(self, role: str) -> psycopg.Connection:
        u = make_url(self.url)
        return psycopg.connect(host=u.host or "127.0.0.1", port=u.port or 5432, dbname=self.dbname, user=role,
                               autocommit=True, connect_timeout=10,
                               options="-c lock_timeout=5s -c statement_timeout=30s")


def _room(templates) -> Room:
    url = templates.pg_db("demo")
    db = Database(url)
    svc = Services.create(db)
    room = Room(url, db, svc)
    prefix = "a" + uuid.uuid4().hex[:7] + "_"
    actors = {login: svc.users.actor_by_login(login) for login in STAFF.values()}
    with db.session() as s:
        s.execute(text("SET LOCAL lock_timeout = '30s'"))
        pgroles.setup(s, prefix)
        for login, a in actors.items():
            room.roles[login] = pgroles.create_staff_role(s, a.id, login, DEMO_PASSWORD, [r.value for r in a.roles])
        uid = {lg: i for i, lg in s.execute(text("SELECT id, login FROM users"))}
        rows = s.execute(text("SELECT id, author_id, status FROM articles ORDER BY id")).all()
        room.ids = {f"uid_{k}": v for k, v in uid.items()}
        for st in ("draft", "submitted", "in_review", "approved", "published", "returned"):
            room.ids[st] = next(i for i, _a, s_ in rows if s_ == st)
        room.ids["own_draft"] = next(i for i, a, s_ in rows if a == uid["wangzd"] and s_ == "draft")
        room.ids["other_draft"] = next(i for i, a, s_ in rows if a != uid["wangzd"] and s_ == "draft")
    return room


@pytest.fixture
def rooms(templates):
    made: list[Room] = []
    extra: list[str] = []
    try:
        made = [_room(templates), _room(templates)]
        yield made, extra
    finally:
        for room in made:
            with room.db.session() as s:
                for (_r, login) in pgroles.staff_roles(s):
                    pgroles.drop_staff_role(s, login)
                for role in extra:
                    s.execute(text(f'DROP OWNED BY "{role}"')) if s.execute(
                        text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() else None
                pgroles.drop_groups(s)
            room.db.dispose()
        if made:
            with made[0].db.session() as s:
                for role in extra:
                    s.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        for room in made:
            templates.drop(room.url)


def attempt(conn: psycopg.Connection, sql: str) -> str:
    """Run ``sql``; how it was refused ('error <sqlstate>' or 'no rows'), or 'ALLOWED: …'."""
    try:
        with conn.transaction():
            cur = conn.execute(sql)
            if cur.description is not None:
                rows = cur.fetchall()
                if rows and rows != [(None,)]:
                    return f"ALLOWED: returned {rows[:2]!r}"
            elif cur.rowcount > 0:
                return f"ALLOWED: changed {cur.rowcount}"
            return "no rows"
    except psycopg.Error as exc:
        return f"error {exc.sqlstate}"


def generic(room: Room, other: Room) -> list[str]:
    """Forbidden to every staff role of ``room``."""
    i = room.ids
    og = pgroles.groups_for_db(other.dbname).editor
    return [
        "CREATE TEMP TABLE review_steps AS SELECT 99 AS position, 'editor'::text AS role, 'x'::text AS name",
        "CREATE TABLE public.sneaky (x int)",
        "CREATE VIEW public.v_articles AS SELECT * FROM public.articles",
        "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        "CREATE SCHEMA evil",
        "CREATE EXTENSION IF NOT EXISTS dblink",
        "SELECT pg_advisory_lock(815001)",
        "SELECT pg_try_advisory_lock(815001)",
        "SELECT pg_advisory_lock_shared(1)",
        "SELECT lo_create(0)",
        "SELECT lo_from_bytea(0, 'x'::bytea)",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT pg_ls_dir('.')",
        "COPY articles TO '/tmp/nd_attack.csv'",
        "COPY (SELECT 1) TO PROGRAM 'true'",
        "COPY articles FROM '/etc/hostname'",
        "SET ROLE postgres",
        f'SET ROLE "{og}"',
        "SET SESSION AUTHORIZATION postgres",
        "SELECT setval('articles_id_seq', 100000)",
        "SELECT nextval('audit_log_id_seq')",
        "INSERT INTO audit_log (at, user_id, user_login, action, detail, prev_hash, hash) "
        "VALUES (now(), 1, 'zongbian', 'article_approve', '{}', '', '')",
        "INSERT INTO audit_log (id, at, user_id, user_login, action, detail, prev_hash, hash) "
        "VALUES (100000, now(), 1, 'x', 'x', '{}', '', '')",
        "UPDATE audit_log SET action = 'nothing'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "SELECT * FROM audit_pending",
        "DELETE FROM audit_pending",
        "UPDATE audit_head SET hash = ''",
        "SELECT * FROM audit_head FOR UPDATE",
        "LOCK TABLE articles IN ACCESS EXCLUSIVE MODE",
        "LOCK TABLE audit_log IN EXCLUSIVE MODE",
        "LOCK TABLE users IN SHARE MODE",
        f"INSERT INTO notifications (id, user_id, kind, message, created_at) VALUES "
        f"(100000, {i['uid_wangzd']}, 'x', 'future id', now())",
        f"INSERT INTO comments (id, article_id, user_id, created_at, body, kind) VALUES "
        f"(100000, {i['own_draft']}, {i['uid_wangzd']}, now(), 'future id', 'comment')",
        "ALTER TABLE articles DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "DROP TABLE articles",
        "DROP POLICY nd_mapped ON articles",
        "DROP FUNCTION public.newsdesk_uid()",
        "CREATE OR REPLACE FUNCTION public.newsdesk_uid() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
        "DELETE FROM pg_staff_roles",
        "INSERT INTO pg_staff_roles (rolname, user_id) VALUES ('someone', 1)",
        f'GRANT "{pgroles.groups_for_db(room.dbname).chief}" TO CURRENT_USER',
        "DELETE FROM users",
        "DELETE FROM articles",
        "PREPARE TRANSACTION 'nd_attack'",
        "ALTER DATABASE " + f'"{room.dbname}"' + " SET default_transaction_read_only = on",
    ]


SPECIFIC = {
    "reporter": [
        "SELECT * FROM articles WHERE id = {other_draft}",
        "UPDATE articles SET title = 'hijack' WHERE id = {other_draft}",
        "UPDATE articles SET status = 'published' WHERE id = {own_draft}",
        "UPDATE articles SET status = 'approved' WHERE id = {own_draft}",
        "UPDATE articles SET signer_id = {uid_wangzd} WHERE id = {own_draft}",
        "INSERT INTO signoffs (article_id, step, step_name, user_id, signer_name, signed_at, comment, valid) "
        "VALUES ({own_draft}, 2, '终审签发', {uid_zongbian}, '马总编', now(), '', true)",
        "SELECT * FROM search_text",
        "SELECT doc FROM search_plain",  # 0012: the index's text, in a table of its own
        # 0013: a forged listed trigram would make searches answer from sets that lack it
        "INSERT INTO search_trigrams (code) VALUES (1)",
        "DELETE FROM search_trigrams",
        "SELECT detail FROM audit_log",
        "UPDATE newsroom_settings SET value = 'off'",
        "SELECT * FROM outbox",
        "UPDATE users SET password_hash = 'x' WHERE login = 'admin'",
        "SELECT password_hash FROM users",
    ],
    "editor": [
        # the forgery: a temp review_steps to sign off as 初审 — TEMP is refused, and the
        # trigger reads public.review_steps anyway
        "UPDATE articles SET status = 'approved', review_step = NULL WHERE id = {submitted}",
        "UPDATE articles SET status = 'returned', review_step = NULL WHERE id = {published}",
        "UPDATE articles SET status = 'draft' WHERE id = {published}",
        "UPDATE articles SET status = 'published' WHERE id = {approved}",
        "UPDATE articles SET signer_id = NULL WHERE id = {published}",
        "UPDATE articles SET signer_id = {uid_chushen} WHERE id = {approved}",
        "INSERT INTO signoffs (article_id, step, step_name, user_id, signer_name, signed_at, comment, valid) "
        "VALUES ({submitted}, 0, '初审', {uid_chushen}, '马总编', now(), '', true)",
        "INSERT INTO signoffs (article_id, step, step_name, user_id, signer_name, signed_at, comment, valid) "
        "VALUES ({submitted}, 0, '初审', {uid_zongbian}, '马总编', now(), '', true)",
        "UPDATE signoffs SET signer_name = '马总编'",
        "UPDATE signoffs SET valid = true WHERE valid = false",
        "DELETE FROM signoffs",
        "UPDATE articles SET author_id = {uid_chushen} WHERE id = {draft}",
        "UPDATE articles SET first_published_at = now() WHERE id = {approved}",
        "UPDATE articles SET correction_note = 'x' WHERE id = {published}",
        "UPDATE users SET password_hash = 'x' WHERE login = 'zongbian'",
        "SELECT password_hash FROM users",
    ],
    "chief": [
        "UPDATE articles SET status = 'draft' WHERE id = {published}",
        "UPDATE articles SET status = 'returned', review_step = NULL WHERE id = {published}",
        "UPDATE articles SET status = 'submitted', review_step = 0 WHERE id = {published}",
        "UPDATE articles SET status = 'approved' WHERE id = {published}",
        "UPDATE articles SET signer_id = {uid_chushen} WHERE id = {published}",
        "UPDATE articles SET status = 'published' WHERE id = {draft}",
        "UPDATE publish_targets SET enabled = false",
        "SELECT password_hash FROM users",
        "DELETE FROM outbox",
    ],
    "admin": [
        "SELECT * FROM articles",
        "UPDATE articles SET title = 'admin was here'",
        "INSERT INTO signoffs (article_id, step, step_name, user_id, signer_name, signed_at, comment, valid) "
        "VALUES ({approved}, 2, '终审签发', {uid_admin}, '系统管理员', now(), '', true)",
        "SELECT * FROM revisions",
        "SELECT * FROM search_text",
        "SELECT doc FROM search_plain",
        "INSERT INTO search_trigrams (code) VALUES (1)",
        "DELETE FROM audit_log",
    ],
}

# what the other newsroom's staff tried in the issue (run when a DBA slip lets them connect)
CROSS = [
    "SELECT id, title FROM articles WHERE status <> 'published'",
    "UPDATE articles SET status = 'published' WHERE status = 'draft'",
    "UPDATE articles SET title = 'rewritten'",
    "UPDATE users SET password_hash = 'x' WHERE login = 'admin'",
    "INSERT INTO notifications (user_id, kind, message, created_at) VALUES (1, 'x', 'spam', now())",
    "SELECT public.newsdesk_audit_append('article_approve', NULL, '{}', NULL, NULL)",
    "SELECT * FROM users",
]


def test_two_newsrooms_every_forbidden_statement_refused(rooms, evidence):
    (r1, r2), extra = rooms
    outcomes: list[tuple[str, str, str]] = []

    def run(who: str, conn: psycopg.Connection, sql: str) -> None:
        outcomes.append((who, sql, attempt(conn, sql)))

    # 1. inside each newsroom, as each of its staff
    for room, other in ((r1, r2), (r2, r1)):
        for kind, login in STAFF.items():
            with room.connect(room.roles[login]) as c:
                for sql in generic(room, other) + [s.format(**room.ids) for s in SPECIFIC[kind]]:
                    run(f"{room.dbname[:12]}/{kind}", c, sql)
    # 2. across newsrooms: no CONNECT at all …
    for room, other in ((r1, r2), (r2, r1)):
        for login in STAFF.values():
            try:
                other.connect(room.roles[login]).close()
                outcomes.append((f"cross/{login}", "CONNECT", "ALLOWED: connected"))
            except psycopg.OperationalError as exc:
                assert "permission denied for database" in str(exc) or "没有权限" in str(exc), exc
                outcomes.append((f"cross/{login}", "CONNECT", "error connect"))
    # … and if a DBA lets PUBLIC connect again by mistake, still nothing: not mapped there
    with r2.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text(f'GRANT CONNECT ON DATABASE "{r2.dbname}" TO PUBLIC'))
    try:
        for login in STAFF.values():
            with r2.connect(r1.roles[login]) as c:
                for sql in CROSS:
                    run(f"cross-slip/{login}", c, sql)
    finally:
        with r2.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text(f'REVOKE CONNECT ON DATABASE "{r2.dbname}" FROM PUBLIC'))
    # 3. an unmapped login granted a group by hand: no CONNECT; and with CONNECT, nothing
    ghost = "ghost_" + uuid.uuid4().hex[:8]
    extra.append(ghost)
    g1 = pgroles.groups_for_db(r1.dbname)
    with r1.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text(f'CREATE ROLE "{ghost}" LOGIN'))
        c.execute(text(f'GRANT "{g1.editor}", "{g1.chief}" TO "{ghost}"'))
    try:
        r1.connect(ghost).close()
        outcomes.append(("unmapped", "CONNECT", "ALLOWED: connected"))
    except psycopg.OperationalError:
        outcomes.append(("unmapped", "CONNECT", "error connect"))
    with r1.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text(f'GRANT CONNECT ON DATABASE "{r1.dbname}" TO "{ghost}"'))
    with r1.connect(ghost) as c:
        for sql in CROSS + [s.format(**r1.ids) for s in SPECIFIC["editor"] + SPECIFIC["chief"]] + [
                "SELECT * FROM channels", "SELECT * FROM review_steps", "SELECT * FROM newsroom_settings",
                "INSERT INTO articles (uuid, version, status, title, author_id, created_at, updated_at) "
                "VALUES (gen_random_uuid()::text, 1, 'draft', 'x', 1, now(), now())"]:
            run("unmapped", c, sql)

    allowed = [o for o in outcomes if o[2].startswith("ALLOWED")]
    evidence(f"PostgreSQL attacks refused / tried: {len(outcomes) - len(allowed)} / {len(outcomes)}")
    for who, sql, how in allowed:
        evidence(f"  NOT REFUSED {who}: {sql[:110]} → {how}")
    assert len(outcomes) >= 120
    assert not allowed, allowed
    from tests.faults.metrics import record
    record("pg_attacks", tried=len(outcomes), refused=len(outcomes) - len(allowed))

    # 4. what the rulebook allows still works, as plain SQL under each role
    for room in (r1, r2):
        i = room.ids
        with room.connect(room.roles["wangzd"]) as c, c.transaction():
            assert c.execute(f"UPDATE articles SET title = '改过的标题' WHERE id = {i['own_draft']}").rowcount == 1
            assert c.execute(f"UPDATE articles SET status = 'submitted', review_step = 0 "
                             f"WHERE id = {i['own_draft']}").rowcount == 1
            # the audit function takes the caller's login, whatever is claimed
            c.execute("SELECT public.newsdesk_audit_append('article_approve', NULL, '{}', %s, 'zongbian')",
                      (i["uid_zongbian"],))
        with room.connect(room.roles["chushen"]) as c, c.transaction():
            assert c.execute(f"UPDATE articles SET subtitle = '编辑改' WHERE id = {i['submitted']}").rowcount == 1
        with room.connect(room.roles["zongbian"]) as c, c.transaction():
            assert c.execute(f"UPDATE articles SET status = 'published', first_published_at = now() "
                             f"WHERE id = {i['approved']}").rowcount == 1
        with room.connect(room.roles["admin"]) as c, c.transaction():
            assert c.execute("UPDATE channels SET slogan = '新口号' WHERE id = (SELECT min(id) FROM channels)"
                             ).rowcount == 1
        with room.db.read() as s:
            last = s.execute(text("SELECT user_login, action FROM audit_log ORDER BY id DESC LIMIT 1")).first()
        assert last == ("wangzd", "article_approve")
        assert room.svc.audit.verify().ok
