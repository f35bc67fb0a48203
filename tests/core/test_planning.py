"""选题 and assignments through the real services on both engines: every plan action × role from
the planning rulebook, the story a plan yields, the live status, reminders, search and audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.core.clock import utcnow
from app.core.domain import Status
from app.core.errors import InvalidTransition, PermissionDenied, ValidationError
from app.core.models import AuditEntry
from app.core.planning import ACTIONS, PLAN_ACTIONS, PlanQuery, PlanStatus, plan_actions
from tests.conftest import actor

ROLES = ["wangzd", "liyouan", "chushen", "fushen", "zongbian", "admin"]
TODAY = date(2026, 12, 7)


def _channel(svc, name="泾川新闻"):
    return {c.name: c.id for c in svc.admin.channels()}[name]


def _plan(svc, login="wangzd", **kw):
    kw.setdefault("channel_id", _channel(svc))
    kw.setdefault("angle", "苹果节的游客人数和果农收入")
    return svc.plans.propose(actor(svc, login), "泾川县苹果节开幕", TODAY, **kw)


def _approved(svc):
    p = _plan(svc)
    return svc.plans.approve(actor(svc, "zongbian"), p.id)


def test_the_whole_plan_to_published_story(demo):
    svc = demo
    wang, li, zong = (actor(svc, x) for x in ("wangzd", "liyouan", "zongbian"))
    p = _plan(svc)
    assert p.status == PlanStatus.PROPOSED and p.actions == ["edit", "reschedule", "cancel", "comment"]
    assert any(n.kind == "plan_proposed" for n in svc.notifications.list(zong))

    p = svc.plans.approve(zong, p.id)
    assert p.status == PlanStatus.APPROVED
    deadline = utcnow() + timedelta(days=1)
    p = svc.plans.assign(zong, p.id, [(wang.id, "记者"), (li.id, "摄影")], deadline=deadline)
    assert {(a.real_name, a.role) for a in p.assignees} == {(wang.real_name, "记者"), (li.real_name, "摄影")}
    assert any(n.kind == "plan_assigned" and "苹果节" in n.message for n in svc.notifications.list(li))

    aid = svc.plans.start_story(wang, p.id)
    art = svc.articles.get(wang, aid)
    assert art.title == "泾川县苹果节开幕" and art.primary_channel_id == _channel(svc)
    assert [(c.role, c.name) for c in art.contributors] == [("摄影", li.real_name), ("记者", wang.real_name)]
    assert svc.plans.get(zong, p.id).status == PlanStatus.IN_PROGRESS
    assert svc.plans.for_article(wang, aid).id == p.id

    svc.articles.save(wang, aid, {"body": "【本报讯】苹果节开幕。"}, art.version)
    svc.review.submit(wang, aid)
    assert svc.plans.get(zong, p.id).status == PlanStatus.DRAFTED
    for login in ("chushen", "fushen", "zongbian"):
        svc.review.sign(actor(svc, login), aid, "ok")
    svc.review.publish_now(zong, aid)
    assert svc.plans.get(zong, p.id).status == PlanStatus.PUBLISHED
    # one plan, several stories: a photo story too (allowed until published)
    assert "start_story" not in svc.plans.get(li, p.id).actions

    with svc.db.read() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    for a in ("plan_propose", "plan_approve", "plan_assign", "plan_start_story"):
        assert a in actions


@pytest.mark.parametrize("login", ROLES)
def test_every_action_follows_the_rulebook(demo, login):
    """Each (role × state × action): the service allows exactly what plan_actions says."""
    svc = demo
    me = actor(svc, login)
    zong = actor(svc, "zongbian")
    wang = actor(svc, "wangzd")
    checked = 0

    def fresh(state: str):
        p = _plan(svc)
        if state == PlanStatus.PENDING:
            svc.plans.shortlist(zong, p.id)
        elif state == PlanStatus.APPROVED:
            svc.plans.approve(zong, p.id)
        elif state == PlanStatus.IN_PROGRESS:
            svc.plans.approve(zong, p.id)
            svc.plans.assign(zong, p.id, [(wang.id, "记者")])
            svc.plans.start_story(wang, p.id)
        elif state == PlanStatus.REJECTED:
            svc.plans.reject(zong, p.id, "重复")
        elif state == PlanStatus.CANCELLED:
            svc.plans.cancel(zong, p.id, "取消")
        return svc.plans.get(me, p.id)

    calls = {
        "edit": lambda p: svc.plans.update(me, p.id, {"angle": "新角度"}, p.version),
        "shortlist": lambda p: svc.plans.shortlist(me, p.id),
        "approve": lambda p: svc.plans.approve(me, p.id),
        "reject": lambda p: svc.plans.reject(me, p.id, "不合适"),
        "assign": lambda p: svc.plans.assign(me, p.id, [(wang.id, "记者")]),
        "reschedule": lambda p: svc.plans.update(me, p.id, {"planned_date": TODAY + timedelta(days=1)},
                                                 p.version),
        "cancel": lambda p: svc.plans.cancel(me, p.id, "不做了"),
        "start_story": lambda p: svc.plans.start_story(me, p.id),
        "comment": lambda p: svc.plans.comment(me, p.id, "补充线索"),
    }
    assert set(calls) == set(ACTIONS)
    for state in (PlanStatus.PROPOSED, PlanStatus.PENDING, PlanStatus.APPROVED, PlanStatus.IN_PROGRESS,
                  PlanStatus.REJECTED, PlanStatus.CANCELLED):
        for rule in PLAN_ACTIONS:
            p = fresh(state)
            assert p.status == state
            allowed = rule.name in plan_actions(me, p.status, p.proposer_id, p.assignee_ids)
            if allowed:
                calls[rule.name](p)
            else:
                with pytest.raises((PermissionDenied, InvalidTransition)):
                    calls[rule.name](p)
            checked += 1
    print(f"{login}: {checked} (state × action) combinations checked")
    assert checked == 6 * len(PLAN_ACTIONS)


def test_reporter_cannot_approve_or_assign(demo):
    svc = demo
    p = _plan(svc, "liyouan")
    wang = actor(svc, "wangzd")
    with pytest.raises(PermissionDenied):
        svc.plans.approve(wang, p.id)
    with pytest.raises(PermissionDenied):
        svc.plans.approve(actor(svc, "liyouan"), p.id)  # not even one's own
    p = svc.plans.approve(actor(svc, "zongbian"), p.id)
    with pytest.raises(PermissionDenied):
        svc.plans.assign(wang, p.id, [(wang.id, "记者")])
    with pytest.raises(PermissionDenied):  # not assigned: cannot start its story
        svc.plans.start_story(wang, p.id)


def test_reject_needs_a_reason_and_tells_the_proposer(demo):
    svc = demo
    p = _plan(svc, "liyouan")
    zong = actor(svc, "zongbian")
    with pytest.raises(ValidationError):
        svc.plans.reject(zong, p.id, "  ")
    p = svc.plans.reject(zong, p.id, "与昨日稿件重复")
    assert p.status == PlanStatus.REJECTED and p.reason == "与昨日稿件重复"
    msgs = [n.message for n in svc.notifications.list(actor(svc, "liyouan")) if n.kind == "plan_reject"]
    assert msgs and "与昨日稿件重复" in msgs[0]


def test_bad_input_is_refused_with_a_message(demo):
    svc = demo
    wang = actor(svc, "wangzd")
    for kwargs in ({"title": " "}, {"planned_date": "12/05"}, {"priority": 9}, {"expected_chars": -1}):
        title = kwargs.pop("title", "标题")
        when = kwargs.pop("planned_date", TODAY)
        with pytest.raises(ValidationError) as e:
            svc.plans.propose(wang, title, when, **kwargs)
        assert e.value.message("zh") and e.value.message("en")
    p = _approved(svc)
    with pytest.raises(ValidationError):
        svc.plans.assign(actor(svc, "zongbian"), p.id, [(wang.id, "厨师")])


def test_board_queries_overdue_and_reminders(demo):
    svc = demo
    zong, wang = actor(svc, "zongbian"), actor(svc, "wangzd")
    late = _approved(svc)
    svc.plans.assign(zong, late.id, [(wang.id, "记者")], deadline=utcnow() - timedelta(hours=2))
    soon = _approved(svc)
    svc.plans.assign(zong, soon.id, [(wang.id, "记者")], deadline=utcnow() + timedelta(hours=1))
    other = svc.plans.propose(zong, "崆峒区冬季供暖", TODAY + timedelta(days=2), channel_id=_channel(svc, "平凉新闻"))

    week = svc.plans.list(zong, PlanQuery(start=TODAY, end=TODAY + timedelta(days=6)))
    assert {p.id for p in week} >= {late.id, soon.id, other.id}
    mine = svc.plans.list(zong, PlanQuery(user_id=wang.id))
    assert {p.id for p in mine} >= {late.id, soon.id} and other.id not in {p.id for p in mine}
    only_ch = svc.plans.list(zong, PlanQuery(channel_id=_channel(svc, "平凉新闻")))
    assert [p.id for p in only_ch] == [other.id]

    now = utcnow()
    assert svc.plans.get(zong, late.id).overdue(now) and not svc.plans.get(zong, soon.id).overdue(now)
    panel = svc.plans.panel(zong, TODAY)
    assert panel["overdue"] == {wang.real_name: 1}
    assert panel["per_status"][PlanStatus.APPROVED] >= 2

    assert svc.plans.remind() == 2
    assert svc.plans.remind() == 0  # once each
    kinds = {n.kind for n in svc.notifications.list(wang)}
    assert {"plan_overdue", "plan_due_soon"} <= kinds


def test_search_finds_plans_by_two_characters(demo):
    svc = demo
    zong = actor(svc, "zongbian")
    p = _plan(svc)
    svc.plans.propose(zong, "崆峒区冬季供暖", TODAY)
    assert [x.id for x in svc.plans.search(zong, "果农")] == [p.id]
    assert [x.id for x in svc.plans.search(zong, "苹果 开幕")] == [p.id]
    assert svc.plans.search(zong, "供电") == []


def test_comments_and_links(demo):
    svc = demo
    p = _plan(svc)
    wang = actor(svc, "wangzd")
    svc.plans.comment(wang, p.id, "县政府新闻稿已拿到")
    svc.plans.comment(wang, p.id, "https://example.invalid/press.html", kind="link")
    with pytest.raises(ValidationError):
        svc.plans.comment(wang, p.id, "javascript:alert(1)", kind="link")
    notes = svc.plans.notes(wang, p.id)
    assert [n.kind for n in notes] == ["comment", "link"]
    # a reporter who neither proposed nor is assigned cannot comment
    with pytest.raises(PermissionDenied):
        svc.plans.comment(actor(svc, "liyouan"), p.id, "我也想写")


def test_story_states_drive_the_plan_live(demo):
    svc = demo
    zong, wang = actor(svc, "zongbian"), actor(svc, "wangzd")
    p = _approved(svc)
    svc.plans.assign(zong, p.id, [(wang.id, "记者")])
    aid = svc.plans.start_story(wang, p.id)
    svc.articles.save(wang, aid, {"body": "正文"}, svc.articles.get(wang, aid).version)
    svc.review.submit(wang, aid)
    assert svc.plans.get(zong, p.id).status == PlanStatus.DRAFTED
    svc.review.return_to_reporter(actor(svc, "chushen"), aid, "补充数据")
    assert svc.articles.system_get(aid).status == Status.RETURNED
    assert svc.plans.get(zong, p.id).status == PlanStatus.IN_PROGRESS


def test_plan_on_the_command_line(demo_url, tmp_path):
    """`newsdesk plan …` in real processes: propose, approve, assign, draft, list; a refusal is a
    message in the user's language with exit status 1-2, not a traceback."""
    import json
    import os

    from tests.core.test_cli import run

    env = dict(os.environ, NEWSDESK_DATA_DIR=str(tmp_path / "home"), NEWSDESK_LANG="zh_CN",
               NEWSDESK_DATABASE_URL=demo_url)
    r = run(env, "plan", "--as", "wangzd", "add", "崆峒山景区冬季游客", "--date", "2026-12-08",
            "--channel", "平凉新闻", "--deadline", "2026-12-08 18:00")
    assert r.returncode == 0, r.stderr
    pid = r.stdout.strip()
    r = run(env, "plan", "--as", "wangzd", "approve", pid)
    assert r.returncode != 0 and "不能" in r.stderr and "Traceback" not in r.stderr
    assert run(env, "plan", "--as", "zongbian", "approve", pid).returncode == 0
    r = run(env, "plan", "--as", "zongbian", "assign", pid, "wangzd:记者", "liyouan:摄影")
    assert r.returncode == 0, r.stderr
    r = run(env, "plan", "--as", "wangzd", "draft", pid)
    assert r.returncode == 0, r.stderr
    article_id = int(r.stdout.strip())
    r = run(env, "plan", "--as", "zongbian", "list", "--week", "2026-12-07", "--json")
    rows = json.loads(r.stdout)
    row = next(x for x in rows if x["id"] == int(pid))
    assert row["status"] == "in_progress" and row["status_label"] == "进行中"
    assert row["stories"] == [[article_id, "文字稿", "draft"]]
    assert row["deadline"].startswith("2026-12-08T10:00")  # 18:00 in Asia/Shanghai
