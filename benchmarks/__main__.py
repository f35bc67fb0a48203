"""Run every benchmark and print one table of figures.

    python -m benchmarks            # every benchmarks/bench_*.py at full size
    python -m benchmarks --quick    # every one at a small N (about a minute in all)
    python -m benchmarks --only search,proofing --markdown

Each script runs in its own process (``python benchmarks/bench_x.py [--quick]``; ``--quick`` is
passed only to scripts whose source mentions it, all see NEWSDESK_BENCH_QUICK=1) with
NEWSDESK_BENCH_RESULTS naming a file it appends its figures to (benchmarks.record); a script
that fails or reports nothing is shown with the tail of its output, and the others still run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def discover() -> list[Path]:
    return sorted(HERE.glob("bench_*.py"))


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _mem_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    return "?"


def _version(mod: str) -> str:
    try:
        from importlib.metadata import version

        return version(mod)
    except Exception:  # noqa: BLE001
        return "—"


def _pg_version() -> str:
    url = os.environ.get("NEWSDESK_BENCH_POSTGRES_URL") or os.environ.get("NEWSDESK_TEST_POSTGRES_URL")
    if not url:
        return "not configured"
    try:
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3) as c:
            return str(c.execute("SHOW server_version").fetchone()[0])
    except Exception as exc:  # noqa: BLE001
        return f"unreachable ({type(exc).__name__})"


def machine() -> list[tuple[str, str]]:
    import sqlite3

    try:
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("machine", f"{_cpu()}, {os.cpu_count()} cores, {_mem_gb()} RAM, load {load}"),
        ("system", f"{platform.system()} {platform.release()}"),
        ("python", platform.python_version()),
        ("sqlite", sqlite3.sqlite_version),
        ("postgresql", _pg_version()),
        ("libraries", ", ".join(f"{m} {_version(m)}" for m in (
            "SQLAlchemy", "PySide6-Essentials", "psycopg", "jieba", "Markdown", "Jinja2"))),
    ]


def run(paths: list[Path], quick: bool, timeout: float) -> tuple[list[dict], list[dict]]:
    records: list[dict] = []
    runs: list[dict] = []
    home = tempfile.mkdtemp(prefix="nd-bench-home-")
    for path in paths:
        name = path.stem.removeprefix("bench_")
        fd, out = tempfile.mkstemp(prefix=f"nd-bench-{name}-", suffix=".jsonl")
        os.close(fd)
        env = dict(os.environ, NEWSDESK_BENCH_RESULTS=out, NEWSDESK_BENCH_QUICK="1" if quick else "0",
                   QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   QT_API="pyside6", NEWSDESK_DATA_DIR=os.environ.get("NEWSDESK_DATA_DIR", home),
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        # --quick only to scripts that take it; the others see NEWSDESK_BENCH_QUICK=1
        takes_quick = "--quick" in path.read_text("utf-8", errors="replace")
        cmd = [sys.executable, str(path)] + (["--quick"] if quick and takes_quick else [])
        print(f"▶ {name} …", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
            rc, stdout, stderr = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as exc:
            rc = -1
            stdout = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            stderr = f"timed out after {timeout:.0f} s"
        secs = time.perf_counter() - t0
        mine = []
        for line in Path(out).read_text("utf-8").splitlines():
            try:
                mine.append(json.loads(line))
            except ValueError:
                pass
        Path(out).unlink(missing_ok=True)
        records += mine
        runs.append({"name": name, "rc": rc, "seconds": secs, "figures": len(mine),
                     "stdout": stdout, "stderr": stderr})
        print(f"  {name}: {'ok' if rc == 0 else f'FAILED (exit {rc})'} in {secs:.0f} s, "
              f"{len(mine)} figures", file=sys.stderr, flush=True)
    shutil.rmtree(home, ignore_errors=True)
    return records, runs


def _fmt(v: float | None) -> str:
    if v is None:
        return "—"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:,.2f}" if abs(v) < 10 else f"{v:,.1f}"


def table(records: list[dict], runs: list[dict], markdown: bool) -> str:
    head = ["benchmark", "figure", "engine", "N", "value", "unit", "target", "", "load"]
    rows = []
    for r in records:
        tgt = "" if r.get("target") is None else ("≤ " if r.get("better", "lower") == "lower" else "≥ ") + _fmt(r["target"])
        status = {True: "ok", False: "✗ MISS", None: ""}[r.get("ok")]
        # notes go in the Markdown table; the plain one shows them only for figures not measured
        show_note = r.get("note") and (markdown or r.get("value") is None)
        rows.append([r["bench"], r["figure"] + (f" ({r['note']})" if show_note else ""),
                     r.get("engine") or "", f"{r['n']:,}" if r.get("n") else "", _fmt(r.get("value")),
                     r.get("unit", ""), tgt, status, "" if r.get("load") is None else f"{r['load']:.1f}"])
    for run_ in runs:
        if run_["rc"] != 0:
            last = (run_["stderr"].strip().splitlines() or run_["stdout"].strip().splitlines() or ["?"])[-1]
            rows.append([run_["name"], f"FAILED (exit {run_['rc']}): {last[:100]}", "", "", "", "", "", "✗", ""])
        elif run_["figures"] == 0:
            rows.append([run_["name"], "(no figures recorded — output below)", "", "", "", "", "", "", ""])
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
        return "\n".join(out)
    widths = [max(_w(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    lines = ["  ".join(_pad(str(c), w) for c, w in zip(head, widths, strict=True)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(str(c), w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def _w(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _w(s))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="small N: every benchmark in about a minute")
    p.add_argument("--only", help="comma list of benchmark names (bench_<name>.py)")
    p.add_argument("--list", action="store_true")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    p.add_argument("--timeout", type=float, help="seconds per benchmark (default 300 quick, 3 h full)")
    p.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    a = p.parse_args(argv)
    paths = discover()
    if a.only:
        wanted = {x.strip() for x in a.only.split(",")}
        paths = [x for x in paths if x.stem.removeprefix("bench_") in wanted]
    if a.list:
        print("\n".join(x.stem.removeprefix("bench_") for x in paths))
        return 0
    records, runs = run(paths, a.quick, a.timeout or (300 if a.quick else 3 * 3600))
    info = machine()
    mode = "quick (small N)" if a.quick else "full size"
    if a.markdown:
        print(f"## Benchmarks — {mode}\n")
        print("\n".join(f"- **{k}**: {v}" for k, v in info))
        print()
    else:
        print(f"NewsDesk benchmarks — {mode}")
        print("\n".join(f"  {k:10} {v}" for k, v in info))
        print()
    print(table(records, runs, a.markdown))
    misses = [r for r in records if r.get("ok") is False]
    failed = [r for r in runs if r["rc"] != 0]
    print()
    unmeasured = [r for r in records if r.get("value") is None]
    print(f"{len(records)} figures from {len(runs)} benchmarks; "
          f"{len(misses)} miss their target; {len(unmeasured)} not measured; {len(failed)} benchmark(s) failed.")
    print("time per benchmark: " + ", ".join(f"{r['name']} {r['seconds']:.0f} s" for r in runs)
          + f"; {sum(r['seconds'] for r in runs):.0f} s in all")
    for r in misses:
        print(f"  ✗ {r['bench']}: {r['figure']} {r.get('engine') or ''} = {_fmt(r['value'])} {r['unit']} "
              f"(target {'≤' if r.get('better', 'lower') == 'lower' else '≥'} {_fmt(r['target'])})")
    for run_ in runs:
        if run_["rc"] != 0 or run_["figures"] == 0:
            print(f"\n--- {run_['name']} (exit {run_['rc']}) ---")
            print("\n".join((run_["stdout"] + run_["stderr"]).strip().splitlines()[-15:]))
    if a.json:
        Path(a.json).write_text(json.dumps({"machine": dict(info), "mode": mode, "figures": records},
                                           ensure_ascii=False, indent=1), "utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
