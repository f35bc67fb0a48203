"""Import a file or a pasted page as a new draft. Plain Python: runs on the writer lane."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.domain import Actor, ArticleData
from app.core.errors import NewsdeskError
from app.core.importers.draft import create_draft

if TYPE_CHECKING:
    from app.core.services import Services


def as_user_error(exc: BaseException) -> BaseException:
    """ImportFailed (the importers' own error) as a NewsdeskError the UI knows how to show."""
    from app.core.importers import ImportFailed

    if isinstance(exc, ImportFailed):
        return NewsdeskError(exc.message_zh, exc.message_en)
    return exc


def create_from_file(services: Services, actor: Actor, path: str, job: Any = None) -> ArticleData:
    from app.core.importers import import_file

    if job is not None:
        job.progress(0, 0, Path(path).name)
    imp = import_file(path)
    if job is not None:
        job.check()
    return create_draft(services, actor, imp)


def create_from_text(services: Services, actor: Actor, text: str) -> ArticleData:
    """A portal page's text (headline, source and time line, body, byline) as a new draft."""
    from app.core.importers import import_bytes

    imp = import_bytes(text.encode("utf-8"), "")
    return create_draft(services, actor, imp)
