"""Text as it enters NewsDesk: one normaliser for every text field (no Qt).

What is taken out, and why it is *removed* rather than *refused*:

- C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F) other than tab and newline. They
  come from pasting (Word's soft line break is U+000B, old mail BEL/backspace/form feed) and are
  invisible: nobody can see them to delete them, so refusing the save would leave a reporter
  unable to save — or, for an autosave, lose typing — over nothing they can find. XML 1.0
  forbids them, so a single one made a whole Atom feed malformed. The line-like ones (U+000B,
  U+000C, U+001C–U+001E, U+0085 and U+2028/U+2029) become a line break in multi-line fields and
  a space in one-line fields, so words do not run together; CR LF and a lone CR become LF.
- Lone surrogates (U+D800–U+DFFF not in a pair; Python strings can hold them after a bad
  decode or a broken clipboard): they cannot be encoded as UTF-8 at all, and were a raw
  ``UnicodeEncodeError``. They become U+FFFD (�), the standard mark that a character was lost,
  so the text keeps a visible trace where something was.
- Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): they reorder
  what a reader sees against what is stored ("Trojan Source", CVE-2021-42574) — a headline
  could read differently from the text proofing, search and the audit log see. Chinese text
  needs none of them. The implicit marks LRM/RLM/ALM (U+200E, U+200F, U+061C), which cannot
  reorder a run, are kept.
- Unicode noncharacters U+FFFE/U+FFFF (not allowed in XML) and a byte-order mark (U+FEFF)
  pasted into the middle of text.

Nothing visible is ever removed, so "refuse" buys the user nothing here; the functions report
what they took out (``clean_report``) for importers, which warn.

``normalise`` is the function a field registry calls (``multiline`` from the field's type);
``normalise_session`` applies it to every String/Text/JSON attribute an ORM session is about to
write, so a field added tomorrow is covered without anyone remembering (app/core/db.py hooks
it to every session).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

# line-like controls: a break in multi-line text, a space in one-line text
_LINE_LIKE = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_REMOVED = (
    "\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"  # C0/C1 (tab \x09, LF \x0a, CR \x0d kept/handled)
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides, isolates
    "\ufeff\ufffe\uffff"  # BOM inside text, noncharacters
)
_BAD = re.compile(f"[{_REMOVED}{_LINE_LIKE}\r\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_REMOVE = re.compile(f"[{_REMOVED}]")
_LINE = re.compile(f"\r\n?|[{_LINE_LIKE}]")

KINDS = {"control": "控制字符", "bidi": "双向文字控制符", "surrogate": "无效字符（孤立代理项）",
         "other": "不可见字符"}


def _kind(ch: str) -> str:
    o = ord(ch)
    if 0xD800 <= o <= 0xDFFF:
        return "surrogate"
    if 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
        return "bidi"
    if o < 0x20 or 0x7F <= o <= 0x9F:
        return "control"
    return "other"


def needs_cleaning(text: str) -> bool:
    return _BAD.search(text) is not None


def normalise(text: str, *, multiline: bool = True) -> str:
    """``text`` with the characters above removed or replaced; unchanged text is returned as is
    (the common case costs one regex scan)."""
    if not text or _BAD.search(text) is None:
        return text
    text = _SURROGATE.sub("\ufffd", text)
    text = _LINE.sub("\n" if multiline else " ", text)
    return _REMOVE.sub("", text)


def clean_report(text: str, *, multiline: bool = True) -> tuple[str, Counter[str]]:
    """(normalised text, how many characters of each kind were removed or replaced)."""
    found: Counter[str] = Counter()
    for m in _BAD.finditer(text or ""):
        ch = m.group(0)
        if ch == "\r" or ch in _LINE_LIKE and ch not in "\x0b\x0c\x1c\x1d\x1e\x85":
            continue  # CR and the Unicode line separators are line breaks, not junk
        found[_kind(ch)] += 1
    return normalise(text, multiline=multiline), found


def describe(found: Counter[str], lang: str = "zh") -> str:
    """A one-line account of what clean_report removed ("" when nothing)."""
    if not found:
        return ""
    if lang.startswith("zh"):
        return "、".join(f"{KINDS[k]} {n} 个" for k, n in sorted(found.items()))
    return ", ".join(f"{n} {k} character{'s' if n > 1 else ''}" for k, n in sorted(found.items()))


def normalise_value(value: Any, *, multiline: bool = True) -> Any:
    """Strings anywhere inside a JSON-like value (lists, dicts, their keys) normalised."""
    if isinstance(value, str):
        return normalise(value, multiline=multiline)
    if isinstance(value, list):
        return [normalise_value(v, multiline=multiline) for v in value]
    if isinstance(value, tuple):
        return tuple(normalise_value(v, multiline=multiline) for v in value)
    if isinstance(value, dict):
        return {normalise_value(k, multiline=multiline): normalise_value(v, multiline=multiline)
                for k, v in value.items()}
    return value


# Rows sealed by a hash when they are built (the audit chain): normalising them at flush would
# break the seal, so audit() normalises its detail before hashing instead.
SEALED_TABLES = frozenset({"audit_log"})


def normalise_session(session: Any, _flush_context: Any = None, _instances: Any = None) -> None:
    """A ``before_flush`` hook: every text an ORM session is about to write, normalised once.
    String columns are one-line fields, Text and JSON columns multi-line."""
    from sqlalchemy import JSON, String, Text
    from sqlalchemy import inspect as sa_inspect

    for obj in (*session.new, *session.dirty):
        if getattr(obj, "__tablename__", "") in SEALED_TABLES:
            continue
        mapper = sa_inspect(obj).mapper
        for col_attr in mapper.column_attrs:
            col = col_attr.columns[0]
            typ = col.type
            if isinstance(typ, JSON):
                multiline = True
            elif isinstance(typ, String):  # Text is a String
                multiline = isinstance(typ, Text) or typ.length is None
            else:
                continue
            value = obj.__dict__.get(col_attr.key)
            if value is None or isinstance(value, (int, float, bool)):
                continue
            cleaned = normalise_value(value, multiline=multiline)
            if cleaned != value:
                setattr(obj, col_attr.key, cleaned)
