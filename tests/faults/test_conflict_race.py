"""Conflicts detected vs expected: K desktop processes load the same article version and save at
the same instant. Exactly one save wins; the other K−1 get ConflictError carrying the winner's
version — on both engines, round after round."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import actor
from tests.faults.metrics import record

ROOT = Path(__file__).resolve().parents[2]
DESKS = ["wangzd", "chushen", "fushen", "zongbian"]
ROUNDS = int(os.environ.get("NEWSDESK_FAULT_RACE_ROUNDS", "3"))


def test_simultaneous_saves_one_wins_others_conflict(demo, tmp_path):
    me = actor(demo, "wangzd")
    a = demo.articles.create(me, title="同时保存", body="起点")
    expected = detected = 0
    for rnd in range(ROUNDS):
        cur = demo.articles.get(me, a.id)
        go = tmp_path / f"go{rnd}"
        procs = [subprocess.Popen([sys.executable, "-m", "tests.faults.workers", "race", demo.db.url, login,
                                   str(a.id), str(cur.version), str(go), f"[{login}#{rnd}]"],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for login in DESKS]
        try:
            for p in procs:
                assert p.stdout.readline().strip() == "READY", p.stderr.read()[-2000:]
            go.touch()
            results = [p.stdout.readline().strip() for p in procs]
            for p in procs:
                assert p.wait(timeout=120) == 0, p.stderr.read()[-2000:]
        finally:
            for p in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
                p.stdout.close()
                p.stderr.close()
        assert results.count("SAVED") == 1, results
        conflicts = [r for r in results if r.startswith("CONFLICT")]
        assert len(conflicts) == len(DESKS) - 1, results
        winner = demo.articles.get(me, a.id)
        assert winner.version == cur.version + 1
        assert all(int(r.split()[1]) == winner.version for r in conflicts)  # they see the winner
        tokens = [line for line in winner.body.splitlines() if line.startswith("[")]
        assert len(tokens) == rnd + 1  # the winner's line, on top of the previous winners'
        expected += len(DESKS) - 1
        detected += len(conflicts)
    record("conflict_race", engine=demo.db.dialect, expected=expected, detected=detected,
           desks=len(DESKS), rounds=ROUNDS)
