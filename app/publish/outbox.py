"""The outbox worker: delivers the jobs the review service wrote (in the same transaction as the
publish, correction or withdrawal) to portals and WordPress sites.

- A job is *claimed* with a lease (``locked_by``/``locked_until``) in one short transaction —
  ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, SQLite's ``BEGIN IMMEDIATE`` serialises
  writers — so two workers (two desktops, or the GUI and ``newsdesk push``) never deliver one job
  at the same time. A worker that dies leaves its lease to expire; the job is then claimed again.
- Jobs of one article and target go out in order: a job waits while an older one is pending.
- Timeouts, connection errors, 429 and 5xx are retried with exponential back-off and jitter,
  at least as late as Retry-After says; a 4xx fails the job with the target's message, and the
  signer and the author get a ``publish_failed`` notification.
- Never twice as two posts: the portal upsert is idempotent by uuid+version, the WordPress
  adapter updates the post the RemoteMapping names (or finds it by its slug after a crash), and
  a publish job whose version was delivered already is marked done without a request.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from app.core.clock import utcnow
from app.core.errors import NewsdeskError
from app.core.models import Article, OutboxJob, PublishTarget, RemoteMapping
from app.core.services.base import audit, notify, signal_change
from app.core.services.targets import JobData, TargetData, job_error
from app.publish.targets.base import Adapter, DeliveryError, PermanentError, RemoteRef, TransientError
from app.publish.targets.payload import article_at_version

if TYPE_CHECKING:
    from app.core.domain import Actor
    from app.core.services import Services

log = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(minutes=5)
ProgressFn = Callable[["JobEvent"], None]
AdapterFactory = Callable[[TargetData], Adapter]


@dataclass
class JobEvent:
    """What happened to one job (for progress bars and logs)."""

    job_id: int
    article_id: int
    target: str
    action: str
    version: int
    outcome: str  # delivered | skipped | retry | failed | released
    message: str = ""
    retry_at: datetime | None = None
    target_wide: bool = False


_COUNTERS = {"delivered": "delivered", "skipped": "skipped", "retry": "retried", "failed": "failed"}


@dataclass
class RunReport:
    delivered: int = 0
    skipped: int = 0  # already delivered (a publish job whose version the target has)
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)  # target-level problems (no secret, no keyring)
    unusable: set[int] = field(default_factory=set)  # targets skipped for the rest of a drain
    events: list[JobEvent] = field(default_factory=list)

    def add(self, other: RunReport) -> None:
        self.delivered += other.delivered
        self.skipped += other.skipped
        self.retried += other.retried
        self.failed += other.failed
        self.errors += [e for e in other.errors if e not in self.errors]
        self.unusable |= other.unusable
        self.events += other.events

    @property
    def handled(self) -> int:
        return self.delivered + self.skipped + self.retried + self.failed


@dataclass
class _Claim:
    job_id: int
    target_id: int
    article_id: int
    version: int
    action: str
    attempts: int
    first_attempt_at: datetime | None = None


def default_worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def default_adapter(services: Services) -> AdapterFactory:
    """Adapters with their secret from the system keyring (app.publish.secrets)."""

    def make(target: TargetData) -> Adapter:
        from app.publish.secrets import require_secret

        secret = require_secret(target.name)
        if target.kind == "portal":
            from app.publish.targets.portal import PortalClient

            return PortalClient(services, target, secret)
        if target.kind == "wordpress":
            from app.publish.targets.wordpress import WordPressAdapter

            return WordPressAdapter(services, target, secret)
        raise NewsdeskError(f"发布目标“{target.name}”的类型 {target.kind} 不能推送。",
                            f"Target “{target.name}” of type {target.kind} cannot be pushed to.")

    return make


class Outbox:
    def __init__(self, services: Services, *, worker_id: str | None = None,
                 lease: timedelta = DEFAULT_LEASE, adapter_factory: AdapterFactory | None = None,
                 base_delay: float = 2.0, max_delay: float = 900.0, rng: random.Random | None = None,
                 batch: int = 4) -> None:
        self.services = services
        self.db = services.db
        self.worker_id = (worker_id or default_worker_id())[:64]
        self.lease = lease
        self.adapter_factory = adapter_factory or default_adapter(services)
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.rng = rng or random.Random()
        self.batch = max(1, batch)  # jobs claimed per transaction (all under one lease)
        self._rng_lock = threading.Lock()

    # ---- the queue view (delegates to the core service) ---------------------------------
    def jobs(self, **kw) -> list[JobData]:  # type: ignore[no-untyped-def]
        return self.services.targets.jobs(**kw)

    def retry(self, actor: Actor | None, job_id: int) -> JobData:
        return self.services.targets.retry(actor, job_id)

    def cancel(self, actor: Actor | None, job_id: int) -> JobData:
        return self.services.targets.cancel(actor, job_id)

    # ---- claiming ---------------------------------------------------------------------
    def _target_ids(self, target: str | None) -> list[int] | None:
        if target is None:
            return None
        return [self.services.targets.by_name(target).id]

    def claim(self, target_ids: list[int] | None = None, exclude: set[int] | None = None) -> _Claim | None:
        """Take the next due job (oldest first) under a lease, or None."""
        got = self.claim_batch(target_ids, exclude, 1)
        return got[0] if got else None

    def claim_batch(self, target_ids: list[int] | None = None, exclude: set[int] | None = None,
                    n: int = 1) -> list[_Claim]:
        """Take up to ``n`` due jobs (oldest first) under one lease, in one short transaction.
        Never two jobs of one article and target: the younger waits for the older."""
        with self.db.session() as s:
            now = utcnow()
            older = aliased(OutboxJob)
            blocked = exists().where(older.article_id == OutboxJob.article_id,
                                     older.target_id == OutboxJob.target_id,
                                     older.id < OutboxJob.id, older.state == "pending")
            q = (select(OutboxJob)
                 .join(PublishTarget, PublishTarget.id == OutboxJob.target_id)
                 .where(OutboxJob.state == "pending", OutboxJob.next_attempt_at <= now,
                        or_(OutboxJob.locked_until.is_(None), OutboxJob.locked_until < now),
                        PublishTarget.enabled.is_(True), ~blocked)
                 .order_by(OutboxJob.id).limit(max(1, n)))
            if target_ids is not None:
                q = q.where(OutboxJob.target_id.in_(target_ids))
            if exclude:
                q = q.where(OutboxJob.target_id.not_in(exclude))
            if self.db.dialect == "postgresql":
                q = q.with_for_update(skip_locked=True, of=OutboxJob)
            out = []
            for job in s.scalars(q):
                job.locked_by = self.worker_id
                job.locked_until = now + self.lease
                if not job.attempts or job.first_attempt_at is None:
                    job.first_attempt_at = now  # a new round of attempts: the retry-time cap counts from here
                job.attempts = (job.attempts or 0) + 1
                job.updated_at = now
                out.append(_Claim(job.id, job.target_id, job.article_id, job.article_version, job.action,
                                  job.attempts, job.first_attempt_at))
            return out

    def next_due(self, target_ids: list[int] | None = None, exclude: set[int] | None = None) -> datetime | None:
        """When the next pending job (of an enabled target) can be tried — a job held by
        another worker's lease when that lease ends; None when nothing waits."""
        with self.db.read() as s:
            q = (select(OutboxJob.next_attempt_at, OutboxJob.locked_until)
                 .join(PublishTarget, PublishTarget.id == OutboxJob.target_id)
                 .where(OutboxJob.state == "pending", PublishTarget.enabled.is_(True)))
            if target_ids is not None:
                q = q.where(OutboxJob.target_id.in_(target_ids))
            if exclude:
                q = q.where(OutboxJob.target_id.not_in(exclude))
            times = [max(n, lu) if lu else n for n, lu in s.execute(q)]
            return min(times) if times else None

    def pending_count(self, target_ids: list[int] | None = None) -> int:
        with self.db.read() as s:
            q = select(func.count()).select_from(OutboxJob).where(OutboxJob.state == "pending")
            if target_ids is not None:
                q = q.where(OutboxJob.target_id.in_(target_ids))
            return int(s.scalar(q) or 0)

    # ---- delivering -------------------------------------------------------------------
    def backoff(self, attempts: int, retry_after: float | None) -> float:
        with self._rng_lock:
            jitter = self.rng.random()
        if retry_after is not None:
            return retry_after + jitter * max(0.05, 0.1 * retry_after)
        base = min(self.max_delay, self.base_delay * (2 ** max(0, attempts - 1)))
        return base * (0.5 + jitter)  # "equal jitter": between half and one and a half times

    def _ref(self, target_id: int, article_uuid: str) -> RemoteRef | None:
        with self.db.read() as s:
            m = s.get(RemoteMapping, (target_id, article_uuid))
            return RemoteRef(m.remote_id, m.delivered_version) if m else None

    def _deliver(self, c: _Claim, target: TargetData, adapter: Adapter) -> JobEvent:
        article = article_at_version(self.services, c.article_id, c.version)
        ref = self._ref(c.target_id, article.uuid)
        if c.attempts > 1 and hasattr(adapter, "invalidate"):
            adapter.invalidate(article.uuid)  # an earlier attempt may have created it remotely
        ev = JobEvent(c.job_id, c.article_id, target.name, c.action, c.version, "delivered")
        if c.action == "publish" and ref is not None and ref.delivered_version >= c.version and ref.remote_id:
            ev.outcome, ev.message = "skipped", "already delivered"
            self._finish_ok(c, target, article.uuid, ref.remote_id, "already delivered")
            return ev
        try:
            if c.action == "withdraw":
                out = adapter.withdraw(article, ref)
            else:
                out = adapter.publish(article, ref)
        except PermanentError as exc:
            ev.outcome, ev.message, ev.target_wide = "failed", exc.message_zh, exc.target_wide
            self._finish_failed(c, target, exc.message_zh, article.title, exc.message_en)
            return ev
        except (TransientError, DeliveryError) as exc:
            retry_after = exc.retry_after if isinstance(exc, TransientError) else None
            return self._finish_retry(c, target, exc.message_zh, retry_after, article.title, ev, exc.message_en)
        self._finish_ok(c, target, article.uuid, out.remote_id, out.note)
        ev.message = out.note
        return ev

    def _finish_ok(self, c: _Claim, target: TargetData, article_uuid: str, remote_id: str, note: str) -> None:
        with self.db.session() as s:
            now = utcnow()
            job = s.get(OutboxJob, c.job_id)
            if job is not None:
                job.state = "done"
                job.last_error = ""
                job.updated_at = now
                job.locked_by, job.locked_until = "", None
            m = s.get(RemoteMapping, (c.target_id, article_uuid))
            if m is None:
                s.add(RemoteMapping(target_id=c.target_id, article_uuid=article_uuid, remote_id=remote_id or "",
                                    delivered_version=c.version, updated_at=now))
            else:
                if remote_id:
                    m.remote_id = remote_id
                m.delivered_version = max(m.delivered_version or 0, c.version)
                m.updated_at = now
            signal_change(s, "outbox", c.job_id)

    def _mine(self, job: OutboxJob | None) -> bool:
        return job is not None and job.state == "pending" and job.locked_by == self.worker_id

    def _finish_retry(self, c: _Claim, target: TargetData, message: str, retry_after: float | None,
                      title: str, ev: JobEvent, message_en: str = "") -> JobEvent:
        max_attempts = int(target.option("max_attempts"))
        cap = float(target.option("max_retry_minutes")) * 60.0
        delay = self.backoff(c.attempts, retry_after)
        now = utcnow()
        started = c.first_attempt_at or now
        # the cap holds for the whole round: a retry that would start after it is not scheduled
        out_of_time = (now - started).total_seconds() + delay > cap
        if c.attempts >= max_attempts or out_of_time:
            minutes = max(1, round((now - started).total_seconds() / 60))
            msg = (f"{message}（已自动尝试 {c.attempts} 次、历时约 {minutes} 分钟，停止自动重试。"
                   f"请确认“{target.name}”能够访问后，在推送队列中点“重试”。）")
            msg_en = (f"{message_en or message} (tried {c.attempts} times over about {minutes} min; automatic "
                      f"retries stopped. Check that “{target.name}” is reachable, then press “Retry” in the "
                      "publish queue.)")
            self._finish_failed(c, target, msg, title, msg_en)
            ev.outcome, ev.message = "failed", msg
            return ev
        with self.db.session() as s:
            job = s.get(OutboxJob, c.job_id)
            if self._mine(job):
                assert job is not None
                job.next_attempt_at = now + timedelta(seconds=delay)
                job.last_error = job_error(message, message_en)
                job.updated_at = now
                job.locked_by, job.locked_until = "", None
                ev.retry_at = job.next_attempt_at
            signal_change(s, "outbox", c.job_id)
        ev.outcome, ev.message = "retry", message
        return ev

    def _finish_failed(self, c: _Claim, target: TargetData, message: str, title: str, message_en: str = "") -> None:
        with self.db.session() as s:
            job = s.get(OutboxJob, c.job_id)
            if not self._mine(job):
                return
            assert job is not None
            job.state = "failed"
            job.last_error = job_error(message, message_en)
            job.updated_at = utcnow()
            job.locked_by, job.locked_until = "", None
            a = s.get(Article, c.article_id)
            if a is not None:
                what = "撤稿" if c.action == "withdraw" else "推送"
                notify(s, {a.signer_id, a.author_id} - {None}, "publish_failed",  # type: ignore[arg-type]
                       f"《{title or a.title}》{what}到“{target.name}”失败：{message}", a.id)
            audit(s, None, "publish_failed", c.article_id, target=target.name, job=c.job_id,
                  version=c.version, error=message)
            signal_change(s, "outbox", c.job_id)

    def _release(self, c: _Claim, message: str) -> None:
        """Give a claimed job back untouched (the target cannot be used right now)."""
        with self.db.session() as s:
            job = s.get(OutboxJob, c.job_id)
            if self._mine(job):
                assert job is not None
                job.attempts = max(0, (job.attempts or 1) - 1)
                if message:
                    job.last_error = message
                job.locked_by, job.locked_until = "", None

    def _prefetch(self, adapter: Adapter, target_id: int) -> None:
        """Let an adapter look up, in bulk, the queued articles the target has no mapping for."""
        prefetch = getattr(adapter, "prefetch", None)
        if prefetch is None:
            return
        with self.db.read() as s:
            mapped = select(RemoteMapping.article_uuid).where(RemoteMapping.target_id == target_id)
            uuids = list(s.scalars(
                select(Article.uuid).join(OutboxJob, OutboxJob.article_id == Article.id)
                .where(OutboxJob.target_id == target_id, OutboxJob.state == "pending",
                       OutboxJob.attempts <= 1, Article.uuid.not_in(mapped))
                .distinct().limit(2000)))
        if uuids:
            try:
                prefetch(uuids)
            except DeliveryError:
                log.info("bulk look-up failed; looking up one by one", exc_info=True)

    # ---- the loops --------------------------------------------------------------------
    def run_once(self, target: str | None = None, *, stop_event: threading.Event | None = None,
                 progress: ProgressFn | None = None, limit: int | None = None) -> RunReport:
        """Deliver every job that is due now, one after another; no waiting."""
        return self._pass(self._target_ids(target), stop_event, progress, limit)

    def _pass(self, target_ids: list[int] | None, stop_event: threading.Event | None,
              progress: ProgressFn | None, limit: int | None, unusable: set[int] | None = None) -> RunReport:
        report = RunReport()
        adapters: dict[int, Adapter] = {}
        targets: dict[int, TargetData] = {}
        skip: set[int] = set(unusable or ())
        queue: deque[_Claim] = deque()
        try:
            while not (stop_event and stop_event.is_set()) and (limit is None or report.handled < limit):
                if not queue:
                    n = self.batch if limit is None else max(1, min(self.batch, limit - report.handled))
                    queue.extend(self.claim_batch(target_ids, skip, n))
                    if not queue:
                        break
                c = queue.popleft()
                if c.target_id in skip:
                    self._release(c, "")
                    continue
                if c.target_id not in targets:
                    targets[c.target_id] = self.services.targets.get(c.target_id)
                t = targets[c.target_id]
                if c.target_id not in adapters:
                    try:
                        adapters[c.target_id] = self.adapter_factory(t)
                        self._prefetch(adapters[c.target_id], c.target_id)
                    except NewsdeskError as exc:
                        msg = f"{t.name}：{exc.message_zh}"
                        self._release(c, job_error(exc.message_zh, exc.message_en))
                        skip.add(c.target_id)
                        report.errors.append(msg)
                        ev = JobEvent(c.job_id, c.article_id, t.name, c.action, c.version, "released", msg)
                        report.events.append(ev)
                        if progress:
                            progress(ev)
                        continue
                try:
                    ev = self._deliver(c, t, adapters[c.target_id])
                except NewsdeskError as exc:  # e.g. the article vanished, the database went away
                    ev = self._finish_retry(c, t, exc.message_zh, None, "",
                                            JobEvent(c.job_id, c.article_id, t.name, c.action, c.version, "retry"),
                                            exc.message_en)
                if ev.target_wide:
                    skip.add(c.target_id)  # 401/403: the other jobs of this target would fail alike
                field_name = _COUNTERS[ev.outcome]
                setattr(report, field_name, getattr(report, field_name) + 1)
                report.events.append(ev)
                if progress:
                    progress(ev)
        finally:
            report.unusable |= skip
            for c in queue:  # claimed but not tried (stopped, or the target was skipped)
                self._release(c, "")
            for a in adapters.values():
                try:
                    a.close()
                except Exception:  # pragma: no cover - closing must not hide the result
                    log.debug("closing adapter failed", exc_info=True)
        return report

    def _parallel(self, target_ids: list[int] | None, stop_event: threading.Event,
                  progress: ProgressFn | None, concurrency: int, unusable: set[int]) -> RunReport:
        parts = [RunReport() for _ in range(concurrency)]
        lock = threading.Lock()

        def prog(ev: JobEvent) -> None:
            if progress:
                with lock:
                    progress(ev)

        def run(i: int) -> None:
            parts[i] = self._pass(target_ids, stop_event, prog, None, unusable)

        threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(concurrency)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        total = RunReport()
        for p in parts:
            total.add(p)
        return total

    def drain(self, stop_event: threading.Event | None = None, progress: ProgressFn | None = None, *,
              target: str | None = None, wait: bool = True, concurrency: int = 1,
              max_wait: float | None = None) -> RunReport:
        """Deliver until nothing is pending (waiting for back-off and other workers' leases when
        ``wait``), or until ``stop_event`` is set. ``concurrency`` workers deliver different
        articles side by side; one article's jobs still go out in order."""
        stop_event = stop_event or threading.Event()
        target_ids = self._target_ids(target)
        total = RunReport()
        started = utcnow()
        while not stop_event.is_set():
            if concurrency <= 1:
                total.add(self._pass(target_ids, stop_event, progress, None, total.unusable))
            else:
                total.add(self._parallel(target_ids, stop_event, progress, concurrency, set(total.unusable)))
            if not wait:
                break
            nxt = self.next_due(target_ids, total.unusable)
            if nxt is None:
                break
            now = utcnow()
            if max_wait is not None and (nxt - started).total_seconds() > max_wait:
                break
            delay = max(0.01, min((nxt - now).total_seconds(), 5.0))
            stop_event.wait(delay)
        return total


def mapping(services: Services, target_id: int, article_uuid: str) -> RemoteRef | None:
    with services.db.read() as s:
        m = s.get(RemoteMapping, (target_id, article_uuid))
        return RemoteRef(m.remote_id, m.delivered_version) if m else None


def stale_leases(services: Services) -> int:
    """Jobs whose worker's lease ran out (a crashed desktop) — for diagnostics."""
    with services.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxJob).where(and_(
            OutboxJob.state == "pending", OutboxJob.locked_until.is_not(None),
            OutboxJob.locked_until < utcnow()))) or 0)
