"""Precision and recall of the proofing rules on the hand-written news sentences of this folder.

Each ``corpus_*.txt`` line is a sentence, optionally followed by `` || rule=span, rule=span`` — the
findings a copy editor expects (``span`` is the faulty text). A finding counts as right when its
rule and its span equal an expected one (each expected finding is matched once). Run it as
``python -m tests.quality.proofing_eval`` to print the table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from app.core.text.rules import RULE_FAMILIES, Profile, check, family_of
from app.core.text.rules.wordlists import parse

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Case:
    file: str
    sentence: str
    expected: tuple[tuple[str, str], ...]


def load_cases(pattern: str = "corpus_*.txt") -> list[Case]:
    """``corpus_*.txt``: the development set; ``heldout_*.txt``: written after the rules."""
    cases = []
    for path in sorted(HERE.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            sentence, _, tail = line.partition(" || ")
            expected = []
            for item in filter(None, (t.strip() for t in tail.split(", "))):
                rule, _, span = item.partition("=")
                expected.append((rule, span))
            cases.append(Case(path.name, sentence.strip(), tuple(expected)))
    return cases


def profile() -> Profile:
    words = parse((HERE / "wordlist_fixture.txt").read_text(encoding="utf-8"), "测试词表")
    return Profile(words=tuple(words))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def evaluate(cases: list[Case] | None = None) -> tuple[dict[str, Score], list[str]]:
    """Scores per family (and ``"all"``) and a list of every miss and false alarm."""
    cases = load_cases() if cases is None else cases
    prof = profile()
    scores: dict[str, Score] = {f: Score() for f in RULE_FAMILIES} | {"all": Score()}
    notes: list[str] = []
    for case in cases:
        found = Counter((f.rule, case.sentence[f.start : f.end]) for f in check(case.sentence, prof))
        want = Counter(case.expected)
        for key in (found | want):
            fam = family_of(key[0])
            hit = min(found[key], want[key])
            fp, fn = found[key] - hit, want[key] - hit
            for s in (scores[fam], scores["all"]):
                s.tp += hit
                s.fp += fp
                s.fn += fn
            if fp:
                notes.append(f"false alarm {key} in {case.sentence}")
            if fn:
                notes.append(f"missed {key} in {case.sentence}")
    return scores, notes


def table(scores: dict[str, Score]) -> str:
    rows = ["family        expected  found  right  precision  recall"]
    for fam, s in scores.items():
        rows.append(f"{fam:<13} {s.tp + s.fn:>8} {s.tp + s.fp:>6} {s.tp:>6}  {s.precision:>9.3f}  {s.recall:>6.3f}")
    return "\n".join(rows)


if __name__ == "__main__":
    for name, pattern in (("development set", "corpus_*.txt"), ("held-out set", "heldout_*.txt")):
        cases = load_cases(pattern)
        sc, notes = evaluate(cases)
        print(f"\n{name}: {len(cases)} sentences")
        print(table(sc))
        print("\n".join(notes))
