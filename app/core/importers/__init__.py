"""Importers: turn a reporter's Word file or a saved portal page into a draft's fields.

``import_file(path)`` looks at the file's content (not only its extension) and dispatches:

* a ZIP holding ``word/document.xml`` → :mod:`app.core.importers.docx_import`;
* HTML (a saved page, any encoding) → :func:`app.core.importers.html_import.import_html`;
* plain text (UTF-8 or GB18030, e.g. a page copied as text) → ``import_text``.

Everything else raises :class:`ImportFailed` with a message in Chinese and English: an empty
file, a broken ZIP, an encrypted Office file, an old binary ``.doc``/``.wps``, PDF, RTF, images.
Importers never write anything; the caller makes the draft from the returned
:class:`ImportedArticle`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.core.domain import Contributor
from app.core.errors import NewsdeskError


class ImportFailed(NewsdeskError):
    """An expected failure the user is told about (not a bug): ``message_zh``/``message_en``."""

    code = "import_failed"

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)


@dataclass
class ImportedArticle:
    pretitle: str = ""  # 引题
    title: str = ""
    subtitle: str = ""  # 副题
    summary: str = ""
    body_markdown: str = ""
    dateline: str = ""  # 本报讯 …
    source_name: str = ""  # 来源
    source_url: str = ""
    original_time: datetime | None = None  # aware; pages without a zone are read as Beijing time
    contributors: list[Contributor] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    images: list[tuple[str, str, bytes]] = field(default_factory=list)  # (filename, mime, data)
    channel_hint: str = ""  # the channel the page was filed under (泾川新闻), if it says
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (zh, en): imported, but look here


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.I)


def failed_empty() -> ImportFailed:
    return ImportFailed("文件是空的，没有可导入的内容。", "The file is empty: there is nothing to import.")


def sniff_ole(data: bytes) -> ImportFailed:
    """The error for an OLE compound file: an encrypted Office file or an old binary format."""
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return ImportFailed(
            "文件已加密（设置了打开密码），请在 Word/WPS 中取消密码后再导入。",
            "The file is encrypted (password-protected); remove the password in Word/WPS and import again.",
        )
    return ImportFailed(
        "这是旧版 Word/WPS 格式（.doc/.wps），请另存为 .docx 后再导入。",
        "This is an old Word/WPS format (.doc/.wps); save it as .docx and import again.",
    )


# A UTF-8 page with a few broken bytes (a truncated download, a bad copy) is still UTF-8: at most
# this many bad bytes, and fewer than one per this many good multi-byte characters.
MAX_BAD_BYTES = 16
GOOD_PER_BAD = 8
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """(text, bad bytes replaced by U+FFFD) when ``data`` is UTF-8 but for a few bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
    good = len(_UTF8_MULTI.findall(data))
    if 0 < bad <= MAX_BAD_BYTES and good >= GOOD_PER_BAD * bad:
        return text, bad
    return None


def decode_report(data: bytes) -> tuple[str | None, int]:
    """``decode_text`` and how many undecodable bytes were replaced by U+FFFD (a warning)."""
    text = decode_text(data)
    if text is not None:
        return text, 0
    if b"\x00" in data[:4096]:
        return None, 0
    mostly = _mostly_utf8(data)
    return mostly if mostly else (None, 0)


def decode_text(data: bytes) -> str | None:
    """Decode text bytes: BOMs, a declared charset, UTF-8, then GB18030; None for binary."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        return None
    m = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", data[:4096], re.I)
    if m:
        name = m.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk"):
            name = "gb18030"
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
        if name in ("utf-8", "utf8") and _mostly_utf8(data):  # declared UTF-8: never guess GB18030
            return None
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def import_bytes(data: bytes, name: str = "", base_dir: Path | None = None) -> ImportedArticle:
    """Import from bytes (*name* only helps the messages; *base_dir* is where a saved web
    page's images are looked for)."""
    from app.core.importers.docx_import import import_docx
    from app.core.importers.html_import import import_html, import_text

    if not data.strip():
        raise failed_empty()
    if data.startswith(b"PK\x03\x04"):
        return import_docx(data)
    if data.startswith(OLE_MAGIC):
        raise sniff_ole(data)
    for magic, kind in ((b"%PDF", "PDF"), (b"{\\rtf", "RTF"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG")):
        if data.startswith(magic):
            raise ImportFailed(
                f"不支持导入 {kind} 文件，请使用 .docx、网页（.html）或纯文本。",
                f"{kind} files cannot be imported; use .docx, a saved web page (.html) or plain text.",
            )
    text, bad = decode_report(data)
    if text is None:
        raise ImportFailed(
            f"无法识别文件格式{('：' + name) if name else ''}，请使用 .docx、网页（.html）或纯文本。",
            f"Unrecognised file format{(': ' + name) if name else ''}; use .docx, .html or plain text.",
        )
    imported = import_html(text, base_dir=base_dir) if _HTML_SNIFF.search(data[:8192]) else import_text(text)
    if bad:
        imported.warnings.append(bad_bytes_warning(bad))
    return imported


def bad_bytes_warning(bad: int) -> tuple[str, str]:
    return (f"文件中有 {bad} 个字节不是有效的 UTF-8 编码，已替换为 �。请对照原文检查这些位置。",
            f"{bad} byte{'s' if bad > 1 else ''} in the file {'are' if bad > 1 else 'is'} not valid UTF-8 and "
            "became �; check those places against the original.")


def import_file(path: str | Path) -> ImportedArticle:
    """Import a .docx, a saved web page or a page's text, chosen by content."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError as exc:
        raise ImportFailed(f"“{p.name}”是文件夹，不是文件。", f"“{p.name}” is a folder, not a file.") from exc
    except OSError as exc:
        raise ImportFailed(
            f"无法读取文件“{p.name}”：{exc.strerror or exc}", f"Cannot read “{p.name}”: {exc.strerror or exc}"
        ) from exc
    return import_bytes(data, p.name, p.parent)


__all__ = ["ImportFailed", "ImportedArticle", "import_bytes", "import_file"]
