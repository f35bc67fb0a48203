"""字数: counting Chinese text the way newsrooms count it.

The newsroom's 字数 is the number of Chinese characters plus every Latin word and every number
counted as one unit each (the rule Word and WPS apply to "字数"), with punctuation and spaces
counted separately and not included. Emoji, kana, Hangul and other symbols are reported as
``other`` and not included either.

* Chinese characters are CJK ideographs including extension A, the compatibility block, 〇 and all
  of planes 2–3 (extensions B–J), so a rare name character such as 𠀾 counts as one 字, not two
  UTF-16 units.
* A Latin word is a run of letters (ASCII, full-width, accented Latin, Greek, Cyrillic), possibly
  mixed with digits and joined by ``. ' ’ - _ / : @ & +`` (``COVID-19``, ``www.yybnet.net``,
  ``iPhone15`` are one word each).
* A number is such a run made of digits only, with decimal points, dates and times joined
  (``1.15``, ``2015-08-19``, ``20:34``, ``1,000`` are one number each; a trailing ``%`` belongs
  to it).

Reading time uses :data:`READING_CPM` characters (units) per minute: silent reading of Chinese
runs at roughly 300–500 characters a minute for adults; news on a screen is read at the lower end,
so 300 gives a time readers do not find too short.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.core.text.chars import HANZI

READING_CPM = 300  # Chinese characters (counting units) read per minute

_DIGIT = "0-9\uff10-\uff19"
_LETTER = "A-Za-z\uff21-\uff3a\uff41-\uff5a\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
_ALNUM = _DIGIT + _LETTER
_TOKEN = re.compile(
    rf"[{_ALNUM}]+(?:(?:[.'’\-_/:@&+]|,(?=[{_DIGIT}]{{3}}(?![{_DIGIT}])))[{_ALNUM}]+)*%?"
)
_HAS_LETTER = re.compile(f"[{_LETTER}]")
_HANZI_RE = re.compile(f"[{HANZI}]")


@dataclass(frozen=True)
class TextCount:
    hanzi: int  # Chinese characters (ideographs, all planes)
    latin_words: int  # Latin words, one unit each
    numbers: int  # numbers, one unit each
    punctuation: int  # not part of 字数
    spaces: int  # spaces and tabs (not line breaks), not part of 字数
    other: int  # emoji, symbols, kana, Hangul …: not part of 字数
    paragraphs: int  # non-empty lines
    chars: int  # all code points, line breaks excluded

    @property
    def total(self) -> int:
        """字数: hanzi + Latin words + numbers."""
        return self.hanzi + self.latin_words + self.numbers

    @property
    def reading_minutes(self) -> float:
        """Estimated reading time in minutes at :data:`READING_CPM`."""
        return self.total / READING_CPM

    @property
    def reading_minutes_rounded(self) -> int:
        """Reading time as a newsroom prints it ("约 N 分钟"): at least 1 for any text."""
        if self.total == 0:
            return 0
        return max(1, round(self.reading_minutes))


def count_text(text: str) -> TextCount:
    """Count *text* (plain text). See the module docstring for the rules."""
    words = numbers = 0
    for m in _TOKEN.finditer(text):
        if _HAS_LETTER.search(m.group()):
            words += 1
        else:
            numbers += 1
    rest = _TOKEN.sub("", text)
    hanzi = len(_HANZI_RE.findall(rest))
    punct = spaces = other = 0
    for ch in _HANZI_RE.sub("", rest):
        if ch in "\n\r":
            continue
        if ch.isspace():
            spaces += 1
            continue
        cat = unicodedata.category(ch)
        if cat[0] == "P":
            punct += 1
        else:
            other += 1
    paragraphs = sum(1 for line in text.splitlines() if line.strip())
    chars = len(text) - text.count("\n") - text.count("\r")
    return TextCount(hanzi, words, numbers, punct, spaces, other, paragraphs, chars)


_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.M), r)
    for p, r in (
        (r"^[ \t]*(?:```|~~~).*$", ""),  # code fences (the code itself is counted)
        (r"!\[[^\]]*\]\([^)]*\)", ""),  # images
        (r"\[([^\]]*)\]\([^)]*\)", r"\1"),  # inline links keep their text
        (r"\[([^\]]+)\]\[[^\]]*\]", r"\1"),  # reference links
        (r"^[ \t]*\[[^\]]+\]:[ \t]*\S+.*$", ""),  # link definitions
        (r"<(?:https?|mailto):[^>]*>", ""),  # autolinks
        (r"</?[A-Za-z][^>]*>", ""),  # HTML tags
        (r"^[ \t]*#{1,6}[ \t]*", ""),  # ATX headings
        (r"^[ \t]*(?:>[ \t]?)+", ""),  # block quotes
        (r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", ""),  # list markers
        (r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$", ""),  # horizontal rules
        (r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", ""),  # table rule
        (r"\|", " "),  # table cells
        (r"\*\*|__|~~|\*|`", ""),  # emphasis and code marks
    )
)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_PROTECTED = re.compile("[\U000f0000-\U000f00ff]")


def strip_markdown(md: str) -> str:
    """Remove the Markdown syntax that would otherwise be counted (cheap, regex based):
    link targets, image references, HTML tags, heading/list/quote markers, emphasis marks,
    table rules and pipes. Text inside code is kept."""
    # backslash-escaped characters are parked in a private-use plane so no rule touches them
    md = _MD_ESCAPE.sub(lambda m: chr(0xF0000 + ord(m.group(1))), md)
    for pattern, repl in _MD_RULES:
        md = pattern.sub(repl, md)
    return _MD_PROTECTED.sub(lambda m: chr(ord(m.group()) - 0xF0000), md)


def count_markdown(md: str) -> TextCount:
    """Count a Markdown body as its readers see it (syntax ignored)."""
    return count_text(strip_markdown(md))
