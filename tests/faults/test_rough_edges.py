"""The last rough edges of bad input, through real processes: a SIGKILLed export's temporary
file removed by the next export; a 0-byte or damaged database refused with a recovery path;
restore keeps the replaced file and refuses while another desk holds the database; a UTF-8 page
with a bad byte imports with a warning; the CLI exits quietly when its reader closes the pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from app.publish.site.leftovers import TEMP_NAME

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, NEWSDESK_LANG="zh_CN", **extra)
    env.pop("NEWSDESK_DATABASE_URL", None)
    return env


def _app(url: str, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", "--database", url, *args], cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=180, **kw)


KILL_AT_FIRST_RENAME = """
import os, signal, sys
import app.publish.site.export as ex
from app.publish.site.leftovers import TEMP_NAME
from app.core.db import Database
from app.core.services import Services
real = os.replace
def dying_replace(src, dst):
    if TEMP_NAME.match(os.path.basename(str(src))):  # a page's temporary file, not the body cache's
        os.kill(os.getpid(), signal.SIGKILL)  # killed between writing a page and renaming it
    return real(src, dst)
ex.os.replace = dying_replace
ex.export_site(Services.create(Database(sys.argv[1])), sys.argv[2], workers=1)
"""


def test_sigkilled_export_leftovers_are_removed_by_the_next_export(templates, tmp_path):
    url = templates.sqlite_db("demo")
    site = tmp_path / "site"
    p = subprocess.run([sys.executable, "-c", KILL_AT_FIRST_RENAME, url, str(site)], cwd=ROOT, env=_env(),
                       capture_output=True, text=True, timeout=180)
    assert p.returncode == -9, p.stderr[-2000:]
    leftovers = [x for x in site.rglob("*.tmp") if TEMP_NAME.match(x.name)]
    assert leftovers and all(x.name.startswith(".") for x in leftovers)
    r = _app(url, "export", "--out", str(site))
    assert r.returncode == 0, r.stderr[-2000:]
    assert not [x for x in site.rglob("*.tmp") if TEMP_NAME.match(x.name)], "the next export left the killed export's temporary file"
    assert (site / "index.html").exists()


def test_empty_or_damaged_database_is_refused_with_a_recovery_path(templates, tmp_path):
    empty = tmp_path / "newsdesk.db"
    empty.touch()
    r = _app(f"sqlite:///{empty}", "user", "list")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "0 字节" in r.stderr and "newsdesk restore" in r.stderr and str(empty) in r.stderr
    assert empty.stat().st_size == 0  # not silently turned into a new, empty newsroom
    # a damaged file, with a backup beside it: the message names the backup to restore
    good = Path(make_url(templates.sqlite_db("demo")).database or "")
    backup = tmp_path / "newsdesk.backup-20261201-080000.db"
    backup.write_bytes(good.read_bytes())
    empty.write_bytes(b"garbage, not SQLite" * 300)
    r = _app(f"sqlite:///{empty}", "user", "list")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert str(backup) in r.stderr and "newsdesk restore" in r.stderr


HOLD = """
import sys
from app.core.db import Database
db = Database(sys.argv[1])
with db.read() as s:
    s.execute(__import__('sqlalchemy').text('SELECT 1'))
print('holding', flush=True)
sys.stdin.read()
"""


def test_restore_refuses_while_a_desk_holds_the_database_and_keeps_the_replaced_file(templates, tmp_path):
    url = templates.sqlite_db("demo")
    path = Path(make_url(url).database or "")
    b = _app(url, "backup", "--out", str(tmp_path / "copy.db"))
    assert b.returncode == 0, b.stderr
    with subprocess.Popen([sys.executable, "-c", HOLD, url], cwd=ROOT, env=_env(), stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as holder:  # closes its pipes, waits
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        r = _app(url, "restore", str(tmp_path / "copy.db"))
        assert r.returncode == 1 and "Traceback" not in r.stderr
        assert "正在使用" in r.stderr and "没有恢复" in r.stderr
    before = path.read_bytes()
    r = _app(url, "restore", str(tmp_path / "copy.db"))
    assert r.returncode == 0, r.stderr
    kept = [p for p in path.parent.glob(f"{path.stem}.replaced-*{path.suffix}")]
    assert len(kept) == 1 and str(kept[0]) in r.stdout
    assert kept[0].stat().st_size >= len(before) // 2  # a real copy of the database it replaced
    assert _app(f"sqlite:///{kept[0]}", "user", "list").returncode == 0  # and it opens


def test_utf8_page_with_one_bad_byte_imports_with_a_warning(templates, tmp_path):
    url = templates.sqlite_db("demo")
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>安宁区完善社区服务_泾川新闻</title></head>"
            "<body><h1>安宁区完善社区服务</h1><p>来源：陇东报 2015-08-19 20:34</p>"
            + "".join(f"<p>安宁区第{i}段正文，社区服务保障机制逐步完善。</p>" for i in range(8))
            + "</body></html>").encode("utf-8")
    cut = page.index("第3段".encode())
    f = tmp_path / "page.html"
    f.write_bytes(page[:cut] + b"\xff" + page[cut:])
    r = _app(url, "import", str(f), "--as", "wangzd")
    assert r.returncode == 0, r.stderr
    assert "1 个字节不是有效的 UTF-8" in r.stderr and "Traceback" not in r.stderr
    article_id = int(r.stdout.strip())
    from app.core.db import Database
    from app.core.services import Services
    from tests.conftest import actor

    svc = Services.create(Database(url))
    try:
        a = svc.articles.get(actor(svc, "wangzd"), article_id)
        assert "安宁区完善社区服务" in a.title and "\ufffd" in a.body and "第7段" in a.body
        assert any("UTF-8" in c.body for c in svc.articles.comments(actor(svc, "wangzd"), article_id))
    finally:
        svc.db.dispose()


def test_cli_exits_quietly_when_the_reader_closes_the_pipe(templates, tmp_path):
    url = templates.sqlite_db("demo")
    text = tmp_path / "t.txt"
    text.write_text("中文,标点.错误!\n" * 3000, "utf-8")
    for args in (["proof", str(text)], ["search", "安宁区"], ["queue", "list"]):
        p = subprocess.Popen([sys.executable, "-m", "app", "--database", url, *args], cwd=ROOT, env=_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert p.stdout is not None and p.stderr is not None
        p.stdout.close()  # `… | head -0`: the reader is gone before the first line
        err = p.stderr.read().decode("utf-8", "replace")
        rc = p.wait(timeout=120)
        p.stderr.close()
        assert "Traceback" not in err and "BrokenPipe" not in err, (args, err)
        assert rc in (141, 0), (args, rc, err)
    # and `| head -1`: output cut short after the reader took one line
    p = subprocess.Popen(f"{sys.executable} -m app --database {url} proof {text} | head -1", shell=True, cwd=ROOT,
                         env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = p.communicate(timeout=120)
    assert out.count("\n") == 1 and "Traceback" not in err and "BrokenPipe" not in err, err
