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
REQUIRED = ["version", "qt", "workers", "text", "first-run", "newsroom", "gui"]
OPTIONAL = ["qt-xcb", "import", "export", "push"]


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
