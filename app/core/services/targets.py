"""Publishing targets (portals, WordPress sites, static exports) configured by administrators,
and the publish queue (outbox jobs) as the publish-queue view shows it.

Secrets are never stored here: the UI/CLI keep them in the system keyring
(app.publish.secrets) under the target's name. Options that look like secrets are refused."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select, update

from app.core.clock import utcnow
from app.core.domain import Actor, Role, Status
from app.core.errors import NotFound, PermissionDenied, ValidationError
from app.core.models import Article, OutboxJob, PublishTarget, RemoteMapping
from app.core.services.base import Service, audit, signal_change
from app.core.workflow import check_admin

KINDS = ("portal", "wordpress", "static")
PUSH_KINDS = ("portal", "wordpress")
JOB_STATES = ("pending", "done", "failed", "cancelled")

# option: (type, default, description)
OPTIONS: dict[str, tuple[type, Any]] = {
    "timeout": (float, 20.0),  # seconds per request
    "withdraw": (str, "draft"),  # wordpress: draft | trash
    "timezone": (str, ""),  # wordpress site time zone; "" = the newsroom's
    "asset_base": (str, "/assets/"),  # portal: where the portal serves uploaded images
    "max_attempts": (int, 12),
    "max_retry_minutes": (float, 30.0),  # a job is retried for at most this long, then fails
    "out_dir": (str, ""),  # static
    "watermark": (str, ""),  # wordpress: JSON {"text" or "image" (PNG, base64), "corner", "opacity"}
}
_SECRET_WORDS = ("password", "passwd", "secret", "token", "apikey", "api_key", "credential")
_KIND_LABELS = {"portal": "门户接口", "wordpress": "WordPress", "static": "静态网站"}


@dataclass
class TargetData:
    id: int
    name: str
    kind: str
    url: str
    username: str
    enabled: bool
    options: dict[str, Any] = field(default_factory=dict)

    def option(self, key: str) -> Any:
        return self.options.get(key, OPTIONS[key][1] if key in OPTIONS else None)

    @property
    def kind_label(self) -> str:
        return _KIND_LABELS.get(self.kind, self.kind)


@dataclass
class JobData:
    """One row of the publish queue."""

    id: int
    target_id: int
    target_name: str
    article_id: int
    article_title: str
    article_version: int
    action: str  # publish | withdraw
    state: str  # pending | done | failed | cancelled
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    created_at: datetime
    updated_at: datetime
    locked_by: str
    locked_until: datetime | None

    def error(self, lang: str = "zh") -> str:
        """The last error in the user's language (stored in both, see ``job_error``)."""
        return error_in(self.last_error, lang)

    @property
    def delivering(self) -> bool:
        return self.state == "pending" and self.locked_until is not None and self.locked_until > utcnow()

    @property
    def display_state(self) -> str:
        return "delivering" if self.delivering else self.state


_STATE_LABELS = {"pending": ("等待发送", "Waiting"), "delivering": ("发送中", "Delivering"),
                 "done": ("已送达", "Delivered"), "failed": ("失败", "Failed"),
                 "cancelled": ("已取消", "Cancelled")}


EN_MARK = "\n[en] "


def job_error(message_zh: str, message_en: str) -> str:
    """A job's last error as stored: Chinese, then English after ``EN_MARK``."""
    return message_zh if not message_en or message_en == message_zh else f"{message_zh}{EN_MARK}{message_en}"


def error_in(stored: str, lang: str = "zh") -> str:
    zh, mark, en = (stored or "").partition(EN_MARK)
    return en if mark and not lang.startswith("zh") else zh


def job_state_label(state: str, lang: str = "zh") -> str:
    zh, en = _STATE_LABELS.get(state, (state, state))
    return zh if lang.startswith("zh") else en


def _target_data(t: PublishTarget) -> TargetData:
    return TargetData(t.id, t.name, t.kind, t.url, t.username, bool(t.enabled), dict(t.options or {}))


def _admin(actor: Actor | None) -> None:
    """None is the system (the command line on a newsroom machine), as in AdminService."""
    if actor is not None:
        check_admin(actor)


def _check_editorial_or_admin(actor: Actor) -> None:
    if not actor.has(Role.EDITOR, Role.CHIEF_EDITOR, Role.ADMIN):
        raise PermissionDenied("需要编辑或管理员权限。", "Editor or administrator rights are needed.")


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise ValidationError("发布目标名称不能为空（最长 64 个字符）。",
                              "A publishing target needs a name (up to 64 characters).")
    if any(c in name for c in "\r\n\t/\\"):
        raise ValidationError("发布目标名称不能包含换行、制表符或斜杠。",
                              "A target name cannot contain line breaks, tabs or slashes.")
    return name


def _clean_url(kind: str, url: str) -> str:
    url = (url or "").strip()
    if kind == "static":
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError(f"地址无效：“{url}”。请填写以 http:// 或 https:// 开头的完整地址。",
                              f"Invalid URL “{url}”: give a full http:// or https:// address.")
    if parts.username or parts.password:
        raise ValidationError("地址中不能包含用户名或密码；密码请保存在系统密钥环中。",
                              "Do not put credentials in the URL; secrets go to the system keyring.")
    if len(url) > 500:
        raise ValidationError("地址太长（最多 500 个字符）。", "The URL is too long (500 characters at most).")
    return url.rstrip("/") + "/" if kind == "portal" else url.rstrip("/")


def _watermark_option(value: str) -> str:
    """A target's watermark, as the site's (app.publish.images.Watermark): checked here, kept as JSON."""
    import json

    bad = ValidationError('水印应为 JSON，例如 {"text": "陇东报", "corner": "br", "opacity": 0.5}。',
                          'A watermark is JSON, e.g. {"text": "Longdong Daily", "corner": "br", "opacity": 0.5}.')
    try:
        wm = json.loads(value)
    except ValueError:
        raise bad from None
    if not isinstance(wm, dict) or not (wm.get("text") or wm.get("image")):
        raise bad
    if str(wm.get("corner", "br")) not in ("tl", "tr", "bl", "br"):
        raise ValidationError("水印位置只能是 tl、tr、bl、br。", "The watermark corner is tl, tr, bl or br.")
    try:
        opacity = float(wm.get("opacity", 0.5))
    except (TypeError, ValueError):
        raise bad from None
    if not 0 < opacity <= 1:
        raise ValidationError("水印不透明度应在 0 到 1 之间。", "The watermark opacity is between 0 and 1.")
    return json.dumps(wm, ensure_ascii=False, sort_keys=True)


def _clean_options(kind: str, options: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (options or {}).items():
        low = key.lower()
        if any(w in low for w in _SECRET_WORDS):
            raise ValidationError("密码和令牌不能保存在数据库中，请使用“设置密码”（系统密钥环）。",
                                  "Secrets are never stored in the database; use “set secret” (system keyring).")
        if key not in OPTIONS:
            raise ValidationError(f"未知选项：{key}", f"Unknown option: {key}")
        typ, _default = OPTIONS[key]
        try:
            value = typ(value)
        except (TypeError, ValueError):
            raise ValidationError(f"选项 {key} 的值无效：{value!r}", f"Invalid value for {key}: {value!r}") from None
        if key == "timeout" and not 0.05 <= value <= 600:
            raise ValidationError("超时必须在 0.05 到 600 秒之间。", "The timeout must be 0.05–600 seconds.")
        if key == "max_attempts" and not 1 <= value <= 100:
            raise ValidationError("重试次数必须在 1 到 100 之间。", "Attempts must be 1–100.")
        if key == "max_retry_minutes" and not 0.01 <= value <= 7 * 24 * 60:
            raise ValidationError("重试时长必须在 0.01 分钟到 7 天之间。", "The retry time must be 0.01 minutes to 7 days.")
        if key == "watermark" and value:
            value = _watermark_option(value)
        if key == "withdraw" and value not in ("draft", "trash"):
            raise ValidationError("撤稿方式只能是 draft（转为草稿）或 trash（移到回收站）。",
                                  "Withdrawal is either draft or trash.")
        if key == "timezone" and value:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValidationError(f"未知时区：{value}", f"Unknown time zone: {value}") from None
        out[key] = value
    return out


class TargetService(Service):
    # ---- targets -----------------------------------------------------------------------
    def list(self) -> list[TargetData]:
        with self.db.read() as s:
            return [_target_data(t) for t in s.scalars(select(PublishTarget).order_by(PublishTarget.name))]

    def get(self, target_id: int) -> TargetData:
        with self.db.read() as s:
            t = s.get(PublishTarget, target_id)
            if t is None:
                raise NotFound("发布目标不存在。", "No such publishing target.")
            return _target_data(t)

    def by_name(self, name: str) -> TargetData:
        with self.db.read() as s:
            t = s.scalar(select(PublishTarget).where(PublishTarget.name == name.strip()))
            if t is None:
                raise NotFound(f"没有名为“{name}”的发布目标。", f"No publishing target named “{name}”.")
            return _target_data(t)

    def add(self, actor: Actor | None, name: str, kind: str, url: str, username: str = "",
            enabled: bool = True, options: dict[str, Any] | None = None) -> TargetData:
        _admin(actor)
        name = _clean_name(name)
        if kind not in KINDS:
            raise ValidationError(f"不支持的发布目标类型：{kind}（可选 portal、wordpress、static）。",
                                  f"Unknown target type {kind} (portal, wordpress or static).")
        url = _clean_url(kind, url)
        username = (username or "").strip()
        if kind == "wordpress" and not username:
            raise ValidationError("WordPress 目标需要用户名（应用程序密码所属的用户）。",
                                  "A WordPress target needs the user the application password belongs to.")
        if len(username) > 128:
            raise ValidationError("用户名太长。", "The user name is too long.")
        opts = _clean_options(kind, options)
        with self.db.session() as s:
            if s.scalar(select(PublishTarget.id).where(PublishTarget.name == name)):
                raise ValidationError(f"已存在名为“{name}”的发布目标。", f"A target named “{name}” exists already.")
            t = PublishTarget(name=name, kind=kind, url=url, username=username, enabled=enabled, options=opts)
            s.add(t)
            s.flush()
            audit(s, actor, "target_add", name=name, kind=kind, url=url, username=username)
            signal_change(s, "targets")
            return _target_data(t)

    def update(self, actor: Actor | None, target_id: int, *, name: str | None = None, url: str | None = None,
               username: str | None = None, options: dict[str, Any] | None = None) -> TargetData:
        """Change a target; ``options`` replaces the option set. Renaming a target changes the
        keyring key: the caller moves the secret (app.publish.secrets)."""
        _admin(actor)
        with self.db.session() as s:
            t = s.get(PublishTarget, target_id)
            if t is None:
                raise NotFound("发布目标不存在。", "No such publishing target.")
            changed: dict[str, Any] = {}
            if name is not None:
                name = _clean_name(name)
                if name != t.name and s.scalar(select(PublishTarget.id).where(PublishTarget.name == name)):
                    raise ValidationError(f"已存在名为“{name}”的发布目标。",
                                          f"A target named “{name}” exists already.")
                t.name = changed["name"] = name
            if url is not None:
                t.url = changed["url"] = _clean_url(t.kind, url)
            if username is not None:
                username = username.strip()
                if t.kind == "wordpress" and not username:
                    raise ValidationError("WordPress 目标需要用户名。", "A WordPress target needs a user name.")
                t.username = changed["username"] = username
            if options is not None:
                t.options = _clean_options(t.kind, options)
                changed["options"] = t.options
            audit(s, actor, "target_update", name=t.name, **changed)
            signal_change(s, "targets")
            return _target_data(t)

    def enable(self, actor: Actor | None, target_id: int, enabled: bool = True) -> TargetData:
        _admin(actor)
        with self.db.session() as s:
            t = s.get(PublishTarget, target_id)
            if t is None:
                raise NotFound("发布目标不存在。", "No such publishing target.")
            t.enabled = enabled
            audit(s, actor, "target_enable" if enabled else "target_disable", name=t.name)
            signal_change(s, "targets")
            return _target_data(t)

    def delete(self, actor: Actor | None, target_id: int) -> int:
        """Remove a target with its queue and remote mappings; returns how many undelivered
        jobs were dropped (the caller tells the admin, and forgets the keyring secret)."""
        _admin(actor)
        with self.db.session() as s:
            t = s.get(PublishTarget, target_id)
            if t is None:
                raise NotFound("发布目标不存在。", "No such publishing target.")
            dropped = s.scalar(select(func.count()).select_from(OutboxJob).where(
                OutboxJob.target_id == target_id, OutboxJob.state == "pending")) or 0
            s.execute(delete(OutboxJob).where(OutboxJob.target_id == target_id))
            s.execute(delete(RemoteMapping).where(RemoteMapping.target_id == target_id))
            name = t.name
            s.delete(t)
            audit(s, actor, "target_delete", name=name, dropped_jobs=dropped)
            signal_change(s, "targets")
            return int(dropped)

    def enqueue_published(self, actor: Actor | None, target_id: int) -> int:
        """Queue every published article for one target (a new portal catches up)."""
        _admin(actor)
        with self.db.session() as s:
            t = s.get(PublishTarget, target_id)
            if t is None:
                raise NotFound("发布目标不存在。", "No such publishing target.")
            if t.kind not in PUSH_KINDS:
                raise ValidationError("静态网站目标请使用导出功能。", "Static targets are exported, not pushed.")
            rows = s.execute(select(Article.id, Article.version).where(
                Article.status == Status.PUBLISHED.value).order_by(Article.first_published_at, Article.id)).all()
            for aid, version in rows:
                s.add(OutboxJob(target_id=t.id, article_id=aid, article_version=version, action="publish",
                                state="pending", next_attempt_at=utcnow()))
            audit(s, actor, "target_enqueue_all", name=t.name, count=len(rows))
            signal_change(s, "outbox")
            return len(rows)

    # ---- the publish queue -------------------------------------------------------------
    def jobs(self, *, states: tuple[str, ...] | None = None, target_id: int | None = None,
             article_id: int | None = None, limit: int = 200, offset: int = 0) -> builtins.list[JobData]:
        with self.db.read() as s:
            q = (select(OutboxJob, PublishTarget.name, Article.title)
                 .join(PublishTarget, PublishTarget.id == OutboxJob.target_id)
                 .join(Article, Article.id == OutboxJob.article_id))
            if states:
                q = q.where(OutboxJob.state.in_(states))
            if target_id is not None:
                q = q.where(OutboxJob.target_id == target_id)
            if article_id is not None:
                q = q.where(OutboxJob.article_id == article_id)
            q = q.order_by(OutboxJob.id.desc()).limit(limit).offset(offset)
            return [_job_data(j, tname, title) for j, tname, title in s.execute(q)]

    def job(self, job_id: int) -> JobData:
        with self.db.read() as s:
            row = s.execute(select(OutboxJob, PublishTarget.name, Article.title)
                            .join(PublishTarget, PublishTarget.id == OutboxJob.target_id)
                            .join(Article, Article.id == OutboxJob.article_id)
                            .where(OutboxJob.id == job_id)).first()
            if row is None:
                raise NotFound("发布任务不存在。", "No such publishing job.")
            return _job_data(*row)

    def job_counts(self) -> dict[str, int]:
        with self.db.read() as s:
            return {state: n for state, n in s.execute(
                select(OutboxJob.state, func.count()).group_by(OutboxJob.state))}

    def retry(self, actor: Actor | None, job_id: int) -> JobData:
        """Put a failed or cancelled job back in the queue, due now."""
        if actor is not None:
            _check_editorial_or_admin(actor)
        with self.db.session() as s:
            j = s.get(OutboxJob, job_id)
            if j is None:
                raise NotFound("发布任务不存在。", "No such publishing job.")
            if j.state == "done":
                raise ValidationError("该任务已送达，无需重试。", "The job was delivered already.")
            now = utcnow()
            s.execute(update(OutboxJob).where(OutboxJob.id == job_id).values(
                state="pending", next_attempt_at=now, attempts=0, updated_at=now,
                locked_by="", locked_until=None, first_attempt_at=None))
            audit(s, actor, "outbox_retry", j.article_id, job=job_id)
            signal_change(s, "outbox", job_id)
        return self.job(job_id)

    def cancel(self, actor: Actor | None, job_id: int) -> JobData:
        if actor is not None:
            _check_editorial_or_admin(actor)
        with self.db.session() as s:
            j = s.get(OutboxJob, job_id)
            if j is None:
                raise NotFound("发布任务不存在。", "No such publishing job.")
            if j.state == "done":
                raise ValidationError("该任务已送达，不能取消。", "The job was delivered already; it cannot be cancelled.")
            j.state = "cancelled"
            j.updated_at = utcnow()
            j.locked_by, j.locked_until = "", None
            audit(s, actor, "outbox_cancel", j.article_id, job=job_id)
            signal_change(s, "outbox", job_id)
        return self.job(job_id)


def _job_data(j: OutboxJob, target_name: str, title: str) -> JobData:
    return JobData(j.id, j.target_id, target_name, j.article_id, title, j.article_version, j.action, j.state,
                   j.attempts, j.next_attempt_at, j.last_error, j.created_at, j.updated_at, j.locked_by,
                   j.locked_until)
