"""Articles: create, read, save with optimistic locking, lists, revisions, leases, comments."""

from __future__ import annotations

import builtins
import uuid as uuidlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Select, Table, func, or_, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from app.core import rulebook
from app.core.clock import utcnow
from app.core.domain import (
    Actor,
    ArticleData,
    ArticleRow,
    Contributor,
    Origin,
    Page,
    Role,
    SignoffData,
    Status,
)
from app.core.errors import ConflictError, LeaseHeld, NotFound, PermissionDenied, ValidationError
from app.core.models import (
    Article,
    ArticleChannel,
    Asset,
    Channel,
    Comment,
    Revision,
    Signoff,
    Source,
    User,
)
from app.core.services.admin import AdminService
from app.core.services.base import Service, audit, notify, signal_change
from app.core.services.prerender import prerender_quietly
from app.core.text.clean import normalise
from app.core.text.counting import count_markdown
from app.core.workflow import EDITORIAL, can_view, check_action

LEASE_DURATION = timedelta(minutes=5)
_ARTICLES = cast(Table, Article.__table__)  # table-level updates: no version bump (leases)


def _local_hm(t: datetime | None, tz: str) -> str:
    from zoneinfo import ZoneInfo

    return t.astimezone(ZoneInfo(tz)).strftime("%H:%M") if t else ""

# Limits live in the rulebook's field registry (app/core/rulebook.py: FieldSpec.limit).
LIMITS = {f.name: f.limit for f in rulebook.FIELDS if f.kind in rulebook.TEXT_KINDS and f.limit}


REVISION_REASONS = ("create", "save", "autosave", "submit", "sign", "return", "approve", "schedule",
                    "publish", "correct", "withdraw", "restore", "import")


@dataclass
class ArticleQuery:
    statuses: list[Status] | None = None
    author_id: int | None = None
    channel_id: int | None = None
    source_id: int | None = None
    text: str = ""
    updated_from: datetime | None = None
    updated_to: datetime | None = None
    review_steps: list[int] | None = None  # only articles waiting at these steps
    sort: str = "updated_at"  # updated_at | title | status | first_published_at | id
    descending: bool = True
    offset: int = 0
    limit: int = 100
    ids: list[int] | None = None  # restrict to these (e.g. full-text search hits)


@dataclass
class RevisionInfo:
    id: int
    number: int
    user_name: str
    created_at: datetime
    reason: str
    note: str


@dataclass
class CommentData:
    id: int
    user_id: int
    user_name: str
    created_at: datetime
    body: str
    kind: str


@dataclass
class LeaseInfo:
    user_id: int
    user_name: str
    since: datetime
    expires_at: datetime
    mine: bool
    taken_from: str = ""


@dataclass
class SaveResult:
    article: ArticleData
    revision: int | None = None
    warnings: list[str] = field(default_factory=list)


def _snap_value(a: Article, f: rulebook.FieldSpec) -> Any:
    if f.kind == "refs":  # secondary channels live in their own table
        return sorted(c.channel_id for c in a.secondary)
    v = getattr(a, f.name)
    if f.kind == "time":
        return v.isoformat() if v else None
    if f.kind == "list":
        return list(v or [])
    if f.kind == "contributors":
        return [dict(c) for c in (v or [])]
    return v


def _data_value(a: Article, f: rulebook.FieldSpec) -> Any:
    """A field as ArticleData carries it."""
    if f.kind == "contributors":
        return [Contributor(c["role"], c["name"]) for c in (getattr(a, f.name) or [])]
    if f.kind == "enum" and f.name == "origin":
        return Origin(a.origin)
    if f.kind == "time":
        return getattr(a, f.name)
    return _snap_value(a, f)


def data_from_snapshot(snap: Mapping[str, Any]) -> dict[str, Any]:
    """ArticleData's registry fields from a revision snapshot (the inverse of snapshot()); a field
    an older snapshot lacks gets its kind's empty value, never a later version's."""
    out: dict[str, Any] = {}
    for f in rulebook.FIELDS:
        if not f.snapshot:
            continue
        v = snap.get(f.name)
        if f.kind in rulebook.TEXT_KINDS:
            out[f.name] = v or ""
        elif f.kind == "time":
            out[f.name] = datetime.fromisoformat(v) if v else None
        elif f.kind in ("list", "refs"):
            out[f.name] = list(v or [])
        elif f.kind == "contributors":
            out[f.name] = [Contributor(c.get("role", ""), c.get("name", "")) for c in v or []]
        elif f.kind == "enum":
            v = v or f.choices[0]
            out[f.name] = Origin(v) if f.name == "origin" else v
        elif f.kind == "int":
            out[f.name] = int(v or 0)
        elif f.kind == "bool":
            out[f.name] = bool(v)
        else:
            out[f.name] = v
    return out


def snapshot(a: Article) -> dict[str, Any]:
    """The complete editable state of an article, as JSON, for revisions and diffs: every field
    the rulebook's registry marks ``snapshot``, plus the state and version."""
    out = {f.name: _snap_value(a, f) for f in rulebook.FIELDS if f.snapshot}
    out.update(status=a.status, version=a.version)
    return out


def add_revision(s: Session, a: Article, actor: Actor, reason: str, note: str = "") -> int:
    n = (s.scalar(select(func.max(Revision.number)).where(Revision.article_id == a.id)) or 0) + 1
    s.add(Revision(article_id=a.id, number=n, user_id=actor.id, reason=reason, note=note,
                   snapshot=snapshot(a)))
    return n


def _names(s: Session, ids: set[int | None]) -> dict[int, str]:
    ids2 = {i for i in ids if i is not None}
    if not ids2:
        return {}
    return dict(s.execute(select(User.id, User.real_name).where(User.id.in_(ids2))).all())


def to_data(s: Session, a: Article) -> ArticleData:
    names = _names(s, {a.author_id, a.responsible_editor_id, a.signer_id, a.lease_user_id})
    source_name = s.scalar(select(Source.name).where(Source.id == a.source_id)) if a.source_id else ""
    cover_sha = s.scalar(select(Asset.sha256).where(Asset.id == a.cover_asset_id)) if a.cover_asset_id else None
    signoffs = [
        SignoffData(x.step, x.step_name, x.user_id, x.signer_name, x.signed_at, x.comment)
        for x in s.scalars(select(Signoff).where(Signoff.article_id == a.id, Signoff.valid.is_(True))
                           .order_by(Signoff.step))
    ]
    lease_live = a.lease_user_id is not None and a.lease_expires_at is not None and a.lease_expires_at > utcnow()
    return ArticleData(
        id=a.id, uuid=a.uuid, version=a.version, status=Status(a.status),
        **{f.name: _data_value(a, f) for f in rulebook.FIELDS},  # every registry field
        source_name=source_name or "", cover_sha256=cover_sha,
        author_id=a.author_id, author_name=names.get(a.author_id, ""),
        responsible_editor_name=names.get(a.responsible_editor_id or -1, ""),
        signer_id=a.signer_id, signer_name=names.get(a.signer_id or -1, ""),
        review_step=a.review_step, scheduled_at=a.scheduled_at, first_published_at=a.first_published_at,
        updated_published_at=a.updated_published_at, correction_note=a.correction_note,
        created_at=a.created_at, updated_at=a.updated_at,
        lease_user_id=a.lease_user_id if lease_live else None,
        lease_user_name=names.get(a.lease_user_id or -1, "") if lease_live else "",
        lease_since=a.lease_since if lease_live else None,
        lease_expires_at=a.lease_expires_at if lease_live else None,
        signoffs=signoffs,
    )


def _count_chars(body: str, *parts: str) -> int:
    """字数 as the newsroom counts it (the text toolkit's rule), for lists and the dashboard."""
    return count_markdown(body).total + sum(count_markdown(p).total for p in parts if p)


def load_article(s: Session, article_id: int, actor: Actor | None = None, *, for_update: bool = False) -> Article:
    stmt = select(Article).where(Article.id == article_id)
    if for_update and s.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    a = s.scalar(stmt)
    if a is None or (actor is not None and not can_view(actor, a.author_id, a.status)):
        raise NotFound("稿件不存在或您无权查看。", "No such article, or you may not see it.")
    return a


class ArticleService(Service):
    # ---- create / read -----------------------------------------------------------------
    def create(self, actor: Actor, reason: str = "create", **fields: Any) -> ArticleData:
        if not actor.has(Role.REPORTER, *EDITORIAL):
            raise PermissionDenied("只有记者和编辑可以写稿。", "Only reporters and editors write articles.")
        with self.db.session() as s:
            a = Article(uuid=str(uuidlib.uuid4()), status=Status.DRAFT.value, author_id=actor.id,
                        contributors=[], keywords=[], topics=[])
            if not fields.get("contributors") and Role.REPORTER in actor.roles:
                fields["contributors"] = [Contributor("记者", actor.real_name)]
            if "primary_channel_id" not in fields:
                # a reporter's beat: the channel of their latest article that had one (the channel
                # check at sign-off still weighs the places the text names against it)
                last = s.scalar(select(Article.primary_channel_id)
                                .where(Article.author_id == actor.id, Article.primary_channel_id.is_not(None))
                                .order_by(Article.id.desc()).limit(1))
                if last is not None:
                    fields["primary_channel_id"] = last
            self._apply(s, actor, a, fields)
            a.chars = _count_chars(a.body, a.title)
            s.add(a)
            s.flush()
            add_revision(s, a, actor, reason)
            audit(s, actor, "article_create", a.id, title=a.title)
            signal_change(s, "article", a.id)
            return to_data(s, a)

    def get(self, actor: Actor, article_id: int) -> ArticleData:
        with self.db.read() as s:
            return to_data(s, load_article(s, article_id, actor))

    def get_by_uuid(self, actor: Actor, uuid: str) -> ArticleData:
        with self.db.read() as s:
            aid = s.scalar(select(Article.id).where(Article.uuid == uuid))
            if aid is None:
                raise NotFound("稿件不存在。", "No such article.")
            return to_data(s, load_article(s, aid, actor))

    # ---- save --------------------------------------------------------------------------
    def save(self, actor: Actor, article_id: int, changes: dict[str, Any], expected_version: int,
             reason: str = "save", note: str = "") -> SaveResult:
        """Apply ``changes`` if the article is still at ``expected_version``; otherwise raise
        ConflictError carrying the stored version. Never overwrites another desk's save."""
        if reason not in ("save", "autosave", "restore"):
            raise ValidationError("无效的保存原因。", "Invalid save reason.")
        unknown = set(changes) - set(rulebook.FIELD_NAMES)
        if unknown:
            raise ValidationError(f"不能修改这些字段：{', '.join(sorted(unknown))}",
                                  f"These fields cannot be changed: {', '.join(sorted(unknown))}")
        try:
            with self.db.session() as s:
                a = load_article(s, article_id, actor, for_update=True)
                check_action(actor, a, "save")
                if a.version != expected_version:
                    raise ConflictError(to_data(s, a), changes)
                self._check_lease(a, actor)
                self.apply_changes(s, actor, a, changes, via="save")
                a.chars = _count_chars(a.body, a.title)
                a.updated_at = utcnow()
                if a.lease_user_id == actor.id:
                    a.lease_expires_at = utcnow() + LEASE_DURATION
                s.flush()  # the version check happens here (UPDATE … WHERE version = :old)
                rev = self._revision_for_save(s, a, actor, reason, note)
                audit(s, actor, "article_" + reason, a.id, version=a.version,
                      fields=sorted(changes))
                signal_change(s, "article", a.id)
                result = SaveResult(to_data(s, a), rev)
        except StaleDataError:
            with self.db.read() as s:
                raise ConflictError(to_data(s, load_article(s, article_id)), changes) from None
        if reason == "save" and "body" in changes and actor.has(*EDITORIAL):  # the export finds it rendered
            prerender_quietly(self.db, article_id)
        return result

    def _revision_for_save(self, s: Session, a: Article, actor: Actor, reason: str, note: str) -> int:
        """Autosaves coalesce: an autosave replaces the previous revision when that one is an
        autosave by the same person (so typing does not bury the history), every other save
        adds a revision."""
        if reason == "autosave":
            last = s.scalar(select(Revision).where(Revision.article_id == a.id)
                            .order_by(Revision.number.desc()).limit(1))
            if last is not None and last.reason == "autosave" and last.user_id == actor.id:
                last.snapshot = snapshot(a)
                last.created_at = utcnow()
                return last.number
        return add_revision(s, a, actor, reason, note)

    def apply_changes(self, s: Session, actor: Actor, a: Article, changes: dict[str, Any], via: str) -> None:
        """Normalise and apply ``changes``; a field the rulebook does not let ``actor`` change
        (through ``via``) may be sent only unchanged (a desk sends the whole form)."""
        denied = [f for f in changes if not rulebook.may_edit_field(actor, a, f, via)]
        before = snapshot(a) if denied else {}
        self._apply(s, actor, a, changes)
        if denied:
            after = snapshot(a)
            changed = [f for f in denied if before.get(f) != after.get(f)]
            if changed:
                names = "、".join(rulebook.field_label(f) for f in changed)
                names_en = ", ".join(rulebook.field_label(f, "en") for f in changed)
                if all(rulebook.FIELD_BY_NAME[f].group == "desk" for f in changed):
                    raise PermissionDenied(f"只有编辑可以设置栏目、责任编辑和推荐级别（{names}）。",
                                           f"Only editors set channels, responsible editor and level ({names_en}).")
                raise PermissionDenied(f"您无权修改：{names}。", f"You may not change: {names_en}.")

    def _check_lease(self, a: Article, actor: Actor) -> None:
        if (a.lease_user_id is not None and a.lease_user_id != actor.id
                and a.lease_expires_at is not None and a.lease_expires_at > utcnow()):
            raise LeaseHeld("另一位同事正在编辑这篇稿件，保存被拒绝。",
                            "Someone else is editing this article; the save was refused.",
                            user_id=a.lease_user_id)

    def _apply(self, s: Session, actor: Actor, a: Article, changes: dict[str, Any]) -> None:
        """Normalise and set each changed field the way its registry entry's kind says."""
        for f in rulebook.FIELDS:
            if f.name not in changes:
                continue
            value = _normalise(s, f, changes[f.name])
            if f.kind == "refs":  # secondary channels: rows of their own
                current = {c.channel_id: c for c in a.secondary}
                a.secondary = [current.get(i) or ArticleChannel(channel_id=i) for i in value]
            else:
                setattr(a, f.name, value)

    # ---- lists -------------------------------------------------------------------------
    def _base_query(self, actor: Actor, q: ArticleQuery) -> tuple[Select, int]:
        """The ids a list shows, and (with a text filter) how many changes the search index has yet
        to take in."""
        stmt = select(Article.id)
        pending = 0
        if not actor.has(*EDITORIAL):
            stmt = stmt.where(or_(Article.author_id == actor.id, Article.status == Status.PUBLISHED.value))
        if q.statuses:
            stmt = stmt.where(Article.status.in_([Status(x).value for x in q.statuses]))
        if q.author_id is not None:
            stmt = stmt.where(Article.author_id == q.author_id)
        if q.channel_id is not None:
            sec = select(ArticleChannel.article_id).where(ArticleChannel.channel_id == q.channel_id)
            stmt = stmt.where(or_(Article.primary_channel_id == q.channel_id, Article.id.in_(sec)))
        if q.source_id is not None:
            stmt = stmt.where(Article.source_id == q.source_id)
        if q.review_steps is not None:
            stmt = stmt.where(Article.review_step.in_(q.review_steps),
                              Article.status.in_([Status.SUBMITTED.value, Status.IN_REVIEW.value]))
        if q.updated_from is not None:
            stmt = stmt.where(Article.updated_at >= q.updated_from)
        if q.updated_to is not None:
            stmt = stmt.where(Article.updated_at < q.updated_to)
        if q.ids is not None:
            stmt = stmt.where(Article.id.in_(q.ids))
        if q.text.strip():
            # full-text index (app/core/services/search.py): every field, exact substrings
            from app.core.services.search import SearchService

            clause, pending = SearchService(self.db).id_filter(q.text)
            if clause is not None:
                stmt = stmt.where(clause)
        return stmt, pending

    def list(self, actor: Actor, q: ArticleQuery) -> Page:
        """One page of rows plus the total count: fast at 100,000 articles (indexed sort keys,
        narrow row, count on ids only)."""
        base, pending = self._base_query(actor, q)
        sort_col = {
            "updated_at": Article.updated_at, "title": Article.title, "status": Article.status,
            "first_published_at": Article.first_published_at, "id": Article.id,
            "scheduled_at": Article.scheduled_at,
        }.get(q.sort, Article.updated_at)
        order: builtins.list[Any] = [sort_col.desc() if q.descending else sort_col.asc(),
                 Article.id.desc() if q.descending else Article.id.asc()]
        author = aliased(User)
        leaser = aliased(User)
        now = utcnow()
        ids_sub = base.order_by(*order).offset(max(q.offset, 0)).limit(max(min(q.limit, 1000), 1)).subquery()
        stmt = (
            select(Article.id, Article.uuid, Article.title, Article.status, author.real_name,
                   Channel.name, Article.updated_at, Article.first_published_at, Article.scheduled_at,
                   Article.review_step, leaser.real_name, Article.lease_expires_at, Article.chars)
            .join(ids_sub, ids_sub.c.id == Article.id)
            .join(author, author.id == Article.author_id)
            .outerjoin(Channel, Channel.id == Article.primary_channel_id)
            .outerjoin(leaser, leaser.id == Article.lease_user_id)
            .order_by(*order)
        )
        with self.db.read() as s:
            total = s.scalar(select(func.count()).select_from(base.subquery())) or 0
            rows = [
                ArticleRow(r[0], r[1], r[2], Status(r[3]), r[4], r[5] or "", r[6], r[7], r[8], r[9],
                           (r[10] or "") if (r[11] and r[11] > now) else "", r[12] or 0)
                for r in s.execute(stmt)
            ]
        return Page(rows, total, q.offset, q.limit, pending)

    def counts(self, actor: Actor) -> dict[str, int]:
        """The navigator's counts for this user: mine (drafts), returned, submitted, published,
        and — for editors — what waits at a step they may sign."""
        from app.core.workflow import may_sign_step

        out: dict[str, int] = {}
        chain = AdminService(self.db).review_chain() if actor.has(*EDITORIAL) else ()
        with self.db.read() as s:
            rows = s.execute(select(Article.status, func.count()).where(Article.author_id == actor.id)
                             .group_by(Article.status)).all()
            mine = {st: n for st, n in rows}
            out["my_drafts"] = mine.get(Status.DRAFT.value, 0)
            out["returned"] = mine.get(Status.RETURNED.value, 0)
            # the "Submitted" folder's own states (app/ui/main_window.py): in review, or signed and waiting
            out["my_submitted"] = sum(mine.get(st.value, 0) for st in rulebook.IN_REVIEW | rulebook.SIGNED)
            out["published"] = s.scalar(select(func.count()).select_from(Article)
                                        .where(Article.status == Status.PUBLISHED.value)) or 0
            if actor.has(*EDITORIAL):
                steps = [st.position for st in chain if may_sign_step(actor, st)]
                out["queue"] = s.scalar(select(func.count()).select_from(Article).where(
                    Article.status.in_([st.value for st in rulebook.IN_REVIEW]),
                    Article.review_step.in_(steps))) or 0
                out["approved"] = s.scalar(select(func.count()).select_from(Article).where(
                    Article.status.in_([st.value for st in rulebook.SIGNED]))) or 0
        return out

    def stats(self, days: int = 28) -> dict[str, Any]:
        """Dashboard figures: per state, per channel and per reporter over the last ``days``."""
        since = utcnow() - timedelta(days=days)
        with self.db.read() as s:
            by_status = dict(s.execute(select(Article.status, func.count()).group_by(Article.status)).all())
            by_channel = s.execute(
                select(Channel.name, func.count()).join(Article, Article.primary_channel_id == Channel.id)
                .where(Article.updated_at >= since).group_by(Channel.name).order_by(func.count().desc())
            ).all()
            by_reporter = s.execute(
                select(User.real_name, func.count()).join(Article, Article.author_id == User.id)
                .where(Article.updated_at >= since).group_by(User.real_name).order_by(func.count().desc())
            ).all()
        return {"by_status": by_status, "by_channel": list(by_channel), "by_reporter": list(by_reporter)}

    def weekly(self, weeks: int = 4, zone: str = "Asia/Shanghai") -> dict[str, int]:
        """Articles created per week (weeks start on Monday in the newsroom's zone), oldest
        first, keyed by the week's first day (MM-DD); weeks without articles count 0."""
        from zoneinfo import ZoneInfo

        tz = ZoneInfo(zone)
        today = utcnow().astimezone(tz).date()
        first = today - timedelta(days=today.weekday() + 7 * (max(weeks, 1) - 1))
        start = datetime(first.year, first.month, first.day, tzinfo=tz)
        out = {(first + timedelta(weeks=i)).strftime("%m-%d"): 0 for i in range(max(weeks, 1))}
        with self.db.read() as s:
            for (created,) in s.execute(select(Article.created_at).where(Article.created_at >= start)):
                d = created.astimezone(tz).date()
                key = (d - timedelta(days=d.weekday())).strftime("%m-%d")
                if key in out:
                    out[key] += 1
        return out

    # ---- revisions ---------------------------------------------------------------------
    def revisions(self, actor: Actor, article_id: int) -> builtins.list[RevisionInfo]:
        with self.db.read() as s:
            load_article(s, article_id, actor)
            rows = s.execute(select(Revision, User.real_name).join(User, User.id == Revision.user_id)
                             .where(Revision.article_id == article_id).order_by(Revision.number)).all()
            return [RevisionInfo(r.id, r.number, name, r.created_at, r.reason, r.note) for r, name in rows]

    def revision_snapshot(self, actor: Actor, article_id: int, number: int) -> dict[str, Any]:
        with self.db.read() as s:
            load_article(s, article_id, actor)
            r = s.scalar(select(Revision).where(Revision.article_id == article_id, Revision.number == number))
            if r is None:
                raise NotFound("该版本不存在。", "No such revision.")
            return dict(r.snapshot)

    def restore(self, actor: Actor, article_id: int, number: int, expected_version: int) -> SaveResult:
        """Bring back an old revision's content as a new revision (history is never rewritten)."""
        snap = self.revision_snapshot(actor, article_id, number)
        changes = {k: v for k, v in snap.items() if k in rulebook.FIELD_NAMES}
        return self.save(actor, article_id, changes, expected_version, reason="restore",
                         note=f"#{number}")

    # ---- leases ------------------------------------------------------------------------
    def acquire_lease(self, actor: Actor, article_id: int, take_over: bool = False) -> LeaseInfo:
        """Take the edit lease. Someone else's live lease raises LeaseHeld unless an editor
        takes it over on purpose (the holder is notified)."""
        now = utcnow()
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            check_action(actor, a, "save")
            held = (a.lease_user_id not in (None, actor.id) and a.lease_expires_at is not None
                    and a.lease_expires_at > now)
            taken_from = ""
            if held:
                # names only: staff login roles may not read the whole users row (password_hash)
                holder_name = s.scalar(select(User.real_name).where(User.id == a.lease_user_id)) or "?"
                if not take_over:
                    hm = _local_hm(a.lease_since, AdminService(self.db).setting("timezone"))
                    raise LeaseHeld(f"{holder_name} 自 {hm} 起正在编辑这篇稿件。",
                                    f"{holder_name} has been editing this article since {hm}.",
                                    user_id=a.lease_user_id, user_name=holder_name, since=a.lease_since)
                check_action(actor, to_data(s, a), "take_over")  # who may take over: the rulebook
                taken_from = holder_name
                notify(s, [a.lease_user_id or 0], "lease_taken",
                       f"{actor.real_name} 接管了《{a.title}》的编辑。", a.id)
                audit(s, actor, "lease_take_over", a.id, from_user=a.lease_user_id)
            since: datetime = (now if (a.lease_user_id != actor.id or held or a.lease_since is None)
                               else a.lease_since)
            expires = now + LEASE_DURATION
            # A lease is not a content change: a table-level UPDATE keeps the version, so taking
            # or renewing it causes no false conflict.
            s.execute(update(_ARTICLES).where(_ARTICLES.c.id == a.id).values(
                lease_user_id=actor.id, lease_since=since, lease_expires_at=expires))
            signal_change(s, "lease", a.id)
            return LeaseInfo(actor.id, actor.real_name, since, expires, True, taken_from)

    def release_lease(self, actor: Actor, article_id: int) -> None:
        with self.db.session() as s:
            a = load_article(s, article_id, actor, for_update=True)
            if a.lease_user_id == actor.id:
                s.execute(update(_ARTICLES).where(_ARTICLES.c.id == a.id).values(
                    lease_user_id=None, lease_since=None, lease_expires_at=None))
                signal_change(s, "lease", a.id)

    def lease(self, actor: Actor, article_id: int) -> LeaseInfo | None:
        with self.db.read() as s:
            a = load_article(s, article_id, actor)
            if a.lease_user_id is None or a.lease_expires_at is None or a.lease_expires_at <= utcnow():
                return None
            name = s.scalar(select(User.real_name).where(User.id == a.lease_user_id))  # staff roles: names only
            return LeaseInfo(a.lease_user_id, name or "?", a.lease_since or utcnow(),
                             a.lease_expires_at, a.lease_user_id == actor.id)

    # ---- comments ----------------------------------------------------------------------
    def add_comment(self, actor: Actor, article_id: int, body: str) -> CommentData:
        body = body.strip()
        if not body:
            raise ValidationError("评论不能为空。", "A comment cannot be empty.")
        if len(body) > 10_000:
            raise ValidationError("评论太长（最多 10000 字）。", "The comment is too long (10,000 characters).")
        with self.db.session() as s:
            a = load_article(s, article_id, actor)
            check_action(actor, a, "comment")  # looking and commenting take no lease
            c = Comment(article_id=a.id, user_id=actor.id, body=body, kind="comment")
            s.add(c)
            s.flush()
            mentioned = self._mentions(s, body)
            notify(s, mentioned, "mentioned", f"{actor.real_name} 在《{a.title}》的评论中提到了您。", a.id,
                   exclude=actor.id)
            audit(s, actor, "comment_add", a.id)
            signal_change(s, "comment", a.id)
            return CommentData(c.id, actor.id, actor.real_name, c.created_at, c.body, c.kind)

    @staticmethod
    def _mentions(s: Session, body: str) -> set[int]:
        import re

        names = set(re.findall(r"@([\w\u3400-\u9fff]+)", body))
        if not names:
            return set()
        return set(s.scalars(select(User.id).where(or_(User.login.in_(names), User.real_name.in_(names)))))

    def comments(self, actor: Actor, article_id: int) -> builtins.list[CommentData]:
        with self.db.read() as s:
            load_article(s, article_id, actor)
            rows = s.execute(select(Comment, User.real_name).join(User, User.id == Comment.user_id)
                             .where(Comment.article_id == article_id).order_by(Comment.id)).all()
            return [CommentData(c.id, c.user_id, n, c.created_at, c.body, c.kind) for c, n in rows]

    # ---- for the publisher -------------------------------------------------------------
    def published(self, since_ids: builtins.list[int] | None = None) -> builtins.list[ArticleData]:
        """Every published article, complete (system read for the site export)."""
        with self.db.read() as s:
            stmt = select(Article).where(Article.status == Status.PUBLISHED.value).order_by(Article.id)
            if since_ids is not None:
                stmt = stmt.where(Article.id.in_(since_ids))
            return [to_data(s, a) for a in s.scalars(stmt)]

    def system_get(self, article_id: int) -> ArticleData:
        with self.db.read() as s:
            return to_data(s, load_article(s, article_id))


_REFS: dict[str, tuple[Any, str, str]] = {
    "source": (Source, "来源不存在。", "No such source."),
    "asset": (Asset, "封面图片不存在。", "No such cover image."),
    "channel": (Channel, "栏目不存在。", "No such channel."),
    "user": (User, "用户不存在。", "No such user."),
}
# Extra normalisers a registry entry may name (FieldSpec.normaliser), after its kind's own.
NORMALISERS: dict[str, Any] = {}


def _normalise(s: Session, f: rulebook.FieldSpec, value: Any) -> Any:
    """One field's value as stored, or a ValidationError/NotFound in the user's two languages."""
    zh = f.label[0]
    if f.kind in rulebook.TEXT_KINDS:
        value = value if value is not None else ""
        if not isinstance(value, str):
            raise ValidationError(f"“{zh}”必须是文本。", f"Field {f.name} must be text.")
        value = normalise(value, multiline=f.kind != "line")  # controls, surrogates, bidi (issue #15)
        if f.kind == "line":
            value = value.replace("\r", " ").replace("\n", " ").strip()
        elif f.kind == "text":
            value = value.strip()
        if f.limit is not None and len(value) > f.limit:
            raise ValidationError(f"“{zh}”太长：{len(value)} 个字符，最多 {f.limit}。",
                                  f"“{f.name}” is too long: {len(value)} characters, at most {f.limit}.")
    elif f.kind == "enum":
        if getattr(value, "value", value) not in f.choices:
            raise ValidationError("稿件来源类型只能是原创或转载。", "Origin is original or reprint.")
        value = getattr(value, "value", value)
    elif f.kind == "int":
        if value not in f.choices or isinstance(value, bool):
            raise ValidationError("推荐级别只能是 0、1、2。", "Level must be 0, 1 or 2.")
    elif f.kind == "bool":
        value = bool(value)
    elif f.kind == "time":
        if isinstance(value, str):
            value = datetime.fromisoformat(value) if value else None
        if value is not None and value.tzinfo is None:
            raise ValidationError("时间必须带时区。", "Times must carry a time zone.")
    elif f.kind == "list":
        value = _str_list(value, zh, f.limit or 20)
    elif f.kind == "contributors":
        cs = value or []
        if f.limit is not None and len(cs) > f.limit:
            raise ValidationError(f"作者最多 {f.limit} 位。", f"At most {f.limit} contributors.")
        out = []
        for c in cs:
            role, name = (c.role, c.name) if isinstance(c, Contributor) else (c["role"], c["name"])
            role, name = normalise(role, multiline=False).strip(), normalise(name, multiline=False).strip()
            if not name or len(name) > 64 or len(role) > 16 or not role:
                raise ValidationError("每位作者都需要角色和姓名（姓名最长 64 个字符）。",
                                      "Each contributor needs a role and a name (up to 64 characters).")
            out.append({"role": role, "name": name})
        value = out
    elif f.kind == "ref":
        model, msg_zh, msg_en = _REFS[f.ref]
        if value is not None and s.scalar(select(model.id).where(model.id == value)) is None:
            raise NotFound(msg_zh, msg_en)
    elif f.kind == "refs":
        model, msg_zh, msg_en = _REFS[f.ref]
        ids = sorted(set(value or []))
        found = set(s.scalars(select(model.id).where(model.id.in_(ids)))) if ids else set()
        if set(ids) - found:
            raise NotFound(msg_zh, msg_en)
        value = ids
    if f.normaliser:
        value = NORMALISERS[f.normaliser](value)
    return value


def _str_list(v: Any, label: str, limit: int) -> builtins.list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        v = [x for x in v.replace("，", ",").split(",")]
    out: list[str] = []
    for x in v:
        x = normalise(str(x), multiline=False).strip()  # NUL: PostgreSQL text refuses it, files choke on it
        if x and x not in out:
            if len(x) > 64:
                raise ValidationError(f"{label}“{x[:10]}…”太长。", f"{label} entry is too long.")
            out.append(x)
    if len(out) > limit:
        raise ValidationError(f"{label}最多 {limit} 个。", f"At most {limit} entries.")
    return out

