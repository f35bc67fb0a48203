"""How the outbox tells permanent from transient failures by what the target answered, caps the
total retry time of a job, and says in the user's language what failed and what to do — against
the portal test server and a real WordPress."""

from __future__ import annotations

import random

import pytest

from app.cli import main as cli_main
from app.core.models import OutboxJob
from app.publish import secrets
from app.publish.outbox import Outbox
from tests.conftest import actor
from tests.publish.portal_server import PortalServer, publish_new
from tests.publish.test_wordpress import _WHY, WP


def _job(svc, job_id: int):
    return svc.targets.job(job_id)


def test_retry_time_per_job_is_capped_and_the_queue_says_what_to_do(sqlite_demo, file_keyring, monkeypatch,
                                                                     capsys):
    svc = sqlite_demo
    with PortalServer(token="tok") as portal:
        svc.targets.add(actor(svc, "admin"), "门户", "portal", portal.url,
                        options={"timeout": 2, "max_retry_minutes": 0.01, "max_attempts": 100})
        secrets.set_secret("门户", "tok")
        a = publish_new(svc, "一直失败", "正文")
        portal.state.faults.extend(["500"] * 200)
        report = Outbox(svc, base_delay=0.05, max_delay=0.2, rng=random.Random(2)).drain(max_wait=30)
    assert report.failed == 1 and report.delivered == 0
    with svc.db.read() as s:
        job = s.query(OutboxJob).filter_by(article_id=a.id).one()
    assert 1 < job.attempts < 100  # stopped by the time cap (0.6 s), long before the attempt limit
    j = _job(svc, job.id)
    assert j.state == "failed"
    assert "停止自动重试" in j.error("zh") and "在推送队列中点“重试”" in j.error("zh")
    assert "automatic retries stopped" in j.error("en") and "Retry" in j.error("en")
    assert "停止" not in j.error("en")
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", svc.db.url)
    monkeypatch.setenv("NEWSDESK_LANG", "en")
    assert cli_main(["queue", "list"]) == 0
    assert "automatic retries stopped" in capsys.readouterr().out
    monkeypatch.setenv("NEWSDESK_LANG", "zh_CN")
    assert cli_main(["queue", "list"]) == 0
    assert "停止自动重试" in capsys.readouterr().out


@pytest.mark.wordpress
@pytest.mark.skipif(bool(_WHY), reason=_WHY or "-")
def test_wordpress_500_a_name_is_required_is_permanent(sqlite_demo, file_keyring):
    """A keyword WordPress sanitises to nothing (percent-encoded octets are stripped from term
    names) answers 500 "A name is required for this term.": failed at once, not retried."""
    svc = sqlite_demo
    svc.targets.add(actor(svc, "admin"), "WordPress", "wordpress", WP["WP_BASE_URL"], username=WP["WP_USER"],
                    options={"timeout": 30})
    secrets.set_secret("WordPress", WP["WP_APP_PASSWORD"])
    a = publish_new(svc, "坏关键词", "正文", keywords=["%e4%b8%ad%41"])
    report = Outbox(svc, base_delay=0.05, max_delay=0.2, rng=random.Random(3)).drain(max_wait=30)
    assert report.failed == 1 and report.retried == 0, report.events
    with svc.db.read() as s:
        job = s.query(OutboxJob).filter_by(article_id=a.id).one()
    assert job.attempts == 1
    j = _job(svc, job.id)
    assert "A name is required for this term" in j.error("zh")
    assert "关键词“%e4%b8%ad%41”" in j.error("zh") and "重试不会成功" in j.error("zh")
    assert "keyword “%e4%b8%ad%41”" in j.error("en") and "retrying will not help" in j.error("en")
