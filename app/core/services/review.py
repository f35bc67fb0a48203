"""The workflow transitions: submit, sign the review steps (三审), return, approve (签发),
schedule, publish, correct and withdraw. Each is one transaction: state, revision, audit entry,
notifications and outbox jobs together."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.core.domain import Actor, ArticleData, Role, Status
from app.core.errors import InvalidTransition, PermissionDenied, ValidationError
from app.core.models import Article, Comment, OutboxJob, PublishTarget, Signoff, Source, User, UserRole
from app.core.services.admin import AdminService
from app.core.services.articles import add_revision, load_article, to_data
from app.core.services.base import Service, audit, notify, signal_change
from app.core.services.prerender import prerender_quietly
from app.core.workflow import (
    Step,
    check_correct,
    check_editorial,
    check_publish,
    check_return,
    check_schedule,
    check_sign,
    check_submit,
    check_withdraw,
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


class ReviewService(Service):
    def chain(self) -> tuple[Step, ...]:
        return AdminService(self.db).review_chain()

    def _editors_for(self, s: Session, step: Step) -> set[int]:
        roles = {step.role.value, Role.CHIEF_EDITOR.value}
        return set(s.scalars(select(UserRole.user_id).join(User, User.id == UserRole.user_id)
                             .where(UserRole.role.in_(roles), User.active.is_(True))))

    def submit(self, actor: Actor, article_id: int, note: str = "") -> ArticleData:
        chain = self.chain()
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            check_submit(actor, a.status, a.author_id)
            if not a.title.strip():
                raise ValidationError("请先填写标题（主题）再提交。", "Enter a headline before submitting.")
            if not a.body.strip():
                raise ValidationError("正文为空，不能提交。", "The body is empty; nothing to submit.")
            a.status = Status.SUBMITTED.value
            a.review_step = 0
            a.updated_at = utcnow()
            s.execute(update(Signoff).where(Signoff.article_id == a.id).values(valid=False))
            s.flush()
            add_revision(s, a, actor, "submit", note)
            if note.strip():
                s.add(Comment(article_id=a.id, user_id=actor.id, body=note.strip(), kind="submit"))
            audit(s, actor, "article_submit", a.id, version=a.version)
            targets = {a.assigned_editor_id} if a.assigned_editor_id else self._editors_for(s, chain[0])
            notify(s, targets, "assigned", f"{actor.real_name} 提交了《{a.title}》，等待{chain[0].name}。", a.id,
                   exclude=actor.id)
            signal_change(s, "article", a.id)
            return to_data(s, a)

    def sign(self, actor: Actor, article_id: int, comment: str = "") -> ArticleData:
        """Sign the step the article waits at; the last step is 签发 (approval)."""
        chain = self.chain()
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            step = current_step(a.status, a.review_step, chain)
            check_sign(actor, step)
            if AdminService(self.db).setting("review_distinct_signers") != "no":
                earlier = s.scalar(select(Signoff.step_name).where(
                    Signoff.article_id == a.id, Signoff.valid.is_(True), Signoff.user_id == actor.id))
                if earlier:
                    raise PermissionDenied(
                        f"您已签署本稿的“{earlier}”，“{step.name}”须由另一位同事签署（三审分人）。",
                        f"You signed “{earlier}” of this article; “{step.name}” needs another person.")
            last = step.position == len(chain) - 1
            if last:
                missing = reprint_problems(s, a)
                if missing:
                    raise ValidationError("转载稿件签发前必须填写：" + "、".join(missing) + "。",
                                          "A reprint needs source, original author, original headline and "
                                          "source URL before sign-off.", missing=missing)
                if a.primary_channel_id is None:
                    raise ValidationError("签发前请指定主栏目。", "Assign a primary channel before sign-off.")
            s.add(Signoff(article_id=a.id, step=step.position, step_name=step.name, user_id=actor.id,
                          signer_name=actor.real_name, comment=comment.strip(), valid=True))
            if a.responsible_editor_id is None:
                a.responsible_editor_id = actor.id  # 责任编辑: the first editor who signs
            if last:
                a.status = Status.APPROVED.value
                a.review_step = None
                a.signer_id = actor.id  # 签发人
                reason = "approve"
            else:
                a.status = Status.IN_REVIEW.value
                a.review_step = step.position + 1
                reason = "sign"
            a.updated_at = utcnow()
            s.flush()
            add_revision(s, a, actor, reason, comment)
            audit(s, actor, "article_" + reason, a.id, step=step.name, signer=actor.real_name)
            msg = (f"《{a.title}》已由 {actor.real_name} 签发。" if last
                   else f"《{a.title}》已通过{step.name}（{actor.real_name}）。")
            notify(s, [a.author_id], "approved" if last else "signed", msg, a.id, exclude=actor.id)
            if not last:
                notify(s, self._editors_for(s, chain[step.position + 1]), "assigned",
                       f"《{a.title}》等待{chain[step.position + 1].name}。", a.id, exclude=actor.id)
            signal_change(s, "article", a.id)
            result = to_data(s, a)
        prerender_quietly(self.db, result.id)  # the export finds the signed body rendered
        return result

    def return_to_reporter(self, actor: Actor, article_id: int, reason: str) -> ArticleData:
        reason = _reason(reason, "退稿必须写明原因。", "Returning needs a reason.")
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            check_return(actor, a.status)
            was_scheduled = a.status == Status.SCHEDULED.value
            a.status = Status.RETURNED.value
            a.review_step = None
            a.scheduled_at = None
            a.updated_at = utcnow()
            s.execute(update(Signoff).where(Signoff.article_id == a.id).values(valid=False))
            s.flush()
            if was_scheduled:  # a target holding a future post drops it
                enqueue(s, a, "withdraw", SCHEDULING_KINDS)
            add_revision(s, a, actor, "return", reason)
            s.add(Comment(article_id=a.id, user_id=actor.id, body=reason, kind="return"))
            audit(s, actor, "article_return", a.id, reason=reason)
            notify(s, [a.author_id], "returned", f"《{a.title}》被 {actor.real_name} 退回：{reason}", a.id,
                   exclude=actor.id)
            signal_change(s, "article", a.id)
            return to_data(s, a)

    def return_to_step(self, actor: Actor, article_id: int, step: int, reason: str) -> ArticleData:
        reason = _reason(reason, "退回必须写明原因。", "Returning needs a reason.")
        chain = self.chain()
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            check_return(actor, a.status)
            was_scheduled = a.status == Status.SCHEDULED.value
            here = a.review_step if a.review_step is not None else len(chain)
            if not 0 <= step < here:
                raise InvalidTransition("只能退回到更早的审核步骤。", "You can return only to an earlier step.")
            a.status = Status.SUBMITTED.value if step == 0 else Status.IN_REVIEW.value
            a.review_step = step
            a.scheduled_at = None
            a.signer_id = None
            a.updated_at = utcnow()
            s.execute(update(Signoff).where(Signoff.article_id == a.id, Signoff.step >= step).values(valid=False))
            s.flush()
            if was_scheduled:
                enqueue(s, a, "withdraw", SCHEDULING_KINDS)
            add_revision(s, a, actor, "return", reason)
            s.add(Comment(article_id=a.id, user_id=actor.id, body=reason, kind="return"))
            audit(s, actor, "article_return_step", a.id, step=chain[step].name, reason=reason)
            notify(s, self._editors_for(s, chain[step]), "returned",
                   f"《{a.title}》被退回{chain[step].name}：{reason}", a.id, exclude=actor.id)
            signal_change(s, "article", a.id)
            return to_data(s, a)

    def schedule(self, actor: Actor, article_id: int, when: datetime) -> ArticleData:
        if when.tzinfo is None:
            raise ValidationError("时间必须带时区。", "The time must carry a time zone.")
        if when <= utcnow():
            raise ValidationError("定时发布时间必须在将来。", "The scheduled time must be in the future.")
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            check_schedule(actor, a.status)
            a.status = Status.SCHEDULED.value
            a.scheduled_at = when
            a.updated_at = utcnow()
            s.flush()
            enqueue(s, a, "publish", SCHEDULING_KINDS)  # WordPress holds it as a `future` post
            add_revision(s, a, actor, "schedule", when.isoformat())
            audit(s, actor, "article_schedule", a.id, at=when.isoformat())
            signal_change(s, "article", a.id)
            return to_data(s, a)

    def _publish(self, s: Session, actor: Actor, a: Article, reason: str = "publish") -> None:
        now = utcnow()
        a.status = Status.PUBLISHED.value
        if a.first_published_at is None:
            a.first_published_at = now
        else:
            a.updated_published_at = now
        a.scheduled_at = None
        a.updated_at = now
        s.flush()
        add_revision(s, a, actor, reason, a.correction_note if reason == "correct" else "")
        enqueue(s, a, "publish")
        audit(s, actor, "article_" + reason, a.id, version=a.version)
        notify(s, [a.author_id], "published", f"《{a.title}》已发布。", a.id, exclude=actor.id)
        signal_change(s, "article", a.id)

    def publish_now(self, actor: Actor, article_id: int) -> ArticleData:
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            check_publish(actor, a.status)
            self._publish(s, actor, a)
            return to_data(s, a)

    def correct(self, actor: Actor, article_id: int, note: str) -> ArticleData:
        """Re-publish a published article after edits: keeps the first publish time, adds an
        updated time and the correction note."""
        note = _reason(note, "更正必须写明更正说明。", "A correction needs a note.")
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            check_correct(actor, a.status)
            a.correction_note = note
            self._publish(s, actor, a, reason="correct")
            return to_data(s, a)

    def withdraw(self, actor: Actor, article_id: int, reason: str) -> ArticleData:
        reason = _reason(reason, "撤稿必须写明原因。", "Withdrawal needs a reason.")
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            check_withdraw(actor, a.status)
            was_published = a.status == Status.PUBLISHED.value
            a.status = Status.WITHDRAWN.value
            a.scheduled_at = None
            a.updated_at = utcnow()
            s.flush()
            add_revision(s, a, actor, "withdraw", reason)
            enqueue(s, a, "withdraw", PUSH_KINDS if was_published else SCHEDULING_KINDS)
            audit(s, actor, "article_withdraw", a.id, reason=reason)
            notify(s, [a.author_id], "withdrawn", f"《{a.title}》已撤稿：{reason}", a.id, exclude=actor.id)
            signal_change(s, "article", a.id)
            return to_data(s, a)

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
