"""The portal contract and client, target administration and keyring secrets, and the
command line, against the real test portal."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main as cli_main
from app.core.errors import NewsdeskError, PermissionDenied, ValidationError
from app.publish import secrets
from app.publish.outbox import Outbox
from app.publish.targets.payload import article_at_version, portal_article
from tests.conftest import actor
from tests.publish.portal_server import PortalServer, article_validator, publish_new


@pytest.fixture
def portal():
    with PortalServer(token="tok-123") as p:
        yield p


def drain(svc):
    return Outbox(svc, base_delay=0.02, max_delay=0.2, rng=random.Random(1)).drain(max_wait=20)


# ---- the article JSON -----------------------------------------------------------------------

def test_reference_article_json_carries_what_the_site_shows(sqlite_demo):
    svc = sqlite_demo
    ref = next(a for a in svc.articles.published() if a.origin.value == "reprint")
    doc = portal_article(svc, ref)
    assert not list(article_validator().iter_errors(doc))
    assert doc["title"] == ref.title and doc["uuid"] == ref.uuid and doc["version"] == ref.version
    assert doc["byline"] == "记者王忠德 特约记者李有安"
    assert doc["source"] == {"name": "陇东报", "url": "https://www.yybnet.net/"}
    assert doc["original"]["author"] == "王忠德" and doc["original"]["time"].startswith("2015-08-19T12:34")
    assert doc["channel"]["name"] == "泾川新闻" and doc["channel"]["path"][-1] == "泾川新闻"
    assert len(doc["channel"]["path"]) >= 2  # the breadcrumb above the channel
    assert doc["is_hot"] is True and doc["responsible_editor"] and doc["signer"]
    assert doc["path"].startswith(f"/{doc['channel']['slug']}/") and doc["path"].endswith(f"/{ref.id}.html")
    assert "安宁区" in doc["body_html"] and doc["keywords"] == ["安宁区", "社区服务", "保障机制"]


def test_hostile_body_is_sanitised_in_the_payload(sqlite_demo):
    svc = sqlite_demo
    a = publish_new(svc, "XSS", '<script>alert(1)</script>正文<img src=x onerror=alert(2)>'
                    '[点我](javascript:alert(3))')
    html = portal_article(svc, a)["body_html"]
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert "正文" in html


def test_job_delivers_the_version_it_names_not_later_unpublished_edits(demo, portal, file_keyring):
    svc = demo
    chief = actor(svc, "zongbian")
    svc.targets.add(actor(svc, "admin"), "门户", "portal", portal.url, options={"timeout": 2})
    secrets.set_secret("门户", "tok-123")
    a = publish_new(svc, "版本测试", "已发布的正文。")
    # before that job runs, the chief's 更正 makes a newer version (with its own job): the first job
    # still delivers the version it names, not what the article holds when it runs
    b = svc.review.correct(chief, a.id, "正文有误", {"body": "更正后的正文。"}, a.version)
    assert b.version > a.version
    assert article_at_version(svc, a.id, a.version).body == "已发布的正文。"
    assert drain(svc).failed == 0
    sent = [(v, body) for u, v, body in portal.state.sent if u == a.uuid]
    assert sent[0] == (a.version, "已发布的正文。"), sent
    assert sent[-1] == (b.version, "更正后的正文。"), sent
    stored = portal.state.articles[a.uuid]["data"]
    assert stored["version"] == b.version and stored["title"] == "版本测试"


def test_images_are_uploaded_once_and_the_body_points_at_the_portal(demo, portal, file_keyring):
    svc = demo
    svc.targets.add(actor(svc, "admin"), "门户", "portal", portal.url,
                    options={"timeout": 2, "asset_base": "https://img.portal.cn/a/"})
    secrets.set_secret("门户", "tok-123")
    png = real_png(4, 4)
    img = svc.assets.add(None, png, "p.png")
    svc.media.update(actor(svc, "zhangmin"), img.id, caption="现场", credit="摄影 张敏")  # needed to sign
    a = publish_new(svc, "图片稿", f"看图：\n\n![现场](asset:{img.sha256})", cover_asset_id=img.id)
    b = publish_new(svc, "同图另稿", f"![又见](asset:{img.sha256})")
    assert drain(svc).delivered == 2
    assert portal.state.assets == {img.sha256: png}
    puts = [p for m, p, _ in portal.state.requests if m == "PUT" and "/assets/" in p]
    assert len(puts) == 1  # the second article found it there (HEAD)
    data = portal.state.articles[a.uuid]["data"]
    url = f"https://img.portal.cn/a/{img.sha256}.png"
    assert f'src="{url}"' in data["body_html"] and data["cover"]["url"] == url
    assert "asset:" not in portal.state.articles[b.uuid]["data"]["body_html"]


# ---- targets and secrets ----------------------------------------------------------------------

def test_target_admin_validates_and_keeps_secrets_out_of_the_database(sqlite_demo, file_keyring):
    svc = sqlite_demo
    admin = actor(svc, "admin")
    with pytest.raises(PermissionDenied):
        svc.targets.add(actor(svc, "zongbian"), "x", "portal", "https://p.example.cn/")
    with pytest.raises(ValidationError, match="http"):
        svc.targets.add(admin, "x", "portal", "ftp://p.example.cn/")
    with pytest.raises(ValidationError) as e:
        svc.targets.add(admin, "x", "portal", "https://user:pw@p.example.cn/")
    assert "密钥环" in e.value.message_zh
    with pytest.raises(ValidationError) as e:
        svc.targets.add(admin, "x", "portal", "https://p.example.cn/", options={"api_token": "abc"})
    assert "数据库" in e.value.message_zh
    with pytest.raises(ValidationError, match="user"):
        svc.targets.add(admin, "wp", "wordpress", "https://wp.example.cn")
    with pytest.raises(ValidationError):
        svc.targets.add(admin, "wp", "wordpress", "https://wp.example.cn", "u", options={"withdraw": "burn"})
    t = svc.targets.add(admin, "wp", "wordpress", "https://wp.example.cn/", "editor",
                        options={"withdraw": "trash", "timeout": "5"})
    assert t.url == "https://wp.example.cn" and t.options == {"withdraw": "trash", "timeout": 5.0}
    with pytest.raises(ValidationError, match="exists already"):
        svc.targets.add(admin, "wp", "portal", "https://p.example.cn/")
    secrets.set_secret("wp", "abcd efgh ijkl")
    assert secrets.get_secret("wp") == "abcd efgh ijkl"
    raw = Path(svc.db.url.removeprefix("sqlite:///")).read_bytes()
    assert b"abcd efgh ijkl" not in raw  # never in the database file
    t2 = svc.targets.update(admin, t.id, url="https://wp2.example.cn", options={"withdraw": "draft"})
    assert t2.url == "https://wp2.example.cn" and t2.option("withdraw") == "draft"
    assert not svc.targets.enable(admin, t.id, False).enabled
    svc.targets.delete(admin, t.id)
    assert svc.targets.list() == []
    entries = [x.action for x in svc.audit.list(admin)]
    assert {"target_add", "target_update", "target_disable", "target_delete"} <= set(entries)


def test_no_keyring_backend_gives_a_clear_message(no_keyring):
    for call in (lambda: secrets.set_secret("门户", "x"), lambda: secrets.get_secret("门户")):
        with pytest.raises(secrets.SecretStoreUnavailable) as e:
            call()
        assert "密钥环" in e.value.message_zh and "keyring" in e.value.message_en
    assert secrets.available() is False


def test_no_keyring_while_pushing_loses_nothing(demo, portal, no_keyring):
    svc = demo
    svc.targets.add(actor(svc, "admin"), "门户", "portal", portal.url)
    publish_new(svc, "无密钥环", "正文。")
    report = drain(svc)
    assert report.handled == 0 and any("密钥环" in e for e in report.errors)
    assert [j.state for j in svc.targets.jobs()] == ["pending"]


# ---- the command line ----------------------------------------------------------------------

def test_cli_target_add_set_secret_push_and_queue(sqlite_demo, portal, file_keyring, monkeypatch, capsys):
    svc = sqlite_demo
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", svc.db.url)
    assert cli_main(["target", "add", "门户", "--kind", "portal", "--url", portal.url, "-o", "timeout=2",
                     "--backfill"]) == 0
    out = capsys.readouterr().out
    assert "set-secret" in out and "4" in out
    assert cli_main(["target", "list"]) == 0
    assert "未设置/NOT SET" in capsys.readouterr().out
    # push without a secret: a clear message, exit 1, nothing lost
    assert cli_main(["push", "--no-wait"]) == 1
    err = capsys.readouterr().err
    assert "set-secret" in err and "Traceback" not in err
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("tok-123\n"))
    assert cli_main(["target", "set-secret", "门户"]) == 0
    capsys.readouterr()
    portal.state.faults.extend(["500"])
    assert cli_main(["push", "--target", "门户", "--max-wait", "20"]) == 0
    out = capsys.readouterr().out
    assert "送达 4" in out and "队列中 0" in out
    assert len(portal.state.articles) == 4
    assert cli_main(["queue", "list", "--state", "done"]) == 0
    assert capsys.readouterr().out.count("已送达") == 4
    assert cli_main(["target", "test", "门户"]) == 0
    assert "test portal" in capsys.readouterr().out
    assert cli_main(["target", "remove", "门户"]) == 0
    assert secrets.get_secret("门户") is None


def test_cli_bad_target_kind_is_refused_by_argparse(sqlite_demo, monkeypatch):
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", sqlite_demo.db.url)
    r = subprocess.run([sys.executable, "-m", "app", "target", "add", "x", "--kind", "ftp", "--url", "x"],
                       capture_output=True, text=True, env={**__import__("os").environ})
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_unknown_target_name_is_a_message_not_a_traceback(sqlite_demo, monkeypatch, capsys):
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", sqlite_demo.db.url)
    monkeypatch.setenv("NEWSDESK_LANG", "zh_CN")
    assert cli_main(["push", "--target", "不存在"]) == 1
    assert "没有名为“不存在”的发布目标" in capsys.readouterr().err


def test_newsdesk_error_types_are_expected_errors():
    assert issubclass(secrets.SecretStoreUnavailable, NewsdeskError)


def test_the_contract_file_is_well_formed_and_the_server_answers_by_it(portal):
    import httpx
    import jsonschema
    import yaml

    from tests.publish.portal_server import CONTRACT

    spec = yaml.safe_load(CONTRACT.read_text("utf-8"))
    assert spec["openapi"].startswith("3.1")
    for schema in spec["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    text = CONTRACT.read_text("utf-8")
    for ref in set(__import__("re").findall(r'#/components/(\w+)/(\w+)', text)):
        assert ref[1] in spec["components"][ref[0]], ref

    def schema_of(name: str):  # type: ignore[no-untyped-def]
        return jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{name}",
                                                "components": spec["components"]})

    c = httpx.Client(base_url=portal.url, headers={"Authorization": "Bearer tok-123"})
    uuid = "0b0e7c2e-51a7-4b4e-9a61-3f7e2c1d0a11"
    assert c.put(f"v1/articles/{uuid}", json={"uuid": uuid}).status_code == 422  # the server checks bodies
    err = c.get("v1/articles/" + uuid).json()
    schema_of("Error").validate(err)
    bad = httpx.put(portal.url + f"v1/articles/{uuid}", json={}, headers={"Authorization": "Bearer no"})
    assert bad.status_code == 401
    schema_of("Error").validate(bad.json())
    c.close()


def real_png(w: int, h: int) -> bytes:
    """A real PNG (broken files are refused by the media intake)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()
