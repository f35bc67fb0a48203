"""编校质量: the newsroom's proofing set-up and the 差错率 it is graded on.

报纸期刊质量管理规定 (2020) grades a newspaper on its 编校差错率, errors per 10,000 characters
(a newspaper passes at 万分之三 or less). Here every finding an editor accepts or fixes while an
article is being written or reviewed is *counted* (``count_findings``), with the step it was found
at (采写 before submission, then the steps of the chain: 初审, 复审, 终审) and the round (a round
ends when the article is returned). From the counts and the signatures the desk computes:

- each article's errors per 万字 per round and step (``article_rates``);
- the rate by reporter, channel, step or month (``rates``), against the 万分之三 line.

A group's rate is its counted errors over the characters it covers, every (article, round) counted
once: a step's characters are those of the articles signed (or counted) at that step, so a clean
article signed without a finding lowers the rate, as it should.

Settings live in ``newsroom_settings`` under ``quality.*`` keys as JSON (no migration): the rules
switched off, the imported word lists with their levels, and (see ``presign``/``workload``) the
稿源 list, the checklist and the 稿分 table.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.core.domain import Actor, Role
from app.core.errors import NotFound, PermissionDenied, ValidationError
from app.core.models import Article, AuditEntry, Channel, NewsroomSetting, User
from app.core.services.admin import AdminService
from app.core.services.base import Service, audit
from app.core.text.counting import count_markdown
from app.core.text.proofing import Finding
from app.core.text.rules import RULE_BY_ID, Profile, check, family_of, unknown_rules
from app.core.text.rules.wordlists import LEVELS, WordEntry, decode, parse
from app.core.workflow import check_admin

LINE_PER_10K = 3.0  # 万分之三: the pass line for newspapers (periodicals: 2)
DRAFT_STEP = "采写"  # findings fixed before the article is submitted
COUNT_ACTION = "proof_counted"
_SIGN_ACTIONS = ("article_sign", "article_approve")
_RETURN_ACTIONS = ("article_return", "article_return_step")
GROUPINGS = ("reporter", "channel", "step", "month")


def per_10k(errors: int, chars: int) -> float:
    """Errors per 万字 (0 for an empty text: nothing to grade)."""
    return errors * 10000 / chars if chars > 0 else 0.0


@dataclass(frozen=True)
class WordListInfo:
    name: str
    imported_at: str
    entries: int
    block: int
    review: int


@dataclass(frozen=True)
class CountResult:
    article_id: int
    step: str
    round: int
    errors: int
    chars: int


@dataclass(frozen=True)
class ArticleRate:
    round: int
    step: str
    errors: int
    chars: int
    rate: float  # per 万字


@dataclass(frozen=True)
class RateRow:
    key: str
    errors: int
    chars: int
    articles: int
    rate: float  # per 万字
    over_line: bool  # above 万分之三


def _check_quality_reader(actor: Actor) -> None:
    if not actor.has(Role.CHIEF_EDITOR, Role.ADMIN, Role.EDITOR):
        raise PermissionDenied("只有编辑、总编辑或管理员可以查看差错率统计。",
                               "Only editors, chief editors and administrators see error rates.")


class QualityService(Service):
    # ---- settings (JSON under quality.*) --------------------------------------------------
    def get_json(self, key: str, default: Any) -> Any:
        with self.db.read() as s:
            row = s.get(NewsroomSetting, "quality." + key)
        if row is None:
            return default
        try:
            return json.loads(row.value)
        except ValueError:
            return default

    def set_json(self, actor: Actor | None, key: str, value: Any, s: Session | None = None) -> None:
        if actor is not None:
            check_admin(actor)
        payload = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if s is None:
            with self.db.session() as s2:
                self._write(s2, actor, key, payload)
        else:
            self._write(s, actor, key, payload)

    @staticmethod
    def _write(s: Session, actor: Actor | None, key: str, payload: str) -> None:
        row = s.get(NewsroomSetting, "quality." + key)
        if row is None:
            s.add(NewsroomSetting(key="quality." + key, value=payload))
        else:
            row.value = payload
        audit(s, actor, "quality_setting_set", key=key, size=len(payload))

    # ---- rules on/off -------------------------------------------------------------------
    def disabled_rules(self) -> frozenset[str]:
        return frozenset(self.get_json("rules_off", []))

    def set_disabled_rules(self, actor: Actor, rule_ids: Iterable[str]) -> None:
        ids = sorted(set(rule_ids))
        bad = unknown_rules(ids)
        if bad:
            raise ValidationError("未知的校对规则：" + "、".join(bad), "Unknown proofing rules: " + ", ".join(bad))
        self.set_json(actor, "rules_off", ids)

    # ---- word lists ---------------------------------------------------------------------
    def import_word_list(self, actor: Actor, name: str, data: bytes, default_level: str = "review",
                         now: datetime | None = None) -> WordListInfo:
        """Import (or replace) the list *name* from a file's bytes. Nothing changes on an error."""
        name = name.strip()
        if not name or len(name) > 64:
            raise ValidationError("词表名称不能为空（最长 64 个字符）。", "A list needs a name (at most 64 characters).")
        if default_level not in LEVELS:
            raise ValidationError("级别只能是禁用或慎用。", "The level is block or review.")
        try:
            text = decode(data)
        except UnicodeDecodeError:
            raise ValidationError("词表文件的编码无法识别（请用 UTF-8 或 GB18030）。",
                                  "The list's encoding is not UTF-8 or GB18030.") from None
        entries = parse(text, name, default_level)
        if not entries:
            raise ValidationError("词表中没有词语。", "The list holds no words.")
        lists = [x for x in self.get_json("wordlists", []) if x.get("name") != name]
        when = (now or utcnow()).isoformat(timespec="seconds")
        lists.append({"name": name, "imported_at": when,
                      "entries": [[e.word, e.level, e.suggestion, e.note] for e in entries]})
        self.set_json(actor, "wordlists", lists)
        return self._info(lists[-1])

    @staticmethod
    def _info(x: dict[str, Any]) -> WordListInfo:
        levels = [e[1] for e in x["entries"]]
        return WordListInfo(x["name"], x["imported_at"], len(levels), levels.count("block"), levels.count("review"))

    def word_lists(self) -> list[WordListInfo]:
        return [self._info(x) for x in self.get_json("wordlists", [])]

    def remove_word_list(self, actor: Actor, name: str) -> None:
        lists = self.get_json("wordlists", [])
        kept = [x for x in lists if x.get("name") != name]
        if len(kept) == len(lists):
            raise NotFound(f"没有名为“{name}”的词表。", f"No word list named '{name}'.")
        self.set_json(actor, "wordlists", kept)

    def words(self) -> tuple[WordEntry, ...]:
        return tuple(WordEntry(w, lvl, sug, note, x["name"])
                     for x in self.get_json("wordlists", []) for w, lvl, sug, note in x["entries"])

    def profile(self) -> Profile:
        admin = AdminService(self.db)
        return Profile(disabled=self.disabled_rules(), words=self.words(),
                       banned=tuple(admin.banned_pairs()), spacing=admin.setting("proof_spacing") or "newspaper")

    def proof(self, text: str) -> list[Finding]:
        return check(text, self.profile())

    # ---- 差错率: counting ----------------------------------------------------------------
    def count_findings(self, actor: Actor, article_id: int, rules: Sequence[str], how: str = "fixed") -> CountResult:
        """Count findings an editor accepted (``how="accepted"``) or fixed at the article's current step.

        *rules* are the rule ids of the findings, one per finding (the same id may repeat).
        """
        if how not in ("fixed", "accepted"):
            raise ValueError(how)
        bad = unknown_rules(rules)
        if bad:
            raise ValidationError("未知的校对规则：" + "、".join(bad), "Unknown proofing rules: " + ", ".join(bad))
        chain = AdminService(self.db).review_chain()
        with self.db.session() as s:
            a = s.get(Article, article_id)
            if a is None:
                raise NotFound("稿件不存在。", "No such article.")
            step = chain[a.review_step].name if a.review_step is not None and a.review_step < len(chain) else DRAFT_STEP
            rnd = 1 + len(list(s.scalars(select(AuditEntry.id).where(
                AuditEntry.article_id == a.id, AuditEntry.action.in_(_RETURN_ACTIONS)))))
            chars = a.chars or count_markdown(a.body).chars
            if rules:
                audit(s, actor, COUNT_ACTION, a.id, rules=list(rules),
                      families=sorted({family_of(r) for r in rules}), step=step, round=rnd,
                      chars=chars, how=how)
        return CountResult(article_id, step, rnd, len(rules), chars)

    # ---- 差错率: reading back ----------------------------------------------------------
    def _events(self, s: Session, article_ids: Iterable[int] | None = None) -> list[AuditEntry]:
        q = select(AuditEntry).where(AuditEntry.action.in_((COUNT_ACTION, *_SIGN_ACTIONS, *_RETURN_ACTIONS)))
        if article_ids is not None:
            q = q.where(AuditEntry.article_id.in_(list(article_ids)))
        return list(s.scalars(q.order_by(AuditEntry.id)))

    @staticmethod
    def _cells(events: list[AuditEntry], chars_now: dict[int, int]) -> dict[tuple[int, int, str], list[Any]]:
        """(article, round, step) → [errors, chars, first event time]."""
        rounds: dict[int, int] = defaultdict(lambda: 1)
        cells: dict[tuple[int, int, str], list[Any]] = {}
        for e in events:
            aid = e.article_id
            if aid is None:
                continue
            if e.action in _RETURN_ACTIONS:
                rounds[aid] += 1
                continue
            d = e.detail or {}
            step = str(d.get("step") or DRAFT_STEP)
            key = (aid, rounds[aid], step)
            cell = cells.setdefault(key, [0, chars_now.get(aid, 0), e.at])
            if e.action == COUNT_ACTION:
                cell[0] += len(d.get("rules") or [])
                cell[1] = int(d.get("chars") or cell[1])
        return cells

    def article_rates(self, article_id: int) -> list[ArticleRate]:
        with self.db.read() as s:
            a = s.get(Article, article_id)
            if a is None:
                raise NotFound("稿件不存在。", "No such article.")
            cells = self._cells(self._events(s, [article_id]), {a.id: a.chars or count_markdown(a.body).chars})
        return [ArticleRate(r, step, err, ch, per_10k(err, ch)) for (_, r, step), (err, ch, _) in cells.items()]

    def rates(self, actor: Actor, by: str, since: datetime | None = None,
              until: datetime | None = None) -> list[RateRow]:
        """The 差错率 grouped *by* reporter, channel, step or month, worst first."""
        _check_quality_reader(actor)
        if by not in GROUPINGS:
            raise ValueError(by)
        tz = ZoneInfo(AdminService(self.db).setting("timezone") or "Asia/Shanghai")
        with self.db.read() as s:
            events = [e for e in self._events(s)
                      if (since is None or e.at >= since) and (until is None or e.at < until)]
            ids = {e.article_id for e in events if e.article_id is not None}
            arts = {a.id: a for a in s.scalars(select(Article).where(Article.id.in_(ids)))} if ids else {}
            names = {u.id: u.real_name for u in s.scalars(select(User))}
            channels = {c.id: c.name for c in s.scalars(select(Channel))}
            chars_now = {i: (a.chars or count_markdown(a.body).chars) for i, a in arts.items()}
            cells = self._cells(events, chars_now)
        groups: dict[str, dict[str, Any]] = {}
        for (aid, rnd, step), (err, ch, at) in cells.items():
            a = arts.get(aid)
            if a is None:
                continue
            if by == "reporter":
                key = names.get(a.author_id, "?")
            elif by == "channel":
                key = channels.get(a.primary_channel_id or -1, "（无栏目）")
            elif by == "step":
                key = step
            else:
                key = at.astimezone(tz).strftime("%Y-%m")
            g = groups.setdefault(key, {"errors": 0, "chars": {}, "articles": set()})
            g["errors"] += err
            # every (article, round) counted once in a group (a step group holds one step anyway)
            g["chars"][(aid, rnd)] = max(g["chars"].get((aid, rnd), 0), ch)
            g["articles"].add(aid)
        rows = []
        for key, g in groups.items():
            chars = sum(g["chars"].values())
            rate = per_10k(g["errors"], chars)
            rows.append(RateRow(key, g["errors"], chars, len(g["articles"]), rate, rate > LINE_PER_10K))
        return sorted(rows, key=lambda r: (-r.rate, r.key))


def rule_title(rule_id: str, lang: str = "zh") -> str:
    spec = RULE_BY_ID.get(rule_id)
    if spec is None:
        return rule_id
    return spec.title_en if lang.startswith("en") else spec.title_zh
