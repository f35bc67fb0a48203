from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.shared import Inches

from app.core.domain import Contributor
from app.core.errors import NewsdeskError
from app.core.importers import ImportedArticle, ImportFailed, import_bytes, import_file
from app.core.importers.docx_import import import_docx
from tests.text.helpers import png_bytes

C = Contributor


def save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def full_document() -> bytes:
    d = docx.Document()
    d.add_paragraph("平凉市")  # 引题
    d.add_paragraph("泾川大云寺迎来佛舍利", style="Title")
    d.add_paragraph("——省博珍藏移交泾川", style="Subtitle")
    d.add_paragraph("【本报讯】（记者 王忠德）记者于日前获悉，佛舍利已移交泾川大云寺供奉。")
    p = d.add_paragraph("仪式")
    p.add_run("十分隆重").bold = True
    p.add_run("，")
    p.add_run("信众").italic = True
    p.add_run("纷纷前来，")
    both = p.add_run("𠀾字")
    both.bold = both.italic = True
    p.add_run("保留。")
    d.add_heading("历史渊源", level=2)
    d.add_paragraph("第一条", style="List Number")
    d.add_paragraph("第二条", style="List Number")
    d.add_paragraph("要点*一", style="List Bullet")
    d.add_paragraph("要点二", style="List Bullet")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "年份"
    t.cell(0, 1).text = "事件"
    t.cell(1, 0).text = "1964"
    t.cell(1, 1).text = "出土|舍利"
    d.add_paragraph().add_run().add_picture(io.BytesIO(png_bytes()), width=Inches(1))
    d.add_paragraph("")
    d.add_paragraph("记者王忠德 通讯员张三")
    return save(d)


def test_full_document():
    art = import_docx(full_document())
    assert isinstance(art, ImportedArticle)
    assert (art.pretitle, art.title, art.subtitle) == ("平凉市", "泾川大云寺迎来佛舍利", "省博珍藏移交泾川")
    assert art.dateline == "本报讯"
    assert art.contributors == [C("记者", "王忠德"), C("通讯员", "张三")]
    assert art.body_markdown == (
        "记者于日前获悉，佛舍利已移交泾川大云寺供奉。\n\n"
        "仪式**十分隆重**，*信众*纷纷前来，***𠀾字***保留。\n\n"
        "## 历史渊源\n\n"
        "1. 第一条\n2. 第二条\n\n"
        "- 要点\\*一\n- 要点二\n\n"
        "| 年份 | 事件 |\n|---|---|\n| 1964 | 出土\\|舍利 |\n\n"
        "![](image1.png)"
    )
    assert art.images == [("image1.png", "image/png", png_bytes())]
    assert art.source_name == "" and art.original_time is None


def test_plain_document_title_and_leading_byline():
    d = docx.Document()
    d.add_paragraph("静宁苹果喜获丰收")
    d.add_paragraph("本报记者 李有安")
    d.add_paragraph("摘要：静宁县苹果产量创新高。")
    d.add_paragraph("关键词：静宁、苹果")
    d.add_paragraph("今年，静宁县苹果种植面积达到一百万亩。")
    d.add_paragraph("责任编辑：赵六")
    art = import_bytes(save(d))
    assert art.title == "静宁苹果喜获丰收"
    assert art.contributors == [C("记者", "李有安"), C("编辑", "赵六")]
    assert art.summary == "静宁县苹果产量创新高。"
    assert art.keywords == ["静宁", "苹果"]
    assert art.body_markdown == "今年，静宁县苹果种植面积达到一百万亩。"
    assert art.dateline == ""


def test_heading_one_as_title_and_no_title_for_a_sentence():
    d = docx.Document()
    d.add_heading("崆峒山迎来旅游旺季", level=1)
    d.add_paragraph("游客络绎不绝。")
    assert import_docx(save(d)).title == "崆峒山迎来旅游旺季"
    d = docx.Document()
    d.add_paragraph("游客络绎不绝。")
    d.add_paragraph("景区秩序井然。")
    art = import_docx(save(d))
    assert art.title == ""
    assert art.body_markdown == "游客络绎不绝。\n\n景区秩序井然。"


def test_import_file_sniffs_content_not_extension(tmp_path):
    path = tmp_path / "稿件.txt"  # a .docx with the wrong extension
    path.write_bytes(full_document())
    assert import_file(path).title == "泾川大云寺迎来佛舍利"


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _corrupt_document_xml() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(full_document()))
    entries = {n: src.read(n) for n in src.namelist()}
    entries["word/document.xml"] = b"<w:document><w:body><w:p>broken"
    return _zip(entries)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("data", "zh", "en"),
    [
        (b"", "文件是空的", "empty"),
        (b"   \n", "文件是空的", "empty"),
        (full_document()[:3000], "已损坏", "damaged"),  # truncated download
        (b"PK\x03\x04" + b"\x00" * 50, "已损坏", "damaged"),
        (_corrupt_document_xml(), "已损坏", "damaged"),
        (_zip({"content.xml": b"<x/>"}), "不是 Word 文档", "not a Word document"),  # e.g. .odt
        (OLE + b"\x00" * 100 + "EncryptionInfo".encode("utf-16-le"), "已加密", "encrypted"),
        (OLE + b"\x00" * 100 + "WordDocument".encode("utf-16-le"), "另存为 .docx", "old Word/WPS"),
        (b"%PDF-1.7\n", "PDF", "PDF"),
        (b"{\\rtf1\\ansi hello}", "RTF", "RTF"),
        (png_bytes(), "PNG", "PNG"),
        (bytes(range(256)) * 4, "无法识别", "Unrecognised"),
    ],
    # named, not derived from the bytes: the zips carry the time they were made (python-docx and
    # zipfile stamp each entry), and pytest-xdist stops when its two workers collect different ids
    ids=["empty", "blank", "truncated", "zip-header-only", "broken-document-xml", "odt", "encrypted",
         "old-word", "pdf", "rtf", "png", "noise"],
)
def test_bad_files_raise_import_failed(data, zh, en):
    with pytest.raises(ImportFailed) as info:
        import_bytes(data)
    assert zh in info.value.message_zh
    assert en in info.value.message_en
    assert info.value.message("en") == info.value.message_en
    assert info.value.message("zh_CN") == info.value.message_zh
    assert isinstance(info.value, NewsdeskError)


def test_document_without_text():
    assert_fails = pytest.raises(ImportFailed, match="no text")
    with assert_fails:
        import_docx(save(docx.Document()))


def test_unreadable_paths(tmp_path):
    with pytest.raises(ImportFailed, match="Cannot read"):
        import_file(tmp_path / "missing.docx")
    with pytest.raises(ImportFailed, match="folder"):
        import_file(tmp_path)


def test_hyperlinks_become_markdown_links():
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph("网站改版上线")
    p = d.add_paragraph("详见")
    for url, text in (("https://www.yybnet.net/a_b", "地方网"), ("javascript:alert(1)", "链接")):
        rid = p.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = text
        run.append(t)
        link.append(run)
        p._p.append(link)
    p.add_run("。")
    art = import_docx(save(d))
    assert art.title == "网站改版上线"
    assert art.body_markdown == "详见[地方网](https://www.yybnet.net/a_b)链接。"  # no script links
