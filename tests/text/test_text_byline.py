from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.domain import CONTRIBUTOR_ROLES, Contributor
from app.core.text.byline import format_byline, looks_like_byline, parse_byline

C = Contributor

BYLINES = [
    ("记者王忠德特约记者李有安", [C("记者", "王忠德"), C("特约记者", "李有安")]),
    ("记者 王忠德 通讯员 张三 李四", [C("记者", "王忠德"), C("通讯员", "张三"), C("通讯员", "李四")]),
    ("（记者 王忠德）", [C("记者", "王忠德")]),
    ("(本报记者 王忠德 通讯员 张三)", [C("记者", "王忠德"), C("通讯员", "张三")]),
    ("【记者 王忠德】", [C("记者", "王忠德")]),
    ("本报记者 王忠德 摄", [C("记者", "王忠德"), C("摄影", "王忠德")]),
    ("记者王忠德摄", [C("记者", "王忠德"), C("摄影", "王忠德")]),
    ("王忠德 摄", [C("摄影", "王忠德")]),
    ("新华社记者 张三、李四 报道", [C("记者", "张三"), C("记者", "李四")]),
    ("陇东报记者 王忠德", [C("记者", "王忠德")]),
    ("平凉日报记者　王忠德", [C("记者", "王忠德")]),
    ("文/记者 王忠德 图/通讯员 张三", [C("记者", "王忠德"), C("摄影", "张三")]),
    ("文/图 王忠德", [C("记者", "王忠德"), C("摄影", "王忠德")]),
    ("文/本报记者 王忠德", [C("记者", "王忠德")]),
    ("记者 阿依古丽·买买提", [C("记者", "阿依古丽·买买提")]),
    ("责任编辑：张三", [C("编辑", "张三")]),
    ("摄影记者 李四", [C("摄影", "李四")]),
    ("见习记者 李四", [C("记者", "李四")]),
    ("实习生 王五 记者 赵六", [C("实习生", "王五"), C("记者", "赵六")]),
    ("记者 欧阳明月 实习记者 周一", [C("记者", "欧阳明月"), C("实习生", "周一")]),
]

NOT_BYLINES = [
    "",
    "本报讯",
    "王忠德",
    "记者于日前获悉，原存放于省博物馆的佛祖骨舍利",
    "泾川新闻,有家乡事,有故乡情!",
    "“这一战略任务的核心是围绕‘四项’保障机制”",
    "安宁区有关负责人说",
    "记者从市委宣传部获悉",
    "相关新闻:",
    "记者" + "王忠德" * 30,
]


@pytest.mark.parametrize(("line", "expected"), BYLINES)
def test_parse_byline(line, expected):
    assert parse_byline(line) == expected
    assert looks_like_byline(line)
    assert set(c.role for c in expected) <= set(CONTRIBUTOR_ROLES)


@pytest.mark.parametrize("line", NOT_BYLINES)
def test_not_a_byline(line):
    assert parse_byline(line) == []
    assert not looks_like_byline(line)


def test_strict_names_for_importers():
    # a role followed by two ideographs that are no name: the editor's field accepts it,
    # an importer scanning lines does not
    assert parse_byline("记者会上") == [C("记者", "会上")]
    assert parse_byline("记者会上", strict=True) == []
    assert not looks_like_byline("记者会上")


@pytest.mark.parametrize(
    ("contributors", "line"),
    [
        ([C("记者", "王忠德"), C("特约记者", "李有安")], "记者王忠德 特约记者李有安"),
        ([C("记者", "王忠德"), C("通讯员", "张三"), C("通讯员", "李四")], "记者王忠德 通讯员张三、李四"),
        ([C("通讯员", "张三"), C("记者", "王忠德"), C("通讯员", "李四")], "通讯员张三、李四 记者王忠德"),
        ([C("记者", " 王忠德 "), C("记者", "王忠德"), C("摄影", "")], "记者王忠德"),
        ([], ""),
    ],
)
def test_format_byline(contributors, line):
    assert format_byline(contributors) == line


_NAMES = st.sampled_from(["王忠德", "李有安", "张三", "李四", "欧阳明月", "阿依古丽·买买提", "赵六"])
_ROLES = st.sampled_from(list(CONTRIBUTOR_ROLES))


@given(st.lists(st.tuples(_ROLES, _NAMES), min_size=1, max_size=6))
def test_format_then_parse_round_trip(pairs):
    # grouped by role in order of first appearance, duplicates dropped: what the portal prints
    grouped: dict[str, list[str]] = {}
    for role, name in pairs:
        if name not in grouped.setdefault(role, []):
            grouped[role].append(name)
    expected = [C(role, name) for role, names in grouped.items() for name in names]
    line = format_byline([C(r, n) for r, n in pairs])
    assert parse_byline(line) == expected
    assert looks_like_byline(line)
