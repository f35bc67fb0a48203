"""Outbox delivery rates, against a bare sequential httpx loop posting the same articles:

* our portal JSON API (docs/portal-api.yaml; the contract-checking test portal of
  tests/publish/portal_server.py, run in a process of its own on 127.0.0.1) — always measured;
* a real WordPress (≈ 30 posts/s for a bare loop on this machine kind, facts.md) — needs
  `bash shared/tools/wordpress-up.sh` (as root; it writes /tmp/newsdesk-wordpress/wordpress.env).
  Without it the WordPress figures are recorded as not measured and the portal ones still are.

The outbox pays for durability — a claim and a result transaction per job in the database, the
payload built from the article (Markdown rendered, byline, channels; for WordPress the
idempotence look-up by slug, categories, tags and credits) — and delivers several articles side
by side (one article's versions stay in order). Bare loop and outbox alternate, round by round,
on batches of the same kind of 3,000-character article. Target (publishing issue): outbox ≥ the
bare loop (ratio ≥ 1.0). Figures go through benchmarks.record (bench "push").

Run: python benchmarks/bench_push.py [--articles 120] [--rounds 3] [--concurrency 3] [--quick]
(--quick or NEWSDESK_BENCH_QUICK=1: 30 articles per method in 2 rounds.)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from app.core.db import Database  # noqa: E402
from app.core.seed import load_demo, parse_reference  # noqa: E402
from app.core.services import Services  # noqa: E402
from app.publish.outbox import Outbox  # noqa: E402
from app.publish.render import render_body  # noqa: E402
from benchmarks import quick, record  # noqa: E402
from tests.publish.portal_server import publish_new, use_file_keyring  # noqa: E402

BENCH = "push"
TOKEN = "bench-portal-token"
PORTAL = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from tests.publish.portal_server import PortalServer
with PortalServer(token={TOKEN!r}) as p:
    print(p.url, flush=True)
    sys.stdin.read()  # until the benchmark closes our stdin
"""


def wp_env() -> dict[str, str] | None:
    path = Path(os.environ.get("WP_STATE_DIR") or Path(os.environ.get("TMPDIR", "/tmp")) / "newsdesk-wordpress") \
        / "wordpress.env"
    if not path.exists():
        print(f"no WordPress credentials at {path}: run shared/tools/wordpress-up.sh", file=sys.stderr)
        return None
    env = {}
    for line in path.read_text().splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            env[k.strip()] = v.strip().strip("'\"")
    return env


def article_text(n: int = 3000) -> str:
    body = parse_reference()["body"]
    return (body * (n // max(1, len(body)) + 1))[:n]


def setup(tmp: str, kind: str, url: str, user: str, secret: str, rounds: int, per_round: int,
          body: str):  # type: ignore[no-untyped-def]
    """A newsroom with ``rounds`` batches of published articles and one target of ``kind``,
    disabled while they are written so no job exists yet."""
    os.environ["NEWSDESK_DATA_DIR"] = tmp
    use_file_keyring(Path(tmp) / "keyring.cfg")
    db = Database(f"sqlite:///{tmp}/bench.db")
    db.upgrade(backup=False)
    svc = Services.create(db)
    load_demo(svc, password="bench-pass-123")
    admin = svc.users.actor_by_login("admin")
    name = {"wordpress": "WordPress", "portal": "门户"}[kind]
    t = svc.targets.add(admin, name, kind, url, user, options={"timeout": 30})
    svc.targets.enable(admin, t.id, False)
    run = f"{random.randrange(1 << 30):x}"
    batches = [[publish_new(svc, f"推送基准{run}-{r}-{i}", body, keywords=["基准测试", "平凉"]).id
                for i in range(per_round)] for r in range(rounds)]
    svc.targets.enable(admin, t.id, True)
    from app.publish import secrets

    secrets.set_secret(name, secret)
    return db, svc, t, batches


def queue(svc, t, ids: list[int]) -> None:  # type: ignore[no-untyped-def]
    from app.core.clock import utcnow
    from app.core.models import OutboxJob

    with svc.db.session() as s:
        for a in (svc.articles.system_get(i) for i in ids):
            s.add(OutboxJob(target_id=t.id, article_id=a.id, article_version=a.version, action="publish",
                            state="pending", next_attempt_at=utcnow()))


def measure(kind: str, base_url: str, client: httpx.Client, user: str, secret: str, args: argparse.Namespace,
            body: str) -> tuple[list[float], list[float]]:
    """Alternate rounds of a bare sequential loop and the outbox; returns their rates (posts/s)."""
    per_round = max(1, args.articles // args.rounds)
    bare_rates, box_rates = [], []
    with tempfile.TemporaryDirectory() as tmp:
        db, svc, t, batches = setup(tmp, kind, base_url, user, secret, args.rounds * 2, per_round, body)
        try:
            if kind == "portal":
                from app.publish.targets.payload import portal_article

                def post(a) -> None:  # type: ignore[no-untyped-def]
                    client.put(f"v1/articles/{a.uuid}", json=portal_article(svc, a)).raise_for_status()
            else:
                def post(a) -> None:  # type: ignore[no-untyped-def]
                    client.post("wp/v2/posts", json={"title": a.title, "content": render_body(a.body),
                                                     "status": "publish"}).raise_for_status()
            for r in range(args.rounds):
                # 1. a bare sequential httpx loop: one request per article, nothing else
                arts = [svc.articles.system_get(i) for i in batches[2 * r]]
                t0 = time.perf_counter()
                for a in arts:
                    post(a)
                bare_rates.append(len(arts) / (time.perf_counter() - t0))
                # 2. the outbox, durable, the next batch of the same kind of article
                queue(svc, t, batches[2 * r + 1])
                t0 = time.perf_counter()
                report = Outbox(svc, base_delay=0.2).drain(concurrency=args.concurrency, max_wait=120)
                box_rates.append(report.delivered / (time.perf_counter() - t0))
                if report.failed or report.delivered != per_round:
                    raise RuntimeError(f"outbox delivered {report.delivered}/{per_round}, failed {report.failed}: "
                                       f"{report.events[-3:]} {report.errors}")
        finally:
            db.dispose()
    return bare_rates, box_rates


def show(kind: str, where: str, args: argparse.Namespace, bare: list[float], box: list[float]) -> None:
    med = statistics.median
    per_round = max(1, args.articles // args.rounds)
    print(f"{ {'portal': 'portal', 'wordpress': 'WordPress'}[kind]} {where}: {args.rounds} rounds × {per_round} articles per method, 3,000 characters each, "
          "alternating")
    print("bare sequential httpx loop : " + ", ".join(f"{x:5.1f}" for x in bare)
          + f"  median {med(bare):5.1f} posts/s")
    print(f"outbox (durable, {args.concurrency} side by side): " + ", ".join(f"{x:5.1f}" for x in box)
          + f"  median {med(box):5.1f} posts/s")
    ratios = [b / a for a, b in zip(bare, box, strict=True)]
    print("ratio per round            : " + ", ".join(f"{x:4.2f}×" for x in ratios)
          + f"  median {med(ratios):4.2f}×  (target ≥ 1.0)")
    n = per_round * args.rounds
    note = f"{args.rounds} rounds × {per_round}, alternating"
    record(BENCH, "bare sequential httpx loop, median", med(bare), "posts/s", better="higher", n=n,
           engine=kind, note=note)
    record(BENCH, f"outbox, {args.concurrency} side by side, median", med(box), "posts/s", better="higher",
           n=n, engine=kind, note=note + ", durable (sqlite)")
    record(BENCH, "outbox / bare loop, median of rounds", med(ratios), "×", target=1.0, better="higher", n=n,
           engine=kind)


def not_measured(kind: str, why: str) -> None:
    for fig, unit in (("bare sequential httpx loop, median", "posts/s"), ("outbox / bare loop, median of rounds", "×")):
        record(BENCH, fig, None, unit, engine=kind, note=f"not measured: {why}")


def bench_portal(args: argparse.Namespace, body: str) -> None:
    proc = subprocess.Popen([sys.executable, "-c", PORTAL], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=ROOT)
    try:
        url = (proc.stdout.readline() if proc.stdout else "").strip()
        if not url:
            raise RuntimeError(f"the test portal did not start (exit {proc.poll()})")
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30) as c:
            c.get("v1/ping").raise_for_status()  # warm the connection
            bare, box = measure("portal", url, c, "", TOKEN, args, body)
        show("portal", f"{url} (test portal, own process)", args, bare, box)
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def bench_wordpress(args: argparse.Namespace, body: str) -> None:
    env = wp_env()
    if env is None:
        not_measured("wordpress", "no WordPress, run shared/tools/wordpress-up.sh")
        return
    try:
        with httpx.Client(base_url=env["WP_REST_URL"], auth=(env["WP_USER"], env["WP_APP_PASSWORD"]),
                          timeout=30) as c:
            c.get("wp/v2/posts", params={"per_page": 1}).raise_for_status()  # warm the connection
            bare, box = measure("wordpress", env["WP_BASE_URL"], c, env["WP_USER"], env["WP_APP_PASSWORD"],
                                args, body)
    except (httpx.HTTPError, KeyError) as exc:
        print(f"WordPress unavailable: {exc!r}", file=sys.stderr)
        not_measured("wordpress", f"WordPress unavailable ({type(exc).__name__})")
        return
    show("wordpress", env["WP_BASE_URL"], args, bare, box)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=120, help="articles per method (all rounds together)")
    ap.add_argument("--rounds", type=int, default=3, help="bare and outbox alternate, this many times each")
    ap.add_argument("--concurrency", type=int, default=3)
    ap.add_argument("--only", choices=["portal", "wordpress"])
    ap.add_argument("--quick", action="store_true", help="30 articles per method, 2 rounds")
    args = ap.parse_args()
    if args.quick or quick():
        args.articles, args.rounds = min(args.articles, 30), min(args.rounds, 2)
    body = article_text()
    rc = 0
    for kind, fn in (("portal", bench_portal), ("wordpress", bench_wordpress)):
        if args.only not in (None, kind):
            continue
        try:
            fn(args, body)
        except Exception as exc:  # noqa: BLE001 - one part failing must not lose the other's figures
            print(f"{kind}: {type(exc).__name__}: {exc}", file=sys.stderr)
            not_measured(kind, f"failed: {type(exc).__name__}: {str(exc)[:60]}")
            rc = 1
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
