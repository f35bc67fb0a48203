"""Shared plumbing of the services: the audit chain, notifications, change signals and the
row → dataclass conversions."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.core.db import Database
from app.core.domain import Actor
from app.core.models import AuditEntry, Notification


class Service:
    def __init__(self, db: Database) -> None:
        self.db = db


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "at": entry.at.isoformat() if entry.at else "",
        "user_id": entry.user_id,
        "user_login": entry.user_login,
        "action": entry.action,
        "article_id": entry.article_id,
        "detail": entry.detail,
        "prev": entry.prev_hash,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def audit(s: Session, actor: Actor | None, action: str, article_id: int | None = None,
          **detail: Any) -> AuditEntry:
    """Append to the hash-chained audit log inside the caller's transaction."""
    if s.get_bind().dialect.name == "postgresql":
        # serialise appenders so the chain never forks
        s.execute(text("SELECT pg_advisory_xact_lock(815001)"))
    prev = s.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or ""
    now = utcnow()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # ms: identical on both engines
    entry = AuditEntry(
        at=now, user_id=actor.id if actor else None, user_login=actor.login if actor else "system",
        action=action, article_id=article_id, detail=_jsonable(detail), prev_hash=prev,
    )
    entry.hash = entry_hash(entry)
    s.add(entry)
    s.flush()
    return entry


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
