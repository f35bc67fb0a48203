"""The publishing part of the desktop UI (issue 6): File → Export site… (chief editors and
admins), the Publish queue page (editors, chief editors, admins) and the background delivery
worker with its status-bar text (users allowed to publish: chief editors and admins).

``install(window)`` plugs it into the main window through its extension points (docs/ui.md) and
returns the :class:`Publishing` controller, kept on ``window.publishing``."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

WATCHED = ("outbox", "workflow", "article", "articles", "targets")


def can_export(actor: Any) -> bool:
    from app.core.domain import Role

    return actor.has(Role.CHIEF_EDITOR, Role.ADMIN)


def can_see_queue(actor: Any) -> bool:
    from app.core.domain import Role

    return actor.has(Role.EDITOR, Role.CHIEF_EDITOR, Role.ADMIN)


def can_deliver(actor: Any) -> bool:
    """Who runs the background delivery: those allowed to publish (chief editors) and admins."""
    from app.core.domain import Role

    return actor.has(Role.CHIEF_EDITOR, Role.ADMIN)


def install(window: Any, *, interval: float | None = None, start_worker: bool = True) -> Any:
    from app.ui.publishing.controller import Publishing

    pub = Publishing(window, interval=interval)
    window.publishing = pub
    pub.install(start_worker=start_worker)
    return pub


__all__ = ["install", "can_export", "can_see_queue", "can_deliver"]
