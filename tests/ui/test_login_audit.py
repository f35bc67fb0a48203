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
