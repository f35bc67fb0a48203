"""选题 and assignments: the planning desk's rules (as data) and its service.

A plan's stored status covers the decisions people make — 报题 (proposed), 待定 (pending), 采用
(approved), 否决 (rejected), 撤销 (cancelled). What happens after 采用 is read from the stories
linked to the plan, so the board can never disagree with the articles: 进行中 while its stories
are drafts, 已成稿 once one is in review or signed, 已发布 once one is published.

Who may do what is the table ``PLAN_ACTIONS``; the service, the board's buttons, the CLI and the
tests read it (``plan_actions``), nobody restates it.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.core.domain import Actor, Contributor, PlanStatus, Role, Status
from app.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from app.core.models import Article, Channel, Plan, PlanArticle, PlanAssignment, PlanNote, User
from app.core.rulebook import PLAN_ACTIONS, PlanAction, may_propose, plan_actions
from app.core.rulebook import PLAN_ACTIONS_BY_NAME as ACTIONS
from app.core.services.base import Service, audit, notify, signal_change

__all__ = ["ACTIONS", "PLAN_ACTIONS", "PlanAction", "PlanStatus", "may_propose", "plan_actions"]


PLAN_STATUS_LABELS: dict[str, tuple[str, str]] = {
    PlanStatus.PROPOSED: ("报题", "Proposed"),
    PlanStatus.PENDING: ("待定", "Pending"),
    PlanStatus.APPROVED: ("采用", "Approved"),
    PlanStatus.REJECTED: ("否决", "Rejected"),
    PlanStatus.IN_PROGRESS: ("进行中", "In progress"),
    PlanStatus.DRAFTED: ("已成稿", "Filed"),
    PlanStatus.PUBLISHED: ("已发布", "Published"),
    PlanStatus.CANCELLED: ("撤销", "Cancelled"),
}

ASSIGNEE_ROLES = ("记者", "摄影", "通讯员", "特约记者", "实习生")
PRIORITIES = {0: ("普通", "Normal"), 1: ("重要", "Important"), 2: ("紧急", "Urgent")}
STORY_KINDS = ("文字稿", "图片稿", "视频稿", "追踪报道")
LIVE = (PlanStatus.APPROVED, PlanStatus.IN_PROGRESS, PlanStatus.DRAFTED)
CLOSED = (PlanStatus.REJECTED, PlanStatus.CANCELLED, PlanStatus.PUBLISHED)

def effective_status(stored: str, story_states: builtins.list[str]) -> str:
    """The live status: stored decisions, then what the linked stories say."""
    if stored != PlanStatus.APPROVED or not story_states:
        return stored
    if Status.PUBLISHED in story_states:
        return PlanStatus.PUBLISHED
    if any(s in (Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED) for s in story_states):
        return PlanStatus.DRAFTED
    return PlanStatus.IN_PROGRESS


def status_label(status: str, lang: str = "zh") -> str:
    zh, en = PLAN_STATUS_LABELS[PlanStatus(status)]
    return zh if lang.startswith("zh") else en


# ---- detached values ----------------------------------------------------------------------
@dataclass
class Assignee:
    user_id: int
    real_name: str
    role: str


@dataclass
class PlanStory:
    article_id: int
    kind: str
    title: str
    status: str


@dataclass
class PlanNoteData:
    id: int
    kind: str
    body: str
    author: str
    created_at: datetime
    asset_id: int | None = None


@dataclass
class PlanData:
    id: int
    title: str
    angle: str
    channel_id: int | None
    channel_name: str
    planned_date: date
    deadline: datetime | None
    expected_chars: int
    priority: int
    stored_status: str
    status: str
    reason: str
    proposer_id: int
    proposer_name: str
    version: int
    assignees: list[Assignee] = field(default_factory=list)
    stories: list[PlanStory] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)

    @property
    def assignee_ids(self) -> frozenset[int]:
        return frozenset(a.user_id for a in self.assignees)

    def overdue(self, now: datetime) -> bool:
        return bool(self.deadline and self.deadline < now and self.status in LIVE)

    def due_today(self, today: date) -> bool:
        return self.status in LIVE and self.planned_date == today


@dataclass
class PlanQuery:
    start: date | None = None  # planned_date range, inclusive
    end: date | None = None
    statuses: tuple[str, ...] = ()  # effective statuses
    user_id: int | None = None  # assigned to, or proposed by
    channel_id: int | None = None
    text: str = ""
    include_closed: bool = True
    limit: int = 5000


_FIELDS = ("title", "angle", "channel_id", "planned_date", "deadline", "expected_chars", "priority")


def _clean_fields(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in changes.items():
        if k not in _FIELDS:
            raise ValidationError(f"选题没有字段 {k}。", f"Plans have no field {k}.")
        if k == "title":
            v = " ".join(str(v).split())
            if not v:
                raise ValidationError("选题需要标题。", "A plan needs a title.")
            if len(v) > 200:
                raise ValidationError("选题标题不能超过 200 字。", "A plan's title is at most 200 characters.")
        elif k == "angle":
            v = str(v).strip()
            if len(v) > 20000:
                raise ValidationError("选题说明太长（最多 20000 字）。", "The angle is too long (20,000 characters at most).")
        elif k == "planned_date":
            if isinstance(v, str):
                try:
                    v = date.fromisoformat(v)
                except ValueError:
                    raise ValidationError(f"日期格式不对：{v}（应为 2026-12-05）。",
                                          f"Not a date: {v} (use 2026-12-05).") from None
            v = v.isoformat()
        elif k == "deadline":
            if v is not None and (not isinstance(v, datetime) or v.tzinfo is None):
                raise ValidationError("截稿时间需带时区。", "The deadline needs a time zone.")
        elif k in ("expected_chars", "priority"):
            v = int(v)
            if v < 0 or (k == "priority" and v not in PRIORITIES) or (k == "expected_chars" and v > 200000):
                raise ValidationError(f"{k} 的值不对：{v}", f"Bad value for {k}: {v}")
        out[k] = v
    return out


class PlanService(Service):
    """Plans, their assignments, their stories. Every change is one transaction with its audit
    entry and notifications."""

    # ---- reading -----------------------------------------------------------------------
    def _load(self, s: Session, plan_id: int, *, for_update: bool = False) -> Plan:
        stmt = select(Plan).where(Plan.id == plan_id)
        if for_update and s.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        p = s.scalar(stmt)
        if p is None:
            raise NotFound("选题不存在。", "No such plan.")
        return p

    def _data(self, s: Session, plans: Sequence[Any], actor: Actor | None) -> builtins.list[PlanData]:
        """Plans (ORM rows, or rows of ``_COLUMNS``) with their people, stories and the actions
        ``actor`` may take."""
        if not plans:
            return []
        ids = [p.id for p in plans]
        names = dict(s.execute(select(User.id, User.real_name)).all())
        channels = dict(s.execute(select(Channel.id, Channel.name)).all())
        assignees: dict[int, list[Assignee]] = {}
        for row in s.execute(select(PlanAssignment).where(PlanAssignment.plan_id.in_(ids))
                             .order_by(PlanAssignment.plan_id, PlanAssignment.role)).scalars():
            assignees.setdefault(row.plan_id, []).append(Assignee(row.user_id, names.get(row.user_id, "?"), row.role))
        stories: dict[int, list[PlanStory]] = {}
        for pid, aid, kind, title, st in s.execute(
                select(PlanArticle.plan_id, Article.id, PlanArticle.kind, Article.title, Article.status)
                .join(Article, Article.id == PlanArticle.article_id)
                .where(PlanArticle.plan_id.in_(ids)).order_by(Article.id)):
            stories.setdefault(pid, []).append(PlanStory(aid, kind, title, st))
        out = []
        for p in plans:
            st = effective_status(p.status, [x.status for x in stories.get(p.id, [])])
            d = PlanData(p.id, p.title, p.angle, p.channel_id, channels.get(p.channel_id, "") if p.channel_id else "",
                         date.fromisoformat(p.planned_date), p.deadline, p.expected_chars, p.priority, p.status, st,
                         p.reason, p.proposer_id, names.get(p.proposer_id, "?"), p.version,
                         assignees.get(p.id, []), stories.get(p.id, []))
            if actor is not None:
                d.actions = plan_actions(actor, st, p.proposer_id, d.assignee_ids)
            out.append(d)
        return out

    def get(self, actor: Actor, plan_id: int) -> PlanData:
        with self.db.read() as s:
            return self._data(s, [self._load(s, plan_id)], actor)[0]

    def list(self, actor: Actor, q: PlanQuery | None = None) -> builtins.list[PlanData]:
        q = q or PlanQuery()
        with self.db.read() as s:
            stmt = select(*_COLUMNS)
            if q.start:
                stmt = stmt.where(Plan.planned_date >= q.start.isoformat())
            if q.end:
                stmt = stmt.where(Plan.planned_date <= q.end.isoformat())
            if q.channel_id:
                stmt = stmt.where(Plan.channel_id == q.channel_id)
            if q.user_id:
                stmt = stmt.where(or_(Plan.proposer_id == q.user_id, Plan.id.in_(
                    select(PlanAssignment.plan_id).where(PlanAssignment.user_id == q.user_id))))
            if not q.include_closed:
                stmt = stmt.where(Plan.status.notin_([PlanStatus.REJECTED.value, PlanStatus.CANCELLED.value]))
            if q.text.strip():
                from app.core.search.tokens import normalize

                # plans are few (hundreds a month): an exact substring test on normalised text
                # finds two-character terms that a tokenised index would need care for
                terms = normalize(q.text).split()
                rows = s.execute(stmt.order_by(Plan.planned_date, Plan.id)).all()
                rows = [p for p in rows if all(t in normalize(f"{p.title} {p.angle}") for t in terms)]
            else:
                # plain columns, not ORM objects: the board lists thousands (a third of the cost)
                rows = s.execute(stmt.order_by(Plan.planned_date, Plan.priority.desc(), Plan.id)
                                 .limit(q.limit)).all()
            data = self._data(s, builtins.list(rows), actor)
        if q.statuses:
            data = [d for d in data if d.status in q.statuses]
        return data

    def search(self, actor: Actor, terms: str, limit: int = 50) -> builtins.list[PlanData]:
        return self.list(actor, PlanQuery(text=terms, limit=limit))[:limit]

    def for_article(self, actor: Actor, article_id: int) -> PlanData | None:
        """The plan a story came from, if any (the article shows its plan)."""
        with self.db.read() as s:
            pid = s.scalar(select(PlanArticle.plan_id).where(PlanArticle.article_id == article_id))
            return self._data(s, [self._load(s, pid)], actor)[0] if pid else None

    def notes(self, actor: Actor, plan_id: int) -> builtins.list[PlanNoteData]:
        with self.db.read() as s:
            self._load(s, plan_id)
            names = dict(s.execute(select(User.id, User.real_name)).all())
            return [PlanNoteData(n.id, n.kind, n.body, names.get(n.author_id, "?"), n.created_at, n.asset_id)
                    for n in s.scalars(select(PlanNote).where(PlanNote.plan_id == plan_id).order_by(PlanNote.id))]

    # ---- the one guard -----------------------------------------------------------------
    def _guard(self, s: Session, actor: Actor, p: Plan, action: str, reason: str = "") -> PlanAction:
        rule = ACTIONS[action]
        d = self._data(s, [p], actor)[0]
        if action not in d.actions:
            if d.status not in rule.from_states:
                raise InvalidTransition(
                    f"选题「{p.title}」处于「{status_label(d.status)}」，不能{rule.label[0]}。",
                    f"The plan '{p.title}' is {status_label(d.status, 'en').lower()}; it cannot be "
                    f"{rule.label[1].lower()}ed.")
            raise PermissionDenied(f"您不能{rule.label[0]}这个选题。", f"You may not {rule.label[1].lower()} this plan.")
        if rule.reason_required and not reason.strip():
            raise ValidationError(f"{rule.label[0]}需要说明理由。", f"{rule.label[1]} needs a reason.")
        return rule

    def _after(self, s: Session, actor: Actor, p: Plan, rule: PlanAction, message: str, **detail: Any) -> None:
        p.updated_at = utcnow()
        audit(s, actor, f"plan_{rule.name}", None, plan_id=p.id, title=p.title, **detail)
        if rule.notify == "proposer":
            notify(s, {p.proposer_id}, f"plan_{rule.name}", message, exclude=actor.id)
        elif rule.notify == "assignees":
            ids = set(s.scalars(select(PlanAssignment.user_id).where(PlanAssignment.plan_id == p.id)))
            notify(s, ids, f"plan_{rule.name}", message, exclude=actor.id)
        signal_change(s, "plan", p.id)

    # ---- writing -----------------------------------------------------------------------
    def propose(self, actor: Actor, title: str, planned_date: date | str, **fields: Any) -> PlanData:
        if not may_propose(actor):
            raise PermissionDenied("只有采编人员可以报题。", "Only newsroom staff propose stories.")
        clean = _clean_fields({"title": title, "planned_date": planned_date, **fields})
        with self.db.session() as s:
            p = Plan(status=PlanStatus.PROPOSED.value, proposer_id=actor.id, **clean)
            s.add(p)
            s.flush()
            audit(s, actor, "plan_propose", None, plan_id=p.id, title=p.title)
            chiefs = set(s.scalars(select(User.id).where(User.active.is_(True),
                                                         User.id.in_(_user_role_ids(Role.CHIEF_EDITOR)))))
            notify(s, chiefs, "plan_proposed", f"新报题：{p.title}（{actor.real_name}）", exclude=actor.id)
            signal_change(s, "plan", p.id)
            return self._data(s, [p], actor)[0]

    def update(self, actor: Actor, plan_id: int, changes: dict[str, Any], expected_version: int) -> PlanData:
        """Change a plan's fields. The date and deadline are the ``reschedule`` action (they move
        people's work), everything else ``edit``; a change of both needs both."""
        clean = _clean_fields(changes)
        dates = {"planned_date", "deadline"}
        needed = [a for a, part in (("edit", set(clean) - dates), ("reschedule", set(clean) & dates)) if part]
        with self.db.session() as s:
            p = self._load(s, plan_id, for_update=True)
            if p.version != expected_version:
                raise ValidationError("选题已被他人修改，请刷新后再改。", "The plan was changed elsewhere; refresh and retry.")
            rules = [self._guard(s, actor, p, a) for a in needed]
            old = {k: getattr(p, k) for k in clean}
            for k, v in clean.items():
                setattr(p, k, v)
            for rule in rules:
                msg = (f"选题「{p.title}」改到 {p.planned_date}" if rule.name == "reschedule"
                       else f"选题「{p.title}」已修改")
                self._after(s, actor, p, rule, msg, changed={k: [str(old[k]), str(clean[k])] for k in clean})
            s.flush()
            return self._data(s, [p], actor)[0]

    def _decide(self, actor: Actor, plan_id: int, action: str, reason: str = "") -> PlanData:
        with self.db.session() as s:
            p = self._load(s, plan_id, for_update=True)
            rule = self._guard(s, actor, p, action, reason)
            if rule.to_state:
                p.status = rule.to_state
            if rule.reason_required:
                p.reason = reason.strip()
            zh = rule.label[0]
            msg = f"选题「{p.title}」已{zh}" + (f"：{reason.strip()}" if reason.strip() else "")
            self._after(s, actor, p, rule, msg, reason=reason.strip())
            s.flush()
            return self._data(s, [p], actor)[0]

    def shortlist(self, actor: Actor, plan_id: int) -> PlanData:
        return self._decide(actor, plan_id, "shortlist")

    def approve(self, actor: Actor, plan_id: int) -> PlanData:
        return self._decide(actor, plan_id, "approve")

    def reject(self, actor: Actor, plan_id: int, reason: str) -> PlanData:
        return self._decide(actor, plan_id, "reject", reason)

    def cancel(self, actor: Actor, plan_id: int, reason: str) -> PlanData:
        return self._decide(actor, plan_id, "cancel", reason)

    def assign(self, actor: Actor, plan_id: int, people: builtins.list[tuple[int, str]],
               deadline: datetime | None = None) -> PlanData:
        """Replace the plan's people with ``people`` — (user id, role) pairs — and optionally
        set its deadline. The newly assigned are notified."""
        for _, role in people:
            if role not in ASSIGNEE_ROLES:
                raise ValidationError(f"未知的分工：{role}", f"Unknown assignment role: {role}")
        if deadline is not None:
            _clean_fields({"deadline": deadline})
        with self.db.session() as s:
            p = self._load(s, plan_id, for_update=True)
            rule = self._guard(s, actor, p, "assign")
            active = set(s.scalars(select(User.id).where(User.active.is_(True))))
            unknown = [uid for uid, _ in people if uid not in active]
            if unknown:
                raise ValidationError("只能指派在职的采编人员。", "Only active staff can be assigned.")
            before = set(s.scalars(select(PlanAssignment.user_id).where(PlanAssignment.plan_id == p.id)))
            s.execute(delete(PlanAssignment).where(PlanAssignment.plan_id == p.id))
            s.add_all(PlanAssignment(plan_id=p.id, user_id=uid, role=role) for uid, role in dict.fromkeys(people))
            if deadline is not None:
                p.deadline = deadline
            s.flush()
            new = {uid for uid, _ in people} - before
            when = f"，截稿 {deadline:%m-%d %H:%M} UTC" if deadline else ""
            notify(s, new, "plan_assigned", f"您被指派采写：{p.title}（{p.planned_date}{when}）", exclude=actor.id)
            self._after(s, actor, p, rule, f"选题「{p.title}」分工已更新", people=[[uid, r] for uid, r in people])
            return self._data(s, [p], actor)[0]

    def comment(self, actor: Actor, plan_id: int, body: str, kind: str = "comment",
                asset_id: int | None = None) -> PlanNoteData:
        body = body.strip()
        if kind not in ("comment", "link", "file"):
            raise ValidationError(f"未知的附注类型：{kind}", f"Unknown note kind: {kind}")
        if not body and asset_id is None:
            raise ValidationError("内容不能为空。", "Nothing to add.")
        if kind == "link" and not body.lower().startswith(("http://", "https://")):
            raise ValidationError("链接需以 http:// 或 https:// 开头。", "A link starts with http:// or https://.")
        with self.db.session() as s:
            p = self._load(s, plan_id)
            self._guard(s, actor, p, "comment")
            n = PlanNote(plan_id=p.id, author_id=actor.id, kind=kind, body=body[:20000], asset_id=asset_id)
            s.add(n)
            s.flush()
            audit(s, actor, "plan_comment", None, plan_id=p.id, kind=kind)
            ids = {p.proposer_id, *s.scalars(select(PlanAssignment.user_id).where(PlanAssignment.plan_id == p.id))}
            notify(s, ids, "plan_comment", f"{actor.real_name} 评论了选题「{p.title}」", exclude=actor.id)
            signal_change(s, "plan", p.id)
            return PlanNoteData(n.id, n.kind, n.body, actor.real_name, n.created_at, n.asset_id)

    def start_story(self, actor: Actor, plan_id: int, kind: str = "文字稿", articles: Any = None) -> int:
        """Open a draft pre-filled from the plan — headline, channel, byline from the assigned
        people — and link it. Returns the new article's id. ``articles`` is the ArticleService
        (the draft is made by the same code as any other draft)."""
        if kind not in STORY_KINDS:
            raise ValidationError(f"未知的稿件类型：{kind}", f"Unknown story kind: {kind}")
        with self.db.read() as s:
            p = self._load(s, plan_id)
            self._guard(s, actor, p, "start_story")
            d = self._data(s, [p], actor)[0]
        byline = [Contributor(a.role, a.real_name) for a in d.assignees] or None
        fields: dict[str, Any] = {"title": d.title, "body": "", "primary_channel_id": d.channel_id}
        if byline:
            fields["contributors"] = byline
        if articles is None:
            from app.core.services.articles import ArticleService

            articles = ArticleService(self.db)
        art = articles.create(actor, reason="create", **fields)
        with self.db.session() as s:
            p = self._load(s, plan_id, for_update=True)
            s.add(PlanArticle(plan_id=p.id, article_id=art.id, kind=kind))  # the plan row stays as it is:
            audit(s, actor, "plan_start_story", art.id, plan_id=p.id, kind=kind)
            signal_change(s, "plan", p.id)
        return int(art.id)

    def link_article(self, actor: Actor, plan_id: int, article_id: int, kind: str = "文字稿") -> PlanData:
        """Link an existing story (a follow-up written before the plan existed)."""
        with self.db.session() as s:
            p = self._load(s, plan_id, for_update=True)
            self._guard(s, actor, p, "start_story")
            if s.get(Article, article_id) is None:
                raise NotFound("稿件不存在。", "No such article.")
            if s.scalar(select(PlanArticle.plan_id).where(PlanArticle.article_id == article_id)):
                raise ValidationError("这篇稿件已属于一个选题。", "That article belongs to a plan already.")
            s.add(PlanArticle(plan_id=p.id, article_id=article_id, kind=kind))
            audit(s, actor, "plan_link_article", article_id, plan_id=p.id)
            s.flush()
            return self._data(s, [p], actor)[0]

    # ---- the board's figures -------------------------------------------------------------
    def panel(self, actor: Actor, today: date, now: datetime | None = None,
              week: builtins.list[PlanData] | None = None) -> dict[str, Any]:
        """The dashboard's planning panel: plans per status this week, overdue by person.
        ``week``: this week's plans when the caller has them already (the board)."""
        now = now or utcnow()
        start = today - timedelta(days=today.weekday())
        if week is None:
            week = self.list(actor, PlanQuery(start=start, end=start + timedelta(days=6)))
        per_status: dict[str, int] = {}
        for d in week:
            per_status[d.status] = per_status.get(d.status, 0) + 1
        overdue: dict[str, int] = {}
        with self.db.read() as s:
            late = s.execute(select(*_COLUMNS).where(Plan.status == PlanStatus.APPROVED.value,
                                                     Plan.deadline < now)).all()
            late_data = self._data(s, late, None)
        for d in late_data:
            if d.overdue(now):
                for a in d.assignees or [Assignee(d.proposer_id, d.proposer_name, "")]:
                    overdue[a.real_name] = overdue.get(a.real_name, 0) + 1
        return {"week_start": start, "per_status": per_status, "overdue": overdue,
                "due_today": sum(1 for d in week if d.due_today(today))}

    def remind(self, now: datetime | None = None, soon: timedelta = timedelta(hours=3)) -> int:
        """Notify assignees of plans due within ``soon`` and of overdue ones, once each (for a
        desk timer or a system scheduler: `newsdesk plan remind`)."""
        from app.core.models import Notification

        now = now or utcnow()
        sent = 0
        with self.db.session() as s:
            rows = s.scalars(select(Plan).where(Plan.deadline.is_not(None), Plan.deadline <= now + soon,
                                                Plan.status == PlanStatus.APPROVED.value)).all()
            for p, d in zip(rows, self._data(s, builtins.list(rows), None), strict=True):
                if d.status not in LIVE:
                    continue
                kind = "plan_overdue" if p.deadline and p.deadline < now else "plan_due_soon"
                marker = f"[#{p.id}]"
                for a in d.assignees:
                    seen = s.scalar(select(func.count()).select_from(Notification).where(
                        Notification.user_id == a.user_id, Notification.kind == kind,
                        Notification.message.like(f"%{marker}")))
                    if seen:
                        continue
                    zh = "已超过截稿时间" if kind == "plan_overdue" else "即将截稿"
                    notify(s, {a.user_id}, kind, f"选题「{p.title}」{zh} {marker}")
                    sent += 1
        return sent


_COLUMNS = (Plan.id, Plan.title, Plan.angle, Plan.channel_id, Plan.planned_date, Plan.deadline,
            Plan.expected_chars, Plan.priority, Plan.status, Plan.reason, Plan.proposer_id, Plan.version)


def _user_role_ids(role: Role) -> Any:
    from app.core.models import UserRole

    return select(UserRole.user_id).where(UserRole.role == role.value)
