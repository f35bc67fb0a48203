"""The login dialog in newsroom mode with per-staff PostgreSQL login roles (settings
``staff_logins``): the database opens only when Log in is pressed, as the staff member, off the UI
thread; a wrong password is the usual message; the reporter reaches the main window."""

from __future__ import annotations

import json
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import text

from app.core.settings import data_dir, load_settings, settings_path
from app.ui.login import LoginDialog
from tests.conftest import DEMO_PASSWORD
from tests.core.test_staff_login import start_newsroom
from tests.faults import pgserver
from tests.ui.conftest import reset_translations, type_text

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not pgserver.available(), reason="PostgreSQL 15 server binaries not installed")]


@pytest.fixture(scope="module")
def newsroom():
    srv, nr = start_newsroom()
    try:
        yield nr
    finally:
        nr.owner.db.dispose()
        srv.cleanup()


def _retry_or_give_up(fn, seen: dict) -> None:
    """Look again in 50 ms; after ~600 looks close the login dialog, so a broken login fails the
    test (run_gui returns 1) instead of hanging it."""
    seen["looks"] = seen.get("looks", 0) + 1
    if seen["looks"] > 600:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, LoginDialog) and w.isVisible():
                seen["gave_up_on"] = w.error.text()
                w.reject()
        return
    QTimer.singleShot(50, fn)


def _session_user(opened) -> str:
    with opened.services.db.read() as s:
        return str(s.execute(text("SELECT session_user")).scalar())


def test_dialog_opens_the_database_as_the_staff_member_on_log_in(qtbot, newsroom):
    dlg = LoginDialog(newsroom.settings(), None)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.staff_logins()
    assert dlg.opened is None  # nothing opened before the credentials are known
    dlg.user.setText("wangzd")
    dlg.password.setText("wrong-password")
    dlg.ok.click()
    assert dlg.staff_login_running and not dlg.ok.isEnabled()  # working off the UI thread
    dlg.wait_for_login()
    assert not dlg.staff_login_running and dlg.ok.isEnabled()
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.opened is None
    assert not dlg.error.isHidden() and dlg.error.text() == "用户名或密码错误。"

    dlg.password.setText(DEMO_PASSWORD)
    dlg.ok.click()
    dlg.wait_for_login()
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.error.text()
    try:
        assert dlg.actor.login == "wangzd" and dlg.actor.real_name == "王忠德"
        assert _session_user(dlg.opened) == "nd_wangzd"
        # remembered: the server, not the password or the staff role
        s = load_settings()
        assert s.last_login == "wangzd" and s.database_url == newsroom.base
        saved = settings_path().read_text("utf-8")
        assert DEMO_PASSWORD not in saved and "nd_wangzd" not in saved
    finally:
        dlg.opened.services.db.dispose()


def test_an_unreachable_server_is_a_message(qtbot, newsroom):
    from tests.faults.pgserver import _free_port

    s = newsroom.settings()
    s.database_url = f"postgresql://127.0.0.1:{_free_port()}/newsroom"
    dlg = LoginDialog(s, None)
    qtbot.addWidget(dlg)
    dlg.user.setText("wangzd")
    dlg.password.setText(DEMO_PASSWORD)
    dlg.try_login()
    dlg.wait_for_login()
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.ok.isEnabled()
    assert "数据库" in dlg.error.text() and "Traceback" not in dlg.error.text()
    assert "用户名或密码错误" not in dlg.error.text()


def test_the_embedded_database_keeps_the_usual_login(qtbot, newsroom, sqlite_demo):
    """staff_logins applies to a newsroom server only; the embedded desk logs in as before."""
    s = newsroom.settings()
    s.database_url = sqlite_demo.db.url
    dlg = LoginDialog(s, None)
    qtbot.addWidget(dlg)
    assert not dlg.staff_logins()
    dlg.user.setText("wangzd")
    dlg.password.setText(DEMO_PASSWORD)
    assert dlg.try_login()  # synchronous, as before
    assert dlg.actor.login == "wangzd"
    dlg.opened.services.db.dispose()


def test_run_gui_with_staff_logins_shows_the_main_window(qtbot, newsroom, monkeypatch):
    """`newsdesk` on a desktop whose newsroom.json turns staff logins on: the reporter types their
    password, the app connects as nd_wangzd and the main window opens with their articles."""
    from app.ui import app as ui_app
    from app.ui.main_window import MainWindow

    (data_dir() / "newsroom.json").write_text(json.dumps(
        {"database_url": newsroom.base, "staff_logins": True}), "utf-8")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    seen: dict = {}

    def log_in() -> None:
        dlgs = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()]
        if not dlgs:
            _retry_or_give_up(log_in, seen)
            return
        d = dlgs[0]
        seen["opened_before_login"] = d.opened
        d.user.setText("wangzd")
        d.password.setText(DEMO_PASSWORD)
        d.ok.click()
        QTimer.singleShot(50, close_main)

    def close_main() -> None:
        wins = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not wins:
            _retry_or_give_up(close_main, seen)
            return
        w = wins[0]
        w.ops.drain()
        with w.services.db.read() as s:
            seen["session_user"] = s.execute(text("SELECT session_user")).scalar()
        seen["actor"] = w.actor.login
        seen["rows"] = w.list_model.rowCount()
        w.close()

    QTimer.singleShot(50, log_in)
    try:
        rc = ui_app.run_gui(["--lang", "zh_CN"])
    finally:
        reset_translations(QApplication.instance())
    assert rc == 0, seen.get("gave_up_on")
    assert seen["opened_before_login"] is None
    assert seen["actor"] == "wangzd" and seen["session_user"] == "nd_wangzd"
    assert seen["rows"] > 0  # the reporter's own articles, read through their own role


def test_reporter_edits_and_saves_in_the_main_window_on_their_own_role(qtbot, newsroom, make_window):
    from app.bootstrap import open_database

    opened = open_database(newsroom.settings(), credentials=("wangzd", DEMO_PASSWORD))
    try:
        me = opened.services.users.authenticate("wangzd", DEMO_PASSWORD)
        a = opened.services.articles.create(me, title="窗口里的稿件", body="第一段。")
        w = make_window("wangzd", services=opened.services)
        w.open_article(a.id)
        w.ops.drain()
        assert w.editor.article is not None and w.editor.article.id == a.id
        assert opened.services.articles.lease(me, a.id) is None  # opening takes no lease (#13)
        type_text(w.editor.body, "记者在自己的数据库账号下写的第二段。")
        w.ops.drain()
        lease = opened.services.articles.lease(me, a.id)  # the first edit took it, on their own role
        assert lease is not None and lease.user_id == me.id and lease.user_name == "王忠德"
        assert w.editor.save_now()
        w.ops.drain()
        assert not w.editor.is_dirty()
        assert "第二段" in newsroom.owner.articles.get(newsroom.owner.users.actor_by_login("zongbian"), a.id).body
    finally:
        opened.services.db.dispose()


def test_run_gui_user_and_password_env_log_in_as_staff(qtbot, newsroom, monkeypatch):
    """`newsdesk --user wangzd --password-env VAR` with staff logins: logs in after the first paint."""
    from app.ui import app as ui_app
    from app.ui.main_window import MainWindow

    (data_dir() / "newsroom.json").write_text(json.dumps(
        {"database_url": newsroom.base, "staff_logins": True}), "utf-8")
    monkeypatch.setenv("ND_TEST_PW", DEMO_PASSWORD)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    seen: dict = {}

    def close_main() -> None:
        wins = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not wins:
            _retry_or_give_up(close_main, seen)
            return
        wins[0].ops.drain()
        with wins[0].services.db.read() as s:
            seen["session_user"] = s.execute(text("SELECT session_user")).scalar()
        wins[0].close()

    QTimer.singleShot(50, close_main)
    try:
        rc = ui_app.run_gui(["--user", "liyouan", "--password-env", "ND_TEST_PW", "--lang", "zh_CN"])
    finally:
        reset_translations(QApplication.instance())
    assert rc == 0, seen.get("gave_up_on")
    assert seen["session_user"] == "nd_liyouan"
