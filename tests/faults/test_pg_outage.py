"""Against a PostgreSQL server of our own: password authentication (scram-sha-256) for staff
login roles, and the server going away mid-session and coming back."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import create_engine, text

from app.core import pgroles
from app.core.db import Database
from app.core.errors import DatabaseError
from app.core.seed import load_demo
from app.core.services import Services
from tests.conftest import DEMO_PASSWORD
from tests.faults.metrics import record


def _newsroom(srv, name: str) -> Services:
    eng = create_engine(srv.url().replace("postgresql://", "postgresql+psycopg://"),
                        isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    db = Database(srv.url(db=name))
    db.upgrade(backup=False)
    svc = Services.create(db)
    load_demo(svc, password=DEMO_PASSWORD)
    return svc


def test_staff_login_role_needs_its_password(own_pg):
    svc = _newsroom(own_pg, "auth")
    staff_pw = "Reporter-Own-Pw-31"
    try:
        me = svc.users.actor_by_login("wangzd")
        with svc.db.session() as s:
            pgroles.setup(s, "nd_")
            role = pgroles.create_staff_role(s, me.id, "wangzd", staff_pw, ["reporter"])
        # the right password: in, and the server knows who it is
        with psycopg.connect(own_pg.url(role, staff_pw, "auth")) as c:
            assert c.execute("SELECT newsdesk_uid()").fetchone()[0] == me.id
            assert c.execute("SHOW password_encryption").fetchone()[0] == "scram-sha-256"
        # a wrong one, or none: refused by the server
        for pw in ("wrong-password", ""):
            with pytest.raises(psycopg.OperationalError, match="password"):
                psycopg.connect(own_pg.url(role, pw, "auth"), connect_timeout=5)
        # the app says so clearly, without echoing the password
        db = Database(own_pg.url(role, "wrong-password", "auth"))
        with pytest.raises(DatabaseError) as exc:
            db.check_version()
        db.dispose()
        assert "wrong-password" not in exc.value.message_zh + exc.value.message_en
        # the clear password never reached the server (statement logging is on: log_statement=all)
        assert "CREATE ROLE" in own_pg.log_text()
        assert staff_pw not in own_pg.log_text()
        record("pg_auth", scram=True, wrong_password_refused=True, password_in_server_log=False)
        # a password change in the app changes the database login too
        svc.users.set_password(None, "wangzd", "Changed-Pw-2026")
        with psycopg.connect(own_pg.url(role, "Changed-Pw-2026", "auth")) as c:
            assert c.execute("SELECT newsdesk_uid()").fetchone()[0] == me.id
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(own_pg.url(role, staff_pw, "auth"), connect_timeout=5)
        assert "Changed-Pw-2026" not in own_pg.log_text()
        staff_pw = "Changed-Pw-2026"
        # the services work through the staff member's own role
        db = Database(own_pg.url(role, staff_pw, "auth"))
        try:
            a = Services.create(db).articles.create(me, title="口令登录", body="正文")
            assert a.author_id == me.id
        finally:
            db.dispose()
    finally:
        with svc.db.session() as s:
            pgroles.drop_staff_role(s, "wangzd")
        svc.db.dispose()


def test_server_down_mid_session_then_back(own_pg):
    """The server stops while a desk works: the save fails with a clear DatabaseError,
    nothing half-written; after the restart the same desk saves without reconnecting by hand."""
    svc = _newsroom(own_pg, "outage")
    me = svc.users.actor_by_login("wangzd")
    a = svc.articles.create(me, title="断线测试", body="第一版")
    svc.articles.save(me, a.id, {"body": "第二版"}, a.version)  # pooled connection in use
    before = svc.articles.get(me, a.id)
    own_pg.stop()
    try:
        with pytest.raises(DatabaseError) as exc:
            svc.articles.save(me, a.id, {"body": "断线时输入的第三版"}, before.version)
        assert "无法访问数据库" in exc.value.message_zh
        assert "cannot be reached" in exc.value.message_en
        with pytest.raises(DatabaseError):
            svc.articles.get(me, a.id)
    finally:
        own_pg.start()
    after = svc.articles.get(me, a.id)  # pool_pre_ping replaces the dead connections
    assert after.version == before.version and after.body == "第二版"
    r = svc.articles.save(me, a.id, {"body": "断线时输入的第三版"}, before.version)
    assert r.article.body == "断线时输入的第三版"
    revs = svc.articles.revisions(me, a.id)
    assert len(revs) == 3
    assert svc.audit.verify().ok
    svc.db.dispose()
    record("pg_outage", refused_clearly=True, lost=0, recovered=True)


@pytest.mark.postgres
def test_a_connection_the_server_ends_after_the_work_is_no_crash(demo_url, engine_name):
    """The server ends a desk's connection (an administrator, a restart, a dropped network) just
    after a read or a commit: the work stands, nothing raises a raw driver error (the desks' crash
    dialog), and the next unit of work opens a new connection. Ending it in the middle of a
    unit of work is the clear DatabaseError the desks show in the user's language."""
    if engine_name != "postgresql":
        pytest.skip("a server that ends connections: PostgreSQL (SQLite is a file in the process)")
    from sqlalchemy import func, select

    from app.core.models import Article

    db = Database(demo_url)
    admin = create_engine(demo_url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")

    def end(pid: int) -> None:
        with admin.connect() as c:
            assert c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()

    try:
        with db.read() as s:  # a read, then the connection goes: the rows are ours
            n = s.scalar(select(func.count()).select_from(Article))
            end(s.scalar(text("SELECT pg_backend_pid()")))
        assert n and n > 0
        with db.session() as s:  # a committed write, then the connection goes at the close
            s.execute(text("UPDATE articles SET title = title || '' WHERE id = (SELECT min(id) FROM articles)"))
            pid = s.scalar(text("SELECT pg_backend_pid()"))
            s.commit()
            end(pid)
        with db.read() as s:  # a new connection from the pool
            assert s.scalar(select(func.count()).select_from(Article)) == n
        with pytest.raises(DatabaseError) as err, db.read() as s:  # gone mid-way: the clear message
            end(s.scalar(text("SELECT pg_backend_pid()")))
            s.execute(text("SELECT 1"))
        assert "无法访问数据库" in err.value.message("zh")
    finally:
        admin.dispose()
        db.dispose()
