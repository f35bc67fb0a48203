"""Security subcommands: newsroom mode on PostgreSQL (server-enforced permissions).

  newsdesk security pg-setup [--prefix nd_] [--all-users]   group roles, grants, policies; newsroom mode on
  newsdesk security pg-role add LOGIN [--password-stdin]    a staff member's own login role
  newsdesk security pg-role drop LOGIN
  newsdesk security pg-role passwd LOGIN [--password-stdin]
  newsdesk security pg-status                               what is installed, which staff roles exist

(`newsdesk audit verify` checks the audit chain; it lives in app/commands/core.py.)
"""

from __future__ import annotations

import argparse
import getpass
import sys


def _db():  # type: ignore[no-untyped-def]
    from app.core.db import Database
    from app.core.errors import ValidationError
    from app.core.settings import load_settings

    db = Database(load_settings().effective_database_url)
    if db.dialect != "postgresql":
        raise ValidationError(
            "单机版（SQLite）没有数据库服务器来执行权限：权限由本程序和操作系统账户保护，见 docs/security.md。",
            "The single-desk database (SQLite) has no server to enforce permissions; see docs/security.md.")
    return db


def _password(args: argparse.Namespace) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    if sys.stdin.isatty():
        pw = getpass.getpass("数据库密码 / Database password: ")
        if pw != getpass.getpass("再次输入 / Again: "):
            raise SystemExit("两次输入的密码不一致 / the passwords differ")
        return pw
    raise SystemExit("请用 --password-stdin 提供密码 / give the password with --password-stdin")


def _user(s, login: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from app.core.errors import NotFound
    from app.core.models import User

    u = s.scalar(select(User).where(User.login == login))
    if u is None:
        raise NotFound(f"没有用户“{login}”。", f"No user “{login}”.")
    return u


def cmd_pg_setup(args: argparse.Namespace) -> int:
    from app.core import pgroles

    db = _db()
    with db.session() as s:
        pgroles.setup(s, args.prefix)
        print(f"新闻室权限模式已启用 / newsroom mode on (role prefix “{args.prefix}”)")
        mapped = {lg for _r, lg in pgroles.staff_roles(s)}
        missing = [u.login for u in s.scalars(_all_users())] if args.all_users else []
        for login in missing:
            if login in mapped:
                continue
            u = _user(s, login)
            print(f"  {login}: 需要数据库密码 / needs a database password:", file=sys.stderr)
            name = pgroles.create_staff_role(s, u.id, login, _password(args), [r.role for r in u.roles])
            print(f"  {login} → {name}")
    return 0


def _all_users():  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from app.core.models import User

    return select(User).where(User.active.is_(True)).order_by(User.login)


def cmd_pg_role(args: argparse.Namespace) -> int:
    from app.core import pgroles

    db = _db()
    with db.session() as s:
        if args.role_cmd == "add":
            u = _user(s, args.login)
            name = pgroles.create_staff_role(s, u.id, u.login, _password(args), [r.role for r in u.roles])
            print(f"{args.login} → {name}")
        elif args.role_cmd == "drop":
            pgroles.drop_staff_role(s, args.login)
            print(f"{args.login}: 数据库账号已删除 / database role dropped")
        elif args.role_cmd == "passwd":
            pgroles.set_staff_password(s, args.login, _password(args))
            print(f"{args.login}: 数据库密码已更新 / database password set")
        elif args.role_cmd == "sync":
            u = _user(s, args.login)
            pgroles.set_staff_groups(s, u.login, [r.role for r in u.roles])
            print(f"{args.login}: {','.join(r.role for r in u.roles)}")
    return 0


def cmd_pg_status(args: argparse.Namespace) -> int:
    from app.core import pgroles

    db = _db()
    with db.read() as s:
        print(f"group roles: {'yes' if pgroles.groups_exist(s) else 'no'}")
        print(f"newsroom mode: {'on' if pgroles.enabled(s) else 'off'} (prefix {pgroles.prefix(s)})")
        print(f"may create roles: {'yes' if pgroles.can_create_roles(s) else 'no'}")
        for role, login in pgroles.staff_roles(s):
            print(f"  {role:30} {login}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("security", help="newsroom mode: server-enforced permissions on PostgreSQL")
    ss = p.add_subparsers(dest="security_cmd", required=True)
    a = ss.add_parser("pg-setup", help="create group roles, grants and row-level security; newsroom mode on")
    a.add_argument("--prefix", default="nd_", help="before each staff login (role nd_wangzd)")
    a.add_argument("--all-users", action="store_true", help="also create a role for every existing user")
    a.add_argument("--password-stdin", action="store_true")
    a.set_defaults(func=cmd_pg_setup)
    r = ss.add_parser("pg-role", help="a staff member's own PostgreSQL login role")
    r.add_argument("role_cmd", choices=["add", "drop", "passwd", "sync"])
    r.add_argument("login")
    r.add_argument("--password-stdin", action="store_true")
    r.set_defaults(func=cmd_pg_role)
    st = ss.add_parser("pg-status", help="what is installed")
    st.set_defaults(func=cmd_pg_status)
