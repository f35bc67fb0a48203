"""The planning board (issue 18): the week board with 2,000 plans and 200 people.

    python benchmarks/bench_planning.py [--quick]

Figures (recorded with benchmarks.record, bench "planning"):
* open: from constructing the board to its week shown (reference lists and the week loaded off
  the UI thread, then the seven day columns and the person list filled) — all 2,000 plans fall
  in the shown week, the worst case; beside it the peer: seven bare QListWidgets filled with the
  same 2,000 lines, and the ratio;
* drag: a plan dropped on another day (the write and the reload off the UI thread, then the
  board refilled) — the time until it shows and the worst UI-thread stall (5 ms heartbeat), with
  the most UI-thread CPU between two beats, which other processes' load does not inflate.
Targets: open ≤ 150 ms; no stall over 50 ms while dragging.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

from benchmarks import quick, record  # noqa: E402
from benchmarks.bench_ui import Heartbeat, _wait  # noqa: E402


def build(path: Path, plans: int, people: int) -> tuple[object, object]:
    from app.core.clock import utcnow
    from app.core.db import Database
    from app.core.models import Plan, PlanAssignment, User, UserRole
    from app.core.security import hash_password
    from app.core.seed import seed_newsroom
    from app.core.services import Services

    db = Database(f"sqlite:///{path}")
    db.upgrade(backup=False)
    svc = Services.create(db)
    seed_newsroom(svc)
    svc.users.add(None, "zongbian", "总编辑", "bench-pass-123", ["chief_editor", "editor"])
    chief = svc.users.actor_by_login("zongbian")
    rng = random.Random(18)
    pw = hash_password("bench-pass-123")
    channels = [c.id for c in svc.admin.channels()]
    zone_today = utcnow().date()
    week = zone_today - timedelta(days=zone_today.weekday())
    now = utcnow()
    with db.session() as s:
        users = [User(login=f"r{i:03}", real_name=f"记者{i:03}", password_hash=pw) for i in range(people)]
        s.add_all(users)
        s.flush()
        s.add_all(UserRole(user_id=u.id, role="reporter") for u in users)
        rows = []
        for i in range(plans):
            rows.append(Plan(title=f"选题{i}：{rng.choice(['苹果节', '供暖', '道路', '学校', '医院'])}相关报道",
                             angle="角度说明" * 5, channel_id=rng.choice(channels),
                             planned_date=(week + timedelta(days=i % 7)).isoformat(),
                             deadline=now + timedelta(hours=rng.randint(-48, 96)), expected_chars=1500,
                             priority=rng.choice([0, 0, 0, 1, 2]), status=rng.choice(["proposed", "approved"]),
                             proposer_id=rng.choice(users).id))
        s.add_all(rows)
        s.flush()
        s.add_all(PlanAssignment(plan_id=p.id, user_id=rng.choice(users).id, role="记者") for p in rows)
    return svc, chief


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    small = args.quick or quick()
    n_plans, n_people, rounds = (500, 50, 3) if small else (2000, 200, 5)
    tmp = Path(tempfile.mkdtemp(prefix="nd-bench-plan-"))
    os.environ["NEWSDESK_DATA_DIR"] = str(tmp / "home")
    try:
        from PySide6.QtWidgets import QApplication, QHBoxLayout, QListWidget, QWidget

        app = QApplication.instance() or QApplication([])
        svc, chief = build(tmp / "plan.db", n_plans, n_people)
        from app.ui.app import freeze_long_lived
        from app.ui.ops import OpRunner
        from app.ui.planning.board import PlanBoard

        ops = OpRunner()
        # the app's state when a desk opens the board: its start-up objects (bindings, ORM, services)
        # are frozen out of the cyclic collector once the main window is up (app.ui.app); without
        # this a full collection walks them all on whichever thread triggers it (≈ 100 ms stalls)
        freeze_long_lived()
        opens, peers, open_cpu = [], [], []
        board = None
        for _ in range(rounds):
            if board is not None:
                board.deleteLater()
                app.processEvents()
            t, c = time.perf_counter(), time.process_time()
            board = PlanBoard(svc, chief, ops)
            board.resize(1366, 700)
            board.show()
            done: list[bool] = []
            board.loaded.connect(lambda d=done: d.append(True))
            board.start()
            _wait(app, lambda d=done: bool(d))
            opens.append((time.perf_counter() - t) * 1000)
            open_cpu.append((time.process_time() - c) * 1000)
            lines = [t for d in board.days for t in d.texts()]
            # the peer: the same lines in seven bare list widgets, no database
            t = time.perf_counter()
            w = QWidget()
            lay = QHBoxLayout(w)
            lists = [QListWidget() for _ in range(7)]
            for lst in lists:
                lay.addWidget(lst)
            for k, text in enumerate(lines):
                lists[k % 7].addItem(text)
            w.resize(1366, 700)
            w.show()
            app.processEvents()
            peers.append((time.perf_counter() - t) * 1000)
            w.deleteLater()
        shown = sum(board.days[i].count() for i in range(7))
        o, pe = statistics.median(opens), statistics.median(peers)
        record("planning", "week board open", o, "ms", target=150, n=n_plans, engine="sqlite",
               note=f"{shown} plans shown, {n_people} people; median of {rounds}")
        record("planning", "week board open: CPU of all threads", statistics.median(open_cpu), "ms", n=n_plans,
               note="load-immune: what the open costs on an idle machine, at most")
        record("planning", "peer: 7 bare QListWidgets with the same lines", pe, "ms", n=n_plans)
        record("planning", "open vs bare lists", o / pe if pe else None, "×", n=n_plans)

        moves, stalls, cpus = [], [], []
        for r in range(rounds):
            pid = board.days[r % 7].plan_ids()[0]
            p = board.plans[pid]
            target = (r + 1) % 7
            done = []
            conn = board.loaded.connect(lambda d=done: d.append(True))
            with Heartbeat() as hb:
                t = time.perf_counter()
                board._dropped_on_day(pid, target)
                _wait(app, lambda d=done: bool(d))
                moves.append((time.perf_counter() - t) * 1000)
            board.loaded.disconnect(conn)
            assert svc.plans.get(chief, pid).planned_date != p.planned_date
            stalls.append(hb.worst())
            cpus.append(hb.worst_cpu())
        record("planning", "drag to another day: shown after", statistics.median(moves), "ms", n=n_plans)
        record("planning", "drag: worst UI-thread stall", max(stalls), "ms", target=50, n=n_plans,
               note="wall clock, other processes' load included")
        record("planning", "drag: most UI-thread CPU between two heartbeats", max(cpus), "ms", target=50,
               n=n_plans)
        ops.drain()
        svc.db.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
