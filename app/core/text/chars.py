"""Character classes shared by the text toolkit (counting, proofing, places, importers).

All classes are given as regex character-class bodies (without the brackets) so that every
module can compile them into its own patterns once, at import time.
"""

from __future__ import annotations

# CJK ideographs: the URO, extension A, the compatibility block, 〇 (U+3007, used in dates such as
# 二〇一五), and all of planes 2 and 3 (extensions B–J and the compatibility supplement; these
# planes are reserved for ideographs).
HANZI = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"

# Chinese (full-width) punctuation: CJK symbols and punctuation, full-width forms, the curly
# quotes, the ellipsis, the em dash and the middle dot as used in Chinese text.
CJK_PUNCT = "\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"

# Letters and digits written in ASCII (the "Latin" side of CJK–Latin rules).
LATIN_ALNUM = "A-Za-z0-9"

# Full-width ASCII variants (！ to ～) map to ASCII by subtracting this offset.
FULLWIDTH_OFFSET = 0xFEE0


def is_hanzi(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x3FFFF
        or 0xF900 <= o <= 0xFAFF
        or o == 0x3007
    )


def is_cjk_punct(ch: str) -> bool:
    o = ord(ch)
    return (
        0x3001 <= o <= 0x3003
        or 0x3008 <= o <= 0x3011
        or 0x3014 <= o <= 0x301F
        or 0xFF01 <= o <= 0xFF0F
        or 0xFF1A <= o <= 0xFF20
        or 0xFF3B <= o <= 0xFF40
        or 0xFF5B <= o <= 0xFF65
        or ch in "\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
    )


def is_cjk(ch: str) -> bool:
    """An ideograph or a piece of Chinese punctuation: the "Chinese context" of a rule."""
    return is_hanzi(ch) or is_cjk_punct(ch)


def is_latin_alnum(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("0" <= ch <= "9")


def hanzi_only(text: str) -> str:
    """The ideographs of *text*, in order (used by tests and by fix invariants)."""
    return "".join(ch for ch in text if is_hanzi(ch))


def hanzi_after_fixes(text: str) -> str:
    """The ideographs *text* holds once radical symbols posing as ideographs (⼀ U+2F00 …) are
    read as the ideographs they stand for: what safe proofing fixes must preserve."""
    import unicodedata

    out = []
    for ch in text:
        o = ord(ch)
        if 0x2F00 <= o <= 0x2FD5 or o in (0x2E9F, 0x2EF3):
            ch = unicodedata.normalize("NFKC", ch)
        if is_hanzi(ch):
            out.append(ch)
    return "".join(out)
