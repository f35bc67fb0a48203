"""Differences between two revision snapshots, Qt-free.

Text fields are compared by character (Chinese has no spaces to split words on), first by sentence
and line so long bodies stay fast, then character by character inside the changed sentences; changes separated by
one or two unchanged characters are merged into one run so the result reads as edits, not as
confetti. Metadata is compared field by field (lists as added/removed items)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from difflib import SequenceMatcher
from typing import Any

from app.core import rulebook

# equal | insert | delete | replace
EQUAL, INSERT, DELETE, REPLACE = "equal", "insert", "delete", "replace"

# From the rulebook's field registry (app/core/rulebook.py): labels, kinds and reading order.
TEXT_FIELDS = tuple(f.name for f in rulebook.FIELDS if f.diffed and f.kind in rulebook.TEXT_KINDS)
LIST_FIELDS = tuple(f.name for f in rulebook.FIELDS if f.diffed and f.kind in rulebook.LIST_KINDS)

FIELD_LABELS: dict[str, tuple[str, str]] = {f.name: f.label for f in rulebook.FIELDS}
FIELD_LABELS["status"] = ("状态", "Status")
FIELD_ORDER = (*(f.name for f in rulebook.FIELDS if f.diffed), "status")
IGNORED = ("version",)

MERGE_GAP = 2  # unchanged characters this short between two changes are folded into one change
CHAR_LIMIT = 20_000  # a changed block longer than this is shown as a whole replacement


@dataclass(frozen=True)
class Run:
    kind: str  # equal | insert | delete | replace
    old: str
    new: str


@dataclass
class FieldChange:
    field: str
    label_zh: str
    label_en: str
    kind: str  # text | list | value
    old: Any
    new: Any
    runs: list[Run] = _field(default_factory=list)  # text fields
    added: list[str] = _field(default_factory=list)  # list fields
    removed: list[str] = _field(default_factory=list)

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang.startswith("zh") else self.label_en


def _char_runs(old: str, new: str) -> list[Run]:
    if len(old) + len(new) > CHAR_LIMIT:
        return [Run(REPLACE, old, new)]
    out: list[Run] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        out.append(Run(tag, old[i1:i2], new[j1:j2]))
    return out


def _normalise(runs: list[Run]) -> list[Run]:
    """Merge neighbours of one kind, fold short equal gaps between changes into the change."""
    out: list[Run] = []
    for r in runs:
        if not r.old and not r.new:
            continue
        out.append(r)
    # fold short equal gaps between two changes
    folded: list[Run] = []
    i = 0
    while i < len(out):
        r = out[i]
        if (r.kind == EQUAL and folded and folded[-1].kind != EQUAL and i + 1 < len(out)
                and out[i + 1].kind != EQUAL and len(r.old) <= MERGE_GAP and "\n" not in r.old):
            prev = folded.pop()
            folded.append(Run(REPLACE, prev.old + r.old, prev.new + r.new))
        else:
            folded.append(r)
        i += 1
    merged: list[Run] = []
    for r in folded:
        if merged and (merged[-1].kind == r.kind or (merged[-1].kind != EQUAL and r.kind != EQUAL)):
            p = merged.pop()
            kind = p.kind if p.kind == r.kind else REPLACE
            merged.append(Run(kind, p.old + r.old, p.new + r.new))
        else:
            merged.append(r)
    return [Run(_kind(r), r.old, r.new) if r.kind != EQUAL else r for r in merged]


def _kind(r: Run) -> str:
    if r.old and r.new:
        return REPLACE
    return INSERT if r.new else DELETE


_UNIT = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』）)]*|\n)|[^。！？!?\n]+$")


def _units(text: str) -> list[str]:
    """Sentences (ending in 。！？, with closing quotes) and line ends: the first-level units."""
    return [u for u in _UNIT.findall(text) if u]


def diff_text(old: str, new: str) -> list[Run]:
    """Character runs turning ``old`` into ``new``. Joining the old sides gives ``old``, the new
    sides ``new``."""
    old = old or ""
    new = new or ""
    if old == new:
        return [Run(EQUAL, old, new)] if old else []
    a = _units(old)
    b = _units(new)
    runs: list[Run] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        o, n = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == EQUAL:
            runs.append(Run(EQUAL, o, n))
        elif tag == REPLACE:
            runs.extend(_char_runs(o, n))
        else:
            runs.append(Run(tag, o, n))
    return _normalise(runs)


def _item(v: Any) -> str:
    if isinstance(v, Mapping):
        role, name = v.get("role", ""), v.get("name", "")
        return f"{role} {name}".strip()
    return str(v)


def _display(fieldname: str, v: Any, names: Callable[[str, Any], str] | None) -> Any:
    if names is not None and v is not None and v != "":
        try:
            shown = names(fieldname, v)
        except (KeyError, LookupError):
            shown = None
        if shown:
            return shown
    return v


def diff_snapshots(old: Mapping[str, Any], new: Mapping[str, Any],
                   names: Callable[[str, Any], str] | None = None) -> list[FieldChange]:
    """Field-by-field changes between two revision snapshots, in reading order.

    ``names(field, value)`` may turn ids into names (channels, users, sources); for list fields it
    is called per item."""
    keys = [k for k in FIELD_ORDER if k in old or k in new]
    keys += sorted(k for k in set(old) | set(new) if k not in keys and k not in IGNORED)
    out: list[FieldChange] = []
    for k in keys:
        a, b = old.get(k), new.get(k)
        if a == b:
            continue
        zh, en = FIELD_LABELS.get(k, (k, k))
        if k in TEXT_FIELDS:
            out.append(FieldChange(k, zh, en, "text", a or "", b or "", runs=diff_text(a or "", b or "")))
        elif k in LIST_FIELDS or isinstance(a, list) or isinstance(b, list):
            la = [_item(_display(k, x, names)) for x in (a or [])]
            lb = [_item(_display(k, x, names)) for x in (b or [])]
            added = [x for x in lb if x not in la]
            removed = [x for x in la if x not in lb]
            if not added and not removed and la == lb:
                continue
            out.append(FieldChange(k, zh, en, "list", la, lb, added=added, removed=removed))
        else:
            out.append(FieldChange(k, zh, en, "value", _display(k, a, names), _display(k, b, names)))
    return out


# ---- rendering (plain HTML strings; the UI shows them in a QTextBrowser) --------------------
STYLE_DEL = "background:#ffd7d5;color:#82071e;text-decoration:line-through;"
STYLE_INS = "background:#ccffd8;color:#055d20;"


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "¶<br/>")


def _esc_plain(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


def inline_html(runs: list[Run]) -> str:
    """One column: deletions struck through in red, insertions in green, in reading order."""
    parts = []
    for r in runs:
        if r.kind == EQUAL:
            parts.append(_esc_plain(r.new))
            continue
        if r.old:
            parts.append(f'<span style="{STYLE_DEL}">{_esc(r.old)}</span>')
        if r.new:
            parts.append(f'<span style="{STYLE_INS}">{_esc(r.new)}</span>')
    return "".join(parts)


def side_by_side_html(runs: list[Run]) -> tuple[str, str]:
    """Two columns: the old text with deletions marked, the new text with insertions marked."""
    left, right = [], []
    for r in runs:
        if r.kind == EQUAL:
            left.append(_esc_plain(r.old))
            right.append(_esc_plain(r.new))
            continue
        if r.old:
            left.append(f'<span style="{STYLE_DEL}">{_esc(r.old)}</span>')
        if r.new:
            right.append(f'<span style="{STYLE_INS}">{_esc(r.new)}</span>')
    return "".join(left), "".join(right)


def _value_text(v: Any, lang: str, field: str = "") -> str:
    if field == "status" and isinstance(v, str):  # a state change reads 退回 → 待审, not returned → submitted
        from app.core.domain import Status
        from app.core.workflow import STATUS_LABELS

        try:
            zh_en = STATUS_LABELS[Status(v)]
        except (ValueError, KeyError):
            return v
        return zh_en[0] if lang.startswith("zh") else zh_en[1]
    if v is None or v == "":
        return "（空）" if lang.startswith("zh") else "(empty)"
    if isinstance(v, bool):
        return ("是" if v else "否") if lang.startswith("zh") else ("yes" if v else "no")
    return str(v)


def changes_html(changes: list[FieldChange], lang: str = "zh", side_by_side: bool = False) -> str:
    """A whole comparison as one HTML document: a section per changed field."""
    zh = lang.startswith("zh")
    if not changes:
        return "<p>" + ("两个版本内容相同。" if zh else "The two revisions are identical.") + "</p>"
    out = []
    for c in changes:
        out.append(f"<h3 style='margin:10px 0 4px 0'>{html.escape(c.label(lang))}</h3>")
        if c.kind == "text":
            if side_by_side:
                left, right = side_by_side_html(c.runs)
                out.append("<table width='100%' cellspacing='0' cellpadding='6' border='1' "
                           "style='border-collapse:collapse;border-color:#ddd'><tr>"
                           f"<td width='50%' valign='top'>{left}</td>"
                           f"<td width='50%' valign='top'>{right}</td></tr></table>")
            else:
                out.append(f"<div style='line-height:160%'>{inline_html(c.runs)}</div>")
        elif c.kind == "list":
            items = [f'<span style="{STYLE_DEL}">{html.escape(x)}</span>' for x in c.removed]
            items += [f'<span style="{STYLE_INS}">{html.escape(x)}</span>' for x in c.added]
            if not items:  # same items, new order
                items = [html.escape("、".join(c.new))]
            out.append("<div>" + " ".join(items) + "</div>")
        else:
            out.append(f'<div><span style="{STYLE_DEL}">{html.escape(_value_text(c.old, lang, c.field))}</span> → '
                       f'<span style="{STYLE_INS}">{html.escape(_value_text(c.new, lang, c.field))}</span></div>')
    return "\n".join(out)
