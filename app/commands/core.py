"""Core subcommands: init, demo, user, db, publish-due, backup, restore, audit."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path


def _open(upgrade: bool | None = None):  # type: ignore[no-untyped-def]
    from app.bootstrap import open_database

    return open_database(upgrade=upgrade)


def _roles(roles: list[str] | tuple[str, ...]) -> str:
    """Role codes as the newsroom says them, with the code one types: 记者(reporter),编辑(editor)."""
    from app.core.domain import Role
    from app.core.workflow import ROLE_LABELS

    out = []
    for r in roles:
        try:
            out.append(f"{ROLE_LABELS[Role(r)][0]}({r})")
        except (ValueError, KeyError):
            out.append(r)
    return ",".join(out)


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    if getattr(args, "password", None):
        return args.password, False
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n"), False
    if sys.stdin.isatty():
        pw = getpass.getpass("密码 / Password: ")
        if pw != getpass.getpass("再次输入 / Again: "):
            raise SystemExit("两次输入的密码不一致 / the passwords differ")
        return pw, False
    from app.core.passwords import readable_password

    return readable_password(), True


def cmd_init(args: argparse.Namespace) -> int:
    o = _open(upgrade=True)
    svc = o.services
    print(f"数据库就绪 / database ready: {o.settings.effective_database_url.split('@')[-1]}")
    if o.backup:
        print(f"升级前的备份 / backup before upgrade: {o.backup}")
    if svc.users.count() == 0:
        pw, generated = _password(args)
        svc.users.add(None, args.admin, args.admin_name, pw, ["admin"])
        print(f"管理员 / admin: {args.admin}" + (f"  密码 / password: {pw}" if generated else ""))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.core.seed import load_demo

    o = _open(upgrade=True)
    made = load_demo(o.services, password=args.password)
    if not made:
        print("示例新闻室已存在 / the sample newsroom exists already")
        return 0
    print("示例新闻室已创建 / sample newsroom created. 账号 / accounts:")
    for u in made:
        print(f"  {u.login:10} {u.real_name:6} {_roles(u.roles):28} {u.password}")
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    svc = _open().services
    actor = svc.users.actor_by_login(args.as_user) if getattr(args, "as_user", None) else None
    if args.user_cmd == "add":
        pw, generated = _password(args)
        u = svc.users.add(actor, args.login, args.name, pw, args.roles.split(","))
        print(f"已添加 / added {u.login} ({u.real_name}) {_roles(u.roles)}" + (f" 密码 / password: {pw}" if generated else ""))
    elif args.user_cmd == "list":
        rows = svc.users.list()
        if args.json:
            print(json.dumps([{"login": u.login, "real_name": u.real_name, "roles": list(u.roles),
                               "active": u.active} for u in rows], ensure_ascii=False, indent=1))
        for u in rows if not args.json else []:
            print(f"{u.login:12} {u.real_name:8} {_roles(u.roles):36} {'正常 / active' if u.active else '停用 / disabled'}")
    elif args.user_cmd in ("disable", "enable"):
        svc.users.set_active(actor, args.login, args.user_cmd == "enable")
        print(f"{args.login}: {'已启用 / enabled' if args.user_cmd == 'enable' else '已停用 / disabled'}")
    elif args.user_cmd == "passwd":
        pw, generated = _password(args)
        svc.users.set_password(actor, args.login, pw)
        print(f"{args.login}: 密码已更新 / password set" + (f": {pw}" if generated else ""))
    elif args.user_cmd == "roles":
        svc.users.set_roles(actor, args.login, args.roles.split(","))
        print(f"{args.login}: {_roles(args.roles.split(','))}")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from app.core.db import Database
    from app.core.settings import load_settings

    db = Database(load_settings().effective_database_url)
    if args.db_cmd == "upgrade":
        backup = db.upgrade()
        print(f"数据库已是最新 / schema at {db.head_revision()}" + (f" (backup: {backup})" if backup else ""))
        from app.core.search import index as idx

        st = idx.state(db)
        if st.tokenizer != st.current and st.articles:  # an upgrade changed the index's form (0012)
            print("全文检索索引需要重建，请运行 newsdesk reindex / "
                  "the search index must be rebuilt: run newsdesk reindex")
    else:
        print(f"current={db.current_revision()} head={db.head_revision()} state={db.check_version()}")
    return 0


def cmd_publish_due(args: argparse.Namespace) -> int:
    svc = _open().services
    actor = svc.users.actor_by_login(args.as_user)
    rep = svc.review.publish_due(actor)
    for aid in rep.published:
        print(f"published {aid}")
    for aid, when in rep.missed:
        print(f"MISSED {aid} scheduled {when.isoformat()} (published late)")
    for aid, err in rep.failed:
        print(f"FAILED {aid}: {err}", file=sys.stderr)
    return 1 if rep.failed else 0


def cmd_backup(args: argparse.Namespace) -> int:
    o = _open()
    if o.services.db.dialect != "sqlite":
        print("PostgreSQL: use pg_dump on the server / 请在服务器上使用 pg_dump", file=sys.stderr)
        return 2
    dest = o.services.db.backup_sqlite(Path(args.out) if args.out else None)
    print(dest)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    import sqlite3

    from sqlalchemy.engine import make_url

    from app.core.db import restore_sqlite
    from app.core.settings import load_settings

    url = load_settings().effective_database_url
    if not url.startswith("sqlite"):
        print("only the embedded database can be restored here", file=sys.stderr)
        return 2
    src = Path(args.backup)
    if not src.is_file():
        print(f"找不到备份文件 / no such backup: {src}", file=sys.stderr)
        return 1
    try:
        with sqlite3.connect(src) as c:
            ok = c.execute("PRAGMA quick_check").fetchone()[0]
        c.close()
    except sqlite3.DatabaseError as exc:
        ok = str(exc)
    if src.stat().st_size == 0:
        ok = "0 bytes"
    if ok != "ok":
        print(f"备份文件损坏 / the backup is damaged: {ok}", file=sys.stderr)
        return 1
    kept = restore_sqlite(src, Path(make_url(url).database or ""))
    print("已恢复 / restored")
    if kept:
        print(f"被替换的数据库已保留 / the replaced database was kept: {kept}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from app.core.audit_chain import Head

    svc = _open().services
    lang = "zh" if os.environ.get("NEWSDESK_LANG", "zh").startswith("zh") else "en"
    if args.audit_cmd == "head":
        res = svc.audit.verify()
        head = res.head or Head(0, 0, "")
        line = head.to_json()
        if args.out:
            Path(args.out).write_text(line + "\n", encoding="utf-8")
            print(f"锚点已写入 / anchor written: {args.out}")
        print(line)
        if not res.ok:
            print(f"注意：审计链有 {len(res.breaks)} 处断开，此锚点不可作为可信基准 / the chain has "
                  f"{len(res.breaks)} break(s): do not keep this as a trusted anchor", file=sys.stderr)
            return 1
        return 0
    anchor = Head.load(args.anchor) if args.anchor else None
    res = svc.audit.verify(anchor)
    if res.ok:
        extra = f"，与锚点一致（第 {anchor.last_id} 条）/ matches the anchor" if anchor else ""
        print(f"审计链完整 / audit chain intact: {res.checked} entries{extra}")
        return 0
    print(f"审计链有 {len(res.breaks)} 处断开 / the chain has {len(res.breaks)} break(s) "
          f"({res.checked} entries checked):")
    for b in res.breaks:
        print(f"  {b.message('zh')} / {b.message('en')}" if lang == "zh" else f"  {b.message('en')}")
    if res.first_broken_id is not None:
        print(f"审计链在第 {res.first_broken_id} 条断开 / chain broken at entry {res.first_broken_id}: {res.problem}")
    return 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create or upgrade the database, add the first admin")
    p.add_argument("--admin", default="admin")
    p.add_argument("--admin-name", default="管理员")
    p.add_argument("--password")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="load the sample newsroom")
    p.add_argument("--password", help="one password for every sample account (default: random)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("user", help="manage users")
    us = p.add_subparsers(dest="user_cmd", required=True)
    a = us.add_parser("add")
    a.add_argument("login")
    a.add_argument("--name", required=True, help="real name (实名)")
    a.add_argument("--roles", default="reporter", help="comma list: reporter,editor,chief_editor,admin")
    a.add_argument("--password")
    a.add_argument("--password-stdin", action="store_true")
    a.add_argument("--as", dest="as_user")
    lst = us.add_parser("list")
    lst.add_argument("--json", action="store_true")
    for name in ("disable", "enable"):
        d = us.add_parser(name)
        d.add_argument("login")
        d.add_argument("--as", dest="as_user")
    pw = us.add_parser("passwd")
    pw.add_argument("login")
    pw.add_argument("--password")
    pw.add_argument("--password-stdin", action="store_true")
    pw.add_argument("--as", dest="as_user")
    r = us.add_parser("roles")
    r.add_argument("login")
    r.add_argument("roles")
    r.add_argument("--as", dest="as_user")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("db", help="schema: upgrade | status")
    p.add_argument("db_cmd", choices=["upgrade", "status"])
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("publish-due", help="publish scheduled articles whose time has come")
    p.add_argument("--as", dest="as_user", required=True, help="the chief editor the scheduler acts as")
    p.set_defaults(func=cmd_publish_due)

    p = sub.add_parser("backup", help="online backup of the embedded database")
    p.add_argument("--out")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="replace the embedded database with a backup (app closed)")
    p.add_argument("backup")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("audit", help="audit log: verify [--anchor FILE] | head [--out FILE]")
    p.add_argument("audit_cmd", choices=["verify", "head"])
    p.add_argument("--anchor", help="verify: a head written earlier by `audit head --out`")
    p.add_argument("--out", help="head: also write the anchor to this file (keep it outside the database)")
    p.set_defaults(func=cmd_audit)
