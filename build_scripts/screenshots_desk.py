"""Screenshots of the editor's desk for the README: the review queue, a revision diff and the
dashboard, on a fresh sample newsroom (SQLite in a temporary folder), in Chinese.

    QT_QPA_PLATFORM=offscreen python build_scripts/screenshots_desk.py [out_dir]

Writes desk-queue.png, desk-diff.png and desk-dashboard.png (default: docs/screenshots/)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(out: Path) -> list[Path]:
    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-shots-"))
    os.environ["NEWSDESK_DATA_DIR"] = str(tmp)
    from app.core.db import Database
    from app.core.seed import load_demo, seed_newsroom
    from app.core.services import Services
    from app.core.services.articles import ArticleQuery
    from app.ui.app import create_application
    from app.ui.desk.window import DeskWindow

    app = create_application(lang="zh_CN")
    db = Database(f"sqlite:///{tmp / 'shots.db'}")
    db.upgrade(backup=False)
    svc = Services.create(db)
    seed_newsroom(svc)
    load_demo(svc, password="screenshot-pass")
    users = {u.login: svc.users.actor_by_login(u.login) for u in svc.users.list()}
    wang, li, ed, chief = users["wangzd"], users["liyouan"], users["chushen"], users["zongbian"]
    ch = {c.name: c.id for c in svc.admin.channels()}

    # a few more articles waiting, so the queue looks like a working morning
    for author, title, body, channel in (
        (li, "泾川县高平镇千亩苹果园喜获丰收", "泾川县高平镇千亩苹果园迎来采摘季，果农忙着分拣装箱。", "泾川新闻"),
        (wang, "崆峒区新建三处城市书房", "崆峒区新建的三处城市书房正式向市民开放。", "平凉新闻"),
        (users["zhangmin"], "静宁县界石铺镇举办红色文化讲座", "静宁县界石铺镇举办红色文化讲座，百余名群众参加。",
         "静宁新闻"),
    ):
        a = svc.articles.create(author, title=title, body=body, dateline="本报讯", primary_channel_id=ch[channel])
        svc.review.submit(author, a.id)

    # an article with a reporter's draft and the editor's changes: the diff
    body1 = ("本报讯 近日，泾川县王母宫庙会开幕，来自周边县区的游客纷纷前来祈福游玩。\n\n"
             "庙会期间，主办方安排了秦腔演出、非遗展示和特色小吃等活动，吸引了众多群众参与。\n\n"
             "据悉，本届庙会将持续七天。")
    body2 = ("本报讯 4月15日，泾川县王母宫庙会开幕，来自平凉、庆阳等地的游客纷纷前来游览。\n\n"
             "庙会期间，泾川县文体广电局安排了秦腔演出、非遗展示和特色小吃等活动，吸引了众多群众参与。\n\n"
             "据悉，本届庙会将持续七天，至4月21日结束。")
    a = svc.articles.create(wang, title="王母宫庙会开幕", body=body1, dateline="本报讯", primary_channel_id=ch["泾川新闻"],
                            keywords=["王母宫"])
    svc.review.submit(wang, a.id)
    cur = svc.articles.get(ed, a.id)
    svc.articles.save(ed, a.id, {"title": "泾川县王母宫庙会开幕", "body": body2, "keywords": ["王母宫", "庙会"],
                                 "secondary_channel_ids": [ch["平凉新闻"]], "is_hot": True}, cur.version)
    diff_id = a.id
    busy = next(r.id for r in svc.articles.list(ed, ArticleQuery(limit=50)).rows if "高平镇" in r.title)
    svc.articles.acquire_lease(users["fushen"], busy)  # a colleague is editing one: the queue shows it

    shots = []
    out.mkdir(parents=True, exist_ok=True)

    w = DeskWindow(svc, ed, live=False, due=False)
    w.resize(1500, 860)
    w.show()
    w.ops.drain()
    first = w.desk.queue.model.rows[0].id
    w.desk.queue.table.selectRow(0)
    w.open_article(first)
    w.ops.drain()
    app.processEvents()
    shots.append(out / "desk-queue.png")
    w.grab().save(str(shots[-1]))

    w.open_article(diff_id)
    w.ops.drain()
    w.panels.setCurrentWidget(w.desk.history)
    w.desk.history.mode.setCurrentIndex(1)
    w.ops.drain()
    hist = w.desk.history
    hist.resize(900, 760)
    hist.setWindowTitle("修改历史")
    hist.setParent(None)
    hist.show()
    hist.ops.drain()
    app.processEvents()
    shots.append(out / "desk-diff.png")
    hist.grab().save(str(shots[-1]))
    hist.close()

    chief_w = DeskWindow(svc, chief, live=False, due=False)
    dash = chief_w.desk.dashboard
    dash.setParent(None)
    dash.setWindowTitle("概览")
    dash.resize(1100, 720)
    dash.show()
    dash.reload()
    chief_w.ops.drain()
    app.processEvents()
    shots.append(out / "desk-dashboard.png")
    dash.grab().save(str(shots[-1]))
    db.dispose()
    return shots


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for p in main(target):
        print(p)
