"""工作量 / 稿费 statistics against hand-counted fixtures; the .xlsx opened back with openpyxl."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from app.core.clock import utcnow
from app.core.domain import Contributor
from app.core.errors import PermissionDenied, ValidationError
from app.core.services.workload import DEFAULT_FEES, HEADERS, Piece, WorkloadService, tally, to_csv, to_xlsx
from tests.conftest import actor

FEES = {**DEFAULT_FEES, "piece": {"记者": 10, "特约记者": 8, "通讯员": 5, "摄影": 6},
        "per_1000": {"记者": 5, "特约记者": 4, "通讯员": 3, "摄影": 0},
        "reprint_factor": 0.5, "channel_factor": {"灵台新闻": 1.2}}

PIECES = [
    Piece(1, "2026-11", 2000, "泾川新闻", False, ("site", "wordpress"), (("记者", "王忠德"), ("特约记者", "李有安"))),
    Piece(2, "2026-11", 1000, "灵台新闻", True, ("site",), (("记者", "王忠德"), ("摄影", "王忠德"))),
    Piece(3, "2026-11", 500, "泾川新闻", False, ("site",), (("通讯员", "张三"),)),
    Piece(4, "2026-12", 3000, "泾川新闻", False, ("site",), (("记者", "王忠德"),)),
]


def test_tally_by_hand():
    rows = tally(PIECES, FEES)
    assert [(r.month, r.person, r.score) for r in rows] == [
        ("2026-11", "王忠德", 32.6),  # 10+5×2 = 20; (10+5×1)×0.5×1.2 = 9; 摄影 6×0.5×1.2 = 3.6
        ("2026-11", "李有安", 16.0),  # 8+4×2
        ("2026-11", "张三", 6.5),  # 5+3×0.5
        ("2026-12", "王忠德", 25.0),  # 10+5×3
    ]
    w = rows[0]
    assert (w.pieces, w.chars, w.original, w.reprint) == (2, 3000, 1, 1)
    assert w.by_role == {"记者": 2, "摄影": 1}
    assert w.by_channel == {"泾川新闻": 1, "灵台新闻": 1}
    assert w.by_target == {"site": 2, "wordpress": 1}


def test_exports_open_back():
    rows = tally(PIECES, FEES)
    wb = load_workbook(io.BytesIO(to_xlsx(rows)))
    ws = wb.active
    got = [list(r) for r in ws.iter_rows(values_only=True)]
    assert tuple(got[0]) == HEADERS
    assert got[1][:10] == ["2026-11", "王忠德", 2, 3000, 1, 1, 2, 0, 0, 1]
    assert got[1][-1] == 32.6 and got[1][-3] == "泾川新闻 1；灵台新闻 1"
    assert len(got) == 5
    data = to_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert parsed[0] == list(HEADERS) and parsed[3][:4] == ["2026-11", "张三", "1", "500"]


def _publish(svc, title, body, contributors, channel="泾川新闻", **kw):
    ch = {c.name: c.id for c in svc.admin.channels()}
    a = svc.articles.create(actor(svc, "wangzd"), title=title, body=body, primary_channel_id=ch[channel],
                            contributors=contributors, **kw)
    svc.review.submit(actor(svc, "wangzd"), a.id, "请审")
    for who in ("chushen", "fushen", "zongbian"):
        svc.review.sign(actor(svc, who), a.id, "ok")
    svc.review.publish_now(actor(svc, "zongbian"), a.id)
    return a


def test_statistics_from_published_articles(demo):
    w = WorkloadService(demo.db)
    admin, chief = actor(demo, "admin"), actor(demo, "zongbian")
    w.set_fee_table(admin, {"piece": FEES["piece"], "per_1000": FEES["per_1000"], "reprint_factor": 0.5})
    # 6 + 994 = 1,000 characters with the headline; 6 + 1,994 = 2,000
    _publish(demo, "泾川苹果丰收", "泾" * 994, [Contributor("记者", "孙立"), Contributor("摄影", "孙立")])
    _publish(demo, "泾川新修道路", "川" * 1994, [Contributor("记者", "孙立"), Contributor("通讯员", "钱多多")])
    month = utcnow().astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    rows = {r.person: r for r in w.statistics(chief, month)}
    sun, qian = rows["孙立"], rows["钱多多"]
    assert (sun.pieces, sun.chars, sun.original, sun.by_role) == (2, 3000, 2, {"记者": 2, "摄影": 1})
    assert sun.score == (10 + 5) + 6 + (10 + 5 * 2)  # 36
    assert (qian.pieces, qian.chars, qian.score) == (1, 2000, 5 + 3 * 2)
    assert sun.by_target == {"site": 2} and sun.by_channel == {"泾川新闻": 2}
    xl = load_workbook(io.BytesIO(w.export(chief, "xlsx", month))).active
    names = [r[1] for r in xl.iter_rows(min_row=2, values_only=True)]
    assert "孙立" in names and "钱多多" in names
    with pytest.raises(PermissionDenied):
        w.statistics(actor(demo, "chushen"))
    with pytest.raises(ValidationError):
        w.export(chief, "pdf")
    with pytest.raises(ValidationError):
        w.set_fee_table(admin, {"piece": {"记者": -1}})
