"""The workflow transitions: submit, sign the review steps (三审), return, approve (签发),
schedule, publish, correct and withdraw. One routine (``ReviewService.perform``) takes every
action in one transaction — state, revision, audit entry, notifications and outbox jobs together
— after the rulebook (``app/core/rulebook.py``) allowed it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core import rulebook
from app.core.clock import utcnow
from app.core.domain import Actor, ArticleData, Role, Status
from app.core.errors import ConflictError, InvalidTransition, ValidationError
from app.core.models import Article, Comment, OutboxJob, PublishTarget, Signoff, Source, User, UserRole
from app.core.services.admin import AdminService
from app.core.services.articles import ArticleService, add_revision, load_article, to_data
from app.core.services.base import Service, audit, notify, signal_change
from app.core.services.prerender import prerender_quietly
from app.core.workflow import (
    Step,
    check_action,
    check_editorial,
    current_step,
    may_sign_step,
    reprint_missing,
)

MISSED_GRACE = timedelta(minutes=2)  # later than this past its time, a scheduled publish is "missed"


@dataclass
class DueReport:
    published: list[int] = field(default_factory=list)
    missed: list[tuple[int, datetime]] = field(default_factory=list)  # (article id, scheduled time)
    failed: list[tuple[int, str]] = field(default_factory=list)


def _reason(text: str, zh: str, en: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(zh, en)
    return text


def check_media_credits(s: Session, a: Article) -> None:
    """Refuse to sign while an image the article uses lacks its caption or credit."""
    from app.core.media.library import article_assets
    from app.core.media.rules import describe, missing_media_credits

    codes = missing_media_credits(article_assets(s, a))
    if codes:
        raise ValidationError("签署前请补全图片信息：" + describe(codes, "zh") + "。",
                              "Complete the images before signing: " + describe(codes, "en") + ".",
                              missing=codes)


def reprint_problems(s: Session, a: Article) -> list[str]:
    """What a 转载 article still lacks before it may be signed off (empty when complete)."""
    missing = reprint_missing(a)
    if a.source_id and s.get(Source, a.source_id) is None and "来源媒体" not in missing:
        missing.insert(0, "来源媒体")  # a source id that no longer exists is no source
    return missing


PUSH_KINDS = ("portal", "wordpress")
# Targets that hold scheduled posts themselves (WordPress `future`); our portal contract only
# ever receives published articles, so NewsDesk keeps the embargo for it.
SCHEDULING_KINDS = ("wordpress",)


def enqueue(s: Session, a: Article, action: str, kinds: tuple[str, ...] = PUSH_KINDS) -> int:
    """Write one outbox job per enabled push target of ``kinds``, in the caller's transaction."""
    n = 0
    for t in s.scalars(select(PublishTarget).where(PublishTarget.enabled.is_(True),
                                                   PublishTarget.kind.in_(kinds))):
        s.add(OutboxJob(target_id=t.id, article_id=a.id, article_version=a.version, action=action,
                        state="pending", next_attempt_at=utcnow()))
        n += 1
    return n


@dataclass
class _Act:
    """One action in flight: what the common scaffold hands an effect, and what the effect
    leaves for the scaffold to write (revision, audit entry)."""

    s: Session
    actor: Actor
    a: Article
    chain: tuple[Step, ...]
    action: str
    reason: str = ""
    step: int | None = None
    when: datetime | None = None
    revision_reason: str = ""
    revision_note: str = ""
    audit_detail: dict[str, Any] = field(default_factory=dict)
    audit_action: str = ""


class ReviewService(Service):
    """Every workflow action goes through :meth:`perform`: one transaction that loads the article
    for update, asks the rulebook (``app/core/rulebook.py``) whether the actor may take the action
    now, applies the action's effect, writes the revision and the audit entry the rulebook lists,
    signals the change and returns the article. The named methods (submit, sign, …) are thin
    wrappers kept for the desks, the CLI and the tests."""

    def chain(self) -> tuple[Step, ...]:
        return AdminService(self.db).review_chain()

    def distinct_signers(self) -> bool:
        return AdminService(self.db).setting("review_distinct_signers") != "no"

    def _editors_for(self, s: Session, step: Step) -> set[int]:
        roles = {step.role.value, Role.CHIEF_EDITOR.value}
        return set(s.scalars(select(UserRole.user_id).join(User, User.id == UserRole.user_id)
                             .where(UserRole.role.in_(roles), User.active.is_(True))))

    # ---- the one transition routine ----------------------------------------------------
    def perform(self, actor: Actor, article_id: int, action: str, *, reason: str = "", step: int | None = None,
                when: datetime | None = None, changes: dict[str, Any] | None = None,
                expected_version: int | None = None) -> ArticleData:
        """Take ``action`` (a rulebook action id) on the article, in one transaction."""
        effect = _EFFECTS.get(action)
        if effect is None:
            raise InvalidTransition(f"未知的操作：{action}", f"Unknown action: {action}")
        if rulebook.needs_reason(action):
            reason = _reason(reason, *_REASON_MESSAGES.get(action, ("必须写明原因。", "A reason is required.")))
        if action == "schedule":
            if when is None or when.tzinfo is None:
                raise ValidationError("时间必须带时区。", "The time must carry a time zone.")
            if when <= utcnow():
                raise ValidationError("定时发布时间必须在将来。", "The scheduled time must be in the future.")
        chain = self.chain()
        distinct = self.distinct_signers()
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            signed = dict(s.execute(select(Signoff.user_id, Signoff.step_name).where(
                Signoff.article_id == a.id, Signoff.valid.is_(True))).all())
            check_action(actor, a, action, chain, distinct_signers=distinct, signed_by=set(signed),
                         signed_step=signed.get(actor.id, ""))
            ctx = _Act(s, actor, a, chain, action, reason=reason, step=step, when=when,
                       revision_reason=action, revision_note=reason, audit_action="article_" + action)
            if changes:
                if action != "correct":
                    raise InvalidTransition("只有更正可以同时修改已发布的稿件。",
                                            "Only a correction changes a published article.")
                if expected_version is not None and a.version != expected_version:
                    raise ConflictError(to_data(s, a), changes)
                ArticleService(self.db).apply_changes(s, actor, a, changes, via="correct")
                ctx.audit_detail["fields"] = sorted(changes)
            a.updated_at = utcnow()  # before the effect: one UPDATE of the row (RLS sees the old state)
            effect(self, ctx)
            s.flush()
            if "version" in ctx.audit_detail:
                ctx.audit_detail["version"] = a.version
            writes = {w for r in rulebook.rules_for(action) for w in r.writes}
            if "revision" in writes and ctx.revision_reason:
                add_revision(s, a, actor, ctx.revision_reason, ctx.revision_note)
            if "audit" in writes and ctx.audit_action:
                audit(s, actor, ctx.audit_action, a.id, **ctx.audit_detail)
            signal_change(s, "article", a.id)
            return to_data(s, a)

    # ---- effects: what each action changes beyond the scaffold --------------------------
    def _submit(self, c: _Act) -> None:
        a, s = c.a, c.s
        if not a.title.strip():
            raise ValidationError("请先填写标题（主题）再提交。", "Enter a headline before submitting.")
        if not a.body.strip():
            raise ValidationError("正文为空，不能提交。", "The body is empty; nothing to submit.")
        a.status = Status.SUBMITTED.value
        a.review_step = 0
        s.execute(update(Signoff).where(Signoff.article_id == a.id).values(valid=False))
        if c.reason.strip():
            s.add(Comment(article_id=a.id, user_id=c.actor.id, body=c.reason.strip(), kind="submit"))
        c.audit_detail["version"] = None  # filled in after the flush
        targets = {a.assigned_editor_id} if a.assigned_editor_id else self._editors_for(s, c.chain[0])
        notify(s, targets, "assigned", f"{c.actor.real_name} 提交了《{a.title}》，等待{c.chain[0].name}。", a.id,
               exclude=c.actor.id)

    def _sign(self, c: _Act) -> None:
        a, s, actor = c.a, c.s, c.actor
        step = c.chain[a.review_step or 0]
        last = c.action == "approve"
        check_media_credits(s, a)  # the photo desk: 图说 and 摄影/来源 on every image used, every step
        if last:
            missing = reprint_problems(s, a)
            if missing:
                raise ValidationError("转载稿件签发前必须填写：" + "、".join(missing) + "。",
                                      "A reprint needs source, original author, original headline and "
                                      "source URL before sign-off.", missing=missing)
            if a.primary_channel_id is None:
                raise ValidationError("签发前请指定主栏目。", "Assign a primary channel before sign-off.")
            # the administrator's pre-sign checklist (issue #20): refuses, or records the list and
            # its overrides beside this signature (app/core/services/presign.py)
            from app.core.services.presign import gate_sign

            gate_sign(s, actor, a, self.db)
        s.add(Signoff(article_id=a.id, step=step.position, step_name=step.name, user_id=actor.id,
                      signer_name=actor.real_name, comment=c.reason.strip(), valid=True))
        if a.responsible_editor_id is None:
            a.responsible_editor_id = actor.id  # 责任编辑: the first editor who signs
        if last:
            a.status = Status.APPROVED.value
            a.review_step = None
            a.signer_id = actor.id  # 签发人
        else:
            a.status = Status.IN_REVIEW.value
            a.review_step = step.position + 1
        c.audit_detail.update(step=step.name, signer=actor.real_name)
        msg = (f"《{a.title}》已由 {actor.real_name} 签发。" if last
               else f"《{a.title}》已通过{step.name}（{actor.real_name}）。")
        notify(s, [a.author_id], "approved" if last else "signed", msg, a.id, exclude=actor.id)
        if not last:
            nxt = c.chain[step.position + 1]
            notify(s, self._editors_for(s, nxt), "assigned", f"《{a.title}》等待{nxt.name}。", a.id,
                   exclude=actor.id)

    def _return(self, c: _Act) -> None:
        a, s = c.a, c.s
        was_scheduled = a.status == Status.SCHEDULED.value
        a.status = Status.RETURNED.value
        a.review_step = None
        a.scheduled_at = None
        s.execute(update(Signoff).where(Signoff.article_id == a.id).values(valid=False))
        if was_scheduled:  # a target holding a future post drops it
            s.flush()
            enqueue(s, a, "withdraw", SCHEDULING_KINDS)
        c.revision_reason = "return"
        s.add(Comment(article_id=a.id, user_id=c.actor.id, body=c.reason, kind="return"))
        c.audit_detail["reason"] = c.reason
        notify(s, [a.author_id], "returned", f"《{a.title}》被 {c.actor.real_name} 退回：{c.reason}", a.id,
               exclude=c.actor.id)

    def _return_step(self, c: _Act) -> None:
        a, s, chain = c.a, c.s, c.chain
        step = c.step if c.step is not None else -1
        was_scheduled = a.status == Status.SCHEDULED.value
        here = a.review_step if a.review_step is not None else len(chain)
        if not 0 <= step < here:
            raise InvalidTransition("只能退回到更早的审核步骤。", "You can return only to an earlier step.")
        a.status = Status.SUBMITTED.value if step == 0 else Status.IN_REVIEW.value
        a.review_step = step
        a.scheduled_at = None
        a.signer_id = None
        s.execute(update(Signoff).where(Signoff.article_id == a.id, Signoff.step >= step).values(valid=False))
        if was_scheduled:
            s.flush()
            enqueue(s, a, "withdraw", SCHEDULING_KINDS)
        c.revision_reason = "return"
        s.add(Comment(article_id=a.id, user_id=c.actor.id, body=c.reason, kind="return"))
        c.audit_detail.update(step=chain[step].name, reason=c.reason)
        notify(s, self._editors_for(s, chain[step]), "returned", f"《{a.title}》被退回{chain[step].name}：{c.reason}",
               a.id, exclude=c.actor.id)

    def _schedule(self, c: _Act) -> None:
        a = c.a
        assert c.when is not None
        a.status = Status.SCHEDULED.value
        a.scheduled_at = c.when
        c.s.flush()
        enqueue(c.s, a, "publish", SCHEDULING_KINDS)  # WordPress holds it as a `future` post
        c.revision_note = c.when.isoformat()
        c.audit_detail["at"] = c.when.isoformat()

    def _publish_effect(self, c: _Act) -> None:
        self._publish(c.s, c.actor, c.a, reason=c.action, scaffold=c)

    def _correct(self, c: _Act) -> None:
        """Re-publish a published article with its correction: keeps the first publish time, adds
        an updated time and the note; the signers hear of it."""
        c.a.correction_note = c.reason
        self._publish(c.s, c.actor, c.a, reason="correct", scaffold=c)
        signers = set(c.s.scalars(select(Signoff.user_id).where(Signoff.article_id == c.a.id,
                                                                Signoff.valid.is_(True))))
        notify(c.s, signers | ({c.a.signer_id} if c.a.signer_id else set()), "corrected",
               f"《{c.a.title}》已由 {c.actor.real_name} 更正：{c.reason}", c.a.id, exclude=c.actor.id)
        c.audit_detail["note"] = c.reason

    def _withdraw(self, c: _Act) -> None:
        a = c.a
        was_published = a.status == Status.PUBLISHED.value
        a.status = Status.WITHDRAWN.value
        a.scheduled_at = None
        c.s.flush()
        enqueue(c.s, a, "withdraw", PUSH_KINDS if was_published else SCHEDULING_KINDS)
        c.audit_detail["reason"] = c.reason
        notify(c.s, [a.author_id], "withdrawn", f"《{a.title}》已撤稿：{c.reason}", a.id, exclude=c.actor.id)

    def _publish(self, s: Session, actor: Actor, a: Article, reason: str = "publish",
                 scaffold: _Act | None = None) -> None:
        now = utcnow()
        a.status = Status.PUBLISHED.value
        if a.first_published_at is None:
            a.first_published_at = now
        else:
            a.updated_published_at = now
        a.scheduled_at = None
        a.updated_at = now
        s.flush()
        if scaffold is None:  # publish_due: no rulebook actor check (the schedule was the decision)
            add_revision(s, a, actor, reason, "")
            audit(s, actor, "article_" + reason, a.id, version=a.version)
        else:
            scaffold.revision_note = a.correction_note if reason == "correct" else ""
            scaffold.audit_detail["version"] = a.version
        enqueue(s, a, "publish")
        notify(s, [a.author_id], "published", f"《{a.title}》已发布。", a.id, exclude=actor.id)
        if scaffold is None:
            signal_change(s, "article", a.id)

    # ---- the named actions (thin wrappers) ----------------------------------------------
    def submit(self, actor: Actor, article_id: int, note: str = "") -> ArticleData:
        return self.perform(actor, article_id, "submit", reason=note)

    def sign(self, actor: Actor, article_id: int, comment: str = "") -> ArticleData:
        """Sign the step the article waits at; the last step is 签发 (approval)."""
        chain = self.chain()
        with self.db.read() as s:
            a = load_article(s, article_id, actor)
            step = current_step(a.status, a.review_step, chain)
        action = "approve" if step.position == len(chain) - 1 else "sign"
        result = self.perform(actor, article_id, action, reason=comment)
        prerender_quietly(self.db, result.id)  # the export finds the signed body rendered
        return result

    def return_to_reporter(self, actor: Actor, article_id: int, reason: str) -> ArticleData:
        return self.perform(actor, article_id, "return", reason=reason)

    def return_to_step(self, actor: Actor, article_id: int, step: int, reason: str) -> ArticleData:
        return self.perform(actor, article_id, "return_step", reason=reason, step=step)

    def schedule(self, actor: Actor, article_id: int, when: datetime) -> ArticleData:
        return self.perform(actor, article_id, "schedule", when=when)

    def publish_now(self, actor: Actor, article_id: int) -> ArticleData:
        return self.perform(actor, article_id, "publish")

    def correct(self, actor: Actor, article_id: int, note: str, changes: dict[str, Any] | None = None,
                expected_version: int | None = None) -> ArticleData:
        """更正重发: apply ``changes`` (if any) to the published article and re-publish it with the
        note, in one transaction. The only way a published article's text changes."""
        result = self.perform(actor, article_id, "correct", reason=note, changes=changes,
                              expected_version=expected_version)
        if changes:
            prerender_quietly(self.db, result.id)  # the export finds the corrected body rendered
        return result

    def withdraw(self, actor: Actor, article_id: int, reason: str) -> ArticleData:
        return self.perform(actor, article_id, "withdraw", reason=reason)

    def allowed_actions(self, actor: Actor, article: ArticleData) -> frozenset[str]:
        """What the desks and the CLI offer: the rulebook's answer for this article now."""
        return rulebook.allowed_actions(actor, article, self.chain(), distinct_signers=self.distinct_signers())

    def publish_due(self, actor: Actor, now: datetime | None = None) -> DueReport:
        """Publish every scheduled article whose time has come. One that is later than
        MISSED_GRACE past its time is still published, and reported as missed (to the signer
        and the chief editors), never silently skipped."""
        check_editorial(actor)
        now = now or utcnow()
        report = DueReport()
        with self.db.read() as s:
            due = list(s.execute(select(Article.id, Article.scheduled_at)
                                 .where(Article.status == Status.SCHEDULED.value, Article.scheduled_at <= now)
                                 .order_by(Article.scheduled_at)))
        for aid, when in due:
            try:
                with self.db.session() as s:
                    a = load_article(s, aid, for_update=True)
                    if a.status != Status.SCHEDULED.value:  # another desk got there first
                        continue
                    late = when is not None and now - when > MISSED_GRACE
                    self._publish(s, actor, a)
                    if late:
                        chiefs = set(s.scalars(select(UserRole.user_id).where(
                            UserRole.role == Role.CHIEF_EDITOR.value)))
                        local = when.astimezone().strftime("%Y-%m-%d %H:%M") if when else ""
                        notify(s, chiefs | {a.signer_id} if a.signer_id else chiefs, "schedule_missed",
                               f"《{a.title}》定时 {local} 发布未按时执行，现已补发。", a.id)
                        audit(s, actor, "schedule_missed", a.id, scheduled=when.isoformat() if when else "")
                report.published.append(aid)
                if late and when is not None:
                    report.missed.append((aid, when))
            except Exception as exc:  # one bad article must not stop the others
                report.failed.append((aid, str(exc)))
        return report

    def review_queue_steps(self, actor: Actor) -> list[int]:
        return [st.position for st in self.chain() if may_sign_step(actor, st)]

    def reprint_missing(self, actor: Actor, article_id: int) -> list[str]:
        with self.db.read() as s:
            return reprint_problems(s, load_article(s, article_id, actor))


_EFFECTS: dict[str, Callable[[ReviewService, _Act], None]] = {
    "submit": ReviewService._submit,
    "sign": ReviewService._sign,
    "approve": ReviewService._sign,
    "return": ReviewService._return,
    "return_step": ReviewService._return_step,
    "schedule": ReviewService._schedule,
    "publish": ReviewService._publish_effect,
    "correct": ReviewService._correct,
    "withdraw": ReviewService._withdraw,
}
_REASON_MESSAGES = {
    "return": ("退稿必须写明原因。", "Returning needs a reason."),
    "return_step": ("退回必须写明原因。", "Returning needs a reason."),
    "correct": ("更正必须写明更正说明。", "A correction needs a note."),
    "withdraw": ("撤稿必须写明原因。", "Withdrawal needs a reason."),
}
