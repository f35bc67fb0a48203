"""The benchmark corpus and runner (the figures themselves are never asserted)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import func, select

from app.core.db import Database
from app.core.models import Article, User
from app.core.services import Services
from tests.conftest import actor


def test_corpus_is_realistic_and_searchable(demo_url):
    from benchmarks.corpus import Generator

    db = Database(demo_url)
    try:
        gen = Generator(seed=1)
        gen.fill(db, 60, batch=25)
        with db.read() as s:
            corpus = select(User.id).where(User.login.like("bench%"))
            rows = s.execute(select(Article.status, func.length(Article.body), Article.keywords,
                                    Article.contributors).where(Article.author_id.in_(corpus))).all()
            n = len(rows)
        assert n == 60
        lengths = [r[1] for r in rows]
        assert min(lengths) >= 200 and max(lengths) <= 20_000
        assert {r[0] for r in rows} >= {"published", "draft"}
        assert all(2 <= len(r[2]) <= 5 for r in rows)
        svc = Services.create(db)
        ed = actor(svc, "zongbian")
        page = svc.search.search(ed, "王忠德", limit=500)
        assert page.total >= 1  # the sample newsroom's and the corpus's reporter
        # same seed, same text
        a, b = Generator(seed=9), Generator(seed=9)
        assert a.body() == b.body() and a.headline() == b.headline()
    finally:
        db.dispose()


def test_runner_reports_figures_misses_and_failures(tmp_path, monkeypatch, capsys):
    import benchmarks.__main__ as runner

    (tmp_path / "bench_good.py").write_text(
        f"import sys\nsys.path.insert(0, {str(Path(runner.ROOT))!r})\nfrom benchmarks import record\n"
        "record('good', 'latency', 5.0, 'ms', target=20)\n"
        "record('good', 'slow thing', 500.0, 'ms', target=100, n=1000)\n"
        "print('quick' if '--quick' in sys.argv else 'full')\n", "utf-8")
    (tmp_path / "bench_bad.py").write_text("raise SystemExit('no WordPress here')\n", "utf-8")
    (tmp_path / "bench_plain.py").write_text("print('42 pages/s')\n", "utf-8")
    monkeypatch.setattr(runner, "HERE", tmp_path)
    out_json = tmp_path / "out.json"
    rc = runner.main(["--quick", "--json", str(out_json)])
    out = capsys.readouterr().out
    assert rc == 1  # one benchmark failed; the others ran
    assert "✗ MISS" in out and "slow thing" in out
    assert "FAILED (exit 1): no WordPress here" in out
    assert "42 pages/s" in out  # output of a script that records nothing
    data = json.loads(out_json.read_text("utf-8"))
    assert [f["figure"] for f in data["figures"]] == ["latency", "slow thing"]
    assert data["figures"][1]["ok"] is False and data["figures"][0]["ok"] is True
    assert sys.version.split()[0] in out  # the machine and versions head the table
