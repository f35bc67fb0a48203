"""The evidence report: run the fault, security and load tests, then print the figures.

  python -m tests.faults.report [--load-seconds 60] [--desktops 6] [--no-gui] [--postgres URL]

Runs tests/faults, tests/core/test_rls.py, tests/core/test_security.py and (unless --no-gui)
the GUI engineer's kill-while-typing test tests/ui/test_recovery.py, each test handing its
figures to a metrics file (tests/faults/metrics.py). Prints: kills survived, typing lost,
conflicts detected vs genuine, load held (ops/s, desktops), XSS vectors tried and neutralised,
fuzz cases run, server-refused statements, storage recoveries — and every test's outcome.
Exit status 0 only when every test passed (strict xfails count as known, reported bugs).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


def _recovery_ms() -> int | None:
    src = ROOT / "app" / "ui" / "editor" / "editor.py"
    if not src.exists():
        return None
    m = re.search(r"^RECOVERY_MS\s*=\s*(\d+)", src.read_text(encoding="utf-8"), re.M)
    return int(m.group(1)) if m else None


def run(args: argparse.Namespace) -> int:
    metrics = Path(tempfile.mkstemp(prefix="nd-faults-", suffix=".jsonl")[1])
    junit = Path(tempfile.mkstemp(prefix="nd-faults-", suffix=".xml")[1])
    env = dict(os.environ, NEWSDESK_FAULT_METRICS=str(metrics), NEWSDESK_LOAD_SECONDS=str(args.load_seconds),
               NEWSDESK_LOAD_DESKTOPS=str(args.desktops), QT_QPA_PLATFORM="offscreen")
    env.setdefault("NEWSDESK_TEST_POSTGRES_URL", args.postgres)
    targets = ["tests/faults", "tests/core/test_rls.py", "tests/core/test_security.py"]
    gui = ROOT / "tests" / "ui" / "test_recovery.py"
    if not args.no_gui and gui.exists():
        targets.append("tests/ui/test_recovery.py")
    print("running:", " ".join(targets), flush=True)
    proc = subprocess.run([sys.executable, "-m", "pytest", *targets, "-q", "-p", "no:cacheprovider",
                           f"--junitxml={junit}"], cwd=ROOT, env=env, capture_output=True, text=True)
    records = [json.loads(line) for line in metrics.read_text(encoding="utf-8").splitlines() if line.strip()]
    outcomes = _outcomes(junit)
    metrics.unlink(missing_ok=True)
    junit.unlink(missing_ok=True)
    by = defaultdict(list)
    for r in records:
        by[r["kind"]].append(r)

    print("\n== NewsDesk fault & security evidence ==")
    ks = by["kill_save"]
    ke = by["kill_export"]
    gui_kill = outcomes.get("tests.ui.test_recovery::test_sigkill_then_the_next_start_offers_the_unsaved_text")
    kills = sum(r["kills"] for r in ks) + sum(r["kills"] for r in ke) + (1 if gui_kill == "passed" else 0)
    survived = sum(r["survived"] for r in ks) + sum(r["survived"] for r in ke) + (1 if gui_kill == "passed" else 0)
    print(f"kills survived (SIGKILL):   {survived}/{kills}  — mid-save "
          + ", ".join(f"{r['engine']} {r['survived']}/{r['kills']} ({r['saves']} saves)" for r in ks)
          + "; mid-export " + ", ".join(f"{r['survived']}/{r['kills']} ({r['half_pages']} half pages)" for r in ke)
          + f"; while typing (GUI): {gui_kill or 'not run'}")
    rec = _recovery_ms()
    lost = f"≤ {rec / 1000:.1f} s (recovery file every {rec} ms while typing)" if rec else "unknown"
    print(f"typing lost:                {lost}; kill-while-typing test: {gui_kill or 'not run'}")
    race = by["conflict_race"]
    print(f"conflicts detected/expected: {sum(r['detected'] for r in race)}/{sum(r['expected'] for r in race)} "
          "in simultaneous saves (" + ", ".join(f"{r['engine']}: {r['desks']} desks × {r['rounds']} rounds"
                                               for r in race) + ")")
    for r in by["load"]:
        print(f"conflicts under load:       {r['conflicts']} reported, {r['genuine']} genuine "
              f"(+ {r['lease_held']} lease refusals); lost updates {r['lost']}")
        print(f"load held:                  {r['desktops']} desktops, {r['seconds']} s, "
              f"{r['ops']} operations, {r['ops_per_s']} ops/s on PostgreSQL")
    if not by["load"]:
        print("load held:                  not run (no PostgreSQL)")
    xv = by["xss_vectors"]
    tried = sum(r["tried"] for r in xv)
    neutral = sum(r["neutralised"] for r in xv)
    browser = by["xss_browser"]
    print(f"XSS vectors:                {neutral}/{tried} neutralised ({len(xv[0:1]) and xv[0]['tried']} vectors × "
          f"{len(xv)} Markdown wrappers); Chromium: "
          + (f"{browser[0]['tried']} rendered, {browser[0]['ran']} ran script" if browser else "not run"))
    fz = by["fuzz"]
    print("fuzz cases run:             " + ", ".join(f"{r['target']} {r['cases']}" for r in fz))
    for r in by["rls"]:
        print(f"server-refused (reporter):  {r['refused']}/{r['tried']} forbidden statements "
              f"({r['errors']} errors, the rest saw/changed no rows)")
    at = by["audit_tamper"]
    print(f"audit tampering detected:   {sum(1 for r in at if r['detected'])}/{len(at)} "
          f"({', '.join(sorted({r['engine'] for r in at}))})")
    print(f"PostgreSQL outage:          {'recovered, nothing lost' if by['pg_outage'] else 'not run'}; "
          f"scram auth: {'checked' if by['pg_auth'] else 'not run'}")
    cf = by["corrupt_file"]
    mg = by["migration"]
    print(f"storage:                    {len(cf)} damaged-file cases recovered by restore; "
          f"{len(mg)} upgrades from earlier revisions with data")
    counts = defaultdict(int)
    for v in outcomes.values():
        counts[v] += 1
    print("tests:                      " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    failed = [k for k, v in outcomes.items() if v in ("failed", "error")]
    for k in failed:
        print("  FAILED", k)
    xf = [k for k, v in outcomes.items() if v == "xfailed"]
    for k in xf:
        print("  known bug (strict xfail)", k)
    if proc.returncode not in (0, 1) or (proc.returncode and not failed):
        print(proc.stdout[-3000:], proc.stderr[-3000:])
    return 0 if proc.returncode == 0 else 1


def _outcomes(junit: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        tree = ET.parse(junit)
    except ET.ParseError:
        return out
    for case in tree.iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        state = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                state = "failed" if child.tag == "failure" else "error"
            elif child.tag == "skipped":
                state = "xfailed" if (child.get("type") == "pytest.xfail") else "skipped"
        out[name] = state
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--load-seconds", type=float, default=30.0)
    ap.add_argument("--desktops", type=int, default=6)
    ap.add_argument("--no-gui", action="store_true", help="skip the GUI kill-while-typing test")
    ap.add_argument("--postgres", default=os.environ.get("NEWSDESK_TEST_POSTGRES_URL", DEFAULT_PG))
    return run(ap.parse_args())


if __name__ == "__main__":
    raise SystemExit(main())
