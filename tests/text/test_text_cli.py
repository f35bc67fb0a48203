"""`newsdesk proof` and `newsdesk import`, run as a user runs them (a real process per call),
and the ImportedArticle → draft mapping in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import docx

from app.core.importers import import_file
from app.core.importers.draft import create_draft
from app.core.importers.html_import import import_html
from tests.conftest import actor
from tests.text.helpers import png_bytes, reference_article, reference_html


def run(env, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "app", *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=120)


def env_for(tmp_path, db_url=None):
    env = dict(os.environ, NEWSDESK_DATA_DIR=str(tmp_path / "home"), NEWSDESK_LANG="zh_CN")
    env.pop("NEWSDESK_DATABASE_URL", None)
    if db_url:
        env["NEWSDESK_DATABASE_URL"] = db_url
    return env


def test_proof_reference_file(tmp_path):
    path = tmp_path / "article.md"
    path.write_text(reference_article(), encoding="utf-8")
    env = env_for(tmp_path)
    r = run(env, "proof", str(path))
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 75  # 67 half-width marks, 6 \’, 2 broken quote pairs
    assert lines[0].startswith(f"{path}:3:3: halfwidth-punct: 中文里应使用全角标点「：」")
    assert "禁用词" in r.stderr  # no database here: said so, not an error
    assert not (tmp_path / "home" / "newsdesk.db").exists()  # proofing never creates one

    r = run(env, "proof", str(path), "--json", "--no-banned")
    findings = json.loads(r.stdout)
    assert len(findings) == 75 and r.stderr == ""
    assert findings[0]["rule"] == "halfwidth-punct" and findings[0]["replacement"] == "："

    r = run(env, "proof", str(path), "--fix", "--no-banned")
    assert r.returncode == 1  # the broken quotes need an editor
    assert [line.split(": ")[1] for line in r.stdout.splitlines()] == ["pair-unclosed", "pair-unmatched"]
    fixed = path.read_text(encoding="utf-8")
    assert "来源：陇东报" in fixed and "," not in fixed


def test_proof_stdin_and_clean_text(tmp_path):
    env = env_for(tmp_path)
    r = run(env, "proof", "-", "--fix", "--no-banned", stdin="他说--好,很好...")
    assert r.returncode == 0 and r.stdout == "他说——好，很好……"
    r = run(env, "proof", "-", "--no-banned", stdin="今天天气很好。")
    assert r.returncode == 0 and r.stdout == ""
    env["NEWSDESK_LANG"] = "en_US"
    r = run(env, "proof", "-", "--no-banned", "--spacing", "spaced", stdin="使用iPhone手机")
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == (
        "<stdin>:1:3: cjk-latin-spacing: Put a space between Chinese and Latin or digits  「使用iPhone手机」  → ' '"
    )
    r = run(env, "proof", str(tmp_path / "missing.txt"))
    assert r.returncode == 1 and "Cannot read" in r.stderr and "Traceback" not in r.stderr


def test_proof_uses_the_newsrooms_banned_words(demo, demo_url, tmp_path):
    demo.admin.set_banned_word(actor(demo, "admin"), "最佳", "较好")
    r = run(env_for(tmp_path, demo_url), "proof", "-", stdin="全省最佳社区")
    assert r.returncode == 1, r.stderr
    assert "banned-word" in r.stdout and "较好" in r.stdout


def test_create_draft_from_imported_page(demo, tmp_path):
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "dayun.png").write_bytes(png_bytes())
    imp = import_html(reference_html(with_image=True), base_dir=tmp_path)
    art = create_draft(demo, actor(demo, "wangzd"), imp)
    assert art.status == "draft"
    assert art.title == imp.title and art.dateline == "本报讯"
    assert art.source_name == "陇东报" and art.origin == "reprint"
    assert [(c.role, c.name) for c in art.contributors] == [("记者", "王忠德"), ("特约记者", "李有安")]
    assert "](asset:" in art.body and "dayun.png" not in art.body
    channel = {c.id: c.name for c in demo.admin.channels()}[art.primary_channel_id]
    assert channel == "泾川新闻"


def test_import_command(demo, demo_url, tmp_path):
    d = docx.Document()
    d.add_paragraph("静宁苹果喜获丰收", style="Title")
    d.add_paragraph("今年，静宁县苹果种植面积达到一百万亩。")
    d.add_paragraph("记者 王忠德")
    path = tmp_path / "稿件.docx"
    d.save(path)
    env = env_for(tmp_path, demo_url)
    r = run(env, "import", str(path), "--as", "wangzd")
    assert r.returncode == 0, r.stderr
    art = demo.articles.get(actor(demo, "wangzd"), int(r.stdout.strip()))
    assert art.title == "静宁苹果喜获丰收" and art.body == "今年，静宁县苹果种植面积达到一百万亩。"
    assert import_file(path).title == art.title

    broken = tmp_path / "broken.docx"
    broken.write_bytes(path.read_bytes()[:500])
    before = demo.articles.counts(actor(demo, "wangzd"))
    r = run(env, "import", str(broken), "--as", "wangzd")
    assert r.returncode == 1 and "已损坏" in r.stderr and "Traceback" not in r.stderr
    assert demo.articles.counts(actor(demo, "wangzd")) == before

    r = run(env, "import", str(path))
    assert r.returncode == 1 and "--as" in r.stderr
