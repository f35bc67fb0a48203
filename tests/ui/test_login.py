"""Start-up: login dialog, first run on an empty database, databases that cannot be opened."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import create_engine, text

from app.bootstrap import Opened, open_database
from app.core.db import Database
from app.core.services import Services
from app.core.settings import Settings, load_settings
from app.ui.first_run import FirstRunDialog
from app.ui.login import LoginDialog
from tests.conftest import DEMO_PASSWORD
from tests.ui.conftest import reset_translations


@pytest.fixture
def opened(sqlite_demo):
    return Opened(sqlite_demo, Settings(database_url=sqlite_demo.db.url), False, None)


def test_wrong_password_shows_a_message_and_right_one_logs_in(qtbot, opened):
    dlg = LoginDialog(Settings(database_url=opened.services.db.url), opened)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.user.setText("wangzd")
    dlg.password.setText("wrong-password")
    dlg.ok.click()
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.error.isVisible() and "用户名或密码错误" in dlg.error.text()
    dlg.password.setText(DEMO_PASSWORD)
    dlg.ok.click()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.actor.login == "wangzd"


def test_the_last_user_and_database_are_remembered(qtbot, opened):
    url = opened.services.db.url
    dlg = LoginDialog(Settings(database_url=url), opened)
    qtbot.addWidget(dlg)
    dlg.user.setText("liyouan")
    dlg.password.setText(DEMO_PASSWORD)
    assert dlg.try_login()
    s = load_settings()
    assert s.last_login == "liyouan" and s.database_url == url
    dlg2 = LoginDialog(s, None)
    qtbot.addWidget(dlg2)
    assert dlg2.user.text() == "liyouan"
    assert dlg2.database_url() == url
    dlg2.password.setText(DEMO_PASSWORD)
    assert dlg2.try_login()  # opens the remembered database itself
    assert dlg2.actor.login == "liyouan"


def test_a_database_newer_than_the_app_is_a_message(qtbot, tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    db = Database(url)
    db.upgrade(backup=False)
    db.dispose()
    eng = create_engine(url)
    with eng.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    eng.dispose()
    dlg = LoginDialog(Settings(database_url=url), None)
    qtbot.addWidget(dlg)
    dlg.user.setText("admin")
    dlg.password.setText("x")
    assert not dlg.try_login()
    assert "比本程序新" in dlg.error.text()


def test_a_file_that_is_not_a_database_is_a_message(qtbot, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    dlg = LoginDialog(Settings(database_url=f"sqlite:///{bad}"), None)
    qtbot.addWidget(dlg)
    assert not dlg.try_login()
    assert not dlg.error.isHidden() and "Traceback" not in dlg.error.text() and "数据库" in dlg.error.text()


def test_first_run_offers_the_sample_newsroom(qtbot, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", url)
    opened = open_database(Settings())
    assert opened.created and opened.services.users.count() == 0
    offered = []

    def first_run(o, parent):
        dlg = FirstRunDialog(o.services, parent)
        qtbot.addWidget(dlg)
        dlg.demo_btn.click()
        offered.append([(dlg.table.item(r, 0).text(), dlg.table.item(r, 3).text())
                        for r in range(dlg.table.rowCount())])
        return dlg.login

    login = LoginDialog(Settings(), opened, first_run=first_run)
    qtbot.addWidget(login)
    assert not login.try_login()  # first run instead of a login
    accounts = dict(offered[0])
    assert "wangzd" in accounts and "zongbian" in accounts and "admin" in accounts
    assert login.user.text() == "wangzd"
    login.password.setText(accounts["wangzd"])
    assert login.try_login()
    assert login.actor.real_name == "王忠德"
    opened.services.db.dispose()


def test_first_run_creates_an_administrator(qtbot, tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'adm.db'}")
    db.upgrade(backup=False)
    svc = Services.create(db)
    dlg = FirstRunDialog(svc)
    qtbot.addWidget(dlg)
    dlg.adm_name.setText("张主任")
    dlg.adm_pw.setText("a-long-password-1")
    dlg.adm_pw2.setText("a-long-password-2")
    dlg.adm_btn.click()
    assert svc.users.count() == 0 and dlg.error.text()
    dlg.adm_pw2.setText("a-long-password-1")
    dlg.adm_btn.click()
    assert dlg.result() == QDialog.DialogCode.Accepted and dlg.login == "admin"
    a = svc.users.authenticate("admin", "a-long-password-1")
    assert a.has(*__import__("app.core.domain", fromlist=["Role"]).Role)
    db.dispose()


def test_run_gui_logs_in_and_opens_the_main_window(qtbot, sqlite_demo, monkeypatch):
    """`newsdesk` end to end: settings → database → login → main window → quit."""
    import sys

    from app.ui import app as ui_app

    monkeypatch.setenv("NEWSDESK_DATABASE_URL", sqlite_demo.db.url)
    monkeypatch.setenv("ND_TEST_PW", DEMO_PASSWORD)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    import gc

    # start-up's own freeze left out, so only freeze_long_lived (main window up) can freeze it
    monkeypatch.setattr(ui_app, "release_gc", gc.enable)
    seen = []

    def close_main():
        from app.ui.main_window import MainWindow

        wins = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not wins:
            QTimer.singleShot(50, close_main)
            return
        w = wins[0]
        w.ops.drain()
        import gc

        # the main window's objects are frozen out of the cyclic collector (freeze_long_lived):
        # a full collection on a worker thread would otherwise stall typing (bench_ui)
        frozen = not any(o is w.editor for o in gc.get_objects())
        seen.append((w.actor.login, w.windowTitle(), frozen))
        w.close()

    QTimer.singleShot(50, close_main)
    try:
        rc = ui_app.run_gui(["--user", "wangzd", "--password-env", "ND_TEST_PW", "--lang", "zh_CN"])
    finally:
        reset_translations(QApplication.instance())
    assert rc == 0
    assert seen and seen[0][0] == "wangzd" and seen[0][2]
    assert os.path.exists(ui_app.log_path())
    import gc

    assert gc.isenabled()  # held off during start-up only


def test_first_start_on_an_empty_machine(qtbot, monkeypatch):
    """`newsdesk` with nothing installed: the embedded database is created, the sample newsroom
    is offered and its accounts shown, then the reporter logs in and the main window opens."""
    import sys

    from app.core.settings import data_dir
    from app.ui import app as ui_app
    from app.ui import first_run

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown = {}

    def fake_exec(dlg):
        dlg.demo_btn.click()
        shown["accounts"] = {dlg.table.item(r, 0).text(): dlg.table.item(r, 3).text()
                             for r in range(dlg.table.rowCount())}
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(first_run.FirstRunDialog, "exec", fake_exec)

    def log_in():
        from app.ui.login import LoginDialog

        dlgs = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()]
        if not dlgs or "accounts" not in shown:
            QTimer.singleShot(50, log_in)
            return
        d = dlgs[0]
        assert d.user.text() == "wangzd"
        d.password.setText(shown["accounts"]["wangzd"])
        d.ok.click()
        QTimer.singleShot(50, close_main)

    def close_main():
        from app.ui.main_window import MainWindow

        wins = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not wins:
            QTimer.singleShot(50, close_main)
            return
        wins[0].ops.drain()
        shown["window"] = wins[0].actor.login
        wins[0].close()

    QTimer.singleShot(50, log_in)
    try:
        rc = ui_app.run_gui([])
    finally:
        reset_translations(QApplication.instance())
    assert rc == 0 and shown["window"] == "wangzd"
    assert (data_dir() / "newsdesk.db").is_file()
    assert load_settings().last_login == "wangzd"


def test_login_dialog_buttons_and_heading(qtbot, opened):
    """Our own Log in / Quit buttons (no themed StandardButtons before the first paint): Log in is
    the default (Enter), Quit rejects; the heading is centred."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QPushButton

    from app.ui import i18n

    i18n.install(QApplication.instance(), "zh_CN")
    try:
        dlg = LoginDialog(Settings(database_url=opened.services.db.url), opened)
    finally:
        reset_translations(QApplication.instance())
    qtbot.addWidget(dlg)
    head = dlg.findChildren(QLabel)[0]
    assert "采编台" in head.text() and head.alignment() == Qt.AlignmentFlag.AlignCenter
    assert head.font().bold()
    buttons = {b.text(): b for b in dlg.findChildren(QPushButton)}
    assert set(buttons) == {"登录", "退出"} and buttons["登录"] is dlg.ok and dlg.ok.isDefault()
    dlg.show()
    buttons["退出"].click()
    assert dlg.result() == QDialog.DialogCode.Rejected


def test_start_up_preloads_the_main_window_and_releases_the_collector():
    """While the password is typed, a thread imports what the main window needs; the cyclic
    collector, held off during start-up, runs again afterwards with the start-up objects frozen."""
    import subprocess
    import sys

    code = (
        "import gc, sys\n"
        "from app.ui.app import hold_gc, preload_main_window\n"
        "hold_gc(); assert not gc.isenabled()\n"
        "assert 'app.ui.main_window' not in sys.modules and 'qtawesome' not in sys.modules\n"
        "preload_main_window().join(60)\n"
        "assert 'app.ui.main_window' in sys.modules and 'app.ui.desk.controller' in sys.modules\n"
        "assert 'app.ui.planning.board' in sys.modules and 'app.ui.session' in sys.modules\n"
        "assert 'qtawesome' not in sys.modules  # imported after the first list page (after_icons)\n"
        "assert gc.isenabled() and gc.get_freeze_count() > 0\n"
        "print('ok')\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]
