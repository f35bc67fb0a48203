"""工作量 / 稿费 statistics: per person per month, what each published piece earned.

A piece counts in the month (newsroom time zone) it was first published and is not withdrawn.
Every contributor on its byline (记者, 特约记者, 通讯员, 摄影 …) is credited with it; an article
without a byline is credited to its author as 记者. For each person and month the statistics give
pieces by role, 字数 (the article's characters, credited in full to each contributor), pieces per
channel and per target (the site always; WordPress and portal targets once delivered), original vs
reprint, and the 稿分 or 稿费 the newsroom's table (``fee_table``) gives them:

    score = piece[role] + per_1000[role] × 字数 / 1000, × reprint_factor for a 转载,
            × channel_factor[channel] (1 when not listed)

The table is the administrator's (``set_fee_table``); the chief editor sees and exports the
statistics (.xlsx through openpyxl, or .csv in UTF-8 with a BOM so Excel reads the Chinese).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.core.domain import Actor, Role
from app.core.errors import PermissionDenied, ValidationError
from app.core.models import Article, Channel, PublishTarget, RemoteMapping, User
from app.core.services.admin import AdminService
from app.core.services.base import Service
from app.core.services.quality import QualityService

ROLES = ("记者", "特约记者", "通讯员", "摄影")
DEFAULT_FEES: dict[str, Any] = {
    "unit": "分",  # 分 (稿分) or 元 (稿费)
    "piece": {"记者": 10.0, "特约记者": 8.0, "通讯员": 5.0, "摄影": 5.0},
    "per_1000": {"记者": 5.0, "特约记者": 4.0, "通讯员": 3.0, "摄影": 0.0},
    "reprint_factor": 0.3,
    "channel_factor": {},
}


@dataclass(frozen=True)
class Piece:
    """One published article as the statistics see it (plain data: testable by hand)."""

    article_id: int
    month: str  # YYYY-MM
    chars: int
    channel: str
    reprint: bool
    targets: tuple[str, ...]
    credits: tuple[tuple[str, str], ...]  # (role, name)


@dataclass
class WorkRow:
    person: str
    month: str
    pieces: int = 0
    chars: int = 0
    original: int = 0
    reprint: int = 0
    by_role: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_target: dict[str, int] = field(default_factory=dict)
    score: float = 0.0


def piece_score(role: str, chars: int, reprint: bool, channel: str, fees: dict[str, Any]) -> float:
    s = float(fees["piece"].get(role, 0.0)) + float(fees["per_1000"].get(role, 0.0)) * chars / 1000
    if reprint:
        s *= float(fees["reprint_factor"])
    return s * float(fees["channel_factor"].get(channel, 1.0))


def tally(pieces: list[Piece], fees: dict[str, Any]) -> list[WorkRow]:
    """Rows per (person, month), ordered by month then score (highest first). Pure."""
    rows: dict[tuple[str, str], WorkRow] = {}
    for p in pieces:
        seen: set[str] = set()
        for role, name in p.credits:
            r = rows.setdefault((name, p.month), WorkRow(name, p.month))
            r.by_role[role] = r.by_role.get(role, 0) + 1
            r.score += piece_score(role, p.chars, p.reprint, p.channel, fees)
            if name in seen:
                continue  # 记者 and 摄影 on one piece: one piece, two roles, both paid
            seen.add(name)
            r.pieces += 1
            r.chars += p.chars
            if p.reprint:
                r.reprint += 1
            else:
                r.original += 1
            r.by_channel[p.channel] = r.by_channel.get(p.channel, 0) + 1
            for t in p.targets:
                r.by_target[t] = r.by_target.get(t, 0) + 1
    for r in rows.values():
        r.score = round(r.score, 2)
    return sorted(rows.values(), key=lambda r: (r.month, -r.score, r.person))


HEADERS = ("月份", "姓名", "篇数", "字数", "原创", "转载", *[f"{r}（篇）" for r in ROLES], "栏目", "发布渠道", "稿分/稿费")


def table_rows(rows: list[WorkRow]) -> list[list[Any]]:
    out = []
    for r in rows:
        out.append([r.month, r.person, r.pieces, r.chars, r.original, r.reprint,
                    *[r.by_role.get(role, 0) for role in ROLES],
                    "；".join(f"{k} {v}" for k, v in sorted(r.by_channel.items())),
                    "；".join(f"{k} {v}" for k, v in sorted(r.by_target.items())), r.score])
    return out


def to_csv(rows: list[WorkRow]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADERS)
    w.writerows(table_rows(rows))
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[WorkRow], title: str = "工作量统计") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in table_rows(rows):
        ws.append(row)
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHIJKLMN", (9, 10, 6, 9, 6, 6, 10, 12, 10, 8, 28, 24, 10), strict=False):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _check_chief(actor: Actor) -> None:
    if not actor.has(Role.CHIEF_EDITOR, Role.ADMIN):
        raise PermissionDenied("只有总编辑或管理员可以查看工作量与稿费统计。",
                               "Only the chief editor or an administrator sees workload and fee statistics.")


class WorkloadService(Service):
    def fee_table(self) -> dict[str, Any]:
        t = QualityService(self.db).get_json("fees", {})
        merged = {**DEFAULT_FEES, **t}
        for k in ("piece", "per_1000"):
            merged[k] = {**DEFAULT_FEES[k], **t.get(k, {})}
        return merged

    def set_fee_table(self, actor: Actor, table: dict[str, Any]) -> dict[str, Any]:
        known = set(DEFAULT_FEES)
        if set(table) - known:
            raise ValidationError("稿费表中有未知项：" + "、".join(sorted(set(table) - known)),
                                  "Unknown fee-table keys: " + ", ".join(sorted(set(table) - known)))
        try:
            for k in ("piece", "per_1000", "channel_factor"):
                for v in table.get(k, {}).values():
                    if float(v) < 0:
                        raise ValueError
            if float(table.get("reprint_factor", 0)) < 0:
                raise ValueError
        except (TypeError, ValueError):
            raise ValidationError("稿费表的数值必须是不小于 0 的数。", "Fee-table values are numbers ≥ 0.") from None
        QualityService(self.db).set_json(actor, "fees", table)
        return self.fee_table()

    def pieces(self, since: datetime | None = None, until: datetime | None = None) -> list[Piece]:
        tz = ZoneInfo(AdminService(self.db).setting("timezone") or "Asia/Shanghai")
        with self.db.read() as s:
            q = select(Article).where(Article.first_published_at.is_not(None), Article.status != "withdrawn")
            if since is not None:
                q = q.where(Article.first_published_at >= since)
            if until is not None:
                q = q.where(Article.first_published_at < until)
            arts = list(s.scalars(q.order_by(Article.first_published_at)))
            names = {u.id: u.real_name for u in s.scalars(select(User))}
            channels = {c.id: c.name for c in s.scalars(select(Channel))}
            kinds = {t.id: t.kind for t in s.scalars(select(PublishTarget))}
            delivered: dict[str, set[str]] = defaultdict(set)
            for m in s.scalars(select(RemoteMapping).where(RemoteMapping.delivered_version > 0)):
                delivered[m.article_uuid].add(kinds.get(m.target_id, "?"))
        out = []
        for a in arts:
            credits = tuple((c.get("role", ""), c.get("name", "")) for c in (a.contributors or [])
                            if c.get("role") in ROLES and c.get("name"))
            if not credits:
                credits = (("记者", names.get(a.author_id, "?")),)
            assert a.first_published_at is not None
            out.append(Piece(a.id, a.first_published_at.astimezone(tz).strftime("%Y-%m"), a.chars,
                             channels.get(a.primary_channel_id or -1, "（无栏目）"), a.origin == "reprint",
                             ("site", *sorted(delivered.get(a.uuid, ()))), credits))
        return out

    def statistics(self, actor: Actor, month: str | None = None) -> list[WorkRow]:
        """Per person per month (only *month*, ``YYYY-MM``, when given)."""
        _check_chief(actor)
        rows = tally(self.pieces(), self.fee_table())
        return [r for r in rows if month is None or r.month == month]

    def export(self, actor: Actor, fmt: str, month: str | None = None) -> bytes:
        rows = self.statistics(actor, month)
        if fmt == "csv":
            return to_csv(rows)
        if fmt == "xlsx":
            return to_xlsx(rows)
        raise ValidationError(f"不支持的导出格式：{fmt}", f"Unknown export format: {fmt}")
