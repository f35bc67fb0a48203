"""The service layer the GUI and the CLI share. Built once by app.bootstrap."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.db import Database
from app.core.services.admin import AdminService
from app.core.services.articles import ArticleService
from app.core.services.assets import AssetService
from app.core.services.notifications import AuditService, NotificationService
from app.core.services.review import ReviewService
from app.core.services.users import UserService


@dataclass
class Services:
    db: Database
    users: UserService
    admin: AdminService
    articles: ArticleService
    review: ReviewService
    assets: AssetService
    notifications: NotificationService
    audit: AuditService

    @classmethod
    def create(cls, db: Database) -> Services:
        return cls(db, UserService(db), AdminService(db), ArticleService(db), ReviewService(db),
                   AssetService(db), NotificationService(db), AuditService(db))
