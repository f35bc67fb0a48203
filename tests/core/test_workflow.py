"""Every transition × role, allowed and refused, through the real services on both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.clock import utcnow
from app.core.domain import Origin, Status
from app.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from app.core.models import AuditEntry, Revision
from tests.conftest import actor

# another reporter's article is invisible to a reporter (NotFound), others are refused outright
REFUSED = (PermissionDenied, NotFound)

ROLES = ["wangzd", "liyouan", "chushen", "fushen", "zongbian", "admin"]


def _draft(svc, login="wangzd", **kw):
    ch = {c.name: c.id for c in svc.admin.channels()}
    fields = dict(title="泾川县举办苹果节", body="【本报讯】泾川县举办苹果节。", primary_channel_id=ch["泾川新闻"])
    fields.update(kw)
    return svc.articles.create(actor(svc, login), **fields)


def _to_step(svc, aid, step):
    signers = ["chushen", "fushen", "zongbian"]
    for login in signers[:step]:
        svc.review.sign(actor(svc, login), aid, "ok")


def _state(svc, aid):
    return svc.articles.system_get(aid)


def _revisions_and_audit(svc, aid):
    with svc.db.read() as s:
        from sqlalchemy import func, select

        return (s.scalar(select(func.count()).select_from(Revision).where(Revision.article_id == aid)),
                s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.article_id == aid)))


# (transition, who may, setup) ------------------------------------------------------------
SUBMIT_OK = {"wangzd"}  # the author (editors may submit on behalf too)


@pytest.mark.parametrize("login", ROLES)
def test_submit_by_role(demo, login):
    a = _draft(demo)
    who = actor(demo, login)
    before = _revisions_and_audit(demo, a.id)
    if login in ("wangzd", "chushen", "fushen", "zongbian"):
        out = demo.review.submit(who, a.id, "请审")
        assert out.status == Status.SUBMITTED and out.review_step == 0
        after = _revisions_and_audit(demo, a.id)
        assert after[0] == before[0] + 1 and after[1] == before[1] + 1
    else:
        with pytest.raises(REFUSED) as e:
            demo.review.submit(who, a.id)
        assert getattr(e.value, "message_zh", "")
        assert _state(demo, a.id).status == Status.DRAFT
        assert _revisions_and_audit(demo, a.id) == before


@pytest.mark.parametrize("step,allowed", [
    (0, {"chushen", "fushen", "zongbian"}),
    (1, {"fushen", "zongbian"}),  # chushen signed 初审: 三审 needs different people
    (2, {"zongbian"}),
])
@pytest.mark.parametrize("login", ROLES)
def test_sign_each_step_by_role(demo, step, allowed, login):
    a = _draft(demo)
    demo.review.submit(actor(demo, "wangzd"), a.id)
    _to_step(demo, a.id, step)
    before = _state(demo, a.id)
    if login in allowed:
        out = demo.review.sign(actor(demo, login), a.id, "同意")
        if step == 2:
            assert out.status == Status.APPROVED and out.signer_name == "马总编"
        else:
            assert out.status == Status.IN_REVIEW and out.review_step == step + 1
        assert out.signoffs[-1].signer_name == actor(demo, login).real_name
        assert out.responsible_editor_id is not None
    else:
        with pytest.raises(REFUSED):
            demo.review.sign(actor(demo, login), a.id, "同意")
        after = _state(demo, a.id)
        assert (after.status, after.review_step, after.version) == (before.status, before.review_step,
                                                                      before.version)


def test_sign_refused_outside_review(demo):
    a = _draft(demo)
    with pytest.raises(InvalidTransition):
        demo.review.sign(actor(demo, "zongbian"), a.id)


@pytest.mark.parametrize("login", ROLES)
def test_return_to_reporter_by_role(demo, login):
    a = _draft(demo)
    demo.review.submit(actor(demo, "wangzd"), a.id)
    _to_step(demo, a.id, 1)
    if login in ("chushen", "fushen", "zongbian"):
        out = demo.review.return_to_reporter(actor(demo, login), a.id, "请补充数据来源")
        assert out.status == Status.RETURNED and out.review_step is None and out.signoffs == []
        notes = demo.notifications.list(actor(demo, "wangzd"))
        assert any(n.kind == "returned" and "请补充数据来源" in n.message for n in notes)
        comments = demo.articles.comments(actor(demo, "wangzd"), a.id)
        assert comments[-1].kind == "return" and comments[-1].body == "请补充数据来源"
    else:
        with pytest.raises(REFUSED):
            demo.review.return_to_reporter(actor(demo, login), a.id, "no")
        assert _state(demo, a.id).status == Status.IN_REVIEW


def test_return_requires_reason_and_writes_nothing(demo):
    a = _draft(demo)
    demo.review.submit(actor(demo, "wangzd"), a.id)
    before = _revisions_and_audit(demo, a.id)
    with pytest.raises(ValidationError):
        demo.review.return_to_reporter(actor(demo, "chushen"), a.id, "   ")
    assert _revisions_and_audit(demo, a.id) == before
    assert _state(demo, a.id).status == Status.SUBMITTED


def test_return_to_earlier_step_invalidates_later_signoffs(demo):
    a = _draft(demo)
    demo.review.submit(actor(demo, "wangzd"), a.id)
    _to_step(demo, a.id, 2)
    out = demo.review.return_to_step(actor(demo, "zongbian"), a.id, 1, "复审意见未落实")
    assert out.status == Status.IN_REVIEW and out.review_step == 1
    assert [s.step for s in out.signoffs] == [0]
    with pytest.raises(InvalidTransition):
        demo.review.return_to_step(actor(demo, "zongbian"), a.id, 2, "forward is not back")


def test_reporter_resubmits_after_return_and_chain_restarts(demo):
    rep = actor(demo, "wangzd")
    a = _draft(demo)
    demo.review.submit(rep, a.id)
    _to_step(demo, a.id, 1)
    demo.review.return_to_reporter(actor(demo, "fushen"), a.id, "标题太长")
    cur = demo.articles.get(rep, a.id)
    demo.articles.save(rep, a.id, {"title": "泾川苹果节开幕"}, cur.version)
    out = demo.review.submit(rep, a.id, "已改标题")
    assert out.status == Status.SUBMITTED and out.review_step == 0 and out.signoffs == []


def _approved(demo):
    a = _draft(demo)
    demo.review.submit(actor(demo, "wangzd"), a.id)
    _to_step(demo, a.id, 3)
    return a


@pytest.mark.parametrize("login", ROLES)
def test_publish_schedule_withdraw_only_chief(demo, login):
    a = _approved(demo)
    who = actor(demo, login)
    when = utcnow() + timedelta(hours=1)
    if login == "zongbian":
        out = demo.review.schedule(who, a.id, when)
        assert out.status == Status.SCHEDULED and out.scheduled_at == when.replace(microsecond=out.scheduled_at.microsecond)
        out = demo.review.publish_now(who, a.id)
        assert out.status == Status.PUBLISHED and out.first_published_at is not None
        first = out.first_published_at
        out = demo.review.correct(who, a.id, "更正：苹果节日期为10月8日")
        assert out.first_published_at == first and out.updated_published_at is not None
        assert out.correction_note.startswith("更正")
        out = demo.review.withdraw(who, a.id, "信息有误")
        assert out.status == Status.WITHDRAWN
    else:
        for call in (lambda: demo.review.schedule(who, a.id, when), lambda: demo.review.publish_now(who, a.id)):
            with pytest.raises(REFUSED):
                call()
        assert _state(demo, a.id).status == Status.APPROVED


def test_invalid_transitions_are_refused(demo):
    chief = actor(demo, "zongbian")
    a = _draft(demo)
    with pytest.raises(InvalidTransition):
        demo.review.publish_now(chief, a.id)
    with pytest.raises(InvalidTransition):
        demo.review.withdraw(chief, a.id, "x")
    with pytest.raises(InvalidTransition):
        demo.review.correct(chief, a.id, "x")
    demo.review.submit(actor(demo, "wangzd"), a.id)
    with pytest.raises(InvalidTransition):
        demo.review.submit(actor(demo, "wangzd"), a.id)
    with pytest.raises(ValidationError):
        demo.review.schedule(chief, a.id, utcnow() - timedelta(hours=1))


def test_submit_needs_headline_and_body(demo):
    a = demo.articles.create(actor(demo, "wangzd"), title="", body="正文")
    with pytest.raises(ValidationError) as e:
        demo.review.submit(actor(demo, "wangzd"), a.id)
    assert "标题" in e.value.message_zh
    assert _state(demo, a.id).status == Status.DRAFT


def test_reprint_cannot_be_signed_off_incomplete(demo):
    a = _draft(demo, origin=Origin.REPRINT.value)
    demo.review.submit(actor(demo, "wangzd"), a.id)
    _to_step(demo, a.id, 2)
    chief = actor(demo, "zongbian")
    with pytest.raises(ValidationError) as e:
        demo.review.sign(chief, a.id, "签发")
    assert set(e.value.data["missing"]) == {"来源媒体", "原作者", "原标题", "来源网址"}
    src = demo.admin.ensure_source(None, "陇东报")
    cur = demo.articles.get(chief, a.id)
    demo.articles.save(chief, a.id, {"source_id": src.id, "original_author": "王忠德", "original_title": "原题",
                                     "source_url": "https://www.yybnet.net/"}, cur.version)
    out = demo.review.sign(chief, a.id, "签发")
    assert out.status == Status.APPROVED and out.signer_name == "马总编"


def test_one_step_chain_for_a_small_outlet(demo):
    admin = actor(demo, "admin")
    # articles from the demo still wait at later steps; finish or return them first
    for aid in _waiting(demo):
        demo.review.return_to_reporter(actor(demo, "zongbian"), aid, "流程调整")
    chain = demo.admin.set_review_chain(admin, [("签发", "chief_editor")])
    assert [s.name for s in chain] == ["签发"]
    a = _draft(demo)
    demo.review.submit(actor(demo, "wangzd"), a.id)
    with pytest.raises(PermissionDenied):
        demo.review.sign(actor(demo, "chushen"), a.id)
    out = demo.review.sign(actor(demo, "zongbian"), a.id)
    assert out.status == Status.APPROVED


def _waiting(demo):
    from app.core.services.articles import ArticleQuery

    chief = actor(demo, "zongbian")
    page = demo.articles.list(chief, ArticleQuery(statuses=[Status.SUBMITTED, Status.IN_REVIEW], limit=1000))
    return [r.id for r in page.rows]


def test_review_chain_admin_only(demo):
    with pytest.raises(PermissionDenied):
        demo.admin.set_review_chain(actor(demo, "zongbian"), [("签发", "chief_editor")])


def test_publish_due_publishes_and_reports_missed(demo):
    chief = actor(demo, "zongbian")
    a = _approved(demo)
    b = _approved(demo)
    demo.review.schedule(chief, a.id, utcnow() + timedelta(minutes=1))
    demo.review.schedule(chief, b.id, utcnow() + timedelta(minutes=1))
    # b's time is 1 minute away; a is long overdue when we look 30 minutes later
    rep = demo.review.publish_due(chief, now=utcnow() + timedelta(minutes=30))
    assert {a.id, b.id} <= set(rep.published)
    assert {x for x, _ in rep.missed} >= {a.id, b.id}
    assert _state(demo, a.id).status == Status.PUBLISHED
    assert any(n.kind == "schedule_missed" for n in demo.notifications.list(chief))
    # nothing is due any more: running again publishes nothing twice
    rep2 = demo.review.publish_due(chief, now=utcnow() + timedelta(minutes=31))
    assert a.id not in rep2.published


def test_publish_due_on_time_is_not_missed(demo):
    chief = actor(demo, "zongbian")
    a = _approved(demo)
    when = utcnow() + timedelta(seconds=30)
    demo.review.schedule(chief, a.id, when)
    rep = demo.review.publish_due(chief, now=when + timedelta(seconds=5))
    assert a.id in rep.published and a.id not in [x for x, _ in rep.missed]


def test_three_reviews_need_three_people_unless_configured(demo):
    a = _draft(demo)
    demo.review.submit(actor(demo, "wangzd"), a.id)
    demo.review.sign(actor(demo, "zongbian"), a.id, "初审")
    demo.review.sign(actor(demo, "fushen"), a.id, "复审")
    with pytest.raises(PermissionDenied) as e:
        demo.review.sign(actor(demo, "zongbian"), a.id, "终审")
    assert "另一位同事" in e.value.message_zh
    demo.admin.set_setting(actor(demo, "admin"), "review_distinct_signers", "no")
    assert demo.review.sign(actor(demo, "zongbian"), a.id, "终审").status == Status.APPROVED
