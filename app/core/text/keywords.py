"""Keyword suggestions and article similarity ("related articles").

Segmentation comes from jieba (0.42) and TF-IDF from :class:`TfIdf` here: the same algorithm as
``jieba.analyse.TFIDF`` (jieba's IDF table, the median IDF for unknown words, its stop words) over
``jieba.dt``, so the results are the same, but importing ``jieba.analyse`` would also import
TextRank and ``jieba.posseg`` with its large HMM tables, which keyword suggestions never use (and
the bundle leaves out). Loading jieba's dictionary and the IDF table takes a moment, so it is done
lazily on the first call, once per process, behind a lock (the UI should make that first call off
its thread, after the first paint). The bundle may store both files gzip-compressed
(``dict.txt.gz``, ``analyse/idf.txt.gz`` beside jieba's modules): they are read from there when the
plain files are absent. The newsroom dictionary —
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

import gzip
import heapq
import io
import logging
import math
import re
import threading
from collections.abc import Hashable, Iterable, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from app.core.text.counting import strip_markdown
from app.core.text.places import PLACE_SEED

KeywordsOrText = str | Sequence[str] | Mapping[str, float]

# Words a newsroom writes in every article: never suggested as keywords.
NEWSROOM_STOP_WORDS = frozenset(
    """本报讯 本报 记者 通讯员 特约记者 实习生 编辑 日前 目前 近日 今年 去年 同时 通过 进行 开展 实现
    提高 加强 推进 不断 积极 有关 相关 工作 方面 一个 一些 这个 这些 我们 他们 已经 以及 以上 其中
    据介绍 据了解 介绍 了解 表示 认为 负责人 为此 就此 另外 并且 所以 因为 可以 没有 显得 尤为 重要
    惠及 覆盖 涉及 共计 累计 截至""".split()
)

# jieba.analyse.KeywordExtractor.STOP_WORDS (jieba 0.42), which TF-IDF applies to lower-cased words
JIEBA_STOP_WORDS = frozenset(
    """the of is and to in that we for an are by be as on with can if from which you it this then at
    have all not one has or""".split()
)

_lock = threading.Lock()
_engine: TfIdf | None = None  # built on first use
_added: set[str] = set()
_NUMERIC = re.compile(r"^[\d.%,:\-]+$")
_BAD_FIRST = frozenset("于的了之")
# a count's tail cut off its number: 2000余名 → 余名, 30多个 → 多个
_COUNT_TAIL = re.compile(r"^[余多近约][名人个位家户次项元万亿]+$")
_BAD_LAST = frozenset("的了之于")


def _open_data(path: Path) -> io.BufferedIOBase:
    """A jieba data file, or its ``.gz`` beside it when only that is there (the bundle)."""
    if not path.exists():
        gz = path.with_name(path.name + ".gz")
        if gz.exists():
            return gzip.open(gz, "rb")
    return path.open("rb")


class TfIdf:
    """``jieba.analyse.TFIDF.extract_tags`` without its POS filter, hence without importing
    ``jieba.analyse``/``jieba.posseg``: term frequency over ``jieba.dt.cut`` (words shorter than 2
    characters and stop words skipped) times the word's IDF from jieba's ``analyse/idf.txt`` (the
    median IDF for words not in it), ties in first-occurrence order — the same list, same weights."""

    def __init__(self, idf_lines: Iterable[str], stop_words: Iterable[str] = JIEBA_STOP_WORDS) -> None:
        import jieba

        self.tokenizer = jieba.dt
        self.stop_words = set(stop_words)
        self.idf_freq: dict[str, float] = {}
        for line in idf_lines:
            word, freq = line.strip().split(" ")
            self.idf_freq[word] = float(freq)
        self.median_idf = sorted(self.idf_freq.values())[len(self.idf_freq) // 2] if self.idf_freq else 0.0

    @classmethod
    def from_jieba(cls, stop_words: Iterable[str] = JIEBA_STOP_WORDS) -> TfIdf:
        """With jieba's own IDF table (``jieba/analyse/idf.txt``, read as a file: jieba.analyse is
        not imported)."""
        import jieba

        with _open_data(Path(jieba.__file__).resolve().parent / "analyse" / "idf.txt") as f:
            return cls(f.read().decode("utf-8").splitlines(), stop_words)

    def extract_tags(self, sentence: str, topK: int | None = 20, withWeight: bool = False) -> list[Any]:  # noqa: N803 - jieba's names
        freq: dict[str, float] = {}
        for w in self.tokenizer.cut(sentence):
            if len(w.strip()) < 2 or w.lower() in self.stop_words:
                continue
            freq[w] = freq.get(w, 0.0) + 1.0
        total = sum(freq.values())
        for k in freq:
            freq[k] *= self.idf_freq.get(k, self.median_idf) / total
        tags: list[Any] = (sorted(freq.items(), key=itemgetter(1), reverse=True) if withWeight
                           else sorted(freq, key=freq.__getitem__, reverse=True))
        return tags[:topK] if topK else tags


def _use_compressed_dictionary(jieba: Any) -> None:
    """The bundle may ship jieba's dict.txt as dict.txt.gz: let the default tokenizer read that.
    (jieba keeps its parsed dictionary in ``<tmp>/jieba.cache``; the file is read only without it.)"""
    plain = Path(jieba.__file__).resolve().parent / jieba.DEFAULT_DICT_NAME
    if jieba.dt.dictionary is None and not plain.exists() and plain.with_name(plain.name + ".gz").exists():
        jieba.dt.get_dict_file = lambda: _open_data(plain)


def _tfidf() -> TfIdf:
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                _use_compressed_dictionary(jieba)
                engine = TfIdf.from_jieba(JIEBA_STOP_WORDS | NEWSROOM_STOP_WORDS)
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
        if _COUNT_TAIL.match(word):
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
