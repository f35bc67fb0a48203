"""Import a Word (.docx) file as reporters write them in Word or WPS.

What becomes what:

* headline: the paragraph styled Title (or 标题), else a first Heading 1, else a short first
  paragraph without sentence-ending punctuation; a short paragraph before a styled headline is
  the 引题 (pretitle); a paragraph styled Subtitle, or one right after the headline starting with
  ——, is the 副题 (subtitle);
* headings 2–6 → ``##``…; bold/italic runs → ``**…**``/``*…*``; list paragraphs (List styles or
  Word numbering) → ``-``/``1.`` items; tables → Markdown pipe tables (first row as header);
  inline pictures → ``![](imageN.ext)`` plus the image bytes in ``images``;
* a byline line (``记者王忠德 通讯员张三``) right after the headline or at the end, a
  ``【本报讯】`` dateline, and 摘要/关键词 lines are taken out of the body into their fields.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from app.core.importers import OLE_MAGIC, ImportedArticle, ImportFailed, failed_empty, sniff_ole
from app.core.importers.portal import md_escape, md_to_plain, split_body

_HEADING = re.compile(r"^(?:Heading|标题)\s*(\d)$", re.I)
_SENTENCE_END = re.compile(r"[。！？!?；;]$")
_BROKEN = ImportFailed(
    "Word 文件已损坏，无法打开。请在 Word/WPS 中打开并另存为 .docx 后再试。",
    "The Word file is damaged and cannot be opened; open it in Word/WPS, save as .docx and try again.",
)


def _open(data: bytes) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(OLE_MAGIC):
        raise sniff_ole(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise ImportFailed(
                    "这不是 Word 文档（.docx），无法导入。",
                    "This is not a Word document (.docx) and cannot be imported.",
                )
            bad = zf.testzip()
            if bad is not None:
                raise _BROKEN
    except zipfile.BadZipFile as exc:
        raise _BROKEN from exc
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise _BROKEN from exc
    except Exception as exc:  # lxml's XMLSyntaxError and friends: a damaged document part
        if type(exc).__module__.startswith("lxml"):
            raise _BROKEN from exc
        raise


def _style_name(par: Any) -> str:
    try:
        return str(par.style.name) if par.style is not None else ""
    except (KeyError, AttributeError):
        return ""


def _image_md(run_el: Any, part: Any, images: list[tuple[str, str, bytes]]) -> str:
    from docx.oxml.ns import qn

    out = []
    for blip in run_el.iter(qn("a:blip")):
        rid = blip.get(qn("r:embed"))
        if not rid or rid not in part.related_parts:
            continue
        img = part.related_parts[rid]
        ext = str(img.partname).rsplit(".", 1)[-1].lower()
        name = f"image{len(images) + 1}.{ext}"
        images.append((name, str(img.content_type), bytes(img.blob)))
        out.append(f"![]({name})")
    return "".join(out)


def _link_target(link_el: Any, part: Any) -> str:
    from docx.oxml.ns import qn

    rid = link_el.get(qn("r:id"))
    rel = part.rels.get(rid) if rid else None
    if rel is None or not rel.is_external:
        return ""
    url = str(rel.target_ref)
    return url if re.match(r"^(?:https?|mailto):", url) else ""


def _runs_md(par: Any, images: list[tuple[str, str, bytes]]) -> tuple[str, str]:
    """(Markdown, plain text) of a paragraph's runs, bold/italic merged across runs."""
    from docx.oxml.ns import qn

    segments: list[tuple[str, bool, bool]] = []  # (text, bold, italic)
    md_parts: list[str] = []

    def flush() -> None:
        merged: list[list[Any]] = []
        for text, b, i in segments:
            if merged and merged[-1][1] == b and merged[-1][2] == i:
                merged[-1][0] += text
            else:
                merged.append([text, b, i])
        for text, b, i in merged:
            core = text.strip()
            if not core or not (b or i):
                md_parts.append(md_escape(text))
                continue
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            mark = "***" if b and i else "**" if b else "*"
            md_parts.append(f"{lead}{mark}{md_escape(core)}{mark}{trail}")
        segments.clear()

    plain: list[str] = []
    from docx.text.run import Run

    containers = (qn("w:ins"), qn("w:smartTag"), qn("w:fldSimple"))
    for child in par._p.iterchildren():
        if child.tag == qn("w:hyperlink"):
            url = _link_target(child, par.part)
            text = "".join(Run(r, par).text for r in child.iter(qn("w:r")))
            if text:
                flush()
                md_parts.append(f"[{md_escape(text)}]({url})" if url else md_escape(text))
                plain.append(text)
            continue
        runs = [child] if child.tag == qn("w:r") else list(child.iter(qn("w:r"))) if child.tag in containers else []
        for r in runs:
            run = Run(r, par)
            text = run.text
            if text:
                segments.append((text, bool(run.bold), bool(run.italic)))
                plain.append(text)
            pic = _image_md(r, par.part, images)
            if pic:
                flush()
                md_parts.append(pic)
    flush()
    return "".join(md_parts).strip(), "".join(plain).strip()


def _table_md(table: Any) -> str:
    rows: list[list[str]] = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            cells.append(md_escape(text).replace("|", "\\|"))
        rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def _list_kind(par: Any, style: str) -> str:
    """"ol", "ul" or "" for a paragraph."""
    s = style.lower()
    if s.startswith("list number") or "编号" in style:
        return "ol"
    if s.startswith("list bullet") or s.startswith("list paragraph") or "项目符号" in style:
        return "ul"
    ppr = par._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return "ul"
    return ""


def _bullet(item: str) -> bool:
    return item.startswith("- ")


def import_docx(data: bytes) -> ImportedArticle:
    """Import a .docx given as bytes."""
    if not data.strip():
        raise failed_empty()
    doc = _open(data)
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    images: list[tuple[str, str, bytes]] = []
    # (kind, markdown, plain): kind is title/subtitle/heading/para/list/table
    blocks: list[tuple[str, str, str]] = []
    ol_counter = 0
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            md = _table_md(Table(child, doc))
            if md:
                blocks.append(("table", md, md))
            ol_counter = 0
            continue
        if child.tag != qn("w:p"):
            continue
        par = Paragraph(child, doc)
        md, plain = _runs_md(par, images)
        if not md:
            continue
        style = _style_name(par)
        h = _HEADING.match(style)
        if style.lower() in ("title", "标题") or (h and h.group(1) == "1" and not blocks):
            blocks.append(("title", md, plain))
        elif style.lower() in ("subtitle", "副标题"):
            blocks.append(("subtitle", md, plain))
        elif h:
            level = max(2, min(6, int(h.group(1))))
            blocks.append(("heading", "#" * level + " " + md_to_plain(md), plain))
        else:
            kind = _list_kind(par, style)
            if kind == "ol":
                ol_counter += 1
                blocks.append(("list", f"{ol_counter}. {md}", plain))
                continue
            if kind == "ul":
                blocks.append(("list", f"- {md}", plain))
            else:
                blocks.append(("para", md, plain))
        ol_counter = 0

    if not blocks and not images:
        raise ImportFailed("Word 文件里没有文字。", "The Word document contains no text.")

    art = ImportedArticle(images=images)
    title_at = next((i for i, b in enumerate(blocks) if b[0] == "title"), None)
    if title_at is not None:
        art.title = blocks[title_at][2]
        before = [b for b in blocks[:title_at] if b[0] == "para"]
        if len(before) == 1 and len(before[0][2]) <= 40:
            art.pretitle = before[0][2]
            blocks = blocks[title_at + 1 :]
        else:
            blocks = blocks[:title_at] + blocks[title_at + 1 :]
    elif blocks and blocks[0][0] == "para" and len(blocks[0][2]) <= 40 and not _SENTENCE_END.search(blocks[0][2]):
        from app.core.text.byline import looks_like_byline

        if not looks_like_byline(blocks[0][2]):
            art.title = blocks[0][2]
            blocks = blocks[1:]
    sub_at = next((i for i, b in enumerate(blocks[:2]) if b[0] == "subtitle"), None)
    if sub_at is None and blocks and blocks[0][0] == "para" and blocks[0][2].startswith(("——", "--")):
        sub_at = 0
    if sub_at is not None:
        art.subtitle = blocks[sub_at][2].lstrip("—-– ").strip()
        blocks = blocks[:sub_at] + blocks[sub_at + 1 :]

    # bylines, dateline, 摘要/关键词: only plain paragraphs can be those
    plain_rows = [b[2] if b[0] == "para" and b[2] else "\x00" for b in blocks]
    parts = split_body(plain_rows, [b[1] for b in blocks])
    art.dateline, art.summary, art.keywords = parts.dateline, parts.summary, parts.keywords
    art.contributors = parts.contributors
    body: list[str] = []
    kinds = {b[1]: b[0] for b in blocks}
    for para in parts.paragraphs:
        # consecutive items of one list stay together (a single line break between them)
        prev = body[-1].rsplit("\n", 1)[-1] if body else ""
        if kinds.get(para) == "list" and kinds.get(prev) == "list" and _bullet(para) == _bullet(prev):
            body[-1] += "\n" + para
        else:
            body.append(para)
    art.body_markdown = "\n\n".join(body)
    art.images = [img for img in images if f"]({img[0]})" in art.body_markdown]
    if not art.title and not art.body_markdown.strip():
        raise ImportFailed("Word 文件里没有文字。", "The Word document contains no text.")
    return art
