"""Screenshots of the planning board (选题) at 1366×768 in Chinese and English, on a fresh sample
newsroom with a week of plans (SQLite in a temporary folder).

    QT_QPA_PLATFORM=offscreen python build_scripts/screenshots_planning.py [out_dir]

Writes planning-board-zh.png, planning-board-en.png and planning-people-zh.png
(default: docs/screenshots/)."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLANS = [  # day offset, title, channel, proposer, state, people
    (0, "泾川县苹果节开幕", "泾川新闻", "wangzd", "approved", [("wangzd", "记者"), ("liyouan", "摄影")]),
    (0, "崆峒区冬季供暖检查", "平凉新闻", "liyouan", "in_progress", [("liyouan", "记者")]),
    (0, "静宁县界石铺镇红色文化讲座", "静宁新闻", "zhangmin", "proposed", []),
    (1, "华亭市煤矿安全生产大检查", "华亭新闻", "wangzd", "pending", []),
    (1, "灵台县皇甫谧文化园游客增多", "灵台新闻", "zhangmin", "approved", [("zhangmin", "记者")]),
    (2, "崇信县龙泉寺修缮完工", "崇信新闻", "liyouan", "rejected", []),
    (2, "庄浪梯田冬季景观", "庄浪新闻", "wangzd", "approved", [("wangzd", "记者"), ("liyouan", "摄影")]),
    (3, "平凉市中小学冬季运动会", "平凉新闻", "zhangmin", "proposed", []),
    (4, "泾川县王母宫庙会筹备", "泾川新闻", "liyouan", "approved", [("liyouan", "记者")]),
]


def main(out: Path) -> list[Path]:
    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-shots-"))
    os.environ["NEWSDESK_DATA_DIR"] = str(tmp)
    from app.core.clock import utcnow
    from app.core.db import Database
    from app.core.seed import load_demo, seed_newsroom
    from app.core.services import Services
    from app.ui import i18n
    from app.ui.app import create_application
    from app.ui.main_window import MainWindow

    app = create_application(lang="zh_CN")
    db = Database(f"sqlite:///{tmp / 'shots.db'}")
    db.upgrade(backup=False)
    svc = Services.create(db)
    seed_newsroom(svc)
    load_demo(svc, password="screenshot-pass")
    who = {u.login: svc.users.actor_by_login(u.login) for u in svc.users.list()}
    chief = who["zongbian"]
    ch = {c.name: c.id for c in svc.admin.channels()}
    today = utcnow().date()
    monday = today - timedelta(days=today.weekday())
    for offset, title, channel, proposer, state, people in PLANS:
        p = svc.plans.propose(who[proposer], title, monday + timedelta(days=offset), channel_id=ch[channel],
                              expected_chars=1500)
        if state == "pending":
            svc.plans.shortlist(chief, p.id)
        elif state == "rejected":
            svc.plans.reject(chief, p.id, "与上周稿件重复")
        elif state in ("approved", "in_progress"):
            svc.plans.approve(chief, p.id)
            late = offset == 0 and state == "approved"
            svc.plans.assign(chief, p.id, [(who[x].id, r) for x, r in people],
                             deadline=utcnow() + timedelta(hours=-2 if late else 30))
            if state == "in_progress":
                svc.plans.start_story(who[people[0][0]], p.id)

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in ("zh_CN", "en"):
        if lang == "en":
            i18n.install(app, "en")
        w = MainWindow(svc, chief)
        w.resize(1366, 768)
        w.show()
        w.ops.drain()
        w.show_page("planning")
        w.ops.drain()
        w.ops.drain()
        board = w.planning
        first = next((p for p in board.plans.values() if p.status == "approved"), None)
        if first is not None:
            board.select(first.id)
        app.processEvents()
        path = out / f"planning-board-{'zh' if lang == 'zh_CN' else 'en'}.png"
        w.grab().save(str(path))
        written.append(path)
        if lang == "zh_CN":
            board.view.setCurrentIndex(1)
            app.processEvents()
            path = out / "planning-people-zh.png"
            w.grab().save(str(path))
            written.append(path)
        w.ops.drain()
        w.close()
    db.dispose()
    return written


if __name__ == "__main__":
    for p in main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"):
        print(p)
