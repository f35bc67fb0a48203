"""One launch, many users: the session owns the open database and the main window of whoever is
logged in. 退出登录 / 切换用户 (File → Log out / switch user…) saves the open article (or asks),
closes the window — its desk's listener, timers and delivery worker stop with it, its layout is
saved — and shows the login dialog; the next user's desk opens in the same process, in the same
place and size. On a newsroom server with a login role per staff member the old connection is
closed and the next user connects as themself; otherwise the open database is kept."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from app.core.settings import Settings
from app.ui.login import LoginDialog

log = logging.getLogger(__name__)


class Session(QObject):
    """``windowChanged(window)``: a user logged in and their main window is shown.
    ``loggedOut(login)``: that user's window closed and the login dialog is showing."""

    windowChanged = Signal(object)
    loggedOut = Signal(str)

    def __init__(self, opened: Any, settings: Settings, opener: Callable[[Settings], Any] | None = None,
                 first_run: Callable[[Any, QWidget], str | None] | None = None,
                 quit_when_cancelled: bool = True) -> None:
        super().__init__()
        self.opened = opened
        self.settings = settings
        self.opener = opener
        self.first_run = first_run
        self.quit_when_cancelled = quit_when_cancelled
        self.window: Any = None
        self.login: LoginDialog | None = None

    @property
    def staff_logins(self) -> bool:
        url = self.settings.effective_database_url
        return bool(self.settings.staff_logins) and url.startswith("postgresql")

    def start(self, actor: Any, audit_gate: threading.Event | None = None) -> Any:
        """Open ``actor``'s main window (the desks install themselves) and show it. ``audit_gate``
        (LoginDialog.audit_gate) is set once the window shows its first list page: the login's
        audit entry is written then, not while the window is being built."""
        from app.ui import i18n
        from app.ui.main_window import MainWindow

        app = QApplication.instance()
        if app is not None and app.property("newsdesk_language") != i18n.normalise(self.settings.language):
            i18n.install(app, self.settings.language)  # View → Language takes effect at the next log-in
        w = MainWindow(self.opened.services, actor, self.settings)
        w.logOutRequested.connect(self.log_out)
        w.switchUserRequested.connect(lambda login: self.log_out(next_login=login))
        self.window = w
        if audit_gate is not None:
            w.list_model.loaded.connect(lambda _n: audit_gate.set())
            w.destroyed.connect(lambda *_a: audit_gate.set())
        w.show()
        self.windowChanged.emit(w)
        return w

    def log_out(self, next_login: str = "") -> bool:
        """Close the current user's window (saving or asking about unsaved text first) and show
        the login dialog — for ``next_login`` (File → Switch user), their password asked at once.
        False when the user chose to stay (Cancel on unsaved changes)."""
        w = self.window
        if w is None:
            return False
        w.remember_open_article()
        if not w.editor.close_article(ask=True):
            return False
        login = w.actor.login
        dlg = LoginDialog(self.settings, None if self.staff_logins else self.opened,
                          self.opener, self.first_run)
        dlg.defer_audit = True
        dlg.user.setText(next_login)  # a hand-over: the next person, or a blank for them to fill
        (dlg.password if next_login else dlg.user).setFocus()
        dlg.show_error(QCoreApplication.translate("Session", "%1 logged out. Who is next?")
                       .replace("%1", w.actor.real_name))
        dlg.error.setStyleSheet("")  # an information, not an error
        dlg.accepted.connect(lambda: self._logged_in(dlg))
        dlg.rejected.connect(self._cancelled)
        self.login = dlg
        dlg.show()  # before the window closes: the application does not quit in between
        geo = w.frameGeometry()
        dlg.move(geo.center() - dlg.rect().center())
        w.close()  # saves the layout, stops the desk, waits for its operations
        w.deleteLater()
        self.window = None
        if self.staff_logins:  # the connection was this staff member's own role
            self._dispose(self.opened)
            self.opened = None
        self.loggedOut.emit(login)
        return True

    def _logged_in(self, dlg: LoginDialog) -> None:
        if dlg.opened is not self.opened and self.opened is not None:
            self._dispose(self.opened)  # another database was chosen at the login
        self.opened = dlg.opened
        self.login = None
        dlg.deleteLater()
        self.start(dlg.actor, dlg.audit_gate)

    def _cancelled(self) -> None:
        self.login = None
        if self.quit_when_cancelled:
            QTimer.singleShot(0, QApplication.quit)

    @staticmethod
    def _dispose(opened: Any) -> None:
        try:
            opened.services.db.dispose()
        except Exception:  # noqa: BLE001 - closing a connection that is already gone
            log.debug("dispose failed", exc_info=True)
