"""Notifications and the audit log's read side."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Text, cast, func, select, text, update

from app.core.audit_chain import Break, Head, Row, walk
from app.core.clock import utcnow
from app.core.domain import Actor
from app.core.models import Article, AuditEntry, Comment, Notification
from app.core.services.base import Service
from app.core.workflow import check_admin


@dataclass
class NotificationData:
    id: int
    kind: str
    message: str
    article_id: int | None
    created_at: datetime
    read: bool


@dataclass
class AuditData:
    id: int
    at: datetime
    user_login: str
    action: str
    article_id: int | None
    detail: dict


@dataclass
class ChainCheck:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    problem: str = ""
    breaks: list[Break] = field(default_factory=list)  # every break, in log order
    head: Head | None = None  # the chain's head as found (what `audit head` writes)


class NotificationService(Service):
    def list(self, actor: Actor, unread_only: bool = False, limit: int = 200) -> list[NotificationData]:
        with self.db.read() as s:
            stmt = select(Notification).where(Notification.user_id == actor.id)
            if unread_only:
                stmt = stmt.where(Notification.read_at.is_(None))
            rows = s.scalars(stmt.order_by(Notification.id.desc()).limit(limit))
            return [NotificationData(n.id, n.kind, n.message, n.article_id, n.created_at, n.read_at is not None)
                    for n in rows]

    def unread_count(self, actor: Actor) -> int:
        with self.db.read() as s:
            return s.scalar(select(func.count()).select_from(Notification).where(
                Notification.user_id == actor.id, Notification.read_at.is_(None))) or 0

    def mark_read(self, actor: Actor, ids: builtins.list[int] | None = None) -> None:
        with self.db.session() as s:
            stmt = update(Notification).where(Notification.user_id == actor.id, Notification.read_at.is_(None))
            if ids is not None:
                stmt = stmt.where(Notification.id.in_(ids))
            s.execute(stmt.values(read_at=utcnow()))

    def change_token(self, actor: Actor) -> tuple:
        """A cheap fingerprint of what lists show; SQLite desks poll it to refresh live."""
        with self.db.read() as s:
            return (s.scalar(select(func.max(Article.updated_at))),
                    s.scalar(select(func.count()).select_from(Article)),
                    s.scalar(select(func.max(Article.lease_expires_at))),
                    s.scalar(select(func.max(Notification.id)).where(Notification.user_id == actor.id)),
                    s.scalar(select(func.max(Comment.id))))


class AuditService(Service):
    def list(self, actor: Actor, action: str | None = None, user_login: str | None = None,
             article_id: int | None = None, offset: int = 0, limit: int = 200) -> list[AuditData]:
        check_admin(actor)
        self.seal()
        with self.db.read() as s:
            stmt = select(AuditEntry)
            if action:
                stmt = stmt.where(AuditEntry.action == action)
            if user_login:
                stmt = stmt.where(AuditEntry.user_login == user_login)
            if article_id is not None:
                stmt = stmt.where(AuditEntry.article_id == article_id)
            rows = s.scalars(stmt.order_by(AuditEntry.id.desc()).offset(offset).limit(limit))
            return [AuditData(e.id, e.at, e.user_login, e.action, e.article_id, e.detail) for e in rows]

    def seal(self) -> None:
        """PostgreSQL: chain the entries still pending (appended while another transaction held
        the chain's head); a no-op on SQLite or where this account may not."""
        if self.db.dialect != "postgresql":
            return
        with self.db.session() as s:
            can = s.execute(text("SELECT coalesce(has_function_privilege("
                                 "to_regprocedure('public.newsdesk_audit_seal()')::oid, 'EXECUTE'), false)")).scalar()
            if can:
                s.execute(text("SELECT public.newsdesk_audit_seal()"))

    def server_head(self) -> Head | None:
        """The head the PostgreSQL server keeps (``audit_head``), where this account may read it."""
        if self.db.dialect != "postgresql":
            return None
        with self.db.read() as s:
            readable = s.execute(text("SELECT to_regclass('public.audit_head') IS NOT NULL AND "
                                      "has_table_privilege('public.audit_head', 'SELECT')")).scalar()
            if not readable:
                return None
            row = s.execute(text("SELECT n, last_id, hash FROM public.audit_head")).first()
            return Head(int(row[0]), int(row[1]), str(row[2])) if row else None

    def verify(self, anchor: Head | None = None) -> ChainCheck:
        """Walk the chain: each entry's hash covers its content and its predecessor's hash.
        Every break is listed (``breaks``); with an anchor (see `audit head`) a truncated or
        rebuilt log is found too."""
        self.seal()
        cols = (AuditEntry.id, AuditEntry.at, AuditEntry.user_id, AuditEntry.user_login, AuditEntry.action,
                AuditEntry.article_id, cast(AuditEntry.detail, Text), AuditEntry.prev_hash, AuditEntry.hash)
        with self.db.read() as s:
            rows = (Row(*r) for r in s.execute(select(*cols).order_by(AuditEntry.id)
                                                .execution_options(yield_per=2000)))
            w = walk(rows, anchor, self.server_head())
        first = next((b for b in w.breaks), None)
        return ChainCheck(w.ok, w.count, first.id if first else None, first.en if first else "", w.breaks, w.head)

    def head(self) -> Head:
        """The chain's head after a full check (an anchor is only worth keeping for a sound chain)."""
        return self.verify().head or Head(0, 0, "")
