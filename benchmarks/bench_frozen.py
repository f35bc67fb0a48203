"""Start-up of the frozen NewsDesk (dist/newsdesk) against `python -m app`, printing figures.

    python benchmarks/bench_frozen.py [--runs 7] [--bundle dist/newsdesk]

Measured from process spawn, on the same machine, same data folder (a sample newsroom made once):
  version   `newsdesk --version`: interpreter + argparse, no database
  cli-db    `newsdesk user list --json`: imports SQLAlchemy, opens the embedded database
  qt        the bundle's Qt self-test (window with Chinese text painted offscreen, then exit) —
            the same code run by `python build_scripts/newsdesk_entry.py`
  gui-login `newsdesk gui --user … --password-env …` until the login is in the audit log (the
            main window is being built); the process is then ended
The first run of each (caches cold for that executable) is shown apart from the median of the rest.
Page caches are not dropped (the machine is shared): "cold" means first start after the others.
Every figure goes through benchmarks.record (bench "frozen"; engine "frozen" or "python").
--quick (or NEWSDESK_BENCH_QUICK=1): 2 runs per case. Without a bundle the figures are recorded
as not measured and the script exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IS_WIN = sys.platform == "win32"
PW = "Bench-start-2026"
sys.path.insert(0, str(ROOT))

from benchmarks import quick, record  # noqa: E402

BENCH = "frozen"


def env_for(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "QT_"))}
    env.update(NEWSDESK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen", NEWSDESK_PW=PW,
               PYTHONPATH=str(ROOT), QT_API="pyside6")
    env.update(extra)
    return env


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, cwd=ROOT, timeout=300)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{cmd} exited {p.returncode}: {p.stderr.decode(errors='replace')[-800:]}")
    return dt


def until_login(cmd: list[str], env: dict[str, str], db: Path) -> float:
    def logins() -> int:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as c:
            return c.execute("select count(*) from audit_log where action='login'").fetchone()[0]

    before = logins()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        while True:
            if logins() > before:
                return time.perf_counter() - t0
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd} exited {proc.returncode} before logging in")
            if time.perf_counter() - t0 > 120:
                raise RuntimeError(f"{cmd}: no login after 120 s")
            time.sleep(0.01)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--bundle", type=Path, default=ROOT / "dist" / "newsdesk")
    ap.add_argument("--quick", action="store_true", help="2 runs per case")
    args = ap.parse_args()
    if args.quick or quick():
        args.runs = min(args.runs, 2)
    exe = args.bundle / ("newsdesk-cli.exe" if IS_WIN else "newsdesk")
    if not exe.is_file():
        print(f"no bundle at {args.bundle}: python build_scripts/build.py first", file=sys.stderr)
        record(BENCH, "start-up of the frozen bundle", None, "ms", engine="frozen",
               note="not measured: no bundle, run python build_scripts/build.py")
        return 0
    gui_exe = args.bundle / ("NewsDesk.exe" if IS_WIN else "newsdesk")
    data = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    try:
        try:
            subprocess.run([str(exe), "demo", "--password", PW], env=env_for(data), check=True, capture_output=True,
                           timeout=300)
        except (OSError, subprocess.SubprocessError) as exc:  # a bundle half rebuilt, say
            print(f"the bundle's `newsdesk demo` failed: {exc}", file=sys.stderr)
            record(BENCH, "start-up of the frozen bundle", None, "ms", engine="frozen",
                   note=f"not measured: the bundle's demo failed ({type(exc).__name__})")
            return 0
        db = data / "newsdesk.db"
        py = [sys.executable, "-m", "app"]
        entry = [sys.executable, str(ROOT / "build_scripts" / "newsdesk_entry.py")]
        cases = [
            ("version", lambda f: timed(([str(exe)] if f else py) + ["--version"], env_for(data))),
            ("cli-db", lambda f: timed(([str(exe)] if f else py) + ["user", "list", "--json"], env_for(data))),
            ("qt", lambda f: timed([str(exe)] if f else entry, env_for(data, NEWSDESK_BUNDLE_SELFTEST="qt"))),
            ("gui-login", lambda f: until_login(([str(gui_exe)] if f else py)
                                                + ["gui", "--user", "zongbian", "--password-env", "NEWSDESK_PW"],
                                                env_for(data), db)),
        ]
        print(f"start-up, ms from spawn (first run | median of {args.runs - 1} more), {sys.platform}, "
              f"{os.cpu_count()} CPUs")
        print(f"{'case':10} {'frozen first':>13} {'frozen med':>11} {'python first':>13} {'python med':>11} {'ratio':>6}")
        for name, fn in cases:
            row = {}
            try:
                for frozen in (True, False):
                    times = [fn(frozen) for _ in range(args.runs)]
                    row[frozen] = (times[0] * 1000, statistics.median(times[1:]) * 1000)
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:  # e.g. a bundle being rebuilt
                print(f"{name:10} failed: {exc}", file=sys.stderr)
                record(BENCH, f"{name}: start-up", None, "ms", note=f"not measured: {str(exc)[:80]}")
                continue
            ratio = row[True][1] / row[False][1]
            print(f"{name:10} {row[True][0]:13.0f} {row[True][1]:11.0f} {row[False][0]:13.0f} "
                  f"{row[False][1]:11.0f} {ratio:6.2f}")
            for frozen in (True, False):
                engine = "frozen" if frozen else "python"
                record(BENCH, f"{name}: first run", row[frozen][0], "ms", engine=engine, note="from spawn")
                record(BENCH, f"{name}: median of {args.runs - 1} more", row[frozen][1], "ms", engine=engine,
                       note="from spawn")
            record(BENCH, f"{name}: frozen / python (medians)", ratio, "×")
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
