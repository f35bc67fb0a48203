"""Keyword suggestions and article similarity ("related articles").

Segmentation and TF-IDF come from jieba (0.42). jieba costs about 0.8 s to load its dictionary
and IDF table, so it is imported lazily on the first call, once per process, behind a lock (the
UI should make that first call off its thread, after the first paint). The newsroom dictionary —
the place names of :data:`app.core.text.places.PLACE_SEED` plus any ``user_words`` passed in — is
added on top exactly once per word, so 大云寺 and 王母宫 stay whole.

Similarity is the cosine of keyword vectors. A vector comes from text (jieba's TF-IDF weights) or
from an article's stored keyword list (weights decreasing gently with rank, since editors list the
most important keyword first). :class:`KeywordIndex` keeps those vectors for a whole site in an
inverted index and weighs each keyword by how rare it is across the site (IDF), so a related-
articles query touches only the articles sharing a keyword and common keywords (平凉 in half the
site) count for little; keywords in more than ``max_df`` of the articles are skipped.
"""

from __future__ import annotations

import heapq
import logging
import math
import re
import threading
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from app.core.text.counting import strip_markdown
from app.core.text.places import PLACE_SEED

KeywordsOrText = str | Sequence[str] | Mapping[str, float]

# Words a newsroom writes in every article: never suggested as keywords.
NEWSROOM_STOP_WORDS = frozenset(
    """本报讯 本报 记者 通讯员 特约记者 实习生 编辑 日前 目前 近日 今年 去年 同时 通过 进行 开展 实现
    提高 加强 推进 不断 积极 有关 相关 工作 方面 一个 一些 这个 这些 我们 他们 已经 以及 以上 其中
    据介绍 据了解 介绍 了解 表示 认为 负责人 为此 就此 另外 并且 所以 因为 可以 没有 显得 尤为 重要""".split()
)

_lock = threading.Lock()
_engine: Any = None  # jieba.analyse.TFIDF, built on first use
_added: set[str] = set()
_NUMERIC = re.compile(r"^[\d.%,:\-]+$")
_BAD_FIRST = frozenset("于的了之")
_BAD_LAST = frozenset("的了之于")


def _tfidf() -> Any:
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                import jieba
                import jieba.analyse

                jieba.setLogLevel(logging.WARNING)
                engine = jieba.analyse.TFIDF()
                engine.stop_words = set(engine.stop_words) | set(NEWSROOM_STOP_WORDS)
                for names in PLACE_SEED.values():
                    _add_words_locked(names)
                _engine = engine
    return _engine


def _add_words_locked(words: Iterable[str]) -> None:
    import jieba

    for w in words:
        w = w.strip()
        if w and w not in _added and " " not in w:
            jieba.add_word(w)
            _added.add(w)


def add_user_words(words: Iterable[str]) -> None:
    """Add words (local names, people, projects) to the segmenter, each once per process."""
    _tfidf()
    new = [w for w in words if w.strip() and w.strip() not in _added]
    if new:
        with _lock:
            _add_words_locked(new)


def _weighted(text: str, topk: int, user_words: Iterable[str]) -> list[tuple[str, float]]:
    engine = _tfidf()
    add_user_words(user_words)
    plain = strip_markdown(text)
    out = []
    for word, weight in engine.extract_tags(plain, topK=topk * 2 + 4, withWeight=True):
        if len(word) < 2 or _NUMERIC.match(word) or word in NEWSROOM_STOP_WORDS:
            continue
        if word[0] in _BAD_FIRST or word[-1] in _BAD_LAST:  # 于省, 社区的: segmentation debris
            continue
        out.append((word, float(weight)))
        if len(out) == topk:
            break
    return out


def suggest_keywords(text: str, topk: int = 8, user_words: Iterable[str] = ()) -> list[str]:
    """The *topk* best keywords of *text* (Markdown allowed), most characteristic first."""
    if not text.strip() or topk <= 0:
        return []
    return [w for w, _ in _weighted(text, topk, user_words)]


def keyword_vector(source: KeywordsOrText, topk: int = 20) -> dict[str, float]:
    """A unit-length keyword vector from text, a keyword list, or ``{keyword: weight}``."""
    if isinstance(source, str):
        raw = dict(_weighted(source, topk, ())) if source.strip() else {}
    elif isinstance(source, Mapping):
        raw = {str(k).strip(): float(v) for k, v in source.items() if str(k).strip() and v > 0}
    else:
        raw = {}
        for i, k in enumerate(k.strip() for k in source):
            if k and k not in raw:
                raw[k] = 1.0 / (1.0 + 0.15 * i)
    norm = math.sqrt(sum(v * v for v in raw.values()))
    return {k: v / norm for k, v in raw.items()} if norm else {}


def similarity(a: KeywordsOrText, b: KeywordsOrText) -> float:
    """Cosine similarity in [0, 1] of two articles given as text or keyword lists."""
    va, vb = keyword_vector(a), keyword_vector(b)
    if len(vb) < len(va):
        va, vb = vb, va
    return max(0.0, min(1.0, sum(w * vb.get(k, 0.0) for k, w in va.items())))


class KeywordIndex:
    """Related articles over a whole site: ``add`` each article's keywords, ask ``related``.

    Not thread-safe for concurrent writes; build it in one thread, then query freely.
    """

    def __init__(self, max_df: float = 0.25) -> None:
        self.max_df = max_df
        self._vectors: dict[Hashable, dict[str, float]] = {}
        self._postings: dict[str, dict[Hashable, float]] = {}
        self._norms: dict[Hashable, float] | None = None

    def __len__(self) -> int:
        return len(self._vectors)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._vectors

    def add(self, item_id: Hashable, keywords: KeywordsOrText) -> None:
        """Index (or re-index) one article from its keywords (or its text)."""
        self.remove(item_id)
        vec = keyword_vector(keywords)
        self._vectors[item_id] = vec
        for k, w in vec.items():
            self._postings.setdefault(k, {})[item_id] = w
        self._norms = None

    def remove(self, item_id: Hashable) -> None:
        vec = self._vectors.pop(item_id, None)
        if vec is None:
            return
        for k in vec:
            posting = self._postings.get(k)
            if posting is not None:
                posting.pop(item_id, None)
                if not posting:
                    del self._postings[k]
        self._norms = None

    def _idf(self, keyword: str) -> float:
        df = len(self._postings.get(keyword, ()))
        return math.log(1.0 + len(self._vectors) / (1.0 + df))

    def _norm_of(self, vec: Mapping[str, float]) -> float:
        return math.sqrt(sum((w * self._idf(k)) ** 2 for k, w in vec.items()))

    def _all_norms(self) -> dict[Hashable, float]:
        if self._norms is None:
            idf = {k: self._idf(k) for k in self._postings}
            self._norms = {
                i: math.sqrt(sum((w * idf[k]) ** 2 for k, w in vec.items()))
                for i, vec in self._vectors.items()
            }
        return self._norms

    def related(self, item_id: Hashable, n: int = 5) -> list[tuple[Hashable, float]]:
        """The *n* indexed articles most similar to the indexed article *item_id*."""
        vec = self._vectors.get(item_id)
        if vec is None:
            return []
        return self.related_to(vec, n, exclude=(item_id,))

    def related_to(
        self, keywords: KeywordsOrText, n: int = 5, *, exclude: Iterable[Hashable] = ()
    ) -> list[tuple[Hashable, float]]:
        """The *n* indexed articles most similar to *keywords* (or text), best first, as
        ``(id, score)`` with scores in (0, 1]."""
        vec = keywords if isinstance(keywords, dict) else keyword_vector(keywords)
        if not vec or n <= 0:
            return []
        norms = self._all_norms()
        qnorm = self._norm_of(vec)
        if not qnorm:
            return []
        limit = max(50, int(self.max_df * len(self._vectors)))
        scores: dict[Hashable, float] = {}
        for k, qw in vec.items():
            posting = self._postings.get(k)
            if not posting or len(posting) > limit:
                continue
            f = qw * self._idf(k) ** 2
            for doc, dw in posting.items():
                scores[doc] = scores.get(doc, 0.0) + f * dw
        for doc in exclude:
            scores.pop(doc, None)
        best = heapq.nlargest(n, scores.items(), key=lambda kv: (kv[1] / norms[kv[0]], str(kv[0])))
        return [(doc, min(1.0, s / (qnorm * norms[doc]))) for doc, s in best if s > 0]
