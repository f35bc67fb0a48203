"""The many-desks load run shared by benchmarks/bench_load.py and tests/faults/test_load.py:
N desktop processes (reporters and editors) edit, submit, sign and return the same articles on
one database for a bounded time; then the final state is checked against what succeeded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DESKS = ["wangzd", "chushen", "liyouan", "fushen", "zhangmin", "zongbian", "wangzd", "chushen"]


@dataclass
class LoadResult:
    desktops: int
    seconds: float
    ops: int
    saves: int
    transitions: int
    conflicts: int
    genuine_conflicts: int
    lease_held: int
    refused: int
    lost_updates: int
    unexpected: list[str] = field(default_factory=list)

    @property
    def ops_per_s(self) -> float:
        return self.ops / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (f"{self.desktops} desktops, {self.seconds:.1f} s: {self.ops} operations "
                f"({self.ops_per_s:.1f}/s; {self.saves} saves, {self.transitions} workflow steps); "
                f"conflicts {self.conflicts} reported / {self.genuine_conflicts} genuine, "
                f"lease refusals {self.lease_held}, workflow refusals {self.refused}, "
                f"lost updates {self.lost_updates}, unexpected errors {len(self.unexpected)}")


def prepare(svc, articles: int = 6) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    for i in range(articles):
        login = ("wangzd", "liyouan", "zhangmin")[i % 3]
        me = svc.users.actor_by_login(login)
        ids.append(svc.articles.create(me, title=f"负载测试稿件{i}", body=f"负载测试正文{i}").id)
    return ids


def run(url: str, desktops: int = 6, seconds: float = 20.0, seed: int = 1) -> LoadResult:
    from app.core.db import Database
    from app.core.services import Services

    with tempfile.TemporaryDirectory(prefix="nd-load-", ignore_cleanup_errors=True) as folder:  # desks' logs
        out = Path(folder)
        procs = []
        t0 = time.monotonic()
        for i in range(desktops):
            login = DESKS[i % len(DESKS)]
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "tests.faults.workers", "desk", url, login, str(seconds), str(seed + i),
                 str(out / f"desk{i}.json")], cwd=ROOT, env={**os.environ}, stderr=subprocess.PIPE, text=True))
        errors = []
        for p in procs:
            _out, err = p.communicate(timeout=seconds + 300)
            if p.returncode != 0:
                errors.append(f"desk exited {p.returncode}: {err[-2000:]}")
        elapsed = time.monotonic() - t0
        logs = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(out.glob("desk*.json"))]
    # Every successful save appended a unique token to the body it had just read: the final
    # body of each article must hold exactly the tokens of its successful saves.
    svc = Services.create(Database(url))
    admin = svc.users.actor_by_login("zongbian")
    tokens: dict[int, set[str]] = {}
    for log in logs:
        for aid, token, _v in log["saves"]:
            tokens.setdefault(aid, set()).add(token)
    lost = 0
    for aid, want in tokens.items():
        body = svc.articles.get(admin, aid).body
        have = {line for line in body.splitlines() if line.startswith("[")}
        lost += len(want - have)
        assert not (have - want), f"article {aid} holds saves nobody reported: {have - want}"
    chain = svc.audit.verify()
    if not chain.ok:
        errors.append(f"audit chain broken at {chain.first_broken_id}")
    svc.db.dispose()
    conflicts = [c for log in logs for c in log["conflicts"]]
    active = max((log.get("seconds", 0.0) for log in logs), default=elapsed)  # without process start-up
    return LoadResult(
        desktops=desktops, seconds=active or elapsed,
        ops=sum(log["ops"] for log in logs),
        saves=sum(len(log["saves"]) for log in logs),
        transitions=sum(log["transitions"] for log in logs),
        conflicts=len(conflicts),
        genuine_conflicts=sum(1 for _aid, mine, theirs in conflicts if theirs != mine),
        lease_held=sum(log["lease_held"] for log in logs),
        refused=sum(log["refused"] for log in logs),
        lost_updates=lost,
        unexpected=errors + [u for log in logs for u in log["unexpected"]],
    )
