"""`newsdesk search TERMS …` and `newsdesk reindex`."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time


def _open():  # type: ignore[no-untyped-def]
    from app.bootstrap import open_database

    return open_database()


def _plain(snippet_html: str) -> str:
    """The snippet for a terminal: the hits in 【】, entities decoded."""
    import html

    s = snippet_html.replace("<mark>", "【").replace("</mark>", "】")
    return html.unescape(re.sub(r"<[^>]+>", "", s))


def _actor(svc, login: str | None):  # type: ignore[no-untyped-def]
    from app.core.domain import Actor, Role

    if login:
        return svc.users.actor_by_login(login)
    # the command line is an administrator's tool: it sees every article
    return Actor(0, "cli", "命令行", frozenset({Role.EDITOR, Role.CHIEF_EDITOR}))


def _channel_id(svc, value: str | None) -> int | None:  # type: ignore[no-untyped-def]
    if value is None:
        return None
    from app.core.errors import NotFound

    for c in svc.admin.channels():
        if value in (str(c.id), c.slug, c.name):
            return c.id
    raise NotFound(f"没有栏目“{value}”。", f"No channel “{value}”.")


def cmd_search(args: argparse.Namespace) -> int:
    from datetime import date

    from app.core.domain import Status
    from app.core.errors import ValidationError

    svc = _open().services
    who = _actor(svc, args.as_user)
    try:
        statuses = [Status(s) for s in args.status] if args.status else None
    except ValueError:
        raise ValidationError(
            f"状态只能是：{', '.join(s.value for s in Status)}",
            f"A status is one of: {', '.join(s.value for s in Status)}") from None
    author_id = svc.users.actor_by_login(args.author).id if args.author else None
    try:
        dfrom = date.fromisoformat(args.since) if args.since else None
        dto = date.fromisoformat(args.until) if args.until else None
    except ValueError:
        raise ValidationError("日期格式应为 YYYY-MM-DD。", "Dates are YYYY-MM-DD.") from None
    t0 = time.perf_counter()
    page = svc.search.search(who, " ".join(args.terms), statuses=statuses,
                             channel_id=_channel_id(svc, args.channel), author_id=author_id,
                             date_from=dfrom, date_to=dto, offset=args.offset, limit=args.limit)
    ms = (time.perf_counter() - t0) * 1000
    if args.json:
        print(json.dumps({
            "total": page.total, "total_exact": page.total_exact, "pending": page.pending,
            "hits": [{"id": h.id, "title": h.title, "snippet_html": h.snippet_html,
                      "snippet": _plain(h.snippet_html), "status": h.status.value,
                      "updated_at": h.updated_at.isoformat(), "score": h.score,
                      "author": h.author_name} for h in page.hits],
        }, ensure_ascii=False, indent=1))
        return 0
    more = "" if page.total_exact else "+"
    print(f"共 {page.total}{more} 篇 / {page.total}{more} found ({ms:.0f} ms)")
    if page.pending:
        print(f"（索引尚有 {page.pending} 篇待更新，运行 newsdesk reindex / "
              f"{page.pending} changes not indexed yet: run newsdesk reindex）", file=sys.stderr)
    for h in page.hits:
        print(f"{h.id:>7}  {h.title}  [{h.status.value}]")
        print(f"         {_plain(h.snippet_html)}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from app.core.search import index as idx

    svc = _open().services
    db = svc.db
    if args.check:
        st = idx.state(db)
        found = idx.check(db, deep=True)
        after = idx.state(db)
        print(f"文章 / articles {st.articles}, 已索引 / indexed {st.indexed}, "
              f"待处理 / queued {after.queued}: {found}")
        if after.queued == 0:
            return 0
    t0 = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    if args.check:
        idx.catch_up(db, progress=progress)
        n = idx.state(db).indexed
    else:
        n = idx.rebuild(db, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    size = idx.index_size(db)
    extra = f", {size / 1e6:.1f} MB" if size else ""
    print(f"索引已重建 / index rebuilt: {n} 篇 / articles in {time.perf_counter() - t0:.1f} s{extra}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="full-text search: prints id, headline and snippet")
    p.add_argument("terms", nargs="+", help="terms, all required (社区 安宁区 5G …)")
    p.add_argument("--status", action="append", help="draft, submitted, published … (repeatable)")
    p.add_argument("--channel", help="channel id, slug or name (secondary channels count)")
    p.add_argument("--author", help="the reporter's login")
    p.add_argument("--since", help="changed on or after this day (YYYY-MM-DD)")
    p.add_argument("--until", help="changed on or before this day (YYYY-MM-DD)")
    p.add_argument("--as", dest="as_user", help="search as this user (their visibility)")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("reindex", help="rebuild the full-text search index")
    p.add_argument("--check", action="store_true",
                   help="verify every entry and index only what is missing or stale")
    p.set_defaults(func=cmd_reindex)
