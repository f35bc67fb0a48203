"""The audit log's hash chain: the entry hash, the walk that lists every break, the head and
its anchor file.

Version 2 of the hash (every entry written since migration 0005) covers the entry's id, time
(UTC, milliseconds), user id and login, action, article id, the detail exactly as stored, and
the previous entry's hash; on PostgreSQL the server computes it (``newsdesk_audit_hash`` in
app/core/pgroles.py), on SQLite ``AuditService`` does, identically. Version 1 entries (older
logs) hash a JSON payload without the id; they are accepted only before the first version 2
entry, so nobody appends an old-style entry to a new chain.

A chain can be cut at its end or rebuilt from an edited entry onward and still be consistent
in itself. What catches that is an **anchor**: the head (count, last id, last hash) written by
`newsdesk audit head --out FILE` and kept outside the database (see docs/security.md);
`newsdesk audit verify --anchor FILE` checks that the chain still holds that entry, unchanged,
with as many entries up to it. On PostgreSQL the server also keeps the head in ``audit_head``
(only its definer functions write it), so staff cannot cut the end unseen even without an
anchor.

No Qt, no I/O beyond the anchor file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.errors import ValidationError


@dataclass(frozen=True)
class Row:
    id: int
    at: datetime | None
    user_id: int | None
    user_login: str
    action: str
    article_id: int | None
    detail_text: str  # exactly as stored
    prev_hash: str
    hash: str


def at_text(at: datetime | None) -> str:
    if at is None:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    at = at.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}"


def hash_v2(id_: int, at: datetime | None, user_id: int | None, user_login: str, action: str,
            article_id: int | None, detail_text: str, prev: str) -> str:
    s = "|".join(("nd2", str(id_), at_text(at), "" if user_id is None else str(user_id), user_login, action,
                  "" if article_id is None else str(article_id), detail_text, prev))
    return hashlib.sha256(s.encode()).hexdigest()


def hash_v1(r: Row) -> str:
    """The hash of logs written before 0005 (app/core/services/base.py's old _canonical)."""
    try:
        detail = json.loads(r.detail_text)
    except ValueError:
        return ""
    payload = {"at": r.at.isoformat() if r.at else "", "user_id": r.user_id, "user_login": r.user_login,
               "action": r.action, "article_id": r.article_id, "detail": detail, "prev": r.prev_hash}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def detail_text(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True)
class Head:
    count: int
    last_id: int
    hash: str

    def to_json(self) -> str:
        return json.dumps({"newsdesk_audit_anchor": 1, **asdict(self),
                           "taken_at": datetime.now(UTC).isoformat(timespec="seconds")}, ensure_ascii=False)

    @classmethod
    def load(cls, path: str | Path) -> Head:
        try:
            d = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(int(d["count"]), int(d["last_id"]), str(d["hash"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValidationError(f"锚点文件“{path}”无法读取或格式不对：{exc}",
                                  f"The anchor file “{path}” cannot be read or is malformed: {exc}") from exc


@dataclass(frozen=True)
class Break:
    id: int | None
    kind: str  # link | hash | gap | downgrade | anchor | head
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        where = "" if self.id is None else (f"第 {self.id} 条：" if lang.startswith("zh") else f"entry {self.id}: ")
        return where + (self.zh if lang.startswith("zh") else self.en)


@dataclass
class Walk:
    count: int = 0
    head: Head = field(default_factory=lambda: Head(0, 0, ""))
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


def walk(rows: Iterable[Row], anchor: Head | None = None, server_head: Head | None = None) -> Walk:
    """Check every entry (in id order); list every break, never stop at the first."""
    w = Walk()
    prev_hash, prev_id, v2_seen = "", None, False
    anchor_seen, upto_anchor = False, 0
    for r in rows:
        w.count += 1
        if anchor is not None and r.id <= anchor.last_id:
            upto_anchor += 1
        if r.prev_hash != prev_hash:
            w.breaks.append(Break(r.id, "link", "与前一条的哈希不衔接（前面的条目被删改、插入或调换）",
                                  "prev_hash does not match the entry before (an entry was removed, "
                                  "changed, inserted or moved)"))
        ok2 = r.hash == hash_v2(r.id, r.at, r.user_id, r.user_login, r.action, r.article_id, r.detail_text,
                                r.prev_hash)
        if ok2:
            if prev_id is not None and r.id != prev_id + 1:
                w.breaks.append(Break(r.id, "gap", f"编号不连续（上一条是第 {prev_id} 条）",
                                      f"the ids jump (the entry before is {prev_id})"))
            v2_seen = True
        elif v2_seen and r.hash == hash_v1(r):
            w.breaks.append(Break(r.id, "downgrade", "旧格式的条目出现在新格式之后（伪造的追加）",
                                  "an old-format entry after new-format ones (a forged append)"))
        elif r.hash != hash_v1(r):
            w.breaks.append(Break(r.id, "hash", "内容与其哈希不符（条目被修改或伪造）",
                                  "the content does not match its hash (the entry was changed or forged)"))
        if anchor is not None and r.id == anchor.last_id:
            anchor_seen = True
            if r.hash != anchor.hash:
                w.breaks.append(Break(r.id, "anchor", "与锚点记录的哈希不同（此前的日志被重建）",
                                      "differs from the anchor's hash (the log up to it was rebuilt)"))
        prev_hash, prev_id = r.hash, r.id
    w.head = Head(w.count, prev_id or 0, prev_hash)
    if anchor is not None and anchor.count:
        if not anchor_seen:
            w.breaks.append(Break(anchor.last_id, "anchor", "锚点记录的条目已不存在（日志被截断或清空）",
                                  "the anchor's entry is gone (the log was truncated or emptied)"))
        elif upto_anchor != anchor.count:
            w.breaks.append(Break(None, "anchor", f"锚点之前应有 {anchor.count} 条，现有 {upto_anchor} 条",
                                  f"the anchor counts {anchor.count} entries up to it, the log has {upto_anchor}"))
    if server_head is not None and server_head != w.head:
        w.breaks.append(Break(None, "head", f"服务器记录的链头（{server_head.count} 条，末条第 {server_head.last_id} 条）"
                                            f"与日志（{w.head.count} 条，末条第 {w.head.last_id} 条）不符",
                              f"the server's head ({server_head.count} entries, last {server_head.last_id}) does "
                              f"not match the log ({w.head.count} entries, last {w.head.last_id})"))
    return w
