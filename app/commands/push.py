"""Push subcommands: `newsdesk push` drains the outbox; `newsdesk target …` manages publishing
targets (secrets go to the system keyring, never to the database); `newsdesk queue …` shows,
retries and cancels jobs; `newsdesk ninjs` writes IPTC ninjs files."""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import threading
from pathlib import Path


def _lang() -> str:
    import os

    lang = os.environ.get("NEWSDESK_LANG") or os.environ.get("LANG") or ""
    return "zh" if lang.lower().startswith("zh") or not lang else "en"


def _open():  # type: ignore[no-untyped-def]
    from app.bootstrap import open_database

    return open_database()


def _actor(svc, args):  # type: ignore[no-untyped-def]
    login = getattr(args, "as_user", None)
    return svc.users.actor_by_login(login) if login else None


def _options(pairs: list[str] | None) -> dict[str, str]:
    from app.core.errors import ValidationError

    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise ValidationError(f"选项格式应为 键=值：{pair}", f"Options are KEY=VALUE: {pair}")
        k, v = pair.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def _read_secret(args: argparse.Namespace) -> str:
    if getattr(args, "secret_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    if sys.stdin.isatty():
        return getpass.getpass("密码或令牌 / Secret (token or application password): ")
    return sys.stdin.readline().rstrip("\r\n")


# ---- newsdesk push ----------------------------------------------------------------------

def cmd_push(args: argparse.Namespace) -> int:
    from app.publish.outbox import JobEvent, Outbox

    svc = _open().services
    outbox = Outbox(svc)
    stop = threading.Event()
    labels = {"delivered": "已送达 delivered", "skipped": "已存在 already there", "retry": "稍后重试 retry",
              "failed": "失败 FAILED", "released": "未发送 not sent"}

    def progress(ev: JobEvent) -> None:
        if args.quiet and ev.outcome in ("delivered", "skipped"):
            return
        extra = f"  {ev.message}" if ev.message and ev.outcome != "delivered" else ""
        print(f"[{ev.target}] #{ev.job_id} {ev.action} 稿件 {ev.article_id} v{ev.version}: "
              f"{labels.get(ev.outcome, ev.outcome)}{extra}", flush=True)

    def on_signal(signum, frame):  # type: ignore[no-untyped-def]
        stop.set()

    old = signal.signal(signal.SIGTERM, on_signal)
    try:
        report = outbox.drain(stop, progress, target=args.target, wait=not args.no_wait,
                              concurrency=args.concurrency, max_wait=args.max_wait)
    except KeyboardInterrupt:
        stop.set()
        print("已中断；未送达的任务仍在队列中 / interrupted; undelivered jobs stay queued", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, old)
    for err in report.errors:
        print(f"newsdesk: {err}", file=sys.stderr)
    left = outbox.pending_count(outbox._target_ids(args.target))
    print(f"送达 {report.delivered}，已存在 {report.skipped}，重试 {report.retried}，失败 {report.failed}，"
          f"队列中 {left} / delivered {report.delivered}, already there {report.skipped}, "
          f"retried {report.retried}, failed {report.failed}, still queued {left}")
    return 1 if report.failed or report.errors else 0


# ---- newsdesk target --------------------------------------------------------------------

def cmd_target(args: argparse.Namespace) -> int:
    from app.publish import secrets

    svc = _open().services
    actor = _actor(svc, args)
    ts = svc.targets
    if args.target_cmd == "list":
        rows = ts.list()
        if args.json:
            print(json.dumps([{"name": t.name, "kind": t.kind, "url": t.url, "username": t.username,
                               "enabled": t.enabled, "options": t.options} for t in rows], ensure_ascii=False,
                             indent=1))
            return 0
        have_keyring = secrets.available()
        for t in rows:
            if not have_keyring:
                secret = "无密钥环/no keyring"
            elif t.kind == "static":
                secret = "-"
            else:
                secret = "已设置/set" if secrets.get_secret(t.name) else "未设置/NOT SET"
            print(f"{t.name:16} {t.kind:9} {'启用' if t.enabled else '停用'}  {t.url:40} {t.username:12} "
                  f"密码/secret: {secret}")
        if not rows:
            print("没有发布目标 / no publishing targets (newsdesk target add …)")
        return 0
    if args.target_cmd == "add":
        t = ts.add(actor, args.name, args.kind, args.url, args.user or "", enabled=not args.disabled,
                   options=_options(args.option))
        print(f"已添加发布目标 / added target {t.name} ({t.kind}) {t.url}")
        if t.kind != "static":
            if args.secret_stdin:
                secrets.set_secret(t.name, _read_secret(args))
                print("密码已存入系统密钥环 / secret stored in the system keyring")
            else:
                print(f"下一步 / next: newsdesk target set-secret {t.name}")
        if args.backfill:
            print(f"已排队 / queued {ts.enqueue_published(actor, t.id)} 篇已发布稿件 / published articles")
        return 0
    if args.target_cmd == "set-secret":
        t = ts.by_name(args.name)
        secret = _read_secret(args)
        secrets.set_secret(t.name, secret)
        print(f"{t.name}: 密码已存入系统密钥环 / secret stored in the system keyring")
        return 0
    if args.target_cmd == "remove":
        t = ts.by_name(args.name)
        dropped = ts.delete(actor, t.id)
        try:
            secrets.delete_secret(t.name)
        except secrets.SecretStoreUnavailable:
            pass
        print(f"已删除 / removed {t.name}" + (f"；丢弃 {dropped} 个未送达任务 / dropped {dropped} queued jobs"
                                            if dropped else ""))
        return 0
    if args.target_cmd in ("enable", "disable"):
        t = ts.enable(actor, ts.by_name(args.name).id, args.target_cmd == "enable")
        print(f"{t.name}: {'已启用 / enabled' if t.enabled else '已停用 / disabled'}")
        return 0
    if args.target_cmd == "set":
        t = ts.by_name(args.name)
        opts = dict(t.options, **_options(args.option)) if args.option else None
        t2 = ts.update(actor, t.id, url=args.url, username=args.user, options=opts)
        print(f"{t2.name}: {t2.url} {t2.username} {t2.options}")
        return 0
    if args.target_cmd == "backfill":
        t = ts.by_name(args.name)
        print(f"已排队 / queued {ts.enqueue_published(actor, t.id)}")
        return 0
    if args.target_cmd == "test":
        t = ts.by_name(args.name)
        from app.publish.outbox import default_adapter

        adapter = default_adapter(svc)(t)
        try:
            print(f"{t.name}: 连接正常 / OK ({adapter.check()})")  # type: ignore[attr-defined]
        except Exception as exc:
            from app.publish.targets.base import DeliveryError

            if isinstance(exc, DeliveryError):
                print(f"newsdesk: {exc.message_zh}", file=sys.stderr)
                return 1
            raise
        finally:
            adapter.close()
        return 0
    return 2


# ---- newsdesk queue ---------------------------------------------------------------------

def cmd_queue(args: argparse.Namespace) -> int:
    from app.core.services.targets import job_state_label

    svc = _open().services
    actor = _actor(svc, args)
    if args.queue_cmd == "retry":
        j = svc.targets.retry(actor, args.job)
        print(f"#{j.id}: {job_state_label(j.display_state)}")
        return 0
    if args.queue_cmd == "cancel":
        j = svc.targets.cancel(actor, args.job)
        print(f"#{j.id}: {job_state_label(j.display_state)}")
        return 0
    states = tuple(args.state.split(",")) if args.state else None
    jobs = svc.targets.jobs(states=states, limit=args.limit)
    if args.json:
        print(json.dumps([{"id": j.id, "target": j.target_name, "article_id": j.article_id, "title": j.article_title,
                           "version": j.article_version, "action": j.action, "state": j.display_state,
                           "attempts": j.attempts, "next_attempt_at": j.next_attempt_at.isoformat()
                           if j.next_attempt_at else None, "error": j.error(_lang())} for j in jobs],
                         ensure_ascii=False, indent=1))
        return 0
    for j in jobs:
        err = f"  {j.error(_lang())}" if j.last_error and j.state != "done" else ""
        print(f"#{j.id:<6} {j.target_name:12} {j.action:8} {job_state_label(j.display_state):6} "
              f"试{j.attempts:<3} 稿件{j.article_id} v{j.article_version} 《{j.article_title}》{err}")
    return 0


# ---- newsdesk ninjs ---------------------------------------------------------------------

def cmd_ninjs(args: argparse.Namespace) -> int:
    from app.core.errors import ValidationError
    from app.publish.targets.ninjs import export_ninjs

    if not args.all and not args.ids:
        raise ValidationError("请给出稿件编号或 --all。", "Give article ids or --all.")
    svc = _open().services
    written = export_ninjs(svc, Path(args.out), None if args.all else args.ids)
    print(f"已写出 {len(written)} 个 ninjs 文件到 {args.out} / wrote {len(written)} ninjs files")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("push", help="deliver queued publications to portals and WordPress (drain the outbox)")
    p.add_argument("--target", metavar="NAME", help="only this publishing target")
    p.add_argument("--no-wait", action="store_true", help="do not wait for retries that are not due yet")
    p.add_argument("--max-wait", type=float, default=None, metavar="SECONDS",
                   help="stop waiting for back-off after this long")
    p.add_argument("--concurrency", type=int, default=2, help="articles delivered side by side (default 2)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("target", help="publishing targets (portal, wordpress, static)")
    ts = p.add_subparsers(dest="target_cmd", required=True)
    a = ts.add_parser("list")
    a.add_argument("--json", action="store_true")
    a = ts.add_parser("add")
    a.add_argument("name")
    a.add_argument("--kind", "--type", dest="kind", required=True, choices=["portal", "wordpress", "static"])
    a.add_argument("--url", required=True, help="portal API base URL, WordPress site URL, or static output folder")
    a.add_argument("--user", help="WordPress user the application password belongs to")
    a.add_argument("--option", "-o", action="append", metavar="KEY=VALUE",
                   help="timeout, withdraw=draft|trash, timezone, asset_base, max_attempts")
    a.add_argument("--disabled", action="store_true")
    a.add_argument("--secret-stdin", action="store_true", help="read the secret from standard input")
    a.add_argument("--backfill", action="store_true", help="queue every published article for it")
    a.add_argument("--as", dest="as_user")
    a = ts.add_parser("set-secret", help="store the token / application password in the system keyring")
    a.add_argument("name")
    a.add_argument("--secret-stdin", action="store_true")
    a = ts.add_parser("set")
    a.add_argument("name")
    a.add_argument("--url")
    a.add_argument("--user")
    a.add_argument("--option", "-o", action="append", metavar="KEY=VALUE")
    a.add_argument("--as", dest="as_user")
    for name in ("remove", "enable", "disable", "backfill", "test"):
        a = ts.add_parser(name)
        a.add_argument("name")
        a.add_argument("--as", dest="as_user")
    p.set_defaults(func=cmd_target)

    p = sub.add_parser("queue", help="the publish queue: list, retry, cancel")
    qs = p.add_subparsers(dest="queue_cmd", required=True)
    a = qs.add_parser("list")
    a.add_argument("--state", help="pending,failed,done,cancelled")
    a.add_argument("--limit", type=int, default=50)
    a.add_argument("--json", action="store_true")
    for name in ("retry", "cancel"):
        a = qs.add_parser(name)
        a.add_argument("job", type=int)
        a.add_argument("--as", dest="as_user")
    p.set_defaults(func=cmd_queue)

    p = sub.add_parser("ninjs", help="write IPTC ninjs 2.1 JSON files of articles")
    p.add_argument("ids", nargs="*", type=int, metavar="ID")
    p.add_argument("--all", action="store_true", help="every published article")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(func=cmd_ninjs)
