"""Full-text search: exact against a substring scan on both engines, kept in step with every
write, filters, visibility, ranking, snippets, stale-index repair, the list's text filter."""

from __future__ import annotations

import random
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, text, update

from app.core.domain import Contributor, Status
from app.core.models import Article, Source
from app.core.search import index as idx
from app.core.search.schema import search_docs, search_state
from app.core.search.tokens import (
    PG_TOKENIZER_VERSION,
    TOKENIZER_VERSION,
    code,
    parse_query,
    pg_needs_text,
    pg_tokens,
    term_trigrams,
    token_set,
    tokens,
    tri_code,
    trigram_codes,
)
from app.core.services.articles import ArticleQuery
from tests.conftest import actor

# a small alphabet so that terms of 1–4 characters have many hits and many near misses
CJK = "社区服务安宁中国人民大学生北京的了区"
LATIN = "abAB"
DIGITS = "1２3"  # "２" is full-width: NFKC makes it "2"
SEPS = [" ", "，", "。", "-", "\n", "·", "《", "》"]


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).casefold()


def _random_text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.75:
            out.append(rng.choice(CJK))
        elif r < 0.85:
            out.append(rng.choice(LATIN))
        elif r < 0.92:
            out.append(rng.choice(DIGITS))
        else:
            out.append(rng.choice(SEPS))
    return "".join(out)


def _fields(svc, aid: int) -> list[str]:
    with svc.db.read() as s:
        a = s.get(Article, aid)
        src = s.get(Source, a.source_id).name if a.source_id else ""
        return [a.pretitle, a.title, a.subtitle, a.summary, a.body, *a.keywords,
                *[c["name"] for c in a.contributors], src]


def _reference(svc, ids: list[int] | dict[int, list[str]], query: str) -> set[int]:
    """The exact substring scan the index must equal (``ids``: a `_snapshot`, or ids to read)."""
    snap = ids if isinstance(ids, dict) else _snapshot(svc, ids)
    terms = [t for t in _norm(query).split() if any(ch.isalnum() for ch in t)]
    if not terms:
        return set()
    return {aid for aid, fields in snap.items() if all(any(t in f for f in fields) for t in terms)}


def _snapshot(svc, ids: list[int]) -> dict[int, list[str]]:
    """Every article's normalised fields, read once for many reference scans."""
    return {aid: [_norm(f) for f in _fields(svc, aid)] for aid in ids}


def _all_ids(svc) -> list[int]:
    with svc.db.read() as s:
        return list(s.scalars(select(Article.id)))


def _make_corpus(svc, n: int = 40, seed: int = 7) -> list[int]:
    rng = random.Random(seed)
    rep = actor(svc, "wangzd")
    src = svc.admin.ensure_source(None, "北京大学生报", "")
    ids = []
    for i in range(n):
        kw = [_random_text(rng, rng.randint(2, 4)).strip() or "社区" for _ in range(rng.randint(0, 3))]
        a = svc.articles.create(
            rep, title=_random_text(rng, rng.randint(4, 20)).replace("\n", ""),
            pretitle=_random_text(rng, rng.randint(0, 6)).replace("\n", ""),
            summary=_random_text(rng, rng.randint(0, 40)),
            body=_random_text(rng, rng.randint(20, 400)),
            keywords=[k for k in kw if k and "，" not in k and "," not in k],
            contributors=[Contributor("记者", "王忠德"), Contributor("通讯员", _random_text(rng, 3).strip() or "李")],
            source_id=src.id if i % 5 == 0 else None,
        )
        ids.append(a.id)
    return ids


def _queries(svc, ids: list[int], rng: random.Random, n: int) -> list[str]:
    texts = ["\n".join(_fields(svc, aid)) for aid in ids]
    out = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.6:  # a substring of some article: 1–4 characters (hits, and neighbours' misses)
            t = rng.choice(texts)
            k = rng.randint(1, 4)
            start = rng.randrange(0, max(1, len(t) - k))
            out.append(t[start:start + k])
        elif kind < 0.8:  # random letters: mostly misses
            out.append("".join(rng.choice(CJK + LATIN + DIGITS) for _ in range(rng.randint(1, 4))))
        else:  # two terms
            t1, t2 = rng.choice(texts), rng.choice(texts)
            a, b = rng.randrange(len(t1) - 3), rng.randrange(len(t2) - 3)
            out.append(f"{t1[a:a + rng.randint(1, 3)]} {t2[b:b + rng.randint(2, 4)]}")
    # mixed Chinese/Latin/digits, full-width, punctuation inside a term, separators only
    out += ["社区", "区", "a1", "A社", "２", "1２", "b-", "-a", "，社", "区。", "——", "。", "AB", "ab12"]
    return out


def _search_ids(svc, who, q: str) -> list[int]:
    # the index brought up to date first: a search's own catch-up stops after INLINE_BUDGET
    # seconds and answers with ``pending`` > 0, so on a loaded machine the first search after
    # 40 new articles may not have indexed them all (that path: test_inline_catch_up_…)
    svc.search.ensure_current(limit=None)
    page = svc.search.search(who, q, limit=500, count_limit=10**6)
    assert page.pending == 0, q
    assert page.total_exact
    assert page.total == len(page.hits), q
    return [h.id for h in page.hits]


def test_search_equals_substring_scan(demo):
    """Recall and precision 100 % against an exact substring scan for 1–4-character terms,
    mixed terms and two-term queries; also after edits, a deletion and a source rename."""
    svc = demo
    ids = _make_corpus(svc)
    ed = actor(svc, "zongbian")
    rng = random.Random(11)
    qs = _queries(svc, ids, rng, 120)
    every = _snapshot(svc, _all_ids(svc))  # the sample newsroom's articles too
    for q in qs:
        assert set(_search_ids(svc, ed, q)) == _reference(svc, every, q), q

    # edits go through the same transaction as the save; the next search sees them
    rep = actor(svc, "wangzd")
    for aid in ids[:8]:
        a = svc.articles.get(rep, aid)
        svc.articles.save(rep, aid, {"body": _random_text(rng, 120), "title": "改过的标题" + str(aid)},
                          a.version)
    with svc.db.session() as s:  # a raw delete (no service does it) still reaches the index
        s.execute(delete(Article).where(Article.id == ids[9]))
        s.execute(update(Source).where(Source.name == "北京大学生报").values(name="陇东报社"))
    every = _snapshot(svc, _all_ids(svc))
    assert ids[9] not in every
    for q in qs[:60] + ["改过", "陇东报社", "大学生报"]:
        assert set(_search_ids(svc, ed, q)) == _reference(svc, every, q), q


def test_both_query_plans_give_the_same_answers(demo, monkeypatch):
    """Common terms walk the recency index, rare ones collect the matches: force the walk for
    every term and compare with the substring scan again (filters and paging included)."""
    from app.core.services import search as search_mod

    svc = demo
    ids = _make_corpus(svc, n=25, seed=5)
    monkeypatch.setattr(search_mod, "WALK_THRESHOLD", 0)
    monkeypatch.setattr(search_mod, "PG_DENSE_MIN", 1)
    monkeypatch.setattr(search_mod, "PG_HEAD_DENSE", 1)
    ed = actor(svc, "zongbian")
    every = _snapshot(svc, _all_ids(svc))
    for q in _queries(svc, ids, random.Random(3), 40):
        assert set(_search_ids(svc, ed, q)) == _reference(svc, every, q), q
    p1 = svc.search.search(ed, "区", limit=3)
    p2 = svc.search.search(ed, "区", offset=3, limit=3)
    monkeypatch.setattr(search_mod, "WALK_THRESHOLD", 10**9)
    monkeypatch.setattr(search_mod, "PG_DENSE_MIN", 10**9)
    monkeypatch.setattr(search_mod, "PG_HEAD_DENSE", 10**9)
    assert [h.id for h in svc.search.search(ed, "区", limit=6).hits] == [h.id for h in p1.hits + p2.hits]
    drafts = svc.search.search(ed, "社", statuses=[Status.DRAFT], limit=500).hits
    assert drafts and all(h.status == Status.DRAFT for h in drafts)


def test_query_parsing_and_tokens():
    assert tokens("社区服务") == ["社区", "区服", "服务", "务"]
    assert tokens("社区，a1") == ["社区", "区", "a1", "1"]
    assert [t.text for t in parse_query("  安宁区  社区 ——  ")] == ["安宁区", "社区"]
    # a term inside another adds nothing (all terms are required)
    assert [t.text for t in parse_query("社区 社区服务")] == ["社区服务"]
    assert [t.text for t in parse_query("ＡＢＣ")] == ["abc"]
    assert parse_query("，。——") == []
    # PostgreSQL's sets: codes of the characters and bigrams of each run, never across runs
    assert token_set("社区服，a1") == sorted(code(x) for x in ["社", "区", "服", "社区", "区服", "a", "1", "a1"])
    assert len({code(x) for x in ["a", "a\x01", "\x01a", "𠀀", "𠀀a", "a𠀀", "\U0010ffff\U0010ffff"]}) == 7
    [t2] = parse_query("安宁")
    assert pg_tokens(t2) == [code("安宁")] and not pg_needs_text(t2)  # the index alone answers
    [t3] = parse_query("安宁区")
    assert pg_tokens(t3) == [code("安宁"), code("宁区")] and pg_needs_text(t3)  # bigrams, then strpos
    [tp] = parse_query("covid-19")
    assert pg_tokens(tp) == [code(x) for x in ("co", "ov", "vi", "id", "19")] and pg_needs_text(tp)
    # trigrams: codes above every character's and bigram's; only listed ones enter a set
    assert tri_code("\x01\x01\x01") > code("\U0010ffff\U0010ffff") and 0 < tri_code("\U0010ffff" * 3) < 2**63
    assert trigram_codes("社区服务，ab") == {tri_code("社区服"), tri_code("区服务")}
    listed = frozenset({tri_code("区服务"), tri_code("宁区社")})
    assert token_set("社区服务，ab", listed) == sorted(token_set("社区服务，ab") + [tri_code("区服务")])
    assert token_set("区服，务", listed) == token_set("区服，务")  # never across runs
    [t4] = parse_query("社区服务")
    assert term_trigrams(t4) == [tri_code("社区服"), tri_code("区服务")]
    assert pg_tokens(t4, listed) == pg_tokens(t4) + [tri_code("区服务")] and pg_needs_text(t4, listed)
    [t3b] = parse_query("区服务")
    assert not pg_needs_text(t3b, listed) and pg_needs_text(t3b)  # listed: the index alone answers


def test_three_character_terms_equal_substring_scan(demo):
    """Three-character terms — on PostgreSQL the articles holding both bigrams, confirmed on
    the text — equal the substring scan, near misses included: the three characters split by
    punctuation or a field boundary, in another order, or only two of them (both bigrams
    present, never adjacent: 安宁 … 宁区 must not find 安宁区)."""
    from app.core.services.search import _pg_match

    svc = demo
    ids = _make_corpus(svc, n=30, seed=13)
    rep = actor(svc, "wangzd")
    near = svc.articles.create(rep, title="社区，服务", pretitle="安宁", subtitle="区服社",
                               summary="安宁 区 宁区", body="大学·生 北京大 学生 大学", keywords=["社区"])
    ids.append(near.id)
    ed = actor(svc, "zongbian")
    every = _snapshot(svc, _all_ids(svc))
    rng = random.Random(17)
    texts = ["\n".join(_fields(svc, aid)) for aid in ids]
    qs = ["社区服", "区服社", "安宁区", "宁区社", "大学生", "北京大", "京大学", "服务安", "ab1", "b12"]
    while len(qs) < 80:
        t = rng.choice(texts)
        start = rng.randrange(0, len(t) - 3)
        q = t[start:start + 3]
        if len(parse_query(q)) == 1 and parse_query(q)[0].exact_in_index and len(parse_query(q)[0].text) == 3:
            qs.append(q)
    for q in qs:
        [term] = parse_query(q)
        assert pg_needs_text(term)
        if svc.db.dialect == "postgresql":
            assert "strpos" in _pg_match([term])[0] and "strpos" in _pg_match([term], head=True)[0]
        assert set(_search_ids(svc, ed, q)) == _reference(svc, every, q), q
    assert near.id not in _search_ids(svc, ed, "安宁区") and near.id in _search_ids(svc, ed, "区服社")
    assert near.id not in _search_ids(svc, ed, "大学生") and near.id in _search_ids(svc, ed, "北京大")
    # in the headline tier too: 区服社 is in the headline, 社区服 only across a punctuation mark
    assert next(h.score for h in svc.search.search(ed, "区服社", limit=500).hits if h.id == near.id) == 2.0
    assert near.id not in _search_ids(svc, ed, "社区服")


def test_listed_trigrams_answer_from_the_index_and_equal_substring_scan(demo, monkeypatch):
    """PostgreSQL indexes the trigrams a rebuild finds in many articles (here: in 3 of a small
    corpus): their three-character terms are answered by the GIN index alone, longer terms are
    narrowed by them. Still equal to the substring scan — near misses, articles written after
    the rebuild (indexed under the same list), edits and the headline tier included."""
    from app.core.search.schema import search_trigrams
    from app.core.services.search import _listed, _pg_match

    svc = demo
    monkeypatch.setattr(idx, "TRIGRAM_MIN_DOCS", 3)
    ids = _make_corpus(svc, n=40, seed=19)
    svc.search.reindex()
    with svc.db.engine.connect() as c:
        listed = frozenset(c.execute(select(search_trigrams.c.code)).scalars()) if svc.db.dialect == "postgresql" \
            else frozenset()
    if svc.db.dialect == "postgresql":
        assert len(listed) > 50, len(listed)  # the small alphabet makes many trigrams common
        # only trigrams of at least 3 articles (the sample is every article here: exact counts)
        every = _snapshot(svc, _all_ids(svc))
        df = {c: sum(1 for f in every.values() if any(c in trigram_codes(x) for x in f)) for c in listed}
        assert min(df.values()) >= 3, min(df.values())
    rep = actor(svc, "wangzd")
    later = svc.articles.create(rep, title="后来写的", body="安宁区服务中心，社区服务大学生" * 3, summary="安宁 宁区")
    near = svc.articles.create(rep, title="近而不中", body="安宁，区服 务社 区 大学 生", summary="宁区 安宁")
    ids += [later.id, near.id]
    ed = actor(svc, "zongbian")
    every = _snapshot(svc, _all_ids(svc))
    rng = random.Random(23)
    texts = ["\n".join(_fields(svc, aid)) for aid in ids]
    qs = ["安宁区", "区服务", "社区服", "大学生", "服务中", "宁区社"]
    while len(qs) < 90:
        t = rng.choice(texts)
        start = rng.randrange(0, len(t) - 4)
        qs.append(t[start:start + rng.choice((3, 3, 4))])
    answered_by_index = 0
    for q in qs:
        terms = parse_query(q)
        if svc.db.dialect == "postgresql" and len(terms) == 1 and terms[0].exact_in_index and len(terms[0].text) == 3:
            with svc.db.engine.connect() as c:
                found = _listed(c, terms)
            assert found == frozenset(term_trigrams(terms[0])) & listed
            if found:
                assert "strpos" not in _pg_match(terms, listed=found)[0]
                answered_by_index += 1
        assert set(_search_ids(svc, ed, q)) == _reference(svc, every, q), q
    assert answered_by_index >= 5 or svc.db.dialect != "postgresql", answered_by_index
    assert later.id in _search_ids(svc, ed, "安宁区") and near.id not in _search_ids(svc, ed, "安宁区")
    assert near.id not in _search_ids(svc, ed, "区服务")
    # an edit takes a listed trigram out of an article, another puts one in
    svc.articles.save(rep, later.id, {"body": "改写", "summary": "", "title": "安宁区"},
                      svc.articles.get(rep, later.id).version)
    svc.articles.save(rep, near.id, {"body": "区服务"}, svc.articles.get(rep, near.id).version)
    every = _snapshot(svc, _all_ids(svc))
    for q in ("安宁区", "区服务", "社区服", "大学生"):
        assert set(_search_ids(svc, ed, q)) == _reference(svc, every, q), q
    assert next(h.score for h in svc.search.search(ed, "安宁区", limit=500).hits if h.id == later.id) == 2.0


def test_long_terms_page_in_recency_order(demo):
    """Terms that need the text (four characters, punctuation inside) page like the others:
    PostgreSQL confirms the candidates in recency order only until the page is full."""
    svc = demo
    rep = actor(svc, "wangzd")
    made = [svc.articles.create(rep, title=f"第{i}条", body=f"记者走访了湿地公园{i}号 COVID-19。").id
            for i in range(7)]
    svc.articles.create(rep, title="近似", body="湿地 公园，湿地之公园 COVID 19")  # near misses
    for q in ("湿地公园", "covid-19", "湿地公园 covid-19"):
        full = [h.id for h in svc.search.search(rep, q, limit=50).hits]
        assert full == made[::-1], q
        pages = [h.id for off in range(0, 7, 3) for h in svc.search.search(rep, q, offset=off, limit=3).hits]
        assert pages == full, q


def test_each_engine_keeps_its_own_tokenizer_version(demo):
    """PostgreSQL's sets have a version of their own (codes-4 now): an index built under
    another (here SQLite's bigram-2) is rebuilt there on first use; SQLite's FTS5 index stays."""
    svc = demo
    ids = _make_corpus(svc, n=10, seed=4)
    rep = actor(svc, "wangzd")
    expected = {q: _search_ids(svc, rep, q) for q in ("社区", "安宁区", "大学生 区", "北京大学")}
    pg = svc.db.dialect == "postgresql"
    assert idx.state(svc.db).current == (PG_TOKENIZER_VERSION if pg else TOKENIZER_VERSION)
    assert idx.state(svc.db).ok
    with svc.db.session() as s:
        s.execute(update(search_state).where(search_state.c.key == "tokenizer").values(value="bigram-2"))
    assert idx.check(svc.db) == ("rebuild" if pg else "ok")
    assert {q: _search_ids(svc, rep, q) for q in expected} == expected
    st = idx.state(svc.db)
    assert st.ok and st.tokenizer == st.current and st.indexed >= len(ids)


def test_normalize_is_nfkc_casefold():
    """normalize's fast path (full-width punctuation replaced first) gives exactly NFKC +
    casefold, combining marks, compatibility ideographs and full-width letters included."""
    from app.core.search.tokens import normalize

    rng = random.Random(8)
    pool = ([chr(c) for c in [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x3000, 0x3100),
                              *range(0xFF00, 0xFFEF), *range(0x4E00, 0x4E40), *range(0xF900, 0xF910),
                              *range(0x2F00, 0x2F10), 0x2260, 0x338, 0x2026, 0xDF, 0x130]]
            + list("，！？：；（）％＋－＂＇～｜\u3000") * 20)
    samples = ["＝\u0338", "，\u0301", "Ａ，ｂ", "社区，服务！", "ＣＯＶＩＤ－１９", "ß，İ"]
    samples += ["".join(rng.choice(pool) for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    for s in samples:
        assert normalize(s) == unicodedata.normalize("NFKC", s).casefold(), repr(s)


def test_ranking_headline_first_then_recency(demo):
    svc = demo
    rep = actor(svc, "wangzd")
    old_head = svc.articles.create(rep, title="安宁区湿地服务中心揭牌", body="正文与此无关。")
    body_new = svc.articles.create(rep, title="其他消息", body="记者走访了安宁区湿地。")
    body_newer = svc.articles.create(rep, title="又一条", body="安宁区的湿地工作者。")
    hits = svc.search.search(rep, "湿地").hits
    assert [h.id for h in hits] == [old_head.id, body_newer.id, body_new.id]
    assert hits[0].score > hits[1].score
    # paging across the headline tier
    p2 = svc.search.search(rep, "湿地", offset=1, limit=1)
    assert [h.id for h in p2.hits] == [body_newer.id] and p2.total == 3
    p3 = svc.search.search(rep, "湿地", offset=2, limit=5)
    assert [h.id for h in p3.hits] == [body_new.id]


def test_snippets_highlight_terms(demo):
    svc = demo
    rep = actor(svc, "wangzd")
    body = "开头。" + "无关的文字。" * 30 + "**西华区**推出<湿地>服务“一站通”，居民点赞。" + "结尾。" * 30
    a = svc.articles.create(rep, title="惠农新举措", body=body)
    [hit] = svc.search.search(rep, "西华区 湿地").hits
    assert hit.id == a.id
    assert "<mark>西华区</mark>" in hit.snippet_html
    assert "&lt;<mark>湿地</mark>&gt;" in hit.snippet_html  # escaped, highlighted
    assert "**" not in hit.snippet_html and hit.snippet_html.startswith("…")
    [hit] = svc.search.search(rep, "惠农").hits
    assert hit.title_html == "<mark>惠农</mark>新举措"


def test_visibility_and_filters(demo):
    svc = demo
    rep = actor(svc, "wangzd")
    other = actor(svc, "zhangmin")
    ed = actor(svc, "chushen")
    mine = svc.articles.create(rep, title="供暖季社区走访", body="社区供暖情况。")
    theirs = svc.articles.create(other, title="社区供暖调查", body="另一位记者的草稿。")
    seen_by_rep = {h.id for h in svc.search.search(rep, "供暖").hits}
    assert mine.id in seen_by_rep and theirs.id not in seen_by_rep
    assert {mine.id, theirs.id} <= {h.id for h in svc.search.search(ed, "供暖").hits}
    for h in svc.search.search(rep, "社区", limit=200).hits:
        assert h.status == Status.PUBLISHED or h.id == mine.id or svc.articles.get(ed, h.id).author_id == rep.id
    # status / author filters
    drafts = svc.search.search(ed, "供暖", statuses=[Status.DRAFT]).hits
    assert {h.id for h in drafts} >= {mine.id, theirs.id}
    assert all(h.status == Status.DRAFT for h in drafts)
    assert {h.id for h in svc.search.search(ed, "供暖", author_id=other.id).hits} == {theirs.id}
    # channel filter: primary and secondary channels
    chans = svc.admin.channels()
    c1, c2 = chans[-1].id, chans[-2].id
    a = svc.articles.get(ed, mine.id)
    svc.articles.save(ed, mine.id, {"primary_channel_id": c1}, a.version)
    b = svc.articles.get(ed, theirs.id)
    svc.articles.save(ed, theirs.id, {"secondary_channel_ids": [c1]}, b.version)
    assert {h.id for h in svc.search.search(ed, "供暖", channel_id=c1).hits} == {mine.id, theirs.id}
    assert {h.id for h in svc.search.search(ed, "供暖", channel_id=c2).hits} == set()
    # date range on the last change
    now = datetime.now(UTC)
    assert {mine.id, theirs.id} <= {h.id for h in svc.search.search(
        ed, "供暖", date_from=now - timedelta(hours=1), date_to=now + timedelta(hours=1)).hits}
    assert svc.search.search(ed, "供暖", date_to=now - timedelta(days=1)).hits == []
    assert {mine.id} <= {h.id for h in svc.search.search(ed, "供暖", date_from=now.date() - timedelta(days=1)).hits}


def test_matching_ids_and_list_text_filter(demo):
    svc = demo
    rep = actor(svc, "wangzd")
    a = svc.articles.create(rep, title="无题", body="正文里才有的词：泾河湿地公园。")
    assert a.id in svc.search.matching_ids(rep, "湿地")
    page = svc.articles.list(rep, ArticleQuery(text="湿地"))
    assert [r.id for r in page.rows] == [a.id] and page.total == 1
    assert svc.articles.list(rep, ArticleQuery(text="湿地 火星")).total == 0
    assert svc.articles.list(rep, ArticleQuery(text="——")).total == 0


def test_rolled_back_write_leaves_index_alone(demo):
    svc = demo
    rep = actor(svc, "wangzd")
    a = svc.articles.create(rep, title="原标题", body="原来的正文")
    with pytest.raises(RuntimeError), svc.db.session() as s:
        s.execute(update(Article).where(Article.id == a.id).values(body="被回滚的正文"))
        raise RuntimeError("boom")
    assert svc.search.search(rep, "回滚").hits == []
    assert [h.id for h in svc.search.search(rep, "原来").hits] == [a.id]


def test_stale_index_is_detected_and_repaired(demo):
    svc = demo
    ids = _make_corpus(svc, n=12, seed=3)
    rep = actor(svc, "wangzd")
    expected = {q: _search_ids(svc, rep, q) for q in ("社区", "a", "大学", "北京 区")}
    assert idx.state(svc.db).ok
    # lose index entries behind the triggers' back (as a restored old copy might)
    with svc.db.session() as s:
        s.execute(delete(search_docs).where(search_docs.c.article_id.in_(ids[:4])))
        if svc.db.dialect == "postgresql":
            s.execute(text("DELETE FROM search_terms WHERE article_id = ANY(:i)"), {"i": ids[:4]})
    assert idx.check(svc.db) == "repaired"
    assert {q: _search_ids(svc, rep, q) for q in expected} == expected
    if svc.db.dialect == "postgresql":  # half an entry: its text lost, its set kept; queued again
        with svc.db.session() as s:
            s.execute(text("DELETE FROM search_plain WHERE article_id = ANY(:i)"), {"i": ids[4:6]})
            s.execute(text("INSERT INTO search_queue(article_id) SELECT unnest(CAST(:i AS int[]))"), {"i": ids[4:6]})
        assert {q: _search_ids(svc, rep, q) for q in expected} == expected
    # a tokenizer change rebuilds everything
    with svc.db.session() as s:
        s.execute(update(search_state).where(search_state.c.key == "tokenizer").values(value="old"))
    assert idx.check(svc.db) == "rebuild"
    assert {q: _search_ids(svc, rep, q) for q in expected} == expected
    assert idx.state(svc.db).ok
    # a full rebuild gives the same answers
    svc.search.reindex()
    assert {q: _search_ids(svc, rep, q) for q in expected} == expected


def _insert_0001(conn, table: str, **values):  # type: ignore[no-untyped-def]
    """Insert into the table as the database has it (reflected): NOT NULL columns without a server
    default get an empty value of their type; returns the new id."""
    import datetime as dt

    from sqlalchemy import JSON, Boolean, DateTime, Integer, MetaData, Table, insert

    t = Table(table, MetaData(), autoload_with=conn)
    for c in t.c:
        if c.name in values or c.nullable or c.server_default is not None or c.primary_key:
            continue
        ty = c.type
        values[c.name] = (dt.datetime.now(dt.UTC) if isinstance(ty, DateTime) else False if isinstance(ty, Boolean)
                          else 0 if isinstance(ty, Integer) else [] if isinstance(ty, JSON) else "")
    return conn.execute(insert(t).values(**values)).inserted_primary_key[0]


def test_upgrade_from_0001_indexes_existing_articles(empty_db_url):
    from alembic import command

    from app.core.db import Database
    from app.core.services import Services

    db = Database(empty_db_url)
    try:
        command.upgrade(db.alembic_config(), "0001")
        with db.engine.begin() as conn:  # rows as revision 0001 has them (today's models have more columns)
            uid = _insert_0001(conn, "users", login="x", real_name="记者甲", password_hash="-")
            _insert_0001(conn, "articles", uuid="u-1", version=1, status="published", title="旧库里的文章",
                         body="升级之前写的社区新闻", author_id=uid)
        db.upgrade(backup=False)
        svc = Services.create(db)
        ed = svc.users.actor_by_login("x")
        hits = svc.search.search(ed, "社区").hits
        assert [h.title for h in hits] == ["旧库里的文章"]
    finally:
        db.dispose()


def test_upgrade_from_the_trigram_sets_rebuilds_the_index(empty_db_url, capsys):
    """Migration 0012 (issue #21): PostgreSQL's sets become integer codes of characters and
    bigrams and the text moves inline (LZ4 where the server has it). An index built with the
    trigram sets is emptied, the first search rebuilds it, and the answers are exact; a
    downgrade and a second upgrade work too. SQLite: nothing changes."""
    from alembic import command

    from app.core.db import Database
    from app.core.services import Services

    db = Database(empty_db_url)
    pg = db.dialect == "postgresql"
    try:
        command.upgrade(db.alembic_config(), "0005")
        with db.engine.begin() as conn:
            uid = _insert_0001(conn, "users", login="x", real_name="记者甲", password_hash="-")
            aid = _insert_0001(conn, "articles", uuid="u-1", version=1, status="published", title="安宁区的新闻",
                               body="升级之前写的社区服务新闻，安宁 区", author_id=uid)
            _insert_0001(conn, "articles", uuid="u-2", version=1, status="published", title="近似",
                         body="安宁 宁区 社区，服务", author_id=uid)
            if pg:  # an index as the trigram sets left it
                conn.execute(text("INSERT INTO search_terms(article_id, head, toks, head_doc, doc) VALUES "
                                  "(:a, '{安宁区}', '{安宁区,社区服}', '安宁区的新闻', '社区服务')"), {"a": aid})
                conn.execute(text("DELETE FROM search_state WHERE key = 'tokenizer'"))
                conn.execute(text("INSERT INTO search_state(key, value) VALUES ('tokenizer', 'trigram-3')"))
        from app.cli import main

        assert main(["--database", empty_db_url, "db", "upgrade"]) == 0  # as an administrator would
        assert ("newsdesk reindex" in capsys.readouterr().out) == pg
        if pg:
            with db.engine.connect() as conn:
                cols = dict(conn.execute(text(
                    "SELECT c.relname::text || '.' || a.attname::text, format_type(a.atttypid, a.atttypmod) || ' ' || "
                    "a.attstorage::text || ' ' || a.attcompression::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                    "WHERE c.relname IN ('search_terms', 'search_plain') AND a.attnum > 0 AND NOT a.attisdropped")).all())
                lz4 = conn.execute(text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                                        "WHERE name = 'default_toast_compression'")).scalar()
                assert conn.execute(text("SELECT count(*) FROM search_terms")).scalar() == 0
                # 0013: the list of indexed trigrams, empty until a rebuild chooses it
                assert conn.execute(text("SELECT count(*) FROM search_trigrams")).scalar() == 0
            assert cols["search_terms.toks"].startswith("bigint[] x"), cols
            assert cols["search_terms.head"].startswith("bigint[] x"), cols
            assert "search_terms.doc" not in cols, cols
            assert cols["search_plain.doc"] == "text m " + ("l" if lz4 else ""), cols
        svc = Services.create(db)
        ed = svc.users.actor_by_login("x")
        assert [h.title for h in svc.search.search(ed, "安宁区").hits] == ["安宁区的新闻"]
        assert [h.title for h in svc.search.search(ed, "社区服务").hits] == ["安宁区的新闻"]
        assert sorted(h.title for h in svc.search.search(ed, "宁区").hits) == ["安宁区的新闻", "近似"]
        assert idx.state(db).ok
        db.dispose()
        command.downgrade(db.alembic_config(), "0005")
        db.upgrade(backup=False)
        assert main(["--database", empty_db_url, "reindex"]) == 0  # what `db upgrade` advised
        svc = Services.create(db)
        assert [h.title for h in svc.search.search(ed, "安宁区").hits] == ["安宁区的新闻"]
        assert idx.state(db).ok
    finally:
        db.dispose()


def test_accounts_without_index_rights_get_a_scan(demo, monkeypatch):
    """PostgreSQL newsroom mode keeps reporters out of the index tables (they hold every
    article's text): their searches fall back to a scan of what they may see, same ranking."""
    from sqlalchemy.exc import ProgrammingError

    from app.core.services import search as search_mod

    svc = demo
    rep = actor(svc, "wangzd")
    other = actor(svc, "zhangmin")
    a = svc.articles.create(rep, title="湿地公园开园", body="正文。")
    b = svc.articles.create(rep, title="无题", body="西华区湿地公园。")
    hidden = svc.articles.create(other, title="湿地草稿", body="别人的草稿。")
    expected = svc.search.search(rep, "湿地 公园")

    class Denied:
        sqlstate = "42501"

    def deny(*_a, **_k):
        raise ProgrammingError("SELECT … FROM search_docs", {}, Denied())

    monkeypatch.setattr(search_mod._Query, "page", deny)
    monkeypatch.setattr(search_mod._Query, "verified_page", deny)
    got = svc.search.search(rep, "湿地 公园")
    assert [h.id for h in got.hits] == [h.id for h in expected.hits] == [a.id, b.id]
    assert got.total == 2 and "<mark>湿地公园</mark>" in got.hits[1].snippet_html
    assert hidden.id not in svc.search.matching_ids(rep, "湿地")
    assert svc.search.matching_ids(rep, "湿地") == [a.id, b.id]
    if svc.db.dialect == "postgresql":  # the list's text filter falls back as well
        monkeypatch.setattr(search_mod._Query, "_plan", deny)
        rows = svc.articles.list(rep, ArticleQuery(text="湿地 公园")).rows
        assert {r.id for r in rows} == {a.id, b.id}


def test_a_large_backlog_is_worked_off_a_slice_per_search(demo, monkeypatch):
    """After an upgrade's rebuild or a bulk import, a search does not wait for the whole backlog:
    it indexes for at most INLINE_BUDGET seconds, answers with ``pending`` > 0, and each later
    search carries on until the index is whole again (same answers as before)."""
    from app.core.services import search as search_mod

    svc = demo
    _make_corpus(svc, n=60, seed=11)
    rep = actor(svc, "zongbian")
    expected = _search_ids(svc, rep, "社区")
    assert idx.state(svc.db).ok
    with svc.db.session() as s:  # a tokenizer change: everything is queued again
        s.execute(update(search_state).where(search_state.c.key == "tokenizer").values(value="old"))
    search_mod._CHECKED.discard(svc.db)
    monkeypatch.setattr(search_mod, "INLINE_BUDGET", 0.0)  # one batch per search
    queued = None
    rounds = 0
    while True:
        page = svc.search.search(rep, "社区", limit=200)
        rounds += 1
        if page.pending == 0:
            break
        assert queued is None or page.pending < queued  # every search makes progress
        queued = page.pending
        assert queued <= idx.state(svc.db).articles
    assert rounds > 2  # the backlog took several searches, BUDGET_BATCH articles each
    assert sorted(h.id for h in page.hits) == sorted(expected) and idx.state(svc.db).ok


def test_the_list_says_when_its_text_filter_may_be_incomplete(demo, monkeypatch):
    """ArticleService.list with a text filter reports how much the index still has to take in
    (Page.search_pending), so the list can say its rows may be incomplete; 0 once caught up."""
    from app.core.services import search as search_mod

    svc = demo
    _make_corpus(svc, n=60, seed=12)
    ed = actor(svc, "zongbian")
    svc.search.ensure_current(limit=None)  # caught up (one search's own slice depends on the machine's speed)
    assert svc.articles.list(ed, ArticleQuery(text="社区")).search_pending == 0
    with svc.db.session() as s:
        s.execute(update(search_state).where(search_state.c.key == "tokenizer").values(value="old"))
    search_mod._CHECKED.discard(svc.db)
    monkeypatch.setattr(search_mod, "INLINE_BUDGET", 0.0)
    page = svc.articles.list(ed, ArticleQuery(text="社区"))
    assert 0 < page.search_pending < idx.state(svc.db).articles
    assert svc.articles.list(ed, ArticleQuery()).search_pending == 0  # no text filter: no index
    while svc.articles.list(ed, ArticleQuery(text="社区")).search_pending:
        pass
    assert idx.state(svc.db).ok


def test_the_sample_newsroom_starts_indexed(demo):
    """load_demo leaves nothing queued: the first search after one new article indexes that one
    article (one batch), never a backlog that a loaded machine works off in slices (CI once
    missed a just-created article behind the sample newsroom's 71 queued changes)."""
    assert idx.pending(demo.db) == 0 and idx.state(demo.db).ok
    rep = actor(demo, "wangzd")
    a = demo.articles.create(rep, title="惠农新举措", body="**西华区**推出湿地服务。")
    assert [h.id for h in demo.search.search(rep, "西华区 湿地").hits] == [a.id]
