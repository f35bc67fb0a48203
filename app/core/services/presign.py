"""The pre-sign checklist (签发前检查): what the administrator asks to be true before 签发.

Items (each switched on or off by the administrator, ``CHECK_ITEMS``):

- ``proofing``  — the title, summary and body proof clean under the newsroom's rules;
- ``reprint``   — a 转载 carries its source, original author, headline and URL, and its source is on
  the imported 稿源单位名单 (exact name or an alias; the list's date is shown);
- ``cover``     — a cover image, with caption and credit (the photo desk's ``missing_media_credits``
  when that module is present; otherwise only that a cover exists);
- ``places``    — the places the text names fit its channels (``app.core.text.places``);
- ``headline``  — the headline fits each enabled target's length limit.

A failing item may be overridden with a reason (``override``), for the article's current wording;
``gate`` — called by the sign action of the last step, inside its transaction — refuses while an
item fails without an override, and otherwise writes the checklist and the overrides to the audit
log beside the signature. The reprint fields cannot be overridden (the law requires them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain import Actor, ChannelData
from app.core.errors import NotFound, ValidationError
from app.core.models import Article, ArticleChannel, AuditEntry, PublishTarget, Source
from app.core.services.admin import AdminService
from app.core.services.base import Service, audit
from app.core.services.quality import QualityService
from app.core.text.proofing import fold
from app.core.text.rules import check
from app.core.text.rules.wordlists import decode

CHECK_ITEMS = ("proofing", "reprint", "cover", "places", "headline")
ITEM_TITLES = {
    "proofing": ("校对无误", "Proofing clean"),
    "reprint": ("转载信息与稿源", "Reprint details and source"),
    "cover": ("封面图及图说、署名", "Cover image, caption and credit"),
    "places": ("栏目与地名相符", "Channel fits the places"),
    "headline": ("标题长度", "Headline length"),
}
NOT_OVERRIDABLE = frozenset({"reprint-fields"})
DEFAULT_CONFIG: dict[str, Any] = {
    # every item is off until the administrator switches it on: a newsroom opts in to its list
    "items": {"proofing": False, "reprint": False, "cover": False, "places": False, "headline": False},
    # characters, per target kind (the site's own pages, WordPress, a portal's headline field)
    "headline_max": {"static": 36, "wordpress": 50, "portal": 30},
}
OVERRIDE_ACTION = "presign_override"
PASSED_ACTION = "presign_checked"


@dataclass(frozen=True)
class CheckItem:
    id: str
    ok: bool
    detail_zh: str
    detail_en: str
    overridable: bool = True
    override_reason: str = ""  # set when an editor overrode the failing item

    @property
    def title_zh(self) -> str:
        return ITEM_TITLES[self.id][0]

    @property
    def title_en(self) -> str:
        return ITEM_TITLES[self.id][1]

    @property
    def passes(self) -> bool:
        return self.ok or bool(self.override_reason)


@dataclass(frozen=True)
class SourceMatch:
    unit: str
    how: str  # exact | alias
    list_name: str
    list_date: str


def _norm(name: str) -> str:
    return re.sub(r"[\s《》<>“”\"']", "", fold(name)).strip()


def parse_source_list(text: str) -> list[tuple[str, list[str]]]:
    """One unit a line: ``单位名称[<TAB or ,>别名、别名…]``; # comments; a header line is skipped."""
    units: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, rest = _split_first(line)
        if name in ("单位名称", "名称", "稿源单位"):
            continue
        aliases = [a.strip() for a in re.split(r"[、;；|\t,，]", rest) if a.strip()]
        units.append((name, aliases))
    return units


def _split_first(line: str) -> tuple[str, str, str]:
    m = re.search(r"[\t,，]", line)
    if not m:
        return line.strip(), "", ""
    return line[: m.start()].strip(), m.group(), line[m.end() :].strip()


def _text_hash(a: Article) -> str:
    """What an override is for: this wording of the article (a later edit needs a new override;
    the version alone would not do, the sign action itself bumps it)."""
    import hashlib

    fields = (a.title, a.subtitle, a.summary, a.body, a.origin, str(a.source_id), str(a.cover_asset_id),
              str(a.primary_channel_id))
    return hashlib.sha256("\x1f".join(f or "" for f in fields).encode()).hexdigest()[:32]


class PresignService(Service):
    @property
    def _q(self) -> QualityService:
        return QualityService(self.db)

    # ---- configuration -------------------------------------------------------------------
    def config(self) -> dict[str, Any]:
        cfg = self._q.get_json("checklist", {})
        return {"items": {**DEFAULT_CONFIG["items"], **cfg.get("items", {})},
                "headline_max": {**DEFAULT_CONFIG["headline_max"], **cfg.get("headline_max", {})}}

    def set_config(self, actor: Actor, items: dict[str, bool] | None = None,
                   headline_max: dict[str, int] | None = None) -> dict[str, Any]:
        cfg = self.config()
        for k, v in (items or {}).items():
            if k not in CHECK_ITEMS:
                raise ValidationError(f"未知的检查项：{k}", f"Unknown checklist item: {k}")
            cfg["items"][k] = bool(v)
        for k, n in (headline_max or {}).items():
            if not isinstance(n, int) or not 4 <= n <= 200:
                raise ValidationError("标题字数上限应在 4 到 200 之间。", "A headline limit is 4–200 characters.")
            cfg["headline_max"][k] = n
        self._q.set_json(actor, "checklist", cfg)
        return cfg

    # ---- the 稿源 list ---------------------------------------------------------------------
    def import_source_list(self, actor: Actor, name: str, list_date: date, data: bytes) -> int:
        try:
            units = parse_source_list(decode(data))
        except UnicodeDecodeError:
            raise ValidationError("稿源名单的编码无法识别（请用 UTF-8 或 GB18030）。",
                                  "The source list's encoding is not UTF-8 or GB18030.") from None
        if not units:
            raise ValidationError("稿源名单中没有单位。", "The source list holds no units.")
        self._q.set_json(actor, "sources", {"name": name.strip() or "稿源单位名单",
                                            "date": list_date.isoformat(), "units": units})
        return len(units)

    def source_list(self) -> dict[str, Any]:
        return self._q.get_json("sources", {})

    def match_source(self, source_name: str, lst: dict[str, Any] | None = None) -> SourceMatch | None:
        lst = self.source_list() if lst is None else lst
        want = _norm(source_name)
        if not want or not lst:
            return None
        for unit, _aliases in lst.get("units", []):
            if _norm(unit) == want:
                return SourceMatch(unit, "exact", lst["name"], lst["date"])
        for unit, aliases in lst.get("units", []):
            if any(_norm(a) == want for a in aliases):
                return SourceMatch(unit, "alias", lst["name"], lst["date"])
        return None

    # ---- evaluation ----------------------------------------------------------------------
    def evaluate(self, article_id: int) -> list[CheckItem]:
        with self.db.read() as s:
            a = s.get(Article, article_id)
            if a is None:
                raise NotFound("稿件不存在。", "No such article.")
            return self._evaluate(s, a)

    def _overrides(self, s: Session, a: Article) -> dict[str, str]:
        out: dict[str, str] = {}
        for e in s.scalars(select(AuditEntry).where(AuditEntry.article_id == a.id,
                                                    AuditEntry.action == OVERRIDE_ACTION).order_by(AuditEntry.id)):
            d = e.detail or {}
            if d.get("text") == _text_hash(a):
                out[str(d.get("item"))] = str(d.get("reason", ""))
        return out

    def _evaluate(self, s: Session, a: Article) -> list[CheckItem]:
        cfg = self.config()
        on = [i for i in CHECK_ITEMS if cfg["items"].get(i)]
        overrides = self._overrides(s, a)
        items: list[CheckItem] = []
        for item in on:
            got = getattr(self, "_check_" + item)(s, a, cfg)
            if not got.ok and got.overridable and overrides.get(item):
                got = CheckItem(got.id, False, got.detail_zh, got.detail_en, True, overrides[item])
            items.append(got)
        return items

    def _check_proofing(self, s: Session, a: Article, cfg: dict[str, Any]) -> CheckItem:
        prof = self._q.profile()
        n = 0
        rules: set[str] = set()
        for text in (a.title, a.subtitle, a.summary, a.body):
            if text:
                found = check(text, prof)
                n += len(found)
                rules |= {f.rule for f in found}
        if not n:
            return CheckItem("proofing", True, "校对无误。", "Proofing is clean.")
        blocked = "word-block" in rules
        return CheckItem("proofing", False,
                         f"校对尚有 {n} 处问题" + ("（含禁用词）" if blocked else "") + "。",
                         f"{n} proofing finding(s) remain" + (" (including a banned word)" if blocked else "") + ".")

    def _check_reprint(self, s: Session, a: Article, cfg: dict[str, Any]) -> CheckItem:
        if a.origin != "reprint":
            return CheckItem("reprint", True, "原创稿件。", "An original article.")
        from app.core.services.review import reprint_problems

        missing = reprint_problems(s, a)
        if missing:
            return CheckItem("reprint", False, "转载信息不全：" + "、".join(missing) + "。",
                             "The reprint lacks: " + ", ".join(missing) + ".", overridable=False)
        src = s.get(Source, a.source_id) if a.source_id else None
        lst = self.source_list()
        if not lst:
            return CheckItem("reprint", False, "尚未导入稿源单位名单，无法核对来源。",
                             "No source list is imported: the source cannot be checked.")
        m = self.match_source(src.name if src else "", lst)
        if m is None:
            return CheckItem("reprint", False,
                             f"来源“{src.name if src else ''}”不在《{lst['name']}》（{lst['date']}）中。",
                             f"The source '{src.name if src else ''}' is not on '{lst['name']}' ({lst['date']}).")
        how = "名称一致" if m.how == "exact" else "别名一致"
        return CheckItem("reprint", True, f"来源在《{m.list_name}》（{m.list_date}）中：{m.unit}（{how}）。",
                         f"The source is on '{m.list_name}' ({m.list_date}): {m.unit} ({m.how} match).")

    def _check_cover(self, s: Session, a: Article, cfg: dict[str, Any]) -> CheckItem:
        if not a.cover_asset_id:
            return CheckItem("cover", False, "没有封面图。", "No cover image.")
        try:  # the photo desk's rule (issue #19), when that module is installed
            from app.core.media.library import article_assets  # type: ignore[import-not-found,unused-ignore]
            from app.core.media.rules import (  # type: ignore[import-not-found,unused-ignore]
                describe,
                missing_media_credits,
            )
        except ImportError:
            return CheckItem("cover", True, "有封面图（图说与署名由图片库检查）。",
                             "A cover image is set (captions and credits are the photo desk's check).")
        codes = missing_media_credits(article_assets(s, a))
        if codes:
            return CheckItem("cover", False, describe(codes, "zh") + "。", describe(codes, "en") + ".")
        return CheckItem("cover", True, "封面图及图说、署名齐全。", "Cover image with caption and credit.")

    def _check_places(self, s: Session, a: Article, cfg: dict[str, Any]) -> CheckItem:
        from app.core.text.places import check_places

        channels: Sequence[ChannelData] = AdminService(self.db).channels()
        selected = [a.primary_channel_id] if a.primary_channel_id else []
        selected += list(s.scalars(select(ArticleChannel.channel_id).where(ArticleChannel.article_id == a.id)))
        rep = check_places("\n".join((a.title, a.summary, a.body)), channels, selected)
        return CheckItem("places", rep.fits, rep.message_zh or "栏目与地名相符。", rep.message_en or "The channel fits.")

    def _check_headline(self, s: Session, a: Article, cfg: dict[str, Any]) -> CheckItem:
        kinds = sorted({t.kind for t in s.scalars(select(PublishTarget).where(PublishTarget.enabled.is_(True)))}
                       | {"static"})
        n = len(a.title.strip())
        over = [(k, cfg["headline_max"][k]) for k in kinds if k in cfg["headline_max"] and n > cfg["headline_max"][k]]
        if not a.title.strip():
            return CheckItem("headline", False, "没有标题。", "No headline.", overridable=False)
        if over:
            zh = "、".join(f"{k} 上限 {m} 字" for k, m in over)
            en = ", ".join(f"{k} allows {m}" for k, m in over)
            return CheckItem("headline", False, f"标题 {n} 字，超过{zh}。", f"The headline has {n} characters; {en}.")
        return CheckItem("headline", True, f"标题 {n} 字，符合各发布渠道。", f"The headline ({n}) fits every target.")

    # ---- overrides and the gate ------------------------------------------------------------
    def override(self, actor: Actor, article_id: int, item: str, reason: str) -> None:
        reason = (reason or "").strip()
        if item not in CHECK_ITEMS:
            raise ValidationError(f"未知的检查项：{item}", f"Unknown checklist item: {item}")
        if not reason:
            raise ValidationError("放行须写明理由。", "An override needs a reason.")
        from app.core.workflow import check_editorial

        check_editorial(actor)
        with self.db.session() as s:
            a = s.get(Article, article_id)
            if a is None:
                raise NotFound("稿件不存在。", "No such article.")
            got = {i.id: i for i in self._evaluate(s, a)}.get(item)
            if got is not None and not got.overridable:
                raise ValidationError(f"“{got.title_zh}”不能放行：{got.detail_zh}",
                                      f"'{got.title_en}' cannot be overridden: {got.detail_en}")
            audit(s, actor, OVERRIDE_ACTION, a.id, item=item, reason=reason, version=a.version,
                  text=_text_hash(a))

    def gate(self, s: Session, actor: Actor, a: Article) -> list[CheckItem]:
        """Refuse 签发 while an item fails without an override; record the list with the signature."""
        items = self._evaluate(s, a)
        failing = [i for i in items if not i.passes]
        if failing:
            raise ValidationError(
                "签发前检查未通过：" + "；".join(f"{i.title_zh}——{i.detail_zh}" for i in failing),
                "The pre-sign checklist fails: " + "; ".join(f"{i.title_en}: {i.detail_en}" for i in failing),
                failing=[i.id for i in failing])
        audit(s, actor, PASSED_ACTION, a.id, version=a.version,
              items={i.id: ("ok" if i.ok else "overridden") for i in items},
              overrides={i.id: i.override_reason for i in items if i.override_reason})
        return items


def gate_sign(s: Session, actor: Actor, a: Article, db: Any) -> None:
    """The one call the sign action makes before 签发 (kept apart so the workflow stays readable)."""
    PresignService(db).gate(s, actor, a)
