"""Proofing speed: the time to proof (and to fix) a 3,000-character article, and to proof a
30,000-character one, with 203 banned words. Records median and p95 (benchmarks.record).

The budget is 10 ms per proof of 3,000 characters so the editor can proof on every pause in typing.
Run: python benchmarks/bench_proofing.py [--quick]   (--quick: fewer repetitions)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.text.proofing import fix_all_safe, proof  # noqa: E402
from benchmarks import quick, record  # noqa: E402

BANNED = [("牺牲品", "受害者"), ("小姐", "女士"), ("全国第一", "")] + [(f"词{i}", "") for i in range(200)]


def article(chars: int = 3000) -> str:
    ref = (ROOT / "tests/text/data/reference_page.txt").read_text(encoding="utf-8")
    lines = ref.splitlines()
    body = "\n".join(lines[3 : lines.index("记者王忠德特约记者李有安") + 1])
    return (body * (chars // len(body) + 1))[:chars]


def bench(fn, repeat: int = 200) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(sorted(times)[: int(repeat * 0.95)])


def main() -> None:
    small = quick() or "--quick" in sys.argv[1:]
    reps = (50, 15, 5) if small else (200, 50, 20)
    text = article()
    proof(text, banned=BANNED)  # warm the caches
    n = len(proof(text, banned=BANNED))
    note = f"{len(BANNED)} banned words"
    med, p95 = bench(lambda: proof(text, banned=BANNED), repeat=reps[0])
    print(f"proof, {len(text):,} characters, {n} findings: median {med:.2f} ms, p95 {p95:.2f} ms (budget 10 ms)")
    record("proofing", f"proof {len(text):,} chars, median", med, "ms", target=10, note=note)
    record("proofing", f"proof {len(text):,} chars, p95", p95, "ms", target=10, note=note)
    med, p95 = bench(lambda: fix_all_safe(text, banned=BANNED), repeat=reps[1])
    print(f"fix_all_safe, {len(text):,} characters: median {med:.2f} ms, p95 {p95:.2f} ms")
    record("proofing", f"fix_all_safe {len(text):,} chars, median", med, "ms", note=note)
    record("proofing", f"fix_all_safe {len(text):,} chars, p95", p95, "ms", note=note)
    big = article(30000)
    med, p95 = bench(lambda: proof(big, banned=BANNED), repeat=reps[2])
    print(f"proof, {len(big):,} characters: median {med:.2f} ms, p95 {p95:.2f} ms")
    record("proofing", f"proof {len(big):,} chars, median", med, "ms", note=note)
    record("proofing", f"proof {len(big):,} chars, p95", p95, "ms", note=note)


if __name__ == "__main__":
    main()
