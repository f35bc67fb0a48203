"""The editor's desk (issue 5): review queue, review tools, diffs, comments, channel decisions,
scheduling, notifications, live updates, dashboard; administration dialogs live in app.ui.admin.

``install(window)`` plugs the desk into the main window through its extension points
(docs/ui.md): navigator entries, pages, editor panels, the review and admin menus. Each widget
also works standalone (services + actor in the constructor, no globals)."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

NAV_ICONS = {"review_queue": "mdi6.clipboard-check-outline", "approved": "mdi6.calendar-clock",
             "review": "mdi6.format-list-checks", "dashboard": "mdi6.chart-bar", "notifications": "mdi6.bell-outline"}


def _call(window: Any, name: str, *args: Any) -> Any:
    fn = getattr(window, name, None)
    if fn is None:
        log.warning("main window has no %s(); desk feature skipped", name)
        return None
    return fn(*args)


def _install_quality(window: Any, desk: Any) -> None:
    """The 差错率/工作量 page and the pre-sign checklist panel that follows the open article."""
    from app.ui.desk.common import tr
    from app.ui.desk.quality import PresignPanel, QualityPage

    desk.quality = QualityPage(window.services, window.actor, window.ops)
    _call(window, "add_page", "quality", tr("Quality"), desk.quality)
    desk.presign = PresignPanel(window.services, window.actor, window.ops)
    _call(window, "add_editor_panel", "presign", tr("Pre-sign checklist"), desk.presign)
    editor = _call(window, "current_editor")
    if editor is not None:
        editor.articleLoaded.connect(desk.presign.set_article)
        editor.articleSaved.connect(desk.presign.set_article)
    desk.articleChanged.connect(desk.presign.set_article)


def install(window: Any) -> Any:
    """Add the desk to ``window``; returns the Desk (kept on ``window.desk``)."""
    from PySide6.QtGui import QAction

    from app.core import rulebook
    from app.core.domain import Role
    from app.core.services.articles import ArticleQuery
    from app.ui.desk.common import fmt_time, newsroom_zone, tr
    from app.ui.desk.controller import Desk, StopOnClose

    services, actor, ops = window.services, window.actor, window.ops
    zone = newsroom_zone(services)
    desk = Desk(services, actor, ops, window)
    window.desk = desk
    StopOnClose(desk, window)

    if desk.editorial:
        steps = services.review.review_queue_steps(actor)
        _call(window, "add_navigator_entry", "review_queue", tr("Waiting for my review"),
              lambda: ArticleQuery(review_steps=list(steps), sort="updated_at", descending=False), "queue")
        _call(window, "add_navigator_entry", "approved", tr("Approved / scheduled"),
              lambda: ArticleQuery(statuses=sorted(rulebook.SIGNED), sort="scheduled_at",
                                   descending=False), "approved")
        if hasattr(window, "select_navigator"):  # an editor's day starts with what waits for them
            window.select_navigator("review_queue")
        _call(window, "add_page", "review", tr("Review queue"), desk.queue)
        _call(window, "add_page", "dashboard", tr("Dashboard"), desk.dashboard)
        _install_quality(window, desk)  # 编校质量 (issue #20): app/ui/desk/quality.py
    _call(window, "add_page", "notifications", tr("Notifications"), desk.notifications)
    for key, title, widget in desk.editor_panels():
        _call(window, "add_editor_panel", key, title, widget)

    # follow the editor
    editor = _call(window, "current_editor")
    if editor is not None:
        editor.articleLoaded.connect(desk.set_article)
        editor.articleSaved.connect(desk.set_article)
        editor.articleClosed.connect(lambda _id: desk.set_article(None))  # no panel describes a closed one
        lease_changed = getattr(editor, "leaseStateChanged", None)
        if lease_changed is not None:
            lease_changed.connect(lambda *_: desk.follow_article("lease"))
        desk.articleChanged.connect(lambda _a: window.current_editor().reload())

        def save_first() -> bool:
            ed = window.current_editor()
            if (ed is None or ed.article is None or ed.read_only or getattr(ed, "mode", "save") != "save"
                    or not ed.is_dirty()):
                return True  # a 更正 takes the editor's changes with it (pending_changes)
            return bool(ed.save_blocking())

        def correction_changes() -> dict:
            ed = window.current_editor()
            if ed is None or ed.article is None or getattr(ed, "mode", "") != "correct":
                return {}
            return dict(ed.changes())

        def hand_back(article_id: int) -> None:
            ed = window.current_editor()
            if ed is not None and ed.article is not None and ed.article.id == article_id:
                ed.close_article()  # saves nothing new (saved before), releases the lease

        def taken(a: Any) -> None:  # someone took the edit over: tell this desktop, stop its saves
            ed = window.current_editor()
            if (ed is not None and ed.article is not None and ed.article.id == a.id and not ed.read_only
                    and getattr(ed, "lease_mine", False)):
                since = fmt_time(a.lease_since, zone, with_date=False)
                ed.set_read_only(True, tr("%1 took over editing at %2. Your unsaved text stays on screen "
                                          "but cannot be saved over theirs.")
                                 .replace("%1", a.lease_user_name).replace("%2", since))

        desk.set_before_decision(save_first)
        if desk.review is not None:
            desk.review.pending_changes = correction_changes
            verdict = getattr(editor, "channelVerdict", None)
            if verdict is not None:
                verdict.connect(desk.review.show_verdict)
        desk.handedBack.connect(hand_back)
        desk.leaseHeldElsewhere.connect(taken)
    desk.openArticle.connect(window.open_article)
    desk.listsChanged.connect(lambda: _call(window, "refresh_lists"))
    changed = getattr(window, "dataChanged", None)
    if changed is not None:
        changed.connect(desk.on_local_change)
        # the window refreshes its lists on article-ish change sets; a poll or a reconnect may be any
        desk.live.changed.connect(lambda what, _id: changed.emit("article" if what in ("poll", "reconnected")
                                                                 else what))

    # navigator icons (after the first paint: qtawesome is slow to import) and the unread count
    from PySide6.QtCore import QTimer

    def decorate() -> None:
        from app.ui import icons

        for key, name in NAV_ICONS.items():
            item = _call(window, "nav_item", key) if hasattr(window, "nav_item") else None
            if item is not None:
                item.setIcon(icons.icon(name))

    if hasattr(window, "after_icons"):  # once the main window has imported qtawesome off the UI thread
        window.after_icons(decorate)
    else:
        QTimer.singleShot(0, decorate)

    def unread(n: int) -> None:
        item = window.nav_item("notifications") if hasattr(window, "nav_item") else None
        if item is not None:
            item.setText(tr("Notifications") + (f" ({n})" if n else ""))

    desk.notifications.unreadChanged.connect(unread)

    # menus
    review_menu = _call(window, "menu", "review") if desk.editorial else None
    if review_menu is not None and desk.review is not None:
        panel = desk.review
        mirrored = []
        for label, slot, button in (
                (tr("Sign current step"), panel.sign, panel.sign_btn),
                (tr("Return to reporter…"), panel.return_to_reporter, panel.return_btn),
                (tr("Return to earlier step…"), panel.return_to_step, panel.return_step_btn),
                (tr("Schedule…"), panel.schedule, panel.schedule_btn),
                (tr("Publish now"), panel.publish_now, panel.publish_btn),
                (tr("Publish correction…"), panel.correct, panel.correct_btn),
                (tr("Withdraw…"), panel.withdraw, panel.withdraw_btn),
                (tr("Take over editing"), panel.take_over, panel.take_over_btn)):
            act = QAction(label, review_menu)
            act.triggered.connect(lambda _=False, s=slot: s())
            act.setEnabled(button.isEnabled())
            review_menu.addAction(act)
            mirrored.append((act, button))

        def mirror() -> None:  # a menu item is usable exactly when its panel button is
            for act, button in mirrored:
                act.setEnabled(button.isEnabled())

        panel.stateChanged.connect(mirror)
    if Role.ADMIN in actor.roles:
        admin_menu = _call(window, "menu", "admin")
        if admin_menu is not None:
            from app.ui.admin import add_admin_actions

            add_admin_actions(admin_menu, services, actor, ops, window,
                              after=lambda: desk.on_remote_change("channels", 0))
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(desk.stop)
    return desk


__all__ = ["install"]
