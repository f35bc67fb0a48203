"""The public 更正 log of the exported site: ``corrections.html`` and the ``corrections.xml`` feed.

Every 更正 (a published article re-published with a correction note) and every 撤稿 (a withdrawal)
is listed with its date, headline and note, newest first; a corrected article's page links to its
entry (``corrections.html#a-<uuid>``, from ``article.html``), and the feed carries the same
entries so readers and aggregators learn of corrections as they learn of news. The list is read
from the revision history (each 更正 and 撤稿 writes one revision with its note), so a second
correction of one article is a second entry, as a printed 更正 would be.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.core.models import Article, AuditEntry, Revision

PAGE = "corrections.html"
FEED = "corrections.xml"
KINDS = {"correct": "更正", "withdraw": "撤稿"}


@dataclass(frozen=True)
class CorrectionEntry:
    kind: str  # 更正 | 撤稿
    at: datetime
    title: str
    note: str
    uuid: str
    url: str  # the article's page, "" once withdrawn
    seq: int  # the revision id: a stable, unique anchor part


def load(db: Any, urls: dict[int, str]) -> list[CorrectionEntry]:
    """Every 更正 and 撤稿, newest first. *urls*: the exported pages of published articles by id."""
    with db.read() as s:
        rows = s.execute(
            select(Revision.id, Revision.article_id, Revision.reason, Revision.note, Revision.created_at,
                   Revision.snapshot, Article.uuid, Article.title, Article.status, Article.correction_note)
            .join(Article, Article.id == Revision.article_id)
            .where(Revision.reason.in_(tuple(KINDS)))
        ).all()
        reasons = {e.article_id: (e.detail or {}).get("reason", "") for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "article_withdraw").order_by(AuditEntry.id))}
    out = []
    for rid, aid, reason, note, at, snap, uuid, title, status, current_note in rows:
        headline = (snap or {}).get("title") or title
        if reason == "withdraw":
            note = note or reasons.get(aid, "")
        else:
            note = note or current_note or ""
        url = urls.get(aid, "") if status != "withdrawn" else ""
        out.append(CorrectionEntry(KINDS[reason], at, headline, note, uuid, url, rid))
    return sorted(out, key=lambda e: (e.at, e.seq), reverse=True)


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def plan(ex: Any) -> Iterator[Any]:
    """The corrections page and feed for a SiteExporter run (keyed, so unchanged lists are not
    rewritten)."""
    from app.publish.render import PageContext, safe_href
    from app.publish.site.export import _key, _Planned

    entries = load(ex.svc.db, ex.urls)
    tz = ZoneInfo(ex.tz)
    rows = [{"kind": e.kind, "date": e.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), "iso": _iso(e.at),
             "title": e.title, "note": e.note, "anchor": f"a-{e.uuid}", "first": True, "url": e.url,
             "uuid": e.uuid, "seq": e.seq} for e in entries]
    seen: set[str] = set()
    for r in rows:  # the newest entry of an article carries its anchor
        r["first"] = r["uuid"] not in seen
        seen.add(str(r["uuid"]))
    sig = [[r["kind"], r["iso"], r["title"], r["note"], r["url"], r["seq"]] for r in rows]
    ctx = PageContext(site_name=ex.site_name, site_url=ex.site_url, timezone=ex.tz, channels=ex.channels,
                      root="", channel_urls=ex.channel_urls, css_url=ex.css_url, page_url=PAGE)
    values = {"entries": rows, "feed_url": FEED, "ctx": ctx, "root": "", "site_href": safe_href(ex.site_url),
              "bar": ex._main_bar()}
    tpl = ex.env.get_template("corrections.html")
    yield _Planned(PAGE, _key(ex.settings_key, "corrections", sig),
                   lambda: tpl.render(values).encode("utf-8"))
    feed_entries = [{
        "title": f"【{r['kind']}】{r['title']}", "uuid": r["uuid"],
        "url": ex._abs(r["url"]) if r["url"] else ex._abs(f"{PAGE}#{r['anchor']}"),
        "published": r["iso"], "updated": r["iso"], "authors": [ex.site_name], "summary": r["note"],
    } for r in rows]
    fvalues = {"title": f"更正与撤稿 - {ex.site_name}", "feed_id": ex._abs(FEED), "self_url": ex._abs(FEED),
               "alt_url": ex._abs(PAGE), "entries": feed_entries,
               "updated": rows[0]["iso"] if rows else _iso(datetime(2000, 1, 1, tzinfo=UTC))}
    yield _Planned(FEED, _key(ex.settings_sig, "corrections-feed", sig), ex._xml_renderer("feed.xml", fvalues))
