"""Proofing speed: the time to proof (and to fix) a 3,000-character article, and to proof a
30,000-character one, with 203 banned words; then every rule family (app.core.text.rules.check)
with a 500-word levelled list on 30,000 characters, budget 30 ms. Records median and p95 (benchmarks.record).

The budget is 10 ms per proof of 3,000 characters so the editor can proof on every pause in typing.
Run: python benchmarks/bench_proofing.py [--quick]   (--quick: fewer repetitions)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.text.proofing import fix_all_safe, fold_text, proof  # noqa: E402
from app.core.text.rules import Profile, check  # noqa: E402
from app.core.text.rules.wordlists import WordEntry  # noqa: E402
from benchmarks import quick, record  # noqa: E402

BANNED = [("牺牲品", "受害者"), ("小姐", "女士"), ("全国第一", "")] + [(f"词{i}", "") for i in range(200)]


def article(chars: int = 3000) -> str:
    ref = (ROOT / "tests/text/data/reference_page.txt").read_text(encoding="utf-8")
    lines = ref.splitlines()
    body = "\n".join(lines[3 : lines.index("记者王忠德特约记者李有安") + 1])
    return (body * (chars // len(body) + 1))[:chars]


def bench(fn, repeat: int = 200, clock=time.perf_counter) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append((clock() - t0) * 1000)
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
    # every rule family on (GB/T 15835 numbers, GB/T 15834 usage, 的地得, 错别字, repeats) and a
    # 500-word list of two levels: the budget is 30 ms for 30,000 characters
    words = tuple(WordEntry(f"慎词{i}", "review" if i % 2 else "block") for i in range(500))
    prof = Profile(words=words, banned=tuple(BANNED))
    fixed = fix_all_safe(big, banned=BANNED)

    def full(t: str) -> int:
        fold_text.cache_clear()  # no folded text carried over from the previous repetition
        return len(check(t, prof))

    base_med, _ = bench(lambda: proof(big, banned=BANNED), repeat=reps[2])
    for label, t in (("as filed (a comma finding every 20 characters)", big),
                     ("after the safe fixes", fixed)):
        full(t)
        n = full(t)
        med, p95 = bench(lambda t=t: full(t), repeat=reps[2])
        cpu, _ = bench(lambda t=t: full(t), repeat=reps[2], clock=time.process_time)
        print(f"check (every rule), {len(t):,} characters {label}, {n} findings: median {med:.2f} ms, "
              f"p95 {p95:.2f} ms, CPU median {cpu:.2f} ms (budget 30 ms; load average "
              f"{os.getloadavg()[0]:.1f})")
        record("proofing", f"check all rules {len(t):,} chars {label}, CPU median", cpu, "ms", target=30,
               note="every rule family, 500 list words")
        record("proofing", f"check all rules {len(t):,} chars {label}, median", med, "ms", target=30,
               note="every rule family, 500 list words")
        record("proofing", f"check all rules {len(t):,} chars {label}, p95", p95, "ms", target=30,
               note="every rule family, 500 list words")
    med, _ = bench(lambda: full(big), repeat=reps[2])
    print(f"every rule / the base rules alone on the same text: {med / base_med:.2f}x")


if __name__ == "__main__":
    main()
