"""`newsdesk plan …`: the planning desk (选题) on the command line — the same PlanService and
the same rulebook (app/core/planning.py) as the board."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any


def _services():  # type: ignore[no-untyped-def]
    from app.bootstrap import open_database

    return open_database().services


def _zone(svc: Any) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(svc.admin.setting("timezone") or "Asia/Shanghai")


def _deadline(svc: Any, text: str | None) -> datetime | None:
    """'2026-12-08 18:00' in the newsroom's time zone → aware UTC."""
    if not text:
        return None
    from app.core.errors import ValidationError

    try:
        local = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"截稿时间格式不对：{text}（应为 2026-12-08 18:00）。",
                              f"Not a deadline: {text} (use 2026-12-08 18:00).") from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=_zone(svc))
    return local.astimezone(UTC)


def _people(svc: Any, specs: list[str]) -> list[tuple[int, str]]:
    """'wangzd:记者' → (user id, role); the role defaults to 记者."""
    out = []
    for spec in specs:
        login, _, role = spec.partition(":")
        out.append((svc.users.actor_by_login(login).id, role or "记者"))
    return out


def _row(p: Any, lang: str) -> dict[str, Any]:
    from app.core.planning import status_label

    return {"id": p.id, "date": p.planned_date.isoformat(), "status": p.status,
            "status_label": status_label(p.status, lang), "title": p.title, "channel": p.channel_name,
            "deadline": p.deadline.isoformat() if p.deadline else None, "priority": p.priority,
            "proposer": p.proposer_name, "people": [[a.real_name, a.role] for a in p.assignees],
            "stories": [[s.article_id, s.kind, s.status] for s in p.stories], "reason": p.reason}


def cmd_plan(args: argparse.Namespace) -> int:
    from app.cli import _lang
    from app.core.planning import PlanQuery

    svc = _services()
    me = svc.users.actor_by_login(args.as_user)
    plans = svc.plans
    lang = _lang()
    c = args.plan_cmd
    if c == "add":
        channel = None
        if args.channel:
            by_name = {ch.name: ch.id for ch in svc.admin.channels()}
            if args.channel not in by_name:
                from app.core.errors import NotFound

                raise NotFound(f"没有频道「{args.channel}」。", f"No channel '{args.channel}'.")
            channel = by_name[args.channel]
        p = plans.propose(me, args.title, args.date, angle=args.angle or "", channel_id=channel,
                          expected_chars=args.chars, priority=args.priority,
                          deadline=_deadline(svc, args.deadline))
        print(p.id)
        return 0
    if c == "list":
        start = date.fromisoformat(args.week) if args.week else None
        q = PlanQuery(start=start, end=start + timedelta(days=6) if start else None,
                      statuses=tuple(args.status.split(",")) if args.status else (),
                      user_id=svc.users.actor_by_login(args.person).id if args.person else None,
                      text=args.text or "")
        rows = [_row(p, lang) for p in plans.list(me, q)]
        if args.json:
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
            print()
        else:
            for r in rows:
                people = "、".join(f"{n}({role})" for n, role in r["people"])
                print(f"{r['id']:>5} {r['date']} {r['status_label']:<4} {r['title']}  {r['channel']}  {people}")
        return 0
    if c == "show":
        p = plans.get(me, args.id)
        row = _row(p, lang) | {"angle": p.angle, "actions": p.actions,
                               "notes": [[n.author, n.kind, n.body] for n in plans.notes(me, p.id)]}
        json.dump(row, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if c in ("shortlist", "approve"):
        getattr(plans, c)(me, args.id)
    elif c in ("reject", "cancel"):
        getattr(plans, c)(me, args.id, args.reason)
    elif c == "assign":
        plans.assign(me, args.id, _people(svc, args.people), deadline=_deadline(svc, args.deadline))
    elif c == "move":
        p = plans.get(me, args.id)
        plans.update(me, args.id, {"planned_date": args.date}, p.version)
    elif c == "comment":
        plans.comment(me, args.id, args.text, kind="link" if args.link else "comment")
    elif c == "draft":
        print(plans.start_story(me, args.id, kind=args.kind, articles=svc.articles))
        return 0
    elif c == "remind":
        print(plans.remind())
        return 0
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="选题: propose, approve, assign and follow story plans")
    p.add_argument("--as", dest="as_user", required=True, help="the staff member acting")
    ps = p.add_subparsers(dest="plan_cmd", required=True)
    a = ps.add_parser("add", help="propose a story (报题)")
    a.add_argument("title")
    a.add_argument("--date", required=True, help="planned date, 2026-12-08")
    a.add_argument("--angle", help="angle and notes")
    a.add_argument("--channel", help="channel name, e.g. 泾川新闻")
    a.add_argument("--deadline", help="2026-12-08 18:00, newsroom time")
    a.add_argument("--chars", type=int, default=0, help="expected 字数")
    a.add_argument("--priority", type=int, default=0, choices=[0, 1, 2])
    lst = ps.add_parser("list")
    lst.add_argument("--week", help="the week starting on this date")
    lst.add_argument("--status", help="comma list: proposed,pending,approved,in_progress,drafted,…")
    lst.add_argument("--person", help="login of a proposer or assignee")
    lst.add_argument("--text", help="words in the title or angle")
    lst.add_argument("--json", action="store_true")
    for name in ("show", "shortlist", "approve"):
        ps.add_parser(name).add_argument("id", type=int)
    for name in ("reject", "cancel"):
        r = ps.add_parser(name)
        r.add_argument("id", type=int)
        r.add_argument("--reason", required=True)
    g = ps.add_parser("assign")
    g.add_argument("id", type=int)
    g.add_argument("people", nargs="+", help="login[:role], role one of 记者 摄影 通讯员 特约记者 实习生")
    g.add_argument("--deadline")
    m = ps.add_parser("move", help="move to another day")
    m.add_argument("id", type=int)
    m.add_argument("date")
    cm = ps.add_parser("comment")
    cm.add_argument("id", type=int)
    cm.add_argument("text")
    cm.add_argument("--link", action="store_true", help="the text is a link")
    d = ps.add_parser("draft", help="open a draft from an assignment; prints the article id")
    d.add_argument("id", type=int)
    d.add_argument("--kind", default="文字稿")
    ps.add_parser("remind", help="notify assignees of plans due soon or overdue")
    p.set_defaults(func=cmd_plan)
