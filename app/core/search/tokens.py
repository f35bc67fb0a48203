"""Tokenisation for the full-text index: overlapping bigrams (the approach of Lucene's CJK
analyzer), applied to every run of word characters — Chinese, Latin and digits alike.

Why this scheme (see docs/search.md): SQLite 3.40's trigram tokenizer never matches terms under
three characters, and jieba-segmented tokens lose recall ("北京大学生"). Bigrams make every
term of two or more characters an exact phrase query:

* the text is normalised (NFKC, case-folded) and split into *runs* of word characters
  (Unicode letters and digits); everything else (spaces, punctuation) separates runs;
* a run ``c1 c2 … cn`` becomes the tokens ``c1c2 c2c3 … c(n-1)cn cn`` — the overlapping
  bigrams plus the run's last character on its own. That last token does two jobs: it keeps
  two runs from forming a false phrase across a boundary; (every occurrence of ``x`` is the first
  character of a bigram or the last of a run, so the prefix query ``x*`` would find exactly the
  texts containing ``x`` — FTS5 also gets each distinct character as a token of its own, which
  answers one-character terms from one posting list);
* a query term of one run ``q1 … qm`` (m ≥ 2) is the phrase ``q1q2 q2q3 … q(m-1)qm``, which
  matches exactly the texts where the term is a substring of a run — i.e. of the text;
* a term with punctuation inside (``COVID-19``, ``3.5``) is several runs: the index narrows
  to texts holding each run, then the stored text confirms the exact substring.

PostgreSQL stores sets instead of positions (``bigint[]`` codes with a GIN index): see
``token_set``. Its tokens differ from FTS5's, so its tokenizer has a version of its own
(``tokenizer_version``): a change to one engine's tokens rebuilds only that engine's indexes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TOKENIZER_VERSION = "bigram-2"  # SQLite: the FTS5 token stream (token_text)
PG_TOKENIZER_VERSION = "codes-4"  # PostgreSQL: the token sets (token_set, pg_tokens)
RUN = re.compile(r"[^\W_]+")
FIELD_SEP = "\n"


def tokenizer_version(dialect: str) -> str:
    """The version an index built on ``dialect`` must carry (search_state 'tokenizer')."""
    return PG_TOKENIZER_VERSION if dialect == "postgresql" else TOKENIZER_VERSION


# Full-width punctuation of everyday Chinese text and its NFKC form (one ASCII character each).
_FULLWIDTH = [(c, unicodedata.normalize("NFKC", c)) for c in "，！？：；（）％＋－＂＇～｜\u3000"]


def normalize(text: str) -> str:
    """The form both the index and the queries see: NFKC (full-width → ASCII) and case-folded.

    Fast path (snippets normalise every hit's body): Chinese text is rarely NFKC-normal only
    because of its full-width punctuation. Replacing those characters by their NFKC forms first
    changes nothing in the result (NFKC decomposes each to that same ASCII character, so the
    text's full decomposition, and hence its NFKC form, stays the same), and the rest is then
    often normal already — 8 µs instead of 115 µs for a 1,300-character body."""
    t = text
    for full, ascii_ in _FULLWIDTH:
        if full in t:
            t = t.replace(full, ascii_)
    if unicodedata.is_normalized("NFKC", t):
        return t.casefold()
    return unicodedata.normalize("NFKC", text).casefold()


def run_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    toks = [run[i:i + 2] for i in range(len(run) - 1)]
    toks.append(run[-1])
    return toks


def tokens(normalized: str) -> list[str]:
    """The token stream of already-normalised text (positions = list indexes)."""
    out: list[str] = []
    for run in RUN.findall(normalized):
        if len(run) == 1:
            out.append(run)
        else:
            out.extend([run[i:i + 2] for i in range(len(run) - 1)])
            out.append(run[-1])
    return out


def token_text(normalized: str) -> str:
    """What the FTS5 (unicode61) table is fed: the token stream, then every distinct character
    once more — a one-character term is then one token's posting list, not a prefix scan over
    every bigram it starts (0.2–0.5 s at 100,000 articles). Single characters never take part
    in a bigram phrase, so the extra tokens cannot make a phrase match."""
    toks = tokens(normalized)
    chars = sorted({ch for run in RUN.findall(normalized) for ch in run})
    return " ".join(toks) + (" " + " ".join(chars) if chars else "")


def code(token: str) -> int:
    """A token of one or two characters as one integer: the first character's code point
    shifted past the second's (21 bits each: every code point fits; a lone character has 0
    there, which no run contains). Distinct tokens get distinct codes — nothing is hashed, so
    set containment stays exact — and GIN compares 8-byte integers instead of strings: its
    build takes half the time of the same sets as ``text[]`` (issue #21)."""
    return (ord(token[0]) << 21) | (ord(token[1]) if len(token) > 1 else 0)


def tri_code(token: str) -> int:
    """A three-character token as one integer: 21 bits a code point, as in ``code`` (the largest,
    U+10FFFF three times, still fits a signed 64-bit integer). Its first character is never 0,
    so a trigram's code is above every character's and bigram's."""
    return (ord(token[0]) << 42) | (ord(token[1]) << 21) | ord(token[2])


def trigram_codes(normalized: str) -> set[int]:
    """The codes (``tri_code``) of every distinct trigram inside a run: what a rebuild samples
    to choose the trigrams it indexes (``token_set``'s ``listed``)."""
    out: set[int] = set()
    for run in RUN.findall(normalized):
        if len(run) < 3:
            continue
        a, b = ord(run[0]), ord(run[1])
        for ch in run[2:]:
            c = ord(ch)
            out.add((a << 42) | (b << 21) | c)
            a, b = b, c
    return out


def token_set(normalized: str, listed: frozenset[int] | set[int] = frozenset()) -> list[int]:
    """PostgreSQL's form: the codes (``code``) of the distinct characters and bigrams of every
    run, and of those of its trigrams that are ``listed``, sorted. Set containment is exact for
    terms of one or two characters (one run) and for three-character terms whose trigram is
    listed: the index alone answers them. Longer terms take the articles holding all their
    bigrams (and listed trigrams) and confirm them on the text (strpos over search_plain, in
    the row: ≈ 10 µs an article). Every trigram would answer all three-character terms from the
    index alone, but they were most of the index: 18× the text against 7× without them; the
    listed ones are the trigrams of many articles, whose confirmations cost most (issue #21)."""
    out: set[int] = set()
    for run in RUN.findall(normalized):  # ``code`` inlined: this runs over every article
        prev = prev2 = 0
        for ch in run:
            c = ord(ch)
            out.add(c << 21)
            if prev:
                out.add((prev << 21) | c)
                if prev2 and listed:
                    t = (prev2 << 42) | (prev << 21) | c
                    if t in listed:
                        out.add(t)
            prev2, prev = prev, c
    return sorted(out)


@dataclass(frozen=True)
class Term:
    """One whitespace-separated query term, normalised."""

    text: str  # normalised
    runs: tuple[str, ...]

    @property
    def exact_in_index(self) -> bool:
        """One run (no punctuation inside): the index alone answers exactly."""
        return len(self.runs) == 1 and self.runs[0] == self.text


def parse_query(text: str, max_terms: int = 8, max_len: int = 64) -> list[Term]:
    """Whitespace-separated terms, all required. Terms with no letter or digit are dropped
    (nothing to look up); duplicates are merged; each term is cut at ``max_len`` characters."""
    out: list[Term] = []
    seen: set[str] = set()
    for raw in normalize(text).split():
        raw = raw[:max_len]
        runs = tuple(RUN.findall(raw))
        if not runs or raw in seen:
            continue
        seen.add(raw)
        out.append(Term(raw, runs))
        if len(out) >= max_terms:
            break
    # a term contained in another adds nothing (AND semantics)
    return [t for t in out if not any(t.text != o.text and t.text in o.text for o in out)]


def run_query_tokens(run: str) -> tuple[list[str], bool]:
    """(tokens, prefix): a one-character run is a prefix query on its character."""
    if len(run) == 1:
        return [run], True
    return [run[i:i + 2] for i in range(len(run) - 1)], False


def fts5_phrase(run: str) -> str:
    toks, _ = run_query_tokens(run)  # one character: its own token (see token_text)
    return f'"{" ".join(toks)}"'


def fts5_term(term: Term) -> str:
    parts = [fts5_phrase(r) for r in term.runs]
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def _run_trigrams(run: str) -> list[int]:
    return [tri_code(run[i:i + 3]) for i in range(len(run) - 2)]


def term_trigrams(term: Term) -> list[int]:
    """The codes of the trigrams of ``term``'s runs (the search asks which of them are listed)."""
    out: list[int] = []
    for run in term.runs:
        out.extend(c for c in _run_trigrams(run) if c not in out)
    return out


def pg_tokens(term: Term, listed: frozenset[int] | set[int] = frozenset()) -> list[int]:
    """The set elements (codes) an article must hold to contain ``term``: a one-character run's
    character, the bigrams of longer runs and those of their trigrams that are ``listed``
    (indexed in every article that holds them: see ``token_set``)."""
    out: list[int] = []
    for run in term.runs:
        toks = [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
        out.extend(c for c in map(code, toks) if c not in out)
        if listed:
            out.extend(c for c in _run_trigrams(run) if c in listed and c not in out)
    return out


def pg_needs_text(term: Term, listed: frozenset[int] | set[int] = frozenset()) -> bool:
    """True unless set containment alone is exact: one run of one or two characters, or of three
    whose trigram is ``listed``."""
    if not term.exact_in_index:
        return True
    n = len(term.text)
    return not (n <= 2 or (n == 3 and tri_code(term.text) in listed))
