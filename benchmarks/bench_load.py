"""Many desks on one PostgreSQL: N desktop processes edit, submit, sign and return the same
articles for a minute; prints operations per second, conflicts and the lost-update check.

  python benchmarks/bench_load.py [--desktops 6] [--seconds 60] [--url postgresql://…/postgres]

The URL (default: $NEWSDESK_TEST_POSTGRES_URL or postgresql://postgres@127.0.0.1:5432/test) is
an account that may create databases; a scratch database (nd_bench_load_…) is created and
dropped. --quick (or NEWSDESK_BENCH_QUICK=1): 2 s, 3 desktops. Figures go through
benchmarks.record: operations/s, conflicts reported and genuine, lost updates (target 0),
unexpected errors (target 0). No PostgreSQL: recorded as not measured, exit 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import quick, record  # noqa: E402

BENCH = "load"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--desktops", type=int, default=6)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--articles", type=int, default=6)
    ap.add_argument("--url", default=os.environ.get("NEWSDESK_TEST_POSTGRES_URL",
                                                   "postgresql://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--quick", action="store_true", help="a short run (2 s, 3 desktops)")
    args = ap.parse_args()
    if args.quick or quick():
        args.seconds, args.desktops = min(args.seconds, 2.0), min(args.desktops, 3)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from app.core.db import Database
    from app.core.seed import load_demo
    from app.core.services import Services
    from tests.faults import load

    admin_url = make_url(args.url).set(drivername="postgresql+psycopg")
    name = f"nd_bench_load_{uuid.uuid4().hex[:6]}"
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with eng.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - no server: say so, the other benchmarks still run
        print(f"PostgreSQL unavailable at {make_url(args.url).render_as_string()}: {exc}", file=sys.stderr)
        record(BENCH, "operations per second", None, "ops/s", engine="postgresql",
               note=f"not measured: PostgreSQL unavailable ({type(exc).__name__})")
        eng.dispose()
        return 0
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    try:
        db = Database(url)
        db.upgrade(backup=False)
        svc = Services.create(db)
        load_demo(svc, password="bench-pass-123")
        load.prepare(svc, args.articles)
        db.dispose()
        res = load.run(url, desktops=args.desktops, seconds=args.seconds)
        print(res.summary())
        n = args.desktops
        note = f"N = {n} desktop processes, {res.seconds:.0f} s, {args.articles} shared articles"
        record(BENCH, "operations per second", res.ops_per_s, "ops/s", better="higher", n=n,
               engine="postgresql", note=note, desktops=n)
        record(BENCH, "successful saves", res.saves, "saves", better="higher", n=n, engine="postgresql",
               note=f"{res.transitions} workflow steps")
        record(BENCH, "conflicts reported", res.conflicts, "count", n=n, engine="postgresql",
               note=f"{res.genuine_conflicts} genuine (another desk's save in between)")
        record(BENCH, "conflicts reported but not genuine", res.conflicts - res.genuine_conflicts, "count",
               target=0, n=n, engine="postgresql")
        record(BENCH, "lost updates", res.lost_updates, "count", target=0, n=n, engine="postgresql")
        record(BENCH, "unexpected errors", len(res.unexpected), "count", target=0, n=n, engine="postgresql")
        for u in res.unexpected[:3]:
            print("UNEXPECTED:", u[-800:])
        ok = not res.unexpected and res.lost_updates == 0 and res.genuine_conflicts == res.conflicts
        print("load held" if ok else "LOAD FAILED")
        return 0 if ok else 1
    finally:
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
