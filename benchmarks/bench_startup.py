"""Start-up beside a peer: NewsDesk "ready" (spawn → login dialog → logged in → main window with
its first list page) against ReText (PyQt6 Markdown editor: spawn → main window painted), in
the same run, interleaved round by round, offscreen.

    python benchmarks/bench_startup.py [--quick] [--rounds N] [--compiled-only] [--baseline DIR]

NewsDesk is measured twice per round: with its modules not byte-compiled (what an editable
install under PYTHONDONTWRITEBYTECODE=1 always was) and compiled (``compileall``, as
``app.bootstrap.compile_later`` leaves them after a first start, and as wheels and frozen
builds ship them). ReText comes from ``NEWSDESK_BENCH_RETEXT_PYTHON`` (an interpreter where
``import ReText`` works, e.g. a venv with ``pip install retext PyQt6``: PyQt6 beside PySide6 in
one environment would let QtPy pick the wrong binding), else /opt/h21-retext-venv, else this
interpreter; without it its figures are recorded as not measured, with the reason.

``--baseline DIR`` measures another checkout of NewsDesk (e.g. a second worktree at main's head)
in the same rounds, compiled, with the same interpreter and data: before and after, interleaved.
``--compiled-only`` skips the not-compiled runs (shorter rounds on a busy machine).

Each round also times a floor: a process that makes NewsDesk's QApplication and imports the
main window's modules (which import the services, SQLAlchemy and the models), then exits — what
any start must do before its list can show, under today's module structure.

Figures: medians of the wall time from spawn (load on a shared machine inflates them; the load
is recorded with each) and the CPU seconds of the whole child process (its exit included), which
that load does not inflate; ratios NewsDesk / ReText.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import quick, record  # noqa: E402

RETEXT_PROBE = r'''
import sys, time
from PyQt6.QtCore import QEvent, QObject, QTimer
from PyQt6.QtWidgets import QApplication
import ReText.window as rw
class F(QObject):
    done = False
    def eventFilter(self, o, e):
        if not F.done and e.type() == QEvent.Type.Paint and o.isWidgetType() and o.window().inherits("QMainWindow"):
            F.done = True
            def fire():
                print(f"ready {time.time():.6f}", flush=True)
                QApplication.instance().quit()
            QTimer.singleShot(0, fire)
        return False
_f = F()
_show = rw.ReTextWindow.show
def show(self):
    QApplication.instance().installEventFilter(_f)
    return _show(self)
rw.ReTextWindow.show = show
if __name__ == "__main__":
    sys.argv = ["retext"]
    from ReText.__main__ import main
    main()
'''


# What every NewsDesk start runs before its list can show, whatever the order: Qt's application
# and the main window's modules (they import the services, SQLAlchemy and the models at module
# level), then exit — no window, no database, no password check. A floor for "ready" under
# today's module structure, measured beside ReText (the note on the start-up target in RESULTS.md).
FLOOR_PROBE = r'''
import os, time
os.environ.setdefault("QT_API", "pyside6")
from app.ui.app import PRELOAD, create_application
create_application()
import importlib
for name in PRELOAD:
    importlib.import_module(name)
print(f"ready {time.time():.6f}", flush=True)
'''


def retext_python() -> tuple[str | None, str]:
    for cand in (os.environ.get("NEWSDESK_BENCH_RETEXT_PYTHON"), "/opt/h21-retext-venv/bin/python", sys.executable):
        if cand and Path(cand).exists():
            ok = subprocess.run([cand, "-c", "import ReText, PyQt6"], capture_output=True).returncode == 0
            if ok:
                return cand, ""
    return None, "ReText (PyQt6) is not installed: pip install retext PyQt6 into a venv, set NEWSDESK_BENCH_RETEXT_PYTHON"


def spawn(args: list[str], env: dict[str, str], key: str = "ready",
          cwd: Path = ROOT) -> tuple[float, float, float]:
    """(ms from spawn to the ``key`` line, CPU seconds of the child and its children, ms to the
    first paint — NewsDesk's login dialog — or NaN)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, cwd=str(cwd))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    marks: dict[str, float] = {}
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in (key, *MARKS):
            marks.setdefault(parts[0], (float(parts[1]) - t0) * 1000)
    if key not in marks:
        print(p.stdout[-500:], p.stderr[-1500:])
    LAST_MARKS.clear()
    LAST_MARKS.update(marks)
    return marks.get(key, float("nan")), cpu, marks.get("first_paint", float("nan"))


# NewsDesk's --probe-startup marks, in order (the last run's, for the per-step medians)
MARKS = ("first_paint", "db_open", "login_done", "ready")
LAST_MARKS: dict[str, float] = {}


def steps(runs: list[dict[str, float]]) -> str:
    """Median ms to the login dialog, then from mark to mark."""
    def med(f):  # type: ignore[no-untyped-def]
        vals = [f(m) for m in runs if all(k in m for k in MARKS)]
        return statistics.median(vals) if vals else float("nan")
    parts = [f"dialog {med(lambda m: m['first_paint']):.0f}"]
    for a, b, name in zip(MARKS[:-1], MARKS[1:], ("+database open", "+logged in", "+list shown"), strict=True):
        parts.append(f"{name} {med(lambda m, a=a, b=b: m[b] - m[a]):.0f}")
    return ", ".join(parts) + " ms"


def press_to_ready(runs: list[dict[str, float]]) -> float:
    """Median ms from "Log in" to the list shown: the probe presses it the moment the database is
    open (a person types the password while it opens), so ready − db_open. It holds the password
    check (argon2id), the audit gate, the main window and its first list page."""
    vals = [m["ready"] - m["db_open"] for m in runs if "ready" in m and "db_open" in m]
    return statistics.median(vals) if vals else float("nan")


def uncompile(pkg: Path) -> None:
    for d in pkg.rglob("__pycache__"):
        shutil.rmtree(d, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--compiled-only", action="store_true", help="skip the runs without byte-compiled modules")
    ap.add_argument("--baseline", metavar="DIR", type=Path,
                    help="another NewsDesk checkout measured in the same rounds (compiled): before/after")
    a = ap.parse_args(argv)
    rounds = a.rounds or (2 if a.quick or quick() else 7)
    data = Path(tempfile.mkdtemp(prefix="nd-bench-startup-"))
    env = dict(os.environ, NEWSDESK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen", ND_BENCH_PW="bench-pass-123",
               PYTHONPATH=str(ROOT), HOME=str(data), XDG_CONFIG_HOME=str(data / "config"))
    env.pop("NEWSDESK_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "app", "demo", "--password", "bench-pass-123"], env=env, cwd=str(ROOT),
                   capture_output=True, check=True, timeout=300)
    ours_cmd = [sys.executable, "-m", "app", "gui", "--probe-startup", "--user", "wangzd", "--password-env",
                "ND_BENCH_PW"]
    rt_py, why = retext_python()
    probe = data / "retext_probe.py"
    probe.write_text(RETEXT_PROBE, "utf-8")
    pkg = ROOT / "app"
    floor_probe = data / "floor_probe.py"
    floor_probe.write_text(FLOOR_PROBE, "utf-8")
    res: dict[str, list[tuple[float, float, float]]] = {"plain": [], "compiled": [], "baseline": [], "retext": [],
                                                        "floor": []}
    marks: dict[str, list[dict[str, float]]] = {"compiled": [], "baseline": []}
    base_env = None
    if a.baseline is not None:
        base = a.baseline.resolve()
        # its own data folder, made by its own code: a database this checkout migrated further
        # than the baseline knows would stop it at an error dialog (and the round at the timeout)
        base_data = data / "baseline"
        base_env = dict(env, PYTHONPATH=str(base), NEWSDESK_DATA_DIR=str(base_data), HOME=str(base_data),
                        XDG_CONFIG_HOME=str(base_data / "config"))
        subprocess.run([sys.executable, "-m", "app", "demo", "--password", "bench-pass-123"], env=base_env,
                       cwd=str(base), capture_output=True, check=True, timeout=300)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(base / "app")], check=True, capture_output=True)
    loads: list[float] = []
    print(f"{rounds} rounds, interleaved; ReText: {rt_py or why}")
    for r in range(rounds):
        loads.append(os.getloadavg()[0])
        if not a.compiled_only:
            uncompile(pkg)
            res["plain"].append(spawn(ours_cmd, env))
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(pkg)], check=True, capture_output=True)
        res["compiled"].append(spawn(ours_cmd, env))
        marks["compiled"].append(dict(LAST_MARKS))
        if base_env is not None:
            res["baseline"].append(spawn(ours_cmd, base_env, cwd=a.baseline.resolve()))
            marks["baseline"].append(dict(LAST_MARKS))
        res["floor"].append(spawn([sys.executable, str(floor_probe)], env))
        if rt_py:
            res["retext"].append(spawn([rt_py, str(probe)], env))
        print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1][0]:.0f} ms / {v[-1][1]:.2f} CPU-s" for k, v in res.items() if v)
              + f" (load {loads[-1]:.1f})", flush=True)
    # leave the worktree compiled, as compile_later would
    note = f"median of {rounds}, load {min(loads):.1f}–{max(loads):.1f}"

    def med(k: str, i: int) -> float:
        return statistics.median(x[i] for x in res[k]) if res[k] else float("nan")

    def paired(a: str, b: str, i: int) -> float:
        return statistics.median(x[i] / y[i] for x, y in zip(res[a], res[b], strict=True))

    if res["plain"]:
        record("startup", "NewsDesk ready, modules not compiled (spawn → list shown)", med("plain", 0), "ms",
               engine="sqlite", note=note)
    record("startup", "NewsDesk ready, compiled modules", med("compiled", 0), "ms", engine="sqlite", note=note)
    record("startup", "NewsDesk first paint (login dialog), compiled", med("compiled", 2), "ms", note=note)
    print(f"  --probe-startup marks, compiled: {steps(marks['compiled'])}")
    record("startup", "NewsDesk from Log in pressed to list shown, compiled (ready − database open)",
           press_to_ready(marks["compiled"]), "ms", note=note)
    if marks["baseline"]:
        print(f"  --probe-startup marks, baseline: {steps(marks['baseline'])}")
    if res["plain"]:
        record("startup", "NewsDesk CPU, not compiled (whole run)", med("plain", 1), "s", note=note)
    if res["baseline"]:
        record("startup", f"baseline {a.baseline} ready, compiled", med("baseline", 0), "ms", note=note)
        record("startup", f"baseline {a.baseline} first paint, compiled", med("baseline", 2), "ms", note=note)
        record("startup", f"baseline {a.baseline} CPU, compiled", med("baseline", 1), "s", note=note)
    record("startup", "NewsDesk CPU, compiled (whole run)", med("compiled", 1), "s", note=note)
    record("startup", "NewsDesk floor: QApplication + the main window's modules (services, SQLAlchemy, models) "
           "imported — no window, database or password", med("floor", 0), "ms", note=note)
    if rt_py:
        record("startup", "ReText ready (spawn → window painted)", med("retext", 0), "ms", note=note)
        record("startup", "ReText CPU (whole run, its converter process included)", med("retext", 1), "s", note=note)
        record("startup", "NewsDesk ready / ReText ready (compiled)", med("compiled", 0) / med("retext", 0), "×",
               target=1.0, note=note)
        if res["plain"]:
            record("startup", "NewsDesk ready / ReText ready (not compiled)", med("plain", 0) / med("retext", 0),
                   "×", note=note)
        if res["baseline"]:
            record("startup", "baseline ready / ReText ready (compiled)", med("baseline", 0) / med("retext", 0),
                   "×", note=note)
        record("startup", "NewsDesk login dialog painted / ReText ready", med("compiled", 2) / med("retext", 0), "×",
               note=note)
        record("startup", "NewsDesk floor (QApplication + the main window's modules imported, then exit) / "
               "ReText ready, median of the rounds' own ratios", paired("floor", "retext", 0), "×", note=note)
        # the same ratio round by round (each round's runs are seconds apart): steadier than the ratio
        # of medians when the machine's load drifts during the run
        record("startup", "NewsDesk ready / ReText ready, median of the rounds' own ratios (compiled)",
               paired("compiled", "retext", 0), "×", note=note)
        record("startup", "NewsDesk CPU / ReText CPU, median of the rounds' own ratios (compiled)",
               paired("compiled", "retext", 1), "×", note=note)
    else:
        record("startup", "ReText ready", None, "ms", note=why)
    if res["baseline"]:
        record("startup", "NewsDesk ready / baseline ready, median of the rounds' own ratios (compiled)",
               paired("compiled", "baseline", 0), "×", note=note)
        record("startup", "NewsDesk CPU / baseline CPU, median of the rounds' own ratios (compiled)",
               paired("compiled", "baseline", 1), "×", note=note)
    shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
