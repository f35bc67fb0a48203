"""State changes write their delivery jobs in the same transaction (the durable outbox)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.clock import utcnow
from app.core.errors import PermissionDenied, ValidationError
from tests.conftest import actor


def _approved(demo):
    rep, chief = actor(demo, "wangzd"), actor(demo, "zongbian")
    ch = demo.admin.channel_by_slug("jingchuan").id
    a = demo.articles.create(rep, title="泾川新闻", body="正文", primary_channel_id=ch)
    demo.review.submit(rep, a.id)
    for login in ("chushen", "fushen", "zongbian"):
        demo.review.sign(actor(demo, login), a.id)
    return a, chief


def _jobs(demo, aid):
    return sorted((j.target_name, j.action, j.article_version) for j in demo.targets.jobs() if j.article_id == aid)


def test_publish_schedule_return_withdraw_write_jobs(demo):
    admin = actor(demo, "admin")
    demo.targets.add(admin, "portal", "portal", "http://127.0.0.1:9/api")
    demo.targets.add(admin, "wp", "wordpress", "http://127.0.0.1:9/wp-json", username="editor")
    a, chief = _approved(demo)
    # scheduling: only WordPress holds future posts; our portal only ever sees published articles
    s = demo.review.schedule(chief, a.id, utcnow() + timedelta(hours=2))
    assert _jobs(demo, a.id) == [("wp", "publish", s.version)]
    # taken off the schedule: WordPress drops the future post
    r = demo.review.return_to_reporter(chief, a.id, "推迟发布")
    assert ("wp", "withdraw", r.version) in _jobs(demo, a.id)
    b, chief = _approved(demo)
    p = demo.review.publish_now(chief, b.id)
    assert _jobs(demo, b.id) == [("portal", "publish", p.version), ("wp", "publish", p.version)]
    w = demo.review.withdraw(chief, b.id, "撤稿")
    assert {("portal", "withdraw", w.version), ("wp", "withdraw", w.version)} <= set(_jobs(demo, b.id))


def test_a_failed_transition_writes_no_job(demo):
    admin = actor(demo, "admin")
    demo.targets.add(admin, "portal", "portal", "http://127.0.0.1:9/api")
    a, chief = _approved(demo)
    with pytest.raises(ValidationError):
        demo.review.withdraw(chief, a.id, "  ")
    with pytest.raises(PermissionDenied):
        demo.review.publish_now(actor(demo, "chushen"), a.id)
    assert _jobs(demo, a.id) == []
