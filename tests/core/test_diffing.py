"""Character diff of Chinese text and field diff of revision snapshots."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.diffing import (
    DELETE,
    EQUAL,
    INSERT,
    REPLACE,
    changes_html,
    diff_snapshots,
    diff_text,
    inline_html,
    side_by_side_html,
)

cjk = st.text(alphabet=st.sampled_from(list("安宁区社区服务泾川县大云寺，。“”\n ab12")), max_size=60)


@given(cjk, cjk)
@settings(max_examples=150, deadline=None)
def test_runs_rebuild_both_texts(old, new):
    runs = diff_text(old, new)
    assert "".join(r.old for r in runs) == old
    assert "".join(r.new for r in runs) == new
    for r in runs:
        if r.kind == EQUAL:
            assert r.old == r.new
        elif r.kind == INSERT:
            assert not r.old and r.new
        elif r.kind == DELETE:
            assert r.old and not r.new
        else:
            assert r.old and r.new


def test_chinese_change_is_by_character():
    runs = diff_text("安宁区倾力打造社区居民温馨家园", "安宁区全力打造社区居民幸福家园")
    changed = [(r.old, r.new) for r in runs if r.kind != EQUAL]
    assert changed == [("倾", "全"), ("温馨", "幸福")]


def test_short_gaps_fold_into_one_readable_change():
    # 打 between two changes is folded: one replacement instead of three fragments
    runs = diff_text("甲打乙", "丙打丁")
    assert [r.kind for r in runs] == [REPLACE]
    assert runs[0].old == "甲打乙" and runs[0].new == "丙打丁"


def test_body_lines_unchanged_stay_equal():
    old = "第一段不变。\n\n第二段有错别字。\n\n第三段不变。"
    new = "第一段不变。\n\n第二段没有错别字。\n\n第三段不变。\n\n新增第四段。"
    runs = diff_text(old, new)
    assert runs[0].kind == EQUAL and runs[0].old.startswith("第一段不变。")
    inserted = "".join(r.new for r in runs if r.kind in (INSERT, REPLACE))
    assert "没" in inserted and "新增第四段。" in inserted
    assert "第一段" not in inserted


def test_identical_and_empty():
    assert diff_text("", "") == []
    assert [r.kind for r in diff_text("同", "同")] == [EQUAL]
    assert [r.kind for r in diff_text("", "新")] == [INSERT]
    assert [r.kind for r in diff_text("旧", "")] == [DELETE]


def test_long_text_is_fast_enough_and_correct():
    para = "安宁区在高规格、高标准加强社区阵地设施建设的基础上，通过建立完善保障机制。" * 40
    old = "\n\n".join([para] * 20)
    new = old.replace("保障机制", "保障体系", 1)
    runs = diff_text(old, new)
    assert "".join(r.new for r in runs) == new
    assert sum(1 for r in runs if r.kind != EQUAL) == 1


def test_field_diff_names_ids_and_lists():
    old = {"title": "旧标题", "body": "正文", "primary_channel_id": 1, "secondary_channel_ids": [2],
           "contributors": [{"role": "记者", "name": "王忠德"}], "is_hot": False, "version": 3,
           "keywords": ["安宁区"]}
    new = {"title": "新标题", "body": "正文", "primary_channel_id": 4, "secondary_channel_ids": [2, 5],
           "contributors": [{"role": "记者", "name": "王忠德"}, {"role": "通讯员", "name": "张三"}],
           "is_hot": True, "version": 4, "keywords": ["安宁区"]}
    names = {1: "泾川新闻", 2: "平凉新闻", 4: "平凉市", 5: "灵台新闻"}
    changes = diff_snapshots(old, new, lambda f, v: names.get(v) if "channel" in f else None)
    by = {c.field: c for c in changes}
    assert set(by) == {"title", "primary_channel_id", "secondary_channel_ids", "contributors", "is_hot"}
    assert by["title"].kind == "text" and by["title"].label() == "主题"
    assert (by["primary_channel_id"].old, by["primary_channel_id"].new) == ("泾川新闻", "平凉市")
    assert by["secondary_channel_ids"].added == ["灵台新闻"] and not by["secondary_channel_ids"].removed
    assert by["contributors"].added == ["通讯员 张三"]
    assert by["is_hot"].label("en") == "Hot"


def test_html_escapes_and_marks():
    runs = diff_text("<b>旧</b>", "<b>新</b>")
    h = inline_html(runs)
    assert "<b>" not in h and "&lt;b&gt;" in h
    left, right = side_by_side_html(runs)
    assert "旧" in left and "新" not in left and "新" in right and "旧" not in right
    doc = changes_html(diff_snapshots({"title": "甲"}, {"title": "乙"}), side_by_side=True)
    assert "主题" in doc and "<table" in doc
    assert "相同" in changes_html([])


def test_reference_article_edits_are_found_exactly():
    from app.core.seed import parse_reference

    body = parse_reference()["body"]
    one_paragraph = body.replace("\n\n", "")  # long paragraphs without line breaks still diff finely
    for text in (body, one_paragraph):
        edited = text.replace("倾力打造", "全力打造", 1).replace("大批", "大量", 1)
        changed = [(r.old, r.new) for r in diff_text(text, edited) if r.kind != EQUAL]
        assert changed == [("倾", "全"), ("批", "量")], changed
