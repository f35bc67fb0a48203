"""The GUI entry point: QApplication, translations, style, the crash dialog, first run, login and
the main window. Heavy imports (SQLAlchemy, Markdown, jieba) happen after the first paint where
possible."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any, cast

log = logging.getLogger("newsdesk")


def log_path() -> Path:
    from app.core.settings import data_dir

    return data_dir() / "logs" / "newsdesk.log"


def setup_logging(verbose: bool = False) -> None:
    import logging.handlers

    p = log_path()
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        h: logging.Handler = logging.handlers.RotatingFileHandler(p, maxBytes=1_000_000, backupCount=3,
                                                                  encoding="utf-8")
    except OSError:
        h = logging.StreamHandler()
    h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(h)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


def log_tail(lines: int = 60) -> str:
    try:
        return "\n".join(log_path().read_text("utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def show_crash(exc: BaseException, tb_text: str | None = None) -> None:
    """A bug: the crash dialog with the traceback and the log tail (copyable for a report)."""
    from PySide6.QtWidgets import (
        QApplication,
        QDialog,
        QDialogButtonBox,
        QLabel,
        QPlainTextEdit,
        QVBoxLayout,
    )

    from app.core.errors import NewsdeskError
    from app.ui.ops import report_error

    if isinstance(exc, NewsdeskError):
        report_error(QApplication.activeWindow(), exc)
        return
    text = tb_text or getattr(exc, "__traceback_text__", None) or "".join(
        traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("unexpected error:\n%s", text)
    if QApplication.instance() is None:
        print(text, file=sys.stderr)
        return
    dlg = QDialog(QApplication.activeWindow())
    dlg.setObjectName("CrashDialog")
    dlg.setWindowTitle(QApplication.translate("crash", "NewsDesk — unexpected error"))
    lay = QVBoxLayout(dlg)
    lay.addWidget(QLabel(QApplication.translate(
        "crash", "Something went wrong inside NewsDesk. Your saved work is safe; unsaved text is kept "
                 "in a recovery file. Please send the details below to your administrator.")))
    details = QPlainTextEdit(text + "\n---- log ----\n" + log_tail())
    details.setReadOnly(True)
    lay.addWidget(details)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    copy = box.addButton(QApplication.translate("crash", "Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details.toPlainText()))
    box.rejected.connect(dlg.reject)
    lay.addWidget(box)
    dlg.resize(760, 480)
    dlg.exec()


_in_hook = False


def excepthook(etype: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    global _in_hook
    if issubclass(etype, KeyboardInterrupt):
        sys.__excepthook__(etype, exc, tb)
        return
    if _in_hook:  # an error while showing an error: do not loop
        sys.__excepthook__(etype, exc, tb)
        return
    _in_hook = True
    try:
        show_crash(exc, "".join(traceback.format_exception(etype, exc, tb)))
    finally:
        _in_hook = False


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="newsdesk gui")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="interface language")
    p.add_argument("--database", metavar="URL")
    p.add_argument("--user", help="log in as this user (with --password-env)")
    p.add_argument("--password-env", metavar="VAR", help="read the password from this environment variable")
    p.add_argument("-v", "--verbose", action="store_true")
    p.add_argument("--probe-startup", action="store_true", help=argparse.SUPPRESS)
    args, _qt = p.parse_known_args(argv)
    return args


# Packages that never mention PySide6 (tests/ui/test_startup_imports.py reads their sources to
# make sure), besides the standard library: see skip_feature_scan_of_plain_modules.
NON_QT_PACKAGES = frozenset({
    "sqlalchemy", "alembic", "mako", "argon2", "_argon2_cffi_bindings", "_cffi_backend", "cffi",
    "platformdirs", "typing_extensions", "greenlet", "markdown", "jinja2", "markupsafe",
})


def skip_feature_scan_of_plain_modules() -> bool:
    """PySide6 reads the whole source of every module imported after it, looking for the text
    "PySide6", to decide whether its ``__feature__`` switches (snake_case, true_property) may apply
    to that module (shibokensupport.feature._mod_uses_pyside, PYSIDE-2029). At start-up that is
    ≈ 330 modules — 150 of the standard library's and 100 of SQLAlchemy's among them — and ≈ 60 ms
    of the path to the first window. Modules of the standard library and of NON_QT_PACKAGES are
    answered "does not use PySide6" without being read: the answer the scan would give. Every
    other module (ours, qtpy, qtawesome …) is still read. NewsDesk uses no ``__feature__``.
    False when this PySide6 has no such scan (nothing changed)."""
    feature = sys.modules.get("PySide6.support.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if scan is None or not callable(scan):
        return False
    if getattr(scan, "newsdesk_plain", None) is not None:
        return True  # installed already (a second QApplication in tests)
    plain = frozenset(sys.stdlib_module_names) | NON_QT_PACKAGES

    def uses_pyside(module: Any) -> bool:
        if str(getattr(module, "__name__", "")).partition(".")[0] in plain:
            return False
        return bool(scan(module))

    uses_pyside.newsdesk_plain = plain  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True


def create_application(argv: list[str] | None = None, lang: str | None = None) -> Any:
    """The QApplication with style, font and translations (reused if one exists)."""
    os.environ.setdefault("QT_API", "pyside6")
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    skip_feature_scan_of_plain_modules()  # before SQLAlchemy and the rest are imported

    from app.ui import i18n

    if QApplication.instance() is None:
        i18n.prepare_locale(lang)  # before Qt reads the system locale
    app = cast(QApplication, QApplication.instance() or QApplication(["newsdesk", *(argv or [])]))
    app.setApplicationName("NewsDesk")
    app.setOrganizationName("NewsDesk")
    app.setApplicationDisplayName("NewsDesk 采编台")
    from PySide6.QtGui import QIcon

    from app.core.resources import resources_dir

    icon = resources_dir() / "icons" / "newsdesk.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    if app.style().objectName().lower() != "fusion":
        app.setStyle("Fusion")
    f = QFont(app.font())
    # a CJK face first, the platform's default behind it (no font enumeration: it costs start-up time)
    cjk = ["Noto Sans CJK SC", "Microsoft YaHei UI", "PingFang SC", "Source Han Sans SC"]
    if sys.platform == "win32":  # Windows: its own 微软雅黑 UI first, even where Noto is installed too
        cjk = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC"]
    f.setFamilies([*cjk, *app.font().families()])
    f.setPointSizeF(max(app.font().pointSizeF(), 10.0))
    app.setFont(f)
    i18n.install(app, lang)
    return app


class AfterFirstPaint:
    """Runs ``then`` once, right after ``widget`` first painted (and prints the moment when
    ``label`` is given: ``--probe-startup`` for the start-up benchmark)."""

    def __init__(self, widget: Any, then: Any, label: str = "") -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        outer = self

        class Filter(QObject):
            def eventFilter(self, obj: Any, ev: Any) -> bool:  # noqa: N802 - Qt override
                if ev.type() == QEvent.Type.Paint and not outer.done:
                    outer.done = True
                    if label:
                        print(f"{label} {time.time():.6f}", flush=True)
                    QTimer.singleShot(0, then)
                return False

        self.done = False
        self.filter = Filter()
        widget.installEventFilter(self.filter)


# What the main window imports after login (≈ 100 ms of Python: the desk, the editor, the Qt
# namespace's enums). A thread imports them while the reporter types the password (and while the
# password hash is checked: argon2 releases the GIL), so pressing "Log in" does not wait for them.
# Imports only: no widget, font or icon is made off the UI thread. A module that fails here is
# imported again (and reported) by the UI thread. qtawesome (≈ 90 ms) is not among them: the window
# imports it on a worker once its first list page is shown (MainWindow.after_icons).
PRELOAD = ("app.ui.main_window", "app.ui.desk", "app.ui.desk.controller", "app.ui.publishing",
           "app.ui.publishing.controller", "app.ui.planning", "app.ui.planning.board", "app.ui.session")


def hold_gc() -> None:
    """Start-up creates about a million long-lived objects (the Qt bindings, SQLAlchemy, the ORM
    models) and little garbage; the cyclic collector would walk them again and again (≈ 15 % of
    the time to a ready window). It is held off until the start-up imports are done."""
    gc.disable()


def release_gc() -> None:
    """End of start-up (idempotent): what exists now lives as long as the program, so it is moved
    out of the collector's way for good (gc.freeze), and collection resumes."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def freeze_long_lived() -> None:
    """The main window is up: its widgets, models and caches live as long as the program. They are
    frozen out of the cyclic collector too; otherwise a full collection — which may run on any
    thread, the preview's render worker included, holding the GIL — walks them all and stalls
    typing (≈ 90 ms at 30,000 characters in benchmarks/bench_ui.py, 15 ms frozen)."""
    gc.freeze()


def preload_main_window() -> Any:
    import importlib
    import threading

    def work() -> None:
        try:
            from PySide6.QtCore import Qt  # noqa: F401 - builds the Qt namespace's enums, once

            for name in PRELOAD:
                try:
                    importlib.import_module(name)
                except Exception:  # noqa: BLE001
                    log.debug("preloading %s failed", name, exc_info=True)
        finally:
            release_gc()

    t = threading.Thread(target=work, name="newsdesk-preload", daemon=True)
    t.start()
    return t


def run_gui(argv: list[str]) -> int:
    """The login dialog paints first (no database or SQLAlchemy import yet); the database opens
    right after the first paint; then the main window."""
    hold_gc()
    try:
        return _run_gui(argv)
    finally:
        release_gc()


def _run_gui(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.database:
        os.environ["NEWSDESK_DATABASE_URL"] = args.database
    from app.core.settings import load_settings

    settings = load_settings()
    if args.lang:
        settings.language = args.lang
    app = create_application(lang=settings.language)
    sys.excepthook = excepthook
    from PySide6.QtWidgets import QDialog, QMessageBox

    from app.ui.login import LoginDialog, open_or_error

    def run_first_run(opened: Any, parent: Any) -> str | None:
        from app.ui.first_run import run_first_run as first_run

        return first_run(opened, parent)

    dlg = LoginDialog(settings, None, None, run_first_run)
    dlg.defer_audit = True  # the main window's first list page sets dlg.audit_gate (Session.start)
    if args.user:
        dlg.user.setText(args.user)
    if args.password_env:
        dlg.password.setText(os.environ.get(args.password_env, ""))

    def open_db() -> None:
        """After the first paint: open the database on a worker thread (the import of SQLAlchemy
        and Alembic and a migration check take a moment) while the reporter types a password."""
        from app.ui import ops

        setup_logging(args.verbose)  # here, not before the first paint: logging.handlers costs ≈ 5 ms
        ops.crash_handler = show_crash
        if dlg.staff_logins():  # a login role per staff member: the database opens with the
            preload_main_window()  # credentials, when Log in is pressed
            if args.user and args.password_env:
                dlg.try_login()
            return
        runner = ops.OpRunner(dlg)
        dlg.wait_for_open = runner.drain

        def work() -> tuple[Any, str, int]:
            # the embedded file's integrity check runs inside SQLite (no GIL) while SQLAlchemy,
            # the models and the services import; open_database takes its verdict as before
            from app.core.integrity import start_quick_check

            check = start_quick_check(settings.effective_database_url)
            from app.bootstrap import open_database

            opened_db, msg = open_or_error(settings, lambda st: open_database(st, precheck=check))
            return opened_db, msg, opened_db.services.users.count() if opened_db is not None else 0

        runner.run(work, on_done=opened, write=True)

    def opened(res: tuple[Any, str, int]) -> None:
        opened_db, msg, users = res
        dlg.wait_for_open = None
        if args.probe_startup:
            print(f"db_open {time.time():.6f}", flush=True)
        if msg:
            release_gc()
            dlg.show_error(msg)
            return
        if dlg.opened is not None:  # the user logged in meanwhile (try_login opened it)
            release_gc()
            return
        dlg.opened, dlg._opened_url = opened_db, settings.database_url
        dlg.users_known = users > 0
        preload_main_window()  # after the open: started beside it, both imports took longer (GIL)
        if users == 0:
            login = run_first_run(opened_db, dlg)
            if login:
                dlg.user.setText(login)
                dlg.password.setFocus()
            return
        if args.user and args.password_env:
            dlg.try_login()

    painted = AfterFirstPaint(dlg, open_db, "first_paint" if args.probe_startup else "")
    dlg.show()
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return 1
    if args.probe_startup:
        print(f"login_done {time.time():.6f}", flush=True)
    from app.ui.session import Session

    # 退出登录 / 切换用户 brings the login dialog back; the next user's desk opens in this process
    session = Session(dlg.opened, dlg.settings, first_run=run_first_run)
    try:
        window = session.start(dlg.actor, dlg.audit_gate)
    except Exception as exc:  # noqa: BLE001
        show_crash(exc)
        return 1
    if args.probe_startup:
        from PySide6.QtCore import QTimer

        def ready(_n: int) -> None:
            print(f"ready {time.time():.6f}", flush=True)
            QTimer.singleShot(0, window.close)

        window.list_model.loaded.connect(ready)
    freeze_long_lived()
    if not args.probe_startup:  # the next start imports compiled modules (after this one is ready)
        from app.bootstrap import compile_later

        compile_later(delay_s=5.0)
    if dlg.opened.backup is not None:
        QMessageBox.information(window, "NewsDesk", app.translate(
            "app", "The database was upgraded; a copy of the old one is at %1").replace("%1", str(dlg.opened.backup)))
    rc = app.exec()
    del painted
    try:
        if session.opened is not None:
            session.opened.services.db.dispose()
    except Exception:  # noqa: BLE001
        pass
    return int(rc)
