"""NewsDesk benchmarks. ``python -m benchmarks`` runs every ``benchmarks/bench_*.py`` at full
size, ``python -m benchmarks --quick`` at a small N, and prints one table of figures.

The protocol for a benchmark script (see benchmarks/README.md):

* it runs as ``python benchmarks/bench_x.py [--quick]`` (the runner adds ``--quick`` and sets
  ``NEWSDESK_BENCH_QUICK=1``), each in its own process;
* it reports each figure with :func:`record` (one JSON line appended to the file named by
  ``NEWSDESK_BENCH_RESULTS``; when run alone, the figure is printed instead);
* it prints whatever else it likes; a non-zero exit is shown as a failure, and the other
  benchmarks still run.
"""

from __future__ import annotations

import json
import os
from typing import Any

__all__ = ["record", "quick", "load1"]


def load1() -> float | None:
    """The 1-minute load average when a figure is recorded (this machine is shared: a figure
    measured at load 6 on 2 cores is not one measured at 0.3). None where there is none."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def quick() -> bool:
    return os.environ.get("NEWSDESK_BENCH_QUICK") == "1"


def record(bench: str, figure: str, value: float | None, unit: str, *, target: float | None = None,
           better: str = "lower", n: int | None = None, engine: str = "", note: str = "",
           **extra: Any) -> dict[str, Any]:
    """Report one figure. ``target``: the bound it should meet (``better`` "lower" means
    value ≤ target is good, "higher" value ≥ target). Returns the record."""
    ok = None
    if target is not None and value is not None:
        ok = value <= target if better == "lower" else value >= target
    rec = {"bench": bench, "figure": figure, "value": value, "unit": unit, "target": target,
           "better": better, "ok": ok, "n": n, "engine": engine, "note": note, "load": load1(), **extra}
    path = os.environ.get("NEWSDESK_BENCH_RESULTS")
    line = json.dumps(rec, ensure_ascii=False, default=str)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
    tgt = "" if target is None else f" (target {'≤' if better == 'lower' else '≥'} {target:g} {unit})"
    miss = "  ✗ MISSES TARGET" if ok is False else ""
    val = "—" if value is None else f"{value:,.2f}"
    print(f"[{bench}] {figure}{' · ' + engine if engine else ''}{f' · N={n:,}' if n else ''}: "
          f"{val} {unit}{tgt}{miss}{' · ' + note if note else ''} · load {rec['load']}", flush=True)
    return rec
