"""Body rendering in worker processes (full exports of large sites use every core we may use).

Kept tiny so a spawned worker imports only Markdown, nh3 and the renderer. Bodies come back
unresolved (``asset:<sha>`` images): the exporter keeps that form in the render cache and
resolves the URLs itself."""

from __future__ import annotations

from app.publish.render import render_body

_exts: dict[str, str] = {}
_prefix = ""


def init(exts: dict[str, str], prefix: str) -> None:
    global _exts, _prefix
    _exts = exts
    _prefix = prefix


def asset_url(sha: str) -> str:
    return f"{_prefix}assets/{sha}.{_exts.get(sha, 'bin')}"


def render_chunk(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(i, render_body(body, None)) for i, body in items]
