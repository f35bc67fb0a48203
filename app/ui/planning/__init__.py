"""The planning desk (选题, issue 18): the board page, plugged into the main window through its
extension points like the editor's desk and publishing."""

from __future__ import annotations

from typing import Any


def install(window: Any) -> Any:
    """Add the planning board to ``window`` (kept on ``window.planning``)."""
    from app.core.planning import may_propose
    from app.ui.desk.common import tr
    from app.ui.planning.board import PlanBoard

    if not may_propose(window.actor):  # administrators without a newsroom role plan nothing
        return None
    board = PlanBoard(window.services, window.actor, window.ops, window)
    window.planning = board
    window.add_page("planning", tr("Story plans"), board)
    board.openArticle.connect(window.open_article)
    changed = getattr(window, "dataChanged", None)
    if changed is not None:
        changed.connect(board.on_change)
    board.start()
    return board


__all__ = ["install"]
