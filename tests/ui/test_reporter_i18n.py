"""Translations: every message of our catalogue is translated, the .qm is built from the .ts,
the .ts holds every string in the code, and the window really speaks Chinese by default."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.ui import i18n
from tests.ui.conftest import reset_translations

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "newsdesk_zh_CN.ts"
QM = TS.with_suffix(".qm")
# the files README → Translations runs lupdate over (the desk, admin and publishing have their own)
SOURCES = sorted(p for p in (ROOT / "app/ui").rglob("*.py")
                 if p.relative_to(ROOT / "app/ui").parts[0] not in ("desk", "admin", "publishing", "planning"))


def _unfinished(path: Path) -> list[str]:
    out = []
    for m in ET.parse(path).getroot().iter("message"):
        t = m.find("translation")
        forms = [f.text for f in t.findall("numerusform")] if m.get("numerus") == "yes" else [t.text]
        if t.get("type") in ("unfinished", "vanished", "obsolete") or not all(f and f.strip() for f in forms):
            out.append(m.find("source").text)
    return out


def test_every_message_is_translated():
    assert _unfinished(TS) == []


@pytest.mark.skipif(not shutil.which("pyside6-lrelease"), reason="pyside6-lrelease not installed")
def test_the_qm_is_built_from_the_current_ts(tmp_path):
    out = tmp_path / "check.qm"
    subprocess.run(["pyside6-lrelease", str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == QM.read_bytes(), "run: pyside6-lrelease resources/translations/newsdesk_zh_CN.ts"


@pytest.mark.skipif(not shutil.which("pyside6-lupdate"), reason="pyside6-lupdate not installed")
def test_the_ts_holds_every_string_in_the_code(tmp_path):
    copy = tmp_path / "newsdesk_zh_CN.ts"
    shutil.copy(TS, copy)
    subprocess.run(["pyside6-lupdate", *map(str, SOURCES), "-ts", str(copy)], check=True, capture_output=True)
    missing = _unfinished(copy)
    assert missing == [], f"untranslated strings (run pyside6-lupdate and translate): {missing}"


def test_the_window_speaks_chinese_by_default_and_english_on_request(make_window):
    app = QApplication.instance()
    try:
        i18n.install(app, "zh_CN")
        w = make_window()
        assert w.action("new").text() == "新建稿件(&N)"
        assert w.nav_item("drafts").text().startswith("我的草稿")
        i18n.install(app, "en")
        w2 = make_window()
        assert w2.action("new").text() == "&New article"
    finally:
        reset_translations(app)


def test_all_translation_files_of_a_language_are_loaded(tmp_path, monkeypatch):
    app = QApplication.instance()
    other = tmp_path / "desk_zh_CN.qm"
    shutil.copy(QM, other)
    shutil.copy(QM, tmp_path / "newsdesk_zh_CN.qm")
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    try:
        loaded = i18n.install(app, "zh_CN")
        files = {Path(t.filePath()).name for t in loaded}
        assert {"desk_zh_CN.qm", "newsdesk_zh_CN.qm"} <= files
    finally:
        reset_translations(app)
