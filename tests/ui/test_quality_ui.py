"""The 编校质量 page and the pre-sign checklist panel, driven as real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication

from app.core.services.quality import QualityService
from app.ui import i18n
from app.ui.desk.common import tr
from tests.conftest import actor
from tests.ui.conftest import reset_translations
from tests.ui.desk_helpers import script


def _article_at_last_step(svc, body):
    ch = {c.name: c.id for c in svc.admin.channels()}
    a = svc.articles.create(actor(svc, "wangzd"), title="泾川县举办苹果节", body=body, primary_channel_id=ch["泾川新闻"])
    svc.review.submit(actor(svc, "wangzd"), a.id, "请审")
    svc.review.sign(actor(svc, "chushen"), a.id, "ok")
    svc.review.sign(actor(svc, "fushen"), a.id, "ok")
    return a


def test_chief_editor_sees_rates_workload_and_the_checklist(make_window, sqlite_demo, tmp_path):
    svc = sqlite_demo
    from app.core.services.presign import PresignService

    PresignService(svc.db).set_config(actor(svc, "admin"), items={"proofing": True})
    a = _article_at_last_step(svc, "【本报讯】泾川县王村镇举办苹果节,再接再励。")
    QualityService(svc.db).count_findings(actor(svc, "zongbian"), a.id, ["typo-confusion", "halfwidth-punct"])
    w = make_window("zongbian")
    page = w.desk.quality
    w.show_page("quality")
    page.rates.reload()
    w.ops.drain()
    keys = [page.rates.table.item(r, 0).text() for r in range(page.rates.table.rowCount())]
    assert "王忠德" in keys
    row = keys.index("王忠德")
    # no translator in this test: the source strings (the next test checks the Chinese)
    assert page.rates.table.item(row, 4).text() in (tr("Over the line"), tr("Passes"))

    # 工作量: the table and the .xlsx written where the chief editor chose
    assert page.workload is not None
    page.workload.reload()
    w.ops.drain()
    assert page.workload.table.rowCount() >= 1
    prompts = script(page.workload)
    page.workload.save_path = tmp_path / "工作量.xlsx"
    page.workload.xlsx.click()
    w.ops.drain()
    assert prompts.infos and "工作量.xlsx" in prompts.infos[0]
    sheet = load_workbook(io.BytesIO((tmp_path / "工作量.xlsx").read_bytes())).active
    assert sheet.cell(1, 2).value == "姓名"

    # the checklist follows the open article: proofing fails; override it with a reason
    panel = w.desk.presign
    panel.set_article(svc.articles.get(actor(svc, "zongbian"), a.id))
    w.ops.drain()
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert texts[0].startswith("✗ 校对无误")
    assert "签发" in panel.status.text() and "1" in panel.status.text()
    panel.list.setCurrentRow(0)
    assert panel.override_button.isEnabled()
    script(panel, texts=["引语原文照录"])
    panel.override_button.click()
    w.ops.drain()
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert texts[0].startswith("↷ 校对无误") and "引语原文照录" in texts[0]


def test_reporter_has_no_quality_page_and_chinese_labels(make_window, sqlite_demo):
    w = make_window("wangzd")
    assert getattr(w.desk, "quality", None) is None
    app = QApplication.instance()
    i18n.install(app, "zh_CN")
    try:
        c = make_window("zongbian")
        page = c.desk.quality
        labels = [page.tabText(i) for i in range(page.count())]
        assert labels == ["差错率", "工作量与稿费"]
        assert [page.rates.group.itemText(i) for i in range(page.rates.group.count())] == [
            "按记者", "按栏目", "按审核环节", "按月份"]
        assert page.workload.xlsx.text() == "导出 .xlsx…"
    finally:
        reset_translations(app)
