"""Plain domain values shared by every layer: states, roles, and the detached dataclasses
services hand to the UI, the CLI and the publisher (never live ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    REPORTER = "reporter"
    EDITOR = "editor"
    CHIEF_EDITOR = "chief_editor"
    ADMIN = "admin"


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # waiting for the first review step
    IN_REVIEW = "in_review"  # past the first step, waiting for review_step
    RETURNED = "returned"  # back with the reporter, with a reason
    APPROVED = "approved"  # 签发: every step signed
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"  # 撤稿


class Origin(StrEnum):
    ORIGINAL = "original"  # 原创
    REPRINT = "reprint"  # 转载


CONTRIBUTOR_ROLES = ("记者", "特约记者", "通讯员", "摄影", "实习生", "编辑")


@dataclass(frozen=True)
class Actor:
    """Who is acting: the logged-in user as the services see them."""

    id: int
    login: str
    real_name: str
    roles: frozenset[Role]

    def has(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)


@dataclass
class Contributor:
    role: str
    name: str


@dataclass
class ChannelData:
    id: int
    name: str
    slug: str
    parent_id: int | None
    position: int
    slogan: str = ""
    places: list[str] = field(default_factory=list)
    path: list[str] = field(default_factory=list)  # names from the root, this channel last


@dataclass
class SignoffData:
    step: int
    step_name: str
    signer_id: int
    signer_name: str
    signed_at: datetime
    comment: str


@dataclass
class ArticleData:
    """A complete, detached article: what the editor edits, the renderer renders and the
    portal receives."""

    id: int
    uuid: str
    version: int
    status: Status
    pretitle: str = ""  # 引题
    title: str = ""  # 主题
    subtitle: str = ""  # 副题
    summary: str = ""
    body: str = ""  # Markdown
    dateline: str = ""  # 本报讯, 新华社兰州8月19日电 …
    origin: Origin = Origin.ORIGINAL
    source_id: int | None = None
    source_name: str = ""  # 来源: 陇东报
    source_url: str = ""
    original_author: str = ""
    original_title: str = ""
    original_time: datetime | None = None
    topics: list[str] = field(default_factory=list)  # 专题
    level: int = 0  # 0 normal, 1 推荐, 2 头条
    is_hot: bool = False  # 热点
    contributors: list[Contributor] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    cover_asset_id: int | None = None
    cover_sha256: str | None = None
    primary_channel_id: int | None = None
    secondary_channel_ids: list[int] = field(default_factory=list)
    author_id: int | None = None
    author_name: str = ""
    assigned_editor_id: int | None = None
    responsible_editor_id: int | None = None  # 责任编辑
    responsible_editor_name: str = ""
    signer_id: int | None = None  # 签发人
    signer_name: str = ""
    review_step: int | None = None
    scheduled_at: datetime | None = None
    first_published_at: datetime | None = None
    updated_published_at: datetime | None = None
    correction_note: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    lease_user_id: int | None = None
    lease_user_name: str = ""
    lease_since: datetime | None = None
    lease_expires_at: datetime | None = None
    signoffs: list[SignoffData] = field(default_factory=list)

    @property
    def headline(self) -> str:
        return self.title


# The fields a save may change: the rulebook's field registry (app/core/rulebook.py, FIELDS)
# names them, once.


@dataclass
class ArticleRow:
    """One line of an article list: just what a list shows."""

    id: int
    uuid: str
    title: str
    status: Status
    author_name: str
    channel_name: str
    updated_at: datetime
    first_published_at: datetime | None
    scheduled_at: datetime | None
    review_step: int | None
    lease_user_name: str
    chars: int = 0


@dataclass
class Page:
    rows: list
    total: int
    offset: int
    limit: int
    # with a text filter: changes the search index has yet to take in (a rebuild or a bulk
    # import being worked off, a slice per search); while > 0 the rows may be incomplete
    search_pending: int = 0
