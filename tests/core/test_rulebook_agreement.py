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
def _png() -> bytes:
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


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
        return self.articles([(author, sp, lease)])[0]

    def articles(self, specs: list[tuple[Any, rb.StatePoint, bool]]) -> list[int]:
        """Articles in the given states, written in one transaction (the state, not the road to it,
        is what the rules look at)."""
        import uuid

        rows = []
        with self.svc.db.session() as s:
            for author, sp, lease in specs:
                now = utcnow()
                a = Article(uuid=str(uuid.uuid4()), status=sp.status.value, review_step=sp.step,
                            author_id=author.id, title="泾川县举办苹果节", body="【本报讯】泾川县举办苹果节。",
                            primary_channel_id=self.channels[0], contributors=[], keywords=[], topics=[])
                if sp.status in (Status.PUBLISHED, Status.WITHDRAWN):
                    a.first_published_at = now
                if sp.status == Status.SCHEDULED:
                    a.scheduled_at = now + timedelta(hours=3)
                if lease:
                    a.lease_user_id, a.lease_since = self.holder.id, now
                    a.lease_expires_at = now + timedelta(minutes=30)
                s.add(a)
                rows.append(a)
            s.flush()
            return [a.id for a in rows]

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


def test_service_allows_exactly_the_rulebooks_actions(demo, evidence):
    w = World(demo)
    verdicts = list(rb.enumerate_actions(w.chain))
    # an allowed action gets an article of its own; a refusal changes nothing, so one article per
    # (author, state, lease) serves all of them (checked unchanged at the end)
    plan: list[tuple[Any, Any, rb.StatePoint, bool]] = []
    base_keys: dict[tuple, int] = {}
    specs: list[tuple[Any, rb.StatePoint, bool]] = []
    for p, sp, action, ok in verdicts:
        who = _persona_actor(w, p)
        author = who if p.author else w.other
        lease = action == "take_over"
        if ok:
            plan.append((who, len(specs), sp, ok))
            specs.append((author, sp, lease))
        else:
            key = (author.id, sp, lease)
            if key not in base_keys:
                base_keys[key] = len(specs)
                specs.append((author, sp, lease))
            plan.append((who, base_keys[key], sp, ok))
    ids = w.articles(specs)
    base_ids = {ids[i] for i in base_keys.values()}
    before = {i: w.state(i) for i in base_ids}
    problems: list[str] = []
    for (p, sp, action, ok), (who, idx, _sp, _ok) in zip(verdicts, plan, strict=True):
        try:
            w.do(who, ids[idx], action)
            allowed = True
        except REFUSED:
            allowed = False
        if allowed != ok:
            problems.append(f"{p.key} {sp.status.value}@{sp.step} {action}: rulebook {ok}, service {allowed}")
    assert {i: w.state(i) for i in base_ids} == before  # the refusals wrote nothing
    evidence(f"service ({demo.db.engine.dialect.name}): {len(verdicts)} (persona × step × state × action) "
             f"combinations checked against the rulebook, {len(problems)} disagree")
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


def test_service_lets_exactly_the_rulebooks_fields_change(demo, evidence):
    """Each field through ``save``; on a published article through ``correct`` too (elsewhere
    ``correct`` is refused whatever it carries: the action matrix shows that)."""
    w = World(demo)
    points = {sp.status: sp for sp in rb.state_points(w.chain)}
    keys = [(p, st) for p in rb.PERSONAS for st in rb.ALL_STATES]
    ids = w.articles([(_persona_actor(w, p) if p.author else w.other, points[st], False) for p, st in keys])
    aid_of = dict(zip(keys, ids, strict=True))
    current = {aid: demo.articles.system_get(aid) for aid in ids}
    checked = 0
    problems: list[str] = []
    for i, (p, st, field, via) in enumerate(rb.enumerate_fields()):
        who = _persona_actor(w, p)
        aid = aid_of[(p, st)]
        cur = current[aid]
        change = {field: _value(w, field, cur, i)}
        results = {"save": False, "correct": False}
        try:
            current[aid] = demo.articles.save(who, aid, change, cur.version).article
            results["save"] = True
        except REFUSED:
            pass
        if st == Status.PUBLISHED:
            try:
                current[aid] = demo.review.correct(who, aid, "更正说明", change, expected_version=cur.version)
                results["correct"] = True
            except REFUSED:
                pass
        checked += 1
        if results != {"save": via == "save", "correct": via == "correct"}:
            problems.append(f"{p.key} {st.value} {field}: rulebook {via or '-'}, service {results}")
    evidence(f"service ({demo.db.engine.dialect.name}): {checked} (persona × state × field) combinations "
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


def test_the_registrys_searched_and_exported_flags_hold(demo):
    """The search document and the export loader read what the registry marks: a word in a
    ``searched`` field finds the article, a word elsewhere does not; every ``exported`` field
    reaches the site loader unchanged."""
    from app.core.services.articles import ArticleQuery
    from app.publish.site.source import load_published

    w = World(demo)
    chief = w.actors[Role.CHIEF_EDITOR]
    words = {f.name: f"词{chr(0x5f00 + i)}{chr(0x5e00 + i)}{chr(0x5d00 + i)}"
             for i, f in enumerate(rb.FIELDS) if f.kind in rb.TEXT_KINDS + ("list",)}
    fields: dict[str, Any] = {k: (v if rb.FIELD_BY_NAME[k].kind != "list" else [v]) for k, v in words.items()}
    fields["source_url"] = "https://example.org/" + "x"
    words.pop("source_url", None)
    src = demo.admin.ensure_source(None, "专名来源报").id
    words["source_id"] = "专名来源报"
    fields.update(source_id=src, contributors=[{"role": "记者", "name": "独名作者"}], level=1, is_hot=True,
                  origin="reprint", original_time=utcnow().replace(microsecond=0), cover_asset_id=w.asset,
                  primary_channel_id=w.channels[0], secondary_channel_ids=[w.channels[1]],
                  responsible_editor_id=w.holder.id)
    words["contributors"] = "独名作者"
    a = demo.articles.create(chief, **fields)
    for name, word in words.items():
        hits = [r.id for r in demo.articles.list(chief, ArticleQuery(text=word, limit=50)).rows]
        assert (a.id in hits) == bool(rb.FIELD_BY_NAME[name].searched), (name, word)
    with demo.db.session() as s:
        s.execute(update(Article).where(Article.id == a.id).values(status="published", first_published_at=utcnow()))
    full = demo.articles.system_get(a.id)
    site = next(x.data for x in load_published(demo.db, [a.id]))
    for f in rb.FIELDS:
        if f.exported and f.name != "body":  # the loader reads bodies separately (load_bodies)
            assert getattr(site, f.name) == getattr(full, f.name), f.name
