"""Channel consistency of an article (Qt-free glue over app.core.text.places).

The toolkit says which channels the places an article names belong to. When every place lies
outside the local channels (the reference article about 安宁区 of Lanzhou), the toolkit has no
county channel to suggest; the desk then suggests the wider channel above the selected one that
covers the region: the province channel for a place in the province, the site's root channel for
one outside it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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


def article_text(a: ArticleData) -> str:
    return "\n".join(x for x in (a.pretitle, a.title, a.subtitle, a.summary, a.body) if x)


def _ancestors(by_id: dict[int, ChannelData], cid: int) -> list[int]:
    out = []
    cur = by_id.get(cid)
    while cur is not None and cur.parent_id is not None:
        out.append(cur.parent_id)
        cur = by_id.get(cur.parent_id)
    return out  # nearest first, root last


def check(text: str, channels: Sequence[ChannelData], selected: Iterable[int]) -> Consistency:
    selected = [i for i in selected if i is not None]
    try:
        from app.core.text.places import check_places
    except ImportError:  # pragma: no cover - the toolkit ships places
        return Consistency(True, "", "")
    rep = check_places(text, channels, selected)
    by_id = {c.id: c for c in channels}
    suggested = [i for i in rep.suggested_channel_ids if i in by_id]
    zh, en = rep.message_zh, rep.message_en
    if not rep.fits and not suggested and selected:
        outside_province = any(p.outside and p.region == "外省" for p in rep.places)
        chain = _ancestors(by_id, selected[0])
        pick = None
        if chain:
            # the root (site) channel for a story outside the province, else the channel just
            # below the root (the province)
            pick = chain[-1] if outside_province or len(chain) < 2 else chain[-2]
        if pick is not None and pick not in selected:
            suggested = [pick]
            zh += f"建议改投：「{by_id[pick].name}」。"
            en += f" Suggested: {by_id[pick].name}."
    return Consistency(rep.fits, zh, en, suggested, [by_id[i].name for i in suggested],
                       [p.name for p in rep.places])


def check_article(a: ArticleData, channels: Sequence[ChannelData],
                  primary: int | None = None, secondary: Iterable[int] | None = None) -> Consistency:
    p = a.primary_channel_id if primary is None else primary
    sec = a.secondary_channel_ids if secondary is None else list(secondary)
    return check(article_text(a), channels, ([p] if p is not None else []) + [i for i in sec if i != p])
