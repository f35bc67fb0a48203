"""Shared plumbing of the services: the audit chain, notifications, change signals and the
row → dataclass conversions."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Text, insert, literal, select, text
from sqlalchemy.orm import Session

from app.core.audit_chain import detail_text, hash_v2
from app.core.clock import utcnow
from app.core.db import Database
from app.core.domain import Actor
from app.core.models import AuditEntry, Notification


class Service:
    def __init__(self, db: Database) -> None:
        self.db = db


def audit(s: Session, actor: Actor | None, action: str, article_id: int | None = None,
          **detail: Any) -> None:
    """Append to the hash-chained audit log inside the caller's transaction. On PostgreSQL the
    server writes the entry (id, time, login, prev_hash, hash) through its one append function:
    nobody, not even this program, writes audit_log rows directly."""
    text_detail = detail_text(_jsonable(detail))
    uid, login = (actor.id, actor.login) if actor else (None, "system")
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT public.newsdesk_audit_append(:a, :art, :d, :u, :l)"),
                  {"a": action, "art": article_id, "d": text_detail, "u": uid, "l": login})
        return
    last = s.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    prev_id, prev = (last[0], last[1]) if last else (0, "")
    now = utcnow()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # ms: identical on both engines
    new_id = prev_id + 1
    s.execute(insert(AuditEntry).values(
        id=new_id, at=now, user_id=uid, user_login=login, action=action, article_id=article_id,
        detail=literal(text_detail, Text()), prev_hash=prev,
        hash=hash_v2(new_id, now, uid, login, action, article_id, text_detail, prev)))


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    from app.core.text.clean import normalise_value  # before the hash seals it (clean.SEALED_TABLES)

    return normalise_value(json.loads(json.dumps(d, ensure_ascii=False, default=str)))  # type: ignore[no-any-return]


def notify(s: Session, user_ids: set[int] | list[int], kind: str, message: str,
           article_id: int | None = None, exclude: int | None = None) -> None:
    for uid in set(user_ids):
        if uid is None or uid == exclude:
            continue
        s.add(Notification(user_id=uid, article_id=article_id, kind=kind, message=message))


def signal_change(s: Session, what: str, ident: int | None = None) -> None:
    """Tell other desktops something changed (PostgreSQL LISTEN/NOTIFY; delivered on commit).
    SQLite desktops poll cheaply instead."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_notify('newsdesk', :p)"), {"p": f"{what}:{ident or ''}"})


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None
