"""Child processes for the fault and load tests (real processes, the real services).

  python -m tests.faults.workers save_loop URL ARTICLE_ID LOGIN
      save the article again and again (body: a complete, self-checking block per save), printing
      "saved <n> <version>" after each commit — the parent SIGKILLs it at a random moment.
  python -m tests.faults.workers desk URL LOGIN SECONDS SEED OUT.json
      one simulated desktop for the load test: edits, submits, signs, returns for SECONDS, then
      writes what succeeded and every refusal to OUT.json.
"""

from __future__ import annotations

import json
import random
import sys
import time
import traceback

from app.core.db import Database
from app.core.services import Services

BLOCK_LINES = 400


def body_for(n: int) -> str:
    """A body whose every line names the save it belongs to, closed by an end marker: a
    half-written body cannot pass check_body."""
    lines = [f"第{n}版第{i}行：社区服务保障机制。" for i in range(BLOCK_LINES)]
    return "\n".join(lines) + f"\n<!-- end {n} -->"


def check_body(body: str) -> int | None:
    """The save number a body belongs to, or None when it is not one complete block."""
    if not body.startswith("第"):
        return None
    n = int(body[1:body.index("版")])
    return n if body == body_for(n) else None


def save_loop(url: str, article_id: int, login: str) -> None:
    svc = Services.create(Database(url))
    me = svc.users.actor_by_login(login)
    a = svc.articles.get(me, article_id)
    n = check_body(a.body) or 0
    version = a.version
    while True:
        n += 1
        r = svc.articles.save(me, article_id, {"body": body_for(n), "title": f"第{n}版"}, version,
                              reason="autosave" if n % 3 else "save")
        version = r.article.version
        print(f"saved {n} {version}", flush=True)


def desk(url: str, login: str, seconds: float, seed: int, out: str) -> None:
    from app.core.domain import Role, Status
    from app.core.errors import ConflictError, InvalidTransition, LeaseHeld, PermissionDenied, ValidationError
    from app.core.services.articles import ArticleQuery

    rnd = random.Random(seed)
    svc = Services.create(Database(url))
    me = svc.users.actor_by_login(login)
    editor = me.has(Role.EDITOR, Role.CHIEF_EDITOR)
    log: dict = {"login": login, "saves": [], "conflicts": [], "lease_held": 0, "refused": 0,
                 "transitions": 0, "unexpected": [], "ops": 0}
    ids = [r.id for r in svc.articles.list(me, ArticleQuery(limit=500)).rows
           if r.title.startswith("负载")]
    if not editor:
        ids = [i for i in ids if svc.articles.get(me, i).author_id == me.id]
    start = time.monotonic()
    end = start + seconds
    k = 0
    while time.monotonic() < end:
        aid = rnd.choice(ids)
        k += 1
        token = f"[{login}#{k}]"
        try:
            a = svc.articles.get(me, aid)
            roll = rnd.random()
            if not editor and a.status not in (Status.DRAFT, Status.RETURNED):
                time.sleep(0.01)  # with the editors; nothing a reporter may do to it
                continue
            if roll < 0.6 or not editor and roll < 0.8:
                if rnd.random() < 0.2:  # sometimes hold the lease while editing
                    svc.articles.acquire_lease(me, aid)
                    a = svc.articles.get(me, aid)
                time.sleep(rnd.random() * 0.02)  # "typing": others may save meanwhile
                r = svc.articles.save(me, aid, {"body": a.body + "\n" + token}, a.version)
                log["saves"].append([aid, token, r.article.version])
                if a.lease_user_id == me.id or rnd.random() < 0.5:
                    svc.articles.release_lease(me, aid)
            elif not editor:
                svc.review.submit(me, aid)
                log["transitions"] += 1
            elif a.status in (Status.SUBMITTED, Status.IN_REVIEW) and roll < 0.85:
                svc.review.sign(me, aid, "同意")
                log["transitions"] += 1
            elif a.status in (Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED):
                svc.review.return_to_reporter(me, aid, "请修改")
                log["transitions"] += 1
            else:
                continue
            log["ops"] += 1
        except ConflictError as exc:
            log["conflicts"].append([aid, a.version, exc.theirs.version])
        except LeaseHeld:
            log["lease_held"] += 1
        except (PermissionDenied, InvalidTransition, ValidationError):
            log["refused"] += 1
        except Exception:  # anything else is a failure the test reports
            log["unexpected"].append(traceback.format_exc())
    log["seconds"] = time.monotonic() - start
    svc.db.dispose()
    with open(out, "w", encoding="utf-8") as f:
        json.dump(log, f, ensure_ascii=False)


def race(url: str, login: str, article_id: int, version: int, go_file: str, token: str) -> None:
    """Load everything, say READY, wait for the starting gun, then save against ``version``."""
    import os

    from app.core.errors import ConflictError, LeaseHeld

    svc = Services.create(Database(url))
    me = svc.users.actor_by_login(login)
    base = svc.articles.get(me, article_id)
    print("READY", flush=True)
    while not os.path.exists(go_file):
        time.sleep(0.001)
    try:
        svc.articles.save(me, article_id, {"body": base.body + "\n" + token}, version)
        print("SAVED", flush=True)
    except ConflictError as exc:
        print(f"CONFLICT {exc.theirs.version}", flush=True)
    except LeaseHeld:
        print("LEASE", flush=True)


if __name__ == "__main__":
    cmd, *rest = sys.argv[1:]
    if cmd == "save_loop":
        save_loop(rest[0], int(rest[1]), rest[2])
    elif cmd == "race":
        race(rest[0], rest[1], int(rest[2]), int(rest[3]), rest[4], rest[5])
    elif cmd == "desk":
        desk(rest[0], rest[1], float(rest[2]), int(rest[3]), rest[4])
    else:
        raise SystemExit(f"unknown worker {cmd}")
