"""Related articles for a whole site at once, ranked exactly like
:meth:`app.core.text.keywords.KeywordIndex.related` (cosine of IDF-weighted keyword vectors,
keywords in more than ``max_df`` of the articles skipped, ties by the id's text, descending).

``KeywordIndex.related`` scores, in Python, every article sharing a keyword with the query; on a
site whose keywords come from a small vocabulary that is thousands of candidates per article and
seconds per thousand articles. When numpy is importable the same sums are done on arrays (same
float operations in the same order, so the same ranking); without it the index itself is used.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar, cast

from app.core.text.keywords import KeywordIndex, keyword_vector

K = TypeVar("K", bound=Hashable)


def related_all(items: Mapping[K, Sequence[str]], n: int = 5, max_df: float = 0.25,
                use_numpy: bool = True) -> dict[K, list[K]]:
    """For every item (id → keyword list, most important first): its *n* most related ids."""
    if use_numpy:
        try:
            import numpy
        except ImportError:  # pragma: no cover - numpy is optional
            pass
        else:
            return _with_numpy(numpy, items, n, max_df)
    index = KeywordIndex(max_df=max_df)
    for i, kw in items.items():
        index.add(i, list(kw))
    return {i: [cast(K, d) for d, _ in index.related(i, n)] for i in items}


def _with_numpy(np, items: Mapping[K, Sequence[str]], n: int,  # type: ignore[no-untyped-def]
                max_df: float) -> dict[K, list[K]]:
    ids = list(items)
    names = [str(i) for i in ids]
    vectors = [keyword_vector(list(items[i])) for i in ids]
    postings: dict[str, list[tuple[int, float]]] = {}
    for p, vec in enumerate(vectors):
        for k, w in vec.items():
            postings.setdefault(k, []).append((p, w))
    total = len(ids)
    idf = {k: math.log(1.0 + total / (1.0 + len(v))) for k, v in postings.items()}
    norms = np.array([math.sqrt(sum((w * idf[k]) ** 2 for k, w in vec.items())) for vec in vectors])
    limit = max(50, int(max_df * total))
    arrays = {k: (np.array([p for p, _ in v], dtype=np.int64), np.array([w for _, w in v]))
              for k, v in postings.items() if len(v) <= limit}
    safe_norms = np.where(norms > 0, norms, 1.0)
    out: dict[K, list[K]] = {}
    scores = np.zeros(total)
    for me, vec in enumerate(vectors):
        terms = [(k, qw) for k, qw in vec.items() if k in arrays]
        if not terms or norms[me] == 0:
            out[ids[me]] = []
            continue
        scores.fill(0.0)
        for k, qw in terms:  # KeywordIndex's sum: f = qw·idf², then s += f·dw, in the query's order
            docs, dws = arrays[k]
            scores[docs] += (qw * idf[k] ** 2) * dws
        scores[me] = 0.0
        cand = np.flatnonzero(scores > 0)
        ratio = scores[cand] / safe_norms[cand]
        if len(cand) > n:
            nth = np.partition(ratio, len(ratio) - n)[len(ratio) - n]
            sel = ratio >= nth
            cand, ratio = cand[sel], ratio[sel]
        ranked = sorted(zip(ratio.tolist(), cand.tolist(), strict=True), key=lambda t: (t[0], names[t[1]]),
                        reverse=True)[:n]
        out[ids[me]] = [ids[p] for _, p in ranked]
    return out
