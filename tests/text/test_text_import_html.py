from __future__ import annotations

from datetime import datetime

import pytest

from app.core.domain import Contributor
from app.core.importers import ImportFailed, html_import, import_bytes, import_file
from app.core.importers.html_import import import_html, import_text
from app.core.importers.portal import CHINA_TZ
from app.core.text.proofing import proof
from tests.text.helpers import png_bytes, reference_body, reference_html, reference_page

TITLE = "“群众找服务”变“社区送服务” 安宁倾力打造社区居民温馨家园"
BYLINE = [Contributor("记者", "王忠德"), Contributor("特约记者", "李有安")]
NOT_ARTICLE = ["新闻推荐", "省博珍藏", "有家乡事", "相关新闻", "猜你喜欢", "评论", "频道推荐", "漳县", "热点阅读",
               "国潮", "Copyright", "_hmt", "泾川新闻", "记者王忠德", "平凉市", "来源"]


def expected_body() -> str:
    paragraphs = reference_body().split("\n\n")
    paragraphs[0] = paragraphs[0].removeprefix("【本报讯】")
    return "\n\n".join(paragraphs)


def check_reference(art, url: str) -> None:
    assert art.title == TITLE
    assert art.source_name == "陇东报"
    assert art.original_time == datetime(2015, 8, 19, 20, 34, tzinfo=CHINA_TZ)
    assert art.source_url == url
    assert art.dateline == "本报讯"
    assert art.contributors == BYLINE
    assert art.channel_hint == "泾川新闻"
    assert art.body_markdown == expected_body()
    for junk in NOT_ARTICLE:
        assert junk not in art.body_markdown, junk


def test_reference_page_as_html():
    art = import_html(reference_html())
    check_reference(art, "https://www.yybnet.net/jingchuan/news/201508/12345.html")
    assert art.keywords == ["安宁区", "社区服务"]
    assert art.images == []


def test_reference_page_as_text(tmp_path):
    path = tmp_path / "000_1cb5bf69ffa6467c.txt"
    path.write_text(reference_page(), encoding="utf-8")
    art = import_file(path)
    check_reference(art, "https://www.yybnet.net/")
    assert art.keywords == []


def test_imported_body_keeps_its_faults_for_the_proofreader():
    art = import_html(reference_html())
    rules = {f.rule for f in proof(art.body_markdown)}
    assert rules == {"halfwidth-punct", "escape-artefact", "pair-unclosed", "pair-unmatched"}


def test_gbk_page_with_declared_charset(tmp_path):
    html = reference_html().replace('charset="utf-8"', 'charset="gbk"')
    path = tmp_path / "page.htm"
    path.write_bytes(html.encode("gbk"))
    check_reference(import_file(path), "https://www.yybnet.net/jingchuan/news/201508/12345.html")


def test_html_sniffed_without_extension():
    art = import_bytes(reference_html().encode("utf-8"), "download")
    assert art.title == TITLE


def test_images_saved_beside_the_page(tmp_path):
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "dayun.png").write_bytes(png_bytes())
    page = tmp_path / "page.html"
    page.write_text(reference_html(with_image=True), encoding="utf-8")
    art = import_file(page)
    assert art.images == [("dayun.png", "image/png", png_bytes())]
    assert art.body_markdown.endswith("健身操比赛等活动。\n\n![社区](dayun.png)")
    # without the folder the picture is left out rather than hot-linked
    art = import_html(reference_html(with_image=True))
    assert art.images == [] and "![" not in art.body_markdown


GENERIC = """<html><head><title>省博珍藏佛舍利移交泾川 - 某某网</title>
<meta name="description" content="佛舍利移交泾川大云寺。"></head><body>
<div class="menu"><a>首页</a><a>新闻</a></div>
<div id="main"><div class="toolbar">字号 大 中 小</div>
<p>【本报讯】（记者 王忠德）记者于日前获悉，原存放于省博物馆的佛祖骨舍利，经国家民族宗教局和省文物局、省博物馆批准，已移交于<b>泾川大云寺</b>供奉。</p>
<p>本次移交的佛骨舍利于1964年在泾川出土，是研究佛教文化的重要实物资料。交接仪式在泾川县举行，当地群众踊跃参加。</p>
<p>泾川县文旅局负责人表示，将做好舍利的保护与展示工作，让更多群众了解这段历史，推动文化旅游发展。</p>
</div>
<div class="comments"><p>网友：好消息</p></div>
</body></html>"""


def test_page_without_the_portal_template(monkeypatch):
    monkeypatch.setattr(html_import, "_trafilatura", lambda html: None)
    art = import_html(GENERIC)
    assert art.title == "省博珍藏佛舍利移交泾川"
    assert art.dateline == "本报讯"
    assert art.contributors == [Contributor("记者", "王忠德")]
    assert art.body_markdown.startswith("记者于日前获悉，")
    assert "已移交于**泾川大云寺**供奉。" in art.body_markdown
    assert art.body_markdown.count("\n\n") == 2
    assert "网友" not in art.body_markdown and "首页" not in art.body_markdown
    assert art.summary == "佛舍利移交泾川大云寺。"


def test_page_without_the_portal_template_via_trafilatura():
    pytest.importorskip("trafilatura", exc_type=ImportError)
    art = import_html(GENERIC)
    assert art.title == "省博珍藏佛舍利移交泾川"
    assert art.dateline == "本报讯"
    assert "泾川大云寺" in art.body_markdown and "网友" not in art.body_markdown


def test_plain_text_without_template():
    art = import_text("静宁苹果喜获丰收\n\n【本报讯】今年苹果产量创新高。\n\n记者 李有安\n")
    assert art.title == "静宁苹果喜获丰收"
    assert art.dateline == "本报讯"
    assert art.body_markdown == "今年苹果产量创新高。"
    assert art.contributors == [Contributor("记者", "李有安")]


def test_new_china_dateline_and_meta_lines():
    text = "\n".join([
        "首页 > 要闻 > 正文",
        "甘肃推进乡村振兴",
        "时间：2024年3月5日 09:30",
        "来源：新华网",
        "新华社兰州3月5日电（记者 张三 李四）甘肃省今年将继续推进乡村振兴。",
        "*重点*在于产业。",
        "（责任编辑：赵六）",
        "上一篇：无",
    ])
    art = import_text(text)
    assert art.title == "甘肃推进乡村振兴"
    assert art.original_time == datetime(2024, 3, 5, 9, 30, tzinfo=CHINA_TZ)
    assert art.source_name == "新华网"
    assert art.channel_hint == "要闻"
    assert art.dateline == "新华社兰州3月5日电"
    assert art.contributors == [Contributor("记者", "张三"), Contributor("记者", "李四"), Contributor("编辑", "赵六")]
    assert art.body_markdown == "甘肃省今年将继续推进乡村振兴。\n\n\\*重点\\*在于产业。"


@pytest.mark.parametrize(
    "html",
    [
        "<html><body></body></html>",
        "<html><head><title></title></head><body><script>x()</script></body></html>",
        "<html><head><title>只有标题</title></head><body><h1>只有标题</h1><div class='comment'>评论</div></body></html>",
        "   ",
    ],
)
def test_pages_without_an_article(html):
    with pytest.raises(ImportFailed):
        import_html(html)


def test_paragraph_rich_side_block_does_not_replace_the_body():
    # the article's paragraphs are <div>s; a side block without a telling class has many <p>s
    side = "".join(f"<p>侧栏推荐文章第{i}条，内容很长很长很长很长很长很长很长很长。</p>" for i in range(30))
    html = reference_html().replace("<p>　　", "<div>　　").replace("</p>\n", "</div>\n")
    html = html.replace('<div class="footer">', f'<div class="box">{side}</div><div class="footer">')
    art = import_html(html)
    assert art.body_markdown.startswith("“阳光导航仪”")
    assert "侧栏推荐" not in art.body_markdown


OLD_PORTAL = """<html><head><meta charset="gb2312"><title>静宁苹果丰收_静宁新闻_地方网</title></head><body>
<table><tr><td class="nav">首页 | 新闻</td></tr>
<tr><td><h1>静宁苹果丰收</h1><div>发布时间：2023-10-08 09:15:00 来源：平凉日报 作者：李有安</div>
<div id="zoom">&nbsp;&nbsp;&nbsp;&nbsp;【本报讯】今年，静宁县苹果喜获丰收。<br><br>&nbsp;&nbsp;&nbsp;&nbsp;全县果农收入
<strong>大幅增长</strong>。<br>（记者 李有安 通讯员 张三）</div>
<div>【责任编辑：赵六】</div>
<div>上一篇：崇信县新闻</div></td></tr></table></body></html>"""


def test_old_table_portal_in_gb2312():
    art = import_bytes(OLD_PORTAL.encode("gb18030"), "page.htm")
    assert art.title == "静宁苹果丰收"
    assert art.source_name == "平凉日报"
    assert art.original_time == datetime(2023, 10, 8, 9, 15, tzinfo=CHINA_TZ)
    assert art.dateline == "本报讯"
    # the source's line break next to Chinese is no space
    assert art.body_markdown == "今年，静宁县苹果喜获丰收。\n\n全县果农收入**大幅增长**。"
    assert art.contributors == [Contributor("记者", "李有安"), Contributor("通讯员", "张三"), Contributor("编辑", "赵六")]
    assert art.channel_hint == "静宁新闻"  # from the window title
