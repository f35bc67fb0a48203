from __future__ import annotations

import random
import threading

import pytest

from app.core.text import keywords as kw
from app.core.text.keywords import KeywordIndex, keyword_vector, similarity, suggest_keywords
from tests.text.helpers import reference_body

DAYUNSI = (
    "省博珍藏佛舍利移交泾川。【本报讯】记者于日前获悉，原存放于省博物馆的佛祖骨舍利，"
    "经国家民族宗教局和省文物局、省博物馆批准，已移交于泾川大云寺供奉。"
)


def test_reference_keywords():
    words = suggest_keywords(reference_body())
    assert len(words) == 8
    assert words[:3] == ["社区", "服务", "安宁区"]
    assert "记者" not in words and "本报讯" not in words


def test_newsroom_dictionary_keeps_local_names_whole():
    words = suggest_keywords(DAYUNSI, topk=10)
    assert "大云寺" in words and "泾川" in words
    assert not any(w.startswith("于") for w in words)


def test_user_words_are_added_once(monkeypatch):
    import jieba

    calls: list[str] = []
    real = jieba.add_word
    monkeypatch.setattr(jieba, "add_word", lambda w, *a, **k: (calls.append(w), real(w, *a, **k)))
    text = "龙泉寺山门前，新修的泾汭新桥通车。泾汭新桥全长三百米，泾汭新桥是县里重点工程。"
    first = suggest_keywords(text, user_words=["泾汭新桥"])
    suggest_keywords(text, user_words=["泾汭新桥"])
    assert calls == ["泾汭新桥"]
    assert first[0] == "泾汭新桥"


def test_markdown_and_empty_input():
    assert suggest_keywords("") == []
    assert suggest_keywords("   \n") == []
    assert suggest_keywords(DAYUNSI, topk=0) == []
    md = "## 大云寺\n\n[泾川大云寺](https://example.com/dayunsi)供奉佛舍利"
    assert "https" not in suggest_keywords(md) and "example" not in suggest_keywords(md)


def test_engine_initialised_once_across_threads(monkeypatch):
    monkeypatch.setattr(kw, "_engine", None)
    engines = []
    threads = [threading.Thread(target=lambda: engines.append(kw._tfidf())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(e) for e in engines}) == 1


def test_keyword_vectors():
    v = keyword_vector(["社区", "服务", "社区", " "])
    assert list(v) == ["社区", "服务"]
    assert v["社区"] > v["服务"]
    assert sum(w * w for w in v.values()) == pytest.approx(1.0)
    assert keyword_vector({"a": 2.0, "b": 0.0}) == {"a": 1.0}
    assert keyword_vector([]) == {} and keyword_vector("") == {}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (["社区", "服务"], ["社区", "服务"], 1.0),
        (["社区"], ["泾川"], 0.0),
        ([], ["泾川"], 0.0),
        ({"a": 1.0, "b": 1.0}, {"b": 1.0, "c": 1.0}, 0.5),
    ],
)
def test_similarity_of_keyword_lists(a, b, expected):
    assert similarity(a, b) == pytest.approx(expected)


def test_similarity_of_texts():
    same_topic = "安宁区各社区打造为民服务圈，社区居民享受送上门的服务。"
    assert similarity(reference_body(), same_topic) > similarity(reference_body(), DAYUNSI)
    assert similarity(reference_body(), reference_body()) == pytest.approx(1.0)


def test_keyword_index_related():
    idx = KeywordIndex()
    idx.add(1, ["社区", "服务", "安宁区"])
    idx.add(2, ["社区", "服务", "兰州"])
    idx.add(3, ["大云寺", "泾川", "舍利"])
    idx.add(4, ["泾川", "王母宫", "旅游"])
    idx.add(5, ["社区"])
    assert len(idx) == 5 and 3 in idx
    related = idx.related(1, n=2)
    assert [i for i, _ in related] == [2, 5]
    assert all(0 < s <= 1 for _, s in related)
    assert [i for i, _ in idx.related(3)] == [4]
    assert [i for i, _ in idx.related_to(DAYUNSI, n=1)] == [3]
    assert idx.related(99) == []
    idx.remove(3)
    idx.remove(3)
    assert 3 not in idx and [i for i, _ in idx.related(4)] == []
    idx.add(4, ["社区", "服务", "安宁区"])  # re-index replaces
    assert idx.related(1, n=1) == [(4, pytest.approx(1.0))]


def test_keyword_index_ten_thousand_articles():
    rnd = random.Random(7)
    vocab = [f"词{i}" for i in range(3000)]
    weights = [1 / (r + 1) for r in range(3000)]
    idx = KeywordIndex()
    docs = {}
    for i in range(10_000):
        docs[i] = list(dict.fromkeys(rnd.choices(vocab, weights=weights, k=8)))
        idx.add(i, docs[i])
    # an article with the same keywords as article 42 is its best match
    idx.add("copy", docs[42])
    top = idx.related(42, n=3)
    assert top[0][0] == "copy"
    assert top[0][1] > 0.95  # keywords in more than max_df of the site are not scored
    assert top[0][1] > top[1][1]
    # every result shares a keyword with the query, and scores are sorted
    for i in (0, 1, 2, 500, 9999):
        res = idx.related(i, n=10)
        assert res == sorted(res, key=lambda r: -r[1])
        assert all(set(docs.get(j, docs[42])) & set(docs[i]) for j, _ in res)
