"""Screenshots of every main screen on laptop screens, in both languages (issue 17):

    python build_scripts/screenshots_day.py [--out docs/screenshots/laptops]

For each screen size (1366×768, the most common office laptop; 1280×720) and language (zh_CN, en)
a child process starts Qt offscreen with a virtual screen of that size (the offscreen platform's
``configfile``), opens the sample newsroom and saves: login, the reporter's desk with an article
open, the 初审 editor's desk with the review panel, the review queue page, the dashboard, the
notifications, the administration dialog and Qt's file dialog. The main window is opened the way
the app opens it, so it is fitted to the screen (app.ui.layout.fit_window). Needs fonts-noto-cjk."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1366, 768), (1280, 720))
LANGS = ("zh_CN", "en")
TASKBAR = 40  # the screen's free area is what a desktop's taskbar leaves


def _settle(app, window=None, seconds: float = 0.5) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    if window is not None:
        window.ops.drain()
        window.ops.drain()
    app.processEvents()


def child(out: Path, lang: str, width: int, height: int) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ["NEWSDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="newsdesk-day-shots-")
    os.environ["NEWSDESK_NO_BROWSER"] = "1"
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from app.ui.app import create_application

    app = create_application(lang=lang)
    from app.core.db import Database
    from app.core.seed import load_demo
    from app.core.services import Services

    db = Database("sqlite:///" + os.environ["NEWSDESK_DATA_DIR"] + "/shots.db")
    db.upgrade(backup=False)
    svc = Services.create(db)
    load_demo(svc, password="demo-pass-123")
    if "admin" not in {u.login for u in svc.users.list()}:
        svc.users.add(None, "admin", "系统管理员", "demo-pass-123", ["admin"])
    from app.core.settings import Settings
    from app.ui.login import LoginDialog
    from app.ui.main_window import MainWindow

    tag = f"{lang}-{width}x{height}"
    shots: dict[str, list[int]] = {}

    def save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        path = out / f"{tag}-{name}.png"
        widget.grab().save(str(path))
        g = widget.frameGeometry()
        shots[name] = [g.width(), g.height()]

    login = LoginDialog(Settings(), None)
    login.user.setText("wangzd")
    login.show()
    _settle(app)
    save(login, "login")
    login.close()

    def window(login_name: str):  # type: ignore[no-untyped-def]
        w = MainWindow(svc, svc.users.actor_by_login(login_name), Settings(language=lang))
        w.show()
        _settle(app, w)
        return w

    ref = next(a for a in svc.articles.list(svc.users.actor_by_login("wangzd"),
                                            __import__("app.core.services.articles", fromlist=["ArticleQuery"])
                                            .ArticleQuery()).rows)
    w = window("wangzd")
    w.select_navigator("published")
    _settle(app, w)
    w.open_article(ref.id)
    _settle(app, w, 1.0)
    save(w, "reporter")
    w.close()

    w = window("chushen")
    _settle(app, w)
    row = w.list_model.index(0, 0)
    aid = w.list_model.data(row, Qt.ItemDataRole.UserRole)
    if aid is not None:
        w.open_article(int(aid))
        _settle(app, w, 1.0)
        panel = w.editor_panel("review")
        if panel is not None:
            w.show_side_panel(panel)
    _settle(app, w)
    save(w, "editor-review")
    for page in ("review", "dashboard", "notifications"):
        w.show_page(page)
        _settle(app, w, 0.8)
        save(w, f"page-{page}")
    w.close()

    w = window("admin")
    from app.ui.admin import AdminDialog

    dlg = AdminDialog(svc, w.actor, w.ops, w, "audit")
    dlg.show()
    _settle(app, w, 0.8)
    save(dlg, "admin-audit")
    dlg.close()
    w.close()

    fd = QFileDialog(None, "Import", str(ROOT / "docs"))
    fd.setOption(QFileDialog.Option.DontUseNativeDialog)
    fd.show()
    _settle(app, None, 1.0)
    save(fd, "file-dialog")
    print(json.dumps({"tag": tag, "shots": shots}))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots" / "laptops"))
    ap.add_argument("--child", nargs=3, metavar=("LANG", "W", "H"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.child:
        lang, w, h = args.child
        return child(out, lang, int(w), int(h))
    rc = 0
    for width, height in SIZES:
        cfg = Path(tempfile.mkdtemp()) / "screen.json"
        cfg.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width,
                                                "height": height, "logicalDpi": 96, "dpr": 1}]}))
        for lang in LANGS:
            env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={cfg}", PYTHONPATH=str(ROOT))
            res = subprocess.run([sys.executable, __file__, "--out", str(out), "--child", lang, str(width),
                                  str(height)], env=env, capture_output=True, text=True, timeout=300)
            last = (res.stdout.strip().splitlines() or [""])[-1]
            print(last if res.returncode == 0 else f"{lang} {width}x{height} failed:\n{res.stderr[-2000:]}")
            rc |= res.returncode
            if res.returncode == 0:
                sizes = json.loads(last)["shots"]
                too_big = {k: v for k, v in sizes.items() if v[0] > width or v[1] > height}
                if too_big:
                    print(f"  larger than the {width}×{height} screen: {too_big}")
                    rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
