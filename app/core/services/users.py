"""Users, roles, login."""

from __future__ import annotations

import builtins
import functools
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import pgroles, security
from app.core.clock import utcnow
from app.core.domain import Actor, Role
from app.core.errors import AuthError, NotFound, ValidationError
from app.core.models import User, UserRole
from app.core.services.base import Service, audit, signal_change
from app.core.workflow import check_admin

log = logging.getLogger(__name__)


@dataclass
class UserData:
    id: int
    login: str
    real_name: str
    roles: list[Role]
    active: bool
    created_at: datetime


def _actor(u: User | UserData) -> Actor:
    if isinstance(u, UserData):
        return Actor(id=u.id, login=u.login, real_name=u.real_name, roles=frozenset(u.roles))
    return Actor(id=u.id, login=u.login, real_name=u.real_name,
                 roles=frozenset(Role(r.role) for r in u.roles))


def _data(u: User) -> UserData:
    return UserData(u.id, u.login, u.real_name, sorted(Role(r.role) for r in u.roles), u.active,
                    u.created_at)


# The columns every connection may read: staff login roles in newsroom mode are granted these
# only (no password_hash, failed_logins, locked_until), so user lookups select them by name.
_PUBLIC_COLUMNS = (User.id, User.login, User.real_name, User.active, User.created_at)


def _load(s: Session, where: Any = None) -> list[UserData]:
    stmt = select(*_PUBLIC_COLUMNS).order_by(User.login)
    roles_stmt = select(UserRole.user_id, UserRole.role)
    if where is not None:
        stmt = stmt.where(where)
    rows = s.execute(stmt).all()
    if where is not None:
        roles_stmt = roles_stmt.where(UserRole.user_id.in_([r.id for r in rows]))
    roles: dict[int, set[Role]] = {}
    if rows:
        for uid, role in s.execute(roles_stmt):
            roles.setdefault(uid, set()).add(Role(role))
    return [UserData(r.id, r.login, r.real_name, sorted(roles.get(r.id, ())), r.active, r.created_at)
            for r in rows]


def validate_password(password: str) -> None:
    if len(password) < security.MIN_PASSWORD_LENGTH:
        raise ValidationError(f"密码至少需要 {security.MIN_PASSWORD_LENGTH} 个字符。",
                              f"A password needs at least {security.MIN_PASSWORD_LENGTH} characters.")


def _roles(roles: list[str] | list[Role]) -> list[Role]:
    try:
        out = sorted({Role(r) for r in roles})
    except ValueError as exc:
        raise ValidationError(f"未知角色：{exc}", f"Unknown role: {exc}") from None
    if not out:
        raise ValidationError("至少需要一个角色。", "At least one role is needed.")
    return out


class UserService(Service):
    def authenticate(self, login: str, password: str, *, record: bool = True) -> Actor:
        """The actor for a correct login and password; records the login in the audit log
        unless ``record`` is False — then the caller records it with :meth:`record_login` (the
        GUI does, off the path to its first window: a write transaction at log-in was 12 % of the
        start-up). Failed attempts are always recorded here."""
        generic = AuthError("用户名或密码错误。", "Wrong user name or password.")
        now = utcnow()
        with self.db.session() as s:
            staff = pgroles.staff_uid(s)
            if staff is not None:
                return self._staff_login(s, staff, login, generic)
            u = s.scalar(select(User).where(User.login == login.strip()))
            if u is None:
                security.verify_password(_dummy_hash(), password)  # same time as a real check
                raise generic
            if u.locked_until and u.locked_until > now:
                wait = int((u.locked_until - now).total_seconds()) + 1
                raise AuthError(f"登录失败次数过多，请 {wait} 秒后再试。",
                                f"Too many failed logins; try again in {wait} s.")
            if not security.verify_password(u.password_hash, password):
                u.failed_logins += 1
                lock = security.lock_duration(u.failed_logins)
                if lock:
                    u.locked_until = now + lock
                audit(s, None, "login_failed", login=u.login, failures=u.failed_logins)
                # the failure counter must stick even though we raise
                s.commit()
                raise generic
            if not u.active:
                raise AuthError("该账号已停用，请联系管理员。", "This account is disabled; ask an administrator.")
            if security.needs_rehash(u.password_hash):
                u.password_hash = security.hash_password(password)
            u.failed_logins = 0
            u.locked_until = None
            actor = _actor(u)
            if record:
                audit(s, actor, "login")
            return actor

    def record_login(self, actor: Actor) -> None:
        """The audit entry of a login checked with ``authenticate(..., record=False)``."""
        with self.db.session() as s:
            audit(s, actor, "login")

    def _staff_login(self, s: Session, uid: int, login: str, generic: AuthError) -> Actor:
        """Newsroom mode, connected as a staff login role: the server checked the password when
        the connection was made (and refuses a disabled member's role); the app only checks
        that the login typed is the connection's own user, and records the login."""
        found = _load(s, User.id == uid)
        if not found or found[0].login != login.strip():
            log.warning("login as %r refused on a connection of user id %s", login, uid)
            raise generic
        if not found[0].active:
            raise AuthError("该账号已停用，请联系管理员。", "This account is disabled; ask an administrator.")
        actor = _actor(found[0])
        audit(s, actor, "login")
        return actor

    def actor(self, user_id: int) -> Actor:
        with self.db.read() as s:
            found = _load(s, User.id == user_id)
            if not found:
                raise NotFound("用户不存在。", "No such user.")
            return _actor(found[0])

    def actor_by_login(self, login: str) -> Actor:
        with self.db.read() as s:
            found = _load(s, User.login == login)
            if not found:
                raise NotFound(f"没有用户“{login}”。", f"No user “{login}”.")
            return _actor(found[0])

    def count(self) -> int:
        with self.db.read() as s:
            return s.scalar(select(func.count(User.id))) or 0

    def add(self, actor: Actor | None, login: str, real_name: str, password: str,
            roles: list[str] | list[Role]) -> UserData:
        """Add a user. ``actor`` None is the bootstrap (first admin, CLI on the host)."""
        if actor is not None:
            check_admin(actor)
        login = login.strip()
        if not login or len(login) > 64 or any(c.isspace() for c in login):
            raise ValidationError("登录名不能为空、不能含空格，最长 64 个字符。",
                                  "A login must be 1–64 characters without spaces.")
        real_name = real_name.strip()
        if not real_name or len(real_name) > 64:
            raise ValidationError("请填写真实姓名（最长 64 个字符）。", "Enter the real name (up to 64 characters).")
        validate_password(password)
        rs = _roles(roles)
        with self.db.session() as s:
            if s.scalar(select(User.id).where(User.login == login)) is not None:
                raise ValidationError(f"登录名“{login}”已存在。", f"The login “{login}” exists already.")
            u = User(login=login, real_name=real_name, password_hash=security.hash_password(password),
                     active=True)
            u.roles = [UserRole(role=r.value) for r in rs]
            s.add(u)
            s.flush()
            audit(s, actor, "user_add", target=login, roles=[r.value for r in rs])
            if s.get_bind().dialect.name == "postgresql":  # newsroom mode: their own DB login role
                from app.core import pgroles

                pgroles.on_user_added(s, u.id, login, password, [r.value for r in rs])
            signal_change(s, "users")
            return _data(u)

    def list(self) -> list[UserData]:
        with self.db.read() as s:
            return _load(s)

    def _get(self, s, login: str) -> User:  # type: ignore[no-untyped-def]
        u = s.scalar(select(User).where(User.login == login))
        if u is None:
            raise NotFound(f"没有用户“{login}”。", f"No user “{login}”.")
        return u

    def set_active(self, actor: Actor | None, login: str, active: bool) -> None:
        if actor is not None:
            check_admin(actor)
            if actor.login == login and not active:
                raise ValidationError("不能停用自己的账号。", "You cannot disable your own account.")
        with self.db.session() as s:
            u = self._get(s, login)
            u.active = active
            audit(s, actor, "user_enable" if active else "user_disable", target=login)
            if s.get_bind().dialect.name == "postgresql":  # newsroom mode: their DB login follows
                from app.core import pgroles

                pgroles.on_user_changed(s, u.id, active=active)

    def set_password(self, actor: Actor | None, login: str, password: str,
                     old_password: str | None = None) -> None:
        """Admins reset anyone's password; a user changes their own with the old one."""
        validate_password(password)
        with self.db.session() as s:
            u = self._get(s, login)
            if actor is not None and actor.id != u.id:
                check_admin(actor)
            elif actor is not None and actor.id == u.id and Role.ADMIN not in actor.roles:
                if old_password is None or not security.verify_password(u.password_hash, old_password):
                    raise AuthError("原密码不正确。", "The current password is wrong.")
            u.password_hash = security.hash_password(password)
            u.failed_logins = 0
            u.locked_until = None
            audit(s, actor, "user_password", target=login)
            if s.get_bind().dialect.name == "postgresql":
                from app.core import pgroles

                pgroles.on_user_changed(s, u.id, password=password)

    def set_roles(self, actor: Actor | None, login: str, roles: builtins.list[str] | builtins.list[Role]) -> None:
        if actor is not None:
            check_admin(actor)
        rs = _roles(roles)
        with self.db.session() as s:
            u = self._get(s, login)
            if actor is not None and actor.id == u.id and Role.ADMIN not in rs:
                raise ValidationError("不能取消自己的管理员权限。", "You cannot remove your own admin role.")
            u.roles = [UserRole(role=r.value) for r in rs]
            audit(s, actor, "user_roles", target=login, roles=[r.value for r in rs])
            if s.get_bind().dialect.name == "postgresql":
                from app.core import pgroles

                pgroles.on_user_changed(s, u.id, roles=[r.value for r in rs])

    def set_real_name(self, actor: Actor | None, login: str, real_name: str) -> None:
        if actor is not None:
            check_admin(actor)
        if not real_name.strip():
            raise ValidationError("请填写真实姓名。", "Enter the real name.")
        with self.db.session() as s:
            u = self._get(s, login)
            u.real_name = real_name.strip()
            audit(s, actor, "user_rename", target=login)


@functools.cache
def _dummy_hash() -> str:
    return security.hash_password("timing-equaliser")
