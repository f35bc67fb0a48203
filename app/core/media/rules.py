"""The photo desk's sign rule, as one pure function the sign guard (and a pre-sign checklist)
can call: every image an article uses needs a caption (图说) and a credit (摄影/来源) before the
article may be signed. A 转载 (reprint) photo also needs its source."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

CAPTION_MISSING = "media_caption_missing"
CREDIT_MISSING = "media_credit_missing"
RIGHTS_SOURCE_MISSING = "media_rights_source_missing"

LABELS = {
    CAPTION_MISSING: ("图说", "caption"),
    CREDIT_MISSING: ("摄影/来源", "credit"),
    RIGHTS_SOURCE_MISSING: ("转载图片的来源", "source of a reprinted photo"),
}


def missing_media_credits(article_assets: Iterable[Any]) -> list[str]:
    """Codes ``<code>:<asset id>`` for what the article's images lack, in the images' order.
    Each item has ``id``, ``caption`` (the caption the article shows: a gallery's own caption or
    the library's), ``credit``, ``rights`` and ``rights_source`` (attributes or dict keys)."""
    out: list[str] = []
    for a in article_assets:
        get = a.get if isinstance(a, dict) else (lambda k, a=a: getattr(a, k, ""))
        ident = get("id")
        if not str(get("caption") or "").strip():
            out.append(f"{CAPTION_MISSING}:{ident}")
        if not str(get("credit") or "").strip():
            out.append(f"{CREDIT_MISSING}:{ident}")
        if get("rights") == "reprint" and not str(get("rights_source") or "").strip():
            out.append(f"{RIGHTS_SOURCE_MISSING}:{ident}")
    return out


def describe(codes: list[str], lang: str = "zh") -> str:
    """One sentence for the user: which images lack what."""
    by_asset: dict[str, list[str]] = {}
    for c in codes:
        code, _, ident = c.partition(":")
        zh, en = LABELS.get(code, (code, code))
        by_asset.setdefault(ident, []).append(zh if lang.startswith("zh") else en)
    if lang.startswith("zh"):
        return "；".join(f"图片 #{i} 缺{'、'.join(v)}" for i, v in by_asset.items())
    return "; ".join(f"image #{i} lacks {', '.join(v)}" for i, v in by_asset.items())
