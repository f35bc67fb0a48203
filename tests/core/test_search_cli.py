"""`newsdesk search` and `newsdesk reindex` on a real sample newsroom."""

from __future__ import annotations

import json

from app.cli import main


def test_search_command_prints_hits(demo_url, capsys):
    assert main(["--database", demo_url, "search", "安宁区", "社区"]) == 0
    out = capsys.readouterr().out
    assert "社区送服务" in out and "【安宁区】" in out
    assert main(["--database", demo_url, "search", "王忠德", "--json", "--status", "published"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] >= 1 and all(h["status"] == "published" for h in data["hits"])
    assert all("<mark>王忠德</mark>" in h["snippet_html"] or "王忠德" in h["title"] for h in data["hits"])


def test_search_command_bad_input_is_a_clear_message(demo_url, capsys):
    assert main(["--database", demo_url, "search", "社区", "--status", "bogus"]) == 1
    assert "status" in capsys.readouterr().err
    assert main(["--database", demo_url, "search", "社区", "--channel", "没有这个栏目"]) == 1
    assert main(["--database", demo_url, "search", "社区", "--since", "昨天"]) == 1


def test_reindex_command(demo_url, capsys):
    assert main(["--database", demo_url, "reindex"]) == 0
    assert "rebuilt" in capsys.readouterr().out
    assert main(["--database", demo_url, "reindex", "--check"]) == 0
    assert ": ok" in capsys.readouterr().out
    assert main(["--database", demo_url, "search", "崆峒山", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] >= 1
