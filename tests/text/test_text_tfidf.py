"""Our TF-IDF (app.core.text.keywords.TfIdf) gives what jieba.analyse.TFIDF gives, without importing
jieba.analyse or jieba.posseg (the bundle leaves them out), and reads jieba's data gzip-compressed
when the bundle stores it that way."""

from __future__ import annotations

import gzip
import subprocess
import sys
import types
from pathlib import Path

import pytest

from app.core.text import keywords as kw
from tests.text.helpers import reference_article, reference_body, reference_page
from tests.text.test_text_keywords import DAYUNSI

ROOT = Path(__file__).resolve().parents[2]
TEXTS = {
    "body": reference_body(),
    "article": reference_article(),
    "page": reference_page(),
    "dayunsi": DAYUNSI,
    "mixed": "The county and the city: 平凉市 2026 年 GDP 增长 6.5%，Apple 与 apple、THE 和 the。",
    "short": "社区",
}


@pytest.fixture(scope="module")
def reference_tfidf():
    analyse = pytest.importorskip("jieba.analyse")  # the dev venv has it; the bundle does not
    kw._tfidf()  # the newsroom's place names are in jieba.dt for both engines
    return analyse.TFIDF()


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_same_tags_and_weights_as_jieba_analyse(reference_tfidf, name):
    ours = kw.TfIdf.from_jieba()
    assert ours.median_idf == reference_tfidf.median_idf
    assert ours.idf_freq == reference_tfidf.idf_freq
    text = TEXTS[name]
    for topk in (None, 8, 20):
        assert ours.extract_tags(text, topK=topk, withWeight=True) == \
            reference_tfidf.extract_tags(text, topK=topk, withWeight=True)
        assert ours.extract_tags(text, topK=topk) == reference_tfidf.extract_tags(text, topK=topk)


def test_suggestions_are_those_jieba_analyse_gave(reference_tfidf):
    """suggest_keywords over our engine == the same filtering over jieba.analyse.TFIDF (the old code)."""
    reference_tfidf.stop_words = set(reference_tfidf.stop_words) | set(kw.NEWSROOM_STOP_WORDS)
    for text in TEXTS.values():
        for topk in (3, 8, 12):
            old = []
            for word, _w in reference_tfidf.extract_tags(kw.strip_markdown(text), topK=topk * 2 + 4, withWeight=True):
                if len(word) < 2 or kw._NUMERIC.match(word) or word in kw.NEWSROOM_STOP_WORDS:
                    continue
                if word[0] in kw._BAD_FIRST or word[-1] in kw._BAD_LAST:
                    continue
                old.append(word)
                if len(old) == topk:
                    break
            assert kw.suggest_keywords(text, topk=topk) == old


def test_jieba_analyse_and_posseg_are_never_imported():
    code = (
        "import sys\n"
        "from app.core.text.keywords import suggest_keywords, similarity\n"
        "words = suggest_keywords(open(sys.argv[1], encoding='utf-8').read())\n"
        "similarity('安宁区社区服务', '社区送服务')\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('jieba.analyse', 'jieba.posseg')))\n"
        "print(bad, words)\n"
        "assert not bad and '安宁区' in words, bad\n"
    )
    p = subprocess.run([sys.executable, "-c", code, str(ROOT / "tests" / "text" / "data" / "reference_page.txt")],
                       cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert p.returncode == 0, p.stdout + p.stderr


def test_gzip_compressed_data_files(tmp_path):
    """The bundle may ship analyse/idf.txt.gz and dict.txt.gz instead of the plain files."""
    (tmp_path / "analyse").mkdir()
    (tmp_path / "analyse" / "idf.txt.gz").write_bytes(gzip.compress("社区 3.5\n服务 4.25\n安宁区 9.0\n".encode()))
    with kw._open_data(tmp_path / "analyse" / "idf.txt") as f:
        engine = kw.TfIdf(f.read().decode("utf-8").splitlines())
    assert engine.idf_freq == {"社区": 3.5, "服务": 4.25, "安宁区": 9.0} and engine.median_idf == 4.25

    (tmp_path / "dict.txt.gz").write_bytes(gzip.compress("安宁区 30 ns\n".encode()))
    fake = types.SimpleNamespace(__file__=str(tmp_path / "__init__.py"), DEFAULT_DICT_NAME="dict.txt",
                                 dt=types.SimpleNamespace(dictionary=None))
    kw._use_compressed_dictionary(fake)
    with fake.dt.get_dict_file() as f:
        assert f.read() == "安宁区 30 ns\n".encode()
    (tmp_path / "dict.txt").write_bytes(b"x 1\n")  # a plain file wins when present
    with kw._open_data(tmp_path / "dict.txt") as f:
        assert f.read() == b"x 1\n"
