"""Screenshots of the publishing UI for the README: the publish queue (jobs delivered, failed,
retrying, waiting, cancelled for two portals) and the export dialog after an export, on a fresh
sample newsroom (SQLite in a temporary folder), in Chinese.

    QT_QPA_PLATFORM=offscreen python build_scripts/screenshots_publishing.py [out_dir]

Writes publish-queue.png and export-dialog.png (default: docs/screenshots/). The jobs are
delivered for real to the test portal (tests/publish/portal_server.py) on 127.0.0.1; secrets go
to a file keyring in the temporary folder."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
os.environ["NEWSDESK_NO_BROWSER"] = "1"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(out: Path) -> list[Path]:
    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-pubshots-"))
    os.environ["NEWSDESK_DATA_DIR"] = str(tmp)
    from PySide6.QtCore import QCoreApplication

    from app.core.db import Database
    from app.core.seed import load_demo, seed_newsroom
    from app.core.services import Services
    from app.publish import secrets
    from app.publish.outbox import Outbox
    from app.ui.app import create_application
    from app.ui.main_window import MainWindow
    from app.ui.publishing import worker as delivery
    from tests.publish.portal_server import PortalServer, publish_new, use_file_keyring

    app = create_application(lang="zh_CN")
    db = Database(f"sqlite:///{tmp / 'shots.db'}")
    db.upgrade(backup=False)
    svc = Services.create(db)
    seed_newsroom(svc)
    load_demo(svc, password="screenshot-pass")
    use_file_keyring(tmp / "keyring.cfg")
    admin = svc.users.actor_by_login("admin")
    chief = svc.users.actor_by_login("zongbian")
    shots: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)

    with PortalServer("shot-token") as portal:
        svc.targets.add(admin, "平凉新闻网", "portal", portal.url, options={"timeout": 3})
        secrets.set_secret("平凉新闻网", "shot-token")
        # a second portal that is down (nothing listens): its jobs wait for the next attempt
        svc.targets.add(admin, "甘肃新闻门户", "portal", "http://127.0.0.1:9/", options={"timeout": 1})
        secrets.set_secret("甘肃新闻门户", "shot-token")
        titles = ["泾川县高平镇千亩苹果园喜获丰收", "崆峒区新建三处城市书房", "静宁县界石铺镇举办红色文化讲座",
                  "灵台县新开通两条城乡公交线路"]
        articles = [publish_new(svc, t, f"本报讯 {t}。详细报道见正文。") for t in titles]
        portal.state.faults.append("413")  # the portal refuses the first one: failed with its message
        Outbox(svc).run_once()
        later = publish_new(svc, "华亭市举办首届农民丰收节", "本报讯 华亭市举办首届农民丰收节。")
        jobs = svc.targets.jobs(article_id=later.id)
        svc.targets.cancel(chief, next(j.id for j in jobs if j.target_name == "甘肃新闻门户"))
        publish_new(svc, "庄浪县梯田花海迎来游客高峰", "本报讯 庄浪县梯田花海迎来游客高峰。")
        del articles

        delivery.DeliveryWorker.start = lambda self: None  # type: ignore[method-assign] # a still picture
        w = MainWindow(svc, chief)
        w.resize(1500, 860)
        w.show()
        w.ops.drain()
        w.show_page("publish_queue")
        page = w.publishing.queue
        page.refresh()
        w.ops.drain()
        failed = next((r for r in page.model.rows if r.state == "failed"), None)
        if failed is not None:
            page.select_job(failed.id)
        app.processEvents()
        shots.append(out / "publish-queue.png")
        w.grab().save(str(shots[-1]))

        dlg = w.publishing.show_export_dialog()
        dlg.folder.setText(str(tmp / "site"))
        dlg.start()
        deadline = time.monotonic() + 300
        while dlg.running and time.monotonic() < deadline:
            w.ops.drain()
            QCoreApplication.processEvents()
        app.processEvents()
        shots.append(out / "export-dialog.png")
        dlg.grab().save(str(shots[-1]))
        dlg.close()
        w.publishing.stop()
        w.close()
    db.dispose()
    return shots


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for p in main(target):
        print(p)
