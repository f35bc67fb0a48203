"""The newsroom's own banned and sensitive word lists, with levels, imported from files.

No list is shipped: each newsroom is given its lists (by its 宣传 department or its group) and
imports them. A list file is UTF-8 (a BOM is fine) or GB18030 text, one entry a line::

    # comment
    词语<TAB>级别<TAB>建议用语<TAB>说明

Tabs, commas (, ，) or a vertical bar separate the fields; only the word is required. The level is
``block`` (禁用: the article cannot be signed while it holds the word) or ``review`` (慎用: an
editor must look at it); 禁用/禁止/block/1 and 慎用/敏感/审慎/review/2 are understood, and a line
without a level takes the list's default. A bad level is an error with its line number: an
import never guesses and never silently drops a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.core.errors import ValidationError
from app.core.text.proofing import _Hit, fold, fold_text

LEVELS = ("block", "review")
_LEVEL_WORDS = {
    "block": "block", "禁用": "block", "禁止": "block", "1": "block", "blocked": "block",
    "review": "review", "慎用": "review", "敏感": "review", "审慎": "review", "2": "review",
    "needs review": "review",
}
_SPLIT = re.compile(r"\t|,|，|\|")


@dataclass(frozen=True)
class WordEntry:
    word: str
    level: str  # block | review
    suggestion: str = ""
    note: str = ""
    list_name: str = ""


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def parse(text: str, list_name: str = "", default_level: str = "review") -> list[WordEntry]:
    if default_level not in LEVELS:
        raise ValueError(default_level)
    entries: dict[str, WordEntry] = {}
    errors: list[int] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in _SPLIT.split(line)]
        word = fields[0]
        if not word or len(word) > 100:
            errors.append(n)
            continue
        level_word = fields[1].lower() if len(fields) > 1 and fields[1] else ""
        level = _LEVEL_WORDS.get(level_word, "") if level_word else default_level
        if not level:
            errors.append(n)
            continue
        entry = WordEntry(word, level, fields[2] if len(fields) > 2 else "",
                          "，".join(f for f in fields[3:] if f), list_name)
        old = entries.get(fold(word))
        if old is None or (old.level == "review" and level == "block"):  # the stricter level wins
            entries[fold(word)] = entry
    if errors:
        shown = "、".join(str(n) for n in errors[:10])
        raise ValidationError(
            f"词表第 {shown} 行无法识别（级别应为“禁用”或“慎用”，词语不超过 100 字）。",
            f"Line(s) {', '.join(str(n) for n in errors[:10])} of the word list cannot be read "
            "(the level is block or review; a word is at most 100 characters).",
        )
    return list(entries.values())


@lru_cache(maxsize=16)
def _pattern(entries: tuple[WordEntry, ...]) -> tuple[re.Pattern[str] | None, dict[str, WordEntry]]:
    table: dict[str, WordEntry] = {}
    for e in entries:
        key = fold(e.word)
        if key and (key not in table or (table[key].level == "review" and e.level == "block")):
            table[key] = e
    if not table:
        return None, table
    return re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))), table


def check(text: str, entries: Sequence[WordEntry]) -> Iterator[_Hit]:
    pattern, table = _pattern(tuple(entries))
    if pattern is None:
        return
    for m in pattern.finditer(fold_text(text)):
        e = table[m.group()]
        found = text[m.start() : m.end()]
        rule = "word-block" if e.level == "block" else "word-review"
        what_zh = "禁用词" if e.level == "block" else "慎用词"
        what_en = "a banned word" if e.level == "block" else "a word that needs review"
        src = f"（{e.list_name}）" if e.list_name else ""
        zh = f"「{found}」为{what_zh}{src}" + (f"，建议改为「{e.suggestion}」" if e.suggestion else "")
        en = f"'{found}' is {what_en}" + (f"; suggested: '{e.suggestion}'" if e.suggestion else "")
        yield _Hit(rule, m.start(), m.end(), e.suggestion or None, False, zh, en)
