"""The service layer the GUI and the CLI share. Built once by app.bootstrap."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.core.db import Database
from app.core.services.admin import AdminService
from app.core.services.articles import ArticleService
from app.core.services.assets import AssetService
from app.core.services.notifications import AuditService, NotificationService
from app.core.services.review import ReviewService
from app.core.services.users import UserService

if TYPE_CHECKING:
    from app.core.media.library import MediaService
    from app.core.planning import PlanService
    from app.core.services.search import SearchService
    from app.core.services.targets import TargetService


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

    _lazy: dict[str, Any] = field(default_factory=dict, repr=False)

    # Services owned by other areas, built on first use (their modules import more).
    @property
    def search(self) -> SearchService:
        return self._get("search", "app.core.services.search", "SearchService")

    @property
    def targets(self) -> TargetService:
        return self._get("targets", "app.core.services.targets", "TargetService")

    @property
    def plans(self) -> PlanService:
        return self._get("plans", "app.core.planning", "PlanService")

    @property
    def media(self) -> MediaService:
        return self._get("media", "app.core.media.library", "MediaService")

    def _get(self, key: str, module: str, cls: str) -> Any:
        if key not in self._lazy:
            import importlib

            self._lazy[key] = getattr(importlib.import_module(module), cls)(self.db)
        return self._lazy[key]

    @classmethod
    def create(cls, db: Database) -> Services:
        return cls(db, UserService(db), AdminService(db), ArticleService(db), ReviewService(db),
                   AssetService(db), NotificationService(db), AuditService(db))
