"""Newsroom mode with per-staff PostgreSQL login roles: the app itself logs in as the staff member.

A password-authenticated (scram-sha-256) PostgreSQL of our own (tests/faults/pgserver.py); the
owner migrates, runs pg-setup and adds the staff through UserService (so their login roles
exist); every desktop below then connects with the staff member's own role and password.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.bootstrap import Opened, open_database, staff_database_url
from app.core import pgroles
from app.core.db import Database
from app.core.domain import Role, Status
from app.core.errors import AuthError, InvalidTransition, NewsdeskError, PermissionDenied
from app.core.services import Services
from app.core.settings import Settings
from tests.conftest import DEMO_PASSWORD
from tests.faults import pgserver

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not pgserver.available(), reason="PostgreSQL 15 server binaries not installed")]

OWNER, OWNER_PW = "newsdesk", "owner-Secret-pw-1"


class Newsroom:
    def __init__(self, srv: pgserver.PgServer) -> None:
        self.srv = srv
        self.base = f"postgresql://127.0.0.1:{srv.port}/newsroom"  # what a desktop's settings hold
        self.owner_url = srv.url(OWNER, OWNER_PW, "newsroom")
        self.owner = Services.create(Database(self.owner_url))

    def settings(self) -> Settings:
        return Settings(database_url=self.base, staff_logins=True)

    def desk(self, login: str, password: str = DEMO_PASSWORD) -> Opened:
        return open_database(self.settings(), credentials=(login, password))


def start_newsroom() -> tuple[pgserver.PgServer, Newsroom]:
    """A server with scram-sha-256, an owner account with CREATEROLE, the schema, newsroom mode
    and the sample staff (each with a login role nd_<login>, password DEMO_PASSWORD)."""
    srv = pgserver.PgServer()
    srv.start()
    with psycopg.connect(srv.url(), autocommit=True) as c:
        c.execute(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PW}'")
        c.execute(f"CREATE DATABASE newsroom OWNER {OWNER}")
    nr = Newsroom(srv)
    nr.owner.db.upgrade(backup=False)
    with nr.owner.db.session() as s:
        pgroles.setup(s)
    from app.core.seed import load_demo

    load_demo(nr.owner, password=DEMO_PASSWORD)  # UserService.add → the staff login roles
    return srv, nr


@pytest.fixture(scope="module")
def newsroom():
    srv, nr = start_newsroom()
    try:
        yield nr
    finally:
        nr.owner.db.dispose()
        srv.cleanup()


def test_the_staff_roles_exist_and_password_auth_is_on(newsroom):
    with newsroom.owner.db.read() as s:
        roles = dict(pgroles.staff_roles(s))
    assert roles["nd_wangzd"] == "wangzd" and roles["nd_zongbian"] == "zongbian"
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(host="127.0.0.1", port=newsroom.srv.port, dbname="newsroom", user="nd_wangzd",
                        password="not-the-password")


def test_reporter_writes_and_submits_editor_signs_reporter_cannot_publish(newsroom):
    rep = newsroom.desk("wangzd")
    ed = newsroom.desk("chushen")
    try:
        # the desktop really is the staff member on the server, not the owner
        with rep.services.db.read() as s:
            assert s.execute(text("SELECT session_user")).scalar() == "nd_wangzd"
        assert "nd_wangzd" in rep.services.db.url and OWNER not in rep.services.db.url
        me = rep.services.users.authenticate("wangzd", DEMO_PASSWORD)
        assert me.login == "wangzd" and me.roles == frozenset({Role.REPORTER}) and me.real_name == "王忠德"
        # user lookups work on a connection that may not read password hashes
        assert rep.services.users.actor(me.id) == me
        assert rep.services.users.actor_by_login("chushen").roles == frozenset({Role.EDITOR})
        assert {u.login for u in rep.services.users.list()} >= {"wangzd", "chushen", "zongbian", "admin"}

        a = rep.services.articles.create(me, title="员工账号登录测试", body="正文第一段。")
        r = rep.services.articles.save(me, a.id, {"body": "正文第二版，记者自己的数据库账号。"}, a.version)
        assert r.article.version > a.version
        rep.services.articles.save(me, a.id, {"primary_channel_id": next(
            c.id for c in rep.services.admin.channels() if c.name == "平凉市")}, r.article.version)
        sub = rep.services.review.submit(me, a.id)
        assert sub.status == Status.SUBMITTED

        editor = ed.services.users.authenticate("chushen", DEMO_PASSWORD)
        signed = ed.services.review.sign(editor, a.id, "初审通过")
        assert signed.status == Status.IN_REVIEW

        # the app refuses the reporter's publishing …
        with pytest.raises(NewsdeskError):
            rep.services.review.publish_now(me, a.id)
        draft = rep.services.articles.create(me, title="另一篇草稿", body="草稿正文。")
        with pytest.raises((PermissionDenied, InvalidTransition)):  # the rulebook: not a draft's action
            rep.services.review.publish_now(me, draft.id)
        # … and so does the server, when the app's checks are bypassed with raw SQL on the
        # reporter's own connection
        # reporter's own connection — said in words, not as a raw SQLAlchemy dump
        with pytest.raises(PermissionDenied) as exc, rep.services.db.session() as s:
            s.execute(text("UPDATE articles SET status = 'published', first_published_at = now() "
                           "WHERE id = :i"), {"i": draft.id})
        assert isinstance(exc.value.__cause__, DBAPIError)
        assert isinstance(exc.value.__cause__.orig, psycopg.errors.InsufficientPrivilege)
        assert "数据库服务器拒绝" in exc.value.message("zh")
        with rep.services.db.session() as s:  # the article in review is out of the reporter's reach
            hit = s.execute(text("UPDATE articles SET status = 'published' WHERE id = :i"), {"i": a.id})
            assert hit.rowcount == 0
        owner_actor = newsroom.owner.users.actor_by_login("zongbian")
        assert newsroom.owner.articles.get(owner_actor, a.id).status == Status.IN_REVIEW
        assert newsroom.owner.articles.get(owner_actor, draft.id).status == Status.DRAFT

        # the logins went into the audit log, written by the staff roles themselves; the chain holds
        with newsroom.owner.db.read() as s:
            logins = s.execute(text("SELECT user_login FROM audit_log WHERE action = 'login'")).scalars().all()
        assert "wangzd" in logins and "chushen" in logins
        assert newsroom.owner.audit.verify().ok
    finally:
        rep.services.db.dispose()
        ed.services.db.dispose()


def test_a_wrong_password_gets_the_login_message(newsroom):
    for login, pw in (("wangzd", "wrong-password"), ("nobody", DEMO_PASSWORD), ("王忠德", DEMO_PASSWORD),
                      ("wangzd", "")):
        with pytest.raises(AuthError) as exc:
            newsroom.desk(login, pw)
        assert exc.value.message_zh == "用户名或密码错误。", (login, pw)
        assert exc.value.message_en == "Wrong user name or password."
        assert pw not in str(exc.value) or not pw


def test_the_login_must_be_the_connections_own(newsroom):
    rep = newsroom.desk("wangzd")
    try:
        with pytest.raises(AuthError) as exc:  # connected as wangzd, claiming to be the chief
            rep.services.users.authenticate("zongbian", DEMO_PASSWORD)
        assert exc.value.message_zh == "用户名或密码错误。"
        assert rep.services.users.authenticate(" wangzd ", "the server checked it").login == "wangzd"
    finally:
        rep.services.db.dispose()


def test_a_disabled_member_is_told_so(newsroom):
    newsroom.owner.users.set_active(None, "zhangmin", False)
    try:
        with pytest.raises(AuthError) as exc:
            newsroom.desk("zhangmin")
        assert "停用" in exc.value.message_zh
    finally:
        newsroom.owner.users.set_active(None, "zhangmin", True)
    d = newsroom.desk("zhangmin")
    try:
        assert d.services.users.authenticate("zhangmin", DEMO_PASSWORD).login == "zhangmin"
    finally:
        d.services.db.dispose()


def test_the_owner_connection_still_checks_app_passwords(newsroom):
    with newsroom.owner.db.read() as s:
        assert pgroles.staff_uid(s) is None
    with pytest.raises(AuthError):
        newsroom.owner.users.authenticate("wangzd", "wrong-password")
    assert newsroom.owner.users.authenticate("wangzd", DEMO_PASSWORD).login == "wangzd"


def test_staff_url_keeps_the_server_and_needs_postgresql(tmp_path):
    s = Settings(database_url="postgresql://db.example:5433/newsroom", staff_logins=True,
                 staff_role_prefix="t1_")
    u = make_url(staff_database_url(s, "wangzd", "p@ss:w/rd"))
    assert (u.username, u.password, u.host, u.port, u.database) == ("t1_wangzd", "p@ss:w/rd", "db.example",
                                                                    5433, "newsroom")
    with pytest.raises(NewsdeskError) as exc:
        staff_database_url(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}"), "wangzd", "pw")
    assert "PostgreSQL" in exc.value.message_zh
