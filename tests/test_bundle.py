"""The frozen app works like `python -m app`: runs build_scripts/smoke.py against an existing build.

Marked `bundle`: it needs dist/newsdesk/ (python build_scripts/build.py, about a minute) and is
skipped with the reason when there is none, unless NEWSDESK_REQUIRE_BUNDLE=1 (CI sets it after
building), where a missing build is a failure. NEWSDESK_BUNDLE_DIR points at another build.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = Path(os.environ.get("NEWSDESK_BUNDLE_DIR") or ROOT / "dist" / "newsdesk")
EXE = BUNDLE / ("newsdesk-cli.exe" if sys.platform == "win32" else "newsdesk")

pytestmark = pytest.mark.bundle


def _smoke():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("newsdesk_smoke", ROOT / "build_scripts" / "smoke.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses need the module registered
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    if not EXE.is_file():
        if os.environ.get("NEWSDESK_REQUIRE_BUNDLE") == "1":
            pytest.fail(f"no build at {BUNDLE} although NEWSDESK_REQUIRE_BUNDLE=1")
        pytest.skip(f"no frozen build at {BUNDLE}: run `python build_scripts/build.py` first")
    return {r.name: r for r in _smoke().run_smoke(BUNDLE.resolve(), gui_seconds=3.0)}


# the steps every build must pass; the others may be skipped while their feature is being built
REQUIRED = ["version", "qt", "workers", "ssl", "text", "first-run", "newsroom", "gui"]
OPTIONAL = ["qt-xcb", "import", "export", "push", "keyring"]
# Linux bundles use the system's libpq5 (no psycopg_binary): its absence must give the message
(REQUIRED if sys.platform.startswith("linux") else OPTIONAL).append("libpq")


@pytest.mark.parametrize("step", REQUIRED + OPTIONAL)
def test_frozen_app(results, step):  # type: ignore[no-untyped-def]
    r = results[step]
    if r.status == "SKIP":
        assert step in OPTIONAL, f"{step} was skipped: {r.detail}"
        pytest.skip(r.detail)
    assert r.status == "PASS", f"{step}: {r.detail}"


def test_no_newsroom_json_left_beside_the_exe(results):  # type: ignore[no-untyped-def]
    """The newsroom step writes one beside the executable for a moment; a leftover would point
    every later run of this build at the test's database."""
    assert not (BUNDLE / "newsroom.json").exists()


# ---- build_scripts/icu_trim.py (no build needed: it reads PySide6's own ICU data) ----------------

def _icu_trim():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("icu_trim", ROOT / "build_scripts" / "icu_trim.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _pyside_icudata() -> Path:
    spec = importlib.util.find_spec("PySide6")  # located, not imported (tests outside tests/ui stay Qt-free)
    assert spec and spec.submodule_search_locations
    libs = sorted((Path(list(spec.submodule_search_locations)[0]) / "Qt" / "lib").glob("libicudata.so.*"))
    if not libs:
        pytest.skip("PySide6 here ships no ICU data library (only Linux wheels do)")
    return libs[0]


def test_icu_package_round_trip_keeps_what_a_chinese_desktop_needs():
    icu = _icu_trim()
    blob = _pyside_icudata().read_bytes()
    off, size = icu._rodata(blob)
    header, items = icu.read_package(blob[off:off + size])
    kept = [(n, d) for n, d in items if icu.keep(n)]
    names = {n.split("/", 1)[1] for n, _ in kept}
    for must in ("root.res", "zh.res", "zh_Hans_CN.res", "en.res", "pool.res", "res_index.res",
                 "coll/zh.res", "coll/root.res", "coll/ucadata.icu", "brkitr/cjdict.dict", "gb18030.cnv",
                 "cnvalias.icu", "nfkc.nrm", "zone/zh.res", "supplementalData.res"):
        assert must in names, must
    for gone in ("translit/root.res", "coll/ko.res", "brkitr/thaidict.dict", "ja.res", "de.res"):
        assert gone not in names, gone
    assert sum(len(d) for _, d in kept) < 0.4 * sum(len(d) for _, d in items)
    qt_only = {n.split("/", 1)[1] for n, _ in items if icu.keep(n, qt_only=True)}
    assert qt_only < names
    assert not [n for n in qt_only if n.startswith("brkitr/") or n in ("unames.icu", "uts46.nrm", "confusables.cfu")]
    assert {"coll/zh.res", "coll/ucadata.icu", "gb18030.cnv", "zone/zh.res", "root.res"} <= qt_only
    assert icu.qt_only_calls({"libQt6Core.so.6": {"ucol_open", "ucnv_open", "u_strToUpper"}})[0]
    assert not icu.qt_only_calls({"libQt6Core.so.6": {"ucol_open", "ubrk_open"}})[0]
    assert not icu.qt_only_calls(None)[0]
    h2, again = icu.read_package(icu.write_package(header, kept))
    assert h2 == header
    assert [n for n, _ in again] == [n for n, _ in kept]
    assert all(a.startswith(b) for (_, a), (_, b) in zip(again, kept, strict=True))  # 16-byte padding may follow


def test_icu_trim_refuses_what_is_not_icu_data(tmp_path):
    icu = _icu_trim()
    with pytest.raises(ValueError):
        icu.read_package(b"\x00" * 64)
    with pytest.raises(ValueError):
        icu._rodata(b"MZ not an ELF file")


def test_bundled_icu_data_holds_what_qt_calls_and_not_what_it_never_does():
    """The spec drops, on top of icu_trim's rules, the ICU data only break iterators, character
    names, StringPrep/IDNA and the spoof checker read — when the build finds that Qt imports no
    ICU function beyond converters, collation, time-zone names and case mapping."""
    libs = sorted((BUNDLE / "_internal").rglob("libicudata.so.*"))
    libs = [p for p in libs if not p.is_symlink()]
    if not libs:
        pytest.skip(f"no ICU data in {BUNDLE} (not a Linux build, or no build)")
    icu = _icu_trim()
    blob = libs[0].read_bytes()
    off, size = icu._rodata(blob)
    _header, items = icu.read_package(blob[off:off + size])
    names = {n.split("/", 1)[1] for n, _ in items}
    for must in ("root.res", "zh.res", "en.res", "coll/zh.res", "coll/root.res", "coll/ucadata.icu",
                 "gb18030.cnv", "cnvalias.icu", "zoneinfo64.res", "metaZones.res", "zone/zh.res", "zone/en.res"):
        assert must in names, must
    assert not [n for n in names if n.startswith("brkitr/") or n in ("unames.icu", "uts46.nrm", "confusables.cfu")
                or n.endswith(".spp")]
