"""The composition root: settings → database → services. The GUI and the CLI both start here."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.core.db import Database
from app.core.errors import DatabaseError
from app.core.services import Services
from app.core.settings import Settings, load_settings

log = logging.getLogger(__name__)


@dataclass
class Opened:
    services: Services
    settings: Settings
    created: bool  # the database was empty and has just been created
    backup: Path | None  # the copy taken before an upgrade


def open_database(settings: Settings | None = None, *, upgrade: bool | None = None) -> Opened:
    """Open the configured database, creating or upgrading an embedded one as needed.

    A newsroom PostgreSQL is upgraded only when ``upgrade`` is True (an admin's
    `newsdesk db upgrade`); desktops get a clear message instead."""
    settings = settings or load_settings()
    db = Database(settings.effective_database_url)
    state = db.check_version()  # raises DatabaseTooNew
    if upgrade is None:
        upgrade = db.dialect == "sqlite"
    backup = None
    if state != "ok":
        if not upgrade:
            raise DatabaseError(
                "新闻室数据库需要由管理员升级（newsdesk db upgrade）后才能使用。",
                "The newsroom database must be upgraded by an administrator (newsdesk db upgrade).",
            )
        if db.dialect == "sqlite" and state == "ok":
            pass
        backup = db.upgrade(backup=True)
    svc = Services.create(db)
    created = False
    if state == "empty":
        from app.core.seed import seed_newsroom

        created = seed_newsroom(svc)
    elif db.dialect == "sqlite":
        result = db.quick_check()
        if result != "ok":
            raise DatabaseError(
                f"数据库文件已损坏（{result}）。请用 newsdesk restore 从备份恢复。",
                f"The database file is damaged ({result}). Restore a backup with newsdesk restore.",
            )
    return Opened(svc, settings, created, backup)
