"""Channels (a tree), sources, banned words, the review chain and newsroom settings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select

from app.core.domain import Actor, ChannelData, Role
from app.core.errors import NotFound, ValidationError
from app.core.models import Article, ArticleChannel, BannedWord, Channel, NewsroomSetting, ReviewStep, Source
from app.core.services.base import Service, audit, signal_change
from app.core.workflow import DEFAULT_CHAIN, Step, check_admin

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

DEFAULT_SETTINGS = {
    "timezone": "Asia/Shanghai",
    "site_name": "地方网",
    "site_url": "https://www.example.cn/",
    "proof_spacing": "newspaper",
    "review_distinct_signers": "yes",  # 三审分人: no one signs two steps of one round
    "site_watermark": "",  # JSON {text|image, corner, opacity} on the site's photo renditions
}


@dataclass
class SourceData:
    id: int
    name: str
    url: str


@dataclass
class BannedWordData:
    id: int
    word: str
    suggestion: str
    note: str


def _channel_data(c: Channel, by_id: dict[int, Channel]) -> ChannelData:
    path: list[str] = []
    cur: Channel | None = c
    seen = set()
    while cur is not None and cur.id not in seen:
        seen.add(cur.id)
        path.append(cur.name)
        cur = by_id.get(cur.parent_id) if cur.parent_id else None
    return ChannelData(c.id, c.name, c.slug, c.parent_id, c.position, c.slogan or "",
                       list(c.places or []), list(reversed(path)))


class AdminService(Service):
    # ---- channels ----------------------------------------------------------------------
    def channels(self) -> list[ChannelData]:
        """Every channel, parents before children, siblings in order."""
        with self.db.read() as s:
            rows = list(s.scalars(select(Channel)))
        by_id = {c.id: c for c in rows}
        children: dict[int | None, list[Channel]] = {}
        for c in rows:
            children.setdefault(c.parent_id, []).append(c)
        out: list[ChannelData] = []

        def walk(pid: int | None) -> None:
            for c in sorted(children.get(pid, []), key=lambda c: (c.position, c.id)):
                out.append(_channel_data(c, by_id))
                walk(c.id)

        walk(None)
        return out

    def channel(self, channel_id: int) -> ChannelData:
        for c in self.channels():
            if c.id == channel_id:
                return c
        raise NotFound("栏目不存在。", "No such channel.")

    def channel_by_slug(self, slug: str) -> ChannelData:
        for c in self.channels():
            if c.slug == slug:
                return c
        raise NotFound(f"没有栏目“{slug}”。", f"No channel “{slug}”.")

    def add_channel(self, actor: Actor | None, name: str, slug: str, parent_id: int | None = None,
                    slogan: str = "", places: list[str] | None = None, position: int | None = None) -> ChannelData:
        if actor is not None:
            check_admin(actor)
        name = name.strip()
        if not name or len(name) > 64:
            raise ValidationError("栏目名称不能为空（最长 64 个字符）。", "A channel needs a name (up to 64 characters).")
        if not _SLUG.match(slug):
            raise ValidationError("栏目标识只能用小写字母、数字和连字符。",
                                  "A channel slug uses lower-case letters, digits and hyphens.")
        with self.db.session() as s:
            if s.scalar(select(Channel.id).where(Channel.slug == slug)):
                raise ValidationError(f"栏目标识“{slug}”已存在。", f"The slug “{slug}” exists already.")
            if parent_id is not None and s.get(Channel, parent_id) is None:
                raise NotFound("上级栏目不存在。", "The parent channel does not exist.")
            if position is None:
                position = (s.scalar(select(func.max(Channel.position)).where(
                    Channel.parent_id.is_(None) if parent_id is None else Channel.parent_id == parent_id)) or 0) + 1
            c = Channel(name=name, slug=slug, parent_id=parent_id, slogan=slogan,
                        places=list(places or []), position=position)
            s.add(c)
            s.flush()
            audit(s, actor, "channel_add", slug=slug, name=name)
            signal_change(s, "channels")
            cid = c.id
        return self.channel(cid)

    def update_channel(self, actor: Actor, channel_id: int, *, name: str | None = None,
                       slogan: str | None = None, places: list[str] | None = None,
                       parent_id: Any = ..., position: int | None = None) -> ChannelData:
        check_admin(actor)
        with self.db.session() as s:
            c = s.get(Channel, channel_id)
            if c is None:
                raise NotFound("栏目不存在。", "No such channel.")
            if name is not None:
                if not name.strip():
                    raise ValidationError("栏目名称不能为空。", "A channel needs a name.")
                c.name = name.strip()
            if slogan is not None:
                c.slogan = slogan
            if places is not None:
                c.places = [p.strip() for p in places if p.strip()]
            if parent_id is not ...:
                # refuse cycles: the new parent may not be this channel or below it
                pid = parent_id
                while pid is not None:
                    if pid == channel_id:
                        raise ValidationError("不能把栏目移到它自己的下级。", "A channel cannot move under itself.")
                    parent = s.get(Channel, pid)
                    if parent is None:
                        raise NotFound("上级栏目不存在。", "The parent channel does not exist.")
                    pid = parent.parent_id
                c.parent_id = parent_id  # type: ignore[assignment]
            if position is not None:
                c.position = position
            audit(s, actor, "channel_update", channel=c.slug)
            signal_change(s, "channels")
        return self.channel(channel_id)

    def delete_channel(self, actor: Actor, channel_id: int) -> None:
        check_admin(actor)
        with self.db.session() as s:
            c = s.get(Channel, channel_id)
            if c is None:
                raise NotFound("栏目不存在。", "No such channel.")
            used = (s.scalar(select(func.count()).select_from(Article).where(Article.primary_channel_id == channel_id))
                    or 0) + (s.scalar(select(func.count()).select_from(ArticleChannel)
                                      .where(ArticleChannel.channel_id == channel_id)) or 0)
            kids = s.scalar(select(func.count()).select_from(Channel).where(Channel.parent_id == channel_id)) or 0
            if used or kids:
                raise ValidationError("栏目下还有稿件或子栏目，不能删除。",
                                      "The channel still has articles or sub-channels.")
            s.delete(c)
            audit(s, actor, "channel_delete", channel=c.slug)
            signal_change(s, "channels")

    # ---- sources -----------------------------------------------------------------------
    def sources(self) -> list[SourceData]:
        with self.db.read() as s:
            return [SourceData(x.id, x.name, x.url) for x in s.scalars(select(Source).order_by(Source.name))]

    def ensure_source(self, actor: Actor | None, name: str, url: str = "") -> SourceData:
        """The source named ``name``, created when missing (reporters type new ones)."""
        name = name.strip()
        if not name or len(name) > 128:
            raise ValidationError("来源名称不能为空（最长 128 个字符）。", "A source needs a name (up to 128 characters).")
        with self.db.session() as s:
            src = s.scalar(select(Source).where(Source.name == name))
            if src is None:
                src = Source(name=name, url=url)
                s.add(src)
                s.flush()
                audit(s, actor, "source_add", name=name)
            elif url and not src.url:
                src.url = url
            return SourceData(src.id, src.name, src.url)

    def delete_source(self, actor: Actor, source_id: int) -> None:
        check_admin(actor)
        with self.db.session() as s:
            if s.scalar(select(func.count()).select_from(Article).where(Article.source_id == source_id)):
                raise ValidationError("仍有稿件使用此来源。", "Articles still use this source.")
            s.execute(delete(Source).where(Source.id == source_id))
            audit(s, actor, "source_delete", source_id=source_id)

    # ---- banned words ------------------------------------------------------------------
    def banned_words(self) -> list[BannedWordData]:
        with self.db.read() as s:
            return [BannedWordData(b.id, b.word, b.suggestion, b.note)
                    for b in s.scalars(select(BannedWord).order_by(BannedWord.word))]

    def banned_pairs(self) -> list[tuple[str, str]]:
        return [(b.word, b.suggestion) for b in self.banned_words()]

    def set_banned_word(self, actor: Actor | None, word: str, suggestion: str = "", note: str = "") -> None:
        if actor is not None:
            check_admin(actor)
        word = word.strip()
        if not word or len(word) > 100:
            raise ValidationError("词语不能为空（最长 100 个字符）。", "The word must be 1–100 characters.")
        with self.db.session() as s:
            b = s.scalar(select(BannedWord).where(BannedWord.word == word))
            if b is None:
                s.add(BannedWord(word=word, suggestion=suggestion, note=note))
            else:
                b.suggestion, b.note = suggestion, note
            audit(s, actor, "banned_word_set", word=word)

    def delete_banned_word(self, actor: Actor, word: str) -> None:
        check_admin(actor)
        with self.db.session() as s:
            s.execute(delete(BannedWord).where(BannedWord.word == word))
            audit(s, actor, "banned_word_delete", word=word)

    # ---- review chain ------------------------------------------------------------------
    def review_chain(self) -> tuple[Step, ...]:
        with self.db.read() as s:
            rows = list(s.scalars(select(ReviewStep).order_by(ReviewStep.position)))
        if not rows:
            return DEFAULT_CHAIN
        return tuple(Step(r.position, r.name, Role(r.role)) for r in rows)

    def set_review_chain(self, actor: Actor | None, steps: list[tuple[str, str]]) -> tuple[Step, ...]:
        """Replace the chain with ``[(name, role), …]``; the last step signs (签发)."""
        if actor is not None:
            check_admin(actor)
        if not steps:
            raise ValidationError("审核流程至少需要一步。", "The review chain needs at least one step.")
        parsed = []
        for i, (name, role) in enumerate(steps):
            if not name.strip():
                raise ValidationError("审核步骤需要名称。", "Each review step needs a name.")
            try:
                r = Role(role)
            except ValueError:
                raise ValidationError(f"未知角色：{role}", f"Unknown role: {role}") from None
            if r not in (Role.EDITOR, Role.CHIEF_EDITOR):
                raise ValidationError("审核步骤只能由编辑或总编辑签署。",
                                      "Review steps are signed by editors or chief editors.")
            parsed.append(ReviewStep(position=i, name=name.strip(), role=r.value))
        with self.db.session() as s:
            in_review = s.scalar(select(func.count()).select_from(Article)
                                 .where(Article.review_step >= len(parsed)))
            if in_review:
                raise ValidationError("有稿件正处于将被删除的审核步骤，请先处理。",
                                      "Articles wait at steps that would be removed; handle them first.")
            s.execute(delete(ReviewStep))
            s.add_all(parsed)
            audit(s, actor, "review_chain_set", steps=[(p.name, p.role) for p in parsed])
        return self.review_chain()

    # ---- settings ----------------------------------------------------------------------
    def setting(self, key: str) -> str:
        with self.db.read() as s:
            row = s.get(NewsroomSetting, key)
        return row.value if row else DEFAULT_SETTINGS.get(key, "")

    def set_setting(self, actor: Actor | None, key: str, value: str) -> None:
        if actor is not None:
            check_admin(actor)
        if key not in DEFAULT_SETTINGS:
            raise ValidationError(f"未知设置项：{key}", f"Unknown setting: {key}")
        if key == "timezone":
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValidationError(f"未知时区：{value}", f"Unknown time zone: {value}") from None
        with self.db.session() as s:
            row = s.get(NewsroomSetting, key)
            if row is None:
                s.add(NewsroomSetting(key=key, value=value))
            else:
                row.value = value
            audit(s, actor, "setting_set", key=key, value=value)
