"""The rulebook's tables are well formed and say what the newsroom promises (pure, no database)."""

from __future__ import annotations

from app.core import rulebook as rb
from app.core.domain import Actor, Role, Status
from app.core.workflow import DEFAULT_CHAIN


def test_tables_are_well_formed():
    principals = {rb.AUTHOR, *rb.STAFF_ROLES}
    for r in rb.ACTIONS:
        assert r.from_states and set(r.who) <= principals, r
        assert r.step in ("", "sign", "last", "earlier") and r.lease in ("", "other")
        assert r.writes <= {"revision", "audit", "notify", "outbox", "comment", "lease"}
        assert r.label[0] and r.label[1]
    names = [f.name for f in rb.FIELDS]
    assert len(names) == len(set(names))
    for f in rb.FIELDS:
        assert f.group in rb.EDIT_GROUPS and f.label[0] and f.label[1]
        assert f.kind in rb.TEXT_KINDS + rb.LIST_KINDS + ("enum", "ref", "time", "int", "bool")
        if f.kind in rb.TEXT_KINDS:
            assert f.limit, f.name


def test_published_changes_only_through_correct_by_chief():
    for p, st, field, via in rb.enumerate_fields():
        if st == Status.PUBLISHED:
            assert via == ("correct" if p.role == Role.CHIEF_EDITOR else ""), (p, field)
        if st == Status.WITHDRAWN:
            assert via == ""
    for p, sp, action, ok in rb.enumerate_actions(DEFAULT_CHAIN):
        if sp.status == Status.PUBLISHED and ok:
            assert action in ("correct", "withdraw", "comment", "view"), (p, action)


def test_returned_article_is_its_reporters():
    ed = Actor(5, "chushen", "初审", frozenset({Role.EDITOR}))
    rep = Actor(7, "wangzd", "王", frozenset({Role.REPORTER}))

    class A:
        id, status, author_id, review_step, signoffs = 1, Status.RETURNED, 7, None, []
        lease_user_id, lease_expires_at = None, None

    assert "save" in rb.allowed_actions(rep, A, DEFAULT_CHAIN)
    assert "save" not in rb.allowed_actions(ed, A, DEFAULT_CHAIN)
    assert rb.edit_mode(ed, A) == "" and rb.edit_mode(rep, A) == "save"


def test_what_a_sign_off_may_be_followed_by():
    """allowed_once: the 签发 dialog offers 立即发布 with it only to whom the rulebook lets publish."""
    chief = Actor(9, "zongbian", "总编", frozenset({Role.CHIEF_EDITOR}))
    ed = Actor(5, "chushen", "初审", frozenset({Role.EDITOR}))

    class A:
        id, status, author_id, review_step, signoffs = 1, Status.IN_REVIEW, 7, 2, []
        lease_user_id, lease_expires_at = None, None

    assert "publish" in rb.allowed_once(chief, A, Status.APPROVED, DEFAULT_CHAIN)
    assert "publish" not in rb.allowed_once(ed, A, Status.APPROVED, DEFAULT_CHAIN)
    assert "publish" not in rb.allowed_once(chief, A, Status.WITHDRAWN, DEFAULT_CHAIN)
    # the dialog asks by action: 签发 leads where the rule table says (APPROVED)
    assert rb.allowed_after(chief, A, "approve", DEFAULT_CHAIN) == rb.allowed_once(chief, A, Status.APPROVED, DEFAULT_CHAIN)
    assert "publish" not in rb.allowed_after(ed, A, "approve", DEFAULT_CHAIN)
    assert "publish" not in rb.allowed_actions(chief, A, DEFAULT_CHAIN)  # the probe, not the article


def test_counts(evidence):
    actions = list(rb.enumerate_actions(DEFAULT_CHAIN))
    fields = list(rb.enumerate_fields())
    evidence(f"rulebook: {len(actions)} (persona × step × state × action), "
             f"{len(fields)} (persona × state × field) combinations")
    assert len(actions) == len(rb.PERSONAS) * len(rb.state_points(DEFAULT_CHAIN)) * len(rb.ACTION_IDS)


def test_waiting_step_is_the_chain_step_of_an_article_in_review():
    from types import SimpleNamespace as NS

    chain = ("初审", "复审", "终审")
    assert rb.waiting_step(NS(status=Status.SUBMITTED, review_step=0), chain) == "初审"
    assert rb.waiting_step(NS(status="in_review", review_step=2), chain) == "终审"
    assert rb.waiting_step(NS(status=Status.IN_REVIEW, review_step=3), chain) is None
    assert rb.waiting_step(NS(status=Status.IN_REVIEW, review_step=None), chain) is None
    for st in set(Status) - {Status.SUBMITTED, Status.IN_REVIEW}:
        assert rb.waiting_step(NS(status=st, review_step=0), chain) is None
