"""Work for other processes during a big export (every core we may use): Markdown bodies, and
article pages from the values the exporter prepared.

Kept small so a spawned worker imports only Markdown, nh3, Jinja2 and the renderer. Bodies come
back unresolved (``asset:<sha>`` images): the exporter keeps that form in the render cache and
resolves the URLs itself."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Any

from app.publish.render import render_body

_exts: dict[str, str] = {}
_prefix = ""
_theme: str | None = None
_out: Path | None = None
_made: set[str] = set()  # folders this process created during the export (write_atomic)
GC_THRESHOLD = (50_000, 50, 100)  # while an export runs (Python's defaults: 700, 10, 10): export.fewer_collections


def init(exts: dict[str, str], prefix: str, theme_dir: str | None = None, out: str | None = None) -> None:
    global _exts, _prefix, _theme, _out, _made
    import gc

    gc.set_threshold(*GC_THRESHOLD)  # a process of one export: see export.fewer_collections
    _exts = exts
    _made = set()
    _prefix = prefix
    _theme = theme_dir
    _out = Path(out) if out else None


def ready() -> None:
    """Sent once per process when the pool starts, so that the processes start (and import)
    while the exporter plans."""
    from app.publish.render import environment

    environment(_theme).get_template("article.html")


def asset_url(sha: str) -> str:
    return f"{_prefix}assets/{sha}.{_exts.get(sha, 'bin')}"


def related(terms: dict[int, list[str]], n: int) -> dict[str, list[int]]:
    """Each article's *n* most related (app/publish/site/related.py), as the manifest keeps them."""
    from app.publish.site.related import related_all

    found = related_all(terms, n)
    return {str(aid): [int(i) for i in ids] for aid, ids in found.items()}


def render_chunk(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(i, render_body(body, None)) for i, body in items]


def render_pages(jobs: list[tuple[str, dict[str, Any], str]], template: str = "article.html") -> list[tuple[str, bool]]:
    """Pages of one template (path, the template's variables, the digest of the file the last
    export wrote or ''): each rendered and, unless the same file is already there, written.
    Returns (digest, written) per page."""
    from app.publish.render import environment

    assert _out is not None
    tpl = environment(_theme).get_template(template)
    out: list[tuple[str, bool]] = []
    for path, values, old in jobs:
        data = tpl.render(values).encode("utf-8")
        h = digest(data)
        target = os.path.join(_out, path)
        if old and old == h and os.path.exists(target):
            out.append((h, False))
        else:
            write_atomic(target, data, _made)
            out.append((h, True))
    return out


def digest(data: bytes) -> str:
    """A page's content digest (96 bits, hex): whether the file on disk is already this page.
    SHA-256 rather than BLAKE2b: OpenSSL's SHA-256 uses the CPU's SHA extensions where there are
    some (most x86 CPUs since 2017–2019, ARMv8) — 14 µs against 27 µs for a 25 KB page, measured
    here; it was 9 % of a worker's time in a full export."""
    return hashlib.sha256(data).hexdigest()[:24]


def write_atomic(path: Path | str, data: bytes, made: set[str] | None = None) -> None:
    """Write to a temporary file in the same folder, then rename over the target. *made* holds
    the folders this export has created already: one ``makedirs`` per folder, not one per page
    (≈ 7 % of a page's time when every page asked). Plain ``os`` calls: ``open()``'s buffered
    file object and pathlib cost more than the write itself for a 10 KB page."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    if made is None or folder not in made:
        os.makedirs(folder, exist_ok=True)
        if made is not None:
            made.add(folder)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
