"""What the read-only banner says about an article the user may not edit: its state now, not
the reason a submitted one is locked (a reporter's published article is not 等待编辑处理). The
decision itself is the core's (app.core.workflow / the rulebook); this only words it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core import rulebook
from app.core.domain import ArticleData, Status


def read_only_reason(a: ArticleData, refused: str) -> str:
    """The banner for ``a``; ``refused`` is the core's own message (kept for the states in review)."""
    if a.status == Status.PUBLISHED:
        return QCoreApplication.translate(
            "EditorWidget", "Published. To change it, ask an editor to publish a correction (更正).")
    if a.status == Status.WITHDRAWN:
        return QCoreApplication.translate("EditorWidget", "Withdrawn (撤稿): it can no longer be changed.")
    if a.status in rulebook.SIGNED:
        return QCoreApplication.translate(
            "EditorWidget", "Signed off and waiting to be published: it can no longer be changed here.")
    return refused
