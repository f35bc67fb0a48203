from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from app.core.clock import utcnow
from app.core.domain import Role
from app.core.errors import AuthError, PermissionDenied, ValidationError
from app.core.models import User
from tests.conftest import DEMO_PASSWORD, actor


def test_login_right_and_wrong(demo):
    a = demo.users.authenticate("wangzd", DEMO_PASSWORD)
    assert a.real_name == "王忠德" and a.roles == frozenset({Role.REPORTER})
    with pytest.raises(AuthError) as e:
        demo.users.authenticate("wangzd", "wrong-password")
    assert e.value.message_zh == "用户名或密码错误。"
    with pytest.raises(AuthError) as e2:  # unknown users get the very same message
        demo.users.authenticate("nobody", "whatever1")
    assert e2.value.message_zh == e.value.message_zh


def test_lockout_after_repeated_failures_then_unlock(demo):
    for _ in range(5):
        with pytest.raises(AuthError):
            demo.users.authenticate("liyouan", "bad-password")
    with pytest.raises(AuthError) as e:  # even the right password waits now
        demo.users.authenticate("liyouan", DEMO_PASSWORD)
    assert "秒后再试" in e.value.message_zh
    with demo.db.session() as s:
        s.execute(update(User).where(User.login == "liyouan").values(locked_until=utcnow() - timedelta(seconds=1)))
    assert demo.users.authenticate("liyouan", DEMO_PASSWORD).login == "liyouan"


def test_disabled_user_cannot_log_in(demo):
    admin = actor(demo, "admin")
    demo.users.set_active(admin, "zhangmin", False)
    with pytest.raises(AuthError) as e:
        demo.users.authenticate("zhangmin", DEMO_PASSWORD)
    assert "停用" in e.value.message_zh
    with pytest.raises(ValidationError):
        demo.users.set_active(admin, "admin", False)


def test_user_admin_needs_admin_role(demo):
    with pytest.raises(PermissionDenied):
        demo.users.add(actor(demo, "zongbian"), "newguy", "新人", "password123", ["reporter"])
    u = demo.users.add(actor(demo, "admin"), "newguy", "新人", "password123", ["reporter", "editor"])
    assert u.roles == [Role.EDITOR, Role.REPORTER]
    with pytest.raises(ValidationError):
        demo.users.add(actor(demo, "admin"), "newguy", "重复", "password123", ["reporter"])


@pytest.mark.parametrize("login,name,pw,roles,word", [
    ("", "名", "password123", ["reporter"], "登录名"),
    ("has space", "名", "password123", ["reporter"], "登录名"),
    ("ok", "", "password123", ["reporter"], "真实姓名"),
    ("ok", "名", "short", ["reporter"], "密码"),
    ("ok", "名", "password123", ["pope"], "未知角色"),
    ("ok", "名", "password123", [], "角色"),
])
def test_user_validation(services, login, name, pw, roles, word):
    with pytest.raises(ValidationError) as e:
        services.users.add(None, login, name, pw, roles)
    assert word in e.value.message_zh
    assert services.users.count() == 0


def test_password_change_rules(demo):
    rep = actor(demo, "wangzd")
    with pytest.raises(AuthError):
        demo.users.set_password(rep, "wangzd", "new-password-1", old_password="wrong")
    demo.users.set_password(rep, "wangzd", "new-password-1", old_password=DEMO_PASSWORD)
    assert demo.users.authenticate("wangzd", "new-password-1")
    with pytest.raises(PermissionDenied):
        demo.users.set_password(rep, "liyouan", "hijacked-123")
    demo.users.set_password(actor(demo, "admin"), "liyouan", "reset-by-admin")
    assert demo.users.authenticate("liyouan", "reset-by-admin")


def test_audit_chain_records_and_verifies(demo):
    n = demo.audit.verify()
    assert n.ok and n.checked > 50
    entries = demo.audit.list(actor(demo, "admin"), action="article_approve")
    assert entries and all(e.user_login == "zongbian" for e in entries)
    with pytest.raises(PermissionDenied):
        demo.audit.list(actor(demo, "zongbian"))
