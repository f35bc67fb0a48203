"""Search at scale: first-page latency (median, p95) for 1-, 2-, 3- and 4-character terms and
two-term queries, index build time and size, on SQLite and PostgreSQL, over a generated
archive of N articles (benchmarks/corpus.py). Targets: median ≤ 20 ms, p95 ≤ 100 ms.

    python benchmarks/bench_search.py            # N = 100,000
    python benchmarks/bench_search.py --quick    # N = 300
    python benchmarks/bench_search.py --n 20000 --engines sqlite --keep /tmp/bench

PostgreSQL: NEWSDESK_BENCH_POSTGRES_URL (or NEWSDESK_TEST_POSTGRES_URL) names a server where
the benchmark may create and drop the database ``nd_bench_<N>``; without it only SQLite runs.
``--keep DIR`` keeps the SQLite corpus (and leaves the PostgreSQL database) for the next run; without
it both are removed at the end. On a kept corpus, ``--rebuild`` rebuilds the index anyway (its build
time and size are measured again) and ``--skip-peers`` leaves out the pg_trgm index beside ours:

    python benchmarks/bench_search.py --engines postgresql --keep /var/tmp/nd --rebuild --skip-peers
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import quick as quick_env  # noqa: E402
from benchmarks import record  # noqa: E402

MEDIAN_MS, P95_MS = 20.0, 100.0
REALISTIC = {2: ["社区", "平凉", "改革", "经济", "群众"], 3: ["安宁区", "王忠德", "陇东报", "崆峒区", "新华社"],
             4: ["全国人民", "经济发展", "中央军委", "平凉日报", "人民代表"]}


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def _pg_admin(url: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.drivername == "postgresql":
        u = u.set(drivername="postgresql+psycopg")
    return create_engine(u, isolation_level="AUTOCOMMIT"), u


def prepare(engine: str, n: int, keep: Path | None, pg_url: str) -> tuple[str, bool, dict]:
    """A database holding the corpus: (url, reused, timings)."""
    from sqlalchemy import text

    from benchmarks.corpus import build

    if engine == "sqlite":
        folder = keep or Path(tempfile.mkdtemp(prefix="nd-bench-"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"corpus-{n}.db"
        url = f"sqlite:///{path}"
        if keep and path.exists():
            return url, True, {}
        for extra in ("", "-wal", "-shm"):
            Path(str(path) + extra).unlink(missing_ok=True)
        return url, False, build(url, n)
    eng, u = _pg_admin(pg_url)
    name = f"nd_bench_{n}"
    url = u.set(database=name).render_as_string(hide_password=False)
    with eng.connect() as c:
        exists = c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        if exists and keep:
            eng.dispose()
            return url, True, {}
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return url, False, build(url, n)


def terms(n_each: int, seed: int = 5) -> dict[str, list[str]]:
    from benchmarks.corpus import Vocabulary

    v = Vocabulary.load()
    rng = random.Random(seed)
    out: dict[str, list[str]] = {}
    for k in (2, 3, 4):
        pool = v.by_len[k][:3000]  # frequent to fairly rare words
        out[f"{k} chars"] = REALISTIC[k] + rng.sample(pool, n_each)
    out["1 char"] = ["的", "区", "社", "王", "报", "市", "龙", "鑫"][: max(3, n_each // 2)]
    two = ["安宁区 社区", "平凉市 经济", "王忠德 群众"]
    for _ in range(n_each):
        two.append(f"{rng.choice(v.by_len[2][:2000])} {rng.choice(v.by_len[rng.choice((2, 3))][:2000])}")
    out["two terms"] = two
    return out


def run_engine(engine: str, n: int, keep: Path | None, pg_url: str, n_terms: int, repeat: int,
               rebuild: bool = False, peers: bool = True) -> None:
    from sqlalchemy import text

    from app.core.db import Database
    from app.core.domain import Actor, Role
    from app.core.search import index as idx
    from app.core.services import Services

    url, reused, t = prepare(engine, n, keep, pg_url)
    if t:
        record("search", "corpus insert", t["articles_per_s"], "articles/s", n=n, engine=engine,
               better="higher")
    db = Database(url)
    if reused:  # a corpus kept by an earlier version: this one's schema
        db.upgrade(backup=False)
    try:
        svc = Services.create(db)
        with db.engine.connect() as c:
            chars = c.execute(text(
                "SELECT sum(length(body)) + sum(length(title)) FROM articles")).scalar() or 0
        st = idx.state(db)
        if not reused or not st.ok or rebuild:
            t0 = time.perf_counter()
            idx.rebuild(db)
            build_s = time.perf_counter() - t0
            record("search", "index build", build_s, "s", n=n, engine=engine,
                   note=f"{chars / build_s / 1000:,.0f}k chars/s, {chars / 1e6:,.0f} M chars")
            if engine == "postgresql":
                with db.engine.connect() as c:
                    c.execute(text("ANALYZE"))
                    c.commit()
        size = idx.index_size(db)
        if size:
            record("search", "index size", size / 1e6, "MB", n=n, engine=engine,
                   note=f"{size / max(1, chars * 3):.2f}× the UTF-8 text")
        ed = Actor(0, "bench", "bench", frozenset({Role.EDITOR}))
        svc.search.search(ed, "社区", limit=20)  # warm: process-level check, caches
        groups = terms(n_terms)
        for group, qs in groups.items():
            times = []
            hits = []
            for _ in range(repeat):
                for q in qs:
                    t0 = time.perf_counter()
                    page = svc.search.search(ed, q, limit=20)
                    times.append((time.perf_counter() - t0) * 1000)
                    hits.append(page.total)
            med, p95 = statistics.median(times), _pct(times, 95)
            note = (f"{len(qs)} queries × {repeat}, hits median {statistics.median(hits):.0f}"
                    f" (max {max(hits)}{'+' if max(hits) >= 1000 else ''}), worst {max(times):.0f} ms")
            if group == "1 char":
                record("search", f"first page, {group}, median", med, "ms", n=n, engine=engine, note=note)
                record("search", f"first page, {group}, p95", p95, "ms", n=n, engine=engine)
            else:
                record("search", f"first page, {group}, median", med, "ms", target=MEDIAN_MS, n=n,
                       engine=engine, note=note)
                record("search", f"first page, {group}, p95", p95, "ms", target=P95_MS, n=n, engine=engine)
        # a peer for context: the LIKE scan an index replaces (first page, 2-character terms)
        times = []
        with db.engine.connect() as c:
            for q in groups["2 chars"][:3]:
                t0 = time.perf_counter()
                c.execute(text("SELECT id FROM articles WHERE title LIKE :p OR body LIKE :p "
                               "ORDER BY updated_at DESC LIMIT 20"), {"p": f"%{q}%"}).all()
                c.execute(text("SELECT count(*) FROM articles WHERE title LIKE :p OR body LIKE :p"),
                          {"p": f"%{q}%"}).scalar()
                times.append((time.perf_counter() - t0) * 1000)
        record("search", "peer: LIKE scan, 2 chars, median", statistics.median(times), "ms", n=n,
               engine=engine, note="no index; for comparison")
        if engine == "postgresql" and peers:
            _pg_trgm_peer(db, n, chars, groups, repeat)
    finally:
        db.dispose()
        if keep is None:  # nothing left behind: the SQLite folder and the PostgreSQL database go
            _discard(engine, url, pg_url)


def _pg_trgm_peer(db, n: int, chars: int, groups: dict[str, list[str]], repeat: int) -> None:  # type: ignore[no-untyped-def]
    """The peer issue #21 names: a plain pg_trgm GIN index over each article's headline and
    body (a copy of the text in a table of its own, as search_plain keeps one), built and
    queried beside our index on the same server, corpus and terms: its build time, its size
    and the first page (20 newest with the term, plus the count) per term kind."""
    from sqlalchemy import text

    with db.engine.connect() as c:
        c.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        c.execute(text("DROP TABLE IF EXISTS bench_peer_trgm"))
        c.commit()
        t0 = time.perf_counter()
        c.execute(text("SET maintenance_work_mem = '256MB'"))
        c.execute(text("CREATE TABLE bench_peer_trgm AS SELECT id, updated_at, "
                       "title || E'\\n' || body AS doc FROM articles"))
        c.execute(text("CREATE INDEX bench_peer_trgm_doc ON bench_peer_trgm USING gin (doc gin_trgm_ops)"))
        c.commit()
        build_s = time.perf_counter() - t0
        c.execute(text("ANALYZE bench_peer_trgm"))
        c.commit()
        size = int(c.execute(text("SELECT pg_total_relation_size('bench_peer_trgm')")).scalar() or 0)
        record("search", "peer: pg_trgm index build", build_s, "s", n=n, engine="postgresql",
               note="CREATE TABLE AS + CREATE INDEX gin_trgm_ops")
        record("search", "peer: pg_trgm index size", size / 1e6, "MB", n=n, engine="postgresql",
               note=f"{size / max(1, chars * 3):.2f}× the UTF-8 text (table with the text + GIN)")
        for group, qs in groups.items():
            times = []
            for _ in range(repeat):
                for q in qs:
                    conds = " AND ".join(f"doc LIKE :p{i}" for i in range(len(q.split())))
                    params = {f"p{i}": f"%{w}%" for i, w in enumerate(q.split())}
                    t0 = time.perf_counter()
                    c.execute(text(f"SELECT id FROM bench_peer_trgm WHERE {conds} "
                                   "ORDER BY updated_at DESC LIMIT 20"), params).all()
                    c.execute(text(f"SELECT count(*) FROM (SELECT 1 FROM bench_peer_trgm WHERE {conds} "
                                   "LIMIT 500) x"), params).scalar()
                    times.append((time.perf_counter() - t0) * 1000)
            record("search", f"peer: pg_trgm, {group}, median", statistics.median(times), "ms", n=n,
                   engine="postgresql", note=f"p95 {_pct(times, 95):.1f} ms; first page + count capped at 500")
        c.execute(text("DROP TABLE bench_peer_trgm"))
        c.commit()


def _discard(engine: str, url: str, pg_url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    if engine == "sqlite":
        shutil.rmtree(Path(make_url(url).database or "").parent, ignore_errors=True)
        return
    eng, _u = _pg_admin(pg_url)
    try:
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    finally:
        eng.dispose()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    p.add_argument("--n", type=int)
    p.add_argument("--engines", default="sqlite,postgresql")
    p.add_argument("--keep", type=Path, help="keep/reuse the corpus databases (folder for SQLite)")
    p.add_argument("--rebuild", action="store_true", help="rebuild a reused corpus's index (measures the build)")
    p.add_argument("--skip-peers", action="store_true", help="our figures only (no pg_trgm index beside them)")
    a = p.parse_args(argv)
    q = a.quick or quick_env()
    n = a.n or (300 if q else 100_000)
    home = None
    if "NEWSDESK_DATA_DIR" not in os.environ:
        home = os.environ["NEWSDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="nd-bench-home-")
    pg_url = os.environ.get("NEWSDESK_BENCH_POSTGRES_URL") or os.environ.get("NEWSDESK_TEST_POSTGRES_URL", "")
    for engine in a.engines.split(","):
        if engine == "postgresql" and not pg_url:
            record("search", "PostgreSQL", None, "", engine=engine,
                   note="skipped: set NEWSDESK_BENCH_POSTGRES_URL")
            continue
        run_engine(engine, n, a.keep, pg_url, n_terms=4 if q else 25, repeat=1 if q else 3,
                   rebuild=a.rebuild, peers=not a.skip_peers)
    if home:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
