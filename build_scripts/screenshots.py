"""Screenshots of the main screens for the README (offscreen, Chinese UI, sample newsroom).

    python build_scripts/screenshots.py [--out docs/screenshots] [--lang zh_CN|en]

Writes login.png, first_run.png, main.png (the reference article with its live preview) and
proofing.png (the findings panel and underlines) into the output folder."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _settle(app, window=None, seconds: float = 0.6) -> None:
    """Let timers fire (preview debounce, proofing, suggestions) and deliver every operation."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    if window is not None:
        window.ops.drain()
    app.processEvents()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--lang", default="zh_CN")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["NEWSDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="newsdesk-shots-")
    os.environ["NEWSDESK_NO_BROWSER"] = "1"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from app.core.db import Database
    from app.core.domain import Contributor
    from app.core.seed import load_demo, parse_reference
    from app.core.services import Services
    from app.core.settings import Settings
    from app.ui.app import create_application

    app = create_application(lang=args.lang)
    db_path = Path(os.environ["NEWSDESK_DATA_DIR"]) / "newsdesk.db"

    # first run on an empty database
    from app.ui.first_run import FirstRunDialog

    empty = Database(f"sqlite:///{Path(os.environ['NEWSDESK_DATA_DIR']) / 'empty.db'}")
    empty.upgrade(backup=False)
    fr = FirstRunDialog(Services.create(empty))
    fr.show()
    fr.load_demo()
    _settle(app)
    fr.grab().save(str(out / "first_run.png"))
    fr.close()
    empty.dispose()

    db = Database(f"sqlite:///{db_path}")
    db.upgrade(backup=False)
    svc = Services.create(db)
    load_demo(svc, password="screenshot-pass")

    from app.ui.login import LoginDialog

    login = LoginDialog(Settings(last_login="wangzd"), None)
    login.password.setText("screenshot-pass")
    login.show()
    _settle(app)
    login.grab().save(str(out / "login.png"))
    login.close()

    from app.ui.main_window import MainWindow

    me = svc.users.actor_by_login("wangzd")
    ref = parse_reference()
    ch = {c.name: c.id for c in svc.admin.channels()}
    src = svc.admin.ensure_source(None, "陇东报", "https://www.yybnet.net/")
    draft = svc.articles.create(
        me, title=ref["title"], body=ref["body"], dateline="本报讯", origin="reprint", source_id=src.id,
        source_url="https://www.yybnet.net/", original_author="王忠德", original_title=ref["title"],
        contributors=[Contributor("记者", "王忠德"), Contributor("特约记者", "李有安")],
        primary_channel_id=ch["泾川新闻"],
        summary="安宁区以“群众找服务”变“社区送服务”为主轴，倾力打造社区居民温馨家园。")
    w = MainWindow(svc, me, Settings())
    w.resize(1680, 1000)
    w.show()
    _settle(app, w)
    w.open_article(draft.id)
    _settle(app, w, 1.0)
    w.editor.suggest_keywords()
    _settle(app, w, 2.5)
    w.grab().save(str(out / "main.png"))

    w.show_side_panel(w.editor.proofing)
    w.editor.proofing.list.setCurrentRow(3)
    w.editor.proofing._goto(w.editor.proofing.list.item(3))
    _settle(app, w)
    w.grab().save(str(out / "proofing.png"))
    w.editor.close_article()
    w.ops.drain()
    w.close()
    db.dispose()
    for name in ("login", "first_run", "main", "proofing"):
        print(out / f"{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
