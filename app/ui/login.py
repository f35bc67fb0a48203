"""The login dialog: user, password and database, remembering the last user and database."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import NewsdeskError
from app.core.settings import Settings, save_settings

if TYPE_CHECKING:
    from app.core.services import Services

log = logging.getLogger(__name__)

EMBEDDED = ""  # the database_url meaning "the embedded database on this computer"


def ui_language() -> str:
    from app.ui.ops import ui_language as lang  # imported on use: the dialog paints first

    return lang()


def open_or_error(settings: Settings, opener: Callable[[Settings], Any]) -> tuple[Any, str]:
    """(opened, "") or (None, message in the user's language): never a traceback."""
    try:
        return opener(settings), ""
    except NewsdeskError as exc:
        return None, exc.message(ui_language())
    except Exception as exc:  # noqa: BLE001 - a driver's own error is still the user's database problem
        log.exception("cannot open the database")
        return None, _cannot_open(exc)


def _cannot_open(exc: BaseException) -> str:
    return f"无法打开数据库：{exc}" if ui_language() == "zh" else f"Cannot open the database: {exc}"


def staff_login(settings: Settings, login: str, password: str,
                opener: Callable[[Settings, tuple[str, str]], Any] | None = None) -> tuple[Any, Any, str]:
    """Newsroom mode with per-staff database roles (worker thread): open the database as the
    staff member with the password typed, then log in. (opened, actor, "") or (None, None, message)."""
    opened, msg = open_or_error(settings, lambda st: (opener or _open_as_staff)(st, (login, password)))
    if opened is None:
        return None, None, msg
    try:
        return opened, opened.services.users.authenticate(login, password), ""
    except NewsdeskError as exc:
        opened.services.db.dispose()
        return None, None, exc.message(ui_language())
    except Exception as exc:  # noqa: BLE001 - a driver error mid-login is still a message, not a crash
        log.exception("login failed")
        opened.services.db.dispose()
        return None, None, _cannot_open(exc)


class LoginDialog(QDialog):
    """Accepts with ``self.opened`` (app.bootstrap.Opened) and ``self.actor`` set.

    With ``settings.staff_logins`` (newsroom PostgreSQL with a login role per staff member) the
    database is opened only when Log in is pressed, as that staff member, on a worker thread:
    ``try_login`` returns False at once and the dialog accepts (or shows the error) when done."""

    def __init__(self, settings: Settings, opened: Any = None, opener: Callable[[Settings], Any] | None = None,
                 first_run: Callable[[Any, QWidget], str | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.opened = opened
        self.actor: Any = None
        self._opener = opener or _open_database
        self._first_run = first_run
        self._opened_url = settings.database_url if opened is not None else None
        self.wait_for_open: Callable[[], None] | None = None
        self.users_known = False  # the database has users (known from opening it, off this thread)
        self._staff_runner: Any = None  # app.ui.ops.OpRunner, made on the first staff login
        self.staff_login_running = False
        self._closed = False
        # set by the caller that opens a main window after this dialog (app.ui.app, Session): the
        # login's audit entry then waits until that window shows its first list page (audit_gate)
        self.defer_audit = False
        self.audit_gate: threading.Event | None = None
        self.setWindowTitle(self.tr("NewsDesk — Log in"))
        self.setObjectName("LoginDialog")
        lay = QVBoxLayout(self)
        # plain text in a bigger bold font: a rich-text <h2> costs ≈ 6 ms before the first paint
        head = QLabel(self.tr("NewsDesk 采编台"))
        font = QFont(head.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        head.setFont(font)
        # Qt.AlignCenter (0x84) through the property system: touching the Qt namespace builds all of
        # its enums (≈ 12 ms), which the first paint does not need
        head.setProperty("alignment", 0x84)
        lay.addWidget(head)
        form = QFormLayout()
        self.user = QLineEdit(settings.last_login)
        self.user.setObjectName("loginUser")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.database = QComboBox()
        self.database.setObjectName("loginDatabase")
        self.database.setEditable(True)
        self.database.addItem(self.tr("This computer (embedded)"), EMBEDDED)
        recent = [u for u in settings.extra.get("recent_databases", []) if u]
        if settings.database_url and settings.database_url not in recent:
            recent.insert(0, settings.database_url)
        for url in recent:
            self.database.addItem(_display(url), url)
        i = self.database.findData(settings.database_url or EMBEDDED)
        self.database.setCurrentIndex(max(i, 0))
        self.database.setToolTip(self.tr("The embedded database, or a newsroom server "
                                         "(postgresql://user@host/db)"))
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Database"), self.database)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c62828")
        self.error.hide()
        lay.addWidget(self.error)
        # our own buttons, not StandardButtons: those look up themed icons (≈ 12 ms before the first paint)
        box = QDialogButtonBox()
        self.ok = box.addButton(self.tr("Log in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("loginButton")
        self.ok.setDefault(True)
        box.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.try_login)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        (self.password if settings.last_login else self.user).setFocus()
        self.resize(440, 0)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def database_url(self) -> str:
        i = self.database.currentIndex()
        text = self.database.currentText().strip()
        if i >= 0 and self.database.itemText(i) == text:
            return str(self.database.itemData(i) or "")
        return text

    def staff_logins(self) -> bool:
        """Connect as the staff member (not with the URL's own account)? Only for a newsroom server."""
        url = replace(self.settings, database_url=self.database_url()).effective_database_url
        return bool(self.settings.staff_logins) and url.startswith("postgresql")

    def try_login(self) -> bool:
        url = self.database_url()
        self.show_error("")
        if self.staff_logins():
            self._start_staff_login(url)
            return False
        from PySide6.QtCore import Qt

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.wait_for_open is not None:  # the database is still opening in the background
                wait, self.wait_for_open = self.wait_for_open, None
                wait()
            if self.opened is None or url != self._opened_url:
                opened, msg = open_or_error(replace(self.settings, database_url=url), self._opener)
                if opened is None:
                    self.show_error(msg)
                    return False
                self.opened, self._opened_url = opened, url
                self.users_known = False
            if not self.users_known and self.opened.services.users.count() == 0 and self._first_run is not None:
                login = self._first_run(self.opened, self)
                if login:
                    self.user.setText(login)
                    self.password.setFocus()
                return False
            try:
                # the audit entry is written off the path to the first window (record_login_later)
                self.actor = self.opened.services.users.authenticate(self.user.text(), self.password.text(),
                                                                     record=False)
            except NewsdeskError as exc:
                self.show_error(exc.message(ui_language()))
                self.password.selectAll()
                self.password.setFocus()
                return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.audit_gate = threading.Event() if self.defer_audit else None
        self.login_audit = record_login_later(self.opened.services, self.actor, self.audit_gate)
        self._logged_in(url)
        return True

    def _start_staff_login(self, url: str) -> None:
        if self.staff_login_running:
            return
        from app.ui import ops  # imported on use: the dialog paints first

        if self._staff_runner is None:
            self._staff_runner = ops.OpRunner(self)
        self.staff_login_running = True
        self.ok.setEnabled(False)
        from PySide6.QtCore import Qt

        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        login, password = self.user.text().strip(), self.password.text()
        settings = replace(self.settings, database_url=url)

        def done(res: tuple[Any, Any, str]) -> None:
            opened, actor, msg = res
            self.staff_login_running = False
            self.ok.setEnabled(True)
            QGuiApplication.restoreOverrideCursor()
            if self._closed:  # Quit was pressed meanwhile
                if opened is not None:
                    opened.services.db.dispose()
                return
            if opened is None:
                self.show_error(msg)
                self.password.selectAll()
                self.password.setFocus()
                return
            if self.opened is not None and self.opened is not opened:
                try:
                    self.opened.services.db.dispose()
                except Exception:  # noqa: BLE001
                    pass
            self.opened, self._opened_url, self.actor = opened, url, actor
            self._logged_in(url)

        def failed(exc: BaseException) -> None:  # staff_login answers every error itself; a bug still
            done((None, None, str(exc)))          # must not leave the button disabled

        self._staff_runner.run(staff_login, settings, login, password, on_done=done, on_error=failed,
                               write=True, label="login")

    def wait_for_login(self, timeout_ms: int = 60000) -> None:
        """Block until a staff login in flight has finished (tests, --user/--password-env)."""
        if self._staff_runner is not None:
            self._staff_runner.drain(timeout_ms)

    def reject(self) -> None:
        self._closed = True
        super().reject()

    def _logged_in(self, url: str) -> None:
        self.settings.last_login = self.user.text().strip()
        remember_user(self.settings, url, self.settings.last_login, getattr(self.actor, "real_name", ""))
        self.settings.database_url = url
        recent = [u for u in self.settings.extra.get("recent_databases", []) if u and u != url]
        if url:
            recent.insert(0, url)
        self.settings.extra["recent_databases"] = recent[:5]
        try:
            save_settings(self.settings)
        except OSError as exc:
            log.warning("settings not saved: %s", exc)
        self.accept()


RECENT_USERS = 8


def remember_user(settings: Settings, url: str, login: str, name: str) -> None:
    """This computer's recent users of the database at ``url``, newest first (File → Switch user)."""
    if not login:
        return
    users = [u for u in settings.extra.get("recent_users", [])
             if isinstance(u, dict) and not (u.get("db") == url and u.get("login") == login)]
    users.insert(0, {"db": url, "login": login, "name": name or login})
    settings.extra["recent_users"] = users[:RECENT_USERS * 4]  # a few databases' worth


def recent_users(settings: Settings, url: str) -> list[tuple[str, str]]:
    """(login, real name) of the recent users of the database at ``url``, newest first."""
    out = [(str(u["login"]), str(u.get("name") or u["login"])) for u in settings.extra.get("recent_users", [])
           if isinstance(u, dict) and u.get("db") == url and u.get("login")]
    return out[:RECENT_USERS]


AUDIT_GATE_TIMEOUT_S = 3.0


def record_login_later(services: Services, actor: Any, gate: threading.Event | None = None) -> Any:
    """Write the login's audit entry on a thread of its own (a write transaction: the first
    INSERT's compilation and the hash chain are ≈ 20–40 ms of Python beside the main window's
    construction). With ``gate`` the thread waits until it is set — the main window showed its
    first list page (Session.start) — or AUDIT_GATE_TIMEOUT_S at the most, so the entry is written
    whatever happens to the window. Not a daemon: the entry is written even if the window is closed
    at once. A failure is logged (the login itself has been checked)."""

    def work() -> None:
        if gate is not None:
            gate.wait(AUDIT_GATE_TIMEOUT_S)
        try:
            services.users.record_login(actor)
        except Exception:  # noqa: BLE001
            log.exception("could not record the login of %s", getattr(actor, "login", "?"))

    t = threading.Thread(target=work, name="newsdesk-login-audit")
    t.start()
    return t


def _open_database(settings: Settings) -> Any:
    from app.bootstrap import open_database  # imported on first use: the dialog paints first

    return open_database(settings)


def _open_as_staff(settings: Settings, credentials: tuple[str, str]) -> Any:
    from app.bootstrap import open_database

    return open_database(settings, credentials=credentials)


def _display(url: str) -> str:
    """A database URL without its password."""
    import re

    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
