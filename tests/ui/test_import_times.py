"""Paste-as-article and File → Import share the importers' one mapping to a draft, so a page
that carries a time (来源:陇东报 2015-08-19 20:34) becomes a draft with that time, in the
newsroom's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.core.resources import resources_dir
from app.ui.editor.importing import create_from_text
from tests.conftest import actor


def test_pasted_reference_page_keeps_its_source_time(sqlite_demo):
    text = (resources_dir() / "sample" / "reference_article.txt").read_text("utf-8")
    a = create_from_text(sqlite_demo, actor(sqlite_demo, "wangzd"), text)
    assert a.title == "“群众找服务”变“社区送服务” 安宁倾力打造社区居民温馨家园"
    assert a.source_name == "陇东报" and a.origin.value == "reprint"
    assert a.original_time == datetime(2015, 8, 19, 20, 34, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert [(c.role, c.name) for c in a.contributors] == [("记者", "王忠德"), ("特约记者", "李有安")]
