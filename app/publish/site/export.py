"""The static site export: article pages, home and channel indexes, Atom feeds, sitemap and
content-hashed assets, written incrementally and atomically.

Layout (every link is relative, so the folder works from any web path and from file://)::

    index.html, page/2.html …             home (newest first, 20 a page)
    <slug>/index.html, <slug>/page/N.html  a channel and everything below it
    <slug>/<yyyy>/<mm>/<dd>/<id>.html      an article (date: first publication, newsroom time)
    <slug>/feed.xml, feed.xml              Atom feeds
    sitemap.xml
    assets/<sha256>.<ext>, assets/site.<hash>.css
    .newsdesk/manifest.json                what was written (path → content hash, input key)
    .newsdesk/bodies/                      rendered bodies by (uuid, version)

Incremental: each page has an *input key* (a hash of everything it shows: the article's
version, its side lists, the channels, the settings and the theme). A page whose key and file
are unchanged is not even rendered; a rendered page whose bytes equal the manifest's is not
written. Files the previous export wrote that are no longer part of the site (a withdrawn
article, a vanished index page) are deleted; nothing else in the folder is touched. Each file
is written to a temporary name and renamed over the old one, so a cancelled or killed export
never leaves half a page.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import hashlib
import json
import logging
import os
import queue
import re
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from app.core.domain import ArticleData, ChannelData
from app.core.errors import NewsdeskError
from app.publish.images import PhotoDesk
from app.publish.render import (
    Link,
    LinkList,
    PageContext,
    article_values,
    breadcrumb,
    environment,
    local_time,
    resolve_assets,
    siblings,
    template_dirs,
    theme_fingerprint,
)
from app.publish.render_store import RenderStore
from app.publish.site import corrections, source
from app.publish.site.source import SiteArticle
from app.publish.site.workers import GC_THRESHOLD, write_atomic
from app.publish.site.workers import digest as _digest

if TYPE_CHECKING:
    from app.core.services import Services

log = logging.getLogger(__name__)

PER_PAGE = 20
FEED_ENTRIES = 20
HOT_COUNT = 10
PICTURE_COUNT = 4
CHANNEL_PICKS = 5
RELATED_COUNT = 5
STATE_DIR = ".newsdesk"
MANIFEST_NAME = "manifest.json"
RELATED_NAME = "related.json"
MANIFEST_FORMAT = 2  # entries as compact strings, decoded only where needed
FAST_PATH_MAX = 200  # changed articles up to which the fast path is tried
BODY_CHUNK = 48  # bodies per job sent to another process
PAGE_CHUNK = 32  # article pages per job
POOL_THRESHOLD = 2000  # article pages to render before other processes pay for their start-up
MARKDOWN_AHEAD = 2  # Markdown chunks in flight per other process (this one takes the next when idle)

ProgressFn = Callable[[int, int, str], None]


class ExportError(NewsdeskError):
    pass


@dataclass
class ExportResult:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    files: int = 0  # files that make up the site
    articles: int = 0
    bodies_rendered: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    processes: int = 1  # processes that rendered Markdown and pages
    pages_elsewhere: int = 0  # pages rendered by the other processes (article pages; indexes when bodies were cached)
    bodies_here: int = 0  # bodies a pooled export rendered in this process (the others were busy)
    fast: bool = False  # the few-changes path (only changed pages, feeds and sitemap considered)
    out_dir: Path | None = None
    # seconds from the start at which each phase ended (load, plan, first page …): where a run's
    # time went, for the benchmark and the log
    phases: dict[str, float] = field(default_factory=dict)
    written_paths: list[str] = field(default_factory=list)
    removed_paths: list[str] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        return self.files / self.seconds if self.seconds else 0.0


# ---- small helpers ------------------------------------------------------------------------

_FLAT = frozenset({str, int, bool, type(None)})


def _key(*parts: Any) -> str:
    """A short hash of *parts*. The per-page keys (a flat row of strings and numbers, 12,500 of
    them for 10,000 articles) hash their ``repr``, a fifth of ``json.dumps``' cost; anything
    nested or of another type goes through JSON (both are the same in every process)."""
    if all(type(p) in _FLAT for p in parts):
        data = repr(parts).encode("utf-8", "surrogatepass")
    else:
        data = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    return hashlib.blake2b(data, digest_size=8).hexdigest()


_ASSET_IN_HTML = re.compile(r'src="(?:\.\./)*assets/([0-9a-f]{64})\.')


# The manifest keeps its 10,000s of entries as strings ("hash key", "version|path|uuid|…"):
# parsing lists of lists was most of a no-change export's time. In memory an entry is either
# such a string (carried over untouched) or a decoded list (new this run).

def _file_entry(v: Any) -> list[str]:
    return v.split(" ") if isinstance(v, str) else v


def _article_entry(v: Any) -> list[Any]:
    """[version, path, refs, uuid, list_sig, lastmod]"""
    if not isinstance(v, str):
        return v
    ver, path, uuid, sig, lastmod, refs = v.split("|")
    return [int(ver), path, refs.split(",") if refs else [], uuid, sig, lastmod]


def _article_version(v: Any) -> int:
    return int(v.split("|", 1)[0]) if isinstance(v, str) else v[0]


def _related_entry(v: Any) -> list[int]:
    if isinstance(v, str):
        return [int(x) for x in v.split(",") if x]
    return v


def _encode_file(v: Any) -> str:
    return v if isinstance(v, str) else " ".join(v)


def _encode_article(v: Any) -> str:
    if isinstance(v, str):
        return v
    ver, path, refs, uuid, sig, lastmod = v
    return f"{ver}|{path}|{uuid}|{sig}|{lastmod}|{','.join(refs)}"


def root_for(path: str) -> str:
    return "../" * path.count("/")


_MD_NOISE = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[\^[^\]]*\]|[#>*_`|~]|\[|\]\([^)]*\)|^\s*[-+]\s+", re.M)


def plain_excerpt(article: ArticleData, head: str, limit: int = 60) -> str:
    """The opening lines of an article as plain text (for 新闻推荐 and the index lists)."""
    text = _MD_NOISE.sub("", head or "")
    text = " ".join(text.split())
    if not text:
        text = article.summary
    if article.dateline and text:
        d = article.dateline.strip()
        text = (d if d.startswith("【") else f"【{d}】") + text
    return text[:limit] + "..." if len(text) > limit else text


def _related_terms(keywords: list[str], title: str) -> list[str]:
    """What an article's related lists are computed from: its keywords, else the title's
    ideograph bigrams (one rule for the early read and the loaded articles: they are compared)."""
    if keywords:
        return keywords
    runs = re.findall(r"[\u4e00-\u9fff]+", title)
    out: list[str] = []
    for r in runs:
        out.extend(r[i:i + 2] for i in range(max(1, len(r) - 1)))
    return out[:12]


# ---- the plan -----------------------------------------------------------------------------

@dataclass
class _Planned:
    path: str
    key: str
    render: Callable[[], bytes]
    article_id: int | None = None
    values: Callable[[], dict[str, Any]] | None = None  # article.html's variables (for another process)


class SiteExporter:
    """One export run. ``run()`` may be called once; the UI calls it off its thread and passes
    ``progress`` and a ``cancel`` event."""

    def __init__(self, services: Services, out_dir: Path | str, *, full: bool = False,
                 theme_dir: Path | str | None = None, progress: ProgressFn | None = None,
                 cancel: threading.Event | None = None, workers: int | None = None,
                 cache_dir: Path | str | None = None) -> None:
        # cache_dir: read by nothing since the render cache moved into the database and the page
        # shards (its last reader) went; still accepted so that older callers keep working
        self.svc = services
        self.out = Path(out_dir)
        self.full = full
        self.theme_dir = Path(theme_dir) if theme_dir else None
        self.progress = progress
        self.cancel = cancel or threading.Event()
        self.cancel_feed = threading.Event()
        self.auto_workers = workers is None  # then chosen from the CPUs and the work's size
        self.workers = workers if workers is not None else default_workers()
        self.result = ExportResult(out_dir=self.out)
        self._pool: Any = None  # the other processes of a big export (see _emit_pooled)
        self._cached: dict[int, str] | None = None  # the render cache's bodies, when read early
        self._early_related: tuple[dict[int, list[str]], tuple[str, Any]] | None = None  # (terms, _related_for's), see _run
        self._feeder: Any = None  # the thread sending bodies to Markdown (see _feed_bodies)
        self._fed: queue.Queue[Any] = queue.Queue()  # each Markdown chunk's future as it is done
        self._fed_sources: dict[int, str] = {}
        # the chunk the feeding thread is about to send; this process takes it when it has
        # nothing else to do (see _emit_pooled), so Markdown never waits on a busy other core
        self._next_chunk: list[tuple[int, str]] | None = None
        self._markdown_pending = False  # bodies missing from the render cache, sent to Markdown
        self._chunk_lock = threading.Lock()
        self._made: set[str] = set()  # folders created by this run (see write_atomic)

    # -- state ---------------------------------------------------------------------------
    def _load_manifest(self) -> dict[str, Any]:
        p = self.out / STATE_DIR / MANIFEST_NAME
        try:
            m = json.loads(p.read_text("utf-8"))
            if m.get("format") == MANIFEST_FORMAT:
                rel = json.loads((self.out / STATE_DIR / RELATED_NAME).read_text("utf-8"))
                if rel.get("fp") == m.get("related_fp"):
                    m["related"] = rel["related"]
                return m
        except (OSError, ValueError, KeyError, AttributeError):
            pass
        return {"format": MANIFEST_FORMAT, "files": {}, "articles": {}}

    def _save_manifest(self, m: dict[str, Any], related_changed: bool) -> None:
        related = m.pop("related", None)
        if related_changed and related is not None:
            related = {k: v if isinstance(v, str) else ",".join(map(str, v)) for k, v in related.items()}
            write_atomic(self.out / STATE_DIR / RELATED_NAME, json.dumps(
                {"fp": m["related_fp"], "related": related}, separators=(",", ":")).encode(), self._made)
        m["files"] = {k: _encode_file(v) for k, v in m["files"].items()}
        m["articles"] = {k: _encode_article(v) for k, v in m["articles"].items()}
        write_atomic(self.out / STATE_DIR / MANIFEST_NAME,
                     json.dumps(m, ensure_ascii=False, separators=(",", ":")).encode(), self._made)

    def _check_out_dir(self) -> None:
        if self.out.exists() and not self.out.is_dir():
            raise ExportError(f"导出位置不是文件夹：{self.out}", f"The export location is not a folder: {self.out}")
        try:
            (self.out / STATE_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ExportError(f"无法创建导出文件夹 {self.out}：{e.strerror}",
                              f"Cannot create the export folder {self.out}: {e.strerror}") from e
        if not os.access(self.out, os.W_OK):
            raise ExportError(f"没有写入 {self.out} 的权限。", f"No permission to write to {self.out}.")
        from app.publish.site.leftovers import remove_leftovers  # a killed export's temporary files

        for leftover in remove_leftovers(self.out):
            log.info("removed a killed export's temporary file %s", leftover)

    # -- the run -------------------------------------------------------------------------
    def _global_sig(self) -> str:
        """Everything outside the articles that pages show: settings, theme, channels, and the
        names articles refer to (sources, users) — a rename changes pages without new versions."""
        return _key(self.settings_key, [[c.id, c.name, c.slug, c.slogan, c.parent_id, c.position]
                                        for c in self.channels], source.name_fingerprint(self.svc.db))

    @staticmethod
    def _list_sig(sa: SiteArticle) -> str:
        """What other pages show of an article (its links, lists and relations)."""
        a = sa.data
        return _key(a.title, a.first_published_at.isoformat() if a.first_published_at else "", a.cover_sha256,
                    a.summary, a.dateline, sa.head, repr(a.keywords), a.level, a.is_hot, a.primary_channel_id,
                    repr(a.secondary_channel_ids))

    def run(self) -> ExportResult:
        """Export; a file-system failure (disk full, no permission) becomes an ExportError with
        a message for the user. Pages already written are whole; the next export resumes."""
        try:
            with fewer_collections():
                return self._run()
        except OSError as e:
            where = e.filename or self.out
            raise ExportError(
                f"写入导出文件夹失败（{e.strerror or e}）：{where}。已写入的页面完整可用，问题解决后再次导出即可。",
                f"Writing the export failed ({e.strerror or e}): {where}. Pages already written are "
                "complete; export again once the problem is solved.") from e
        finally:
            self.cancel_feed.set()
            if self._feeder is not None:
                self._feeder.join()
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
            cache = getattr(self, "cache", None)
            if cache is not None:
                cache.close()  # ends the background checkpoints

    def _mark(self, phase: str) -> None:
        self.result.phases[phase] = round(time.perf_counter() - self._t0, 4)

    def _run(self) -> ExportResult:
        t0 = self._t0 = time.perf_counter()
        self._check_out_dir()
        self._report(0, 0, "读取稿件")
        db = self.svc.db
        admin = self.svc.admin
        self.site_name = admin.setting("site_name") or "地方网"
        self.site_url = admin.setting("site_url") or ""
        self.tz = admin.setting("timezone") or "Asia/Shanghai"
        self.channels: list[ChannelData] = admin.channels()
        self.ch_by_id = {c.id: c for c in self.channels}
        self.asset_mimes = source.asset_types(db)
        self.photos = PhotoDesk(db, admin.setting("site_watermark"))  # renditions, galleries (issue #19)
        old = self._load_manifest()
        self.old_files: dict[str, list[str]] = old.get("files", {})
        old_articles: dict[str, list[Any]] = old.get("articles", {})
        self.theme_fp = theme_fingerprint(self.theme_dir)
        self.env = environment(self.theme_dir)
        self.cache = RenderStore(db)  # bodies rendered at save/sign time or by an earlier export
        self.cache.checkpoint_in_background()
        self.channel_urls = {c.id: f"{c.slug}/index.html" for c in self.channels}
        self.static = self._static_files()
        css = self.static.get("site.css")
        self.css_url = css[0] if css else "assets/site.css"
        self.settings_sig = [self.site_name, self.site_url, self.tz, self.theme_fp, self.css_url, self.photos.sig]
        self.settings_key = _key(self.settings_sig)
        global_sig = self._global_sig()
        self._link_memo: dict[tuple[int, bool, bool], Link] = {}
        self._fragments: dict[tuple[str, str, bool, str], Any] = {}
        self._sides: dict[tuple[str, int, int], LinkList] = {}

        # Fast path: the same articles as last time, a few with new versions that change nothing
        # other pages show. Then only their pages, the feeds and the sitemap are rebuilt.
        versions = source.published_versions(db)
        changed = [aid for aid, v in versions.items()
                   if str(aid) not in old_articles or _article_version(old_articles[str(aid)]) != v]
        fast = (not self.full and old.get("global") == global_sig and isinstance(old.get("lists"), dict)
                and isinstance(old.get("related"), dict)
                and len(versions) == len(old_articles) and all(str(i) in old_articles for i in versions)
                and len(changed) <= FAST_PATH_MAX)
        lists = old.get("lists", {})
        if fast:
            wanted = set(changed) | set(lists.get("members", []))
            for aid in changed:
                wanted.update(_related_entry(old.get("related", {}).get(str(aid), "")))
            loaded = source.load_published(db, ids=sorted(i for i in wanted if i in versions))
            by = {sa.data.id: sa for sa in loaded}
            fast = all(_article_entry(old_articles[str(aid)])[4] == self._list_sig(by[aid]) for aid in changed
                       if aid in by)
        if not fast and (self.full or not self.old_files) and self._processes_for(len(versions)) > 1:
            self._start_pool(self._processes_for(len(versions)))  # starts while we plan
            # the related lists first: the other process computes them as soon as it has started
            # (≈ 0.6 s at 10,000 articles) instead of after this one has loaded every article
            terms = {aid: _related_terms(kw, title) for aid, kw, title in source.load_terms(db)}
            self._early_related = (terms, self._related_for(terms, old))
            # every page will be written: bodies missing from the render cache go to Markdown now
            self._cached = self.cache.lookup(versions)
            self._markdown_pending = any(aid not in self._cached for aid in versions)
            self._feed_bodies([aid for aid in versions if aid not in self._cached])
        # the templates compile (≈ 50 ms) after the other processes have been started: they start sooner
        self.tpl_article = self.env.get_template("article.html")
        self.tpl_index = self.env.get_template("index.html")
        self.lists_module = self.env.get_template("_lists.html").module
        if fast:
            self.articles = [sa for sa in loaded if sa.data.first_published_at is not None]
        else:
            self.articles = [sa for sa in source.load_published(db) if sa.data.first_published_at is not None]
        self.by_id = {sa.data.id: sa for sa in self.articles}
        self._mark("loaded")
        self.result.articles = len(versions) if fast else len(self.articles)

        # newest first everywhere
        self.articles.sort(key=lambda sa: (sa.data.first_published_at, sa.data.id), reverse=True)
        self.urls = {sa.data.id: self._article_path(sa.data) for sa in self.articles}
        if fast:
            related = (old["related_fp"], old["related"])
            self._stored_lists(lists)
        else:
            related = self._related(old)  # the other process may be computing it (see _related)
            self._lists()
        new_manifest: dict[str, Any] = {"format": MANIFEST_FORMAT, "files": {}, "articles": {},
                                        "related_fp": related[0], "global": global_sig}

        body_refs: dict[int, list[str]] = {}
        for sa in self.articles:
            prev = old_articles.get(str(sa.data.id))
            if prev and _article_version(prev) == sa.data.version:
                body_refs[sa.data.id] = _article_entry(prev)[2]
        plan: list[_Planned] = []
        early: set[str] = set()  # pages rendered (or sent to the other processes) before the article pages' plan
        inflight: list[tuple[Any, list[_Planned]]] = []  # index pages sent to the other processes
        if fast:
            only = set(changed)
            self._related_ids = new_manifest["related"] = related[1]
            plan.extend(self._article_pages(only))
            plan.extend(self._feeds())
            plan.extend(corrections.plan(self))  # the public 更正 log (app/publish/site/corrections.py)
            fresh = {str(sa.data.id): (self.urls[sa.data.id], self._lastmod(sa.data)) for sa in self.articles
                     if sa.data.id in only}
            plan.append(self._sitemap([fresh.get(aid) or tuple(_article_entry(entry)[1::4])
                                       for aid, entry in old_articles.items()]))
        else:
            # bodies all rendered: the other processes render the indexes, each job sent as soon as
            # its pages are planned, while this one plans the rest (with Markdown to do, that is
            # theirs and the indexes are this one's)
            send = self._pool is not None and not self._markdown_pending
            batch: list[_Planned] = []
            for p in self._index_pages():
                plan.append(p)
                if send and self._must_render(p):
                    batch.append(p)
                    if len(batch) == PAGE_CHUNK:
                        inflight.append(self._send_indexes(batch))
                        batch = []
            if batch:
                inflight.append(self._send_indexes(batch))
            early.update(p.path for _, sent in inflight for p in sent)
            plan.extend(self._feeds())
            plan.extend(corrections.plan(self))
            plan.append(self._sitemap([(self.urls[sa.data.id], self._lastmod(sa.data)) for sa in self.articles]))
            self._mark("indexes")
            if not isinstance(related[1], dict):  # planned the rest meanwhile; the article pages need it
                early |= self._while_waiting([p for p in plan if p.path not in early], related[1], new_manifest)
                related = (related[0], related[1].result())
            self._related_ids = new_manifest["related"] = related[1]
            self._mark("related")
            plan[:0] = list(self._article_pages())  # article pages first, as always
        new_manifest["lists"] = self._lists_for_manifest()
        planned_paths = {p.path for p in plan}
        if fast:  # everything not planned stays as it is
            for path, prev in self.old_files.items():
                if path not in planned_paths:
                    new_manifest["files"][path] = prev
                    self.result.unchanged += 1
        total = len(plan)

        # which pages must be rendered
        todo: list[_Planned] = []
        for p in plan:
            if p.path in early:
                continue
            if self._must_render(p):
                todo.append(p)
            else:
                new_manifest["files"][p.path] = self.old_files[p.path]
                self.result.unchanged += 1
        done = total - len(todo) - sum(len(batch) for _, batch in inflight)
        self._mark("planned")
        self._report(done, total, "生成页面")

        todo_articles = [p for p in todo if p.article_id is not None]
        todo_rest = [p for p in todo if p.article_id is None]

        # bodies of the article pages about to be rendered (cache, else Markdown)
        self._bodies: dict[int, str] = {}
        missing = []
        cached = self._cached if self._cached is not None else self.cache.lookup(
            p.article_id for p in todo_articles)  # type: ignore[misc]
        self._cached = None
        site_url = self._asset_url_for("../../../../")
        for p in todo_articles:
            aid = cast(int, p.article_id)
            got = cached.get(aid)
            if got is None:
                missing.append(aid)
            else:
                got = resolve_assets(got, site_url)
                self._bodies[aid] = got
                if aid not in body_refs:
                    body_refs[aid] = sorted(set(_ASSET_IN_HTML.findall(got)))
        del cached
        self._mark("bodies")
        cancelled = False
        progress = [done]

        def report() -> None:
            progress[0] += 1
            self._report(progress[0], total, "生成页面")

        # a big job (≥ POOL_THRESHOLD article pages) on several CPUs: other processes help (_emit_pooled)
        pooled = self._pool is not None or self._processes_for(len(todo_articles)) > 1
        body_iter = self._render_bodies([] if pooled else missing, body_refs)
        try:
            if pooled:
                if self._pool is None:
                    self.workers = self._processes_for(len(todo_articles))
                cancelled = self._emit_pooled(todo_articles, todo_rest, missing, body_refs, new_manifest, report,
                                              inflight)
            else:
                # article pages whose bodies are ready first, then those as their bodies arrive
                waiting = {p.article_id: p for p in todo_articles if p.article_id not in self._bodies}
                ready = [p for p in todo_articles if p.article_id in self._bodies]
                for p in ready:
                    if self._cancelled():
                        cancelled = True
                        break
                    self._emit(p, new_manifest)
                    self._bodies.pop(cast(int, p.article_id), None)
                    report()
                if not cancelled:
                    for aid in body_iter:
                        if self._cancelled():
                            cancelled = True
                            break
                        planned = waiting.pop(aid, None)
                        if planned is not None:
                            self._emit(planned, new_manifest)
                            self._bodies.pop(aid, None)
                            report()
                if not cancelled:
                    for p in todo_rest:
                        if self._cancelled():
                            cancelled = True
                            break
                        self._emit(p, new_manifest)
                        report()
            done = progress[0]
        finally:
            body_iter.close()
        self._mark("pages")

        # remember each article's version, page, images and what others show of it
        if fast:
            new_manifest["articles"] = dict(old_articles)
        for sa in self.articles:
            a = sa.data
            if fast and a.id not in only:
                continue
            refs = body_refs.get(a.id)
            prev = old_articles.get(str(a.id))
            if refs is None:
                refs = _article_entry(prev)[2] if prev else []
            new_manifest["articles"][str(a.id)] = [a.version, self.urls[a.id], refs, a.uuid, self._list_sig(sa),
                                                   self._lastmod(a)]

        if not cancelled:
            asset_plan = self._asset_files(body_refs, fast)
            for path, loader in asset_plan:
                if self._cancelled():
                    cancelled = True
                    break
                prev = self.old_files.get(path)
                if not self.full and prev and os.path.exists(os.path.join(self.out, path)):
                    if path not in new_manifest["files"]:
                        new_manifest["files"][path] = prev
                        self.result.unchanged += 1
                    continue
                data = loader()
                self._write(path, data, _digest(data), "", new_manifest)
            self.result.files = len(new_manifest["files"])

        if cancelled:
            # keep what is still on disk known, so the next run can finish or remove it
            for path, prev in self.old_files.items():
                new_manifest["files"].setdefault(path, prev)
            for key, prev in old_articles.items():
                new_manifest["articles"].setdefault(key, prev)
            new_manifest["global"] = ""  # the next run takes the full path
            self.result.cancelled = True
        else:
            for path in sorted(set(self.old_files) - set(new_manifest["files"])):
                self._remove(path)
        if not fast or changed or self.result.written or self.result.removed:
            self._save_manifest(new_manifest, related[0] != old.get("related_fp") or "related" not in old)
        self._mark("saved")
        self.result.fast = fast
        self.result.seconds = time.perf_counter() - t0
        self._report(total, total, "已取消" if cancelled else "完成")
        return self.result

    def _send_indexes(self, batch: list[_Planned]) -> tuple[Any, list[_Planned]]:
        """Send index pages to be rendered to the other processes, one job of up to PAGE_CHUNK as
        soon as they are planned: they render them while this one plans the other index pages,
        waits for the related lists and plans the article pages (≈ 0.7 s at 10,000 articles,
        when they would otherwise be idle). → (future, pages)."""
        from app.publish.site import workers

        jobs = [(p.path, cast(Callable[[], dict[str, Any]], p.values)(), self._old_digest(p.path)) for p in batch]
        return self._pool.submit(workers.render_pages, jobs, "index.html"), batch

    def _must_render(self, p: _Planned) -> bool:
        """Whether a planned page is to be rendered: a full export, a new page, another input
        key, or its file gone."""
        prev = self.old_files.get(p.path)
        return (self.full or not prev or _file_entry(prev)[1] != p.key
                or not os.path.exists(os.path.join(self.out, p.path)))

    def _while_waiting(self, plan: list[_Planned], related: Any, manifest: dict[str, Any]) -> set[str]:
        """While another process computes the related lists (which the article pages need),
        render the pages planned so far (indexes, feeds, logs): this process would otherwise
        wait for it (≈ 0.3 s of a 10,000-article export). Returns the paths rendered."""
        done: set[str] = set()
        for p in plan:
            if related.done() or self._cancelled():
                break
            if self._must_render(p):
                self._emit(p, manifest)
                done.add(p.path)
        return done

    def _cancelled(self) -> bool:
        return self.cancel.is_set()

    def _processes_for(self, pages: int) -> int:
        """Processes for an export with *pages* article pages to render: ``workers`` when given,
        else from the usable CPUs and the work (``default_workers``); one below POOL_THRESHOLD."""
        if pages < POOL_THRESHOLD:
            return 1
        return default_workers(pages, POOL_THRESHOLD) if self.auto_workers else max(1, self.workers)

    def _report(self, done: int, total: int, what: str) -> None:
        if self.progress is not None:
            self.progress(done, total, what)

    def _emit(self, p: _Planned, manifest: dict[str, Any]) -> None:
        data = p.render()
        h = _digest(data)
        prev = self.old_files.get(p.path)
        if not self.full and prev and _file_entry(prev)[0] == h and (self.out / p.path).exists():
            manifest["files"][p.path] = [h, p.key]
            self.result.unchanged += 1
            return
        self._write(p.path, data, h, p.key, manifest)

    def _write(self, path: str, data: bytes, h: str, key: str, manifest: dict[str, Any]) -> None:
        write_atomic(os.path.join(self.out, path), data, self._made)
        manifest["files"][path] = [h, key]
        self.result.written += 1
        self.result.written_paths.append(path)

    def _remove(self, path: str) -> None:
        target = self.out / path
        try:
            target.unlink()
        except FileNotFoundError:
            pass
        except OSError as e:
            log.warning("could not remove %s: %s", target, e)
            return
        self.result.removed += 1
        self.result.removed_paths.append(path)
        parent = target.parent
        while parent != self.out and parent.is_dir():
            try:
                parent.rmdir()  # only when empty
            except OSError:
                break
            parent = parent.parent

    # -- bodies ---------------------------------------------------------------------------
    def _asset_url_for(self, prefix: str) -> Callable[[str], str]:
        mimes = self.asset_mimes
        from app.core.services.assets import EXTENSIONS

        def url(sha: str) -> str:
            return f"{prefix}assets/{sha}.{EXTENSIONS.get(mimes.get(sha, ''), 'bin')}"
        return url

    def _render_bodies(self, ids: list[int], refs: dict[int, list[str]]) -> Generator[int, None, None]:
        """Render the Markdown of the given articles in this process; yields each id as its body
        is ready."""
        from app.publish.render import asset_refs, render_body

        if not ids:
            return
        url = self._asset_url_for("../../../../")
        try:
            for aid, md in source.load_bodies(self.svc.db, ids):
                refs[aid] = sorted(asset_refs(md))
                h = render_body(md, None)
                self.cache.put(aid, md, h)
                self._bodies[aid] = resolve_assets(h, url)
                self.result.bodies_rendered += 1
                yield aid
        finally:
            self.cache.flush()

    def _feed_bodies(self, ids: list[int]) -> None:
        """A thread reads the bodies of *ids* and sends them to the other processes' Markdown,
        a few chunks ahead (memory stays flat however big the site); each finished chunk's
        future is put on ``self._fed``, and once all are sent ("sent", how many)."""
        from app.publish.site import workers

        pool = self._pool
        window = threading.BoundedSemaphore(MARKDOWN_AHEAD * (self.workers - 1))

        def done(fut: Any) -> None:
            window.release()
            self._fed.put(fut)

        def feed() -> None:
            sent = 0
            try:
                def send(chunk: list[tuple[int, str]]) -> bool:
                    nonlocal sent
                    with self._chunk_lock:
                        self._next_chunk = chunk
                    while True:
                        if window.acquire(timeout=0.02):
                            with self._chunk_lock:
                                mine, self._next_chunk = self._next_chunk, None
                            if mine is None:  # taken by the exporter meanwhile
                                window.release()
                                return True
                            pool.submit(workers.render_chunk, mine).add_done_callback(done)
                            sent += 1
                            return True
                        if self._next_chunk is None:  # taken by the exporter
                            return True
                        if self.cancel_feed.is_set() or self.cancel.is_set():
                            return False

                chunk: list[tuple[int, str]] = []
                for aid, md in source.load_bodies(self.svc.db, ids):
                    self._fed_sources[aid] = md
                    chunk.append((aid, md))
                    if len(chunk) >= BODY_CHUNK:
                        if not send(chunk):
                            return
                        chunk = []
                if chunk:
                    send(chunk)
            except Exception as e:  # noqa: BLE001 - handed to the exporter, which raises it
                self._fed.put(e)
            finally:
                self._fed.put(("sent", sent))  # the chunks to wait for (they may still be running)

        self._feeder = threading.Thread(target=feed, name="newsdesk-export-feed", daemon=True)
        self._feeder.start()

    def _emit_pooled(self, articles: list[_Planned], rest: list[_Planned], missing: list[int],
                     refs: dict[int, list[str]], manifest: dict[str, Any], report: Callable[[], None],
                     inflight: list[tuple[Any, list[_Planned]]] | None = None) -> bool:
        """A big export on several CPUs: W - 1 other processes render Markdown (fed by a thread,
        from before the pages are planned) and article pages (template and file, from the values
        this process prepares); this process keeps them fed and, whenever nothing has come back,
        renders a page itself (the indexes, feeds and logs first, then article pages). Returns
        whether it was cancelled. Pages finished by the others when a cancel comes are still
        recorded (they are on disk)."""
        from app.publish.render import asset_refs
        from app.publish.site import workers

        url = self._asset_url_for("../../../../")
        side = collections.deque(rest)
        local = collections.deque(p for p in articles if p.article_id in self._bodies)
        waiting = {p.article_id: p for p in articles if p.article_id not in self._bodies}
        pool = self._pool if self._pool is not None else self._start_pool(self.workers)
        if self._feeder is None:
            self._feed_bodies(missing)
        feeding = True
        chunks_back = 0
        chunks_sent: int | None = None
        pages: collections.deque[tuple[Any, list[_Planned]]] = collections.deque(inflight or ())
        window = self.workers  # page jobs in flight
        self.result.processes = self.workers

        def bodies_back(block: bool) -> bool:
            nonlocal feeding, chunks_back, chunks_sent
            try:
                fut = self._fed.get(block=block, timeout=0.05 if block else None)  # short: a chunk to take may come
            except queue.Empty:
                return False
            if isinstance(fut, BaseException):
                raise fut
            if isinstance(fut, tuple):
                chunks_sent = fut[1]
            else:
                chunks_back += 1
                collect(fut.result())
            feeding = chunks_sent is None or chunks_back < chunks_sent
            return True

        def collect(rendered: list[tuple[int, str]]) -> None:
            for aid, _html in rendered:
                refs[aid] = sorted(asset_refs(self._fed_sources[aid]))
            for aid in self._collect(rendered, self._fed_sources, url):
                p = waiting.pop(aid, None)
                if p is not None:
                    local.append(p)

        def pages_back(fut: Any, batch: list[_Planned]) -> None:
            for p, (h, written) in zip(batch, fut.result(), strict=True):
                self.result.pages_elsewhere += 1
                manifest["files"][p.path] = [h, p.key]
                if written:
                    self.result.written += 1
                    self.result.written_paths.append(p.path)
                else:
                    self.result.unchanged += 1
                report()

        def here(p: _Planned) -> None:
            self._emit(p, manifest)
            if p.article_id is not None:
                self._bodies.pop(p.article_id, None)
            report()

        cancelled = False
        try:
            while True:
                if self._cancelled():
                    cancelled = True
                    break
                while feeding and bodies_back(block=False):
                    pass
                while len(pages) < window and len(local) > PAGE_CHUNK // 2:
                    batch = [local.popleft() for _ in range(min(PAGE_CHUNK, len(local)))]
                    jobs = [(p.path, self._page_values(p), self._old_digest(p.path)) for p in batch]
                    pages.append((pool.submit(workers.render_pages, jobs), batch))
                if pages and pages[0][0].done():
                    pages_back(*pages.popleft())
                elif side or local:  # nothing back: a page here
                    here(side.popleft() if side else local.pop())
                elif feeding:
                    if not self._markdown_here(collect):
                        bodies_back(block=True)
                elif pages:
                    pages_back(*pages.popleft())
                else:
                    break
        finally:
            self.cancel_feed.set()
            for fut, batch in pages:
                if not fut.cancel():
                    try:
                        pages_back(fut, batch)
                    except Exception:  # noqa: BLE001 - the first error is the one raised
                        log.debug("a worker's result after a stop", exc_info=True)
            self.cache.flush()
        return cancelled

    def _markdown_here(self, collect: Callable[[list[tuple[int, str]]], None]) -> bool:
        """Render the chunk of bodies the feeding thread is waiting to send, in this process
        (nothing else to do here: the other processes are busy, e.g. a loaded machine whose
        other core is taken). Returns whether there was one."""
        from app.publish.render import render_body

        with self._chunk_lock:
            chunk, self._next_chunk = self._next_chunk, None
        if not chunk:
            return False
        collect([(aid, render_body(md, None)) for aid, md in chunk])
        self.result.bodies_here += len(chunk)
        return True

    def _start_pool(self, processes: int) -> Any:
        """W - 1 other processes (spawned now: their imports overlap this one's planning)."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from app.core.services.assets import EXTENSIONS
        from app.publish.site import workers

        self.workers = processes
        exts = {sha: EXTENSIONS.get(m, "bin") for sha, m in self.asset_mimes.items()}
        ctx = multiprocessing.get_context("spawn")  # never fork a process that may run Qt threads
        self._pool = ProcessPoolExecutor(processes - 1, mp_context=ctx, initializer=workers.init,
                                         initargs=(exts, "../../../../", str(self.theme_dir) if self.theme_dir else None,
                                                   str(self.out)))
        widen_pipes(self._pool)  # before the first job: room for a whole chunk each way
        for _ in range(processes - 1):
            self._pool.submit(workers.ready)
        return self._pool

    def _page_values(self, p: _Planned) -> dict[str, Any]:
        assert p.values is not None and p.article_id is not None
        values = p.values()
        self._bodies.pop(p.article_id, None)
        return values

    def _old_digest(self, path: str) -> str:
        """The digest of the page as the last export wrote it ('' to write it anyway)."""
        prev = self.old_files.get(path)
        return _file_entry(prev)[0] if prev and not self.full else ""

    def _collect(self, rendered: list[tuple[int, str]], sources: dict[int, str],
                 url: Callable[[str], str]) -> Iterator[int]:
        for aid, h in rendered:
            self.cache.put(aid, sources.pop(aid), h)
            self._bodies[aid] = resolve_assets(h, url)
            self.result.bodies_rendered += 1
            yield aid

    # -- URLs -------------------------------------------------------------------------------
    def _article_path(self, a: ArticleData) -> str:
        ch = self.ch_by_id.get(a.primary_channel_id) if a.primary_channel_id else None
        slug = ch.slug if ch else "news"
        d = local_time(a.first_published_at, self.tz)
        assert d is not None
        return f"{slug}/{d.year:04d}/{d.month:02d}/{d.day:02d}/{a.id}.html"

    def _cover_path(self, a: ArticleData) -> str:
        sha = a.cover_sha256 or self.photos.first_photo(a.id)  # a 图集 without a cover: its first photo
        if not sha:
            return ""
        return self.photos.thumb_path(sha) or self._asset_url_for("")(sha)

    # -- related and side lists ------------------------------------------------------------
    def _related(self, old: dict[str, Any]) -> tuple[str, Any]:
        """Related articles from the stored keywords (the title's bigrams for articles without
        any). Recomputed only when some article's keywords or title changed — by another process
        when the export has them (a future then: this one plans the indexes and feeds meanwhile)."""
        terms = {sa.data.id: _related_terms(sa.data.keywords, sa.data.title) for sa in self.articles}
        early, self._early_related = self._early_related, None
        if early is not None:
            if early[0] == terms:
                return early[1]  # started before the articles were loaded, from the same terms
            if not isinstance(early[1][1], dict):
                early[1][1].cancel()  # an article changed in between: computed again below
        return self._related_for(terms, old)

    def _related_for(self, terms: dict[int, list[str]], old: dict[str, Any]) -> tuple[str, Any]:
        from app.publish.site import workers

        fp = _key(sorted(terms.items()))
        if old.get("related_fp") == fp and isinstance(old.get("related"), dict):
            return fp, {k: _related_entry(v) for k, v in old["related"].items()}
        if self._pool is not None:
            return fp, self._pool.submit(workers.related, terms, RELATED_COUNT + 1)
        return fp, workers.related(terms, RELATED_COUNT + 1)

    def _link(self, sa: SiteArticle, excerpt: bool = False, image: bool = False) -> Link:
        """One side-list entry (memoised: the same article appears in many lists)."""
        a = sa.data
        memo = (a.id, excerpt, image)
        got = self._link_memo.get(memo)
        if got is None:
            d = local_time(a.first_published_at, self.tz)
            got = Link(a.title, self.urls[a.id], self._cover_path(a) if image else "",
                       plain_excerpt(a, sa.head) if excerpt else "", d.strftime("%m-%d") if d else "")
            got.sig = _digest("\x1f".join((got.title, got.url, got.image, got.excerpt, got.date)).encode())[:12]
            self._link_memo[memo] = got
        return got

    def _lists(self) -> None:
        arts = self.articles
        hot = sorted(arts, key=lambda sa: (not sa.data.is_hot, -_stamp(sa.data.first_published_at), -sa.data.id))
        self.hot = [self._link(sa) for sa in hot[:HOT_COUNT + 1]]
        self.hot_ids = [sa.data.id for sa in hot[:HOT_COUNT + 1]]
        pics = sorted((sa for sa in arts if sa.data.cover_sha256 or sa.data.id in self.photos.galleries),  # 图集 first
                      key=lambda sa: sa.data.id not in self.photos.galleries)[:PICTURE_COUNT + 1]
        self.pics = [self._link(sa, image=True) for sa in pics]
        self.pic_ids = [sa.data.id for sa in pics]
        self._picks_by_level = sorted(arts, key=lambda sa: -sa.data.level)  # stable: newest first within
        self._channel_picks: dict[int | None, tuple[list[int], list[Link]]] = {}
        self._newest_in: dict[int | None, list[SiteArticle]] = {}
        picked: dict[int | None, int] = {}
        for sa in arts:  # per channel: its two newest, and its two newest 推荐 (level ≥ 1)
            cid = sa.data.primary_channel_id
            lst = self._newest_in.setdefault(cid, [])
            if len(lst) - picked.get(cid, 0) < 2:
                lst.append(sa)
            elif sa.data.level and picked.get(cid, 0) < 2:
                lst.append(sa)
                picked[cid] = picked.get(cid, 0) + 1

    def _stored_lists(self, lists: dict[str, Any]) -> None:
        """The side lists as the last full run computed them (the fast path)."""
        def links(ids: list[int], **kw: bool) -> tuple[list[int], list[Link]]:
            ids = [i for i in ids if i in self.by_id]
            return ids, [self._link(self.by_id[i], **kw) for i in ids]
        self.hot_ids, self.hot = links(lists["hot"])
        self.pic_ids, self.pics = links(lists["pics"], image=True)
        self._picks_by_level = []
        self._channel_picks = {(None if k == "None" else int(k)): links(v) for k, v in lists["picks"].items()}
        self._newest_in = {(None if k == "None" else int(k)): [self.by_id[i] for i in v if i in self.by_id]
                           for k, v in lists["newest"].items()}

    def _lists_for_manifest(self) -> dict[str, Any]:
        for cid in {sa.data.primary_channel_id for sa in self.articles}:
            self._picks_for(cid)
        picks = {str(k): v[0] for k, v in self._channel_picks.items()}
        newest = {str(k): [sa.data.id for sa in v] for k, v in self._newest_in.items()}
        members = set(self.hot_ids) | set(self.pic_ids) | set(self._feed_members)
        for v in picks.values():
            members.update(v)
        for v in newest.values():
            members.update(v)
        return {"hot": self.hot_ids, "pics": self.pic_ids, "picks": picks, "newest": newest,
                "members": sorted(members)}

    def _picks_for(self, channel_id: int | None) -> tuple[list[int], list[Link]]:
        got = self._channel_picks.get(channel_id)
        if got is None:
            chosen = [sa for sa in self._picks_by_level[:2000]
                      if sa.data.primary_channel_id != channel_id][:CHANNEL_PICKS]
            got = ([sa.data.id for sa in chosen], [self._link(sa) for sa in chosen])
            self._channel_picks[channel_id] = got
        return got

    @staticmethod
    def _without(ids: list[int], links: list[Link], me: int, n: int) -> list[Link]:
        if me not in ids:
            return links[:n]
        return [lk for i, lk in zip(ids, links, strict=True) if i != me][:n]

    # -- article pages --------------------------------------------------------------------
    def _article_pages(self, only: set[int] | None = None) -> Iterator[_Planned]:
        per_channel: dict[int | None, Any] = {}
        for sa in self.articles:
            a = sa.data
            if only is not None and a.id not in only:
                continue
            cid = a.primary_channel_id
            chan = per_channel.get(cid)
            if chan is None:  # the bar and the breadcrumb, rendered once per channel
                root = "../../../../"
                crumbs = LinkList(breadcrumb(self.channels, cid))
                bar = LinkList(siblings(self.channels, cid))
                if crumbs:
                    crumbs.html = self.lists_module.breadcrumb(crumbs, root, self.channel_urls, "index.html")
                if bar:
                    bar.html = self.lists_module.channel_bar(bar, cid, root, self.channel_urls)
                chan = (crumbs, bar, _key([[c.id, c.name, c.slug, c.slogan] for c in crumbs + bar]))
                per_channel[cid] = chan
            crumbs, bar, sig = chan
            rel_ids = [i for i in _related_entry(self._related_ids.get(str(a.id), "")) if i in self.by_id and i != a.id]
            rec_sa = next((self.by_id[i] for i in rel_ids if self.by_id[i].data.primary_channel_id == cid), None)
            if rec_sa is None:  # the channel's newest 推荐, else its newest article
                rec_sa = next((x for x in self._newest_in.get(cid, []) if x.data.id != a.id and x.data.level),
                              None) or next((x for x in self._newest_in.get(cid, []) if x.data.id != a.id), None)
            if rec_sa is None and rel_ids:
                rec_sa = self.by_id[rel_ids[0]]
            recommended = self._link(rec_sa, excerpt=True) if rec_sa else None
            related = [self._link(self.by_id[i]) for i in rel_ids
                       if not rec_sa or i != rec_sa.data.id][:RELATED_COUNT]
            pick_ids, pick_links = self._picks_for(cid)
            ctx = PageContext(
                site_name=self.site_name, site_url=self.site_url, timezone=self.tz, channels=self.channels,
                root="../../../../", channel_urls=self.channel_urls, css_url=self.css_url,
                # 相关新闻 differs on every page: rendered with the page (in whichever process), not here
                recommended=recommended, related=LinkList(related),
                channel_picks=self._side("频道推荐", "channel-picks", pick_ids, pick_links, a.id, CHANNEL_PICKS),
                picture_picks=self._side("图文看点", "picture-picks", self.pic_ids, self.pics, a.id, PICTURE_COUNT),
                hot=self._side("热点排行", "hot", self.hot_ids, self.hot, a.id, HOT_COUNT, numbered=True),
                cover_url=self._cover_path(a), page_url=self.urls[a.id], crumbs=crumbs, bar=bar,
            )
            key = _key(self.settings_key, sig, a.id, a.version, a.source_name, a.responsible_editor_name,
                       self.photos.page_sig(a.id),
                       a.cover_sha256, self.urls[a.id], recommended.sig if recommended else "",
                       "".join(lk.sig for lk in related), ctx.channel_picks.sig,  # type: ignore[attr-defined]
                       ctx.picture_picks.sig, ctx.hot.sig)  # type: ignore[attr-defined]
            yield _Planned(self.urls[a.id], key, self._article_renderer(a, ctx), a.id,
                           partial(self._article_values, a, ctx))

    def _side(self, title: str, cls: str, ids: list[int], links: list[Link], me: int, n: int,
              numbered: bool = False) -> LinkList:
        """A side list of an article page: the list without the article itself. Most pages are
        not in it: they share one LinkList (and its markup) per list, not one per page."""
        if me in ids:
            return self._fragment(title, cls, self._without(ids, links, me, n), numbered)
        memo = (cls, id(links), n)  # the lists live as long as the run
        got = self._sides.get(memo)
        if got is None:
            got = self._sides[memo] = self._fragment(title, cls, links[:n], numbered)
        return got

    def _fragment(self, title: str, cls: str, links: list[Link], numbered: bool = False,
                  root: str = "../../../../") -> LinkList:
        """A side list whose markup is rendered once for every page showing the same entries;
        its ``sig`` is the entries' (the page keys')."""
        out = LinkList(links)
        memo = (cls, root, numbered, "".join(lk.sig for lk in links))
        out.sig = memo[3]
        html = self._fragments.get(memo)
        if html is None:
            html = self.lists_module.link_list(title, cls, out, root, numbered)
            if not links and html:  # a theme's macro that shows something for an empty list: called per page
                html = None
            if len(self._fragments) > 20000:
                self._fragments.clear()
            self._fragments[memo] = html
        out.html = html
        return out

    def _article_values(self, a: ArticleData, ctx: PageContext) -> dict[str, Any]:
        body = self._bodies.get(a.id)
        if body is None:  # pragma: no cover - bodies are prepared before pages
            body = resolve_assets(self.cache.lookup([a.id]).get(a.id, ""), self._asset_url_for("../../../../"))
        body = self.photos.page_body(a.id, body, "../../../../")
        return article_values(a, ctx, body)

    def _article_renderer(self, a: ArticleData, ctx: PageContext) -> Callable[[], bytes]:
        def render() -> bytes:
            return self.tpl_article.render(self._article_values(a, ctx)).encode("utf-8")
        return render

    # -- indexes ---------------------------------------------------------------------------
    def _subtree(self) -> dict[int, set[int]]:
        """channel id → the ids of the channel and all its descendants."""
        kids: dict[int | None, list[int]] = {}
        for c in self.channels:
            kids.setdefault(c.parent_id, []).append(c.id)
        out: dict[int, set[int]] = {}

        def walk(cid: int) -> set[int]:
            if cid in out:
                return out[cid]
            s = {cid}
            out[cid] = s
            for k in kids.get(cid, []):
                s |= walk(k)
            return s
        for c in self.channels:
            walk(c.id)
        return out

    def _index_pages(self) -> Iterator[_Planned]:
        subtree = self._subtree()
        members: dict[int, list[SiteArticle]] = {c.id: [] for c in self.channels}
        ancestors: dict[int | None, list[int]] = {}
        for c in self.channels:
            for cid in subtree[c.id]:
                ancestors.setdefault(cid, []).append(c.id)
        for sa in self.articles:  # newest first already
            chans = {sa.data.primary_channel_id, *sa.data.secondary_channel_ids}
            seen: set[int] = set()
            for ch in chans:
                for anc in ancestors.get(ch, []):
                    if anc not in seen:
                        seen.add(anc)
                        members[anc].append(sa)
        yield from self._listing(None, self.articles, "index.html", "page/{n}.html")
        for c in self.channels:
            yield from self._listing(c, members[c.id], f"{c.slug}/index.html", c.slug + "/page/{n}.html")

    def _listing(self, channel: ChannelData | None, arts: list[SiteArticle], first: str,
                 pattern: str) -> Iterator[_Planned]:
        pages = max(1, -(-len(arts) // PER_PAGE))
        crumbs = breadcrumb(self.channels, channel.id) if channel else []
        main = self._main_bar()
        if channel is None:
            bar, kids = main, main
        else:
            kids = [c for c in self.channels if c.parent_id == channel.id]
            # a channel above the main level (地方网, 甘肃, 平凉市) shows the main bar
            bar = siblings(self.channels, channel.id) if channel.id not in self._above_main else main
        feed = f"{channel.slug}/feed.xml" if channel else "feed.xml"
        sig = _key([[c.id, c.name, c.slug, c.slogan] for c in crumbs + bar + kids])
        bars: dict[str, LinkList] = {}  # the channel bar's markup per page depth, rendered once
        for n in range(1, pages + 1):
            path = first if n == 1 else pattern.format(n=n)
            chunk = arts[(n - 1) * PER_PAGE:n * PER_PAGE]
            items = [self._link(sa, excerpt=True, image=True) for sa in chunk]
            values = {
                "page": n, "pages": pages, "items": items, "channel": channel, "crumbs": crumbs,
                "bar": bar, "sections": kids, "feed_url": feed,
                "prev_url": (first if n == 2 else pattern.format(n=n - 1)) if n > 1 else "",
                "next_url": pattern.format(n=n + 1) if n < pages else "",
                "site_href": "",
            }
            hot = self.hot[:HOT_COUNT]
            pics = self.pics[:PICTURE_COUNT]
            key = _key(self.settings_key, sig, n, pages, "".join(lk.sig for lk in items),
                       "".join(lk.sig for lk in hot), "".join(lk.sig for lk in pics))
            root = root_for(path)
            page_bar = bars.get(root)
            if page_bar is None:
                page_bar = bars[root] = LinkList(bar)
                markup = self.lists_module.channel_bar(page_bar, channel.id if channel else None, root,
                                                       self.channel_urls) if bar else ""
                if markup.endswith("\n"):  # the macro prints .html and a line end (as on article pages)
                    page_bar.html = markup[:-1]
            values["bar"] = page_bar
            ctx = PageContext(site_name=self.site_name, site_url=self.site_url, timezone=self.tz,
                              channels=self.channels, root=root, channel_urls=self.channel_urls,
                              css_url=self.css_url, hot=self._fragment("热点排行", "hot", hot, True, root),
                              picture_picks=self._fragment("图文看点", "picture-picks", pics, root=root),
                              page_url=path)
            yield _Planned(path, key, self._index_renderer(values, ctx), values=partial(self._index_values, values, ctx))

    def _main_bar(self) -> list[ChannelData]:
        """The first level of the channel tree with more than one channel (地方网 > 甘肃 > 平凉市
        has one each; the seven county channels are the site's real sections)."""
        if getattr(self, "_main", None) is None:
            level = [c for c in self.channels if c.parent_id is None]
            above: set[int] = set()
            while len(level) == 1:
                kids = [c for c in self.channels if c.parent_id == level[0].id]
                if not kids:
                    break
                above.add(level[0].id)
                level = kids
            self._main = sorted(level, key=lambda c: (c.position, c.id))
            self._above_main = above
        return self._main

    @staticmethod
    def _index_values(values: dict[str, Any], ctx: PageContext) -> dict[str, Any]:
        from app.publish.render import safe_href

        return dict(values, ctx=ctx, root=ctx.root, site_href=safe_href(ctx.site_url))

    def _index_renderer(self, values: dict[str, Any], ctx: PageContext) -> Callable[[], bytes]:
        def render() -> bytes:
            return self.tpl_index.render(self._index_values(values, ctx)).encode("utf-8")
        return render

    # -- feeds and sitemap -----------------------------------------------------------------
    def _abs(self, path: str) -> str:
        base = getattr(self, "_base", None)
        if base is None:
            from app.publish.render import safe_href

            site = safe_href(self.site_url)  # an unusable site URL gives relative links, never javascript:
            base = self._base = (site if site.endswith("/") else site + "/") if site else ""
        return base + path

    def _feeds(self) -> Iterator[_Planned]:
        subtree = self._subtree()
        feeds: list[tuple[str, str, str, list[SiteArticle]]] = [
            ("feed.xml", self.site_name, "index.html", self.articles[:FEED_ENTRIES])]
        for c in self.channels:
            ids = subtree[c.id]
            arts: list[SiteArticle] = []
            for sa in self.articles:
                if sa.data.primary_channel_id in ids or ids.intersection(sa.data.secondary_channel_ids):
                    arts.append(sa)
                    if len(arts) >= FEED_ENTRIES:
                        break
            feeds.append((f"{c.slug}/feed.xml", f"{c.name} - {self.site_name}", f"{c.slug}/index.html", arts))
        self._feed_members = {sa.data.id for f in feeds for sa in f[3]}
        for path, title, alt, arts in feeds:
            entries = []
            for sa in arts:
                a = sa.data
                upd = a.updated_published_at or a.first_published_at
                entries.append({
                    "title": a.title, "uuid": a.uuid, "url": self._abs(self.urls[a.id]),
                    "published": _iso(a.first_published_at), "updated": _iso(upd),
                    "authors": [c.name for c in a.contributors] or [a.source_name or self.site_name],
                    "summary": a.summary or plain_excerpt(a, sa.head, 120),
                })
            updated = max((str(e["updated"]) for e in entries), default=_iso(datetime(2000, 1, 1, tzinfo=UTC)))
            values = {"title": title, "feed_id": self._abs(path), "self_url": self._abs(path),
                      "alt_url": self._abs(alt), "updated": updated, "entries": entries}
            yield _Planned(path, _key(self.settings_sig, values), self._xml_renderer("feed.xml", values))

    @staticmethod
    def _lastmod(a: ArticleData) -> str:
        return _iso(a.updated_published_at or a.first_published_at)

    def _sitemap(self, pages: list[tuple[str, str]]) -> _Planned:
        """sitemap.xml over the home, the channels and the given (article path, lastmod);
        built as a string (10,000 entries through a template cost a tenth of a second)."""
        from app.publish.escaping import xml_text as escape

        pages = sorted(pages)
        key = _key(self.settings_key, [c.slug for c in self.channels], pages)

        def render() -> bytes:
            lines = ['<?xml version="1.0" encoding="utf-8"?>',
                     '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
            lines.append(f"<url><loc>{escape(self._abs('index.html'))}</loc></url>")
            lines.extend(f"<url><loc>{escape(self._abs(c.slug + '/index.html'))}</loc></url>" for c in self.channels)
            lines.extend(f"<url><loc>{escape(self._abs(path))}</loc><lastmod>{lastmod}</lastmod></url>"
                         for path, lastmod in pages)
            lines.append("</urlset>\n")
            return "\n".join(lines).encode("utf-8")
        return _Planned("sitemap.xml", key, render)

    def _xml_renderer(self, template: str, values: dict[str, Any]) -> Callable[[], bytes]:
        def render() -> bytes:
            return self.env.get_template(template).render(values).encode("utf-8")
        return render

    # -- assets ---------------------------------------------------------------------------
    def _static_files(self) -> dict[str, tuple[str, bytes]]:
        """Theme static files (a site's theme first) → (content-hashed path, bytes)."""
        out: dict[str, tuple[str, bytes]] = {}
        for d in reversed(template_dirs(self.theme_dir)):  # ours first, the theme overrides
            st = d / "static"
            if not st.is_dir():
                continue
            for p in sorted(st.rglob("*")):
                if p.is_file() and not p.name.startswith("."):
                    rel = p.relative_to(st).as_posix()
                    data = p.read_bytes()
                    stem, dot, ext = rel.rpartition(".")
                    hashed = f"assets/{stem}.{_digest(data)[:10]}.{ext}" if dot else f"assets/{rel}.{_digest(data)[:10]}"
                    out[rel] = (hashed, data)
        return out

    def _asset_bytes(self, sha: str) -> bytes:
        return self.svc.assets.data(sha)[1]

    def _asset_files(self, body_refs: dict[int, list[str]], fast: bool = False) -> list[tuple[str, Callable[[], bytes]]]:
        shas: set[str] = set()
        for sa in self.articles:
            if fast and sa.data.id not in body_refs:
                continue
            if sa.data.cover_sha256:
                shas.add(sa.data.cover_sha256)
            shas.update(body_refs.get(sa.data.id, []))
        url = self._asset_url_for("")
        out: list[tuple[str, Callable[[], bytes]]] = []
        for sha in sorted(shas):
            if sha not in self.asset_mimes:
                log.warning("article refers to a missing image %s", sha)
                continue
            out.append((url(sha), partial(self._asset_bytes, sha)))
        out += self.photos.files(shas, [sa.data.id for sa in self.articles
                                        if not fast or sa.data.id in body_refs],
                                 {sa.data.cover_sha256 or self.photos.first_photo(sa.data.id) for sa in self.articles})
        for _rel, (path, data) in sorted(self.static.items()):
            out.append((path, partial(_same, data)))
        return out


def _iso(dt: datetime | None) -> str:
    if dt is None:
        return ""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_gc_lock = threading.Lock()
_gc_users = 0
_gc_saved: tuple[int, ...] = ()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector less often while an export runs. An export allocates
    hundreds of thousands of containers that live until its end (articles, links, planned
    pages, each page's template context); at the default thresholds the collector ran over the
    growing heap again and again: 15-20 % of a 10,000-article export's CPU (one process, warm:
    4.3-4.6 s → 3.5-3.8 s). Cycles are still collected, in batches; the thresholds come back
    when the last export running ends."""
    global _gc_users, _gc_saved
    with _gc_lock:
        if _gc_users == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(*(max(a, b) for a, b in zip(GC_THRESHOLD, _gc_saved, strict=False)))
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0:
                gc.set_threshold(*_gc_saved)


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, e.g. a container's or `taskset`'s
    share), else the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # Windows, macOS: no affinity call
        return max(1, os.cpu_count() or 1)


PIPE_BYTES = 1 << 20  # what each pipe to the other processes holds (Linux: 64 KiB unless widened)


def widen_pipes(pool: Any) -> int:
    """Linux: let each of the process pool's two pipes hold ``PIPE_BYTES`` (or the system's
    /proc/sys/fs/pipe-max-size, if lower) instead of 64 KiB. A chunk of rendered bodies is
    ≈ 300 KB: through a 64 KiB pipe the other process waits in ``write`` until this one's
    result thread has read the rest, a read at a time, each needing the GIL that this process's
    planning and pages hold — ≈ 4 ms a job, ≈ 1 s of a 10,000-article cold export. With room for
    the whole chunk it goes straight on to the next (measured: its waits 0.6–0.8 s instead of
    1.0–1.2, the two processes' CPU time ÷ the wall time 1.77 instead of 1.72). Elsewhere, or
    if the pool's internals differ (they are CPython's: ``_call_queue``, ``_result_queue``),
    nothing changes. Returns how many pipes were widened."""
    if not sys.platform.startswith("linux"):
        return 0
    import fcntl

    size = PIPE_BYTES
    with contextlib.suppress(OSError, ValueError):
        size = min(size, int(Path("/proc/sys/fs/pipe-max-size").read_text().strip()))
    widened = 0
    for q in (getattr(pool, "_call_queue", None), getattr(pool, "_result_queue", None)):
        conn = getattr(q, "_reader", None)
        if conn is None:
            continue
        try:
            fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, size)
            widened += 1
        except OSError:  # e.g. the user's pipe allowance used up: the pipe keeps its size
            log.debug("could not widen a pipe to the export's other processes", exc_info=True)
    return widened


def default_workers(work: int | None = None, per_worker: int = POOL_THRESHOLD) -> int:
    """Processes for *work* items: one more for each *per_worker* items (a process must have
    enough to do to pay for its start-up), at most the usable CPUs. Without *work*, the CPUs.
    Not the load average: a busy desktop is the normal case, and the work still divides."""
    cpus = usable_cpus()
    if work is None:
        return cpus
    return max(1, min(cpus, 1 + work // max(1, per_worker)))


def export_site(services: Services, out_dir: Path | str, *, full: bool = False, theme_dir: Path | str | None = None,
                progress: ProgressFn | None = None, cancel: threading.Event | None = None,
                workers: int | None = None, cache_dir: Path | str | None = None) -> ExportResult:
    """Export the published site into *out_dir* (see the module docstring)."""
    return SiteExporter(services, out_dir, full=full, theme_dir=theme_dir, progress=progress,
                        cancel=cancel, workers=workers, cache_dir=cache_dir).run()


def _stamp(dt: datetime | None) -> float:
    return dt.timestamp() if dt else 0.0


def _same(data: bytes) -> bytes:
    return data
