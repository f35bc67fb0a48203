"""Notifications and the audit log's read side."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from app.core.clock import utcnow
from app.core.domain import Actor
from app.core.models import Article, AuditEntry, Comment, Notification
from app.core.services.base import Service, entry_hash
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

    def verify(self) -> ChainCheck:
        """Walk the chain: each entry's hash covers its content and its predecessor's hash."""
        prev = ""
        n = 0
        with self.db.read() as s:
            for e in s.execute(select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000)).scalars():
                n += 1
                if e.prev_hash != prev:
                    return ChainCheck(False, n, e.id, "prev_hash does not match the entry before")
                if entry_hash(e) != e.hash:
                    return ChainCheck(False, n, e.id, "content does not match its hash")
                prev = e.hash
        return ChainCheck(True, n)
