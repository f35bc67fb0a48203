"""The login's audit entry is written off the path to the first window (issue #21), but always."""

from __future__ import annotations

from sqlalchemy import func, select

from app.bootstrap import Opened
from app.core.models import AuditEntry
from app.core.settings import Settings
from app.ui.login import LoginDialog
from tests.conftest import DEMO_PASSWORD


def logins(svc, login: str) -> int:
    with svc.db.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "login", AuditEntry.user_login == login)) or 0


def test_authenticate_without_record_writes_nothing_until_record_login(sqlite_demo):
    before = logins(sqlite_demo, "wangzd")
    actor = sqlite_demo.users.authenticate("wangzd", DEMO_PASSWORD, record=False)
    assert logins(sqlite_demo, "wangzd") == before
    sqlite_demo.users.record_login(actor)
    assert logins(sqlite_demo, "wangzd") == before + 1
    assert sqlite_demo.audit.verify().ok  # the chain stays whole


def test_the_dialog_records_the_login_on_a_thread(qtbot, sqlite_demo):
    opened = Opened(sqlite_demo, Settings(database_url=sqlite_demo.db.url), False, None)
    before = logins(sqlite_demo, "wangzd")
    dlg = LoginDialog(Settings(database_url=sqlite_demo.db.url), opened)
    qtbot.addWidget(dlg)
    dlg.user.setText("wangzd")
    dlg.password.setText(DEMO_PASSWORD)
    assert dlg.try_login()
    dlg.login_audit.join(30)
    assert not dlg.login_audit.is_alive()
    assert logins(sqlite_demo, "wangzd") == before + 1


def test_after_log_in_the_entry_waits_for_the_first_list_page_then_is_written(qtbot, sqlite_demo):
    """The GUI's log-in (app.ui.app, Session) defers the entry until the main window shows its
    first list page: still one entry, in the same chain."""
    from app.ui.session import Session

    settings = Settings(database_url=sqlite_demo.db.url)
    opened = Opened(sqlite_demo, settings, False, None)
    before = logins(sqlite_demo, "wangzd")
    dlg = LoginDialog(settings, opened)
    qtbot.addWidget(dlg)
    dlg.defer_audit = True
    dlg.user.setText("wangzd")
    dlg.password.setText(DEMO_PASSWORD)
    assert dlg.try_login()
    assert dlg.audit_gate is not None and not dlg.audit_gate.is_set()
    assert dlg.login_audit.is_alive() and logins(sqlite_demo, "wangzd") == before  # waiting
    session = Session(opened, settings, quit_when_cancelled=False)
    w = session.start(dlg.actor, dlg.audit_gate)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.list_model.loaded, timeout=10000):
        pass
    assert dlg.audit_gate.is_set()
    dlg.login_audit.join(30)
    assert not dlg.login_audit.is_alive()
    assert logins(sqlite_demo, "wangzd") == before + 1
    assert sqlite_demo.audit.verify().ok
    w.ops.drain()


def test_a_gate_nobody_sets_still_gets_the_entry_written(sqlite_demo, monkeypatch):
    import threading

    from app.ui import login

    monkeypatch.setattr(login, "AUDIT_GATE_TIMEOUT_S", 0.2)
    before = logins(sqlite_demo, "wangzd")
    actor = sqlite_demo.users.authenticate("wangzd", DEMO_PASSWORD, record=False)
    t = login.record_login_later(sqlite_demo, actor, threading.Event())  # the window never showed
    t.join(30)
    assert logins(sqlite_demo, "wangzd") == before + 1
