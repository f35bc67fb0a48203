"""Related articles for a whole site at once: the scores of
:class:`app.core.text.keywords.KeywordIndex` (cosine of IDF-weighted keyword vectors, keywords
in more than ``max_df`` of the articles skipped), found with the threshold algorithm instead of
scoring every article that shares a keyword.

``KeywordIndex.related`` touches every article sharing any keyword; on a site whose keywords come
from a small vocabulary (平凉, 社区服务 …) that is thousands of candidates per article, seconds per
thousand articles. Here each keyword's posting list is sorted by its contribution once, and a
query walks the lists of its own keywords in parallel, stopping as soon as no unseen article can
beat the current top *n* — usually after a few dozen entries.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Mapping, Sequence

from app.core.text.keywords import keyword_vector


def related_all(items: Mapping[Hashable, Sequence[str]], n: int = 5,
                max_df: float = 0.25) -> dict[Hashable, list[Hashable]]:
    """For every item (id → keyword list, most important first): its *n* most related ids, best
    first — the same ranking as ``KeywordIndex.related`` (ties by the id's text, descending)."""
    vectors = {i: keyword_vector(list(kw)) for i, kw in items.items()}
    postings: dict[str, dict[Hashable, float]] = {}
    for i, vec in vectors.items():
        for k, w in vec.items():
            postings.setdefault(k, {})[i] = w
    total = len(vectors)
    idf = {k: math.log(1.0 + total / (1.0 + len(p))) for k, p in postings.items()}
    norms = {i: math.sqrt(sum((w * idf[k]) ** 2 for k, w in vec.items())) for i, vec in vectors.items()}
    limit = max(50, int(max_df * total))
    # per keyword: (upper bound of a document's normalised contribution, doc), best first
    ranked: dict[str, list[tuple[float, Hashable]]] = {}
    for k, p in postings.items():
        if len(p) > limit:
            continue
        f = idf[k] ** 2
        ranked[k] = sorted(((f * w / norms[d], d) for d, w in p.items() if norms[d]),
                           key=lambda t: t[0], reverse=True)
    out: dict[Hashable, list[Hashable]] = {}
    for me, vec in vectors.items():
        terms = [(k, qw, qw * idf[k] ** 2) for k, qw in vec.items() if k in ranked]
        if not terms or not norms[me]:
            out[me] = []
            continue
        seen = {me}
        best: list[tuple[float, str, Hashable]] = []  # min-heap of (score, str id, id)
        depth = 0
        lists = [ranked[k] for k, _, _ in terms]
        while True:
            bound = 0.0
            more = False
            for (_k, qw, _f), lst in zip(terms, lists, strict=True):
                if depth < len(lst):
                    more = True
                    contrib, d = lst[depth]
                    bound += qw * contrib
                    if d not in seen:
                        seen.add(d)
                        s = 0.0
                        for k2, _qw2, f2 in terms:  # exactly KeywordIndex's sum, in its order
                            dw = postings[k2].get(d)
                            if dw is not None:
                                s += f2 * dw
                        if s > 0:
                            entry = (s / norms[d], str(d), d)
                            if len(best) < n:
                                heapq.heappush(best, entry)
                            elif entry[:2] > best[0][:2]:
                                heapq.heapreplace(best, entry)
            depth += 1
            # stop when nothing unseen can reach the n-th best (a tie could still win on its id)
            if not more or (len(best) == n and best[0][0] > bound * (1 + 1e-9)):
                break
        out[me] = [d for _, _, d in sorted(best, key=lambda e: e[:2], reverse=True)]
    return out
