"""Outbox delivery rate to a real WordPress vs a bare sequential httpx loop posting the same
articles (≈ 30/s on this machine kind, facts.md). The outbox pays for durability — a claim and a
result transaction per job in the database, the idempotence look-up by slug, categories, tags and
credits — and delivers several articles side by side (one article's versions stay in order).

Needs a WordPress: `bash shared/tools/wordpress-up.sh` (as root).
Run: python benchmarks/bench_push.py [--articles 100] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
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
from tests.publish.portal_server import publish_new, use_file_keyring  # noqa: E402


def wp_env() -> dict[str, str]:
    path = Path(os.environ.get("WP_STATE_DIR") or Path(os.environ.get("TMPDIR", "/tmp")) / "newsdesk-wordpress") \
        / "wordpress.env"
    if not path.exists():
        sys.exit(f"no WordPress credentials at {path}: run shared/tools/wordpress-up.sh")
    env = {}
    for line in path.read_text().splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            env[k.strip()] = v.strip().strip("'\"")
    return env


def article_text(n: int = 3000) -> str:
    body = parse_reference()["body"]
    return (body * (n // max(1, len(body)) + 1))[:n]


def setup(tmp: str, env: dict[str, str], rounds: int, per_round: int, body: str):  # type: ignore[no-untyped-def]
    """A newsroom with ``rounds`` batches of published articles; the WordPress target disabled
    while they are written so no job exists yet."""
    os.environ["NEWSDESK_DATA_DIR"] = tmp
    use_file_keyring(Path(tmp) / "keyring.cfg")
    db = Database(f"sqlite:///{tmp}/bench.db")
    db.upgrade(backup=False)
    svc = Services.create(db)
    load_demo(svc, password="bench-pass-123")
    admin = svc.users.actor_by_login("admin")
    t = svc.targets.add(admin, "WordPress", "wordpress", env["WP_BASE_URL"], env["WP_USER"],
                        options={"timeout": 30})
    svc.targets.enable(admin, t.id, False)
    run = f"{random.randrange(1 << 30):x}"
    batches = [[publish_new(svc, f"推送基准{run}-{r}-{i}", body, keywords=["基准测试", "平凉"]).id
                for i in range(per_round)] for r in range(rounds)]
    svc.targets.enable(admin, t.id, True)
    from app.publish import secrets

    secrets.set_secret("WordPress", env["WP_APP_PASSWORD"])
    return db, svc, admin, t, batches


def queue(svc, t, ids: list[int]) -> None:  # type: ignore[no-untyped-def]
    from app.core.clock import utcnow
    from app.core.models import OutboxJob

    with svc.db.session() as s:
        for a in (svc.articles.system_get(i) for i in ids):
            s.add(OutboxJob(target_id=t.id, article_id=a.id, article_version=a.version, action="publish",
                            state="pending", next_attempt_at=utcnow()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=120, help="articles per method (all rounds together)")
    ap.add_argument("--rounds", type=int, default=3, help="bare and outbox alternate, this many times each")
    ap.add_argument("--concurrency", type=int, default=3)
    args = ap.parse_args()
    env = wp_env()
    body = article_text()
    per_round = max(1, args.articles // args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        db, svc, admin, t, batches = setup(tmp, env, args.rounds * 2, per_round, body)
        bare_rates, box_rates = [], []
        with httpx.Client(base_url=env["WP_REST_URL"], auth=(env["WP_USER"], env["WP_APP_PASSWORD"]),
                          timeout=30) as c:
            c.get("wp/v2/posts", params={"per_page": 1}).raise_for_status()  # warm the connection
            for r in range(args.rounds):
                # 1. a bare sequential httpx loop: one POST per article, nothing else
                arts = [svc.articles.system_get(i) for i in batches[2 * r]]
                t0 = time.perf_counter()
                for a in arts:
                    c.post("wp/v2/posts", json={"title": a.title, "content": render_body(a.body),
                                                "status": "publish"}).raise_for_status()
                bare_rates.append(len(arts) / (time.perf_counter() - t0))
                # 2. the outbox, durable, the next batch of the same kind of article
                queue(svc, t, batches[2 * r + 1])
                t0 = time.perf_counter()
                report = Outbox(svc, base_delay=0.2).drain(concurrency=args.concurrency, max_wait=120)
                box_rates.append(report.delivered / (time.perf_counter() - t0))
                assert report.failed == 0 and report.delivered == per_round, report.events[-3:]
        db.dispose()

    med = statistics.median
    print(f"WordPress {env['WP_BASE_URL']}: {args.rounds} rounds × {per_round} articles per method, "
          f"3,000 characters each, alternating")
    print("bare sequential httpx loop : " + ", ".join(f"{x:5.1f}" for x in bare_rates)
          + f"  median {med(bare_rates):5.1f} posts/s")
    print(f"outbox (durable, {args.concurrency} side by side): " + ", ".join(f"{x:5.1f}" for x in box_rates)
          + f"  median {med(box_rates):5.1f} posts/s")
    ratios = [b / a for a, b in zip(bare_rates, box_rates, strict=True)]
    print("ratio per round            : " + ", ".join(f"{x:4.2f}×" for x in ratios)
          + f"  median {med(ratios):4.2f}×  (target ≥ 1.0)")


if __name__ == "__main__":
    main()
