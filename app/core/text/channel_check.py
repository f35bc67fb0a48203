"""The one place/channel verdict both desks show (the reporter's editor and the editor's review
panel call :func:`channel_verdict` with the text on screen, so they always agree).

Before (issue #13) the reporter's editor ran the raw toolkit (``check_places``) on headline +
body against the primary channel only, while the review panel ran this wider check on the whole
text, primary and secondary channels, from the last *saved* article: for the 安宁区 article the
reporter read "与「甘肃」不符" and the editor "归入「甘肃」合适", and the editor's verdict lagged
until a save.

The toolkit says which channels the places an article names belong to. When every place lies
outside the local channels (the reference article about 安宁区 of Lanzhou), the toolkit has no
county channel to suggest; the desk then suggests the wider channel above the selected one that
covers the region: the province channel for a place in the province, the site's root channel for
one outside it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core.domain import ArticleData, ChannelData


@dataclass
class Consistency:
    fits: bool
    message_zh: str
    message_en: str
    suggested_ids: list[int] = field(default_factory=list)
    suggested_names: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang.startswith("en") else self.message_zh


TEXT_FIELDS = ("pretitle", "title", "subtitle", "summary", "body")


def article_text(a: Any) -> str:
    """The text the check reads: headline parts, summary and body (ArticleData or a dict)."""
    get = a.get if isinstance(a, Mapping) else (lambda k, d="": getattr(a, k, d))
    return "\n".join(x for x in (get(k, "") or "" for k in TEXT_FIELDS) if x)


def _depth(by_id: dict[int, ChannelData], cid: int) -> int:
    d, cur, seen = 0, by_id.get(cid), set()
    while cur is not None and cur.parent_id is not None and cur.id not in seen:
        seen.add(cur.id)
        d += 1
        cur = by_id.get(cur.parent_id)
    return d


def _path_ids(by_id: dict[int, ChannelData], cid: int) -> list[int]:
    out, cur = [], by_id.get(cid)
    while cur is not None and cur.id not in out:
        out.append(cur.id)
        cur = by_id.get(cur.parent_id) if cur.parent_id is not None else None
    return list(reversed(out))  # root first


def check(text: str, channels: Sequence[ChannelData], selected: Iterable[int]) -> Consistency:
    selected = [i for i in selected if i is not None]
    try:
        from app.core.text.places import check_places
    except ImportError:  # pragma: no cover - the toolkit ships places
        return Consistency(True, "", "")
    rep = check_places(text, channels, selected)
    by_id = {c.id: c for c in channels}
    names = [p.name for p in rep.places]
    suggested = [i for i in rep.suggested_channel_ids if i in by_id]
    if rep.fits or suggested or not rep.places or any(not p.outside for p in rep.places):
        return Consistency(rep.fits, rep.message_zh, rep.message_en, suggested,
                           [by_id[i].name for i in suggested], names)
    # Every place lies outside the county channels: the province channel (depth 1) covers a
    # place in the province, the root channel one outside it.
    outside_province = any(p.region == "外省" for p in rep.places)
    wide_depth = 0 if outside_province else 1
    listed = "、".join(p.name + (f"（{p.region}）" if p.region else "") for p in rep.places[:8])
    fitting = [i for i in selected if i in by_id and _depth(by_id, i) <= wide_depth]
    if fitting:
        name = by_id[fitting[0]].name
        return Consistency(True, f"文中地名（{listed}）在本地县区之外，归入「{name}」合适。",
                           f"The places named ({listed}) lie outside the counties; {name} fits.", [], [], names)
    pick = None
    if selected:
        path = _path_ids(by_id, selected[0])
        pick = path[wide_depth] if len(path) > wide_depth else path[0]
    else:
        pick = next((c.id for c in channels if _depth(by_id, c.id) == wide_depth), None)
    zh, en = rep.message_zh, rep.message_en
    if pick is not None:
        suggested = [pick]
        zh += f"建议改投：「{by_id[pick].name}」。"
        en += f" Suggested: {by_id[pick].name}."
    return Consistency(False, zh, en, suggested, [by_id[i].name for i in suggested], names)


def check_article(a: ArticleData, channels: Sequence[ChannelData],
                  primary: int | None = None, secondary: Iterable[int] | None = None) -> Consistency:
    p = a.primary_channel_id if primary is None else primary
    sec = a.secondary_channel_ids if secondary is None else list(secondary)
    return check(article_text(a), channels, ([p] if p is not None else []) + [i for i in sec if i != p])


def channel_verdict(fields: Any, channels: Sequence[ChannelData], primary: int | None,
                    secondary: Iterable[int] = ()) -> Consistency:
    """The verdict for the text in ``fields`` (ArticleData or the editor's field dict) filed under
    ``primary`` and ``secondary``: the one function both desks call."""
    sec = [i for i in secondary if i != primary]
    return check(article_text(fields), channels, ([primary] if primary is not None else []) + sec)
