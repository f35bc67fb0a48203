"""The services allow exactly what the rulebook says, on both engines.

Every (persona × chain step × state × action) and every (persona × state × field) the rulebook
enumerates is tried through the real services: an allowed one must succeed, a refused one must
raise (PermissionDenied, InvalidTransition or NotFound) and change nothing. A persona is a role,
acting on an article of their own or of someone else's; articles are put into each state
directly in the database (the state, not the road to it, is what the rule looks at)."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from sqlalchemy import update

from app.core import rulebook as rb
from app.core.clock import utcnow
from app.core.domain import Role, Status
from app.core.errors import InvalidTransition, LeaseHeld, NotFound, PermissionDenied
from app.core.models import Article
from tests.conftest import actor

REFUSED = (PermissionDenied, InvalidTransition, NotFound, LeaseHeld)
LOGIN = {Role.REPORTER: "wangzd", Role.EDITOR: "chushen", Role.CHIEF_EDITOR: "zongbian", Role.ADMIN: "admin"}
OTHER_AUTHOR = "liyouan"  # a reporter: "someone else's article"
LEASE_HOLDER = "fushen"  # holds the lease when an action needs someone else's lease
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


class World:
    def __init__(self, svc: Any) -> None:
        self.svc = svc
        self.chain = svc.review.chain()
        self.actors = {r: actor(svc, login) for r, login in LOGIN.items()}
        for r, a in self.actors.items():
            assert a.roles == rb.Persona(r, False).roles, f"the demo's {a.login} should hold {r}"
        self.other = actor(svc, OTHER_AUTHOR)
        self.holder = actor(svc, LEASE_HOLDER)
        ch = svc.admin.channels()
        self.channels = [c.id for c in ch]
        self.source = svc.admin.ensure_source(None, "陇东报").id
        self.asset = svc.assets.add(self.actors[Role.REPORTER], PNG, "p.png").id
        self.n = count()

    def article(self, author: Any, sp: rb.StatePoint, lease: bool = False) -> int:
        a = self.svc.articles.create(author, title="泾川县举办苹果节", body="【本报讯】泾川县举办苹果节。",
                                     primary_channel_id=self.channels[0])
        values: dict[str, Any] = {"status": sp.status.value, "review_step": sp.step}
        if sp.status in (Status.PUBLISHED, Status.WITHDRAWN):
            values["first_published_at"] = utcnow()
        if sp.status == Status.SCHEDULED:
            values["scheduled_at"] = utcnow() + timedelta(hours=3)
        if lease:
            values.update(lease_user_id=self.holder.id, lease_since=utcnow(),
                          lease_expires_at=utcnow() + timedelta(minutes=30))
        with self.svc.db.session() as s:
            s.execute(update(Article).where(Article.id == a.id).values(**values))
        return a.id

    def state(self, aid: int) -> tuple:
        a = self.svc.articles.system_get(aid)
        return a.status, a.review_step, a.version, a.lease_user_id

    def do(self, who: Any, aid: int, action: str) -> None:
        svc = self.svc
        if action == "save":
            cur = svc.articles.system_get(aid)
            svc.articles.save(who, aid, {"title": f"新标题{next(self.n)}"}, cur.version)
        elif action == "take_over":
            svc.articles.acquire_lease(who, aid, take_over=True)
        elif action == "view":
            svc.articles.get(who, aid)
        elif action == "comment":
            svc.articles.add_comment(who, aid, "看过")
        else:
            kw: dict[str, Any] = {}
            if rb.needs_reason(action) or action in ("sign", "approve", "submit"):
                kw["reason"] = "理由"
            if action == "return_step":
                kw["step"] = 0
            if action == "schedule":
                kw["when"] = utcnow() + timedelta(hours=5)
            svc.review.perform(who, aid, action, **kw)


def _persona_actor(w: World, p: rb.Persona) -> Any:
    return w.actors[p.role]


def test_service_allows_exactly_the_rulebooks_actions(demo, capsys):
    w = World(demo)
    verdicts = list(rb.enumerate_actions(w.chain))
    base: dict[tuple, int] = {}
    checked = mismatches = 0
    problems: list[str] = []
    for p, sp, action, ok in verdicts:
        who = _persona_actor(w, p)
        author = who if p.author else w.other
        needs_lease = action == "take_over"
        if ok:
            aid = w.article(author, sp, lease=needs_lease)
        else:  # a refusal changes nothing: one article per (author, state, lease) serves them all
            key = (author.id, sp, needs_lease)
            if key not in base:
                base[key] = w.article(author, sp, lease=needs_lease)
            aid = base[key]
        before = w.state(aid)
        try:
            w.do(who, aid, action)
            allowed = True
        except REFUSED:
            allowed = False
            assert w.state(aid) == before, (p.key, sp, action)
        checked += 1
        if allowed != ok:
            mismatches += 1
            problems.append(f"{p.key} {sp.status.value}@{sp.step} {action}: rulebook {ok}, service {allowed}")
    with capsys.disabled():
        print(f"\nservice ({demo.db.engine.dialect.name}): {checked} (persona × step × state × action) "
              f"combinations checked against the rulebook, {mismatches} disagree")
    assert not problems, "\n".join(problems)


def _value(w: World, field: str, cur: Any, i: int) -> Any:
    spec = rb.FIELD_BY_NAME[field]
    if spec.kind in rb.TEXT_KINDS:
        return f"改{i}"
    if field == "origin":
        return "reprint" if cur.origin.value == "original" else "original"
    if field == "level":
        return 2 if cur.level != 2 else 1
    if field == "is_hot":
        return not cur.is_hot
    if field == "original_time":
        return utcnow().replace(microsecond=0) - timedelta(days=i + 1)
    if spec.kind == "list":
        return [f"词{i}"]
    if spec.kind == "contributors":
        return [{"role": "记者", "name": f"甲{i}"}]
    if field == "source_id":
        return w.source if cur.source_id != w.source else None
    if field == "cover_asset_id":
        return w.asset if cur.cover_asset_id != w.asset else None
    if field == "primary_channel_id":
        return next(c for c in w.channels if c != cur.primary_channel_id)
    if field == "secondary_channel_ids":
        return [w.channels[2]] if cur.secondary_channel_ids != [w.channels[2]] else [w.channels[3]]
    if field in ("assigned_editor_id", "responsible_editor_id"):
        return w.holder.id if getattr(cur, field) != w.holder.id else w.actors[Role.EDITOR].id
    raise AssertionError(field)


def test_service_lets_exactly_the_rulebooks_fields_change(demo, capsys):
    w = World(demo)
    chain_points = {sp.status: sp for sp in rb.state_points(w.chain)}
    checked = 0
    problems: list[str] = []
    articles: dict[tuple, int] = {}
    for i, (p, st, field, via) in enumerate(rb.enumerate_fields()):
        who = _persona_actor(w, p)
        author = who if p.author else w.other
        key = (p.key, st)
        if key not in articles:
            articles[key] = w.article(author, chain_points[st])
        aid = articles[key]
        cur = demo.articles.system_get(aid)
        change = {field: _value(w, field, cur, i)}
        results = {}
        for route in ("save", "correct"):
            try:
                if route == "save":
                    demo.articles.save(who, aid, change, cur.version)
                else:
                    demo.review.correct(who, aid, "更正说明", change, expected_version=cur.version)
                results[route] = True
                cur = demo.articles.system_get(aid)
            except REFUSED:
                results[route] = False
        checked += 1
        want = {"save": via == "save", "correct": via == "correct"}
        if results != want:
            problems.append(f"{p.key} {st.value} {field}: rulebook {via or '-'}, service {results}")
    with capsys.disabled():
        print(f"\nservice ({demo.db.engine.dialect.name}): {checked} (persona × state × field) combinations "
              f"checked against the rulebook, {len(problems)} disagree")
    assert not problems, "\n".join(problems)


def test_correct_writes_what_the_rulebook_lists(demo):
    """更正 with changes: one transaction writes the text, a revision with the note, an audit
    entry, the outbox jobs and a notice to the signers."""
    from sqlalchemy import func, select

    from app.core.models import AuditEntry, Notification, OutboxJob, Revision

    w = World(demo)
    chief = w.actors[Role.CHIEF_EDITOR]
    demo.targets.add(actor(demo, "admin"), "portal", "portal", "http://127.0.0.1:9/api")
    a = demo.articles.create(w.actors[Role.REPORTER], title="泾川县举办苹果节", body="苹果节10月9日开幕。",
                             primary_channel_id=w.channels[0])
    demo.review.submit(w.actors[Role.REPORTER], a.id)
    demo.review.sign(w.actors[Role.EDITOR], a.id)
    demo.review.sign(w.holder, a.id)
    demo.review.sign(chief, a.id)
    pub = demo.review.publish_now(chief, a.id)

    def counts() -> tuple[int, ...]:
        with demo.db.read() as s:
            return tuple(s.scalar(select(func.count()).select_from(m).where(m.article_id == a.id)) or 0
                         for m in (Revision, AuditEntry, Notification, OutboxJob))

    before = counts()
    with pytest.raises(PermissionDenied):  # an editor cannot change the published text at all
        demo.articles.save(w.actors[Role.EDITOR], a.id, {"body": "苹果节10月8日开幕。"}, pub.version)
    with pytest.raises(PermissionDenied):
        demo.review.correct(w.actors[Role.EDITOR], a.id, "更正", {"body": "苹果节10月8日开幕。"})
    assert counts() == before
    out = demo.review.correct(chief, a.id, "更正：开幕日期为10月8日", {"body": "苹果节10月8日开幕。"},
                              expected_version=pub.version)
    assert out.body == "苹果节10月8日开幕。" and out.correction_note == "更正：开幕日期为10月8日"
    assert out.first_published_at == pub.first_published_at and out.updated_published_at is not None
    after = counts()
    assert after[0] == before[0] + 1 and after[1] == before[1] + 1 and after[3] == before[3] + 1
    assert after[2] >= before[2] + 2  # the signers (初审, 复审) hear of it; the author too
    notes = demo.notifications.list(w.actors[Role.EDITOR])
    assert any(n.kind == "corrected" and "10月8日" in n.message for n in notes)
    revs = demo.articles.revisions(chief, a.id)
    assert revs[-1].reason == "correct" and revs[-1].note == "更正：开幕日期为10月8日"
