"""The rulebook of 三审: every workflow action and every article field, written once as data.

Everything that decides "may this person do this to this article now" reads these tables:

* the services (``app/core/services/review.py``, ``articles.py``) guard every action and every
  saved field with :func:`check_action` / :func:`check_fields`;
* the desks enable a button exactly when :func:`allowed_actions` names its action, and make a
  field editable exactly when :func:`may_edit_field` says so (the UI restates no rule);
* the PostgreSQL trigger and policies of newsroom mode are generated from (or checked against)
  :data:`ACTIONS` and :data:`FIELDS` (``app/core/pgroles.py``);
* the revision snapshot, the diff labels, the search document and the export loader take their
  field lists from :data:`FIELDS`.

No Qt, no I/O. The shape is deliberately flat so that another program (a SQL generator, a test)
can read it without knowing Python's workflow code:

``ACTIONS`` — a tuple of :class:`Rule` rows. One row says: action ``action`` may be taken on an
article in one of ``from_states`` by a *principal* named in ``who`` and leaves it in one of
``to_states`` (empty: the state does not change; ``return_step`` enters ``submitted`` when it
returns to the first step, ``in_review`` otherwise). Several rows may share an action id (e.g. ``save`` has a
row for the author and a row for editors); the action is allowed when any row allows it.
Principals are plain strings: ``"author"`` (the article's author, whatever their role), or a
role value (``"reporter"``, ``"editor"``, ``"chief_editor"``, ``"admin"``). ``step`` names a
condition on the review chain (三审): ``""`` none, ``"sign"`` the actor may sign the step the
article waits at and it is not the last, ``"last"`` the same for the last step (签发),
``"earlier"`` there is an earlier step to return to. ``lease`` is ``"other"`` when the action
needs someone else's live edit lease (take over). ``reason`` says the action needs a written
reason/note. ``writes`` lists what one transaction of the action writes: ``revision``,
``audit``, ``notify``, ``outbox``, ``comment``, ``lease``.

``FIELDS`` — a tuple of :class:`FieldSpec` rows, one per article field a person may change. Its
``group`` names a row of ``EDIT_GROUPS``: who may change a field of that group in which states,
and through which action (``save`` or ``correct``). A published article changes only through
``correct`` (更正重发), by the roles the rulebook names — chief editors by default.

Typo fixes after publication (decided here, issue #13): there is no silent "minor fix". An
editor who finds a typo in a published article comments on it (comments take no lease and
write no revision); a chief editor applies it with 更正, whose note the live page shows. A
published article's text is therefore the signed text or a noted correction, never anything
else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from app.core.domain import Actor, PlanStatus, Role, Status

AUTHOR = "author"  # principal: the article's author, whatever their role

# ---- states ------------------------------------------------------------------------------
S = Status
T = TypeVar("T")
ALL_STATES: tuple[Status, ...] = tuple(Status)
IN_REVIEW = frozenset({S.SUBMITTED, S.IN_REVIEW})
SIGNED = frozenset({S.APPROVED, S.SCHEDULED})
# The states in which an article is still being made: editors may change it (except a returned
# article, which is its reporter's until they submit it again).
DESK_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.APPROVED, S.SCHEDULED})
OWN_STATES = frozenset({S.DRAFT, S.RETURNED})  # an author's own work in hand
EDITORS = (Role.EDITOR.value, Role.CHIEF_EDITOR.value)
CHIEF = (Role.CHIEF_EDITOR.value,)
STAFF_ROLES = tuple(r.value for r in Role)


@dataclass(frozen=True)
class Rule:
    action: str
    from_states: frozenset[Status]
    to_states: frozenset[Status]  # empty: the state does not change
    who: tuple[str, ...]  # principals: "author" or role values
    step: str = ""  # "" | "sign" | "last" | "earlier"
    lease: str = ""  # "" | "other": needs someone else's live lease
    reason: bool = False
    writes: frozenset[str] = frozenset()
    label: tuple[str, str] = ("", "")  # zh, en


def _w(*names: str) -> frozenset[str]:
    return frozenset(names)


def _r(action: str, states: Iterable[Status], to: Status | Iterable[Status] | None, who: tuple[str, ...],
       label: tuple[str, str], **kw: Any) -> Rule:
    tos = frozenset() if to is None else frozenset({to}) if isinstance(to, Status) else frozenset(to)
    return Rule(action, frozenset(states), tos, who, label=label, **kw)


ACTIONS: tuple[Rule, ...] = (
    # editing: the lease is taken by the first edit (or 编辑), and the same rule says who may save
    _r("save", OWN_STATES, None, (AUTHOR,), ("保存", "Save"), writes=_w("revision", "audit", "lease")),
    _r("save", DESK_STATES, None, EDITORS, ("保存", "Save"), writes=_w("revision", "audit", "lease")),
    _r("take_over", OWN_STATES, None, (AUTHOR,), ("接管编辑", "Take over editing"), lease="other",
       writes=_w("audit", "notify", "lease")),
    _r("take_over", DESK_STATES, None, EDITORS, ("接管编辑", "Take over editing"), lease="other",
       writes=_w("audit", "notify", "lease")),
    _r("submit", OWN_STATES, S.SUBMITTED, (AUTHOR,), ("提交", "Submit"),
       writes=_w("revision", "audit", "notify", "comment")),
    _r("submit", {S.DRAFT}, S.SUBMITTED, EDITORS, ("提交", "Submit"),
       writes=_w("revision", "audit", "notify", "comment")),
    # 三审: sign the step the article waits at; the last step is 签发 (approve)
    _r("sign", IN_REVIEW, S.IN_REVIEW, EDITORS, ("签署", "Sign"), step="sign",
       writes=_w("revision", "audit", "notify")),
    _r("approve", IN_REVIEW, S.APPROVED, EDITORS, ("签发", "Sign off"), step="last",
       writes=_w("revision", "audit", "notify")),
    _r("return", IN_REVIEW | SIGNED, S.RETURNED, EDITORS, ("退回记者", "Return to reporter"), reason=True,
       writes=_w("revision", "audit", "notify", "comment", "outbox")),
    _r("return_step", {S.IN_REVIEW} | SIGNED, IN_REVIEW, EDITORS, ("退回上一步", "Return to earlier step"),
       step="earlier", reason=True, writes=_w("revision", "audit", "notify", "comment", "outbox")),
    _r("schedule", SIGNED, S.SCHEDULED, CHIEF, ("定时发布", "Schedule"), writes=_w("revision", "audit", "outbox")),
    _r("publish", SIGNED, S.PUBLISHED, CHIEF, ("立即发布", "Publish now"),
       writes=_w("revision", "audit", "notify", "outbox")),
    _r("correct", {S.PUBLISHED}, S.PUBLISHED, CHIEF, ("更正重发", "Publish correction"), reason=True,
       writes=_w("revision", "audit", "notify", "outbox")),
    _r("withdraw", {S.PUBLISHED, S.SCHEDULED}, S.WITHDRAWN, CHIEF, ("撤稿", "Withdraw"), reason=True,
       writes=_w("revision", "audit", "notify", "outbox")),
    # looking takes nothing (no lease): view, preview, diff, comment
    _r("view", ALL_STATES, None, (AUTHOR, *EDITORS), ("查看", "View")),
    _r("view", {S.PUBLISHED}, None, STAFF_ROLES, ("查看", "View")),
    _r("comment", ALL_STATES, None, (AUTHOR, *EDITORS), ("评论", "Comment"), writes=_w("comment", "audit", "notify")),
)

ACTION_IDS: tuple[str, ...] = tuple(dict.fromkeys(r.action for r in ACTIONS))
# The actions that move an article between states (what the PostgreSQL trigger checks).
TRANSITIONS: tuple[str, ...] = tuple(dict.fromkeys(r.action for r in ACTIONS if r.to_states))


def rules_for(action: str) -> tuple[Rule, ...]:
    return tuple(r for r in ACTIONS if r.action == action)


def action_label(action: str, lang: str = "zh") -> str:
    zh, en = rules_for(action)[0].label
    return zh if lang.startswith("zh") else en


def needs_reason(action: str) -> bool:
    return any(r.reason for r in rules_for(action))


# ---- the field registry --------------------------------------------------------------------
@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # line | text | markdown | enum | ref | refs | time | list | int | bool | contributors
    label: tuple[str, str]  # zh, en
    group: str = "content"  # a key of EDIT_GROUPS
    limit: int | None = None  # characters (text kinds) or items (list kinds)
    normaliser: str = ""  # an extra step after the kind's own (app.core.services.articles.NORMALISERS)
    snapshot: bool = True  # kept in revision snapshots (and so restorable)
    diffed: bool = True  # shown by the revision diff
    searched: str = ""  # in the search document: "head" (a hit there ranks first) or "text"
    exported: bool = True  # read by the site export / push payloads
    ref: str = ""  # what an id refers to: source | asset | channel | user
    choices: tuple[Any, ...] = ()  # the values an enum/int field may take


FIELDS: tuple[FieldSpec, ...] = (  # in reading order (the diff shows changes in this order)
    FieldSpec("pretitle", "line", ("引题", "Pre-title"), limit=200, searched="head"),
    FieldSpec("title", "line", ("主题", "Headline"), limit=200, searched="head"),
    FieldSpec("subtitle", "line", ("副题", "Subtitle"), limit=200, searched="head"),
    FieldSpec("dateline", "line", ("电头", "Dateline"), limit=64),
    FieldSpec("summary", "text", ("摘要", "Summary"), limit=2000, searched="text"),
    FieldSpec("body", "markdown", ("正文", "Body"), limit=2_000_000, searched="text"),
    FieldSpec("contributors", "contributors", ("作者", "Contributors"), limit=50, searched="text"),
    FieldSpec("keywords", "list", ("关键词", "Keywords"), limit=30, searched="text"),
    FieldSpec("topics", "list", ("专题", "Topics"), limit=20),
    FieldSpec("primary_channel_id", "ref", ("主栏目", "Primary channel"), ref="channel"),
    FieldSpec("secondary_channel_ids", "refs", ("副栏目", "Secondary channels"), group="desk", ref="channel"),
    FieldSpec("responsible_editor_id", "ref", ("责任编辑", "Responsible editor"), group="desk", ref="user"),
    FieldSpec("assigned_editor_id", "ref", ("指派编辑", "Assigned editor"), group="desk", ref="user",
              exported=False),
    FieldSpec("level", "int", ("推荐级别", "Level"), group="desk", choices=(0, 1, 2)),
    FieldSpec("is_hot", "bool", ("热点", "Hot"), group="desk"),
    FieldSpec("origin", "enum", ("稿件来源类型", "Origin"), choices=("original", "reprint")),
    FieldSpec("source_id", "ref", ("来源", "Source"), ref="source", searched="text"),
    FieldSpec("source_url", "line", ("来源网址", "Source URL"), limit=1000),
    FieldSpec("original_author", "line", ("原作者", "Original author"), limit=200),
    FieldSpec("original_title", "line", ("原标题", "Original headline"), limit=200),
    FieldSpec("original_time", "time", ("原发时间", "Original time")),
    FieldSpec("cover_asset_id", "ref", ("封面图", "Cover image"), ref="asset"),
)

FIELD_BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
TEXT_KINDS = ("line", "text", "markdown")
LIST_KINDS = ("list", "contributors", "refs")


@dataclass(frozen=True)
class Grant:
    who: tuple[str, ...]
    states: frozenset[Status]
    via: str  # the action through which the change is written: "save" or "correct"


# Who may change a field of each group, in which states, through which action.
EDIT_GROUPS: dict[str, tuple[Grant, ...]] = {
    "content": (Grant((AUTHOR,), OWN_STATES, "save"), Grant(EDITORS, DESK_STATES, "save"),
                Grant(CHIEF, frozenset({S.PUBLISHED}), "correct")),
    "desk": (Grant(EDITORS, DESK_STATES, "save"), Grant(CHIEF, frozenset({S.PUBLISHED}), "correct")),
}


def field_label(name: str, lang: str = "zh") -> str:
    spec = FIELD_BY_NAME.get(name)
    if spec is None:
        return name
    return spec.label[0] if lang.startswith("zh") else spec.label[1]


# ---- evaluating --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChainStep:
    """What the rulebook needs of a review step (``app.core.workflow.Step`` fits)."""

    position: int
    role: Role


def principals(actor: Actor, author_id: int | None) -> frozenset[str]:
    out = {r.value for r in actor.roles}
    if author_id is not None and author_id == actor.id:
        out.add(AUTHOR)
    return frozenset(out)


def may_sign_step(actor: Actor, step: Any) -> bool:
    """A chief editor may sign any step; an editor the editor steps."""
    return Role.CHIEF_EDITOR in actor.roles or step.role in actor.roles


def _status(article: Any) -> Status:
    return Status(getattr(article.status, "value", article.status))


def waiting_step(article: Any, chain: Sequence[T]) -> T | None:
    """The step of ``chain`` an article (or list row) waits at: submitted or in review at a step
    the chain has; else None."""
    step = getattr(article, "review_step", None)
    if _status(article) not in IN_REVIEW or step is None or step >= len(chain):
        return None
    return chain[step]


def _lease_other(actor: Actor, article: Any, now: datetime | None) -> bool:
    holder = getattr(article, "lease_user_id", None)
    if holder is None or holder == actor.id:
        return False
    expires = getattr(article, "lease_expires_at", None)
    if expires is None:
        return False
    if now is None:
        from app.core.clock import utcnow

        now = utcnow()
    return bool(expires > now)


def _signed_by(article: Any) -> set[int]:
    ids = (getattr(s, "signer_id", None) for s in (getattr(article, "signoffs", None) or []))
    return {i for i in ids if i is not None}


def _step_ok(rule: Rule, actor: Actor, article: Any, chain: tuple[Any, ...], distinct_signers: bool) -> bool:
    if not rule.step:
        return True
    status = _status(article)
    pos = getattr(article, "review_step", None)
    if rule.step == "earlier":
        here = pos if (status in IN_REVIEW and pos is not None) else len(chain)
        return here > 0
    if status not in IN_REVIEW or pos is None or not 0 <= pos < len(chain):
        return False
    last = pos == len(chain) - 1
    if (rule.step == "last") != last:
        return False
    if not may_sign_step(actor, chain[pos]):
        return False
    return not (distinct_signers and actor.id in _signed_by(article))


def rule_allows(rule: Rule, actor: Actor, article: Any, chain: tuple[Any, ...], *,
                distinct_signers: bool = True, now: datetime | None = None) -> bool:
    if _status(article) not in rule.from_states:
        return False
    if not principals(actor, getattr(article, "author_id", None)) & set(rule.who):
        return False
    if rule.lease == "other" and not _lease_other(actor, article, now):
        return False
    return _step_ok(rule, actor, article, chain, distinct_signers)


def allows(action: str, actor: Actor, article: Any, chain: tuple[Any, ...], *, distinct_signers: bool = True,
           now: datetime | None = None) -> bool:
    return any(rule_allows(r, actor, article, chain, distinct_signers=distinct_signers, now=now)
               for r in rules_for(action))


def allowed_actions(actor: Actor, article: Any, chain: tuple[Any, ...], *, distinct_signers: bool = True,
                    now: datetime | None = None) -> frozenset[str]:
    """Every action ``actor`` may take on ``article`` (an ArticleData or an Article row) now.
    ``signoffs`` on the article (ArticleData has them) lets 三审分人 rule out a second signature
    by the same person; ``lease_user_id``/``lease_expires_at`` decide take-over."""
    if article is None:
        return frozenset()
    return frozenset(r.action for r in ACTIONS
                     if rule_allows(r, actor, article, chain, distinct_signers=distinct_signers, now=now))


def field_grant(actor: Actor, status: Status | str, author_id: int | None, field: str) -> str:
    """The action through which ``actor`` may change ``field`` of an article in ``status``:
    ``"save"``, ``"correct"`` or ``""`` (not at all)."""
    spec = FIELD_BY_NAME.get(field)
    if spec is None:
        return ""
    st = Status(getattr(status, "value", status))
    who = principals(actor, author_id)
    for g in EDIT_GROUPS[spec.group]:
        if st in g.states and who & set(g.who):
            return g.via
    return ""


def may_edit_field(actor: Actor, article: Any, field: str, via: str | None = None) -> bool:
    """May ``actor`` change ``field`` of ``article`` (through ``via`` when given)?"""
    got = field_grant(actor, _status(article), getattr(article, "author_id", None), field)
    return bool(got) and (via is None or got == via)


def edit_mode(actor: Actor, article: Any) -> str:
    """How the desk opens ``article`` for ``actor``: ``"save"`` (edit, autosave), ``"correct"``
    (edit, changes go out only with a 更正 note) or ``""`` (read-only)."""
    modes = {field_grant(actor, _status(article), getattr(article, "author_id", None), f) for f in FIELD_NAMES}
    for m in ("save", "correct"):
        if m in modes:
            return m
    return ""


# ---- enumerating (for tests and generators) ------------------------------------------------------
@dataclass(frozen=True)
class Persona:
    """A kind of actor relative to an article: one role, author of the article or not."""

    role: Role
    author: bool

    @property
    def key(self) -> str:
        return self.role.value + ("+author" if self.author else "")

    @property
    def roles(self) -> frozenset[Role]:
        """The roles such a person holds: a chief editor is an editor too (as newsrooms set them up)."""
        return frozenset({self.role, Role.EDITOR} if self.role == Role.CHIEF_EDITOR else {self.role})


PERSONAS: tuple[Persona, ...] = tuple(Persona(r, a) for r in Role for a in (False, True)
                                      if not (r == Role.ADMIN and a))


@dataclass(frozen=True)
class StatePoint:
    """A state, with the chain step it waits at (for states in review)."""

    status: Status
    step: int | None


def state_points(chain: tuple[Any, ...]) -> tuple[StatePoint, ...]:
    out: list[StatePoint] = []
    for st in ALL_STATES:
        if st == S.SUBMITTED:
            out.append(StatePoint(st, 0))
        elif st == S.IN_REVIEW:
            out.extend(StatePoint(st, i) for i in range(1, len(chain)))
        else:
            out.append(StatePoint(st, None))
    return tuple(out)


def allowed_once(actor: Actor, article: Any, status: Status, chain: tuple[Any, ...], *,
                 distinct_signers: bool = True) -> frozenset[str]:
    """What ``actor`` could do to ``article`` once it is in ``status``, out of review (no step, no
    one else's lease): the next decision a dialog may offer with this one (签发 → 立即发布)."""
    probe = _Probe(getattr(article, "id", 0), Status(status), getattr(article, "author_id", 0) or 0, None)
    return allowed_actions(actor, probe, chain, distinct_signers=distinct_signers)


def allowed_after(actor: Actor, article: Any, action: str, chain: tuple[Any, ...], *,
                  distinct_signers: bool = True) -> frozenset[str]:
    """What ``actor`` could do to ``article`` once ``action`` has moved it on, the state taken from
    the action's rule (approve → APPROVED): the next decision a dialog may offer with this one."""
    targets = {s for r in rules_for(action) for s in r.to_states}
    if len(targets) != 1:
        raise ValueError(f"{action!r} does not lead to one state: {sorted(targets)}")
    return allowed_once(actor, article, targets.pop(), chain, distinct_signers=distinct_signers)


@dataclass(frozen=True)
class _Probe:
    id: int
    status: Status
    author_id: int
    review_step: int | None
    lease_user_id: int | None = None
    lease_expires_at: datetime | None = None


def enumerate_actions(chain: tuple[Any, ...], actions: Iterable[str] = ACTION_IDS
                      ) -> Iterator[tuple[Persona, StatePoint, str, bool]]:
    """Every (persona × chain step × state × action) with the rulebook's verdict. Take-over is
    judged with another person's live lease on the article; everything else without a lease."""
    from datetime import UTC, timedelta

    far = datetime.now(UTC) + timedelta(days=365)
    actions = tuple(actions)
    for p in PERSONAS:
        actor = Actor(1, p.key, p.key, p.roles)
        for sp in state_points(chain):
            for action in actions:
                art = _Probe(1, sp.status, 1 if p.author else 2, sp.step,
                             lease_user_id=3 if action == "take_over" else None,
                             lease_expires_at=far if action == "take_over" else None)
                yield p, sp, action, allows(action, actor, art, chain)


def enumerate_fields() -> Iterator[tuple[Persona, Status, str, str]]:
    """Every (persona × state × field) with the action it may be changed through ("" = none)."""
    for p in PERSONAS:
        actor = Actor(1, p.key, p.key, p.roles)
        for st in ALL_STATES:
            for f in FIELD_NAMES:
                yield p, st, f, field_grant(actor, st, 1 if p.author else 2, f)


def transition_table() -> list[tuple[str, str, str, str]]:
    """(from_state, to_state, principal, action) for every state change: what the PostgreSQL
    trigger must allow (and nothing else)."""
    out = []
    for r in ACTIONS:
        for st in sorted(r.from_states):
            for to in sorted(r.to_states):
                for who in r.who:
                    out.append((st.value, to.value, who, r.action))
    return out


# ---- story plans (选题, app/core/planning.py) ------------------------------------------------
# The planning desk's actions, read by PlanService's one guard, the board's buttons, the CLI and
# tests/core/test_planning.py (which checks every role × plan state × action against the service).
_S = PlanStatus
PLAN_STAFF = frozenset({Role.REPORTER, Role.EDITOR, Role.CHIEF_EDITOR})
_PLAN_EDITORS = frozenset({Role.EDITOR, Role.CHIEF_EDITOR})
_PLAN_CHIEF = frozenset({Role.CHIEF_EDITOR})


@dataclass(frozen=True)
class PlanAction:
    """One row of the planning rulebook. ``from_states`` are effective statuses; ``to_state``
    None keeps the status. ``proposer`` lets the plan's own proposer take the action while the
    plan is in ``proposer_states`` even without one of ``roles``; ``assignee`` the same for the
    people assigned to it."""

    name: str
    label: tuple[str, str]
    from_states: frozenset[str]
    to_state: str | None
    roles: frozenset[Role]
    reason_required: bool = False
    proposer_states: frozenset[str] = frozenset()
    assignee: bool = False
    notify: str = ""  # who hears of it: "assignees", "proposer", or ""


_LIVE = frozenset({_S.APPROVED, _S.IN_PROGRESS, _S.DRAFTED})
_OPEN = frozenset({_S.PROPOSED, _S.PENDING})
_ANY_LIVE = _OPEN | _LIVE

PLAN_ACTIONS: tuple[PlanAction, ...] = (
    PlanAction("edit", ("修改", "Edit"), _ANY_LIVE, None, _PLAN_EDITORS, proposer_states=_OPEN),
    PlanAction("shortlist", ("待定", "Shortlist"), frozenset({_S.PROPOSED}), _S.PENDING, _PLAN_EDITORS),
    PlanAction("approve", ("采用", "Approve"), _OPEN, _S.APPROVED, _PLAN_CHIEF, notify="proposer"),
    PlanAction("reject", ("否决", "Reject"), _OPEN, _S.REJECTED, _PLAN_CHIEF, reason_required=True,
               notify="proposer"),
    PlanAction("assign", ("指派", "Assign"), _LIVE, None, _PLAN_CHIEF, notify="assignees"),
    PlanAction("reschedule", ("改期", "Reschedule"), _ANY_LIVE, None, _PLAN_CHIEF, proposer_states=_OPEN,
               notify="assignees"),
    PlanAction("cancel", ("撤销", "Cancel"), _ANY_LIVE, _S.CANCELLED, _PLAN_CHIEF, reason_required=True,
               proposer_states=_OPEN, notify="assignees"),
    PlanAction("start_story", ("开始写稿", "Start a story"), _LIVE, None, _PLAN_EDITORS, assignee=True),
    PlanAction("comment", ("评论", "Comment"), frozenset(_S), None, _PLAN_EDITORS, proposer_states=frozenset(_S),
               assignee=True),
)
PLAN_ACTIONS_BY_NAME = {a.name: a for a in PLAN_ACTIONS}


def plan_actions(actor: Actor, status: str, proposer_id: int, assignee_ids: frozenset[int]) -> list[str]:
    """The actions ``actor`` may take on a plan in effective ``status``: the one answer for the
    service guard, the board's buttons and the CLI."""
    out = []
    for a in PLAN_ACTIONS:
        if status not in a.from_states:
            continue
        if (actor.has(*a.roles)
                or (actor.id == proposer_id and status in a.proposer_states)
                or (a.assignee and actor.id in assignee_ids)):
            out.append(a.name)
    return out


def may_propose(actor: Actor) -> bool:
    return actor.has(*PLAN_STAFF)
