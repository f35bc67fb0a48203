"""SIGKILL a real process in the middle of ArticleService.save, again and again: after each
kill the article is a complete earlier save (never half of one), its newest revision matches it,
the revision numbers have no holes, the audit chain holds and (SQLite) the file is sound."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from app.core.models import Revision
from tests.conftest import actor
from tests.faults.metrics import record
from tests.faults.workers import body_for, check_body

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("NEWSDESK_FAULT_KILLS", "6"))


def _start(url: str, aid: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.faults.workers", "save_loop", url, str(aid), "wangzd"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _check(svc, me, aid: int, last_reported: int) -> int:
    a = svc.articles.get(me, aid)
    n = check_body(a.body)
    assert n is not None, "the article holds a half-written body"
    assert a.title == f"第{n}版", "title and body come from different saves"
    # every save the child reported as committed is there (or a newer one)
    assert n >= last_reported
    with svc.db.read() as s:
        numbers = list(s.scalars(select(Revision.number).where(Revision.article_id == aid)
                                 .order_by(Revision.number)))
        newest = s.scalar(select(Revision).where(Revision.article_id == aid)
                          .order_by(Revision.number.desc()).limit(1))
        assert s.scalar(select(func.count()).select_from(Revision).where(Revision.article_id == aid)) == len(numbers)
    assert numbers == list(range(1, len(numbers) + 1)), "revision numbers have holes or repeats"
    assert newest.snapshot["body"] == a.body and newest.snapshot["version"] == a.version
    for rev in svc.articles.revisions(me, aid):
        snap = svc.articles.revision_snapshot(me, aid, rev.number)
        body = snap["body"]
        assert body == "起草" or check_body(body) is not None
    check = svc.audit.verify()
    assert check.ok, check
    if svc.db.dialect == "sqlite":
        assert svc.db.quick_check() == "ok"
    return n


def test_sigkill_mid_save_loses_nothing_committed(demo):
    me = actor(demo, "wangzd")
    aid = demo.articles.create(me, title="起草", body="起草").id
    rnd = random.Random(7)
    last = 0
    saves = 0
    for _kill in range(KILLS):
        p = _start(demo.db.url, aid)
        target = rnd.randint(3, 12)
        seen = 0
        line = ""
        try:
            while seen < target:
                line = p.stdout.readline()
                assert line, "worker died: " + p.stderr.read()[-3000:]
                if line.startswith("saved"):
                    seen += 1
            time.sleep(rnd.random() * 0.05)  # land somewhere inside the next save
        finally:
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=30)
            p.stdout.close()
            p.stderr.close()
        assert p.returncode == -signal.SIGKILL
        reported = int(line.split()[1])
        n = _check(demo, me, aid, reported)
        saves += seen
        last = n
    assert last >= KILLS * 3
    assert check_body(body_for(last)) == last
    record("kill_save", engine=demo.db.dialect, kills=KILLS, survived=KILLS, saves=saves)
