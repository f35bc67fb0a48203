"""ninjs 2.1 export, validated against IPTC's JSON schema (a copy with its licence lives in
tests/publish/data/ so the tests stand alone)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from app.cli import main as cli_main
from app.core.errors import NewsdeskError
from app.publish.targets.ninjs import export_ninjs, to_ninjs
from tests.conftest import actor
from tests.publish.portal_server import publish_new

SCHEMA = json.loads((Path(__file__).parent / "data" / "ninjs-schema_2.1.json").read_text("utf-8"))
Validator = jsonschema.validators.validator_for(SCHEMA)
VALIDATOR = Validator(SCHEMA, format_checker=Validator.FORMAT_CHECKER)


def valid(doc: dict) -> None:
    errors = list(VALIDATOR.iter_errors(doc))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_every_published_article_is_valid_ninjs(sqlite_demo, tmp_path):
    svc = sqlite_demo
    paths = export_ninjs(svc, tmp_path / "out")
    assert len(paths) == len(svc.articles.published()) == 4
    for p in paths:
        valid(json.loads(p.read_text("utf-8")))
    assert not list((tmp_path / "out").glob(".*.part"))


def test_reference_article_maps_every_field(sqlite_demo):
    svc = sqlite_demo
    ref = next(a for a in svc.articles.published() if a.origin.value == "reprint")
    doc = to_ninjs(svc, ref)
    valid(doc)
    assert doc["uri"] == f"urn:uuid:{ref.uuid}" and doc["version"] == str(ref.version)
    assert doc["headlines"][0] == {"role": "main", "contenttype": "text/plain", "value": ref.title}
    assert doc["by"] == "记者王忠德 特约记者李有安"
    assert {"name": "王忠德", "rel": "记者"} in doc["people"]
    assert doc["infosources"] == [{"name": "陇东报", "role": "originator", "uri": "https://www.yybnet.net/"}]
    assert {s["name"] for s in doc["subjects"] if s["rel"] == "keyword"} == {"安宁区", "社区服务", "保障机制"}
    assert any(s["rel"] == "channel" and s["name"] == "泾川新闻" for s in doc["subjects"])
    assert doc["pubstatus"] == "usable" and doc["language"] == "zh-CN"
    assert doc["copyrightholder"] == "陇东报"
    html = next(b for b in doc["bodies"] if b["contenttype"] == "text/html")["value"]
    assert "安宁区" in html and "<script" not in html
    assert doc["descriptions"][0]["value"] == ref.summary
    assert doc["contentcreated"].startswith("2015-08-19T12:34")  # 20:34 in 平凉 is 12:34 UTC


def test_withdrawn_article_is_canceled_and_cover_is_an_association(sqlite_demo):
    svc = sqlite_demo
    chief = actor(svc, "zongbian")
    png = real_png(2, 3)
    cover = svc.assets.add(None, png, "c.png")
    svc.media.update(chief, cover.id, caption="封面", credit="摄影 张敏")  # needed to sign
    a = publish_new(svc, "封面稿", f"正文 ![图](asset:{cover.sha256})", cover_asset_id=cover.id,
                    pretitle="引题在此", subtitle="副题在此")
    svc.review.withdraw(chief, a.id, "核实")
    doc = to_ninjs(svc, svc.articles.system_get(a.id), site_url="https://news.example.cn/")
    valid(doc)
    assert doc["pubstatus"] == "canceled"
    assert [h["role"] for h in doc["headlines"]] == ["main", "pretitle", "subtitle"]
    assoc = doc["associations"][0]
    assert assoc["type"] == "picture" and assoc["renditions"][0]["width"] == 2
    url = f"https://news.example.cn/assets/{cover.sha256}.png"
    assert assoc["renditions"][0]["href"] == url
    assert url in doc["bodies"][0]["value"]


def test_the_schema_copy_really_rejects_bad_documents(sqlite_demo):
    ref = sqlite_demo.articles.published()[0]
    doc = to_ninjs(sqlite_demo, ref)
    for broken in (dict(doc, pubstatus="gone"), dict(doc, headlines=[{"role": "main"}]),
                   {k: v for k, v in doc.items() if k != "uri"}, dict(doc, colour="red")):
        assert list(VALIDATOR.iter_errors(broken))


def test_unpublished_article_is_refused_with_a_message(sqlite_demo, tmp_path):
    svc = sqlite_demo
    draft = svc.articles.create(actor(svc, "wangzd"), title="草稿", body="正文")
    with pytest.raises(NewsdeskError) as e:
        export_ninjs(svc, tmp_path, [draft.id])
    assert "尚未发布" in e.value.message_zh


def test_cli_writes_files(sqlite_demo, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", sqlite_demo.db.url)
    assert cli_main(["ninjs", "--all", "--out", str(tmp_path / "n")]) == 0
    assert "4" in capsys.readouterr().out
    files = sorted((tmp_path / "n").glob("*.json"))
    assert len(files) == 4
    for f in files:
        valid(json.loads(f.read_text("utf-8")))
    assert cli_main(["ninjs", "--out", str(tmp_path / "m")]) == 1
    assert "--all" in capsys.readouterr().err


def real_png(w: int, h: int) -> bytes:
    """A real PNG (broken files are refused by the media intake)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()
