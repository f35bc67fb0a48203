"""Peak memory of the app, and that it does not grow with the number of articles.

    python benchmarks/bench_memory.py [--quick] [--sizes 1000,10000,100000] [--runs 3]
                                      [--users wangzd,zongbian]

For each N (1,000, 10,000 and 100,000; --quick: 500 and 2,000) it builds a SQLite newsroom
(the sample newsroom plus N articles bulk-inserted by bench_ui.bulk_articles — 2/3 published,
1/3 drafts of the reporter — and their search index), then runs the real app in a subprocess of
its own (offscreen, this script with --child): it opens the database the way the app does
(app.bootstrap.open_database), logs in (UserService.authenticate, argon2id), builds and shows
the real MainWindow (its first list page: "My drafts", N/3 articles), switches to "Published",
scrolls 10 pages of the list, types a search in the search box (安宁区: a few thousand hits at
100k), opens the first hit in the editor and lets it settle. At the end the child reports its
peak resident set (VmHWM from /proc/self/status; ru_maxrss elsewhere) and the resident set after
each step. It does so as a reporter (wangzd) and as the chief editor (zongbian, whose desk adds
the review queue, the dashboard and the background delivery of the outbox); --quick: the chief
editor only, N = 500 and 2,000, one run each.

Figures (benchmarks.record, bench "memory"), per user: peak RSS per N (median of --runs
children), the ratio peak(largest N) / peak(smallest N) (target ≤ 1.2: flat in N, issue 8), and
the growth in MB.
The largest N's resident set after each step is printed, to show where memory goes if it grows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import quick, record  # noqa: E402

BENCH = "memory"
PW = "bench-pass-123"
TARGET_RATIO = 1.2


# ---------------------------------------------------------------------------- the child: the app
def _rss_kb() -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(("VmHWM:", "VmRSS:")):
                out[line.split(":")[0]] = int(line.split()[1])
    except OSError:
        pass
    try:
        import resource  # not on Windows

        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out["ru_maxrss"] = maxrss // 1024 if sys.platform == "darwin" else maxrss  # bytes on macOS
    except ImportError:
        out["ru_maxrss"] = 0
    return out


def child(url: str, user: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["NEWSDESK_DATABASE_URL"] = url
    os.environ["NEWSDESK_NO_BROWSER"] = "1"
    from app.ui import app as gui

    gui.hold_gc()  # as run_gui does: no cyclic GC during start-up, then gc.freeze()
    from app.bootstrap import open_database
    from app.core.settings import load_settings

    settings = load_settings()
    qapp = gui.create_application(lang="zh_CN")
    stages: dict[str, int] = {"qt": _rss_kb().get("VmRSS", 0)}
    opened = open_database(settings)
    actor = opened.services.users.authenticate(user, PW)
    from app.ui.main_window import MainWindow

    gui.release_gc()
    stages["logged in"] = _rss_kb().get("VmRSS", 0)

    def settle(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            qapp.processEvents()
            time.sleep(0.002)

    def wait(cond, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
        end = time.perf_counter() + timeout
        while not cond():
            if time.perf_counter() > end:
                raise TimeoutError("the app did not get there in time")
            qapp.processEvents()
            time.sleep(0.005)

    w = MainWindow(opened.services, actor, settings)
    w.resize(1400, 900)
    w.show()
    model, view = w.list_model, w.list_view
    wait(lambda: model.query() is not None and not model._fetching)
    settle(0.5 if quick() else 1.0)  # icons, navigator counts, the desk's first refresh
    w.ops.drain()
    stages["main window, first list page"] = _rss_kb().get("VmRSS", 0)

    w.select_navigator("published")
    wait(lambda: not model._fetching)
    sb = view.verticalScrollBar()
    for _ in range(10):
        rows = model.rowCount()

        def at_end(rows: int = rows) -> bool:
            # the scroll bar's range follows the new rows at the next layout: keep at the end
            # (as a user holding End would) until the view has asked for the next page
            sb.setValue(sb.maximum())
            return model.rowCount() > rows or (not model.canFetchMore() and not model._fetching)

        wait(at_end)
        settle(0.02)
    stages[f"scrolled 10 pages ({model.rowCount():,} rows)"] = _rss_kb().get("VmRSS", 0)

    for ch in "安宁区":
        w.search.insert(ch)
        settle(0.12)
    wait(lambda: model.query().text == "安宁区" and not model._fetching)
    settle(0.2)
    hits = model.total
    stages[f"search 安宁区 ({hits:,} hits)"] = _rss_kb().get("VmRSS", 0)

    aid = model.data(model.index(0, 0), 256) if model.rowCount() else None  # Qt.UserRole: the id
    if aid is not None:
        w.open_article(int(aid))
        wait(lambda: w.editor.article is not None and w.editor.article.id == int(aid))
        settle(0.5 if quick() else 1.0)  # preview, proofing, keyword suggestions
        w.ops.drain()
    stages["article open in the editor"] = _rss_kb().get("VmRSS", 0)
    rss = _rss_kb()
    print("MEMORY " + json.dumps({"hwm_kb": rss.get("VmHWM") or rss["ru_maxrss"], "rss": rss, "stages": stages,
                                  "hits": hits, "opened": aid is not None}, ensure_ascii=False), flush=True)
    w.editor.close_article()
    w.close()
    opened.services.db.dispose()
    return 0


# ---------------------------------------------------------------------------- the parent
def build(folder: Path, n: int) -> tuple[str, float]:
    from app.core.db import Database
    from app.core.seed import load_demo
    from app.core.services import Services
    from benchmarks.bench_ui import bulk_articles

    url = f"sqlite:///{folder / 'newsdesk.db'}"
    db = Database(url)
    db.upgrade(backup=False)
    svc = Services.create(db)
    load_demo(svc, password=PW)
    secs = bulk_articles(svc, n)
    db.dispose()
    return url, secs


def run_child(url: str, data: Path, user: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEWSDESK_DATA_DIR=str(data), PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", url, "--user", user], env=env,
                       capture_output=True, text=True, timeout=600, cwd=ROOT)
    for line in p.stdout.splitlines():
        if line.startswith("MEMORY "):
            return json.loads(line[len("MEMORY "):])
    raise RuntimeError(f"the app exited {p.returncode} without a figure: {(p.stderr or p.stdout)[-1500:]}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="N = 500 and 2,000, one run each, chief editor only")
    ap.add_argument("--sizes", help="comma list of N (default 1000,10000,100000)")
    ap.add_argument("--runs", type=int, default=3, help="app runs per N (the median is reported)")
    ap.add_argument("--users", help="comma list of logins (default wangzd,zongbian; quick: zongbian)")
    ap.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    ap.add_argument("--user", default="wangzd", help=argparse.SUPPRESS)  # the child's login
    a = ap.parse_args()
    if a.child:
        return child(a.child, a.user)
    small = a.quick or quick()
    sizes = [int(x) for x in a.sizes.split(",")] if a.sizes else ([500, 2_000] if small else
                                                                  [1_000, 10_000, 100_000])
    users = [u.strip() for u in (a.users or ("zongbian" if small else "wangzd,zongbian")).split(",") if u.strip()]
    runs = 1 if small else a.runs
    peaks: dict[tuple[str, int], float] = {}
    last: dict[str, dict] = {}
    for n in sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"nd-bench-mem-{n}-"))
        try:
            url, secs = build(folder, n)
            print(f"N = {n:,}: newsroom built in {secs:.1f} s ({(folder / 'newsdesk.db').stat().st_size / 2**20:.0f} MB)",
                  flush=True)
            for user in users:
                results = [run_child(url, folder, user) for _ in range(runs)]
                peak = statistics.median(r["hwm_kb"] for r in results) / 1024
                peaks[user, n] = peak
                last[user] = results[-1]
                note = (f"median of {runs} app run(s): login, list, 10 pages, search ({last[user]['hits']:,} hits)"
                        + (", editor" if last[user]["opened"] else ""))
                record(BENCH, f"peak RSS of the app, {user}", peak, "MB", n=n, engine="sqlite", note=note)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    for user, res in last.items():
        print(f"resident set after each step ({user}, N = {sizes[-1]:,}, last run):")
        for stage, kb in res["stages"].items():
            print(f"  {stage:<42} {kb / 1024:8.1f} MB")
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        for user in users:
            ratio = peaks[user, hi] / peaks[user, lo]
            record(BENCH, f"peak RSS ratio N = {hi:,} / N = {lo:,}, {user}", ratio, "×", target=TARGET_RATIO, n=hi,
                   engine="sqlite", note="flat in N")
            record(BENCH, f"peak RSS growth N = {lo:,} → {hi:,}, {user}", peaks[user, hi] - peaks[user, lo], "MB",
                   n=hi, engine="sqlite")
            if ratio > TARGET_RATIO:
                print(f"MISS: {user}'s peak memory grows with N ({ratio:.2f}× from {lo:,} to {hi:,} articles; "
                      f"target ≤ {TARGET_RATIO}×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
