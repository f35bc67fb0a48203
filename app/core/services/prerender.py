"""Render an article's body into the render cache once an editor has saved or signed it
(issue #21), so the next export finds it rendered. Called by the services after their
transaction has committed — on the caller's thread, which for the GUI is the operation
runner's, never the UI thread. Best-effort: a failure is logged and never undoes the save."""

from __future__ import annotations

import logging

from app.core.db import Database

log = logging.getLogger(__name__)


def prerender_quietly(db: Database, article_id: int) -> None:
    try:
        from app.publish.render_store import prerender  # Markdown and nh3: only when needed

        prerender(db, [article_id])
    except Exception:  # noqa: BLE001 - the save is committed; a cache problem must not surface
        log.exception("pre-rendering article %s failed", article_id)
