"""The composition root: settings → database → services. The GUI and the CLI both start here."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.core.db import Database
from app.core.errors import AuthError, DatabaseError, ValidationError
from app.core.integrity import QuickCheck
from app.core.services import Services
from app.core.settings import Settings, load_settings

log = logging.getLogger(__name__)


@dataclass
class Opened:
    services: Services
    settings: Settings
    created: bool  # the database was empty and has just been created
    backup: Path | None  # the copy taken before an upgrade


WRONG_LOGIN = ("用户名或密码错误。", "Wrong user name or password.")  # as UserService.authenticate
# The server's own words (its lc_messages may be English or Chinese) for a refused login.
_BAD_PASSWORD = ("password authentication failed", "no password supplied", "口令认证失败",
                 "密码认证失败", "没有提供口令")
_CANNOT_LOG_IN = ("is not permitted to log in", "不允许登录")


def staff_database_url(settings: Settings, login: str, password: str) -> str:
    """The newsroom URL with the staff member's own login role and password in it."""
    from sqlalchemy.engine import make_url

    from app.core import pgroles

    base = make_url(settings.effective_database_url)
    if base.get_backend_name() != "postgresql":
        raise ValidationError("用员工自己的数据库账号登录只适用于 PostgreSQL 新闻室数据库。",
                              "Staff database logins need the newsroom PostgreSQL database.")
    try:
        role = pgroles.role_name(login.strip(), settings.staff_role_prefix or pgroles.DEFAULT_PREFIX)
    except ValidationError:
        raise AuthError(*WRONG_LOGIN) from None  # no such role can exist: same answer as a wrong password
    return base.set(username=role, password=password).render_as_string(hide_password=False)


def _connect_as_staff(db: Database) -> None:
    """One connection up front, so a refused login says so (not "cannot open the database")."""
    from sqlalchemy.exc import OperationalError

    try:
        with db.engine.connect():
            pass
    except OperationalError as exc:
        text = str(exc.orig or exc)
        if any(m in text for m in _BAD_PASSWORD):
            db.dispose()
            raise AuthError(*WRONG_LOGIN) from None
        if any(m in text for m in _CANNOT_LOG_IN):
            db.dispose()
            raise AuthError("该账号已停用，请联系管理员。", "This account is disabled; ask an administrator.") from None
        # anything else (server unreachable …): check_version gives its own clear message


def open_database(settings: Settings | None = None, *, upgrade: bool | None = None,
                  credentials: tuple[str, str] | None = None, precheck: QuickCheck | None = None) -> Opened:
    """Open the configured database, creating or upgrading an embedded one as needed.

    A newsroom PostgreSQL is upgraded only when ``upgrade`` is True (an admin's
    `newsdesk db upgrade`); desktops get a clear message instead.

    ``credentials`` (login, password): connect as that staff member's own PostgreSQL login role
    (``settings.staff_logins``); a refused password raises AuthError("用户名或密码错误。").

    ``precheck``: the embedded file's integrity check, started by the caller before this module
    was imported (app.integrity.start_quick_check, the GUI): its verdict is used when it checked
    this very file and no upgrade changed it since; otherwise the file is checked here."""
    settings = settings or load_settings()
    if credentials is not None:
        db = Database(staff_database_url(settings, *credentials))
    else:
        db = Database(settings.effective_database_url)
    try:
        return _open(db, settings, upgrade, credentials, precheck)
    except BaseException:
        db.dispose()  # a refused or failed open keeps no connection (the login dialog tries again)
        raise


def _open(db: Database, settings: Settings, upgrade: bool | None, credentials: tuple[str, str] | None,
          precheck: QuickCheck | None) -> Opened:
    if credentials is not None:
        _connect_as_staff(db)
    state = db.check_version()  # raises DatabaseTooNew
    if upgrade is None:
        upgrade = db.dialect == "sqlite"
    backup = None
    if precheck is not None and (state != "ok" or precheck.path != db.sqlite_path()):
        precheck.result()  # an upgrade or another file: let it finish (it reads), check here instead
        precheck = None
    if state != "ok":
        if not upgrade:
            raise DatabaseError(
                "新闻室数据库需要由管理员升级（newsdesk db upgrade）后才能使用。",
                "The newsroom database must be upgraded by an administrator (newsdesk db upgrade).",
            )
        backup = db.upgrade(backup=True)
    svc = Services.create(db)
    created = False
    if state == "empty":
        from app.core.seed import seed_newsroom

        created = seed_newsroom(svc)
    elif db.dialect == "sqlite":
        result = (precheck.result() if precheck is not None else None) or db.quick_check()
        if result != "ok":
            from app.core.db import recovery_hint

            zh, en = recovery_hint(db.sqlite_path())
            raise DatabaseError(f"数据库文件已损坏（{result}）。{zh}", f"The database file is damaged ({result}). {en}")
    return Opened(svc, settings, created, backup)


def compile_later(delay_s: float = 0.0) -> bool:
    """Byte-compile the app's own modules in a background process at low priority, when they are
    not compiled yet (an editable or source install; with PYTHONDONTWRITEBYTECODE=1 Python never
    writes .pyc itself, so every start compiled the project again: ≈ 11 % of start-up CPU).
    Wheels and frozen builds ship compiled modules and skip this. Returns True if started."""
    import importlib.util
    import os
    import subprocess
    import sys

    if getattr(sys, "frozen", False):
        return False
    pkg = Path(__file__).resolve().parent
    probe = pkg / "ui" / "main_window.py"
    try:
        cached = Path(importlib.util.cache_from_source(str(probe)))
        if cached.exists() and cached.stat().st_mtime >= probe.stat().st_mtime:
            return False
        if not os.access(pkg, os.W_OK):
            return False
    except (OSError, NotImplementedError, ValueError):
        return False
    code = ("import compileall, os, sys, time; time.sleep(float(sys.argv[2]))\n"
            "hasattr(os, 'nice') and os.nice(10)\n"
            "compileall.compile_dir(sys.argv[1], quiet=2, workers=1)")
    try:
        subprocess.Popen([sys.executable, "-c", code, str(pkg), str(delay_s)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        log.info("could not start the byte-compiler: %s", exc)
        return False
    return True
